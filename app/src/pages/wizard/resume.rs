//! "Continue a saved report": enter the resume code.

use leptos::prelude::*;

use crate::{form_controls::ErrorSummary, layout::Page};

/// What the resume page shows after a failed attempt.
#[derive(Clone, Debug, Default)]
pub struct ResumeView {
    pub error: Option<String>,
}

/// `/report/resume`.
#[component]
pub fn ResumePage() -> impl IntoView {
    let view = use_context::<ResumeView>().unwrap_or_default();
    let errors = view
        .error
        .clone()
        .map(|message| vec![rules::wizard::FieldError { field: "resume-code".into(), message }])
        .unwrap_or_default();
    let has_errors = !errors.is_empty();
    view! {
        <Page title="Continue a saved report" exit=true has_errors back="/">
            <ErrorSummary errors/>
            <form method="post" action="/report/resume" novalidate>
                <div class=if has_errors { "form-group form-group--error" } else { "form-group" }>
                    <label class="label" for="resume-code">"Your code"</label>
                    <div id="resume-code-hint" class="hint">"You were given a 12-character code, like ABCD-EFGH-JKMN, when you saved your report"</div>
                    {view.error.map(|m| view! {
                        <p id="resume-code-error" class="error-message"><span class="visually-hidden">"Error: "</span>{m}</p>
                    })}
                    <input class=if has_errors { "input input--width-20 input--error" } else { "input input--width-20" }
                        id="resume-code" name="code" type="text" autocomplete="off" spellcheck="false"
                        aria-invalid=has_errors.then_some("true")
                        aria-describedby=if has_errors { "resume-code-hint resume-code-error" } else { "resume-code-hint" }/>
                </div>
                <button type="submit" class="button">"Continue"</button>
            </form>
        </Page>
    }
}

/// `/report/resume/open`, after following an emailed link: one button uses the link.
#[component]
pub fn ResumeLinkPage() -> impl IntoView {
    view! {
        <Page title="Continue your saved report" exit=true>
            <p class="body">"This link works once. Your answers will open in this browser."</p>
            <p class="body">
                "If you are using a shared device, press \u{2018}Save and come back later\u{2019} or close the browser when you have finished."
            </p>
            <form method="post" action="/report/resume/open">
                <button type="submit" class="button" data-prevent-double-click="true">"Continue your report"</button>
            </form>
        </Page>
    }
}
