use leptos::prelude::*;
use rules::wizard::{Circumstance, ReportingFor, SupportNeed};

use super::options;
use crate::{form_controls::Checkboxes, pages::wizard::StepView};

/// Circumstances that give enhanced rights, and what the victim would like help with.
#[component]
pub fn Needs() -> impl IntoView {
    let view = expect_context::<StepView>();
    view! {
        <p class="body">
            "We ask these questions so we can give you the right support. Some answers mean you get "
            "extra support, sooner. We will not share your answers with another service unless you "
            "agree to it on the next page."
        </p>
        {(view.reporting_for == ReportingFor::SomeoneElse).then(|| view! {
            <div class="inset-text">
                "You are reporting for someone else, so answer these questions for them."
            </div>
        })}
        <Checkboxes
            name="circumstances"
            legend="Do any of these apply?"
            hint="Select all that apply."
            options=options(Circumstance::ALL, Circumstance::slug, Circumstance::label)
            none_option=true
        />
        <Checkboxes
            name="support"
            legend="Would you like help with any of these?"
            hint="Select all that apply. On the next page, we will ask if we can pass your details to a \
                  service that can help."
            options=options(SupportNeed::ALL, SupportNeed::slug, SupportNeed::label)
            none_option=true
        />
    }
}
