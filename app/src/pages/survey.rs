//! The satisfaction survey: four questions and an optional comment, reached through a one-time
//! link by email. Nothing about the victim's case is shown here: the page is the same for every
//! report. The server checks the link and provides a view; these components only render it.
//! The form is a plain HTML form, so it works without JavaScript.

use leptos::prelude::*;
use rules::survey::{Question, COMMENT_MAX_CHARS};

use crate::{
    form_controls::{ErrorSummary, FieldLimits, FormState, Radios, TextArea},
    layout::Page,
};

/// `/survey`: the form (with the answers as typed and any problems), or, when the link does
/// not open a survey (used, expired, unknown), the page that says so and nothing more.
#[derive(Clone, Debug, Default)]
pub struct SurveyView {
    pub open: bool,
    pub state: FormState,
}

/// The form's value for an answer of the scale.
fn value_of(answer: u8) -> &'static str {
    match answer {
        1 => "1",
        2 => "2",
        3 => "3",
        4 => "4",
        _ => "5",
    }
}

/// One question's radios, best answer first.
#[component]
fn Rating(question: Question) -> impl IntoView {
    let options = question.scale().into_iter().map(|(n, words)| (value_of(n), words.to_string())).collect();
    view! { <Radios name=question.field() legend=question.legend() options/> }
}

/// `/survey`.
#[component]
pub fn SurveyPage() -> impl IntoView {
    let view = use_context::<SurveyView>().unwrap_or_default();
    if !view.open {
        return view! { <SurveyClosed/> }.into_any();
    }
    let errors = view.state.errors.clone();
    let has_errors = !errors.is_empty();
    provide_context(view.state);
    provide_context(FieldLimits(vec![("comment".into(), COMMENT_MAX_CHARS)]));
    view! {
        <Page title="Tell us how we did" has_errors>
            <ErrorSummary errors/>
            <p class="body">"It takes about 2 minutes. Answering is up to you."</p>
            <div class="inset-text">
                <p class="body">
                    "Your answers are anonymous to the officers dealing with your report: we only look at them "
                    "as totals, together with everyone else's. Comments are read only by supervisors, without "
                    "your name or your report."
                </p>
                <p class="body">"Nothing about your report is shown on this page."</p>
            </div>
            <form method="post" action="/survey" novalidate>
                {Question::ALL.into_iter().map(|question| view! { <Rating question/> }).collect_view()}
                <TextArea
                    name="comment"
                    label="Is there anything else you would like to tell us? (optional)"
                    hint="Please do not include names, your crime reference number or anything else that could identify you or someone else."
                    rows=6
                />
                <button type="submit" class="button" data-prevent-double-click="true">"Send your answers"</button>
            </form>
        </Page>
    }
    .into_any()
}

/// The survey's link has been used, has expired or is not one of ours: the page says only that.
#[component]
fn SurveyClosed() -> impl IntoView {
    view! {
        <Page title="This link has already been used or has expired">
            <p class="body">"Thank you \u{2014} you do not need to do anything else."</p>
        </Page>
    }
}

/// `/survey/thank-you`.
#[component]
pub fn SurveyThankYouPage() -> impl IntoView {
    view! {
        <Page title="Survey complete">
            <div class="panel panel--confirmation">
                <p class="panel__title">"Thank you for your answers"</p>
            </div>
            <p class="body">"They help us improve the service we give to victims of crime."</p>
            <p class="body">"You do not need to do anything else."</p>
        </Page>
    }
}
