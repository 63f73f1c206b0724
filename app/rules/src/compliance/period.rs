//! Reporting periods in UK time: this week, the last four weeks, a quarter of the financial
//! year, or chosen days; each turned into the UTC instants a query needs and a label.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::London;

/// The longest custom period, in days.
const MAX_CUSTOM_DAYS: i64 = 366;

/// The UK date (Europe/London) at `at`.
pub fn uk_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&London).date_naive()
}

/// A quarter of the financial year, which runs from 1 April to 31 March.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FinancialQuarter {
    /// April to June.
    Q1,
    /// July to September.
    Q2,
    /// October to December.
    Q3,
    /// January to March of the next calendar year.
    Q4,
}

impl FinancialQuarter {
    /// In order, Q1 first.
    pub const ALL: [FinancialQuarter; 4] =
        [FinancialQuarter::Q1, FinancialQuarter::Q2, FinancialQuarter::Q3, FinancialQuarter::Q4];

    /// 1 to 4.
    pub fn number(self) -> u8 {
        match self {
            FinancialQuarter::Q1 => 1,
            FinancialQuarter::Q2 => 2,
            FinancialQuarter::Q3 => 3,
            FinancialQuarter::Q4 => 4,
        }
    }

    /// The quarter numbered `n` (1 to 4).
    pub fn from_number(n: u8) -> Option<Self> {
        Self::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }

    /// The first day of this quarter in the financial year starting in April of `year`, and the
    /// day after its last.
    pub fn days(self, year: i32) -> Option<(NaiveDate, NaiveDate)> {
        let first_of = |later: i32, month| NaiveDate::from_ymd_opt(year.checked_add(later)?, month, 1);
        let (start, after) = match self {
            FinancialQuarter::Q1 => (first_of(0, 4), first_of(0, 7)),
            FinancialQuarter::Q2 => (first_of(0, 7), first_of(0, 10)),
            FinancialQuarter::Q3 => (first_of(0, 10), first_of(1, 1)),
            FinancialQuarter::Q4 => (first_of(1, 1), first_of(1, 4)),
        };
        start.zip(after)
    }
}

/// The stretch of time a compliance page reports on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    /// From midnight at the start of Monday, UK time, to now.
    ThisWeek,
    /// 28 days: from midnight UK time 27 days before today, to now.
    LastFourWeeks,
    /// A quarter of the financial year starting in April of `year` (2026 is 2026/27, so its
    /// quarter 4 is January to March 2027).
    Quarter { year: i32, q: FinancialQuarter },
    /// Whole UK days from `from` to `to`, both included: at most 366 of them.
    Custom { from: NaiveDate, to: NaiveDate },
}

/// Why a period cannot be shown, in words for the supervisor who chose it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// A custom period that ends before it starts.
    #[error("The start date must be on or before the end date")]
    StartAfterEnd,
    /// A custom period longer than 366 days.
    #[error("Choose a period of a year or less")]
    TooLong,
    /// Dates beyond those the calendar can hold (a mistyped year).
    #[error("Choose dates nearer to today")]
    OutOfRange,
}

/// A period in UTC: from `start` (included) up to `end` (not included).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodRange {
    /// The first moment in the period.
    pub start: DateTime<Utc>,
    /// The first moment after it.
    pub end: DateTime<Utc>,
    /// For the page, e.g. "1 January to 31 March 2027 (quarter 4 of 2026/27)".
    pub label: String,
}

impl PeriodRange {
    /// Whether `at` falls in the period.
    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        self.start <= at && at < self.end
    }
}

impl Period {
    /// The financial quarter that `date` falls in.
    pub fn quarter_containing(date: NaiveDate) -> Period {
        let (year, month) = (date.year(), date.month());
        match month {
            1..=3 => Period::Quarter { year: year - 1, q: FinancialQuarter::Q4 },
            4..=6 => Period::Quarter { year, q: FinancialQuarter::Q1 },
            7..=9 => Period::Quarter { year, q: FinancialQuarter::Q2 },
            _ => Period::Quarter { year, q: FinancialQuarter::Q3 },
        }
    }

    /// The quarter before the one that `date` falls in: the last whole quarter on `date`. For a
    /// "previous quarter" link from a quarter, pass its first day.
    pub fn previous_quarter(date: NaiveDate) -> Period {
        let year = date.year();
        match date.month() {
            1..=3 => Period::Quarter { year: year - 1, q: FinancialQuarter::Q3 },
            4..=6 => Period::Quarter { year: year - 1, q: FinancialQuarter::Q4 },
            7..=9 => Period::Quarter { year, q: FinancialQuarter::Q1 },
            _ => Period::Quarter { year, q: FinancialQuarter::Q2 },
        }
    }

    /// The period in UTC, with its label, at the time `now`.
    pub fn range(&self, now: DateTime<Utc>) -> Result<PeriodRange, PeriodError> {
        let today = uk_date(now);
        match *self {
            Period::ThisWeek => {
                let monday = today.checked_sub_days(Days::new(today.weekday().num_days_from_monday().into()));
                to_now("This week", monday, now)
            }
            Period::LastFourWeeks => to_now("Last 4 weeks", today.checked_sub_days(Days::new(27)), now),
            Period::Quarter { year, q } => {
                let (first, after) = q.days(year).ok_or(PeriodError::OutOfRange)?;
                let last = after.pred_opt().ok_or(PeriodError::OutOfRange)?;
                let (number, next_year) = (q.number(), (i64::from(year) + 1).rem_euclid(100));
                let label =
                    format!("{} (quarter {number} of {year}/{next_year:02})", days_label(first, last));
                Ok(PeriodRange { start: uk_midnight(first)?, end: uk_midnight(after)?, label })
            }
            Period::Custom { from, to } => {
                if from > to {
                    return Err(PeriodError::StartAfterEnd);
                }
                if (to - from).num_days() + 1 > MAX_CUSTOM_DAYS {
                    return Err(PeriodError::TooLong);
                }
                let after = to.succ_opt().ok_or(PeriodError::OutOfRange)?;
                let (start, end) = (uk_midnight(from)?, uk_midnight(after)?);
                Ok(PeriodRange { start, end, label: days_label(from, to) })
            }
        }
    }
}

/// From midnight UK time at the start of `first` to `now`, labelled "`name` (from Monday 30
/// November 2026)".
fn to_now(name: &str, first: Option<NaiveDate>, now: DateTime<Utc>) -> Result<PeriodRange, PeriodError> {
    let first = first.ok_or(PeriodError::OutOfRange)?;
    let label = format!("{name} (from {})", first.format("%A %-d %B %Y"));
    Ok(PeriodRange { start: uk_midnight(first)?, end: now, label })
}

/// Midnight at the start of `date`, UK time. The UK's clocks change at 1am UTC, so midnight
/// always exists and happens once.
fn uk_midnight(date: NaiveDate) -> Result<DateTime<Utc>, PeriodError> {
    let local = London.from_local_datetime(&date.and_time(NaiveTime::MIN)).earliest();
    local.map(|at| at.with_timezone(&Utc)).ok_or(PeriodError::OutOfRange)
}

/// "24 December 2026", "1 to 15 January 2027", "1 January to 31 March 2027",
/// "1 December 2026 to 31 January 2027".
fn days_label(from: NaiveDate, to: NaiveDate) -> String {
    let full = |d: NaiveDate| d.format("%-d %B %Y").to_string();
    if from == to {
        full(to)
    } else if (from.year(), from.month()) == (to.year(), to.month()) {
        format!("{} to {}", from.day(), full(to))
    } else if from.year() == to.year() {
        format!("{} to {}", from.format("%-d %B"), full(to))
    } else {
        format!("{} to {}", full(from), full(to))
    }
}
