//! The time, as a dependency, so tests can fix it.

use chrono::{DateTime, NaiveDate, Utc};

/// Where the time comes from.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;

    /// Today's date in England and Wales (GMT or BST).
    fn today(&self) -> NaiveDate {
        self.now().with_timezone(&chrono_tz::Europe::London).date_naive()
    }
}

/// The system clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock stopped at one instant, for tests.
#[derive(Clone, Copy, Debug)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_follows_british_summer_time() {
        let late_summer_evening = "2026-07-01T23:30:00Z".parse().unwrap();
        assert_eq!(FixedClock(late_summer_evening).today(), NaiveDate::from_ymd_opt(2026, 7, 2).unwrap());
        let late_winter_evening = "2026-12-01T23:30:00Z".parse().unwrap();
        assert_eq!(FixedClock(late_winter_evening).today(), NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
    }
}
