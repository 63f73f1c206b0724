//! Storing a partner's report: one durable transaction (synchronous = full, begin immediate)
//! that stores the report exactly as the wizard's submit does, and the partner submission that
//! makes a retry with the same Idempotency-Key find it. The write lock taken by `begin
//! immediate` queues two identical requests, and the second finds the first inside its
//! transaction, so they make one report.

use super::{errors::ApiError, keys::Partner};
use crate::{
    report::submit::{insert_report, new_tracking_code, Confirmed, Source},
    secrets,
    store::{self, partners::NewSubmission, Connection, Durable, Pool},
};
use anyhow::anyhow;
use chrono::{DateTime, NaiveDate, Utc};
use rules::wizard::Report;
use serde::Serialize;

/// What the partner is told, the first time and on every retry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Receipt {
    pub reference: String,
    pub tracking_code: String,
}

/// One request, as far as idempotency is concerned.
pub struct Request<'a> {
    pub partner: &'a Partner,
    /// The Idempotency-Key header, if sent.
    pub idempotency_key: Option<&'a str>,
    /// SHA-256 of the body as sent.
    pub digest: Vec<u8>,
}

impl Request<'_> {
    /// The key sealing the tracking code for a retry: only the holder of the API key, retrying
    /// with the same Idempotency-Key, can have it opened.
    fn seal_key(&self, idempotency_key: &str) -> String {
        format!("{}\n{idempotency_key}", self.partner.key.expose())
    }
}

/// Whether the report was stored now or by an earlier request with the same key.
pub enum Outcome {
    Created { receipt: Receipt, report_id: i64 },
    Replayed(Receipt),
}

/// The receipt of an earlier request with the same Idempotency-Key and body; a conflict if the
/// key was used with another body. Checked before the work of validating and hashing, and again
/// inside the transaction.
pub async fn earlier(pool: &Pool, request: &Request<'_>) -> Result<Option<Receipt>, ApiError> {
    if request.idempotency_key.is_none() {
        return Ok(None);
    }
    let mut conn = store::partners::acquire(pool).await?;
    find(&mut conn, request).await
}

async fn find(conn: impl store::Executor<'_>, request: &Request<'_>) -> Result<Option<Receipt>, ApiError> {
    let Some(key) = request.idempotency_key else { return Ok(None) };
    let row = store::partners::submission(conn, request.partner.id, key).await?;
    let Some(store::partners::SubmissionRow { request_digest, receipt, reference }) = row else {
        return Ok(None);
    };
    if request_digest != request.digest {
        return Err(ApiError::IdempotencyKeyReused);
    }
    let tracking_code = receipt
        .and_then(|sealed| secrets::open(&request.seal_key(key), &sealed))
        .ok_or_else(|| ApiError::Internal(anyhow!("a stored partner receipt did not open")))?;
    Ok(Some(Receipt { reference, tracking_code }))
}

/// Stores `report` for `request`, or finds the report an identical earlier request stored.
pub async fn submit(
    pool: &Pool,
    request: &Request<'_>,
    report: &Report,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Outcome, ApiError> {
    let (code, hash) = new_tracking_code().await?;
    let mut conn = Durable::acquire(pool).await?;
    let result = store(&mut conn, request, report, code.expose(), &hash, now, today).await;
    conn.release().await?;
    result
}

async fn store(
    conn: &mut Connection,
    request: &Request<'_>,
    report: &Report,
    code: &str,
    code_hash: &str,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Outcome, ApiError> {
    let mut tx = store::begin_write(conn).await?;
    if let Some(receipt) = find(&mut tx, request).await? {
        return Ok(Outcome::Replayed(receipt));
    }
    let times = Confirmed::all_at(now);
    let submitted = insert_report(&mut tx, report, Source::Partner, &times, code_hash, now, today).await?;
    let (key, receipt) = match request.idempotency_key {
        Some(key) => (key.to_string(), Some(secrets::seal(&request.seal_key(key), code))),
        // Not a key a partner can send (it has a space): the report still names its partner.
        None => (format!("none {}", uuid::Uuid::new_v4().simple()), None),
    };
    let submission = NewSubmission {
        partner_id: request.partner.id,
        idempotency_key: &key,
        request_digest: &request.digest,
        report_id: submitted.report_id,
        receipt: receipt.as_deref(),
        now,
    };
    store::partners::insert_submission(&mut tx, &submission).await?;
    tx.commit().await?;
    let receipt = Receipt { reference: submitted.reference.to_string(), tracking_code: code.to_string() };
    Ok(Outcome::Created { receipt, report_id: submitted.report_id })
}
