//! The compliance page and its exports, as use cases: the period and filters read from the
//! address, the figures counted (`crate::compliance`), and one [`Summary`] of them that the page,
//! the CSV and the JSON all show, so the three cannot disagree.

use app::{
    form_controls::FormState,
    pages::staff::{
        Chart, Choice, Count, DeadlineRow, DutyRow, FigureRow, StaffComplianceView, SurveySection,
    },
};
use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use rules::{
    calendar::WorkingCalendar,
    compliance::{uk_date, Period, Rate, Standing},
    wizard::{CrimeType, FieldError, Form},
};
use serde::{Deserialize, Serialize};

use super::{queue, StaffSession};
pub use crate::compliance::PeriodQuery;
use crate::{
    compliance::{self, Scope},
    store::{self, Pool},
};

fn quarter_value(period: Period) -> Option<(String, String)> {
    let Period::Quarter { year, q } = period else { return None };
    let label = format!("Quarter {} of {year}/{:02}", q.number(), (year + 1).rem_euclid(100));
    Some((format!("{year}-{}", q.number()), label))
}

/// The compliance page's address query: the period and the filters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ComplianceQuery {
    pub period: Option<String>,
    pub quarter: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// A crime type's slug.
    pub crime: Option<String>,
    /// A team or outcome: `iit`, `fcid`, `ppu`, `filed-at-source`.
    pub outcome: Option<String>,
}

impl ComplianceQuery {
    fn period_query(&self) -> PeriodQuery {
        PeriodQuery {
            period: self.period.clone(),
            quarter: self.quarter.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
        }
    }

    /// Only known crime types and outcomes narrow the figures.
    fn scope(&self) -> Scope<'_> {
        Scope {
            crime_type: self.crime.as_deref().filter(|c| CrimeType::from_slug(c).is_some()),
            outcome: self.outcome.as_deref().filter(|o| queue::OUTCOMES.iter().any(|(s, _)| s == o)),
        }
    }

    /// The queue listing the reports behind a figure: this period and these filters, every state,
    /// and `figure`'s own fields.
    fn queue_href(&self, figure: impl FnOnce(&mut queue::QueueQuery)) -> String {
        let scope = self.scope();
        let mut query = queue::QueueQuery {
            state: Some("all".into()),
            crime: scope.crime_type.map(str::to_string),
            outcome: scope.outcome.map(str::to_string),
            period: self.period.clone(),
            quarter: self.quarter.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            ..Default::default()
        };
        figure(&mut query);
        query.href()
    }

    fn export_href(&self, format: &str) -> String {
        let text = serde_urlencoded::to_string(self).unwrap_or_default();
        if text.is_empty() {
            format!("/staff/compliance.{format}")
        } else {
            format!("/staff/compliance.{format}?{text}")
        }
    }
}

/// One figure of the summary, as the CSV and JSON give it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Line {
    /// `duty`, `deadline`, `volume`, `outcome`, `received`, `survey`.
    pub section: &'static str,
    /// A slug: the duty, deadline kind, volume or day.
    pub measure: String,
    /// Plain words for it.
    pub label: String,
    /// The count (done, met, …), with the total it is out of where there is one.
    pub count: u64,
    pub of: Option<u64>,
    /// e.g. "67% (2 of 3)", "late", "2026-10-01".
    pub detail: String,
}

/// The figures of one period within one scope, at one moment: what the page, the CSV and the
/// JSON show.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    pub period: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub as_of: DateTime<Utc>,
    pub crime_type: Option<String>,
    pub outcome: Option<String>,
    pub lines: Vec<Line>,
    #[serde(skip)]
    figures: compliance::Figures,
    #[serde(skip)]
    volumes: compliance::Volumes,
    #[serde(skip)]
    survey: crate::survey::SurveyResults,
}

/// Counts the figures of `query` at `now`, or says what is wrong with the period chosen.
pub async fn summary(
    pool: &Pool,
    query: &ComplianceQuery,
    now: DateTime<Utc>,
    calendar: &WorkingCalendar,
) -> store::Result<Result<Summary, Vec<FieldError>>> {
    let range = match query.period_query().range(now) {
        Ok(range) => range,
        Err(errors) => return Ok(Err(errors)),
    };
    let scope = query.scope();
    // Three independent sets of reads, each on its own connection of the pool, at once.
    let (figures, volumes, survey) = tokio::try_join!(
        compliance::figures(pool, &range, now, calendar, scope),
        compliance::volumes(pool, &range, now, scope),
        crate::survey::results(pool, range.start, range.end),
    )?;
    let mut lines = Vec::new();
    for (duty, f) in &figures.duties {
        let rate = f.rate();
        lines.push(Line {
            section: "duty",
            measure: duty.slug().into(),
            label: duty.label().into(),
            count: f.done,
            of: Some(f.applicable),
            detail: rate.to_string(),
        });
    }
    let vps_total: u64 = figures.vps_choices.iter().map(|(_, n)| n).sum();
    for (choice, n) in &figures.vps_choices {
        lines.push(Line {
            section: "vps-choice",
            measure: choice.clone(),
            label: vps_words(choice),
            count: *n,
            of: Some(vps_total),
            detail: Rate::new(*n, vps_total).to_string(),
        });
    }
    for (kind, f) in &figures.deadlines {
        for (standing, n) in standings(f) {
            lines.push(Line {
                section: "deadline",
                measure: kind.slug(),
                label: kind.label(),
                count: n,
                of: Some(f.met + f.late + f.overdue + f.pending),
                detail: standing.slug().into(),
            });
        }
        lines.push(Line {
            section: "deadline",
            measure: kind.slug(),
            label: kind.label(),
            count: f.met,
            of: Some(f.met + f.late + f.overdue),
            detail: format!("on time {}", f.on_time_rate()),
        });
    }
    let received: u64 = volumes.per_day.iter().map(|(_, a, b)| a + b).sum();
    let online: u64 = volumes.per_day.iter().map(|(_, a, _)| a).sum();
    let volume = |measure: &str, label: &str, count: u64, of: Option<u64>, detail: String| Line {
        section: "volume",
        measure: measure.into(),
        label: label.into(),
        count,
        of,
        detail,
    };
    lines.push(volume("received", "Reports received", received, None, String::new()));
    lines.push(volume("received-online", "Reported online", online, Some(received), String::new()));
    lines.push(volume(
        "received-partner",
        "Sent by partners (API)",
        received - online,
        Some(received),
        String::new(),
    ));
    let reviewed = volumes.first_review.map_or(0, |f| f.count);
    lines.push(volume("reviewed", "Reviewed by a person", reviewed, Some(received), String::new()));
    lines.push(volume(
        "not-yet-reviewed",
        "Not yet reviewed by a person",
        volumes.not_yet_reviewed,
        Some(received),
        String::new(),
    ));
    if let Some(f) = volumes.first_review {
        lines.push(volume(
            "first-review-median",
            "Receipt to first review, median",
            reviewed,
            None,
            minutes_words(f.median),
        ));
        lines.push(volume(
            "first-review-p90",
            "Receipt to first review, 90th percentile",
            reviewed,
            None,
            minutes_words(f.percentile_90),
        ));
    }
    lines.push(volume(
        "reviews-requested",
        "Reviews of a decision asked for",
        volumes.reviews_requested,
        None,
        String::new(),
    ));
    lines.push(volume(
        "reviews-upheld",
        "Reviews decided and upheld",
        volumes.reviews_upheld,
        Some(volumes.reviews_decided),
        Rate::new(volumes.reviews_upheld, volumes.reviews_decided).to_string(),
    ));
    lines.push(volume("complaints", "Complaints", volumes.complaints, None, String::new()));
    for (outcome, n) in &volumes.by_outcome {
        lines.push(Line {
            section: "outcome",
            measure: outcome.clone().unwrap_or_else(|| "not-assessed".into()),
            label: queue::outcome_words(outcome.as_deref()).into(),
            count: *n,
            of: Some(received),
            detail: String::new(),
        });
    }
    for (day, online, partner) in &volumes.per_day {
        lines.push(Line {
            section: "received",
            measure: day.to_string(),
            label: day.format("%-d %B %Y").to_string(),
            count: online + partner,
            of: None,
            detail: format!("online {online}, partner {partner}"),
        });
    }
    // The survey is counted over every report: its answers are kept apart from the case.
    let survey_line = |measure: String, label: String, count: u64, of: Option<u64>, detail: String| Line {
        section: "survey",
        measure,
        label,
        count,
        of,
        detail,
    };
    lines.push(survey_line("invited".into(), "Victims invited".into(), survey.invited, None, String::new()));
    lines.push(survey_line(
        "answered".into(),
        "Surveys answered".into(),
        survey.answered,
        None,
        String::new(),
    ));
    for (question, counts) in &survey.answers {
        let total: u64 = counts.iter().sum();
        for (value, words) in question.scale() {
            let n = counts[usize::from(value) - 1];
            lines.push(survey_line(
                format!("{}-{value}", question.field()),
                format!("{} {words}", question.legend()),
                n,
                Some(total),
                Rate::new(n, total).to_string(),
            ));
        }
    }
    for week in &survey.weeks {
        lines.push(survey_line(
            format!("week-{}", week.week_of),
            format!("Week of {}: satisfied overall", week.week_of.format("%-d %B %Y")),
            week.satisfied,
            Some(week.answered),
            Rate::new(week.satisfied, week.answered).to_string(),
        ));
    }
    Ok(Ok(Summary {
        period: range.label.clone(),
        start: range.start,
        end: range.end,
        as_of: now,
        crime_type: query.scope().crime_type.map(str::to_string),
        outcome: query.scope().outcome.map(str::to_string),
        lines,
        figures,
        volumes,
        survey,
    }))
}

/// The words the victim chose, for a stored VPS choice.
fn vps_words(choice: &str) -> String {
    rules::wizard::VpsChoice::from_slug(choice).map_or(choice.to_string(), |c| c.label().to_string())
}

fn standings(f: &rules::compliance::DeadlineFigures) -> [(Standing, u64); 4] {
    [
        (Standing::Met, f.met),
        (Standing::Late, f.late),
        (Standing::Overdue, f.overdue),
        (Standing::Pending, f.pending),
    ]
}

/// "3 h 20 min", "2 days 4 h", "45 min".
fn minutes_words(time: chrono::TimeDelta) -> String {
    let minutes = time.num_minutes();
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    match (days, hours) {
        (0, 0) => format!("{mins} min"),
        (0, _) => format!("{hours} h {mins} min"),
        (1, _) => format!("1 day {hours} h"),
        _ => format!("{days} days {hours} h"),
    }
}

impl Summary {
    /// The figures as CSV: a header, then one line each, in the page's order.
    pub fn csv(&self) -> String {
        let mut out = String::from("section,measure,label,count,of,detail\r\n");
        for line in &self.lines {
            let fields = [
                line.section.to_string(),
                line.measure.clone(),
                line.label.clone(),
                line.count.to_string(),
                line.of.map(|n| n.to_string()).unwrap_or_default(),
                line.detail.clone(),
            ];
            out.push_str(&fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
            out.push_str("\r\n");
        }
        out
    }
}

/// A CSV field, quoted when it must be, and never read as a formula by a spreadsheet.
fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) { format!("'{text}") } else { text.to_string() };
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// The page for `session` with `query` at `now`.
pub async fn page(
    pool: &Pool,
    session: &StaffSession,
    query: &ComplianceQuery,
    now: DateTime<Utc>,
    calendar: &WorkingCalendar,
) -> store::Result<StaffComplianceView> {
    let form = Form::from_pairs(
        [
            ("period", query.period.clone()),
            ("quarter", query.quarter.clone()),
            ("from", query.from.clone()),
            ("to", query.to.clone()),
            ("crime", query.crime.clone()),
            ("outcome", query.outcome.clone()),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v))),
    );
    let today = uk_date(now);
    let mut quarter = Period::quarter_containing(today);
    let mut quarters = Vec::new();
    for _ in 0..8 {
        if let Some((value, label)) = quarter_value(quarter) {
            quarters.push(Choice { value, label });
        }
        let Period::Quarter { year, q } = quarter else { break };
        let first = q.days(year).map_or(today, |(first, _)| first);
        quarter = Period::previous_quarter(first);
    }
    let mut crimes: Vec<Choice> =
        CrimeType::ALL.iter().map(|c| Choice { value: c.slug().into(), label: c.label().into() }).collect();
    crimes.sort_by(|a, b| a.label.cmp(&b.label));
    let outcomes = queue::OUTCOMES
        .iter()
        .map(|(slug, words)| Choice { value: (*slug).into(), label: (*words).into() })
        .collect();
    let mut view = StaffComplianceView {
        nav: queue::nav(session, "/staff/compliance"),
        quarters,
        crimes,
        outcomes,
        baseline_source: rules::compliance::AUDIT_2017.into(),
        csv_href: query.export_href("csv"),
        json_href: query.export_href("json"),
        ..Default::default()
    };
    let summary = match summary(pool, query, now, calendar).await? {
        Ok(summary) => summary,
        Err(errors) => {
            view.state = FormState { form, errors };
            return Ok(view);
        }
    };
    view.state = FormState { form, errors: Vec::new() };
    view.period_label = summary.period.clone();
    let scope = query.scope();
    let scope_words: Vec<String> = scope
        .crime_type
        .and_then(CrimeType::from_slug)
        .map(|c| c.label().to_string())
        .into_iter()
        .chain(scope.outcome.map(|o| queue::outcome_words(Some(o)).to_string()))
        .collect();
    view.scope_label = (!scope_words.is_empty()).then(|| scope_words.join(", "));
    view.as_at = format!("Figures as at {}", queue::when(now));
    let figures = &summary.figures;
    view.duties = figures
        .duties
        .iter()
        .map(|(duty, f)| DutyRow {
            label: duty.label().into(),
            rate: f.rate().to_string(),
            baseline: duty.baseline().map(|b| format!("{}%", b.percent)),
            not_done: Count {
                n: f.applicable - f.done,
                href: Some(query.queue_href(|q| q.missing = Some(duty.slug().into()))),
            },
        })
        .collect();
    view.vps_choices = summary
        .lines
        .iter()
        .filter(|l| l.section == "vps-choice")
        .map(|l| FigureRow { label: l.label.clone(), value: l.detail.clone(), href: None })
        .collect();
    let count = |kind: &rules::deadlines::DeadlineKind, standing: Standing, n: u64| Count {
        n,
        href: Some(query.queue_href(|q| {
            q.deadline = Some(kind.slug());
            q.standing = Some(standing.slug().into());
        })),
    };
    view.deadlines = figures
        .deadlines
        .iter()
        .map(|(kind, f)| DeadlineRow {
            label: kind.label(),
            on_time: f.on_time_rate().to_string(),
            met: count(kind, Standing::Met, f.met),
            late: count(kind, Standing::Late, f.late),
            overdue: count(kind, Standing::Overdue, f.overdue),
            pending: count(kind, Standing::Pending, f.pending),
            median_late: f.median_working_days_late.map_or("None late".into(), |d| {
                if d == 1.0 {
                    "1 working day".into()
                } else {
                    format!("{d} working days")
                }
            }),
        })
        .collect();
    view.deadline_chart = Chart {
        id: "deadlines-chart".into(),
        title: "Deadlines met, late, overdue and not yet due, by kind".into(),
        description: format!(
            "A bar for each kind of Victims' Code deadline that fell due in {}, divided into the shares met, late, overdue and not yet due. The table below gives the same numbers.",
            summary.period
        ),
        series: vec![
            ("Met".into(), "chart--met"),
            ("Late".into(), "chart--late"),
            ("Overdue".into(), "chart--overdue"),
            ("Not yet due".into(), "chart--pending"),
        ],
        bars: figures
            .deadlines
            .iter()
            .map(|(kind, f)| (kind.label(), standings(f).iter().map(|(_, n)| *n).collect()))
            .collect(),
        shares: true,
    };
    let volumes = &summary.volumes;
    let line = |measure: &str| summary.lines.iter().find(|l| l.section == "volume" && l.measure == measure);
    let value = |measure: &str| line(measure).map_or(0, |l| l.count);
    let received = value("received");
    view.volumes = vec![
        FigureRow {
            label: "Reports received".into(),
            value: received.to_string(),
            href: Some(query.queue_href(|q| q.received = Some("1".into()))),
        },
        FigureRow {
            label: "Reported online".into(),
            value: value("received-online").to_string(),
            href: Some(query.queue_href(|q| q.received = Some("online".into()))),
        },
        FigureRow {
            label: "Sent by partners (API)".into(),
            value: value("received-partner").to_string(),
            href: Some(query.queue_href(|q| q.received = Some("partner".into()))),
        },
        FigureRow {
            label: "Receipt to first review by a person: median".into(),
            value: volumes.first_review.map_or("None reviewed yet".into(), |f| minutes_words(f.median)),
            href: None,
        },
        FigureRow {
            label: "Receipt to first review: 90% were reviewed within".into(),
            value: volumes
                .first_review
                .map_or("None reviewed yet".into(), |f| minutes_words(f.percentile_90)),
            href: None,
        },
        FigureRow {
            label: "Not yet reviewed by a person".into(),
            value: volumes.not_yet_reviewed.to_string(),
            href: Some(query.queue_href(|q| q.unreviewed = Some("1".into()))),
        },
        FigureRow {
            label: "Reviews of a decision asked for".into(),
            value: volumes.reviews_requested.to_string(),
            href: Some(query.queue_href(|q| q.request = Some("review".into()))),
        },
        FigureRow {
            label: "Reviews decided".into(),
            value: volumes.reviews_decided.to_string(),
            href: Some(query.queue_href(|q| q.decided = Some("all".into()))),
        },
        FigureRow {
            label: "Reviews decided: upheld".into(),
            value: Rate::new(volumes.reviews_upheld, volumes.reviews_decided).to_string(),
            href: Some(query.queue_href(|q| q.decided = Some("upheld".into()))),
        },
        FigureRow {
            label: "Complaints".into(),
            value: volumes.complaints.to_string(),
            href: Some(query.queue_href(|q| q.request = Some("complaint".into()))),
        },
    ];
    view.by_outcome = volumes
        .by_outcome
        .iter()
        .map(|(outcome, n)| FigureRow {
            label: queue::outcome_words(outcome.as_deref()).into(),
            value: n.to_string(),
            href: Some(query.queue_href(|q| match outcome {
                Some(o) => {
                    q.outcome = Some(o.clone());
                    q.received = Some("1".into());
                }
                None => q.unassessed = Some("1".into()),
            })),
        })
        .collect();
    let (chart, table) = received_chart(&summary);
    view.received_chart = chart;
    view.received_table = table;
    let comments = crate::survey::comments(pool, summary.start, summary.end, 100).await?;
    view.survey = Some(survey_section(&summary.survey, comments));
    Ok(view)
}

/// The survey's part of the page: counts and shares per answer, the weekly trend of those
/// satisfied overall, and the comments (words and when, never whose).
fn survey_section(
    results: &crate::survey::SurveyResults,
    comments: Vec<(DateTime<Utc>, String)>,
) -> SurveySection {
    let satisfied: u64 = results.weeks.iter().map(|w| w.satisfied).sum();
    let summary = vec![
        FigureRow { label: "Victims invited".into(), value: results.invited.to_string(), href: None },
        FigureRow { label: "Surveys answered".into(), value: results.answered.to_string(), href: None },
        FigureRow {
            label: "Satisfied overall (very or fairly)".into(),
            value: Rate::new(satisfied, results.answered).to_string(),
            href: None,
        },
    ];
    let questions = results
        .answers
        .iter()
        .map(|(question, counts)| {
            let total: u64 = counts.iter().sum();
            let answers = question
                .scale()
                .iter()
                .map(|(value, words)| {
                    let n = counts[usize::from(*value) - 1];
                    ((*words).to_string(), Rate::new(n, total).to_string())
                })
                .collect();
            (question.legend().to_string(), answers)
        })
        .collect();
    let trend = Chart {
        id: "survey-chart".into(),
        title: "Surveys answered each week, and how many were satisfied overall".into(),
        description: "A bar for each week with answers, its height the number answered, the lower part those very or fairly satisfied overall. The table below gives the same numbers.".into(),
        series: vec![("Satisfied".into(), "chart--satisfied"), ("Not satisfied".into(), "chart--not-satisfied")],
        bars: results
            .weeks
            .iter()
            .map(|w| (format!("Week of {}", w.week_of.format("%-d %b %Y")), vec![w.satisfied, w.answered - w.satisfied]))
            .collect(),
        shares: false,
    };
    SurveySection {
        summary,
        questions,
        trend,
        comments: comments.into_iter().map(|(at, words)| (queue::when(at), words)).collect(),
    }
}

/// Reports received per day (per week, Monday first, when the period is longer than 31 days),
/// every day or week of the period shown, those with none too.
fn received_chart(summary: &Summary) -> (Chart, Vec<(String, u64, u64, u64)>) {
    let first = uk_date(summary.start);
    let last = uk_date(summary.end - chrono::TimeDelta::milliseconds(1)).max(first);
    let weekly = (last - first).num_days() >= 31;
    let bucket = |day: NaiveDate| {
        if weekly {
            day - Days::new(day.weekday().num_days_from_monday().into())
        } else {
            day
        }
    };
    let mut buckets: Vec<(NaiveDate, u64, u64)> = Vec::new();
    let mut day = first;
    while day <= last {
        let b = bucket(day);
        if buckets.last().is_none_or(|(d, ..)| *d != b) {
            buckets.push((b, 0, 0));
        }
        day = day + Days::new(1);
    }
    for (day, online, partner) in &summary.volumes.per_day {
        if let Some(entry) = buckets.iter_mut().find(|(d, ..)| *d == bucket(*day)) {
            entry.1 += online;
            entry.2 += partner;
        }
    }
    let label = |d: NaiveDate| {
        if weekly {
            format!("Week of {}", d.format("%-d %b %Y"))
        } else {
            d.format("%a %-d %b %Y").to_string()
        }
    };
    let unit = if weekly { "week" } else { "day" };
    let chart = Chart {
        id: "received-chart".into(),
        title: format!("Reports received each {unit}"),
        description: format!(
            "A bar for each {unit} of {}, its height the number of reports received, online and from partners. The table below gives the same numbers.",
            summary.period
        ),
        series: vec![("Online".into(), "chart--online"), ("Partner API".into(), "chart--partner")],
        bars: buckets.iter().map(|(d, a, b)| (label(*d), vec![*a, *b])).collect(),
        shares: false,
    };
    let table = buckets.iter().map(|(d, a, b)| (label(*d), *a, *b, a + b)).collect();
    (chart, table)
}

#[cfg(test)]
mod tests {
    use rules::compliance::FinancialQuarter;

    use super::*;

    #[test]
    fn a_csv_field_is_quoted_when_it_must_be_and_never_a_formula() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("67% (2 of 3)"), "67% (2 of 3)");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=cmd()"), "'=cmd()");
        assert_eq!(csv_field("-1"), "'-1");
    }

    #[test]
    fn periods_are_read_from_the_address_with_a_message_for_each_mistake() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let q = |period: &str, quarter: &str, from: &str, to: &str| PeriodQuery {
            period: Some(period.into()),
            quarter: Some(quarter.into()),
            from: Some(from.into()),
            to: Some(to.into()),
        };
        assert_eq!(PeriodQuery::default().period(today), Ok(Period::LastFourWeeks));
        assert_eq!(q("week", "", "", "").period(today), Ok(Period::ThisWeek));
        assert_eq!(q("quarter", "", "", "").period(today), Ok(Period::previous_quarter(today)));
        assert_eq!(
            q("quarter", "2026-3", "", "").period(today),
            Ok(Period::Quarter { year: 2026, q: FinancialQuarter::Q3 })
        );
        let fields = |r: Result<Period, Vec<FieldError>>| {
            r.unwrap_err().into_iter().map(|e| e.field).collect::<Vec<_>>()
        };
        assert_eq!(fields(q("quarter", "2026-5", "", "").period(today)), ["quarter"]);
        assert_eq!(fields(q("custom", "", "", "31/12/2026").period(today)), ["from", "to"]);
        assert_eq!(fields(q("year", "", "", "").period(today)), ["period"]);
        let custom = q("custom", "", "2026-10-01", "2026-10-31").period(today);
        assert_eq!(
            custom,
            Ok(Period::Custom {
                from: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
                to: NaiveDate::from_ymd_opt(2026, 10, 31).unwrap()
            })
        );
        let backwards = q("custom", "", "2026-10-31", "2026-10-01").range(Utc::now()).unwrap_err();
        assert_eq!(backwards[0].field, "to");
    }

    #[test]
    fn times_read_in_minutes_hours_and_days() {
        let m = chrono::TimeDelta::minutes;
        assert_eq!(minutes_words(m(45)), "45 min");
        assert_eq!(minutes_words(m(200)), "3 h 20 min");
        assert_eq!(minutes_words(m(1440 + 240)), "1 day 4 h");
        assert_eq!(minutes_words(m(3 * 1440 + 59)), "3 days 0 h");
    }
}
