//! The page for an address that does not exist.

use leptos::prelude::*;

use crate::layout::Page;

/// Shown for any unknown address, with status 404.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    set_not_found_status();
    view! {
        <Page title="Page not found">
            <p class="body">"If you typed the web address, check it is correct."</p>
            <p class="body">"If you pasted the web address, check you copied the entire address."</p>
            <p class="body">
                <a href="/" class="link">"Go to the start of the service"</a>
                ", or call 101 to report a crime by phone."
            </p>
        </Page>
    }
}

fn set_not_found_status() {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
}
