//! Partner organisations (`partner`: their names and the digests of their API keys) and the
//! reports they sent (`partner_submission`: each request's Idempotency-Key, body digest and
//! sealed receipt).

use chrono::{DateTime, Utc};

use super::{on_db, At, Executor, Pool, Result};

/// The id of the enabled partner whose key has `key_digest`.
pub async fn enabled_by_key(pool: &Pool, key_digest: &[u8]) -> Result<Option<i64>> {
    on_db!(pool, |e| sqlx::query_scalar(
        "select id from partner where key_digest = $1 and disabled_at is null"
    )
    .bind(key_digest)
    .fetch_optional(e)
    .await)
}

/// Adds a partner called `name` with the key whose digest is `key_digest`; `false` if the name
/// is taken.
pub async fn insert(pool: &Pool, name: &str, key_digest: &[u8], now: DateTime<Utc>) -> Result<bool> {
    let inserted = on_db!(pool, |e| sqlx::query(
        "insert into partner (name, key_digest, created_at) values ($1, $2, $3)"
    )
    .bind(name)
    .bind(key_digest)
    .bind(At(now))
    .execute(e)
    .await
    .map(|r| r.rows_affected()));
    match inserted {
        Ok(_) => Ok(true),
        Err(e) if super::is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Disables the enabled partner called `name`; `false` if there was none.
pub async fn disable(pool: &Pool, name: &str, now: DateTime<Utc>) -> Result<bool> {
    let changed = on_db!(pool, |e| sqlx::query(
        "update partner set disabled_at = $1 where name = $2 and disabled_at is null"
    )
    .bind(At(now))
    .bind(name)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(changed == 1)
}

/// Whether a partner (enabled or not) is called `name`.
pub async fn exists(pool: &Pool, name: &str) -> Result<bool> {
    let id: Option<i64> = on_db!(pool, |e| sqlx::query_scalar("select id from partner where name = $1")
        .bind(name)
        .fetch_optional(e)
        .await)?;
    Ok(id.is_some())
}

/// An earlier submission with the same Idempotency-Key.
pub struct SubmissionRow {
    pub request_digest: Vec<u8>,
    pub receipt: Option<Vec<u8>>,
    pub reference: String,
}

/// Partner `partner_id`'s submission with `idempotency_key`, if any.
pub async fn submission(
    conn: impl Executor<'_>,
    partner_id: i64,
    idempotency_key: &str,
) -> Result<Option<SubmissionRow>> {
    let mut conn: super::Db<'_> = conn.into();
    let row: Option<(Vec<u8>, Option<Vec<u8>>, String)> = on_db!(&mut conn, |e| sqlx::query_as(
        "select s.request_digest, s.receipt, r.reference from partner_submission s
         join report r on r.id = s.report_id where s.partner_id = $1 and s.idempotency_key = $2",
    )
    .bind(partner_id)
    .bind(idempotency_key)
    .fetch_optional(e)
    .await)?;
    Ok(row.map(|(request_digest, receipt, reference)| SubmissionRow { request_digest, receipt, reference }))
}

/// A submission to record.
pub struct NewSubmission<'a> {
    pub partner_id: i64,
    pub idempotency_key: &'a str,
    pub request_digest: &'a [u8],
    pub report_id: i64,
    pub receipt: Option<&'a [u8]>,
    pub now: DateTime<Utc>,
}

/// Records `submission` in the transaction that stored its report.
pub async fn insert_submission(tx: impl Executor<'_>, submission: &NewSubmission<'_>) -> Result<()> {
    let mut tx: super::Db<'_> = tx.into();
    let s = submission;
    on_db!(&mut tx, |e| {
        sqlx::query(
        "insert into partner_submission (partner_id, idempotency_key, request_digest, report_id, receipt, created_at)
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(s.partner_id)
    .bind(s.idempotency_key)
    .bind(s.request_digest)
    .bind(s.report_id)
    .bind(s.receipt)
    .bind(At(s.now))
    .execute(e)
    .await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// A connection from `pool`, for a look-up outside a transaction.
pub async fn acquire(pool: &Pool) -> Result<super::Connection> {
    pool.acquire().await
}
