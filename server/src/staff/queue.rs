//! The queue and the list of victims' requests, as views: the filters a call handler needs (each
//! a plain link with its count), sorting by column, pages of 25. Also the wait for a victim's
//! answer: a report returned for information comes back to the queue, marked "no reply", when
//! the wait is over.

use app::pages::staff::{
    FilterGroup, FilterLink, QueueRowView, RequestRowView, SortHeading, StaffNav, StaffQueueView,
    StaffRequestsView,
};
use chrono::{DateTime, Utc};
use chrono_tz::Europe::London;
use rules::{
    allocation::Team,
    calendar::WorkingCalendar,
    deadlines::DeadlineKind,
    staff::{due_words, CaseState},
    wizard::CrimeType,
};
use serde::{Deserialize, Serialize};

use super::StaffSession;
use crate::store::{
    self, parse_ts,
    queue::{DutyColumn, Figure, FigureFilter, Filter, QueueRow, Sort},
    Pool,
};

/// Reports per page.
pub const PAGE_SIZE: i64 = 25;

/// The queue's address query: every filter, the sort and the page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QueueQuery {
    /// A state's slug, or `all`; none is "to review".
    pub state: Option<String>,
    pub crime: Option<String>,
    pub outcome: Option<String>,
    pub priority: Option<String>,
    pub overdue: Option<String>,
    pub mine: Option<String>,
    pub waiting: Option<String>,
    pub urgent: Option<String>,
    pub sort: Option<String>,
    pub dir: Option<String>,
    pub page: Option<i64>,
    pub done: Option<String>,
    /// The reports behind a figure of the compliance page: its period (as
    /// [`crate::compliance::PeriodQuery`]) and one of: a deadline kind with a standing, a duty
    /// not done, not yet reviewed, or received.
    pub period: Option<String>,
    pub quarter: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub deadline: Option<String>,
    pub standing: Option<String>,
    pub missing: Option<String>,
    pub unreviewed: Option<String>,
    /// `1`: every report received; `online`, `partner`: those that came that way.
    pub received: Option<String>,
    pub unassessed: Option<String>,
    /// A kind of victim's request: `review`, `complaint`.
    pub request: Option<String>,
    /// Reviews decided: `all` or `upheld`.
    pub decided: Option<String>,
}

const PRIORITIES: [(&str, &str, i64); 5] = [
    ("not-assessed", "Not assessed yet", 0),
    ("priority", "Priority", 1),
    ("non-urgent", "Non-urgent", 2),
    ("scheduled", "Scheduled", 3),
    ("no-deployment", "No deployment", 4),
];

pub const OUTCOMES: [(&str, &str); 4] =
    [("iit", "IIT"), ("fcid", "CID"), ("ppu", "PPU"), ("filed-at-source", "Filed at source")];

const SORTS: [(&str, Sort, &str); 5] = [
    ("reference", Sort::Reference, "Reference"),
    ("crime", Sort::CrimeType, "Crime"),
    ("received", Sort::Received, "Received"),
    ("deadline", Sort::NextDeadline, "Next deadline"),
    ("queue", Sort::Queue, "Risk"),
];

impl QueueQuery {
    fn state(&self) -> Option<&str> {
        match self.state.as_deref() {
            None | Some("") => Some(CaseState::ToReview.slug()),
            Some("all") => None,
            Some(other) => CaseState::from_slug(other).map(CaseState::slug).or(Some("none")),
        }
    }

    fn flag(value: &Option<String>) -> bool {
        value.as_deref() == Some("1")
    }

    /// The address of the queue with this query.
    pub fn href(&self) -> String {
        let mut query = self.clone();
        query.done = None;
        if query.page == Some(1) {
            query.page = None;
        }
        let text = serde_urlencoded::to_string(&query).unwrap_or_default();
        if text.is_empty() {
            "/staff".into()
        } else {
            format!("/staff?{text}")
        }
    }

    /// The compliance figure this list is, with words for it, if it is one. A figure whose
    /// period cannot be read lists nothing (an empty period), rather than everything.
    fn figure(&self, now: DateTime<Utc>) -> Option<(FigureFilter<'_>, String)> {
        use rules::compliance::{Duty, Standing};
        let of = if let (Some(kind), Some(standing)) = (self.deadline.as_deref(), self.standing.as_deref()) {
            let (kind_rule, standing) = (DeadlineKind::from_slug(kind), Standing::from_slug(standing));
            let words = match (kind_rule, standing) {
                (Some(k), Some(s)) => format!("{}: {}", k.label(), s.label().to_lowercase()),
                _ => "an unknown figure".into(),
            };
            (
                Figure::Deadline(kind, standing.unwrap_or(Standing::Met)),
                words,
                kind_rule.is_some() && standing.is_some(),
            )
        } else if let Some(duty) = self.missing.as_deref() {
            let column = Duty::from_slug(duty).map(|d| match d {
                Duty::Right3Information => DutyColumn::RightsInformation,
                Duty::VpsExplained => DutyColumn::VpsExplained,
                Duty::NeedsAssessed => DutyColumn::NeedsAssessed,
                Duty::ContactPlanAgreed => DutyColumn::ContactPlanAgreed,
            });
            let words = Duty::from_slug(duty)
                .map_or("an unknown figure".into(), |d| format!("not done: {}", d.label()));
            (Figure::DutyNotDone(column.unwrap_or(DutyColumn::RightsInformation)), words, column.is_some())
        } else if Self::flag(&self.unreviewed) {
            (Figure::NotReviewed, "not yet reviewed by a person".into(), true)
        } else if Self::flag(&self.unassessed) {
            (Figure::NotAssessed, "received, not assessed yet".into(), true)
        } else if let Some(kind) = self.request.as_deref() {
            match kind {
                "review" => (Figure::Requested("review"), "a review of a decision asked for".into(), true),
                "complaint" => (Figure::Requested("complaint"), "a complaint made".into(), true),
                _ => (Figure::Received, "an unknown figure".into(), false),
            }
        } else if let Some(decided) = self.decided.as_deref() {
            match decided {
                "all" => (Figure::ReviewDecided { upheld_only: false }, "a review decided".into(), true),
                "upheld" => {
                    (Figure::ReviewDecided { upheld_only: true }, "a review decided and upheld".into(), true)
                }
                _ => (Figure::Received, "an unknown figure".into(), false),
            }
        } else if let Some(received) = self.received.as_deref().filter(|r| !r.is_empty()) {
            match received {
                "1" => (Figure::Received, "received".into(), true),
                "online" => (Figure::ReceivedBy("online"), "received: reported online".into(), true),
                "partner" => (Figure::ReceivedBy("partner"), "received: sent by partners (API)".into(), true),
                _ => (Figure::Received, "an unknown figure".into(), false),
            }
        } else {
            return None;
        };
        let (figure, words, known) = of;
        let period = crate::compliance::PeriodQuery {
            period: self.period.clone(),
            quarter: self.quarter.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
        };
        let (start, end, label) = match period.range(now) {
            Ok(range) if known => (range.start, range.end, range.label),
            _ => (now, now, "no period".into()),
        };
        let filter = FigureFilter { start, end, as_of: now, of: figure };
        Some((filter, format!("Reports behind a compliance figure ({label}): {words}.")))
    }

    /// The compliance page of this list's period and filters (back from a figure's list).
    fn compliance_href(&self) -> String {
        let fields = [
            ("period", &self.period),
            ("quarter", &self.quarter),
            ("from", &self.from),
            ("to", &self.to),
            ("crime", &self.crime),
            ("outcome", &self.outcome),
        ];
        let given: Vec<(&str, &str)> = fields
            .iter()
            .filter_map(|(name, value)| Some((*name, value.as_deref().filter(|v| !v.is_empty())?)))
            .collect();
        match serde_urlencoded::to_string(given).unwrap_or_default() {
            text if text.is_empty() => "/staff/compliance".into(),
            text => format!("/staff/compliance?{text}"),
        }
    }

    fn with(&self, change: impl FnOnce(&mut QueueQuery)) -> String {
        let mut query = self.clone();
        query.page = None;
        change(&mut query);
        query.href()
    }
}

/// Short words for an outcome.
pub fn outcome_words(outcome: Option<&str>) -> &'static str {
    OUTCOMES.iter().find(|(slug, _)| Some(*slug) == outcome).map_or("Not assessed yet", |(_, words)| words)
}

/// The risk badge: words and class.
pub fn risk(urgent: bool, priority_rank: i64) -> (String, &'static str) {
    if urgent {
        return ("Needs a person now".into(), "tag--red");
    }
    let words =
        PRIORITIES.iter().find(|(_, _, r)| *r == priority_rank).map_or("Not assessed yet", |(_, w, _)| w);
    let class = match priority_rank {
        1 => "tag--yellow",
        _ => "tag--grey",
    };
    (words.to_string(), class)
}

/// "2 Dec 2026 09:14", UK time.
pub fn when(at: DateTime<Utc>) -> String {
    at.with_timezone(&London).format("%-d %b %Y %H:%M").to_string()
}

fn row_view(row: QueueRow, me: i64, now: DateTime<Utc>, calendar: &WorkingCalendar) -> QueueRowView {
    let (risk, risk_class) = risk(row.urgent, row.priority_rank);
    let state = CaseState::from_slug(&row.state).unwrap_or(CaseState::ToReview);
    let outcome = match (row.outcome.as_deref(), row.status.as_deref()) {
        (None, _) => "Not assessed yet".to_string(),
        (outcome, Some("proposed")) => format!("{} (proposed)", outcome_words(outcome)),
        (outcome, _) => outcome_words(outcome).to_string(),
    };
    let due = row.next_due_at.as_deref().and_then(parse_ts);
    let kind = row.next_due_kind.as_deref().and_then(DeadlineKind::from_slug);
    QueueRowView {
        href: format!("/staff/case/{}", row.reference),
        reference: row.reference,
        crime_type: CrimeType::from_slug(&row.crime_type)
            .map_or(row.crime_type.clone(), |c| c.label().to_string()),
        received: parse_ts(&row.received_at).map(when).unwrap_or_default(),
        risk,
        risk_class,
        outcome,
        state: state.name().to_string(),
        next_due: due.map(|due| match kind {
            Some(kind) => format!("{}: {}", kind.label(), due_words(due, now, calendar)),
            None => due_words(due, now, calendar),
        }),
        overdue: due.is_some_and(|due| due < now),
        claimed_by: row.claimed_by.map(|id| {
            if id == me {
                "You".to_string()
            } else {
                row.claimed_by_email.clone().unwrap_or_default()
            }
        }),
        requests_waiting: row.requests_waiting,
    }
}

/// The navigation for `session` on the page at `current`.
pub fn nav(session: &StaffSession, current: &str) -> StaffNav {
    use rules::staff::Permission;
    StaffNav {
        email: session.email.clone(),
        role: session.role.name().to_string(),
        casework: session.may(Permission::ViewQueue),
        compliance: session.may(Permission::SeeCompliance),
        accounts: session.may(Permission::ManageAccounts),
        current: current.to_string(),
    }
}

/// The queue page for `session` with `query`.
pub async fn queue(
    pool: &Pool,
    session: &StaffSession,
    query: &QueueQuery,
    now: DateTime<Utc>,
    calendar: &WorkingCalendar,
) -> store::Result<StaffQueueView> {
    let figure = query.figure(now);
    // A figure's list shows reports in every state, unless a state is chosen as well.
    let state = if figure.is_some() && query.state.is_none() { None } else { query.state() };
    let me = session.account_id;
    let filter = Filter {
        state,
        crime_type: query.crime.as_deref().filter(|c| !c.is_empty()),
        outcome: query.outcome.as_deref().filter(|c| !c.is_empty()),
        priority_rank: query
            .priority
            .as_deref()
            .and_then(|p| PRIORITIES.iter().find(|(s, _, _)| *s == p))
            .map(|(_, _, r)| *r),
        overdue: QueueQuery::flag(&query.overdue),
        claimed_by: QueueQuery::flag(&query.mine).then_some(me),
        requests_waiting: QueueQuery::flag(&query.waiting),
        urgent: QueueQuery::flag(&query.urgent),
        figure: figure.as_ref().map(|(f, _)| *f),
    };
    let (sort, sort_slug) = SORTS
        .iter()
        .find(|(slug, _, _)| Some(*slug) == query.sort.as_deref())
        .map_or((Sort::Queue, "queue"), |(slug, sort, _)| (*sort, *slug));
    let descending = query.dir.as_deref() == Some("desc");
    let page = query.page.unwrap_or(1).max(1);
    let (rows, total) =
        store::queue::list(pool, &filter, sort, descending, now, PAGE_SIZE, (page - 1) * PAGE_SIZE).await?;
    let counts = store::queue::counts(pool, state, filter.figure.as_ref(), me, now).await?;
    let count_of =
        |list: &[(String, i64)], key: &str| list.iter().find(|(k, _)| k == key).map_or(0, |(_, n)| *n);

    let mut states = vec![FilterLink {
        label: "All".into(),
        href: query.with(|q| q.state = Some("all".into())),
        count: Some(counts.states.iter().map(|(_, n)| n).sum()),
        current: state.is_none(),
    }];
    states.extend(CaseState::ALL.iter().map(|s| FilterLink {
        label: s.name().into(),
        href: query.with(|q| q.state = (*s != CaseState::ToReview).then(|| s.slug().to_string())),
        count: Some(count_of(&counts.states, s.slug())),
        current: state == Some(s.slug()),
    }));
    let toggle =
        |label: &str, current: bool, count: i64, set: fn(&mut QueueQuery, Option<String>)| FilterLink {
            label: label.into(),
            href: query.with(|q| set(q, (!current).then(|| "1".to_string()))),
            count: Some(count),
            current,
        };
    let needs = vec![
        toggle("Needs a person now", filter.urgent, counts.urgent, |q, v| q.urgent = v),
        toggle("Overdue", filter.overdue, counts.overdue, |q, v| q.overdue = v),
        toggle("Claimed by me", filter.claimed_by.is_some(), counts.mine, |q, v| q.mine = v),
        toggle("Victim requests waiting", filter.requests_waiting, counts.requests_waiting, |q, v| {
            q.waiting = v
        }),
    ];
    let mut crimes: Vec<FilterLink> = counts
        .crime_types
        .iter()
        .map(|(slug, n)| FilterLink {
            label: CrimeType::from_slug(slug).map_or(slug.clone(), |c| c.label().to_string()),
            href: query.with(|q| q.crime = (filter.crime_type != Some(slug.as_str())).then(|| slug.clone())),
            count: Some(*n),
            current: filter.crime_type == Some(slug.as_str()),
        })
        .collect();
    crimes.sort_by(|a, b| a.label.cmp(&b.label));
    let teams = OUTCOMES
        .iter()
        .map(|(slug, words)| FilterLink {
            label: (*words).into(),
            href: query.with(|q| q.outcome = (filter.outcome != Some(*slug)).then(|| slug.to_string())),
            count: Some(count_of(&counts.outcomes, slug)),
            current: filter.outcome == Some(*slug),
        })
        .collect();
    let priorities = PRIORITIES
        .iter()
        .map(|(slug, words, rank)| FilterLink {
            label: (*words).into(),
            href: query
                .with(|q| q.priority = (filter.priority_rank != Some(*rank)).then(|| slug.to_string())),
            count: Some(counts.priorities.iter().find(|(r, _)| r == rank).map_or(0, |(_, n)| *n)),
            current: filter.priority_rank == Some(*rank),
        })
        .collect();
    let filters = vec![
        FilterGroup { title: "Status".into(), links: states },
        FilterGroup { title: "Needs".into(), links: needs },
        FilterGroup { title: "Priority".into(), links: priorities },
        FilterGroup { title: "Team".into(), links: teams },
        FilterGroup { title: "Crime".into(), links: crimes },
    ];
    let mut headings: Vec<SortHeading> = SORTS
        .iter()
        .map(|(slug, _, label)| {
            let current = *slug == sort_slug;
            SortHeading {
                label: (*label).into(),
                href: Some(query.with(|q| {
                    q.sort = (*slug != "queue").then(|| slug.to_string());
                    q.dir = (current && !descending).then(|| "desc".to_string());
                })),
                aria_sort: current.then_some(if descending { "descending" } else { "ascending" }),
            }
        })
        .collect();
    // In the table's order: reference, crime, received, risk, outcome, next deadline, claimed.
    let deadline = headings.remove(3);
    headings.insert(4, SortHeading { label: "Outcome".into(), href: None, aria_sort: None });
    headings.insert(5, deadline);
    headings.push(SortHeading { label: "Claimed by".into(), href: None, aria_sort: None });

    let first = (page - 1) * PAGE_SIZE + 1;
    let last = ((page - 1) * PAGE_SIZE + rows.len() as i64).max(0);
    let showing = if total == 0 {
        "No reports match these filters.".to_string()
    } else {
        format!("Showing {first} to {last} of {total} reports")
    };
    let page_href = |p: i64| {
        let mut q = query.clone();
        q.page = Some(p);
        q.href()
    };
    let any_filter = query.state.is_some()
        || filter.crime_type.is_some()
        || filter.outcome.is_some()
        || filter.priority_rank.is_some()
        || filter.overdue
        || filter.claimed_by.is_some()
        || filter.requests_waiting
        || filter.urgent
        || figure.is_some();
    Ok(StaffQueueView {
        nav: nav(session, "/staff"),
        rows: rows.into_iter().map(|row| row_view(row, me, now, calendar)).collect(),
        filters,
        headings,
        total,
        showing,
        previous: (page > 1).then(|| page_href(page - 1)),
        next: (page * PAGE_SIZE < total).then(|| page_href(page + 1)),
        clear: any_filter.then(|| "/staff".to_string()),
        figure: figure.map(|(_, words)| (words, query.compliance_href())),
        notice: query.done.as_deref().map(|d| match d {
            "released" => "The report is back in the queue.".to_string(),
            _ => "Done.".to_string(),
        }),
    })
}

/// Words for a kind of victim's request.
pub fn request_kind(kind: &str) -> &'static str {
    match kind {
        "information" => "New information",
        "update" => "Update request",
        "review" => "Review request",
        "complaint" => "Complaint",
        "contact" => "Contact preferences changed",
        _ => "Request",
    }
}

/// The victims' requests page.
pub async fn requests(
    pool: &Pool,
    session: &StaffSession,
    now: DateTime<Utc>,
    calendar: &WorkingCalendar,
) -> store::Result<StaffRequestsView> {
    let rows = store::queue::waiting_requests(pool, 500).await?;
    Ok(StaffRequestsView {
        nav: nav(session, "/staff/requests"),
        rows: rows
            .into_iter()
            .map(|r| {
                let due = r.due_at.as_deref().and_then(parse_ts);
                RequestRowView {
                    href: format!("/staff/case/{}", r.reference),
                    reference: r.reference,
                    kind: request_kind(&r.kind).into(),
                    received: parse_ts(&r.created_at).map(when).unwrap_or_default(),
                    due: due.map(|d| due_words(d, now, calendar)),
                    overdue: due.is_some_and(|d| d < now),
                }
            })
            .collect(),
    })
}

/// Brings back to the queue every report whose question to the victim went unanswered past its
/// wait, marked "no reply" on its timeline for staff; returns how many.
pub async fn return_unanswered(pool: &Pool, now: DateTime<Utc>) -> store::Result<u64> {
    let mut returned = 0;
    for report_id in store::queue::unanswered_questions(pool, now).await? {
        let mut conn = pool.acquire().await?;
        let mut tx = store::begin_write(&mut conn).await?;
        if store::queue::close_questions(&mut tx, report_id, "no-reply", now).await? {
            store::events::staff_event(
                &mut tx,
                report_id,
                "no-reply",
                "No reply from the victim: back in the queue.",
                now,
            )
            .await?;
            store::queue::refresh(&mut tx, report_id, now).await?;
            returned += 1;
        }
        tx.commit().await?;
    }
    Ok(returned)
}

/// The teams, for the allocation form.
pub fn teams() -> impl Iterator<Item = (Team, &'static str)> {
    Team::ALL.into_iter().map(|t| (t, outcome_words(Some(t.slug()))))
}
