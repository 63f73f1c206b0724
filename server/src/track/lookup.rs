//! Finding a report by its reference and tracking code.
//!
//! The reference is an identifier, not a secret: assume it leaks. An unknown reference and a
//! wrong code get the same answer in the same time: every look-up verifies one argon2id hash (a
//! dummy one when the reference is unknown) and every failure is counted against the reference
//! as typed, then answered after the soft delay its count calls for. The right code is never
//! delayed, so however many wrong guesses an abuser made before, the victim's own code signs in
//! at once (the delay is applied to failures only, after the check: there is no lock to use).
//! The counts live in the database, so every node sees them.

use crate::{
    config::SoftDelay,
    error::AppError,
    secrets,
    store::{self, Pool},
};
use chrono::{DateTime, Utc};
use rules::codes::{Reference, SecretCode};

/// The hash verified when a reference is unknown (see [`secrets::dummy_hash`]).
fn dummy_hash() -> &'static str {
    secrets::dummy_hash()
}

/// Makes the dummy hash now (at start-up) rather than during someone's first look-up or sign-in.
pub fn prepare() {
    dummy_hash();
}

/// Counts a failed look-up of `reference`; returns how many failures it had before this one
/// (within the delay's memory).
async fn record_failure(
    pool: &Pool,
    reference: &Reference,
    now: DateTime<Utc>,
    delay: &SoftDelay,
) -> store::Result<u32> {
    let failures = store::tracking::count_failure(pool, reference.as_str(), now, now - delay.memory).await?;
    Ok((failures - 1).clamp(0, u32::MAX.into()) as u32)
}

/// Looks the report up: its id when `code` is its tracking code, at once; otherwise `None`, after
/// the soft delay the reference's earlier failures call for.
pub async fn find(
    pool: &Pool,
    reference: &Reference,
    code: &SecretCode,
    now: DateTime<Utc>,
    delay: &SoftDelay,
) -> Result<Option<i64>, AppError> {
    let (id, hash) = match store::reports::code_hash(pool, reference.as_str()).await? {
        Some((id, hash)) => (Some(id), hash),
        None => (None, dummy_hash().to_string()),
    };
    let matches = secrets::Argon2Work::shared().verify(code.expose().to_string(), hash).await?;
    match id.filter(|_| matches) {
        Some(id) => {
            store::tracking::clear_failures(pool, reference.as_str()).await?;
            Ok(Some(id))
        }
        None => {
            let earlier = record_failure(pool, reference, now, delay).await?;
            tokio::time::sleep(delay.wait(earlier)).await;
            Ok(None)
        }
    }
}
