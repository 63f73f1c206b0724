//! Unfinished reports (`draft`) and the one-time links that continue them (`draft_link`).
//! Tokens, codes and links arrive here as digests; answers as the JSON the use case made.

use chrono::{DateTime, Utc};

use super::{on_db, At, Executor, Pool, Result};

/// A draft as stored.
#[derive(sqlx::FromRow)]
pub struct DraftRow {
    pub id: i64,
    pub answers: String,
    pub step_times: String,
    pub report_id: Option<i64>,
    pub receipt: Option<Vec<u8>>,
    /// Whether the receipt is still within its showing window.
    pub receipt_live: bool,
}

/// Starts a draft found by `token_digest`, kept until `expires`; returns its id.
pub async fn create(
    pool: &Pool,
    token_digest: &[u8],
    now: DateTime<Utc>,
    expires: DateTime<Utc>,
) -> Result<i64> {
    on_db!(pool, |e| {
        sqlx::query_scalar(
        "insert into draft (token_digest, created_at, updated_at, expires_at) values ($1, $2, $3, $4) returning id",
    )
    .bind(token_digest)
    .bind(At(now))
    .bind(At(now))
    .bind(At(expires))
    .fetch_one(e)
    .await
    })
}

/// The unexpired draft found by `token_digest`, if any.
pub async fn find(pool: &Pool, token_digest: &[u8], now: DateTime<Utc>) -> Result<Option<DraftRow>> {
    on_db!(pool, |e| {
        sqlx::query_as(
        "select id, answers, step_times, report_id, receipt, coalesce(receipt_expires_at > $2, false) as receipt_live
         from draft where token_digest = $1 and expires_at > $2",
    )
    .bind(token_digest)
    .bind(At(now))
    .fetch_optional(e)
    .await
    })
}

/// Replaces the answers and step times of unsent draft `id`, kept until `expires`.
pub async fn save_answers(
    pool: &Pool,
    id: i64,
    answers: &str,
    step_times: &str,
    now: DateTime<Utc>,
    expires: DateTime<Utc>,
) -> Result<()> {
    on_db!(pool, |e| {
        sqlx::query(
        "update draft set answers = $1, step_times = $2, updated_at = $3, expires_at = $4 where id = $5 and report_id is null",
    )
    .bind(answers)
    .bind(step_times)
    .bind(At(now))
    .bind(At(expires))
    .bind(id)
    .execute(e)
    .await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Sets the digest of draft `id`'s resume code (replacing any earlier one).
pub async fn set_resume_digest(pool: &Pool, id: i64, digest: &[u8]) -> Result<()> {
    on_db!(pool, |e| sqlx::query("update draft set resume_digest = $1 where id = $2")
        .bind(digest)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Moves the unsent, unexpired draft whose resume code has `code_digest` to `new_token_digest`
/// (see [`take_over`]); returns whether it was found.
pub async fn resume_by_code(
    pool: &Pool,
    code_digest: &[u8],
    new_token_digest: &[u8],
    now: DateTime<Utc>,
) -> Result<bool> {
    // Read, then write: the write lock from the start, so a concurrent writer cannot make what
    // was read stale (SQLITE_BUSY_SNAPSHOT).
    let mut conn = pool.acquire().await?;
    let mut tx = super::begin_write(&mut conn).await?;
    let draft_id: Option<i64> = on_db!(&mut tx, |e| sqlx::query_scalar(
        "select id from draft where resume_digest = $1 and expires_at > $2 and report_id is null",
    )
    .bind(code_digest)
    .bind(At(now))
    .fetch_optional(e)
    .await)?;
    let Some(draft_id) = draft_id else { return Ok(false) };
    let taken = take_over(&mut tx, draft_id, new_token_digest, now).await?;
    tx.commit().await?;
    Ok(taken)
}

/// Uses the unused, unexpired link with `link_digest` and moves its draft to
/// `new_token_digest` (see [`take_over`]); returns whether it worked.
pub async fn resume_by_link(
    pool: &Pool,
    link_digest: &[u8],
    new_token_digest: &[u8],
    now: DateTime<Utc>,
) -> Result<bool> {
    // Read, then write: the write lock from the start, so a concurrent writer cannot make what
    // was read stale (SQLITE_BUSY_SNAPSHOT).
    let mut conn = pool.acquire().await?;
    let mut tx = super::begin_write(&mut conn).await?;
    let draft_id: Option<i64> = on_db!(&mut tx, |e| sqlx::query_scalar(
        "select draft_id from draft_link where token_digest = $1 and used_at is null and expires_at > $2",
    )
    .bind(link_digest)
    .bind(At(now))
    .fetch_optional(e)
    .await)?;
    let Some(draft_id) = draft_id else { return Ok(false) };
    let taken = take_over(&mut tx, draft_id, new_token_digest, now).await?;
    tx.commit().await?;
    Ok(taken)
}

/// Moves unsent draft `draft_id` to `new_token_digest`, drops its resume code and uses up every
/// link to it; returns whether the draft was moved.
async fn take_over(
    tx: impl Executor<'_>,
    draft_id: i64,
    new_token_digest: &[u8],
    now: DateTime<Utc>,
) -> Result<bool> {
    let mut tx: super::Db<'_> = tx.into();
    let moved = on_db!(&mut tx, |e| sqlx::query(
        "update draft set token_digest = $1, resume_digest = null
         where id = $2 and expires_at > $3 and report_id is null",
    )
    .bind(new_token_digest)
    .bind(draft_id)
    .bind(At(now))
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    on_db!(&mut tx, |e| sqlx::query(
        "update draft_link set used_at = $1 where draft_id = $2 and used_at is null"
    )
    .bind(At(now))
    .bind(draft_id)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(moved == 1)
}

/// Wipes the sealed tracking code of draft `id`.
pub async fn forget_receipt(pool: &Pool, id: i64) -> Result<()> {
    on_db!(pool, |e| sqlx::query(
        "update draft set receipt = null, receipt_expires_at = null where id = $1"
    )
    .bind(id)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Wipes receipts past their window and deletes drafts past their expiry; returns how many
/// drafts went.
pub async fn delete_expired(pool: &Pool, now: DateTime<Utc>) -> Result<u64> {
    on_db!(pool, |e| sqlx::query(
        "update draft set receipt = null where receipt is not null and receipt_expires_at <= $1"
    )
    .bind(At(now))
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    let result = on_db!(pool, |e| sqlx::query("delete from draft where expires_at <= $1")
        .bind(At(now))
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(result)
}

/// The id and reference of the report sent from draft `draft_id`, if it was sent.
pub async fn sent_report(db: impl Executor<'_>, draft_id: i64) -> Result<Option<(i64, String)>> {
    on_db!(db, |e| {
        sqlx::query_as(
        "select report.id, report.reference from draft join report on report.id = draft.report_id where draft.id = $1",
    )
    .bind(draft_id)
    .fetch_optional(e)
    .await
    })
}

/// Marks draft `draft_id` as sent as `report_id`: it keeps only the sealed `receipt`, and goes
/// (with the receipt) at `receipt_expires`.
pub async fn mark_sent(
    conn: impl Executor<'_>,
    draft_id: i64,
    report_id: i64,
    receipt: &[u8],
    receipt_expires: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<()> {
    let conn: super::Db<'_> = conn.into();
    on_db!(conn, |e| sqlx::query(
        "update draft set report_id = $1, receipt = $2, receipt_expires_at = $3, expires_at = $3,
             answers = '{}', step_times = '{}', resume_digest = null, updated_at = $4
         where id = $5",
    )
    .bind(report_id)
    .bind(receipt)
    .bind(At(receipt_expires))
    .bind(At(now))
    .bind(draft_id)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Stores a link (by `token_digest`) to draft `draft_id` until `expires`; `false` if the draft
/// is gone.
pub async fn insert_link(
    pool: &Pool,
    token_digest: &[u8],
    draft_id: i64,
    expires: DateTime<Utc>,
) -> Result<bool> {
    let stored = on_db!(pool, |e| sqlx::query(
        "insert into draft_link (token_digest, draft_id, expires_at) values ($1, $2, $3)"
    )
    .bind(token_digest)
    .bind(draft_id)
    .bind(At(expires))
    .execute(e)
    .await
    .map(|r| r.rows_affected()));
    match stored {
        Ok(_) => Ok(true),
        Err(e) if super::is_foreign_key_violation(&e) => Ok(false),
        Err(e) => Err(e),
    }
}
