//! The Victims' Code compliance figures for a period, from the data: the counting is the
//! database's (`store::compliance`), the rules of what counts are `rules::compliance`'s (working
//! days late, rates).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use rules::{
    calendar::WorkingCalendar,
    compliance::{
        median_of_counted, uk_date, DeadlineFigures, DurationFigures, Duty, DutyFigures, FinancialQuarter,
        Period, PeriodRange,
    },
    deadlines::DeadlineKind,
    wizard::FieldError,
};
use serde::{Deserialize, Serialize};

pub use crate::store::compliance::Scope;
use crate::store::{self, Pool};

/// The compliance figures of one period, as they stood at one moment.
#[derive(Clone, Debug, PartialEq)]
pub struct Figures {
    /// Each kind of deadline that fell due in the period, in the rules' order.
    pub deadlines: BTreeMap<DeadlineKind, DeadlineFigures>,
    /// Each duty owed when a crime is reported, over the reports received in the period.
    pub duties: Vec<(Duty, DutyFigures)>,
    /// What the victims of those reports chose about a Victim Personal Statement, by the
    /// choice as stored (`later`, `not-now`).
    pub vps_choices: Vec<(String, u64)>,
}

/// How many reports came in a period, and how.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Volumes {
    /// Per UK day of the period that had any: (day, online, through the partner API).
    pub per_day: Vec<(NaiveDate, u64, u64)>,
    /// Per allocation outcome (`None`: not assessed yet).
    pub by_outcome: Vec<(Option<String>, u64)>,
    /// Requests for a review of a decision, and complaints, made in the period.
    pub reviews_requested: u64,
    pub complaints: u64,
    /// Decisions on requests for a review made in the period, and how many were upheld.
    pub reviews_decided: u64,
    pub reviews_upheld: u64,
    /// From receipt to the first review by a person, of the reports received in the period
    /// that had one by the moment asked about (to the minute); and how many had none yet.
    pub first_review: Option<DurationFigures>,
    pub not_yet_reviewed: u64,
}

/// The volumes of `period` within `scope`, as they stood at `as_of`.
pub async fn volumes(
    pool: &Pool,
    period: &PeriodRange,
    as_of: DateTime<Utc>,
    scope: Scope<'_>,
) -> store::Result<Volumes> {
    let (start, end) = (period.start, period.end);
    // Independent reads, each on its own connection of the pool, at once.
    let (hours, by_outcome, requests, (decided, upheld), (minutes, waiting)) = tokio::try_join!(
        store::compliance::received_by_hour(pool, start, end, scope),
        store::compliance::received_by_outcome(pool, start, end, scope),
        store::compliance::requests_by_kind(pool, start, end, scope),
        store::compliance::review_decisions(pool, start, end, scope),
        store::compliance::first_review_minutes(pool, start, end, as_of, scope),
    )?;
    let mut per_day: BTreeMap<NaiveDate, (u64, u64)> = BTreeMap::new();
    for (hour, source, n) in hours {
        let day = per_day.entry(uk_date(hour)).or_default();
        match source.as_str() {
            "partner" => day.1 += count(n),
            _ => day.0 += count(n),
        }
    }
    let of_kind = |kind: &str| requests.iter().find(|(k, _)| k == kind).map_or(0, |(_, n)| count(*n));
    let first_review = DurationFigures::of_counted(
        minutes.into_iter().map(|(m, n)| (chrono::TimeDelta::minutes(m), count(n))),
    );
    Ok(Volumes {
        per_day: per_day.into_iter().map(|(day, (online, partner))| (day, online, partner)).collect(),
        by_outcome: by_outcome.into_iter().map(|(outcome, n)| (outcome, count(n))).collect(),
        reviews_requested: of_kind("review"),
        complaints: of_kind("complaint"),
        reviews_decided: count(decided),
        reviews_upheld: count(upheld),
        first_review,
        not_yet_reviewed: count(waiting),
    })
}

/// The figures of `period` within `scope` at `as_of`, working days counted on `calendar`. Deadline kinds this
/// version does not know (from a later version's rows) are left out.
pub async fn figures(
    pool: &Pool,
    period: &PeriodRange,
    as_of: DateTime<Utc>,
    calendar: &WorkingCalendar,
    scope: Scope<'_>,
) -> store::Result<Figures> {
    let (start, end) = (period.start, period.end);
    let kinds: Vec<String> = DeadlineKind::all().into_iter().map(DeadlineKind::slug).collect();
    // Independent reads, each on its own connection of the pool, at once.
    let (counts, late, duty_rows) = tokio::try_join!(
        store::compliance::deadline_counts(pool, &kinds, start, end, as_of, scope),
        store::compliance::late_by_hour(pool, start, end, as_of, scope),
        store::compliance::duty_counts(pool, start, end, as_of, scope),
    )?;
    let mut deadlines = BTreeMap::new();
    for row in counts {
        let Some(kind) = DeadlineKind::from_slug(&row.kind) else { continue };
        // How many working days late the late and overdue ones were, as the rules count them.
        let days_late = late.iter().filter(|(k, ..)| *k == row.kind).map(|(_, due, until, n)| {
            (calendar.working_days_between(uk_date(*due), uk_date(*until)), count(*n))
        });
        let figures = DeadlineFigures {
            met: count(row.met),
            late: count(row.late),
            overdue: count(row.overdue),
            pending: count(row.pending),
            median_working_days_late: median_of_counted(days_late),
        };
        deadlines.insert(kind, figures);
    }
    let total = |of: fn(&store::compliance::DutyCounts) -> i64| count(duty_rows.iter().map(of).sum());
    let applicable = total(|d| d.reports);
    let duty = |done: u64| DutyFigures { applicable, done };
    let duties = vec![
        (Duty::Right3Information, duty(total(|d| d.rights_information))),
        (Duty::VpsExplained, duty(total(|d| d.vps_explained))),
        (Duty::NeedsAssessed, duty(total(|d| d.needs_assessed))),
        (Duty::ContactPlanAgreed, duty(total(|d| d.contact_plan_agreed))),
    ];
    let vps_choices = duty_rows.iter().map(|d| (d.vps_choice.clone(), count(d.reports))).collect();
    Ok(Figures { deadlines, duties, vps_choices })
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or_default()
}

/// The period, as the compliance page's address and the queue's drill-down give it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PeriodQuery {
    /// `week`, `4-weeks` (the default), `quarter` or `custom`.
    pub period: Option<String>,
    /// With `quarter`: `2026-3` is quarter 3 of 2026/27. None: the latest whole quarter.
    pub quarter: Option<String>,
    /// With `custom`: UK dates, `2026-10-01`, both included.
    pub from: Option<String>,
    pub to: Option<String>,
}

impl PeriodQuery {
    /// The period chosen, or what is wrong with the choice (field, words).
    pub fn period(&self, today: NaiveDate) -> Result<Period, Vec<FieldError>> {
        let error =
            |field: &str, message: &str| vec![FieldError { field: field.into(), message: message.into() }];
        match self.period.as_deref().unwrap_or("") {
            "week" => Ok(Period::ThisWeek),
            "" | "4-weeks" => Ok(Period::LastFourWeeks),
            "quarter" => match self.quarter.as_deref().filter(|q| !q.is_empty()) {
                None => Ok(Period::previous_quarter(today)),
                Some(text) => {
                    parse_quarter(text).ok_or_else(|| error("quarter", "Choose a quarter from the list"))
                }
            },
            "custom" => {
                let date = |field: &str, value: &Option<String>, missing: &str| {
                    let text = value.as_deref().unwrap_or("").trim();
                    if text.is_empty() {
                        return Err(error(field, missing));
                    }
                    NaiveDate::parse_from_str(text, "%Y-%m-%d")
                        .map_err(|_| error(field, "Enter a real date, for example 1 October 2026"))
                };
                let from = date("from", &self.from, "Enter the first day of the period");
                let to = date("to", &self.to, "Enter the last day of the period");
                match (from, to) {
                    (Ok(from), Ok(to)) => Ok(Period::Custom { from, to }),
                    (from, to) => Err(from.err().into_iter().chain(to.err()).flatten().collect()),
                }
            }
            _ => Err(error("period", "Choose a period")),
        }
    }

    /// The period in UTC at `now`, or what is wrong with the choice.
    pub fn range(&self, now: DateTime<Utc>) -> Result<PeriodRange, Vec<FieldError>> {
        let period = self.period(uk_date(now))?;
        period.range(now).map_err(|e| {
            let field = if matches!(period, Period::Custom { .. }) { "to" } else { "period" };
            vec![FieldError { field: field.into(), message: e.to_string() }]
        })
    }
}

fn parse_quarter(text: &str) -> Option<Period> {
    let (year, q) = text.split_once('-')?;
    let q = FinancialQuarter::from_number(q.parse().ok()?)?;
    Some(Period::Quarter { year: year.parse().ok().filter(|y| (2000..=2100).contains(y))?, q })
}
