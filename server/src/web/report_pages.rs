//! The wizard's pages: each a GET that renders the page from the draft (or from the notice a
//! post left), beside the server functions in [`super::report_forms`] that answer its form. The
//! journey is post/redirect/get throughout, so the back button, a reload or a time-out never
//! loses anything and no JavaScript is needed.

use app::pages::{ConfirmationView, ResumeView, SavedView, StepView};
use axum::{
    body::Body,
    extract::{Path, Query, State},
    http::Request,
    response::{IntoResponse, Redirect, Response},
    routing::get,
    Router,
};
use axum_extra::extract::cookie::CookieJar;
use leptos::prelude::provide_context;
use rules::wizard::{Answers, Context, Step};
use serde::Deserialize;

use super::{
    cookies,
    flash::{self, Notice},
    form_post::server_functions,
    render,
    report_forms::step_url,
};
use crate::{
    error::AppError,
    report::{answer, drafts},
    state::AppState,
};

/// The wizard's routes: pages, and the server functions their forms post to.
pub fn routes() -> Router<AppState> {
    Router::new()
        // One start page: the service's own, at `/`.
        .route("/report", get(|| async { Redirect::permanent("/") }))
        .route("/report/confirmation", get(confirmation).post(server_functions))
        .route("/report/resume", get(show_resume).post(server_functions))
        .route("/report/resume/{token}", get(follow_resume_link))
        .route("/report/resume/open", get(show_resume_link).post(server_functions))
        .route("/report/saved", get(show_saved))
        .route("/report/saved/email", axum::routing::post(server_functions))
        .route("/report/{slug}", get(show_step).post(server_functions))
}

#[derive(Deserialize, Default)]
pub struct StepQuery {
    #[serde(rename = "return")]
    return_to: Option<String>,
}

async fn load(state: &AppState, jar: &CookieJar) -> Result<Option<(String, drafts::Draft)>, AppError> {
    answer::load(state, cookies::DRAFT.get(state, jar).as_deref()).await
}

async fn show_step(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<StepQuery>,
    jar: CookieJar,
    request: Request<Body>,
) -> Result<Response, AppError> {
    let Some(step) = Step::from_slug(&slug) else {
        return Ok(render(&state, request, || ()).await);
    };
    let draft = load(&state, &jar).await?;
    if draft.as_ref().is_some_and(|(_, d)| d.report_id.is_some()) && step >= Step::Check {
        // Back from the confirmation to the pages that sent it: the report is sent.
        return Ok(Redirect::to("/report/confirmation").into_response());
    }
    let draft = draft.filter(|(_, d)| d.report_id.is_none());
    let ctx = answer::context(&state);
    let returning = query.return_to.as_deref() == Some("check");
    let (notice, jar) = flash::take(&state, jar, &format!("/report/{slug}")).await?;
    if let (None, Some(Notice::Answers { form, .. })) = (&draft, notice) {
        // A first page that needed fixing: nothing was stored, the answers come back as typed.
        let mut first = Answers::default();
        first.forms.insert(step, form);
        let view = step_view(&first, step, true, returning, &ctx);
        return Ok(
            (jar, render(&state, request, move || provide_context(view.clone())).await).into_response()
        );
    }
    let answers = draft.as_ref().map(|(_, d)| d.answers.clone()).unwrap_or_default();
    if !answers.may_visit(step, &ctx) {
        return Ok(Redirect::to(&step_url(answers.first_incomplete(&ctx), returning)).into_response());
    }
    let checked = draft.as_ref().and_then(|(_, d)| d.saved.get(&step)).is_some_and(|s| s.checked);
    let view = step_view(&answers, step, checked, returning, &ctx);
    Ok((jar, render(&state, request, move || provide_context(view.clone())).await).into_response())
}

fn step_view(answers: &Answers, step: Step, checked: bool, returning: bool, ctx: &Context) -> StepView {
    let mut view = StepView::new(step);
    view.form = answers.forms.get(&step).cloned().unwrap_or_default();
    if checked {
        view.errors = answers.check(step, ctx).err().unwrap_or_default();
    }
    view.returning_to_check = returning;
    view.crime_types = ctx.online_crime_types.clone();
    if let Some(Ok(Ok(s))) = answers.suitability(ctx) {
        view.reporting_for = s.reporting_for;
    }
    view.agencies = answers.agencies_to_offer(ctx).unwrap_or_default();
    view.enhanced_reasons = answers
        .enhanced_reasons(ctx)
        .map(|reasons| reasons.iter().map(|r| r.label().to_string()).collect())
        .unwrap_or_default();
    view.report = answers.report(ctx).ok();
    view
}

async fn confirmation(
    State(state): State<AppState>,
    jar: CookieJar,
    request: Request<Body>,
) -> Result<Response, AppError> {
    let token = cookies::DRAFT.get(&state, &jar);
    let Some(sent) = answer::confirmation(&state, token.as_deref()).await? else {
        return Ok(Redirect::to("/").into_response());
    };
    let view = ConfirmationView {
        reference: sent.reference,
        tracking_code: sent.tracking_code,
        enhanced_rights: sent.enhanced_rights,
        acknowledgement_by_email: sent.acknowledgement_by_email,
    };
    Ok(render(&state, request, move || provide_context(view.clone())).await)
}

/// A one-time link from an email: its token moves into a short-lived cookie and the address bar
/// moves on to a clean address. Nothing is used up yet, so mail scanners that fetch links do no
/// harm; "Continue" on the next page uses it.
async fn follow_resume_link(
    State(state): State<AppState>,
    Path(token): Path<String>,
    jar: CookieJar,
) -> Response {
    let cookie = cookies::DRAFT_LINK.set(&state, token, Some(cookies::LINK_WAIT));
    (jar.add(cookie), Redirect::to("/report/resume/open")).into_response()
}

async fn show_resume_link(State(state): State<AppState>, jar: CookieJar, request: Request<Body>) -> Response {
    if cookies::DRAFT_LINK.get(&state, &jar).is_none() {
        return Redirect::to("/report/resume").into_response();
    }
    render(&state, request, || ()).await
}

/// "Continue a saved report", with the problem a post left, if any.
async fn show_resume(
    State(state): State<AppState>,
    jar: CookieJar,
    request: Request<Body>,
) -> Result<Response, AppError> {
    let (notice, jar) = flash::take(&state, jar, "/report/resume").await?;
    let error = match notice {
        Some(Notice::Problem(problem)) => Some(problem),
        _ => None,
    };
    let view = ResumeView { error };
    Ok((jar, render(&state, request, move || provide_context(view.clone())).await).into_response())
}

/// After "Save and come back later": the resume code, shown this once. Reloaded or visited
/// without one, the page sends the person to enter their code.
async fn show_saved(
    State(state): State<AppState>,
    jar: CookieJar,
    request: Request<Body>,
) -> Result<Response, AppError> {
    let (notice, jar) = flash::take(&state, jar, "/report/saved").await?;
    let Some(Notice::ResumeCode { code, expires, step }) = notice else {
        return Ok((jar, Redirect::to("/report/resume")).into_response());
    };
    let view = SavedView { resume_code: code, expires, step: step.unwrap_or(Step::Suitability) };
    Ok((jar, render(&state, request, move || provide_context(view.clone())).await).into_response())
}
