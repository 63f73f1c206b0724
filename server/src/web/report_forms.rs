//! The wizard's forms as server functions, one per page at `/report/<page>` and one per other
//! form (hide my code, continue with a code or a link, email me a link). Each takes the state
//! from context, calls a use case in `report::answer` and answers with a redirect; problems come
//! back through a sealed notice (`web::flash`), never in the address.

use leptos::{server, server_fn::error::ServerFnError};
use rules::wizard::{Form, NotSuitable, Step};

use super::{
    cookies::{self, DRAFT},
    flash::{self, Notice},
    form_post::{client, cookies as jar, failed, reply, state, FormPost, Posted},
};
use crate::{
    form_post,
    report::answer::{self, Answer, Answered},
    state::AppState,
};

/// The draft cookie for `token`, kept as long as the draft.
pub fn draft_cookie(state: &AppState, token: String) -> axum_extra::extract::cookie::Cookie<'static> {
    DRAFT.set(state, token, Some(seconds(state.draft_lifetime)))
}

fn seconds(d: chrono::Duration) -> time::Duration {
    time::Duration::seconds(d.num_seconds())
}

/// The address of `step`, returning to the check-your-answers page when `returning`.
pub fn step_url(step: Step, returning: bool) -> String {
    let query = if returning && step < Step::Check { "?return=check" } else { "" };
    format!("/report/{}{query}", step.slug())
}

fn exit_page(reason: NotSuitable) -> &'static str {
    match reason {
        NotSuitable::Emergency => "/report/call-999",
        NotSuitable::Fraud => "/report/fraud",
        NotSuitable::NotOnline => "/report/another-way",
        NotSuitable::UnderSixteen => "/report/ask-an-adult",
    }
}

/// Leaves `notice` for `page` and redirects there.
async fn notice_then(state: &AppState, page: &str, notice: Notice) -> Result<(), ServerFnError> {
    let cookie = flash::leave(state, page, &notice).await.map_err(failed)?;
    reply().cookie(cookie).see_other(page)
}

async fn answer_step(step: Step, mut form: Posted) -> Result<(), ServerFnError> {
    let state = state()?;
    let save_only = form.take("action") == "save";
    let returning = form.take("return") == "check";
    let answer = Answer {
        step,
        form: Form::from_pairs(form.0),
        save_only,
        returning,
        token: DRAFT.get(&state, &jar().await),
        client: client().await,
    };
    let outcome = answer::answer(&state, answer).await.map_err(failed)?;
    if let Some(token) = outcome.new_draft {
        reply().cookie(draft_cookie(&state, token));
    }
    match outcome.then {
        Answered::Page { step, returning } => reply().see_other(&step_url(step, returning)),
        Answered::Sent { token, window } => {
            // The browser forgets the draft when the code stops being shown.
            reply().cookie(DRAFT.set(&state, token, Some(seconds(window)))).see_other("/report/confirmation")
        }
        Answered::AlreadySent => reply().see_other("/report/confirmation"),
        Answered::NotForUs(reason) => reply().see_other(exit_page(reason)),
        Answered::FixFirstPage { form, returning } => {
            let page = format!("/report/{}", step.slug());
            let cookie =
                flash::leave(&state, &page, &Notice::answers(form, Vec::new())).await.map_err(failed)?;
            reply().cookie(cookie).see_other(&step_url(step, returning))
        }
        Answered::Saved { code, expires, step } => {
            notice_then(&state, "/report/saved", Notice::ResumeCode { code, expires, step: Some(step) }).await
        }
        Answered::TooMany(retry) => reply().too_many(retry),
    }
}

/// One server function per page of the wizard, each at `/report/<slug>`.
macro_rules! step_functions {
    ($($name:ident $args:ident $step:ident $slug:tt),+ $(,)?) => {
        $(
            #[doc = concat!("Answers to the page `/report/", $slug, "`.")]
            #[server(prefix = "/report", endpoint = $slug, input = FormPost)]
            pub async fn $name(form: Posted) -> Result<(), ServerFnError> {
                answer_step(Step::$step, form).await
            }
        )+
        form_post!($($args),+);

        /// Registers every page's server function.
        pub fn register_steps() {
            $(leptos::server_fn::axum::register_explicit::<$args>();)+
        }
    };
}

step_functions! {
    suitability Suitability Suitability "suitability",
    when_it_happened WhenItHappened When "when-it-happened",
    where_it_happened WhereItHappened Where "where-it-happened",
    what_happened WhatHappened WhatHappened "what-happened",
    property Property Property "property",
    suspect Suspect Suspect "suspect",
    evidence Evidence Evidence "evidence",
    about_you AboutYou AboutYou "about-you",
    your_needs YourNeeds Needs "your-needs",
    support Support Support "support",
    your_rights YourRights Rights "your-rights",
    contact Contact Contact "contact",
    check_your_answers CheckYourAnswers Check "check-your-answers",
    declaration Declaration Declaration "declaration",
}

/// "I have written it down: hide my code".
#[server(prefix = "/report", endpoint = "confirmation", input = FormPost)]
pub async fn hide_code(form: Posted) -> Result<(), ServerFnError> {
    let _ = form;
    let state = state()?;
    answer::hide_code(&state, DRAFT.get(&state, &jar().await).as_deref()).await.map_err(failed)?;
    reply().see_other("/report/confirmation")
}

/// "Continue a saved report" with the code.
#[server(prefix = "/report", endpoint = "resume", input = FormPost)]
pub async fn resume(form: Posted) -> Result<(), ServerFnError> {
    let state = state()?;
    match answer::resume(&state, form.value("code")).await.map_err(failed)? {
        Ok(resumed) => continue_resumed(&state, resumed),
        Err(problem) => notice_then(&state, "/report/resume", Notice::Problem(problem)).await,
    }
}

/// Into the resumed draft, on the page it continues from.
fn continue_resumed(state: &AppState, resumed: answer::Resumed) -> Result<(), ServerFnError> {
    reply().cookie(draft_cookie(state, resumed.token)).see_other(&step_url(resumed.step, false))
}

/// "Continue your report" after following an emailed link: uses the link once.
#[server(prefix = "/report", endpoint = "resume/open", input = FormPost)]
pub async fn resume_by_link(form: Posted) -> Result<(), ServerFnError> {
    let _ = form;
    let state = state()?;
    let link = cookies::DRAFT_LINK.get(&state, &jar().await).unwrap_or_default();
    reply().remove(cookies::DRAFT_LINK.removal(&state));
    match answer::resume_by_link(&state, &link).await.map_err(failed)? {
        Some(resumed) => continue_resumed(&state, resumed),
        None => {
            let problem = "That link has expired or has already been used. Enter your code instead, or start a new report";
            notice_then(&state, "/report/resume", Notice::Problem(problem.into())).await
        }
    }
}

/// "Email me a link" on the saved page: the same answer whether or not the address is usable.
#[server(prefix = "/report", endpoint = "saved/email", input = FormPost)]
pub async fn email_link(form: Posted) -> Result<(), ServerFnError> {
    let state = state()?;
    let token = DRAFT.get(&state, &jar().await);
    if answer::email_link(&state, token.as_deref(), form.value("email")).await.map_err(failed)? {
        reply().see_other("/report/link-sent")
    } else {
        reply().see_other("/report/resume")
    }
}

form_post!(HideCode, Resume, ResumeByLink, EmailLink);

/// Registers the wizard's server functions.
pub fn register() {
    register_steps();
    leptos::server_fn::axum::register_explicit::<HideCode>();
    leptos::server_fn::axum::register_explicit::<Resume>();
    leptos::server_fn::axum::register_explicit::<ResumeByLink>();
    leptos::server_fn::axum::register_explicit::<EmailLink>();
}
