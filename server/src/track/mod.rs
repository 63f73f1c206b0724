//! The tracking page: a victim finds their report with its reference and tracking code, or a
//! one-time link by email, and gets a session for that one report; the case page shows what a
//! victim may see, and each action is a plain form (post/redirect/get).

mod actions;
pub mod audit;
mod case;
pub mod links;
pub mod lookup;
pub mod sessions;

use app::{
    form_controls::FormState,
    pages::{ActionView, EmailLinkView, LookupView, OpenLinkView, TrackAction},
};
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
    Extension, Router,
};
use axum_extra::extract::cookie::CookieJar;
use leptos::{nonce::Nonce, prelude::provide_context};
use rules::{
    codes::{Reference, SecretCode},
    tracking,
    wizard::{check_contact, FieldError, Form},
};
use serde::Deserialize;

use crate::{
    error::AppError,
    state::AppState,
    web::strict_form::StrictForm,
    web::{cookies, page_request, render, ClientAddr},
};
use actions::Action;
use audit::{Actor, Entry};
use sessions::{Method, Session};

/// The tracking page's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/track", get(show_lookup).post(lookup))
        .route("/track/email-link", get(show_email_link).post(email_link))
        .route("/track/link/{token}", get(follow_link))
        .route("/track/open", get(show_open).post(open))
        .route("/track/case", get(show_case))
        .route("/track/case/{action}", get(show_action).post(act))
        .route("/track/sign-out", post(sign_out))
}

/// The session in the cookie: `Ok(Some)` when live, `Ok(None)` when absent, `Err` (a redirect to
/// the look-up page with a notice) when it has ended.
async fn session(state: &AppState, jar: &CookieJar) -> Result<Result<Session, Response>, AppError> {
    let Some(token) = cookies::TRACK_SESSION.get(state, jar) else {
        return Ok(Err(Redirect::to("/track").into_response()));
    };
    match sessions::resume(&state.pool, &token, state.clock.now(), &state.tracking).await? {
        Some(session) => Ok(Ok(session)),
        None => {
            let jar = jar.clone().remove(cookies::TRACK_SESSION.removal(state));
            Ok(Err((jar, Redirect::to("/track?signed-out=inactive")).into_response()))
        }
    }
}

/// The audit log's keyed digest of the client's address.
async fn client(
    state: &AppState,
    addr: Option<Extension<ClientAddr>>,
) -> Result<Option<audit::ClientDigest>, AppError> {
    let Some(Extension(ClientAddr(ip))) = addr else { return Ok(None) };
    Ok(Some(audit::ClientDigest::of(state.audit_key().await?, ip)))
}

fn error(field: &str, message: impl Into<String>) -> FieldError {
    FieldError { field: field.into(), message: message.into() }
}

/// Reads the reference as typed; the error says what is wrong with it.
fn reference(typed: &str) -> Result<Reference, FieldError> {
    if typed.trim().is_empty() {
        return Err(error("reference", "Enter your crime reference number"));
    }
    Reference::parse(typed).map_err(|e| {
        let text = e.to_string();
        let mut message = text[..1].to_uppercase();
        message.push_str(&text[1..]);
        error("reference", message)
    })
}

#[derive(Deserialize, Default)]
struct LookupQuery {
    #[serde(rename = "signed-out")]
    signed_out: Option<String>,
}

async fn show_lookup(
    State(state): State<AppState>,
    Query(query): Query<LookupQuery>,
    request: axum::extract::Request,
) -> Response {
    let notice = query.signed_out.map(|_| {
        format!(
            "You were signed out because you had not done anything for {} minutes. This keeps your report safe. Sign in again to carry on.",
            state.tracking.idle.num_minutes()
        )
    });
    let view = LookupView { state: FormState::default(), notice, carried: Vec::new() };
    render(&state, request, move || provide_context(view.clone())).await
}

/// What every failed look-up is told, whether the reference is unknown, the code is wrong or the
/// reference is under the soft delay.
const NO_MATCH: &str = "The reference number and tracking code do not match. Check them and try again, \
                        or get a link by email";

async fn lookup(
    State(state): State<AppState>,
    jar: CookieJar,
    nonce: Option<Extension<Nonce>>,
    addr: Option<Extension<ClientAddr>>,
    StrictForm(pairs): StrictForm,
) -> Result<Response, AppError> {
    let (carried, pairs): (Vec<_>, Vec<_>) =
        pairs.into_iter().partition(|(name, _)| name == CARRY_ACTION || name.starts_with(CARRY_PREFIX));
    let typed = Form::from_pairs(pairs);
    let mut errors = Vec::new();
    let reference = reference(typed.value("reference")).map_err(|e| errors.push(e)).ok();
    let code_typed = typed.value("code");
    let code = if code_typed.trim().is_empty() {
        errors.push(error("code", "Enter your tracking code"));
        None
    } else {
        let code = SecretCode::parse(code_typed);
        if code.is_none() {
            errors
                .push(error("code", "Enter the tracking code exactly as it was shown, like ABCD-EFGH-JKMN"));
        }
        code
    };
    let now = state.clock.now();
    let found = match (&reference, &code) {
        (Some(reference), Some(code)) => {
            let found = lookup::find(&state.pool, reference, code, now, &state.tracking.delay).await?;
            let outcome = if found.is_some() { "success" } else { "no-match" };
            let entry = Entry {
                actor: Actor::Anonymous,
                action: "look-up",
                report_id: found,
                outcome,
                client: client(&state, addr).await?,
                reason: None,
            };
            audit::record(&state.pool, entry, now).await?;
            if found.is_none() {
                errors.push(error("reference", NO_MATCH));
            }
            found
        }
        _ => None,
    };
    if let Some(report_id) = found {
        let (id, token) = sessions::start(&state.pool, report_id, Method::Code, now, &state.tracking).await?;
        let jar = jar.add(cookies::TRACK_SESSION.set(&state, token, None));
        if let Some((action, form)) = uncarry(&carried) {
            let session = Session { id, report_id };
            return Ok((jar, perform(&state, session, action, form, nonce, addr).await?).into_response());
        }
        return Ok((jar, Redirect::to("/track/case")).into_response());
    }
    // The reference is kept as typed; the code is never sent back.
    let form = Form::from_pairs([("reference", typed.value("reference"))]);
    let notice = (!carried.is_empty()).then(|| CARRIED_NOTICE.to_string());
    let view = LookupView { state: FormState { form, errors }, notice, carried };
    let mut response =
        render(&state, page_request("/track", nonce.as_ref()), move || provide_context(view.clone())).await;
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(response)
}

async fn show_email_link(State(state): State<AppState>, request: axum::extract::Request) -> Response {
    render(&state, request, || provide_context(EmailLinkView::default())).await
}

/// "Email me a link": the same answer whether or not the details match a report.
async fn email_link(
    State(state): State<AppState>,
    nonce: Option<Extension<Nonce>>,
    addr: Option<Extension<ClientAddr>>,
    StrictForm(pairs): StrictForm,
) -> Result<Response, AppError> {
    let typed = Form::from_pairs(pairs);
    let mut errors = Vec::new();
    let reference = reference(typed.value("reference")).map_err(|e| errors.push(e)).ok();
    let email = match rules::fields::email(typed.value("email")) {
        Ok(Some(email)) => Some(email),
        Ok(None) => {
            errors.push(error("email", "Enter the email address you gave when you reported the crime"));
            None
        }
        Err(message) => {
            errors.push(error("email", message));
            None
        }
    };
    if let (Some(reference), Some(email)) = (reference, email) {
        let now = state.clock.now();
        let report_id: Option<i64> = sqlx::query_scalar("select id from report where reference = ?")
            .bind(reference.as_str())
            .fetch_optional(&state.pool)
            .await?;
        let queued = match report_id {
            Some(id) => links::request(&state.pool, id, &email, now).await?,
            None => false,
        };
        let outcome = if queued { "queued" } else { "not-queued" };
        let entry = Entry {
            actor: Actor::Anonymous,
            action: "request-link",
            report_id,
            outcome,
            client: client(&state, addr).await?,
            reason: None,
        };
        audit::record(&state.pool, entry, now).await?;
        return Ok(Redirect::to("/track/link-sent").into_response());
    }
    let view = EmailLinkView { state: FormState { form: typed, errors } };
    let request = page_request("/track/email-link", nonce.as_ref());
    let mut response = render(&state, request, move || provide_context(view.clone())).await;
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(response)
}

/// A link from an email: the token moves into a short-lived cookie and the address bar moves on
/// to a clean address. Nothing is used up yet: mail scanners that fetch links do no harm.
async fn follow_link(State(state): State<AppState>, Path(token): Path<String>, jar: CookieJar) -> Response {
    let jar = jar.add(cookies::TRACK_LINK.set(&state, token, Some(cookies::LINK_WAIT)));
    (jar, Redirect::to("/track/open")).into_response()
}

async fn show_open(
    State(state): State<AppState>,
    jar: CookieJar,
    request: axum::extract::Request,
) -> Response {
    if cookies::TRACK_LINK.get(&state, &jar).is_none() {
        return Redirect::to("/track").into_response();
    }
    render(&state, request, || provide_context(OpenLinkView { used: false })).await
}

/// "Continue to your report": uses the link once and starts a session.
async fn open(
    State(state): State<AppState>,
    jar: CookieJar,
    nonce: Option<Extension<Nonce>>,
    addr: Option<Extension<ClientAddr>>,
) -> Result<Response, AppError> {
    let token = cookies::TRACK_LINK.get(&state, &jar).unwrap_or_default();
    let jar = jar.remove(cookies::TRACK_LINK.removal(&state));
    let now = state.clock.now();
    let report_id = links::redeem(&state.pool, &token, now).await?;
    let outcome = if report_id.is_some() { "success" } else { "expired-or-used" };
    let entry = Entry {
        actor: Actor::Anonymous,
        action: "open-link",
        report_id,
        outcome,
        client: client(&state, addr).await?,
        reason: None,
    };
    audit::record(&state.pool, entry, now).await?;
    if let Some(report_id) = report_id {
        let (_, session_token) =
            sessions::start(&state.pool, report_id, Method::Link, now, &state.tracking).await?;
        let jar = jar.add(cookies::TRACK_SESSION.set(&state, session_token, None));
        return Ok((jar, Redirect::to("/track/case")).into_response());
    }
    let request = page_request("/track/open", nonce.as_ref());
    let mut response = render(&state, request, || provide_context(OpenLinkView { used: true })).await;
    *response.status_mut() = StatusCode::GONE;
    Ok((jar, response).into_response())
}

#[derive(Deserialize, Default)]
struct CaseQuery {
    done: Option<String>,
}

async fn show_case(
    State(state): State<AppState>,
    Query(query): Query<CaseQuery>,
    jar: CookieJar,
    addr: Option<Extension<ClientAddr>>,
    request: axum::extract::Request,
) -> Result<Response, AppError> {
    let session = match session(&state, &jar).await? {
        Ok(session) => session,
        Err(redirect) => return Ok(redirect),
    };
    let now = state.clock.now();
    let case = case::load(&state.pool, session.report_id).await?;
    let entry = Entry {
        actor: Actor::Session(session.id),
        action: "view-case",
        report_id: Some(session.report_id),
        outcome: "shown",
        client: client(&state, addr).await?,
        reason: None,
    };
    audit::record(&state.pool, entry, now).await?;
    let notice = query.done.as_deref().and_then(case::notice_for);
    let view = case::view(&case, now, &state.allocator, notice);
    Ok(render(&state, request, move || provide_context(view.clone())).await)
}

/// The form of `action`, with `form` and `errors`, for the case loaded.
fn action_view(
    state: &AppState,
    action: TrackAction,
    case: &case::Case,
    form: Form,
    errors: Vec<FieldError>,
) -> ActionView {
    let now = state.clock.now();
    let answer_by = (action == TrackAction::Update).then(|| {
        case::due_day(
            case::open_update_request(case).unwrap_or_else(|| case::update_answer_by(now, &state.allocator)),
        )
    });
    let decision_reason = (action == TrackAction::Review)
        .then(|| case.facts.no_further_action.as_ref().map(|n| n.reason.clone()))
        .flatten();
    ActionView {
        action,
        reference: case.reference.clone(),
        state: FormState { form, errors },
        answer_by,
        decision_reason,
    }
}

/// The contact plan as the contact questions' answers, to change from.
fn contact_form(case: &case::Case) -> Form {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (channel, safe) in &case.contact.channels {
        pairs.push(("channels".into(), channel.slug().into()));
        pairs.push((format!("safe-{}", channel.slug()), if *safe { "yes" } else { "no" }.into()));
    }
    pairs.push(("frequency".into(), case.contact.frequency.slug().into()));
    pairs.push(("safe-times".into(), case.contact.safe_times.clone().unwrap_or_default()));
    Form::from_pairs(pairs)
}

async fn show_action(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    jar: CookieJar,
    request: axum::extract::Request,
) -> Result<Response, AppError> {
    let Some(action) = TrackAction::from_slug(&slug) else {
        return Ok(render(&state, request, || ()).await);
    };
    let session = match session(&state, &jar).await? {
        Ok(session) => session,
        Err(redirect) => return Ok(redirect),
    };
    let case = case::load(&state.pool, session.report_id).await?;
    if action == TrackAction::Review && !case::may_ask_for_review(&case, state.clock.now()) {
        return Ok(Redirect::to("/track/case").into_response());
    }
    let form = if action == TrackAction::Contact { contact_form(&case) } else { Form::default() };
    let view = action_view(&state, action, &case, form, Vec::new());
    Ok(render(&state, request, move || provide_context(view.clone())).await)
}

/// Tells the victim where to give a contact detail the report does not have.
const MISSING_DETAIL_ADVICE: &str = "Choose another way, or call 101 to give it to us";

async fn act(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    jar: CookieJar,
    nonce: Option<Extension<Nonce>>,
    addr: Option<Extension<ClientAddr>>,
    StrictForm(pairs): StrictForm,
) -> Result<Response, AppError> {
    let Some(action) = TrackAction::from_slug(&slug) else {
        return Ok(StatusCode::NOT_FOUND.into_response());
    };
    let session = match session(&state, &jar).await? {
        Ok(session) => session,
        Err(_) => {
            // Signed out (idle too long, say) while writing: ask them to sign in again, with what
            // they wrote carried in the sign-in form and sent once they are in.
            let jar = jar.remove(cookies::TRACK_SESSION.removal(&state));
            return Ok((jar, carry(&state, action, pairs, nonce.as_ref()).await).into_response());
        }
    };
    perform(&state, session, action, Form::from_pairs(pairs), nonce, addr).await
}

/// The name of the hidden field that says which action a sign-in carries.
const CARRY_ACTION: &str = "carry-action";
/// The prefix of the hidden fields that carry the action's answers.
const CARRY_PREFIX: &str = "carry-field-";
const CARRIED_NOTICE: &str = "You were signed out before what you wrote was sent, to keep your report safe. \
                              Nothing you wrote has been lost: sign in again and we will send it.";

/// The sign-in page carrying `pairs` (the answers to `action`) in hidden fields.
async fn carry(
    state: &AppState,
    action: TrackAction,
    pairs: Vec<(String, String)>,
    nonce: Option<&Extension<Nonce>>,
) -> Response {
    let carried = std::iter::once((CARRY_ACTION.to_string(), action.slug().to_string()))
        .chain(pairs.into_iter().map(|(name, value)| (format!("{CARRY_PREFIX}{name}"), value)))
        .collect();
    let view = LookupView { state: FormState::default(), notice: Some(CARRIED_NOTICE.into()), carried };
    render(state, page_request("/track", nonce), move || provide_context(view.clone())).await
}

/// The action and its answers carried through a sign-in, if any.
fn uncarry(carried: &[(String, String)]) -> Option<(TrackAction, Form)> {
    let slug = carried.iter().find(|(name, _)| name == CARRY_ACTION)?;
    let action = TrackAction::from_slug(&slug.1)?;
    let pairs = carried
        .iter()
        .filter_map(|(name, value)| Some((name.strip_prefix(CARRY_PREFIX)?.to_string(), value.clone())));
    Some((action, Form::from_pairs(pairs)))
}

/// Checks and stores `action` for the session's report: on to the case page with a
/// confirmation, or the form again with the problems and everything as typed.
async fn perform(
    state: &AppState,
    session: Session,
    action: TrackAction,
    form: Form,
    nonce: Option<Extension<Nonce>>,
    addr: Option<Extension<ClientAddr>>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let case = case::load(&state.pool, session.report_id).await?;
    let checked = match action {
        TrackAction::Information => tracking::check_information(&form).map(Action::Send),
        TrackAction::Update => tracking::check_update_request(&form).map(Action::Send),
        TrackAction::Review => {
            if !case::may_ask_for_review(&case, now) {
                return Ok(Redirect::to("/track/case").into_response());
            }
            tracking::check_review(&form).map(Action::Send)
        }
        TrackAction::Complaint => tracking::check_complaint(&form).map(Action::Send),
        TrackAction::Contact => match &case.report {
            Some(report) => {
                check_contact(&form, &report.people, MISSING_DETAIL_ADVICE).map(Action::ChangeContact)
            }
            None => Err(vec![error("channels", "Call 101 to change how we contact you")]),
        },
    };
    match checked {
        Ok(checked) => {
            let repeat_update = matches!(checked, Action::Send(tracking::Message::UpdateRequest { .. }))
                && case::open_update_request(&case).is_some();
            if repeat_update {
                // The earlier request stands, with its date: nothing new to record but the attempt.
                let entry = Entry {
                    actor: Actor::Session(session.id),
                    action: "update-requested",
                    report_id: Some(session.report_id),
                    outcome: "already-open",
                    client: client(state, addr).await?,
                    reason: None,
                };
                audit::record(&state.pool, entry, now).await?;
                return Ok(Redirect::to("/track/case?done=already-asked").into_response());
            }
            let client = client(state, addr).await?;
            actions::store(&state.pool, session, &checked, client, now, &state.allocator).await?;
            Ok(Redirect::to(&format!("/track/case?done={}", action.slug())).into_response())
        }
        Err(errors) => {
            let view = action_view(state, action, &case, form, errors);
            let request = page_request(&format!("/track/case/{}", action.slug()), nonce.as_ref());
            let mut response = render(state, request, move || provide_context(view.clone())).await;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
    }
}

async fn sign_out(
    State(state): State<AppState>,
    jar: CookieJar,
    addr: Option<Extension<ClientAddr>>,
) -> Result<Response, AppError> {
    if let Some(token) = cookies::TRACK_SESSION.get(&state, &jar) {
        let now = state.clock.now();
        if let Some(session) = sessions::end(&state.pool, &token, now).await? {
            let entry = Entry {
                actor: Actor::Session(session.id),
                action: "sign-out",
                report_id: Some(session.report_id),
                outcome: "ended",
                client: client(&state, addr).await?,
                reason: None,
            };
            audit::record(&state.pool, entry, now).await?;
        }
    }
    let jar = jar.remove(cookies::TRACK_SESSION.removal(&state));
    Ok((jar, Redirect::to("/track/signed-out")).into_response())
}
