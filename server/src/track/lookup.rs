//! Finding a report by its reference and tracking code.
//!
//! The reference is an identifier, not a secret: assume it leaks. An unknown reference, a wrong
//! code and a reference under the soft delay all get the same answer in the same time: every
//! look-up verifies one argon2id hash (a dummy one when the reference is unknown), and the delay
//! is applied before that, to known and unknown references alike.

use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use rules::codes::{Reference, SecretCode};
use sqlx::SqlitePool;

use crate::{config::SoftDelay, report::submit::ts, secrets};

/// An argon2id hash of a random code no one holds, made once, verified when the reference is
/// unknown so that the answer takes as long as for a known one.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| secrets::hash_code(SecretCode::generate(&mut rand::rng()).expose()))
}

/// Makes the dummy hash now (at start-up) rather than during someone's first look-up.
pub fn prepare() {
    dummy_hash();
}

/// How many look-ups of `reference` have failed recently.
async fn recent_failures(
    pool: &SqlitePool,
    reference: &Reference,
    now: DateTime<Utc>,
    delay: &SoftDelay,
) -> sqlx::Result<u32> {
    let failures: Option<i64> =
        sqlx::query_scalar("select failures from lookup_failure where reference = ? and last_failed_at >= ?")
            .bind(reference.as_str())
            .bind(ts(now - delay.memory))
            .fetch_optional(pool)
            .await?;
    Ok(failures.unwrap_or(0).clamp(0, u32::MAX.into()) as u32)
}

async fn record_failure(
    pool: &SqlitePool,
    reference: &Reference,
    now: DateTime<Utc>,
    delay: &SoftDelay,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into lookup_failure (reference, failures, first_failed_at, last_failed_at) values (?1, 1, ?2, ?2)
         on conflict (reference) do update set
             failures = case when last_failed_at < ?3 then 1 else failures + 1 end,
             first_failed_at = case when last_failed_at < ?3 then ?2 else first_failed_at end,
             last_failed_at = ?2",
    )
    .bind(reference.as_str())
    .bind(ts(now))
    .bind(ts(now - delay.memory))
    .execute(pool)
    .await?;
    Ok(())
}

/// Looks the report up: its id when `code` is its tracking code, otherwise `None`, after the soft
/// delay the reference's recent failures call for.
pub async fn find(
    pool: &SqlitePool,
    reference: &Reference,
    code: &SecretCode,
    now: DateTime<Utc>,
    delay: &SoftDelay,
) -> sqlx::Result<Option<i64>> {
    let failures = recent_failures(pool, reference, now, delay).await?;
    tokio::time::sleep(delay.wait(failures)).await;
    let row: Option<(i64, String)> =
        sqlx::query_as("select id, tracking_code_hash from report where reference = ?")
            .bind(reference.as_str())
            .fetch_optional(pool)
            .await?;
    let (id, hash) = match row {
        Some((id, hash)) => (Some(id), hash),
        None => (None, dummy_hash().to_string()),
    };
    let code = code.clone();
    let matches = tokio::task::spawn_blocking(move || secrets::verify_code(code.expose(), &hash))
        .await
        .map_err(|e| sqlx::Error::Protocol(format!("verification task failed: {e}")))?;
    match id.filter(|_| matches) {
        Some(id) => {
            sqlx::query("delete from lookup_failure where reference = ?")
                .bind(reference.as_str())
                .execute(pool)
                .await?;
            Ok(Some(id))
        }
        None => {
            record_failure(pool, reference, now, delay).await?;
            Ok(None)
        }
    }
}
