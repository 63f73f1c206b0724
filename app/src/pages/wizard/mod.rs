//! The reporting wizard's pages. The server loads the person's draft, checks they may see the
//! step, and provides a [`StepView`]; these components only render it. Every page is a plain
//! HTML form that posts to its own address, so the journey works without JavaScript.

mod check;
mod done;
mod exits;
mod resume;
mod steps;

/// The contact questions, also asked when a victim changes how to be contacted.
pub(crate) use steps::contact::Contact as ContactQuestions;

use leptos::prelude::*;
use rules::wizard::{Agency, CrimeType, FieldError, Form, Report, ReportingFor, Step};

use crate::{
    form_controls::{ErrorSummary, FieldLimits, FormState},
    layout::Page,
};
pub use done::{ConfirmationPage, ConfirmationView, LinkSentPage, SavedPage, SavedView};
pub use exits::{Call999Page, FraudPage, NotOnlinePage, UnderSixteenPage};
pub use resume::{ResumeLinkPage, ResumePage, ResumeView};

/// What a wizard page shows: the step, its answers as typed, any problems with them, and the
/// facts from earlier answers that change what is asked.
#[derive(Clone, Debug)]
pub struct StepView {
    pub step: Step,
    pub form: Form,
    pub errors: Vec<FieldError>,
    /// The person came from "Check your answers" and goes back there after this page.
    pub returning_to_check: bool,
    pub reporting_for: ReportingFor,
    /// The crime types this force takes online.
    pub crime_types: Vec<CrimeType>,
    /// The services to ask consent for, on the support page.
    pub agencies: Vec<Agency>,
    /// Why the victim has enhanced rights (empty when they do not), for the rights page.
    pub enhanced_reasons: Vec<String>,
    /// The whole report, for the check page.
    pub report: Option<Report>,
}

impl StepView {
    /// A view of `step` with nothing answered yet.
    pub fn new(step: Step) -> Self {
        Self {
            step,
            form: Form::default(),
            errors: Vec::new(),
            returning_to_check: false,
            reporting_for: ReportingFor::Myself,
            crime_types: CrimeType::ALL.to_vec(),
            agencies: Vec::new(),
            enhanced_reasons: Vec::new(),
            report: None,
        }
    }
}

/// `/report/:step`: one page of the wizard.
#[component]
pub fn WizardPage() -> impl IntoView {
    let Some(view) = use_context::<StepView>() else {
        return view! { <crate::pages::NotFoundPage/> }.into_any();
    };
    let step = view.step;
    let action = format!("/report/{}", step.slug());
    let back = step.previous().map(|p| format!("/report/{}", p.slug())).unwrap_or_else(|| "/".into());
    let submit_label = if step == Step::Declaration { "Send report" } else { "Continue" };
    let errors = view.errors.clone();
    let has_errors = !errors.is_empty();
    provide_context(FormState { form: view.form.clone(), errors: view.errors.clone() });
    provide_context(FieldLimits::of_step(step));
    view! {
        <Page
            title=step.title()
            exit=true
            has_errors
            back=back
            caption=format!("Step {} of {}", step.number(), Step::ALL.len())
        >
            <ErrorSummary errors/>
            <form method="post" action=action novalidate>
                {steps::body(step)}
                {view.returning_to_check.then(|| view! { <input type="hidden" name="return" value="check"/> })}
                <div class="button-group">
                    {if step == Step::Check {
                        // The answers are already checked: Continue goes on to the declaration. (Posting
                        // this page would only come back to it, as it is the first step not yet done.)
                        view! {
                            <a href=format!("/report/{}", Step::Declaration.slug()) role="button" draggable="false" class="button">
                                {submit_label}
                            </a>
                        }
                        .into_any()
                    } else {
                        view! {
                            <button type="submit" name="action" value="continue" class="button" data-prevent-double-click="true">
                                {submit_label}
                            </button>
                        }
                        .into_any()
                    }}
                    {(step != Step::Declaration).then(|| view! {
                        <button type="submit" name="action" value="save" class="button button--secondary">
                            "Save and come back later"
                        </button>
                    })}
                </div>
            </form>
        </Page>
    }
    .into_any()
}
