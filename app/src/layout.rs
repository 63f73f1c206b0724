//! The site layout shared by every page: skip link, header, phase banner, main, footer.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{config::SiteConfig, exit_this_page::ExitThisPage};

/// A page in the site layout. `title` is the page's `<h1>` and the start of its `<title>`
/// (prefixed "Error: " when the page shows errors). `exit` adds the "Exit this page" control for
/// pages a victim may need to leave quickly.
#[component]
pub fn Page(
    #[prop(into)] title: String,
    #[prop(optional)] exit: bool,
    #[prop(optional)] has_errors: bool,
    #[prop(optional, into)] back: Option<String>,
    #[prop(optional, into)] caption: Option<String>,
    children: Children,
) -> impl IntoView {
    let site = use_context::<SiteConfig>().unwrap_or_default();
    let exit_url = site.links.exit_page.clone();
    let prefix = if has_errors { "Error: " } else { "" };
    view! {
        <Title text=format!("{prefix}{}", page_title(&title, &site.force_name))/>
        <a href="#main-content" class="skip-link">"Skip to main content"</a>
        <Header force_name=site.force_name.clone()/>
        <div class="width-container">
            <main class="main-wrapper" id="main-content" tabindex="-1">
                {back.map(|href| view! { <a href=href class="back-link">"Back"</a> })}
                {exit.then(|| view! { <ExitThisPage url=exit_url/> })}
                {caption.map(|c| view! { <span class="caption-l">{c}</span> })}
                <h1 class="heading-xl">{title}</h1>
                {children()}
            </main>
        </div>
        <Footer/>
    }
}

/// "Page – Service – Force", without saying the service twice on its own start page.
pub fn page_title(title: &str, force_name: &str) -> String {
    if title == SiteConfig::SERVICE_NAME {
        format!("{title} – {force_name}")
    } else {
        format!("{title} – {} – {force_name}", SiteConfig::SERVICE_NAME)
    }
}

#[component]
fn Header(force_name: String) -> impl IntoView {
    view! {
        <header>
            <div class="header">
                <div class="width-container header__container">
                    <a href="/" class="header__link">
                        <span class="header__force">{force_name}</span>
                        <span class="header__service">{SiteConfig::SERVICE_NAME}</span>
                    </a>
                </div>
            </div>
            <div class="width-container">
                <PhaseBanner/>
            </div>
        </header>
    }
}

#[component]
fn PhaseBanner() -> impl IntoView {
    view! {
        <div class="phase-banner">
            <p class="phase-banner__content">
                <strong class="tag phase-banner__tag">"Beta"</strong>
                <span class="phase-banner__text">
                    "This is a new service. If something does not work, call 101 to report instead."
                </span>
            </p>
        </div>
    }
}

#[component]
fn Footer() -> impl IntoView {
    view! {
        <footer class="footer">
            <div class="width-container">
                <h2 class="visually-hidden">"Support links"</h2>
                <ul class="footer__links">
                    <li><a href="/your-rights">"Your rights as a victim of crime"</a></li>
                    <li><a href="/accessibility">"Accessibility statement"</a></li>
                    <li><a href="/privacy">"Privacy notice"</a></li>
                    <li><a href="/cookies">"Cookies"</a></li>
                </ul>
                <p class="footer__emergency">
                    "In an emergency call 999. If you are deaf or hard of hearing, text 999 if you have "
                    "registered with emergencySMS, or use text relay on 18000."
                </p>
            </div>
        </footer>
    }
}
