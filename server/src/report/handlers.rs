//! The wizard over plain HTTP: each page is a GET that renders the step from the draft and a POST
//! that stores the answers as typed, checks them, and redirects (post/redirect/get), so the back
//! button, a reload or a time-out never loses anything and the journey needs no JavaScript.

use app::pages::{ConfirmationView, StepView};
use axum::{
    body::Body,
    extract::{Path, Query, State},
    http::{Request, StatusCode},
    response::{IntoResponse, Redirect, Response},
    routing::get,
    Extension, Form as UrlForm, Router,
};
use axum_extra::extract::cookie::{Cookie, CookieJar};
use leptos::nonce::Nonce;
use leptos::prelude::provide_context;
use rules::wizard::{Answers, Context, Form, NotSuitable, Step};
use serde::Deserialize;

use super::{drafts, submit};
use crate::{error::AppError, web::strict_form::StrictForm};
use crate::{
    secrets,
    state::AppState,
    web::{cookies, page_request, render, ClientAddr},
};

/// The wizard's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/report/confirmation", get(confirmation).post(hide_code))
        .route("/report/resume", axum::routing::post(resume))
        .route("/report/resume/{token}", get(follow_resume_link))
        .route("/report/resume/open", get(show_resume_link).post(resume_by_link))
        .route("/report/saved/email", axum::routing::post(email_link))
        .route("/report/{slug}", get(show_step).post(save_step))
}

#[derive(Deserialize, Default)]
pub struct StepQuery {
    #[serde(rename = "return")]
    return_to: Option<String>,
}

fn draft_cookie(state: &AppState, token: String) -> Cookie<'static> {
    cookies::DRAFT.set(state, token, Some(time_duration(state.draft_lifetime)))
}

fn time_duration(d: chrono::Duration) -> time::Duration {
    time::Duration::seconds(d.num_seconds())
}

fn context(state: &AppState) -> Context {
    Context { today: state.clock.today(), online_crime_types: state.site.online_crime_types.clone() }
}

async fn load(state: &AppState, jar: &CookieJar) -> Result<Option<(String, drafts::Draft)>, AppError> {
    let Some(token) = cookies::DRAFT.get(state, jar) else { return Ok(None) };
    Ok(drafts::find(&state.pool, &token, state.clock.now()).await?.map(|d| (token, d)))
}

/// The draft in the cookie if it is still being filled in. A draft already sent is not one to
/// carry on with: whoever uses this device next starts a fresh report.
async fn load_unsent(state: &AppState, jar: &CookieJar) -> Result<Option<(String, drafts::Draft)>, AppError> {
    Ok(load(state, jar).await?.filter(|(_, d)| d.report_id.is_none()))
}

fn step_url(step: Step, returning: bool) -> String {
    let query = if returning && step < Step::Check { "?return=check" } else { "" };
    format!("/report/{}{query}", step.slug())
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
    let answers = draft.as_ref().map(|(_, d)| d.answers.clone()).unwrap_or_default();
    let ctx = context(&state);
    let returning = query.return_to.as_deref() == Some("check");
    if !answers.may_visit(step, &ctx) {
        return Ok(Redirect::to(&step_url(answers.first_incomplete(&ctx), returning)).into_response());
    }
    let checked = draft.as_ref().and_then(|(_, d)| d.saved.get(&step)).is_some_and(|s| s.checked);
    let view = step_view(&answers, step, checked, returning, &ctx);
    Ok(render(&state, request, move || provide_context(view.clone())).await)
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

async fn save_step(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    jar: CookieJar,
    nonce: Option<Extension<Nonce>>,
    addr: Option<Extension<ClientAddr>>,
    StrictForm(pairs): StrictForm,
) -> Result<Response, AppError> {
    let Some(step) = Step::from_slug(&slug) else {
        return Ok(StatusCode::NOT_FOUND.into_response());
    };
    let mut form = Form::from_pairs(pairs);
    let action = form.0.remove("action").and_then(|v| v.into_iter().next()).unwrap_or_default();
    let returning = form.0.remove("return").is_some_and(|v| v.iter().any(|r| r == "check"));
    // Only the page's own fields, each within its size: a draft is not free storage.
    let (form, _) = step.keep_own_fields(form);
    let ctx = context(&state);

    if step == Step::Suitability {
        let mut probe = Answers::default();
        probe.forms.insert(step, form.clone());
        if let Some(Ok(Err(reason))) = probe.suitability(&ctx) {
            // Nothing is stored for people the online service is not right for.
            return Ok(Redirect::to(exit_page(reason)).into_response());
        }
    }

    let now = state.clock.now();
    let mut existing = load(&state, &jar).await?;
    if let Some((_, sent)) = existing.as_ref().filter(|(_, d)| d.report_id.is_some()) {
        if step == Step::Declaration {
            // Sent twice (a double click, the back button): the first report stands.
            return Ok(Redirect::to("/report/confirmation").into_response());
        }
        // Someone starting again on the device that sent a report: the tracking code shown
        // then is gone for good, and this is a new report.
        drafts::forget_receipt(&state.pool, sent.id).await?;
        existing = None;
    }
    let answers = existing.as_ref().map(|(_, d)| d.answers.clone()).unwrap_or_default();
    if !answers.may_visit(step, &ctx) {
        let to = step_url(answers.first_incomplete(&ctx), returning);
        return Ok(Redirect::to(&to).into_response());
    }
    let (jar, token, mut draft) = match existing {
        Some((token, draft)) => (jar, token, draft),
        None => {
            // A draft is made only for a first answer that passes its checks, and only so many
            // for one client in an hour.
            let mut first = Answers::default();
            first.forms.insert(step, form.clone());
            if first.check(step, &ctx).is_err() {
                let view = step_view(&first, step, true, returning, &ctx);
                let request = page_request(&format!("/report/{slug}"), nonce.as_ref());
                let mut response = render(&state, request, move || provide_context(view.clone())).await;
                *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
                return Ok(response);
            }
            if let Err(retry) = state.limits.new_draft(addr.map(|Extension(ClientAddr(ip))| ip)) {
                tracing::warn!("new-draft limit reached for a client");
                return Ok(crate::web::too_many_requests(false, retry));
            }
            let token = secrets::new_token();
            let draft = drafts::create(&state.pool, &token, now, state.draft_lifetime).await?;
            (jar.add(draft_cookie(&state, token.clone())), token, draft)
        }
    };
    let checked = action != "save";
    drafts::save_step(&state.pool, &mut draft, step, form, checked, now, state.draft_lifetime).await?;
    if !checked {
        return Ok((jar, saved(&state, &draft, nonce.as_ref()).await?).into_response());
    }
    if draft.answers.check(step, &ctx).is_err() {
        return Ok((jar, Redirect::to(&step_url(step, returning))).into_response());
    }
    if step == Step::Declaration {
        return match draft.answers.report(&ctx) {
            Ok(report) => {
                let window = state.receipt_window;
                submit::submit(&state.pool, &draft, &token, &report, now, ctx.today, window).await?;
                // The browser forgets the draft when the code stops being shown.
                let cookie = cookies::DRAFT.set(&state, token, Some(time_duration(window)));
                Ok((jar.add(cookie), Redirect::to("/report/confirmation")).into_response())
            }
            Err((step, _)) => Ok((jar, Redirect::to(&step_url(step, false))).into_response()),
        };
    }
    let first_incomplete = draft.answers.first_incomplete(&ctx);
    let next = if returning || step.next() > Some(first_incomplete) {
        first_incomplete
    } else {
        step.next().unwrap_or(Step::Check)
    };
    Ok((jar, Redirect::to(&step_url(next, returning))).into_response())
}

fn exit_page(reason: NotSuitable) -> &'static str {
    match reason {
        NotSuitable::Emergency => "/report/call-999",
        NotSuitable::Fraud => "/report/fraud",
        NotSuitable::NotOnline => "/report/another-way",
        NotSuitable::UnderSixteen => "/report/ask-an-adult",
    }
}

async fn confirmation(
    State(state): State<AppState>,
    jar: CookieJar,
    request: Request<Body>,
) -> Result<Response, AppError> {
    let Some((token, draft)) = load(&state, &jar).await? else {
        return Ok(Redirect::to("/report").into_response());
    };
    let Some(report_id) = draft.report_id else {
        return Ok(Redirect::to("/report").into_response());
    };
    let (reference, enhanced): (String, bool) =
        sqlx::query_as("select reference, enhanced_rights from report where id = ?")
            .bind(report_id)
            .fetch_one(&state.pool)
            .await?;
    let email = crate::store::people::safe_email(&state.pool, report_id).await?;
    let view = ConfirmationView {
        reference,
        // Only within the window after sending (the draft hides it once the window ends).
        tracking_code: draft.receipt.as_deref().and_then(|r| secrets::open(&token, r)),
        enhanced_rights: enhanced,
        acknowledgement_by_email: email.is_some(),
    };
    Ok(render(&state, request, move || provide_context(view.clone())).await)
}

/// "I have written it down: hide my code": wipes the sealed copy so no one can see it again.
async fn hide_code(State(state): State<AppState>, jar: CookieJar) -> Result<Response, AppError> {
    if let Some((_, draft)) = load(&state, &jar).await?.filter(|(_, d)| d.report_id.is_some()) {
        drafts::forget_receipt(&state.pool, draft.id).await?;
    }
    Ok(Redirect::to("/report/confirmation").into_response())
}

/// "Save and come back later": a new resume code, shown once on this page (the answer to the
/// POST, so that no GET changes anything).
async fn saved(
    state: &AppState,
    draft: &drafts::Draft,
    nonce: Option<&Extension<Nonce>>,
) -> Result<Response, AppError> {
    let code = rules::codes::SecretCode::generate(&mut rand::rng());
    drafts::set_resume_code(&state.pool, draft.id, code.expose()).await?;
    let expires = (state.clock.now() + state.draft_lifetime).date_naive().format("%-d %B %Y").to_string();
    let view = app::pages::SavedView { resume_code: code.expose().to_string(), expires };
    let request = page_request("/report/saved", nonce);
    Ok(render(state, request, move || provide_context(view.clone())).await)
}

#[derive(Deserialize)]
pub struct ResumeForm {
    #[serde(default)]
    code: String,
}

/// "Continue a saved report": a right code moves the draft to a new cookie and carries on where
/// the person left off; a wrong one says so without saying whether such a draft exists.
async fn resume(
    State(state): State<AppState>,
    jar: CookieJar,
    nonce: Option<Extension<Nonce>>,
    UrlForm(form): UrlForm<ResumeForm>,
) -> Result<Response, AppError> {
    let problem = if form.code.trim().is_empty() {
        Some("Enter the code you were given when you saved your report".to_string())
    } else {
        match rules::codes::SecretCode::parse(&form.code) {
            None => Some("Enter the code exactly as it was shown, like ABCD-EFGH-JKMN".to_string()),
            Some(code) => {
                let token = secrets::new_token();
                if drafts::resume(&state.pool, code.expose(), &token, state.clock.now()).await? {
                    let jar = jar.add(draft_cookie(&state, token));
                    return Ok((jar, Redirect::to("/report/suitability")).into_response());
                }
                Some(format!(
                    "We could not find a saved report with that code. Check the code, or start a new report. Saved reports are deleted after {} days",
                    state.site.draft_days
                ))
            }
        }
    };
    let view = app::pages::ResumeView { error: problem };
    let request = page_request("/report/resume", nonce.as_ref());
    let mut response = render(&state, request, move || provide_context(view.clone())).await;
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(response)
}

#[derive(Deserialize)]
pub struct EmailForm {
    #[serde(default)]
    email: String,
}

/// "Email me a link": queues the link in the outbox. The answer is the same whether or not the
/// address is usable, so the page reveals nothing.
async fn email_link(
    State(state): State<AppState>,
    jar: CookieJar,
    UrlForm(form): UrlForm<EmailForm>,
) -> Result<Response, AppError> {
    let Some((_, draft)) = load_unsent(&state, &jar).await? else {
        return Ok(Redirect::to("/report/resume").into_response());
    };
    if let Ok(Some(email)) = rules::fields::email(&form.email) {
        // Over the limits per draft and per address nothing is queued; the page is the same.
        drafts::request_resume_link(&state.pool, draft.id, &email, state.clock.now()).await?;
    }
    Ok(Redirect::to("/report/link-sent").into_response())
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

/// "Continue your report": uses the link once and moves its draft to a new draft cookie.
async fn resume_by_link(
    State(state): State<AppState>,
    jar: CookieJar,
    nonce: Option<Extension<Nonce>>,
) -> Result<Response, AppError> {
    let token = cookies::DRAFT_LINK.get(&state, &jar).unwrap_or_default();
    let jar = jar.remove(cookies::DRAFT_LINK.removal(&state));
    let new_token = secrets::new_token();
    if drafts::resume_by_link(&state.pool, &token, &new_token, state.clock.now()).await? {
        let jar = jar.add(draft_cookie(&state, new_token));
        return Ok((jar, Redirect::to("/report/suitability")).into_response());
    }
    let view = app::pages::ResumeView {
        error: Some(
            "That link has expired or has already been used. Enter your code instead, or start a new report"
                .into(),
        ),
    };
    let request = page_request("/report/resume", nonce.as_ref());
    let mut response = render(&state, request, move || provide_context(view.clone())).await;
    *response.status_mut() = StatusCode::GONE;
    Ok((jar, response).into_response())
}
