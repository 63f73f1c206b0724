//! Post/redirect/get for answers that need fixing: the server function leaves a notice for the
//! page it redirects to, and that page takes it once. The notice (what was typed, the problems,
//! or a code to show once) is stored sealed with a random token that only the browser's cookie
//! holds, never in the address, and is gone after [`KEPT`] whether read or not.

use axum_extra::extract::cookie::{Cookie, CookieJar};
use rules::wizard::{FieldError, Form, Step};
use serde::{Deserialize, Serialize};

use super::cookies::FLASH;
use crate::{error::AppError, secrets, state::AppState, store::flash};

/// How long a notice waits for its page.
pub const KEPT: chrono::Duration = chrono::Duration::minutes(10);

/// What a page shows once, after a post.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Notice {
    /// A form's answers as typed, with the problems to fix (the first wizard page before any
    /// draft exists, a look-up, an emailed-link request, a tracking action) and, on the
    /// tracking sign-in page, a note and the fields carried through it.
    Answers { form: Form, errors: Vec<FieldError>, note: Option<String>, carried: Vec<(String, String)> },
    /// Why a code or link did not work.
    Problem(String),
    /// The code to continue a saved report, shown once, the day the report is deleted, and the
    /// page it was saved from.
    ResumeCode {
        code: String,
        expires: String,
        #[serde(default)]
        step: Option<Step>,
    },
    /// A staff account's enrolment link, shown once to the administrator who made it.
    EnrolmentLink { email: String, link: String },
}

impl Notice {
    /// Answers with their problems and nothing else.
    pub fn answers(form: Form, errors: Vec<FieldError>) -> Self {
        Notice::Answers { form, errors, note: None, carried: Vec::new() }
    }
}

/// Stores `notice` for `page`; returns the cookie that unlocks it.
pub async fn leave(state: &AppState, page: &str, notice: &Notice) -> Result<Cookie<'static>, AppError> {
    let token = secrets::new_token();
    let json = serde_json::to_string(notice).expect("serialisable");
    let sealed = secrets::seal(&token, &json);
    let expires = state.clock.now() + KEPT;
    flash::put(&state.pool, &secrets::digest(&token), page, &sealed, expires).await?;
    let max_age = time::Duration::seconds(KEPT.num_seconds());
    Ok(FLASH.set(state, token, Some(max_age)))
}

/// Takes the notice left for `page`, if any, and the jar without its cookie.
pub async fn take(
    state: &AppState,
    jar: CookieJar,
    page: &str,
) -> Result<(Option<Notice>, CookieJar), AppError> {
    let Some(token) = FLASH.get(state, &jar) else { return Ok((None, jar)) };
    let jar = jar.remove(FLASH.removal(state));
    let sealed = flash::take(&state.pool, &secrets::digest(&token), page, state.clock.now()).await?;
    let notice = sealed
        .and_then(|sealed| secrets::open(&token, &sealed))
        .and_then(|json| serde_json::from_str(&json).ok());
    Ok((notice, jar))
}
