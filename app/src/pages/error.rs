//! The generic error page: no internals, only an incident id the person can quote.

use leptos::prelude::*;

use crate::layout::Page;

#[component]
fn ErrorPage(incident: String) -> impl IntoView {
    view! {
        <Page title="Sorry, there is a problem with the service">
            <p class="body">"Try again later. Anything you have already sent us has been kept."</p>
            <p class="body">
                "If you need to report a crime now, call 101. In an emergency call 999."
            </p>
            <p class="body">
                "If you contact us about this problem, quote this incident number: "
                <strong class="incident-id">{incident}</strong>
            </p>
        </Page>
    }
}

/// Renders the whole error document to a string, for the server's panic and failure handlers.
/// It has no scripts, so it needs no nonce and works whatever state the server is in.
#[cfg(feature = "ssr")]
pub fn render_error_page(site: &crate::SiteConfig, incident: &str) -> String {
    use leptos_meta::provide_meta_context;

    let title = format!(
        "Sorry, there is a problem with the service – {} – {}",
        crate::SiteConfig::SERVICE_NAME,
        site.force_name
    );
    let site = site.clone();
    let incident = incident.to_string();
    Owner::new().with(move || {
        provide_context(site);
        provide_meta_context();
        let body = view! { <ErrorPage incident/> }.to_html();
        format!(
            "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <link rel=\"stylesheet\" href=\"/pkg/portal.css\"><title>{title}</title></head><body>{body}</body></html>"
        )
    })
}

/// How long to wait, in whole minutes rounded up: "1 minute", "3 minutes", "1 hour".
#[cfg(feature = "ssr")]
fn wait_in_words(seconds: u64) -> String {
    let minutes = seconds.div_ceil(60).clamp(1, u64::from(u32::MAX)) as u32;
    rules::tracking::minutes_in_words(minutes)
}

#[cfg(feature = "ssr")]
#[component]
fn NoticePage(title: &'static str, paragraphs: Vec<String>) -> impl IntoView {
    view! {
        <Page title=title>
            {paragraphs.into_iter().map(|p| view! { <p class="body">{p}</p> }).collect_view()}
            <p class="body">
                "If you need to report a crime now, call 101. In an emergency call 999."
            </p>
        </Page>
    }
}

/// The page for a request the service refused before it reached a page of its own: too large
/// (413) or too many (429). Like the error page it has no scripts and needs no nonce.
#[cfg(feature = "ssr")]
pub fn render_refusal_page(
    site: &crate::SiteConfig,
    status: u16,
    body_limit_kb: usize,
    retry_after_secs: Option<u64>,
) -> String {
    use leptos_meta::provide_meta_context;

    let (title, paragraphs): (&'static str, Vec<String>) = match status {
        413 => (
            "What you sent is too long",
            vec![
                format!("This service accepts up to {body_limit_kb} KB at a time, and what you sent was larger. Nothing was saved from it."),
                "Go back with your browser\u{2019}s back button: what you typed should still be there. Shorten the longest answer, then send it again.".into(),
            ],
        ),
        403 => (
            "You do not have access to this page",
            vec![
                "Your role does not allow this. Nothing was changed.".into(),
                "If you need access, ask a supervisor or an administrator.".into(),
            ],
        ),
        _ => (
            "You have sent a lot of requests in a short time",
            vec![
                format!(
                    "To keep the service safe, we limit how often one connection can send. Wait {}, then try again.",
                    wait_in_words(retry_after_secs.unwrap_or(60))
                ),
                "Nothing you have already sent has been lost.".into(),
            ],
        ),
    };
    let full_title = format!("{title} – {} – {}", crate::SiteConfig::SERVICE_NAME, site.force_name);
    let site = site.clone();
    Owner::new().with(move || {
        provide_context(site);
        provide_meta_context();
        let body = view! { <NoticePage title paragraphs/> }.to_html();
        format!(
            "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <link rel=\"stylesheet\" href=\"/pkg/portal.css\"><title>{full_title}</title></head><body>{body}</body></html>"
        )
    })
}
