//! Partner organisations (`partner`: their names and the digests of their API keys) and the
//! reports they sent (`partner_submission`: each request's Idempotency-Key, body digest and
//! sealed receipt).

use chrono::{DateTime, Utc};

use super::{ts, Connection, Pool, Result};

/// The id of the enabled partner whose key has `key_digest`.
pub async fn enabled_by_key(pool: &Pool, key_digest: &[u8]) -> Result<Option<i64>> {
    sqlx::query_scalar("select id from partner where key_digest = ? and disabled_at is null")
        .bind(key_digest)
        .fetch_optional(pool)
        .await
}

/// Adds a partner called `name` with the key whose digest is `key_digest`; `false` if the name
/// is taken.
pub async fn insert(pool: &Pool, name: &str, key_digest: &[u8], now: DateTime<Utc>) -> Result<bool> {
    let inserted = sqlx::query("insert into partner (name, key_digest, created_at) values (?, ?, ?)")
        .bind(name)
        .bind(key_digest)
        .bind(ts(now))
        .execute(pool)
        .await;
    match inserted {
        Ok(_) => Ok(true),
        Err(e) if super::is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Disables the enabled partner called `name`; `false` if there was none.
pub async fn disable(pool: &Pool, name: &str, now: DateTime<Utc>) -> Result<bool> {
    let changed = sqlx::query("update partner set disabled_at = ? where name = ? and disabled_at is null")
        .bind(ts(now))
        .bind(name)
        .execute(pool)
        .await?;
    Ok(changed.rows_affected() == 1)
}

/// Whether a partner (enabled or not) is called `name`.
pub async fn exists(pool: &Pool, name: &str) -> Result<bool> {
    let id: Option<i64> =
        sqlx::query_scalar("select id from partner where name = ?").bind(name).fetch_optional(pool).await?;
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
    conn: &mut Connection,
    partner_id: i64,
    idempotency_key: &str,
) -> Result<Option<SubmissionRow>> {
    let row: Option<(Vec<u8>, Option<Vec<u8>>, String)> = sqlx::query_as(
        "select s.request_digest, s.receipt, r.reference from partner_submission s
         join report r on r.id = s.report_id where s.partner_id = ? and s.idempotency_key = ?",
    )
    .bind(partner_id)
    .bind(idempotency_key)
    .fetch_optional(&mut *conn)
    .await?;
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
pub async fn insert_submission(tx: &mut Connection, submission: &NewSubmission<'_>) -> Result<()> {
    let s = submission;
    sqlx::query(
        "insert into partner_submission (partner_id, idempotency_key, request_digest, report_id, receipt, created_at)
         values (?, ?, ?, ?, ?, ?)",
    )
    .bind(s.partner_id)
    .bind(s.idempotency_key)
    .bind(s.request_digest)
    .bind(s.report_id)
    .bind(s.receipt)
    .bind(ts(s.now))
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// A connection from `pool`, for a look-up outside a transaction.
pub async fn acquire(pool: &Pool) -> Result<sqlx::pool::PoolConnection<sqlx::Sqlite>> {
    pool.acquire().await
}
