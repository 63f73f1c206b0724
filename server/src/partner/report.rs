//! Sending a report from a partner, as a use case: a retry with the same Idempotency-Key gets
//! the first answer; otherwise the body is read against the contract, checked with exactly the
//! wizard's rules and stored exactly as the wizard stores one.

use rules::wizard::Context;
use sha2::{Digest, Sha256};

use super::{
    body,
    errors::ApiError,
    keys::Partner,
    store::{self, Outcome, Receipt},
    validate,
};
use crate::state::AppState;

/// The answer to a partner: the reference and tracking code, and whether it repeats an
/// earlier answer.
pub struct Created {
    pub receipt: Receipt,
    pub replayed: bool,
}

/// Stores the report in `body` (JSON) sent by `partner`, or finds the one stored for the same
/// request before.
pub async fn create(
    state: &AppState,
    partner: &Partner,
    idempotency_key: Option<&str>,
    body: &[u8],
) -> Result<Created, ApiError> {
    let request = store::Request { partner, idempotency_key, digest: Sha256::digest(body).to_vec() };
    if let Some(receipt) = store::earlier(&state.pool, &request).await? {
        return Ok(Created { receipt, replayed: true });
    }
    let ctx =
        Context { today: state.clock.today(), online_crime_types: state.site.online_crime_types.clone() };
    let report = validate::report(&body::read(body)?, &ctx)?;
    match store::submit(&state.pool, &request, &report, state.clock.now(), ctx.today).await? {
        Outcome::Created { receipt, report_id } => {
            tracing::info!(partner_id = partner.id, report_id, "partner report stored");
            Ok(Created { receipt, replayed: false })
        }
        Outcome::Replayed(receipt) => Ok(Created { receipt, replayed: true }),
    }
}
