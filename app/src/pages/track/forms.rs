//! The actions' forms.

use leptos::prelude::*;

use super::ActionView;
use crate::layout::Page;

/// `/track/case/:action`.
#[component]
pub fn TrackActionPage() -> impl IntoView {
    let Some(view) = use_context::<ActionView>() else {
        return view! { <crate::pages::NotFoundPage/> }.into_any();
    };
    view! { <Page title=view.action.title()>""</Page> }.into_any()
}
