//! The tracking page's forms as server functions: sign in with reference and code, ask for a
//! link by email, use a link, each action on the case page, and sign out. Each takes the state
//! from context, calls a use case in `track::access` or `track::requests` and answers with a
//! redirect; problems and answers as typed come back through a sealed notice (`web::flash`).

use app::pages::TrackAction;
use leptos::{server, server_fn::error::ServerFnError};
use rules::wizard::{FieldError, Form};

use super::{
    cookies::{TRACK_LINK, TRACK_SESSION},
    flash::{self, Notice},
    form_post::{client, cookies as jar, failed, reply, state, FormPost, Posted},
};
use crate::{
    form_post,
    state::AppState,
    track::{
        access::{self, SignedIn, Standing},
        requests::{self, Asked},
        sessions::Session,
    },
};

/// The name of the hidden field that says which action a sign-in carries.
pub const CARRY_ACTION: &str = "carry-action";
/// The prefix of the hidden fields that carry the action's answers.
pub const CARRY_PREFIX: &str = "carry-field-";
pub const CARRIED_NOTICE: &str =
    "You were signed out before what you wrote was sent, to keep your report safe. \
                                  Nothing you wrote has been lost: sign in again and we will send it.";

/// Leaves `notice` for `page` and redirects there.
async fn notice_then(state: &AppState, page: &str, notice: Notice) -> Result<(), ServerFnError> {
    let cookie = flash::leave(state, page, &notice).await.map_err(failed)?;
    reply().cookie(cookie).see_other(page)
}

fn signed_in(state: &AppState, signed_in: &SignedIn) {
    reply().cookie(TRACK_SESSION.set(state, signed_in.token.clone(), None));
}

/// Sign-in with the reference and tracking code; carries on with what the person was sending
/// when their last session ended, if the form carries it.
#[server(prefix = "", endpoint = "track", input = FormPost)]
pub async fn sign_in(form: Posted) -> Result<(), ServerFnError> {
    let state = state()?;
    let (carried, typed): (Vec<_>, Vec<_>) =
        form.0.into_iter().partition(|(name, _)| name == CARRY_ACTION || name.starts_with(CARRY_PREFIX));
    let typed = Form::from_pairs(typed);
    let (reference, code) = (typed.value("reference"), typed.value("code"));
    match access::sign_in(&state, reference, code, client().await).await.map_err(failed)? {
        Ok(done) => {
            signed_in(&state, &done);
            match uncarry(&carried) {
                Some((action, form)) => ask(&state, done.session, action, form).await,
                None => reply().see_other("/track/case"),
            }
        }
        Err(errors) => {
            // The reference is kept as typed; the code is never sent back.
            let form = Form::from_pairs([("reference", reference)]);
            let note = (!carried.is_empty()).then(|| CARRIED_NOTICE.to_string());
            notice_then(&state, "/track", Notice::Answers { form, errors, note, carried }).await
        }
    }
}

/// "Email me a link": the same answer whether or not the details match a report.
#[server(prefix = "/track", endpoint = "email-link", input = FormPost)]
pub async fn email_link(form: Posted) -> Result<(), ServerFnError> {
    let state = state()?;
    let typed = Form::from_pairs(form.0);
    let asked = access::request_link(&state, typed.value("reference"), typed.value("email"), client().await);
    match asked.await.map_err(failed)? {
        Ok(()) => reply().see_other("/track/link-sent"),
        Err(errors) => notice_then(&state, "/track/email-link", Notice::answers(typed, errors)).await,
    }
}

/// "Continue to your report" after following an emailed link: uses it once.
#[server(prefix = "/track", endpoint = "open", input = FormPost)]
pub async fn open_link(form: Posted) -> Result<(), ServerFnError> {
    let _ = form;
    let state = state()?;
    let link = TRACK_LINK.get(&state, &jar().await).unwrap_or_default();
    reply().remove(TRACK_LINK.removal(&state));
    match access::open_link(&state, &link, client().await).await.map_err(failed)? {
        Some(done) => {
            signed_in(&state, &done);
            reply().see_other("/track/case")
        }
        None => notice_then(&state, "/track/open", Notice::Problem("used".into())).await,
    }
}

/// "Sign out": ends the session at once.
#[server(prefix = "/track", endpoint = "sign-out", input = FormPost)]
pub async fn sign_out(form: Posted) -> Result<(), ServerFnError> {
    let _ = form;
    let state = state()?;
    let token = TRACK_SESSION.get(&state, &jar().await);
    access::sign_out(&state, token.as_deref(), client().await).await.map_err(failed)?;
    reply().remove(TRACK_SESSION.removal(&state)).see_other("/track/signed-out")
}

/// Checks and stores `action` for the session's report; on to the case page with a
/// confirmation, or back to the form with the problems and everything as typed.
async fn ask(
    state: &AppState,
    session: Session,
    action: TrackAction,
    form: Form,
) -> Result<(), ServerFnError> {
    match requests::ask(state, session, action, &form, client().await).await.map_err(failed)? {
        Asked::Done => reply().see_other(&format!("/track/case?done={}", action.slug())),
        Asked::AlreadyAsked => reply().see_other("/track/case?done=already-asked"),
        Asked::NotOpen => reply().see_other("/track/case"),
        Asked::Fix(errors) => {
            notice_then(state, &format!("/track/case/{}", action.slug()), Notice::answers(form, errors)).await
        }
    }
}

/// An action on the case page. Signed out while writing (idle too long, say): the person is
/// asked to sign in again, with what they wrote carried in the sign-in form and sent once in.
async fn act(action: TrackAction, form: Posted) -> Result<(), ServerFnError> {
    let state = state()?;
    let token = TRACK_SESSION.get(&state, &jar().await);
    match access::standing(&state, token.as_deref()).await.map_err(failed)? {
        Standing::Live(session) => ask(&state, session, action, Form::from_pairs(form.0)).await,
        Standing::None | Standing::Ended => {
            reply().remove(TRACK_SESSION.removal(&state));
            let carried = carry(action, form.0);
            let note = Some(CARRIED_NOTICE.to_string());
            let notice =
                Notice::Answers { form: Form::default(), errors: Vec::<FieldError>::new(), note, carried };
            notice_then(&state, "/track", notice).await
        }
    }
}

/// `pairs` (the answers to `action`) as hidden fields of the sign-in form.
fn carry(action: TrackAction, pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    std::iter::once((CARRY_ACTION.to_string(), action.slug().to_string()))
        .chain(pairs.into_iter().map(|(name, value)| (format!("{CARRY_PREFIX}{name}"), value)))
        .collect()
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

/// One server function per action on the case page, each at `/track/case/<slug>`.
macro_rules! action_functions {
    ($($name:ident $args:ident $action:ident $slug:tt),+ $(,)?) => {
        $(
            #[doc = concat!("The form at `/track/case/", $slug, "`.")]
            #[server(prefix = "/track/case", endpoint = $slug, input = FormPost)]
            pub async fn $name(form: Posted) -> Result<(), ServerFnError> {
                act(TrackAction::$action, form).await
            }
        )+
        form_post!($($args),+);

        fn register_actions() {
            $(leptos::server_fn::axum::register_explicit::<$args>();)+
        }
    };
}

action_functions! {
    add_information AddInformation Information "add-information",
    contact_preferences ContactPreferences Contact "contact-preferences",
    ask_for_an_update AskForAnUpdate Update "ask-for-an-update",
    ask_for_a_review AskForAReview Review "ask-for-a-review",
    make_a_complaint MakeAComplaint Complaint "make-a-complaint",
}

form_post!(SignIn, EmailLink, OpenLink, SignOut);

/// Registers the tracking page's server functions.
pub fn register() {
    register_actions();
    leptos::server_fn::axum::register_explicit::<SignIn>();
    leptos::server_fn::axum::register_explicit::<EmailLink>();
    leptos::server_fn::axum::register_explicit::<OpenLink>();
    leptos::server_fn::axum::register_explicit::<SignOut>();
}
