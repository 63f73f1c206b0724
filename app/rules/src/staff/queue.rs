//! The queue's order and the words for a deadline.
//!
//! Order: reports that need a person now (any THRIVE+ flag, such as words of continuing danger)
//! first, then by priority (a report not yet assessed counts as the highest: nobody knows yet),
//! then by the nearest Victims' Code deadline still open (none last), then oldest first.

use std::cmp::Ordering;

use chrono::{DateTime, Utc};

use crate::{allocation::Priority, calendar::WorkingCalendar};

/// The rank of a priority in the queue, lowest first; `None` (not assessed yet) is 0. The
/// storage layer keeps this number beside each report so that the database sorts as this does.
pub fn priority_rank(priority: Option<Priority>) -> i64 {
    match priority {
        None => 0,
        Some(Priority::Priority) => 1,
        Some(Priority::NonUrgent) => 2,
        Some(Priority::Scheduled) => 3,
        Some(Priority::NoDeployment) => 4,
    }
}

/// What places a report in the queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueueKey {
    /// A THRIVE+ flag says a person must look now.
    pub urgent: bool,
    pub priority: Option<Priority>,
    /// The nearest deadline not yet met.
    pub next_due: Option<DateTime<Utc>>,
    pub received: DateTime<Utc>,
}

impl Ord for QueueKey {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .urgent
            .cmp(&self.urgent)
            .then(priority_rank(self.priority).cmp(&priority_rank(other.priority)))
            .then(match (self.next_due, other.next_due) {
                (Some(a), Some(b)) => a.cmp(&b),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            })
            .then(self.received.cmp(&other.received))
    }
}

impl PartialOrd for QueueKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// "due in 40 min", "due in 3 h", "due in 2 working days", "due today", "overdue by 5 h",
/// "overdue by 1 working day": hours within a day of `now`, working days beyond.
pub fn due_words(due: DateTime<Utc>, now: DateTime<Utc>, calendar: &WorkingCalendar) -> String {
    let plural =
        |n: i64, one: &str, many: &str| if n == 1 { format!("{n} {one}") } else { format!("{n} {many}") };
    let minutes = (due - now).num_minutes();
    if minutes >= 0 {
        if minutes < 60 {
            return format!("due in {} min", minutes.max(1));
        }
        if minutes < 24 * 60 {
            return format!("due in {} h", (minutes + 59) / 60);
        }
        let days = calendar.working_days_between(now.date_naive(), due.date_naive());
        if days == 0 {
            return format!("due in {} h", (minutes + 59) / 60);
        }
        format!("due in {}", plural(days.into(), "working day", "working days"))
    } else {
        let late = -minutes;
        if late < 60 {
            return format!("overdue by {} min", late.max(1));
        }
        if late < 24 * 60 {
            return format!("overdue by {} h", late / 60);
        }
        let days = calendar.working_days_between(due.date_naive(), now.date_naive()).max(1);
        format!("overdue by {}", plural(days.into(), "working day", "working days"))
    }
}
