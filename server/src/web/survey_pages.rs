//! The satisfaction survey's pages: the emailed link, which moves its token into a short-lived
//! cookie and the address bar on to `/survey`, and the form, rendered from the cookie's survey
//! (or the notice a post left: problems and answers as typed), beside the server function in
//! [`super::survey_forms`] that answers it. No page shows anything about the victim's case.

use app::{form_controls::FormState, pages::SurveyView};
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
    routing::get,
    Router,
};
use axum_extra::extract::cookie::CookieJar;
use leptos::prelude::provide_context;

use super::{
    cookies::{SURVEY_LINK, SURVEY_WAIT},
    flash::{self, Notice},
    form_post::server_functions,
    render,
};
use crate::{error::AppError, state::AppState, survey::answer};

/// The survey's routes: the link, and the form's page, where its server function is posted.
/// (`/survey/thank-you` is a plain page of the app's.)
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/survey", get(show_survey).post(server_functions))
        .route("/survey/{token}", get(follow_link))
}

/// A link from an email: the token moves into a short-lived cookie and the address bar (and the
/// history) moves on to a clean address. Nothing is used up: mail scanners that fetch links do
/// no harm, and whether the link works is said on the next page, not here.
async fn follow_link(State(state): State<AppState>, Path(token): Path<String>, jar: CookieJar) -> Response {
    let jar = jar.add(SURVEY_LINK.set(&state, token, Some(SURVEY_WAIT)));
    (jar, Redirect::to("/survey")).into_response()
}

/// The form, with what a post left; or, when the cookie's link does not open a survey, the page
/// that says it has been used or has expired (the same whatever the reason).
async fn show_survey(
    State(state): State<AppState>,
    jar: CookieJar,
    request: axum::extract::Request,
) -> Result<Response, AppError> {
    let token = SURVEY_LINK.get(&state, &jar);
    let open = answer::is_open(&state.pool, token.as_deref(), state.clock.now()).await?;
    let (notice, jar) = flash::take(&state, jar, "/survey").await?;
    let jar = if open || token.is_none() { jar } else { jar.remove(SURVEY_LINK.removal(&state)) };
    let state_left = match notice {
        Some(Notice::Answers { form, errors, .. }) if open => FormState { form, errors },
        _ => FormState::default(),
    };
    let view = SurveyView { open, state: state_left };
    Ok((jar, render(&state, request, move || provide_context(view.clone())).await).into_response())
}
