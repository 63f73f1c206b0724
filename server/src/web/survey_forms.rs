//! The satisfaction survey's form as a server function: the state from context, the use case in
//! `survey::answer`, a redirect. Problems and answers as typed come back through a sealed notice
//! (`web::flash`), never in the address.

use leptos::{server, server_fn::error::ServerFnError};
use rules::wizard::Form;

use super::{
    cookies::SURVEY_LINK,
    flash::{self, Notice},
    form_post::{cookies as jar, failed, reply, state, FormPost, Posted},
};
use crate::{
    form_post,
    survey::answer::{self, Answered},
};

/// "Send your answers": stored once, then the thank-you page; a link already used or expired
/// gets the page that says so, and nothing is stored.
#[server(prefix = "", endpoint = "survey", input = FormPost)]
pub async fn send_answers(form: Posted) -> Result<(), ServerFnError> {
    let state = state()?;
    let token = SURVEY_LINK.get(&state, &jar().await);
    let typed = Form::from_pairs(form.0);
    match answer::answer(&state.pool, token.as_deref(), &typed, state.clock.now())
        .await
        .map_err(|e| failed(e.into()))?
    {
        Answered::Stored => reply().remove(SURVEY_LINK.removal(&state)).see_other("/survey/thank-you"),
        Answered::Closed => reply().remove(SURVEY_LINK.removal(&state)).see_other("/survey"),
        Answered::Fix(errors) => {
            let cookie =
                flash::leave(&state, "/survey", &Notice::answers(typed, errors)).await.map_err(failed)?;
            reply().cookie(cookie).see_other("/survey")
        }
    }
}

form_post!(SendAnswers);

/// Registers the survey's server function.
pub fn register() {
    leptos::server_fn::axum::register_explicit::<SendAnswers>();
}
