//! The staff workspace's pages: each a GET that checks the session and the permission on the
//! server, then renders a view; the forms post to the server functions in [`super::staff_forms`].

use app::{
    form_controls::FormState,
    pages::staff::{
        AccountView, StaffAccountsView, StaffCodeView, StaffEnrolView, StaffReasonView, StaffSignInView,
    },
};
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::{Html, IntoResponse, Redirect, Response},
    routing::{get, post},
    Router,
};
use axum_extra::extract::cookie::CookieJar;
use leptos::prelude::provide_context;
use rules::staff::{Permission, Role};
use serde::Deserialize;

use super::{
    cookies::{STAFF_ENROL, STAFF_SESSION},
    flash::{self, Notice},
    form_post::server_functions,
    render,
};
use crate::{
    error::AppError,
    staff::{
        access::{self, Standing},
        case, compliance, queue, StaffSession,
    },
    state::AppState,
    store,
};

/// The workspace's routes: pages, and the server functions their forms post to.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff", get(show_queue))
        .route("/staff/sign-in", get(show_sign_in).post(server_functions))
        .route("/staff/sign-in/code", get(show_code).post(server_functions))
        .route("/staff/sign-out", post(server_functions))
        .route("/staff/enrol/{token}", get(follow_enrolment))
        .route("/staff/enrol", get(show_enrol).post(server_functions))
        .route("/staff/requests", get(show_requests))
        .route("/staff/accounts", get(show_accounts))
        .route("/staff/compliance", get(show_compliance))
        .route("/staff/compliance.csv", get(export_compliance_csv))
        .route("/staff/compliance.json", get(export_compliance_json))
        .route("/staff/accounts/{action}", post(server_functions))
        .route("/staff/case/{reference}", get(show_case).post(server_functions))
        .route("/staff/forbidden", get(forbidden))
}

/// The "you do not have access" page, 403.
pub fn refused(state: &AppState) -> Response {
    (StatusCode::FORBIDDEN, Html(app::pages::render_refusal_page(&state.site, 403, 0, None))).into_response()
}

async fn forbidden(State(state): State<AppState>) -> Response {
    refused(&state)
}

/// The signed-in staff session with `permission`, or the response that stands instead: sign in
/// (no session, or ended), the code (half signed in), or 403.
pub async fn signed_in(
    state: &AppState,
    jar: &CookieJar,
    permission: Permission,
) -> Result<Result<StaffSession, Response>, AppError> {
    let token = STAFF_SESSION.get(state, jar);
    Ok(match access::standing(state, token.as_deref()).await? {
        Standing::SignedIn(session) if session.may(permission) => Ok(session),
        Standing::SignedIn(session) if session.role == Role::Admin && permission == Permission::ViewQueue => {
            Err(Redirect::to("/staff/accounts").into_response())
        }
        Standing::SignedIn(_) => Err(refused(state)),
        Standing::Password { .. } => Err(Redirect::to("/staff/sign-in/code").into_response()),
        Standing::None => Err(Redirect::to("/staff/sign-in").into_response()),
        Standing::Ended => {
            let jar = jar.clone().remove(STAFF_SESSION.removal(state));
            Err((jar, Redirect::to("/staff/sign-in?signed-out=inactive")).into_response())
        }
    })
}

async fn answers_left(
    state: &AppState,
    jar: CookieJar,
    page: &str,
) -> Result<(FormState, CookieJar), AppError> {
    let (notice, jar) = flash::take(state, jar, page).await?;
    let form = match notice {
        Some(Notice::Answers { form, errors, .. }) => FormState { form, errors },
        _ => FormState::default(),
    };
    Ok((form, jar))
}

#[derive(Deserialize, Default)]
struct SignInQuery {
    #[serde(rename = "signed-out")]
    signed_out: Option<String>,
}

async fn show_sign_in(
    State(state): State<AppState>,
    Query(query): Query<SignInQuery>,
    jar: CookieJar,
    request: axum::extract::Request,
) -> Result<Response, AppError> {
    let (left, jar) = flash::take(&state, jar, "/staff/sign-in").await?;
    let (form, note) = match left {
        Some(Notice::Answers { form, errors, note, .. }) => (FormState { form, errors }, note),
        _ => (FormState::default(), None),
    };
    let notice = note.or_else(|| query.signed_out.map(|_| {
        format!(
            "You were signed out because you had not done anything for {} minutes, or your session had ended. Sign in again to carry on.",
            state.staff.idle.num_minutes()
        )
    }));
    let view = StaffSignInView { state: form, notice };
    Ok((jar, render(&state, request, move || provide_context(view.clone())).await).into_response())
}

async fn show_code(
    State(state): State<AppState>,
    jar: CookieJar,
    request: axum::extract::Request,
) -> Result<Response, AppError> {
    let token = STAFF_SESSION.get(&state, &jar);
    if !matches!(access::standing(&state, token.as_deref()).await?, Standing::Password { .. }) {
        return Ok(Redirect::to("/staff/sign-in").into_response());
    }
    let (form, jar) = answers_left(&state, jar, "/staff/sign-in/code").await?;
    let view = StaffCodeView { state: form };
    Ok((jar, render(&state, request, move || provide_context(view.clone())).await).into_response())
}

/// An enrolment link: the token moves into a short-lived cookie and the address bar moves on, so
/// the token is not left in history. Nothing is used up yet.
async fn follow_enrolment(
    State(state): State<AppState>,
    Path(token): Path<String>,
    jar: CookieJar,
) -> Response {
    let jar = jar.add(STAFF_ENROL.set(&state, token, Some(time::Duration::minutes(30))));
    (jar, Redirect::to("/staff/enrol")).into_response()
}

async fn show_enrol(
    State(state): State<AppState>,
    jar: CookieJar,
    request: axum::extract::Request,
) -> Result<Response, AppError> {
    let token = STAFF_ENROL.get(&state, &jar).unwrap_or_default();
    let (form, jar) = answers_left(&state, jar, "/staff/enrol").await?;
    let view = match access::enrolment(&state, &token).await? {
        Some(e) => StaffEnrolView {
            email: e.email,
            secret_text: e.secret_text,
            qr_svg: e.qr_svg,
            state: form,
            used: false,
        },
        None => StaffEnrolView { used: true, ..Default::default() },
    };
    Ok((jar, render(&state, request, move || provide_context(view.clone())).await).into_response())
}

async fn show_queue(
    State(state): State<AppState>,
    Query(query): Query<queue::QueueQuery>,
    jar: CookieJar,
    request: axum::extract::Request,
) -> Result<Response, AppError> {
    let session = match signed_in(&state, &jar, Permission::ViewQueue).await? {
        Ok(session) => session,
        Err(response) => return Ok(response),
    };
    let view =
        queue::queue(&state.pool, &session, &query, state.clock.now(), &state.allocator.calendar).await?;
    Ok(render(&state, request, move || provide_context(view.clone())).await)
}

async fn show_requests(
    State(state): State<AppState>,
    jar: CookieJar,
    request: axum::extract::Request,
) -> Result<Response, AppError> {
    let session = match signed_in(&state, &jar, Permission::ViewQueue).await? {
        Ok(session) => session,
        Err(response) => return Ok(response),
    };
    let view = queue::requests(&state.pool, &session, state.clock.now(), &state.allocator.calendar).await?;
    Ok(render(&state, request, move || provide_context(view.clone())).await)
}

#[derive(Deserialize, Default)]
struct CaseQuery {
    template: Option<String>,
    done: Option<String>,
}

/// The words after a decision.
fn done_words(done: &str) -> &'static str {
    match done {
        "claim" => "You have claimed this report.",
        "record" => "The crime is recorded. The victim has been told.",
        "allocate" => "The allocation is saved. The victim has been told.",
        "file" => "The report is filed at source. The victim can read your reason on their tracking page.",
        "return" => "Your question has been sent. The report waits for the victim's answer.",
        "referral" => "The referral is recorded.",
        "update" => "Your update has been sent.",
        "no-further-action" => "No further action is recorded. The victim has been told.",
        "answer" => "Your answer has been sent.",
        "review" => "The review is decided. The victim has been told.",
        "reassign" => "The report has been given to someone else.",
        "crime-type" => "The crime type is changed and the rules have run again. Check the new proposal.",
        "acknowledge" => "The acknowledgement is recorded.",
        _ => "Done.",
    }
}

async fn show_case(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    Query(query): Query<CaseQuery>,
    jar: CookieJar,
    request: axum::extract::Request,
) -> Result<Response, AppError> {
    let session = match signed_in(&state, &jar, Permission::ViewQueue).await? {
        Ok(session) => session,
        Err(response) => return Ok(response),
    };
    let Some(report_id) = (match rules::codes::Reference::parse(&reference) {
        Ok(reference) => store::reports::id_by_reference(&state.pool, reference.as_str()).await?,
        Err(_) => None,
    }) else {
        return Ok((StatusCode::NOT_FOUND, render(&state, request, || ()).await).into_response());
    };
    let page = format!("/staff/case/{reference}");
    let (form, jar) = answers_left(&state, jar, &page).await?;
    let now = state.clock.now();
    let Some(reason) = case::standing_reason(&state.pool, &session, report_id).await? else {
        let view = StaffReasonView {
            nav: queue::nav(&session, "/staff"),
            reference: reference.clone(),
            state: form,
        };
        return Ok(
            (jar, render(&state, request, move || provide_context(view.clone())).await).into_response()
        );
    };
    case::audit_view(&state.pool, &session, report_id, &reason, now).await?;
    let notice = query.done.as_deref().map(|d| done_words(d).to_string());
    let view = case::view(
        &state.pool,
        &session,
        report_id,
        now,
        &state.allocator.calendar,
        query.template.as_deref(),
        notice,
        form,
    )
    .await?;
    match view {
        Some(view) => {
            Ok((jar, render(&state, request, move || provide_context(view.clone())).await).into_response())
        }
        None => Ok(refused(&state)),
    }
}

async fn show_accounts(
    State(state): State<AppState>,
    jar: CookieJar,
    request: axum::extract::Request,
) -> Result<Response, AppError> {
    let session = match signed_in(&state, &jar, Permission::ManageAccounts).await? {
        Ok(session) => session,
        Err(response) => return Ok(response),
    };
    let (notice, jar) = flash::take(&state, jar, "/staff/accounts").await?;
    let (form, new_link, note) = match notice {
        Some(Notice::Answers { form, errors, note, .. }) => (FormState { form, errors }, None, note),
        Some(Notice::EnrolmentLink { email, link }) => (FormState::default(), Some((email, link)), None),
        _ => (FormState::default(), None, None),
    };
    let accounts = store::staff::accounts(&state.pool)
        .await?
        .into_iter()
        .map(|a| AccountView {
            status: if a.disabled_at.is_some() {
                "Disabled".into()
            } else if a.enrolled_at.is_some() {
                "Active".into()
            } else {
                "Waiting to enrol".into()
            },
            disabled: a.disabled_at.is_some(),
            role: Role::from_slug(&a.role).map_or(a.role.clone(), |r| r.name().to_string()),
            email: a.email,
        })
        .collect();
    let view = StaffAccountsView {
        nav: queue::nav(&session, "/staff/accounts"),
        accounts,
        state: form,
        new_link,
        notice: note,
    };
    Ok((jar, render(&state, request, move || provide_context(view.clone())).await).into_response())
}

async fn show_compliance(
    State(state): State<AppState>,
    Query(query): Query<compliance::ComplianceQuery>,
    jar: CookieJar,
    request: axum::extract::Request,
) -> Result<Response, AppError> {
    let session = match signed_in(&state, &jar, Permission::SeeCompliance).await? {
        Ok(session) => session,
        Err(response) => return Ok(response),
    };
    let now = state.clock.now();
    let view = compliance::page(&state.pool, &session, &query, now, &state.allocator.calendar).await?;
    let status = if view.state.errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    Ok((status, render(&state, request, move || provide_context(view.clone())).await).into_response())
}

async fn export_compliance_csv(
    State(state): State<AppState>,
    Query(query): Query<compliance::ComplianceQuery>,
    jar: CookieJar,
) -> Result<Response, AppError> {
    export_compliance(state, query, jar, "csv").await
}

async fn export_compliance_json(
    State(state): State<AppState>,
    Query(query): Query<compliance::ComplianceQuery>,
    jar: CookieJar,
) -> Result<Response, AppError> {
    export_compliance(state, query, jar, "json").await
}

/// The compliance figures as a download, audited with the period and filters (no case data is
/// in them: counts only).
async fn export_compliance(
    state: AppState,
    query: compliance::ComplianceQuery,
    jar: CookieJar,
    format: &str,
) -> Result<Response, AppError> {
    let session = match signed_in(&state, &jar, Permission::SeeCompliance).await? {
        Ok(session) => session,
        Err(response) => return Ok(response),
    };
    let now = state.clock.now();
    let summary = match compliance::summary(&state.pool, &query, now, &state.allocator.calendar).await? {
        Ok(summary) => summary,
        Err(errors) => {
            let words = errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(". ");
            return Ok((StatusCode::BAD_REQUEST, [("content-type", "text/plain; charset=utf-8")], words)
                .into_response());
        }
    };
    let reason = format!(
        "{}; crime type {}; team {}",
        summary.period,
        summary.crime_type.as_deref().unwrap_or("all"),
        summary.outcome.as_deref().unwrap_or("all")
    );
    let entry = crate::track::audit::Entry {
        actor: crate::track::audit::Actor::Staff(session.account_id),
        action: if format == "csv" { "export-compliance-csv" } else { "export-compliance-json" },
        report_id: None,
        outcome: "done",
        client: None,
        reason: Some(&reason),
    };
    crate::track::audit::record(&state.pool, entry, now).await?;
    let name = format!("victims-code-compliance-{}", now.format("%Y-%m-%d"));
    let (body, content_type) = if format == "csv" {
        (summary.csv(), "text/csv; charset=utf-8")
    } else {
        (serde_json::to_string_pretty(&summary).unwrap_or_default(), "application/json")
    };
    let disposition = format!("attachment; filename=\"{name}.{format}\"");
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, content_type.to_string()),
            (axum::http::header::CONTENT_DISPOSITION, disposition),
            (axum::http::header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response())
}
