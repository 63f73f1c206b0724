//! The staff workspace's layout: its own header (who is signed in, sign out), the sub-navigation
//! and the main content.

use leptos::prelude::*;
use leptos_meta::{Meta, Stylesheet, Title};

use super::StaffNav;
use crate::config::SiteConfig;

/// A page of the staff workspace titled `title` ("Error: " first when it shows errors).
#[component]
pub fn StaffPage(
    #[prop(into)] title: String,
    #[prop(optional)] nav: Option<StaffNav>,
    #[prop(optional)] has_errors: bool,
    #[prop(optional, into)] back: Option<String>,
    #[prop(optional, into)] caption: Option<String>,
    children: Children,
) -> impl IntoView {
    let site = use_context::<SiteConfig>().unwrap_or_default();
    let prefix = if has_errors { "Error: " } else { "" };
    view! {
        <Title text=format!("{prefix}{title} – Staff workspace – {}", site.force_name)/>
        <Stylesheet href="/staff.css"/>
        <Meta name="robots" content="noindex, nofollow"/>
        <a href="#main-content" class="skip-link">"Skip to main content"</a>
        <header>
            <div class="header">
                <div class="width-container header__container">
                    <a href="/staff" class="header__link">
                        <span class="header__force">{site.force_name.clone()}</span>
                        <span class="header__service">"Online reports: staff workspace"</span>
                    </a>
                </div>
            </div>
            {nav.map(|nav| view! { <StaffNavigation nav/> })}
        </header>
        <div class="width-container width-container--wide">
            <main class="main-wrapper" id="main-content" tabindex="-1">
                {back.map(|href| view! { <a href=href class="back-link">"Back"</a> })}
                {caption.map(|c| view! { <span class="caption-l">{c}</span> })}
                <h1 class="heading-l">{title}</h1>
                {children()}
            </main>
        </div>
    }
}

#[component]
fn StaffNavigation(nav: StaffNav) -> impl IntoView {
    let mut items: Vec<(&'static str, &'static str)> = Vec::new();
    if nav.casework {
        items.push(("/staff", "Queue"));
        items.push(("/staff/requests", "Victims' requests"));
    }
    if nav.compliance {
        items.push(("/staff/compliance", "Compliance"));
    }
    if nav.accounts {
        items.push(("/staff/accounts", "Accounts"));
    }
    let current = nav.current.clone();
    view! {
        <div class="width-container width-container--wide staff-bar">
            <nav class="sub-navigation" aria-label="Staff workspace">
                <ul class="sub-navigation__list">
                    {items
                        .into_iter()
                        .map(|(href, label)| {
                            let here = current == href;
                            view! {
                                <li class="sub-navigation__item">
                                    <a class="sub-navigation__link" href=href aria-current=here.then_some("page")>
                                        {label}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
            <form method="post" action="/staff/sign-out" class="staff-bar__who" novalidate>
                <span class="body-s">{format!("{} ({})", nav.email, nav.role)}</span>
                " "
                <button type="submit" class="button button--secondary button--small">"Sign out"</button>
            </form>
        </div>
    }
}
