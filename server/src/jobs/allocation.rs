//! The allocation hand-off of a report just received.

use chrono::{DateTime, Utc};

use super::{Dispatcher, Outcome};
use crate::allocation::{hand_off, HandOff};

pub(super) async fn run(dispatcher: &Dispatcher, report_id: i64, now: DateTime<Utc>) -> Outcome {
    match hand_off(&dispatcher.pool, &dispatcher.allocator, report_id, now).await {
        Ok(HandOff::Assessed) => Outcome::Done("assessed".into()),
        Ok(HandOff::AlreadyAssessed) => Outcome::Done("already assessed".into()),
        // Trying again would read the same row: staff assess it by hand.
        Ok(HandOff::Unreadable(why)) => {
            tracing::error!(report_id, reason = %why, "stored report unreadable; not assessed automatically");
            Outcome::Refused(why)
        }
        Err(error) => {
            tracing::error!(report_id, %error, "allocation hand-off failed");
            Outcome::Retry("allocation failed".into())
        }
    }
}
