//! The tracking page's ways in: `tracking_session`, `tracking_link` (one-time links by email)
//! and `lookup_failure` (failed look-ups per reference, for the soft delay). Tokens arrive here
//! as digests.

use chrono::{DateTime, Utc};

use super::{ts, Executor, Pool, Result};

/// A session to start.
pub struct NewSession<'a> {
    pub token_digest: &'a [u8],
    pub report_id: i64,
    /// `code` or `link`.
    pub method: &'a str,
    pub now: DateTime<Utc>,
    pub idle_expires: DateTime<Utc>,
    pub expires: DateTime<Utc>,
}

/// Stores `session`; returns its id.
pub async fn start_session(db: impl Executor<'_>, session: &NewSession<'_>) -> Result<i64> {
    sqlx::query_scalar(
        "insert into tracking_session (token_digest, report_id, method, created_at, idle_expires_at, expires_at)
         values (?, ?, ?, ?, ?, ?) returning id",
    )
    .bind(session.token_digest)
    .bind(session.report_id)
    .bind(session.method)
    .bind(ts(session.now))
    .bind(ts(session.idle_expires))
    .bind(ts(session.expires))
    .fetch_one(db)
    .await
}

/// The live session found by `token_digest` at `now`, its idle expiry moved to `idle_until` (or
/// its absolute expiry, if sooner): (id, report id).
pub async fn touch_session(
    pool: &Pool,
    token_digest: &[u8],
    now: DateTime<Utc>,
    idle_until: DateTime<Utc>,
) -> Result<Option<(i64, i64)>> {
    let found: Option<(i64, i64, String)> = sqlx::query_as(
        "select id, report_id, expires_at from tracking_session
         where token_digest = ? and ended_at is null and idle_expires_at > ? and expires_at > ?",
    )
    .bind(token_digest)
    .bind(ts(now))
    .bind(ts(now))
    .fetch_optional(pool)
    .await?;
    let Some((id, report_id, expires_at)) = found else { return Ok(None) };
    let idle = ts(idle_until);
    // Timestamps are fixed-width UTC, so text order is time order.
    let next = if idle < expires_at { idle } else { expires_at };
    sqlx::query("update tracking_session set idle_expires_at = ? where id = ?")
        .bind(next)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(Some((id, report_id)))
}

/// Ends the live session found by `token_digest`: (id, report id), if there was one.
pub async fn end_session(pool: &Pool, token_digest: &[u8], now: DateTime<Utc>) -> Result<Option<(i64, i64)>> {
    sqlx::query_as(
        "update tracking_session set ended_at = ? where token_digest = ? and ended_at is null returning id, report_id",
    )
    .bind(ts(now))
    .bind(token_digest)
    .fetch_optional(pool)
    .await
}

/// Deletes sessions and links that ended before `cutoff` and failed look-ups quiet since then;
/// returns how many rows went.
pub async fn delete_stale(pool: &Pool, cutoff: DateTime<Utc>) -> Result<u64> {
    let cutoff = ts(cutoff);
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

/// Stores a link (by `token_digest`) to report `report_id` until `expires`.
pub async fn insert_link(
    pool: &Pool,
    token_digest: &[u8],
    report_id: i64,
    expires: DateTime<Utc>,
) -> Result<()> {
    sqlx::query("insert into tracking_link (token_digest, report_id, expires_at) values (?, ?, ?)")
        .bind(token_digest)
        .bind(report_id)
        .bind(ts(expires))
        .execute(pool)
        .await?;
    Ok(())
}

/// Uses the unused, unexpired link with `token_digest` and every other unused link to its
/// report; returns the report's id if the link worked.
pub async fn redeem_link(pool: &Pool, token_digest: &[u8], now: DateTime<Utc>) -> Result<Option<i64>> {
    let mut tx = pool.begin().await?;
    let report_id: Option<i64> = sqlx::query_scalar(
        "update tracking_link set used_at = ? where token_digest = ? and used_at is null and expires_at > ?
         returning report_id",
    )
    .bind(ts(now))
    .bind(token_digest)
    .bind(ts(now))
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(report_id) = report_id {
        sqlx::query("update tracking_link set used_at = ? where report_id = ? and used_at is null")
            .bind(ts(now))
            .bind(report_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(report_id)
}

/// Counts a failed look-up of `reference` at `now`, starting the count again if the last one
/// was before `forget_before`; returns the count including this one.
pub async fn count_failure(
    pool: &Pool,
    reference: &str,
    now: DateTime<Utc>,
    forget_before: DateTime<Utc>,
) -> Result<i64> {
    sqlx::query_scalar(
        "insert into lookup_failure (reference, failures, first_failed_at, last_failed_at) values (?1, 1, ?2, ?2)
         on conflict (reference) do update set
             failures = case when last_failed_at < ?3 then 1 else failures + 1 end,
             first_failed_at = case when last_failed_at < ?3 then ?2 else first_failed_at end,
             last_failed_at = ?2
         returning failures",
    )
    .bind(reference)
    .bind(ts(now))
    .bind(ts(forget_before))
    .fetch_one(pool)
    .await
}

/// Forgets the failed look-ups of `reference`.
pub async fn clear_failures(pool: &Pool, reference: &str) -> Result<()> {
    sqlx::query("delete from lookup_failure where reference = ?").bind(reference).execute(pool).await?;
    Ok(())
}
