//! The GOV.UK summary list: answers as key and value rows, with a "Change" link under them.

use leptos::prelude::*;

/// `rows` of (key, value), then a "Change" link to `change` whose hidden words say what changes
/// (for screen readers, where many "Change" links would otherwise sound the same).
#[component]
pub fn SummaryList(
    rows: Vec<(&'static str, AnyView)>,
    #[prop(into)] change: String,
    #[prop(into)] what: String,
) -> impl IntoView {
    view! {
        <dl class="summary-list">
            {rows
                .into_iter()
                .map(|(key, value)| view! {
                    <div class="summary-list__row">
                        <dt class="summary-list__key">{key}</dt>
                        <dd class="summary-list__value">{value}</dd>
                    </div>
                })
                .collect_view()}
        </dl>
        <p class="body">
            <a href=change class="link">"Change"<span class="visually-hidden">{format!(" {what}")}</span></a>
        </p>
    }
}
