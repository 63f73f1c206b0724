//! Getting in to the staff workspace and out again: enrolment (a password and a TOTP app, from a
//! one-time link), sign-in in two steps (email and password, then a 6-digit code; a new session
//! token after each), sign-out. Every attempt is audited.
//!
//! Failures slow down, never lock: after a few failed attempts on an account each further
//! failure waits longer (the tracking page's soft delay, counted per account in the database so
//! every node sees it), and a correct password and code always get in. An attacker cannot lock
//! a colleague out. An unknown address takes as long as a known one (a dummy hash is verified).

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use rules::{
    staff::{check_password, Role},
    wizard::FieldError,
};

use super::{accounts::TOTP_KEY, normalise_email, totp, StaffSession};
use crate::{
    error::AppError,
    secrets,
    state::AppState,
    store::{self, staff::NewSession},
    track::{
        access::{client_digest, error},
        audit::{self, Actor, Entry},
    },
};

/// What every failed password attempt is told, whatever was wrong.
pub const NO_MATCH: &str = "The email address and password do not match. Check them and try again";
/// What every failed code is told.
pub const BAD_CODE: &str =
    "The code is not right or has been used. Enter the 6-digit code your authenticator app shows now";

/// Where the staff cookie's session stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Both factors given.
    SignedIn(StaffSession),
    /// The password is right; the code is still to come.
    Password { session_id: i64, account_id: i64 },
    /// No cookie.
    None,
    /// Ended (idle, expired, signed out, account disabled).
    Ended,
}

/// The session whose cookie token is `token`, its idle expiry moved on.
pub async fn standing(state: &AppState, token: Option<&str>) -> Result<Standing, AppError> {
    let Some(token) = token else { return Ok(Standing::None) };
    let now = state.clock.now();
    let found =
        store::staff::touch_session(&state.pool, &secrets::digest(token), now, now + state.staff.idle)
            .await?;
    Ok(match found {
        None => Standing::Ended,
        Some((session_id, account_id, stage, role, email)) => {
            match (stage.as_str(), Role::from_slug(&role)) {
                ("signed-in", Some(role)) => {
                    Standing::SignedIn(StaffSession { session_id, account_id, role, email })
                }
                ("password", Some(_)) => Standing::Password { session_id, account_id },
                _ => Standing::Ended,
            }
        }
    })
}

async fn start_session(
    state: &AppState,
    account_id: i64,
    stage: &str,
    now: DateTime<Utc>,
) -> store::Result<String> {
    let token = secrets::new_token();
    let expires = now + state.staff.absolute;
    // Between the password and the code a session waits at most 5 minutes.
    let idle = if stage == "password" { chrono::Duration::minutes(5) } else { state.staff.idle };
    let session = NewSession {
        token_digest: &secrets::digest(&token),
        account_id,
        stage,
        now,
        idle_expires: (now + idle).min(expires),
        expires,
    };
    store::staff::start_session(&state.pool, &session).await?;
    Ok(token)
}

async fn audit(
    state: &AppState,
    actor: Actor<'_>,
    action: &str,
    outcome: &str,
    client: Option<IpAddr>,
) -> Result<(), AppError> {
    let client = client_digest(state, client).await?;
    let entry = Entry { actor, action, report_id: None, outcome, client, reason: None };
    audit::record(&state.pool, entry, state.clock.now()).await?;
    Ok(())
}

/// Counts a failure on `account_id` and waits the soft delay it calls for.
async fn fail(state: &AppState, account_id: Option<i64>, now: DateTime<Utc>) -> Result<(), AppError> {
    let delay = &state.tracking.delay;
    let earlier = match account_id {
        Some(id) => store::staff::count_failure(&state.pool, id, now, now - delay.memory).await?,
        None => 0,
    };
    tokio::time::sleep(delay.wait(u32::try_from(earlier).unwrap_or(u32::MAX))).await;
    Ok(())
}

/// Step one: email and password. The token of a session waiting for the code, or the problems.
pub async fn sign_in_password(
    state: &AppState,
    email: &str,
    password: &str,
    client: Option<IpAddr>,
) -> Result<Result<String, Vec<FieldError>>, AppError> {
    let email = normalise_email(email);
    let mut problems = Vec::new();
    if email.is_empty() {
        problems.push(error("email", "Enter your email address"));
    }
    if password.is_empty() {
        problems.push(error("password", "Enter your password"));
    }
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    let now = state.clock.now();
    let account = store::staff::account_by_email(&state.pool, &email).await?;
    let usable = account.as_ref().filter(|a| a.disabled_at.is_none() && a.enrolled_at.is_some());
    let hash =
        usable.and_then(|a| a.password_hash.clone()).unwrap_or_else(|| secrets::dummy_hash().to_string());
    let matches = secrets::Argon2Work::shared().verify(password.to_string(), hash).await?;
    match usable.filter(|_| matches) {
        Some(account) => {
            let token = start_session(state, account.id, "password", now).await?;
            audit(state, Actor::Staff(account.id), "staff-password", "success", client).await?;
            Ok(Ok(token))
        }
        None => {
            let id = account.as_ref().map(|a| a.id);
            match id {
                Some(id) => audit(state, Actor::Staff(id), "staff-password", "no-match", client).await?,
                None => audit(state, Actor::Anonymous, "staff-password", "no-match", client).await?,
            }
            fail(state, id, now).await?;
            Ok(Err(vec![error("email", NO_MATCH)]))
        }
    }
}

/// Step two: the code, with the session from step one. The token of the signed-in session (a new
/// one: the session id changes at sign-in), or the problem.
pub async fn sign_in_code(
    state: &AppState,
    account_id: i64,
    old_token: &str,
    code: &str,
    client: Option<IpAddr>,
) -> Result<Result<String, Vec<FieldError>>, AppError> {
    if code.trim().is_empty() {
        return Ok(Err(vec![error("code", "Enter the 6-digit code from your authenticator app")]));
    }
    let now = state.clock.now();
    let key = crate::db::server_secret(&state.pool, TOTP_KEY).await?;
    let account = store::staff::account(&state.pool, account_id).await?;
    let secret = account.as_ref().and_then(|a| a.totp_secret.as_deref()).and_then(|s| totp::open(&key, s));
    let step = secret.and_then(|secret| totp::matching_step(&secret, code, now));
    let fresh = match step {
        Some(step) => store::staff::use_totp_step(&state.pool, account_id, step).await?,
        None => false,
    };
    if !fresh {
        let outcome = if step.is_some() { "code-reused" } else { "bad-code" };
        audit(state, Actor::Staff(account_id), "staff-code", outcome, client).await?;
        fail(state, Some(account_id), now).await?;
        return Ok(Err(vec![error("code", BAD_CODE)]));
    }
    store::staff::end_session(&state.pool, &secrets::digest(old_token), now).await?;
    store::staff::clear_failures(&state.pool, account_id).await?;
    let token = start_session(state, account_id, "signed-in", now).await?;
    audit(state, Actor::Staff(account_id), "staff-sign-in", "success", client).await?;
    Ok(Ok(token))
}

/// Ends the session whose cookie token is `token`, if it is live.
pub async fn sign_out(state: &AppState, token: Option<&str>, client: Option<IpAddr>) -> Result<(), AppError> {
    let Some(token) = token else { return Ok(()) };
    if let Some((_, account_id)) =
        store::staff::end_session(&state.pool, &secrets::digest(token), state.clock.now()).await?
    {
        audit(state, Actor::Staff(account_id), "staff-sign-out", "ended", client).await?;
    }
    Ok(())
}

/// What the enrolment page shows: the address, and the secret as a QR code and as text.
#[derive(Clone, Debug)]
pub struct Enrolment {
    pub email: String,
    pub secret_text: String,
    pub qr_svg: String,
}

/// The enrolment behind the link token `token`, if it is unused and unexpired.
pub async fn enrolment(state: &AppState, token: &str) -> Result<Option<Enrolment>, AppError> {
    let now = state.clock.now();
    let Some((_, email, sealed)) = store::staff::enrolment(&state.pool, &secrets::digest(token), now).await?
    else {
        return Ok(None);
    };
    let key = crate::db::server_secret(&state.pool, TOTP_KEY).await?;
    let Some(secret) = totp::open(&key, &sealed) else { return Ok(None) };
    let uri = totp::otpauth_uri(&state.site.force_name, &email, &secret);
    Ok(Some(Enrolment { email, secret_text: totp::secret_text(&secret), qr_svg: totp::qr_svg(&uri) }))
}

/// Completes an enrolment: the new password (typed twice) and a code from the app. `None` when
/// the link no longer works; otherwise done, or the problems.
pub async fn enrol(
    state: &AppState,
    token: &str,
    password: &str,
    confirm: &str,
    code: &str,
    client: Option<IpAddr>,
) -> Result<Option<Result<(), Vec<FieldError>>>, AppError> {
    let now = state.clock.now();
    let digest = secrets::digest(token);
    let Some((account_id, email, sealed)) = store::staff::enrolment(&state.pool, &digest, now).await? else {
        return Ok(None);
    };
    let key = crate::db::server_secret(&state.pool, TOTP_KEY).await?;
    let Some(secret) = totp::open(&key, &sealed) else { return Ok(None) };
    let mut problems = Vec::new();
    if let Err(message) = check_password(password, &email) {
        problems.push(error("password", message));
    } else if password != confirm {
        problems.push(error("confirm", "The passwords do not match. Type the same password twice"));
    }
    let step = totp::matching_step(&secret, code, now);
    if step.is_none() {
        problems.push(error("code", "Enter the 6-digit code your authenticator app shows for this account"));
    }
    let Some(step) = step.filter(|_| problems.is_empty()) else {
        audit(state, Actor::Staff(account_id), "staff-enrol", "fix", client).await?;
        return Ok(Some(Err(problems)));
    };
    let hash = secrets::Argon2Work::shared().hash(password.to_string()).await?;
    let mut conn = state.pool.acquire().await?;
    let mut tx = store::begin_write(&mut conn).await?;
    if !store::staff::complete_enrolment(&mut tx, &digest, account_id, &hash, &sealed, step, now).await? {
        return Ok(None);
    }
    tx.commit().await?;
    audit(state, Actor::Staff(account_id), "staff-enrol", "enrolled", client).await?;
    Ok(Some(Ok(())))
}
