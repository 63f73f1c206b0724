//! The deadlines owed to a victim after a report, counted on the working-day calendar.
//!
//! Policy: the Code of Practice for Victims of Crime in England and Wales (2020), Right 2 (the
//! crime recorded without unjustified delay; 24 hours, the Home Office Counting Rules' standard),
//! Right 4 (details passed to support services within 2 working days), Right 6 (told of a decision
//! not to investigate within 5 working days, 1 with enhanced rights; updates as agreed), and the
//! police Victims' Right to Review scheme. The periods are configuration ([`Periods`]) because a
//! revised Code is coming.
//!
//! Dates: a report counts from its UTC date (`received.date_naive()`), and a deadline counted in
//! days is due at 23:59:59 UTC on its last day. In British Summer Time a report made between
//! midnight and 1am therefore counts from the day before (its deadline is at most a working day
//! earlier, never later), and the last day ends at 00:59:59 the next morning, UK time.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::WorkingCalendar;
use crate::wizard::{Agency, Frequency};

/// The longest any period may be, in days (and 24 times this in hours): a guard against typing
/// mistakes in configuration.
const MAX_DAYS: u32 = 366;

/// How long each duty may take. Missing fields in configuration take the 2020 Code's values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Periods {
    /// Hours from the report to recording the crime (Right 2).
    pub record_hours: u32,
    /// Working days from the report to passing details to a support service (Right 4).
    pub referral_working_days: u32,
    /// Working days to tell the victim of a decision not to investigate (Right 6).
    pub decision_explained_working_days: u32,
    /// The same for a victim with enhanced rights (Right 6); never longer than the standard one.
    pub decision_explained_enhanced_working_days: u32,
    /// Working days to acknowledge a request for a review (Victims' Right to Review).
    pub vrr_acknowledge_working_days: u32,
    /// Working days to decide a review (Victims' Right to Review).
    pub vrr_decide_working_days: u32,
    /// Days to the first update for a victim who asked for updates every 2 weeks.
    pub update_fortnightly_days: u32,
    /// Days to the first update for a victim who asked for updates every month.
    pub update_monthly_days: u32,
    /// The longest a victim who asked for updates only when there is news waits for the first.
    pub update_when_news_days: u32,
    /// Working days to answer a victim who asks for an update on the tracking page (the force's
    /// own service standard: the Code sets none).
    pub update_request_working_days: u32,
}

impl Default for Periods {
    fn default() -> Self {
        Periods {
            record_hours: 24,
            referral_working_days: 2,
            decision_explained_working_days: 5,
            decision_explained_enhanced_working_days: 1,
            vrr_acknowledge_working_days: 10,
            vrr_decide_working_days: 30,
            update_fortnightly_days: 14,
            update_monthly_days: 28,
            update_when_news_days: 28,
            update_request_working_days: 5,
        }
    }
}

impl Periods {
    /// Checks configured periods: each more than 0 and at most a year, and the enhanced decision
    /// period no longer than the standard one. The message names the field.
    pub fn validate(&self) -> Result<(), String> {
        let days = [
            ("referral_working_days", self.referral_working_days),
            ("decision_explained_working_days", self.decision_explained_working_days),
            ("decision_explained_enhanced_working_days", self.decision_explained_enhanced_working_days),
            ("vrr_acknowledge_working_days", self.vrr_acknowledge_working_days),
            ("vrr_decide_working_days", self.vrr_decide_working_days),
            ("update_fortnightly_days", self.update_fortnightly_days),
            ("update_monthly_days", self.update_monthly_days),
            ("update_when_news_days", self.update_when_news_days),
            ("update_request_working_days", self.update_request_working_days),
        ];
        let hours = ("record_hours", self.record_hours, MAX_DAYS * 24);
        for (name, value, max) in days.into_iter().map(|(n, v)| (n, v, MAX_DAYS)).chain([hours]) {
            if value == 0 || value > max {
                return Err(format!("{name} is {value}; it must be from 1 to {max}"));
            }
        }
        if self.decision_explained_enhanced_working_days > self.decision_explained_working_days {
            return Err(format!(
                "decision_explained_enhanced_working_days ({}) is longer than \
                 decision_explained_working_days ({}); enhanced rights may not wait longer",
                self.decision_explained_enhanced_working_days, self.decision_explained_working_days
            ));
        }
        Ok(())
    }
}

/// What is owed by a deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeadlineKind {
    /// Record the crime (Right 2).
    Record,
    /// Pass the victim's details to a support service they agreed to (Right 4).
    Referral(Agency),
    /// Tell the victim of a decision not to investigate, and why (Right 6).
    DecisionExplained,
    /// The first update on the investigation, as agreed with the victim (Right 6).
    FirstUpdate,
    /// Acknowledge a request for a review of a decision (Victims' Right to Review).
    VrrAcknowledge,
    /// Decide a review (Victims' Right to Review).
    VrrDecide,
    /// Answer the victim's request for an update (the force's service standard).
    UpdateRequested,
}

impl DeadlineKind {
    /// Every kind there is, in order.
    pub fn all() -> Vec<DeadlineKind> {
        use DeadlineKind::*;
        let mut kinds = vec![Record];
        kinds.extend(Agency::ALL.iter().map(|&a| Referral(a)));
        kinds.extend([DecisionExplained, FirstUpdate, VrrAcknowledge, VrrDecide, UpdateRequested]);
        kinds.sort();
        kinds
    }

    /// The value in storage, e.g. `referral-victim-support`.
    pub fn slug(self) -> String {
        match self {
            DeadlineKind::Record => "record".into(),
            DeadlineKind::Referral(agency) => format!("referral-{}", agency.slug()),
            DeadlineKind::DecisionExplained => "decision-explained".into(),
            DeadlineKind::FirstUpdate => "first-update".into(),
            DeadlineKind::VrrAcknowledge => "vrr-acknowledge".into(),
            DeadlineKind::VrrDecide => "vrr-decide".into(),
            DeadlineKind::UpdateRequested => "update-requested".into(),
        }
    }

    /// The kind stored as `slug`.
    pub fn from_slug(slug: &str) -> Option<Self> {
        Some(match slug {
            "record" => DeadlineKind::Record,
            "decision-explained" => DeadlineKind::DecisionExplained,
            "first-update" => DeadlineKind::FirstUpdate,
            "vrr-acknowledge" => DeadlineKind::VrrAcknowledge,
            "vrr-decide" => DeadlineKind::VrrDecide,
            "update-requested" => DeadlineKind::UpdateRequested,
            other => DeadlineKind::Referral(Agency::from_slug(other.strip_prefix("referral-")?)?),
        })
    }

    /// Plain words for victims and staff.
    pub fn label(self) -> String {
        match self {
            DeadlineKind::Record => "Record the crime".into(),
            DeadlineKind::Referral(agency) => {
                format!("Pass on details to a support service: {}", agency.label())
            }
            DeadlineKind::DecisionExplained => "Explain a decision not to investigate".into(),
            DeadlineKind::FirstUpdate => "First update on the investigation".into(),
            DeadlineKind::VrrAcknowledge => "Acknowledge the request for a review".into(),
            DeadlineKind::VrrDecide => "Decide the review".into(),
            DeadlineKind::UpdateRequested => "Answer the request for an update".into(),
        }
    }
}

/// A duty and when it falls due.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    /// What is owed.
    pub kind: DeadlineKind,
    /// The latest time it may be done.
    pub due: DateTime<Utc>,
    /// How the time was worked out, e.g. "2 working days from the report (Right 4)".
    pub basis: String,
}

const END_OF_DAY: NaiveTime = match NaiveTime::from_hms_opt(23, 59, 59) {
    Some(time) => time,
    None => NaiveTime::MIN,
};

fn end_of(date: NaiveDate) -> DateTime<Utc> {
    date.and_time(END_OF_DAY).and_utc()
}

fn working_days(n: u32) -> String {
    format!("{n} working day{}", if n == 1 { "" } else { "s" })
}

/// Due at the end of the `n`th working day after `start`'s date.
fn after(cal: &WorkingCalendar, kind: DeadlineKind, start: DateTime<Utc>, n: u32, from: &str) -> Deadline {
    let due = end_of(cal.add_working_days(start.date_naive(), n));
    Deadline { kind, due, basis: format!("{} from {from}", working_days(n)) }
}

/// The deadlines that follow a report received at `received`: recording, a referral to each
/// agency (once each, in the order given), explaining a decision not to investigate and the first
/// update. The caller should check [`WorkingCalendar::covers`] for the dates in use: outside the
/// published years a bank holiday counts as a working day, so deadlines come early, never late.
pub fn report_deadlines(
    received: DateTime<Utc>,
    enhanced: bool,
    referrals: &[Agency],
    frequency: Frequency,
    periods: &Periods,
    calendar: &WorkingCalendar,
) -> Vec<Deadline> {
    let hours = periods.record_hours;
    let mut out = vec![Deadline {
        kind: DeadlineKind::Record,
        due: received.checked_add_signed(TimeDelta::hours(hours.into())).unwrap_or(DateTime::<Utc>::MAX_UTC),
        basis: format!("{hours} hours from the report (Right 2)"),
    }];
    for (_, &agency) in referrals.iter().enumerate().filter(|(i, a)| !referrals[..*i].contains(a)) {
        let (kind, n) = (DeadlineKind::Referral(agency), periods.referral_working_days);
        out.push(after(calendar, kind, received, n, "the report (Right 4)"));
    }
    out.push(explained(received, "the report", enhanced, periods, calendar));
    let days = match frequency {
        Frequency::Fortnightly => periods.update_fortnightly_days,
        Frequency::Monthly => periods.update_monthly_days,
        Frequency::WhenNews => periods.update_when_news_days,
    };
    let date = received.date_naive().checked_add_days(Days::new(days.into())).unwrap_or(NaiveDate::MAX);
    out.push(Deadline {
        kind: DeadlineKind::FirstUpdate,
        due: end_of(calendar.next_working_day_on_or_after(date)),
        basis: format!(
            "{days} days from the report, or the next working day; updates agreed: {} (Right 6)",
            frequency.label().to_lowercase()
        ),
    });
    out
}

/// When a decision not to investigate must be explained. The Code counts from the decision; for an
/// online report the first decision is taken on the report, so [`report_deadlines`] passes the
/// time it was received, and a later decision passes its own time.
pub fn decision_explained(
    decided: DateTime<Utc>,
    enhanced: bool,
    periods: &Periods,
    calendar: &WorkingCalendar,
) -> Deadline {
    explained(decided, "the decision", enhanced, periods, calendar)
}

fn explained(
    start: DateTime<Utc>,
    what: &str,
    enhanced: bool,
    p: &Periods,
    cal: &WorkingCalendar,
) -> Deadline {
    let (n, from) = if enhanced {
        (p.decision_explained_enhanced_working_days, format!("{what}, enhanced rights (Right 6)"))
    } else {
        (p.decision_explained_working_days, format!("{what} (Right 6)"))
    };
    after(cal, DeadlineKind::DecisionExplained, start, n, &from)
}

/// When a victim who asked for an update at `requested` must have an answer.
pub fn update_requested(requested: DateTime<Utc>, periods: &Periods, calendar: &WorkingCalendar) -> Deadline {
    let n = periods.update_request_working_days;
    after(calendar, DeadlineKind::UpdateRequested, requested, n, "the request for an update")
}

/// The deadlines that follow a request, at `requested`, to review a decision: acknowledge it,
/// then decide it (the police Victims' Right to Review scheme).
pub fn vrr_deadlines(
    requested: DateTime<Utc>,
    periods: &Periods,
    calendar: &WorkingCalendar,
) -> [Deadline; 2] {
    let by = |kind, n| after(calendar, kind, requested, n, "the request (Victims' Right to Review)");
    [
        by(DeadlineKind::VrrAcknowledge, periods.vrr_acknowledge_working_days),
        by(DeadlineKind::VrrDecide, periods.vrr_decide_working_days),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use proptest::sample::{select, subsequence};
    use serde::de::value::{Error as DeError, MapDeserializer};

    fn cal() -> WorkingCalendar {
        WorkingCalendar::england_and_wales().unwrap()
    }

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, 0, 0).unwrap().and_utc()
    }

    /// 23:59:59 UTC on that day.
    fn eod(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        end_of(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    fn due(deadlines: &[Deadline], kind: DeadlineKind) -> DateTime<Utc> {
        deadlines.iter().find(|d| d.kind == kind).unwrap().due
    }

    /// A time from 2024 to 2028, the years the shipped calendar covers.
    fn any_time() -> impl Strategy<Value = DateTime<Utc>> {
        (0i64..1827 * 86_400).prop_map(|s| at(2024, 1, 1, 0) + TimeDelta::seconds(s))
    }

    fn any_agencies() -> impl Strategy<Value = Vec<Agency>> {
        subsequence(Agency::ALL.to_vec(), 0..=Agency::ALL.len())
    }

    #[test]
    fn a_report_on_the_friday_before_christmas_2026_has_these_deadlines() {
        let (received, p, c) = (at(2026, 12, 18, 10), Periods::default(), cal());
        let out = report_deadlines(received, false, &[Agency::VictimSupport], Frequency::Monthly, &p, &c);
        // (kind, due, words in the basis)
        let table = [
            (DeadlineKind::Record, at(2026, 12, 19, 10), "24 hours from the report (Right 2)"),
            (
                DeadlineKind::Referral(Agency::VictimSupport),
                eod(2026, 12, 22),
                "2 working days from the report",
            ),
            (DeadlineKind::DecisionExplained, eod(2026, 12, 29), "5 working days from the report (Right 6)"),
            (DeadlineKind::FirstUpdate, eod(2027, 1, 15), "28 days from the report"),
        ];
        for (kind, expected, words) in table {
            let found = out.iter().find(|d| d.kind == kind).unwrap();
            assert_eq!(found.due, expected, "{kind:?}");
            assert!(found.basis.contains(words), "{}", found.basis);
        }
        let enhanced = report_deadlines(received, true, &[], Frequency::Fortnightly, &p, &c);
        assert_eq!(due(&enhanced, DeadlineKind::DecisionExplained), eod(2026, 12, 21));
        // 14 days on is New Year's Day 2027, so the update moves to Monday 4 January.
        assert_eq!(due(&enhanced, DeadlineKind::FirstUpdate), eod(2027, 1, 4));
        assert_eq!(enhanced.len(), 3);
    }

    #[test]
    fn a_review_asked_for_on_thursday_17_december_2026_is_due_on_5_january_and_2_february() {
        // Christmas Day (Fri 25), the Boxing Day substitute (Mon 28) and New Year's Day (Fri 1)
        // fall in the first 10 working days: 18, 21, 22, 23, 24, 29, 30, 31 December, 4, 5 January.
        let [ack, decide] = vrr_deadlines(at(2026, 12, 17, 15), &Periods::default(), &cal());
        assert_eq!([ack.kind, decide.kind], [DeadlineKind::VrrAcknowledge, DeadlineKind::VrrDecide]);
        assert_eq!([ack.due, decide.due], [eod(2027, 1, 5), eod(2027, 2, 2)]);
        assert_eq!(ack.basis, "10 working days from the request (Victims' Right to Review)");
    }

    #[test]
    fn the_same_agency_twice_gives_one_referral_deadline() {
        let (p, c) = (Periods::default(), cal());
        let twice = [Agency::Debt, Agency::VictimSupport, Agency::Debt];
        let kinds: Vec<_> = report_deadlines(at(2026, 6, 1, 9), false, &twice, Frequency::WhenNews, &p, &c)
            .into_iter()
            .map(|d| d.kind)
            .collect();
        let referrals = [DeadlineKind::Referral(Agency::Debt), DeadlineKind::Referral(Agency::VictimSupport)];
        assert_eq!((kinds.len(), &kinds[1..3]), (5, &referrals[..]));
    }

    #[test]
    fn configured_periods_are_checked_and_missing_ones_take_the_codes_values() {
        assert_eq!(Periods::default().validate(), Ok(()));
        let read = |field: &'static str, value: u32| {
            Periods::deserialize(MapDeserializer::<_, DeError>::new([(field, value)].into_iter()))
        };
        assert_eq!(
            read("referral_working_days", 3),
            Ok(Periods { referral_working_days: 3, ..Periods::default() })
        );
        assert!(read("referral_days", 3).is_err());
        // (changed field, value, words in the error)
        let table = [
            ("record_hours", 0, "record_hours is 0"),
            ("vrr_decide_working_days", 0, "vrr_decide_working_days is 0"),
            ("update_monthly_days", 4000, "from 1 to 366"),
            ("decision_explained_enhanced_working_days", 6, "enhanced rights may not wait longer"),
        ];
        for (field, value, words) in table {
            let err = read(field, value).unwrap().validate().unwrap_err();
            assert!(err.contains(words), "{field}: {err}");
        }
    }

    #[test]
    fn every_kind_has_a_slug_that_reads_back_and_its_own_label() {
        let kinds = DeadlineKind::all();
        assert_eq!(kinds.len(), 6 + Agency::ALL.len(), "every kind once");
        let labels: std::collections::HashSet<_> = kinds.iter().map(|k| k.label()).collect();
        assert_eq!(labels.len(), kinds.len());
        for kind in kinds {
            assert_eq!(DeadlineKind::from_slug(&kind.slug()), Some(kind));
        }
        assert_eq!(DeadlineKind::from_slug("referral-nobody"), None);
    }

    proptest! {
        #[test]
        fn no_deadline_falls_on_a_non_working_day_or_precedes_its_start(
            received in any_time(), enhanced: bool, referrals in any_agencies(),
            frequency in select(Frequency::ALL.to_vec()),
        ) {
            let (p, c) = (Periods::default(), cal());
            let out = report_deadlines(received, enhanced, &referrals, frequency, &p, &c);
            prop_assert_eq!(out.len(), referrals.len() + 3);
            for d in out.iter().chain(&vrr_deadlines(received, &p, &c)) {
                prop_assert!(d.due > received, "{:?}", d);
                prop_assert!(d.kind == DeadlineKind::Record || c.is_working_day(d.due.date_naive()), "{:?}", d);
            }
        }

        #[test]
        fn the_enhanced_decision_deadline_is_never_later_than_the_standard_one(received in any_time()) {
            let (p, c) = (Periods::default(), cal());
            let [enhanced, standard] = [true, false].map(|e| decision_explained(received, e, &p, &c).due);
            prop_assert!(enhanced <= standard);
            let from_report = report_deadlines(received, true, &[], Frequency::Monthly, &p, &c);
            prop_assert_eq!(due(&from_report, DeadlineKind::DecisionExplained), enhanced);
        }

        #[test]
        fn every_deadline_falls_after_the_report_is_received(
            received in any_time(), enhanced: bool, referrals in any_agencies(),
            frequency in select(Frequency::ALL.to_vec()),
        ) {
            let deadlines = report_deadlines(received, enhanced, &referrals, frequency, &Periods::default(), &cal());
            for deadline in &deadlines {
                prop_assert!(deadline.due > received, "{:?} due {} before {}", deadline.kind, deadline.due, received);
            }
        }

        #[test]
        fn a_review_is_acknowledged_after_10_working_days_and_decided_after_30(requested in any_time()) {
            let c = cal();
            let [ack, decide] = vrr_deadlines(requested, &Periods::default(), &c);
            let day = requested.date_naive();
            prop_assert_eq!(c.working_days_between(day, ack.due.date_naive()), 10);
            prop_assert_eq!(c.working_days_between(day, decide.due.date_naive()), 30);
        }
    }
}
