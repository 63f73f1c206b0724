//! The storage layer: every SQL statement of the portal lives under here, grouped by the tables it
//! touches. Callers see plain Rust types; what SQLite needs (text timestamps, durable commits)
//! stays inside.

mod durable;
pub mod events;
pub mod flash;
pub mod outbox;
pub mod people;

use chrono::{DateTime, Utc};

pub use durable::Durable;

/// A timestamp as stored: RFC 3339 in UTC with milliseconds, so that text order is time order.
pub fn ts(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
