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
