//! Tracking sessions: each covers one report. The cookie holds a 256-bit token; only its digest
//! is stored. A session ends after a time without requests, at its absolute expiry, or at
//! sign-out.

use crate::{
    config::Tracking,
    secrets,
    store::{
        self,
        tracking::{self, NewSession},
        Pool,
    },
};
use chrono::{DateTime, Utc};

/// A live session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Session {
    pub id: i64,
    pub report_id: i64,
}

/// How the victim proved they may see the report.
#[derive(Clone, Copy, Debug)]
pub enum Method {
    Code,
    Link,
}

/// Starts a session for `report_id`; returns its id and the token for the cookie.
pub async fn start<'e, E>(
    executor: E,
    report_id: i64,
    method: Method,
    now: DateTime<Utc>,
    settings: &Tracking,
) -> store::Result<(i64, String)>
where
    E: store::Executor<'e>,
{
    let token = secrets::new_token();
    let expires = now + settings.absolute;
    let session = NewSession {
        token_digest: &secrets::digest(&token),
        report_id,
        method: match method {
            Method::Code => "code",
            Method::Link => "link",
        },
        now,
        idle_expires: (now + settings.idle).min(expires),
        expires,
    };
    let id = tracking::start_session(executor, &session).await?;
    Ok((id, token))
}

/// The live session for `token`, its idle expiry moved on; `None` if there is none.
pub async fn resume(
    pool: &Pool,
    token: &str,
    now: DateTime<Utc>,
    settings: &Tracking,
) -> store::Result<Option<Session>> {
    let found = tracking::touch_session(pool, &secrets::digest(token), now, now + settings.idle).await?;
    Ok(found.map(|(id, report_id)| Session { id, report_id }))
}

/// Ends the session for `token` (sign-out).
pub async fn end(pool: &Pool, token: &str, now: DateTime<Utc>) -> store::Result<Option<Session>> {
    let ended = tracking::end_session(pool, &secrets::digest(token), now).await?;
    Ok(ended.map(|(id, report_id)| Session { id, report_id }))
}

/// Deletes sessions and links that ended more than a day ago, and forgets failed look-ups that
/// have been quiet for a day; returns how many rows went.
pub async fn delete_stale(pool: &Pool, now: DateTime<Utc>) -> store::Result<u64> {
    tracking::delete_stale(pool, now - chrono::Duration::days(1)).await
}
