//! The case page.

use leptos::prelude::*;

use super::CaseView;
use crate::layout::Page;

/// `/track/case`.
#[component]
pub fn CasePage() -> impl IntoView {
    let Some(view) = use_context::<CaseView>() else {
        return view! { <crate::pages::NotFoundPage/> }.into_any();
    };
    view! { <Page title="Your report">{view.reference}</Page> }.into_any()
}
