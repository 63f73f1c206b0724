//! The tracking page's pages: each a GET that renders from the session's report, or from the
//! notice a post left (problems and answers as typed), beside the server functions in
//! [`super::track_forms`] that answer their forms.

use app::{
    form_controls::FormState,
    pages::{ActionView, EmailLinkView, LookupView, OpenLinkView, TrackAction},
};
use axum::{
    extract::{Path, Query, State},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
    Extension, Router,
};
use axum_extra::extract::cookie::CookieJar;
use leptos::prelude::provide_context;
use rules::wizard::{FieldError, Form};
use serde::Deserialize;

use super::{
    cookies,
    flash::{self, Notice},
    form_post::server_functions,
    render, ClientAddr,
};
use crate::{
    error::AppError,
    state::AppState,
    track::{
        access::{self, Standing},
        audit::Actor,
        case,
        sessions::Session,
    },
};

/// The tracking page's routes: pages, and the server functions their forms post to.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/track", get(show_lookup).post(server_functions))
        .route("/track/email-link", get(show_email_link).post(server_functions))
        .route("/track/link/{token}", get(follow_link))
        .route("/track/open", get(show_open).post(server_functions))
        .route("/track/case", get(show_case))
        .route("/track/case/{action}", get(show_action).post(server_functions))
        .route("/track/sign-out", post(server_functions))
}

/// The live session in the cookie, or the redirect to the look-up page (with a notice when the
/// session has ended).
async fn session(state: &AppState, jar: &CookieJar) -> Result<Result<Session, Response>, AppError> {
    let token = cookies::TRACK_SESSION.get(state, jar);
    Ok(match access::standing(state, token.as_deref()).await? {
        Standing::Live(session) => Ok(session),
        Standing::None => Err(Redirect::to("/track").into_response()),
        Standing::Ended => {
            let jar = jar.clone().remove(cookies::TRACK_SESSION.removal(state));
            Err((jar, Redirect::to("/track?signed-out=inactive")).into_response())
        }
    })
}

/// The answers and problems a post left for `page`, or none.
async fn answers_left(
    state: &AppState,
    jar: CookieJar,
    page: &str,
) -> Result<(Option<(Form, Vec<FieldError>, Option<String>, Vec<(String, String)>)>, CookieJar), AppError> {
    let (notice, jar) = flash::take(state, jar, page).await?;
    let left = match notice {
        Some(Notice::Answers { form, errors, note, carried }) => Some((form, errors, note, carried)),
        _ => None,
    };
    Ok((left, jar))
}

#[derive(Deserialize, Default)]
struct LookupQuery {
    #[serde(rename = "signed-out")]
    signed_out: Option<String>,
}

async fn show_lookup(
    State(state): State<AppState>,
    Query(query): Query<LookupQuery>,
    jar: CookieJar,
    request: axum::extract::Request,
) -> Result<Response, AppError> {
    let (left, jar) = answers_left(&state, jar, "/track").await?;
    let (form, errors, note, carried) = left.unwrap_or_default();
    let notice = note.or_else(|| {
        query.signed_out.map(|_| {
            format!(
                "You were signed out because you had not done anything for {} minutes. This keeps your report safe. Sign in again to carry on.",
                state.tracking.idle.num_minutes()
            )
        })
    });
    let view = LookupView { state: FormState { form, errors }, notice, carried };
    Ok((jar, render(&state, request, move || provide_context(view.clone())).await).into_response())
}

async fn show_email_link(
    State(state): State<AppState>,
    jar: CookieJar,
    request: axum::extract::Request,
) -> Result<Response, AppError> {
    let (left, jar) = answers_left(&state, jar, "/track/email-link").await?;
    let (form, errors, _, _) = left.unwrap_or_default();
    let view = EmailLinkView { state: FormState { form, errors } };
    Ok((jar, render(&state, request, move || provide_context(view.clone())).await).into_response())
}

/// A link from an email: the token moves into a short-lived cookie and the address bar moves on
/// to a clean address. Nothing is used up yet: mail scanners that fetch links do no harm.
async fn follow_link(State(state): State<AppState>, Path(token): Path<String>, jar: CookieJar) -> Response {
    let jar = jar.add(cookies::TRACK_LINK.set(&state, token, Some(cookies::LINK_WAIT)));
    (jar, Redirect::to("/track/open")).into_response()
}

/// "Continue to your report", or, after a link that had expired or been used, the other ways in.
async fn show_open(
    State(state): State<AppState>,
    jar: CookieJar,
    request: axum::extract::Request,
) -> Result<Response, AppError> {
    let (notice, jar) = flash::take(&state, jar, "/track/open").await?;
    let used = notice.is_some();
    if !used && cookies::TRACK_LINK.get(&state, &jar).is_none() {
        return Ok((jar, Redirect::to("/track")).into_response());
    }
    Ok((jar, render(&state, request, move || provide_context(OpenLinkView { used })).await).into_response())
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
    let client = addr.map(|Extension(ClientAddr(ip))| ip);
    access::audit(&state, Actor::Session(session.id), "view-case", Some(session.report_id), "shown", client)
        .await?;
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
    let (left, jar) = answers_left(&state, jar, &format!("/track/case/{slug}")).await?;
    let (form, errors) = match left {
        Some((form, errors, _, _)) => (form, errors),
        None if action == TrackAction::Contact => (contact_form(&case), Vec::new()),
        None => (Form::default(), Vec::new()),
    };
    let view = action_view(&state, action, &case, form, errors);
    Ok((jar, render(&state, request, move || provide_context(view.clone())).await).into_response())
}
