//! Finding a report: reference and tracking code, or a one-time link by email.

use leptos::prelude::*;

use super::{EmailLinkView, LookupView, OpenLinkView};
use crate::layout::Page;

/// `/track`.
#[component]
pub fn TrackLookupPage() -> impl IntoView {
    let _view = use_context::<LookupView>().unwrap_or_default();
    view! { <Page title="Check your report">""</Page> }
}

/// `/track/email-link`.
#[component]
pub fn TrackEmailLinkPage() -> impl IntoView {
    let _view = use_context::<EmailLinkView>().unwrap_or_default();
    view! { <Page title="Get a link by email">""</Page> }
}

/// `/track/link-sent`.
#[component]
pub fn TrackLinkSentPage() -> impl IntoView {
    view! { <Page title="Check your email">""</Page> }
}

/// `/track/open`.
#[component]
pub fn TrackOpenLinkPage() -> impl IntoView {
    let _view = use_context::<OpenLinkView>().unwrap_or_default();
    view! { <Page title="Open your report">""</Page> }
}

/// `/track/signed-out`.
#[component]
pub fn TrackSignedOutPage() -> impl IntoView {
    view! { <Page title="You have signed out">""</Page> }
}
