//! The measures on a supervisor's compliance page: whether Victims' Code deadlines were met, how
//! often the duties owed when a crime is reported were done, and how long reports waited.
//!
//! Policy: the Code of Practice for Victims of Crime in England and Wales (2020). Deadlines are
//! those [`crate::deadlines`] sets. The duties when reporting are information on the Code
//! (Right 3), an assessment of the victim's needs for support (Right 4), a contact plan agreeing
//! how and how often the victim hears about the investigation (Right 6), and the Victim Personal
//! Statement explained (Right 7). Beside them the page shows the 2017 hand audit of crime records
//! that measuring from data replaces ([`Duty::baseline`]).
//!
//! Periods are in UK time (Europe/London): each starts and ends at midnight UK time, so a day is
//! 23 or 25 hours long when the clocks change (the last Sundays of March and October). Quarters
//! are those of the financial year, as police forces report: quarter 1 is April to June and
//! quarter 4 is January to March of the next calendar year.
//!
//! A page counts the deadlines that fell due in a period, and the reports received in it, and
//! judges them as of now: a deadline met after the period ended is late, not overdue.

mod period;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, TimeDelta, Utc};

use crate::calendar::WorkingCalendar;
use crate::deadlines::DeadlineKind;

pub use period::{uk_date, FinancialQuarter, Period, PeriodError, PeriodRange};

/// Where a deadline stands at a moment (`as_of`). Something done after `as_of` counts as not
/// done yet, so a past moment can be judged with today's records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Standing {
    /// Done at or before the time it was due.
    Met,
    /// Done, but after the time it was due.
    Late,
    /// Not done, and the time it was due has passed: late, and still open.
    Overdue,
    /// Not done, and not yet due.
    Pending,
}

impl Standing {
    /// The standing of a deadline due at `due` and done at `met`, if it was.
    pub fn of(due: DateTime<Utc>, met: Option<DateTime<Utc>>, as_of: DateTime<Utc>) -> Standing {
        match met.filter(|&met| met <= as_of) {
            Some(met) if met <= due => Standing::Met,
            Some(_) => Standing::Late,
            None if as_of > due => Standing::Overdue,
            None => Standing::Pending,
        }
    }

    /// Every standing, in the page's order.
    pub const ALL: [Standing; 4] = [Standing::Met, Standing::Late, Standing::Overdue, Standing::Pending];

    /// The word for it in addresses and exports.
    pub fn slug(self) -> &'static str {
        match self {
            Standing::Met => "met",
            Standing::Late => "late",
            Standing::Overdue => "overdue",
            Standing::Pending => "pending",
        }
    }

    /// The standing whose slug is `slug`.
    pub fn from_slug(slug: &str) -> Option<Standing> {
        Standing::ALL.into_iter().find(|s| s.slug() == slug)
    }

    /// Plain words for the page.
    pub fn label(self) -> &'static str {
        match self {
            Standing::Met => "Met",
            Standing::Late => "Late",
            Standing::Overdue => "Overdue",
            Standing::Pending => "Not yet due",
        }
    }
}

/// How late a late or overdue deadline is (an overdue one: so far).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Lateness {
    /// Working days after the UK date it fell due, up to and including the UK date it was done
    /// (or, if overdue, of `as_of`): done on the next working day is 1; done later on the day it fell
    /// due is 0, though still late. Weekends and bank holidays in between do not count.
    pub working_days: u32,
    /// From the time it was due to the time it was done (or to `as_of`, if overdue).
    pub time: TimeDelta,
}

impl Lateness {
    /// How late the deadline is at `as_of`; `None` if it is met or not yet due.
    ///
    /// Days are UK days. In British Summer Time a deadline counted in days is due at 00:59:59
    /// UK time the morning after its last day (see [`crate::deadlines`]), so that morning is the
    /// day it fell due: a duty done that afternoon is 0 working days late, and `time` shows by how
    /// much. As with deadlines, a bank holiday outside the years the calendar covers counts as a
    /// working day ([`WorkingCalendar::covers`]).
    pub fn of(
        due: DateTime<Utc>,
        met: Option<DateTime<Utc>>,
        as_of: DateTime<Utc>,
        calendar: &WorkingCalendar,
    ) -> Option<Lateness> {
        let until = match Standing::of(due, met, as_of) {
            Standing::Late => met?,
            Standing::Overdue => as_of,
            Standing::Met | Standing::Pending => return None,
        };
        let working_days = calendar.working_days_between(uk_date(due), uk_date(until));
        Some(Lateness { working_days, time: until - due })
    }
}

/// A share of a whole: so many of so many. The part is never more than the whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rate {
    numerator: u64,
    denominator: u64,
}

impl Rate {
    /// `numerator` of `denominator`; a numerator above the denominator is taken as the whole.
    pub fn new(numerator: u64, denominator: u64) -> Rate {
        Rate { numerator: numerator.min(denominator), denominator }
    }

    /// The part: so many.
    pub fn numerator(self) -> u64 {
        self.numerator
    }

    /// The whole: of so many.
    pub fn denominator(self) -> u64 {
        self.denominator
    }

    /// The whole percentage, rounded to the nearest (a half rounds up), except that it never
    /// reads 100 unless all were done, nor 0 unless none were: 199 of 200 is 99, and 1 of 300 is
    /// 1. `None` when there is nothing to count (0 of 0).
    pub fn percent(self) -> Option<u32> {
        if self.denominator == 0 {
            return None;
        }
        let (n, d) = (u128::from(self.numerator), u128::from(self.denominator));
        let rounded = match (200 * n + d) / (2 * d) {
            100 if n < d => 99,
            0 if n > 0 => 1,
            p => p,
        };
        Some(u32::try_from(rounded).unwrap_or(100))
    }
}

/// "46% (23 of 50)", "99% (1,990 of 2,000)", or "No reports" for 0 of 0.
impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.percent() {
            None => f.write_str("No reports"),
            Some(p) => write!(f, "{p}% ({} of {})", thousands(self.numerator), thousands(self.denominator)),
        }
    }
}

/// `n` with a comma between each group of 3 digits, as GOV.UK writes numbers: 1,584.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// The figures for one kind of deadline over many of them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DeadlineFigures {
    /// Done in time.
    pub met: u64,
    /// Done after the time they were due.
    pub late: u64,
    /// Not done, and past the time they were due.
    pub overdue: u64,
    /// Not yet due; left out of [`DeadlineFigures::on_time_rate`].
    pub pending: u64,
    /// The median of [`Lateness::working_days`] over the late and overdue ones (for an even
    /// number, halfway between the middle two); `None` if none are late or overdue.
    pub median_working_days_late: Option<f64>,
}

impl DeadlineFigures {
    /// Counts `deadlines`, each a time due and the time it was done, if it was, at `as_of`.
    pub fn of(
        deadlines: impl IntoIterator<Item = (DateTime<Utc>, Option<DateTime<Utc>>)>,
        as_of: DateTime<Utc>,
        calendar: &WorkingCalendar,
    ) -> DeadlineFigures {
        let mut figures = DeadlineFigures::default();
        let mut days_late = Vec::new();
        for (due, met) in deadlines {
            let count = match Standing::of(due, met, as_of) {
                Standing::Met => &mut figures.met,
                Standing::Late => &mut figures.late,
                Standing::Overdue => &mut figures.overdue,
                Standing::Pending => &mut figures.pending,
            };
            *count += 1;
            days_late.extend(Lateness::of(due, met, as_of, calendar).map(|l| l.working_days));
        }
        days_late.sort_unstable();
        figures.median_working_days_late =
            middle(&days_late).map(|(a, b)| (f64::from(a) + f64::from(b)) / 2.0);
        figures
    }

    /// Met of those that have fallen due (met, late and overdue); not-yet-due ones are left out.
    pub fn on_time_rate(&self) -> Rate {
        Rate::new(self.met, self.met + self.late + self.overdue)
    }
}

/// [`DeadlineFigures`] for each kind of deadline in `deadlines` (kind, due, done); a kind with no
/// deadlines is absent.
pub fn figures_by_kind(
    deadlines: impl IntoIterator<Item = (DeadlineKind, DateTime<Utc>, Option<DateTime<Utc>>)>,
    as_of: DateTime<Utc>,
    calendar: &WorkingCalendar,
) -> BTreeMap<DeadlineKind, DeadlineFigures> {
    let mut by_kind: BTreeMap<DeadlineKind, Vec<_>> = BTreeMap::new();
    for (kind, due, met) in deadlines {
        by_kind.entry(kind).or_default().push((due, met));
    }
    by_kind.into_iter().map(|(kind, list)| (kind, DeadlineFigures::of(list, as_of, calendar))).collect()
}

/// A duty owed to the victim when a crime is reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Duty {
    /// Information on the Victims' Code given, such as its leaflet (Right 3).
    Right3Information,
    /// The Victim Personal Statement explained (Right 7).
    VpsExplained,
    /// The victim's needs for support assessed (Right 4).
    NeedsAssessed,
    /// How and how often the victim will hear about the investigation agreed (Right 6).
    ContactPlanAgreed,
}

/// A figure from before the portal, shown beside the portal's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Baseline {
    /// The whole percentage of cases in which the duty was done.
    pub percent: u32,
    /// Where the figure comes from.
    pub source: &'static str,
}

/// The source of the 2017 figures. They come from a sample of records read by hand, because
/// officers wrote these things in free text; the portal counts every report, so a change may
/// partly be the way of measuring.
pub const AUDIT_2017: &str =
    "Hand audit of crime records, 2017, in the police performance paper \"Supporting Victims of Crime\"";

/// The Victim Personal Statement explained: 46% in 2017.
pub const VPS_EXPLAINED_2017: Baseline = Baseline { percent: 46, source: AUDIT_2017 };
/// The Victims' Code leaflet given (Right 3 information): 69% in 2017.
pub const CODE_LEAFLET_GIVEN_2017: Baseline = Baseline { percent: 69, source: AUDIT_2017 };
/// A contact plan agreed: 89% in 2017.
pub const CONTACT_PLAN_AGREED_2017: Baseline = Baseline { percent: 89, source: AUDIT_2017 };

impl Duty {
    /// In the order the page shows them.
    pub const ALL: [Duty; 4] =
        [Duty::Right3Information, Duty::VpsExplained, Duty::NeedsAssessed, Duty::ContactPlanAgreed];

    /// The word for it in addresses and exports.
    pub fn slug(self) -> &'static str {
        match self {
            Duty::Right3Information => "code-information",
            Duty::VpsExplained => "vps-explained",
            Duty::NeedsAssessed => "needs-assessed",
            Duty::ContactPlanAgreed => "contact-plan-agreed",
        }
    }

    /// The duty whose slug is `slug`.
    pub fn from_slug(slug: &str) -> Option<Duty> {
        Duty::ALL.into_iter().find(|d| d.slug() == slug)
    }

    /// Plain words for the page.
    pub fn label(self) -> &'static str {
        match self {
            Duty::Right3Information => "Information on the Victims' Code given (Right 3)",
            Duty::VpsExplained => "Victim Personal Statement explained (Right 7)",
            Duty::NeedsAssessed => "Needs for support assessed (Right 4)",
            Duty::ContactPlanAgreed => "Contact plan agreed (Right 6)",
        }
    }

    /// The 2017 audit's figure, if it measured this duty (it did not measure needs assessments).
    pub fn baseline(self) -> Option<Baseline> {
        match self {
            Duty::Right3Information => Some(CODE_LEAFLET_GIVEN_2017),
            Duty::VpsExplained => Some(VPS_EXPLAINED_2017),
            Duty::NeedsAssessed => None,
            Duty::ContactPlanAgreed => Some(CONTACT_PLAN_AGREED_2017),
        }
    }
}

/// How often one duty was done, of the reports it applied to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct DutyFigures {
    /// Reports the duty applied to.
    pub applicable: u64,
    /// Of those, the ones where it was done.
    pub done: u64,
}

impl DutyFigures {
    /// Counts `reports`, each whether the duty applies and when it was done, if it was. A duty
    /// done after `as_of` counts as not done; reports it does not apply to are left out.
    pub fn of(
        reports: impl IntoIterator<Item = (bool, Option<DateTime<Utc>>)>,
        as_of: DateTime<Utc>,
    ) -> Self {
        let mut figures = DutyFigures::default();
        for (_, done) in reports.into_iter().filter(|(applies, _)| *applies) {
            figures.applicable += 1;
            figures.done += u64::from(done.is_some_and(|at| at <= as_of));
        }
        figures
    }

    /// Done of applicable.
    pub fn rate(self) -> Rate {
        Rate::new(self.done, self.applicable)
    }
}

/// The median and 90th percentile of a list of times, such as from receipt to first review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DurationFigures {
    /// How many times were in the list.
    pub count: u64,
    /// The middle time (for an even number, halfway between the middle two).
    pub median: TimeDelta,
    /// By the nearest-rank method: the smallest time that at least 90% of the list are no longer
    /// than, i.e. the one at rank ⌈0.9 × count⌉ in order, shortest first (the 9th of 10).
    pub percentile_90: TimeDelta,
}

impl DurationFigures {
    /// The figures for `durations`; `None` if there are none.
    pub fn of(durations: impl IntoIterator<Item = TimeDelta>) -> Option<DurationFigures> {
        let mut sorted: Vec<TimeDelta> = durations.into_iter().collect();
        sorted.sort_unstable();
        let (a, b) = middle(&sorted)?;
        let median = b.checked_sub(&a).map(|gap| a + gap / 2).unwrap_or(a / 2 + b / 2);
        // ⌈0.9 n⌉ = n - ⌊n / 10⌋, a rank from 1.
        let rank = sorted.len() - sorted.len() / 10;
        let percentile_90 = *sorted.get(rank - 1)?;
        Some(DurationFigures { count: sorted.len() as u64, median, percentile_90 })
    }

    /// The figures for times each counted a number of times (`(time, how many)`, in any order),
    /// as the database gives them grouped by the minute: the same as [`DurationFigures::of`] over
    /// the list they stand for. `None` if there are none.
    pub fn of_counted(counted: impl IntoIterator<Item = (TimeDelta, u64)>) -> Option<DurationFigures> {
        let mut counted: Vec<(TimeDelta, u64)> = counted.into_iter().filter(|(_, n)| *n > 0).collect();
        counted.sort_unstable();
        let count: u64 = counted.iter().map(|(_, n)| n).sum();
        let last = count.checked_sub(1)?;
        // The time at (0-based) rank `rank` of the list, shortest first.
        let at = |rank: u64| {
            let mut seen = 0;
            counted
                .iter()
                .find(|(_, n)| {
                    seen += n;
                    seen > rank
                })
                .map(|(time, _)| *time)
        };
        let (a, b) = (at(last / 2)?, at(count / 2)?);
        let median = b.checked_sub(&a).map(|gap| a + gap / 2).unwrap_or(a / 2 + b / 2);
        let percentile_90 = at(count - count / 10 - 1)?;
        Some(DurationFigures { count, median, percentile_90 })
    }
}

/// The middle two of a sorted list (the same one twice for an odd number); `None` if empty.
/// The median of values each counted a number of times (`(value, how many)`, in any order),
/// as [`DeadlineFigures::median_working_days_late`] takes it: for an even total, halfway between
/// the middle two. `None` if there are none.
pub fn median_of_counted(counted: impl IntoIterator<Item = (u32, u64)>) -> Option<f64> {
    let mut counted: Vec<(u32, u64)> = counted.into_iter().filter(|(_, n)| *n > 0).collect();
    counted.sort_unstable();
    let total: u64 = counted.iter().map(|(_, n)| n).sum();
    let last = total.checked_sub(1)?;
    // The values at (0-based) ranks last / 2 and total / 2.
    let at = |rank: u64| {
        let mut seen = 0;
        counted.iter().find(|(_, n)| {
            seen += n;
            seen > rank
        })
    };
    let (a, b) = (at(last / 2)?.0, at(total / 2)?.0);
    Some((f64::from(a) + f64::from(b)) / 2.0)
}

fn middle<T: Copy>(sorted: &[T]) -> Option<(T, T)> {
    let last = sorted.len().checked_sub(1)?;
    Some((*sorted.get(last / 2)?, *sorted.get(sorted.len() / 2)?))
}
