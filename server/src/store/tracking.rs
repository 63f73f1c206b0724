//! The tracking page's ways in: `tracking_session`, `tracking_link` (one-time links by email)
//! and `lookup_failure` (failed look-ups per reference, for the soft delay). Tokens arrive here
//! as digests.

use chrono::{DateTime, Utc};

use super::{on_db, At, Executor, Pool, Result};

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
    on_db!(db, |e| {
        sqlx::query_scalar(
        "insert into tracking_session (token_digest, report_id, method, created_at, idle_expires_at, expires_at)
         values ($1, $2, $3, $4, $5, $6) returning id",
    )
    .bind(session.token_digest)
    .bind(session.report_id)
    .bind(session.method)
    .bind(At(session.now))
    .bind(At(session.idle_expires))
    .bind(At(session.expires))
    .fetch_one(e)
    .await
    })
}

/// The live session found by `token_digest` at `now`, its idle expiry moved to `idle_until` (or
/// its absolute expiry, if sooner): (id, report id).
pub async fn touch_session(
    pool: &Pool,
    token_digest: &[u8],
    now: DateTime<Utc>,
    idle_until: DateTime<Utc>,
) -> Result<Option<(i64, i64)>> {
    let found: Option<(i64, i64, At)> = on_db!(pool, |e| sqlx::query_as(
        "select id, report_id, expires_at from tracking_session
         where token_digest = $1 and ended_at is null and idle_expires_at > $2 and expires_at > $3",
    )
    .bind(token_digest)
    .bind(At(now))
    .bind(At(now))
    .fetch_optional(e)
    .await)?;
    let Some((id, report_id, expires_at)) = found else { return Ok(None) };
    let idle = At(idle_until);
    let next = if idle < expires_at { idle } else { expires_at };
    on_db!(pool, |e| sqlx::query("update tracking_session set idle_expires_at = $1 where id = $2")
        .bind(next)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(Some((id, report_id)))
}

/// Ends the live session found by `token_digest`: (id, report id), if there was one.
pub async fn end_session(pool: &Pool, token_digest: &[u8], now: DateTime<Utc>) -> Result<Option<(i64, i64)>> {
    on_db!(pool, |e| {
        sqlx::query_as(
        "update tracking_session set ended_at = $1 where token_digest = $2 and ended_at is null returning id, report_id",
    )
    .bind(At(now))
    .bind(token_digest)
    .fetch_optional(e)
    .await
    })
}

/// Deletes sessions and links that ended before `cutoff` and failed look-ups quiet since then;
/// returns how many rows went.
pub async fn delete_stale(pool: &Pool, cutoff: DateTime<Utc>) -> Result<u64> {
    let cutoff = At(cutoff);
    let mut deleted = 0;
    for sql in [
        "delete from tracking_session where expires_at < $1 or idle_expires_at < $1 or ended_at < $1",
        "delete from tracking_link where expires_at < $1",
        "delete from lookup_failure where last_failed_at < $1",
    ] {
        deleted +=
            on_db!(pool, |e| sqlx::query(sql).bind(cutoff).execute(e).await.map(|r| r.rows_affected()))?;
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
    on_db!(pool, |e| sqlx::query(
        "insert into tracking_link (token_digest, report_id, expires_at) values ($1, $2, $3)"
    )
    .bind(token_digest)
    .bind(report_id)
    .bind(At(expires))
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Uses the unused, unexpired link with `token_digest` and every other unused link to its
/// report; returns the report's id if the link worked.
pub async fn redeem_link(pool: &Pool, token_digest: &[u8], now: DateTime<Utc>) -> Result<Option<i64>> {
    let mut tx = super::begin(pool).await?;
    let report_id: Option<i64> = on_db!(&mut tx, |e| {
        sqlx::query_scalar(
        "update tracking_link set used_at = $1 where token_digest = $2 and used_at is null and expires_at > $3
         returning report_id",
    )
    .bind(At(now))
    .bind(token_digest)
    .bind(At(now))
    .fetch_optional(e)
    .await
    })?;
    if let Some(report_id) = report_id {
        on_db!(&mut tx, |e| sqlx::query(
            "update tracking_link set used_at = $1 where report_id = $2 and used_at is null"
        )
        .bind(At(now))
        .bind(report_id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
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
    on_db!(pool, |e| {
        sqlx::query_scalar(
        "insert into lookup_failure (reference, failures, first_failed_at, last_failed_at) values ($1, 1, $2, $2)
         on conflict (reference) do update set
             failures = case when lookup_failure.last_failed_at < $3 then 1 else lookup_failure.failures + 1 end,
             first_failed_at = case when lookup_failure.last_failed_at < $3 then $2
                                    else lookup_failure.first_failed_at end,
             last_failed_at = $2
         returning failures",
    )
    .bind(reference)
    .bind(At(now))
    .bind(At(forget_before))
    .fetch_one(e)
    .await
    })
}

/// Forgets the failed look-ups of `reference`.
pub async fn clear_failures(pool: &Pool, reference: &str) -> Result<()> {
    on_db!(pool, |e| sqlx::query("delete from lookup_failure where reference = $1")
        .bind(reference)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}
