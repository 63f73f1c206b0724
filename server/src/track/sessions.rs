//! Tracking sessions: each covers one report. The cookie holds a 256-bit token; only its digest
//! is stored. A session ends after a time without requests, at its absolute expiry, or at
//! sign-out.

use chrono::{DateTime, Utc};
use sqlx::SqlitePool;

use crate::{config::Tracking, secrets, store::ts};

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
) -> sqlx::Result<(i64, String)>
where
    E: sqlx::Executor<'e, Database = sqlx::Sqlite>,
{
    let token = secrets::new_token();
    let expires = now + settings.absolute;
    let id = sqlx::query_scalar(
        "insert into tracking_session (token_digest, report_id, method, created_at, idle_expires_at, expires_at)
         values (?, ?, ?, ?, ?, ?) returning id",
    )
    .bind(secrets::digest(&token))
    .bind(report_id)
    .bind(match method {
        Method::Code => "code",
        Method::Link => "link",
    })
    .bind(ts(now))
    .bind(ts((now + settings.idle).min(expires)))
    .bind(ts(expires))
    .fetch_one(executor)
    .await?;
    Ok((id, token))
}

/// The live session for `token`, its idle expiry moved on; `None` if there is none.
pub async fn resume(
    pool: &SqlitePool,
    token: &str,
    now: DateTime<Utc>,
    settings: &Tracking,
) -> sqlx::Result<Option<Session>> {
    let found: Option<(i64, i64, String)> = sqlx::query_as(
        "select id, report_id, expires_at from tracking_session
         where token_digest = ? and ended_at is null and idle_expires_at > ? and expires_at > ?",
    )
    .bind(secrets::digest(token))
    .bind(ts(now))
    .bind(ts(now))
    .fetch_optional(pool)
    .await?;
    let Some((id, report_id, expires_at)) = found else { return Ok(None) };
    let idle = ts(now + settings.idle);
    // Timestamps are fixed-width UTC, so text order is time order.
    let next = if idle < expires_at { idle } else { expires_at };
    sqlx::query("update tracking_session set idle_expires_at = ? where id = ?")
        .bind(next)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(Some(Session { id, report_id }))
}

/// Ends the session for `token` (sign-out).
pub async fn end(pool: &SqlitePool, token: &str, now: DateTime<Utc>) -> sqlx::Result<Option<Session>> {
    sqlx::query_as::<_, (i64, i64)>(
        "update tracking_session set ended_at = ? where token_digest = ? and ended_at is null returning id, report_id",
    )
    .bind(ts(now))
    .bind(secrets::digest(token))
    .fetch_optional(pool)
    .await
    .map(|row| row.map(|(id, report_id)| Session { id, report_id }))
}

/// Deletes sessions and links that ended more than a day ago, and forgets failed look-ups that
/// have been quiet for a day; returns how many rows went.
pub async fn delete_stale(pool: &SqlitePool, now: DateTime<Utc>) -> sqlx::Result<u64> {
    let cutoff = ts(now - chrono::Duration::days(1));
    let mut deleted = 0;
    for sql in [
        "delete from tracking_session where expires_at < ?1 or idle_expires_at < ?1 or ended_at < ?1",
        "delete from tracking_link where expires_at < ?1",
        "delete from lookup_failure where last_failed_at < ?1",
    ] {
        deleted += sqlx::query(sql).bind(&cutoff).execute(pool).await?.rows_affected();
    }
    Ok(deleted)
}
