//! Getting in to the tracking page and out again, as use cases: the look-up with reference and
//! tracking code, the one-time link by email, and sign-out. Every attempt is audited, with the
//! keyed digest of the client's address; no answer says whether a reference exists.

use std::net::IpAddr;

use rules::{
    codes::{Reference, SecretCode},
    wizard::FieldError,
};

use super::{
    audit::{self, Actor, Entry},
    links, lookup,
    sessions::{self, Method, Session},
};
use crate::{error::AppError, state::AppState};

/// What every failed look-up is told, whether the reference is unknown, the code is wrong or the
/// reference is under the soft delay.
pub const NO_MATCH: &str = "The reference number and tracking code do not match. Check them and try again, \
                            or get a link by email";

/// A live session and the token for its cookie.
pub struct SignedIn {
    pub session: Session,
    pub token: String,
}

/// Where the session in a cookie stands.
pub enum Standing {
    Live(Session),
    /// No session cookie.
    None,
    /// The session has ended (idle too long, expired, signed out elsewhere).
    Ended,
}

pub(crate) fn error(field: &str, message: impl Into<String>) -> FieldError {
    FieldError { field: field.into(), message: message.into() }
}

/// The audit log's keyed digest of the client's address.
pub async fn client_digest(
    state: &AppState,
    client: Option<IpAddr>,
) -> Result<Option<audit::ClientDigest>, AppError> {
    let Some(ip) = client else { return Ok(None) };
    Ok(Some(audit::ClientDigest::of(state.audit_key().await?, ip)))
}

/// Records an anonymous or session `action` on the tracking page.
pub async fn audit(
    state: &AppState,
    actor: Actor<'_>,
    action: &'static str,
    report_id: Option<i64>,
    outcome: &'static str,
    client: Option<IpAddr>,
) -> Result<(), AppError> {
    let client = client_digest(state, client).await?;
    let entry = Entry { actor, action, report_id, outcome, client, reason: None };
    audit::record(&state.pool, entry, state.clock.now()).await?;
    Ok(())
}

/// The session whose cookie token is `token`.
pub async fn standing(state: &AppState, token: Option<&str>) -> Result<Standing, AppError> {
    let Some(token) = token else { return Ok(Standing::None) };
    Ok(match sessions::resume(&state.pool, token, state.clock.now(), &state.tracking).await? {
        Some(session) => Standing::Live(session),
        None => Standing::Ended,
    })
}

/// Reads the reference as typed; the error says what is wrong with it.
pub fn reference(typed: &str) -> Result<Reference, FieldError> {
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

fn code(typed: &str) -> Result<SecretCode, FieldError> {
    if typed.trim().is_empty() {
        return Err(error("code", "Enter your tracking code"));
    }
    SecretCode::parse(typed)
        .ok_or_else(|| error("code", "Enter the tracking code exactly as it was shown, like ABCD-EFGH-JKMN"))
}

/// Signs in with a reference and tracking code, or says what to fix.
pub async fn sign_in(
    state: &AppState,
    reference_typed: &str,
    code_typed: &str,
    client: Option<IpAddr>,
) -> Result<Result<SignedIn, Vec<FieldError>>, AppError> {
    let (reference, code) = (reference(reference_typed), code(code_typed));
    let (Ok(reference), Ok(code)) = (&reference, &code) else {
        return Ok(Err([reference.err(), code.err()].into_iter().flatten().collect()));
    };
    let now = state.clock.now();
    let found = lookup::find(&state.pool, reference, code, now, &state.tracking.delay).await?;
    let outcome = if found.is_some() { "success" } else { "no-match" };
    audit(state, Actor::Anonymous, "look-up", found, outcome, client).await?;
    let Some(report_id) = found else { return Ok(Err(vec![error("reference", NO_MATCH)])) };
    let (id, token) = sessions::start(&state.pool, report_id, Method::Code, now, &state.tracking).await?;
    Ok(Ok(SignedIn { session: Session { id, report_id }, token }))
}

/// "Email me a link": queues the link if the details match a report (within the limits), and
/// says the same either way; or says what to fix.
pub async fn request_link(
    state: &AppState,
    reference_typed: &str,
    email_typed: &str,
    client: Option<IpAddr>,
) -> Result<Result<(), Vec<FieldError>>, AppError> {
    let reference = reference(reference_typed);
    let email = match rules::fields::email(email_typed) {
        Ok(Some(email)) => Ok(email),
        Ok(None) => Err(error("email", "Enter the email address you gave when you reported the crime")),
        Err(message) => Err(error("email", message)),
    };
    let (Ok(reference), Ok(email)) = (&reference, &email) else {
        return Ok(Err([reference.err(), email.err()].into_iter().flatten().collect()));
    };
    let now = state.clock.now();
    let report_id = links::report_id(&state.pool, reference).await?;
    let queued = match report_id {
        Some(id) => links::request(&state.pool, id, email, now).await?,
        None => false,
    };
    let outcome = if queued { "queued" } else { "not-queued" };
    audit(state, Actor::Anonymous, "request-link", report_id, outcome, client).await?;
    Ok(Ok(()))
}

/// Uses a one-time link: a session, or `None` when the link had expired or been used.
pub async fn open_link(
    state: &AppState,
    link: &str,
    client: Option<IpAddr>,
) -> Result<Option<SignedIn>, AppError> {
    let now = state.clock.now();
    let report_id = links::redeem(&state.pool, link, now).await?;
    let outcome = if report_id.is_some() { "success" } else { "expired-or-used" };
    audit(state, Actor::Anonymous, "open-link", report_id, outcome, client).await?;
    let Some(report_id) = report_id else { return Ok(None) };
    let (id, token) = sessions::start(&state.pool, report_id, Method::Link, now, &state.tracking).await?;
    Ok(Some(SignedIn { session: Session { id, report_id }, token }))
}

/// Ends the session whose cookie token is `token`, if it is live.
pub async fn sign_out(state: &AppState, token: Option<&str>, client: Option<IpAddr>) -> Result<(), AppError> {
    let Some(token) = token else { return Ok(()) };
    if let Some(session) = sessions::end(&state.pool, token, state.clock.now()).await? {
        audit(state, Actor::Session(session.id), "sign-out", Some(session.report_id), "ended", client)
            .await?;
    }
    Ok(())
}
