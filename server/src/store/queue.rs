//! The staff queue: `case_state` (one row per report: where it stands, its sort keys, who has
//! claimed it), `info_request` (questions to the victim) and the answers to `victim_request`s.
//!
//! A report's state is derived, never set: closed when there is a decision to take no further
//! action, with the victim while a question to them is open, filed or allocated once the
//! allocation is decided (by the rules, or by staff) — unless the victim answered (or did not
//! answer in time) a question after that decision, which brings it back to review — otherwise
//! to review. [`refresh`] recomputes
//! the derived columns from the tables they come from, in the transaction of every change.

use chrono::{DateTime, Utc};
use sqlx::QueryBuilder;

use super::{on_db, on_pool, At, Executor, Pool, Result};

/// The priorities as stored, with their queue ranks (`rules::staff::priority_rank`), so that the
/// database sorts as the rules do.
fn priority_ranks() -> Vec<(&'static str, i64)> {
    use rules::allocation::Priority;
    [Priority::Priority, Priority::NonUrgent, Priority::Scheduled, Priority::NoDeployment]
        .into_iter()
        .map(|p| {
            let slug = match p {
                Priority::Priority => "priority",
                Priority::NonUrgent => "non-urgent",
                Priority::Scheduled => "scheduled",
                Priority::NoDeployment => "no-deployment",
            };
            (slug, rules::staff::priority_rank(Some(p)))
        })
        .collect()
}

/// Recomputes report `report_id`'s queue row (state, flags, priority, next deadline, outcome,
/// requests waiting) at `now`.
pub async fn refresh(db: impl Executor<'_>, report_id: i64, now: DateTime<Utc>) -> Result<()> {
    let ranks = priority_ranks();
    let mut rank = String::from("case a.priority");
    for i in 0..ranks.len() {
        rank.push_str(&format!(" when ${} then ${}", 2 * i + 1, 2 * i + 2));
    }
    rank.push_str(" else 0 end");
    let (now_at, id_at) = (2 * ranks.len() + 1, 2 * ranks.len() + 2);
    let mut db: super::Db<'_> = db.into();
    let pg = db.is_postgres();
    let (urgent, open_deadlines) = if pg {
        ("jsonb_array_length(a.decision::jsonb -> 'thrive' -> 'flags') > 0", "deadline d")
    } else {
        ("json_array_length(a.decision, '$.thrive.flags') > 0", "deadline d indexed by deadline_open")
    };
    let sql = format!(
        "update case_state set
            state = case
                when exists (select 1 from no_further_action n where n.report_id = case_state.report_id) then 'closed'
                when exists (select 1 from info_request i where i.report_id = case_state.report_id and i.closed_at is null)
                    then 'with-victim'
                when exists (select 1 from info_request i where i.report_id = case_state.report_id
                        and (case_state.decided_at is null or i.closed_at > case_state.decided_at)) then 'to-review'
                when a.status in ('confirmed', 'overridden', 'decided') then
                    case when a.outcome = 'filed-at-source' then 'filed' else 'allocated' end
                else 'to-review' end,
            urgent = coalesce({urgent}, false),
            priority_rank = {rank},
            next_due_at = (select min(due_at) from {open_deadlines}
                where d.report_id = case_state.report_id and d.met_at is null),
            outcome = a.outcome,
            review_required = coalesce(a.review_required, false),
            requests_waiting = (select count(*) from victim_request v
                where v.report_id = case_state.report_id and v.handled_at is null and v.kind <> 'contact'),
            updated_at = ${now_at}
         from (select cast(${id_at} as bigint) as id) r left join assessment a on a.report_id = r.id
         where case_state.report_id = r.id"
    );
    on_db!(&mut db, |e| {
        let mut query = sqlx::query(&sql);
        for (slug, rank) in &ranks {
            query = query.bind(*slug).bind(*rank);
        }
        query.bind(At(now)).bind(report_id).execute(e).await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// How the queue is narrowed. Every field `None` (or false) shows everything.
#[derive(Clone, Debug, Default)]
pub struct Filter<'a> {
    pub state: Option<&'a str>,
    pub crime_type: Option<&'a str>,
    /// An outcome: `iit`, `fcid`, `ppu` or `filed-at-source`.
    pub outcome: Option<&'a str>,
    pub priority_rank: Option<i64>,
    /// Only reports with a deadline already past.
    pub overdue: bool,
    /// Only reports claimed by this account.
    pub claimed_by: Option<i64>,
    /// Only reports with victims' requests waiting.
    pub requests_waiting: bool,
    /// Only reports a THRIVE+ flag marks for a person now.
    pub urgent: bool,
    /// The reports behind a compliance figure, if the list is one.
    pub figure: Option<FigureFilter<'a>>,
}

/// The reports behind one figure of the compliance page, for a period `[start, end)` judged at
/// `as_of` as the page judges it (`store::compliance`).
#[derive(Clone, Copy, Debug)]
pub struct FigureFilter<'a> {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub as_of: DateTime<Utc>,
    pub of: Figure<'a>,
}

/// Which figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Figure<'a> {
    /// Reports received in the period.
    Received,
    /// Reports received in the period this way (`online`, `partner`).
    ReceivedBy(&'a str),
    /// Reports received in the period whose allocation is not assessed yet.
    NotAssessed,
    /// Reports whose victim made a request of this kind (`review`, `complaint`) in the period.
    Requested(&'a str),
    /// Reports with a review decided in the period; upheld only, or every one.
    ReviewDecided { upheld_only: bool },
    /// Reports received in the period without this duty done (a `code_compliance` column).
    DutyNotDone(DutyColumn),
    /// Reports received in the period not yet reviewed by a person.
    NotReviewed,
    /// Reports with a deadline of this kind (as stored) due in the period, standing so.
    Deadline(&'a str, rules::compliance::Standing),
}

/// A duty's column in `code_compliance`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DutyColumn {
    RightsInformation,
    VpsExplained,
    NeedsAssessed,
    ContactPlanAgreed,
}

impl DutyColumn {
    fn column(self) -> &'static str {
        match self {
            DutyColumn::RightsInformation => "rights_information_given_at",
            DutyColumn::VpsExplained => "vps_explained_at",
            DutyColumn::NeedsAssessed => "needs_assessed_at",
            DutyColumn::ContactPlanAgreed => "contact_plan_agreed_at",
        }
    }
}

/// What the queue is sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Sort {
    /// People in danger first, then priority, then the nearest deadline, then oldest.
    #[default]
    Queue,
    Received,
    Reference,
    CrimeType,
    NextDeadline,
}

/// One row of the queue.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct QueueRow {
    pub report_id: i64,
    pub reference: String,
    pub crime_type: String,
    #[sqlx(try_from = "super::At")]
    pub received_at: String,
    pub state: String,
    pub urgent: bool,
    pub priority_rank: i64,
    pub outcome: Option<String>,
    /// The assessment's status: `proposed`, `decided`, `confirmed` or `overridden`.
    pub status: Option<String>,
    pub review_required: bool,
    #[sqlx(try_from = "super::MaybeAt")]
    pub next_due_at: Option<String>,
    pub next_due_kind: Option<String>,
    pub requests_waiting: i64,
    pub claimed_by: Option<i64>,
    pub claimed_by_email: Option<String>,
}

fn push_filter<'q, DB>(q: &mut QueryBuilder<'q, DB>, filter: &Filter<'q>, now: At)
where
    DB: sqlx::Database,
    &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    At: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    q.push(" where 1 = 1");
    if let Some(state) = filter.state {
        q.push(" and c.state = ").push_bind(state);
    }
    if let Some(crime_type) = filter.crime_type {
        q.push(" and c.crime_type = ").push_bind(crime_type);
    }
    if let Some(outcome) = filter.outcome {
        q.push(" and c.outcome = ").push_bind(outcome);
    }
    if let Some(rank) = filter.priority_rank {
        q.push(" and c.priority_rank = ").push_bind(rank);
    }
    if filter.overdue {
        q.push(" and c.next_due_at < ").push_bind(now);
    }
    if let Some(account) = filter.claimed_by {
        q.push(" and c.claimed_by = ").push_bind(account);
    }
    if filter.requests_waiting {
        q.push(" and c.requests_waiting > 0");
    }
    if filter.urgent {
        q.push(" and c.urgent");
    }
    if let Some(figure) = filter.figure {
        push_figure(q, &figure);
    }
}

fn push_figure<'q, DB>(q: &mut QueryBuilder<'q, DB>, figure: &FigureFilter<'q>)
where
    DB: sqlx::Database,
    &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    At: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    use rules::compliance::Standing;
    let (start, end, as_of) = (At(figure.start), At(figure.end), At(figure.as_of));
    if let Figure::Deadline(kind, standing) = figure.of {
        // From the deadlines to the reports (one range of `deadline_kind_due`), not from every
        // report to its deadlines: 72 ms rather than 740 for a quarter of 1,000,000 reports.
        q.push(" and c.report_id in (select d.report_id from deadline d where d.kind = ")
            .push_bind(kind)
            .push(" and d.due_at >= ")
            .push_bind(start)
            .push(" and d.due_at < ")
            .push_bind(end);
        // As `store::compliance::deadline_counts` judges them.
        match standing {
            Standing::Met => q.push(" and d.met_at <= ").push_bind(as_of).push(" and d.met_at <= d.due_at)"),
            Standing::Late => q.push(" and d.met_at <= ").push_bind(as_of).push(" and d.met_at > d.due_at)"),
            Standing::Overdue => q
                .push(" and (d.met_at is null or d.met_at > ")
                .push_bind(as_of)
                .push(") and d.due_at < ")
                .push_bind(as_of)
                .push(")"),
            Standing::Pending => q
                .push(" and (d.met_at is null or d.met_at > ")
                .push_bind(as_of)
                .push(") and d.due_at >= ")
                .push_bind(as_of)
                .push(")"),
        };
        return;
    }
    // Counted by when the request came or the review was decided, not when the report did.
    if let Figure::Requested(kind) = figure.of {
        q.push(" and c.report_id in (select v.report_id from victim_request v where v.kind = ")
            .push_bind(kind)
            .push(" and v.created_at >= ")
            .push_bind(start)
            .push(" and v.created_at < ")
            .push_bind(end)
            .push(")");
        return;
    }
    if let Figure::ReviewDecided { upheld_only } = figure.of {
        q.push(" and c.report_id in (select v.report_id from review_decision v where v.decided_at >= ")
            .push_bind(start)
            .push(" and v.decided_at < ")
            .push_bind(end)
            .push(if upheld_only { " and v.upheld)" } else { ")" });
        return;
    }
    q.push(" and c.received_at >= ").push_bind(start).push(" and c.received_at < ").push_bind(end);
    match figure.of {
        Figure::DutyNotDone(duty) => {
            q.push(format!(
                " and not exists (select 1 from code_compliance cc where cc.report_id = c.report_id and cc.{} <= ",
                duty.column()
            ))
            .push_bind(as_of)
            .push(")");
        }
        Figure::NotReviewed => {
            q.push(" and (c.first_reviewed_at is null or c.first_reviewed_at > ").push_bind(as_of).push(")");
        }
        Figure::ReceivedBy(source) => {
            q.push(" and exists (select 1 from report r where r.id = c.report_id and r.source = ")
                .push_bind(source)
                .push(")");
        }
        Figure::NotAssessed => {
            // As `store::compliance::received_by_outcome` counts them.
            q.push(" and not exists (select 1 from assessment a where a.report_id = c.report_id)");
        }
        Figure::Received | Figure::Deadline(..) | Figure::Requested(_) | Figure::ReviewDecided { .. } => {}
    }
}

/// A page of the queue: `limit` rows from `offset`, with the total that match.
pub async fn list(
    pool: &Pool,
    filter: &Filter<'_>,
    sort: Sort,
    descending: bool,
    now: DateTime<Utc>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<QueueRow>, i64)> {
    let now = At(now);
    on_pool!(pool, |p, pg| {
        let open_deadlines = if pg { "deadline d" } else { "deadline d indexed by deadline_open" };
        let mut q = QueryBuilder::new(format!(
        "select c.report_id, c.reference, c.crime_type, c.received_at, c.state, c.urgent, c.priority_rank, c.outcome,
             (select a.status from assessment a where a.report_id = c.report_id) as status,
             c.review_required, c.next_due_at,
             (select d.kind from {open_deadlines} where d.report_id = c.report_id
                 and d.met_at is null order by d.due_at limit 1) as next_due_kind,
             c.requests_waiting, c.claimed_by, s.email as claimed_by_email
         from case_state c left join staff_account s on s.id = c.claimed_by"
    ));
        push_filter(&mut q, filter, now);
        let direction = if descending { " desc" } else { "" };
        // Each order is one of `case_state`'s indexes, read forwards or backwards.
        let order = match sort {
        Sort::Queue if descending => {
            " order by c.urgent, c.priority_rank desc, c.next_due_at is null desc, c.next_due_at desc, c.received_at desc"
                .to_string()
        }
        Sort::Queue => {
            " order by c.urgent desc, c.priority_rank, c.next_due_at is null, c.next_due_at, c.received_at".to_string()
        }
        Sort::Received => format!(" order by c.received_at{direction}"),
        Sort::Reference => format!(" order by c.reference{direction}"),
        Sort::CrimeType => format!(" order by c.crime_type{direction}, c.received_at{direction}"),
        Sort::NextDeadline => {
            format!(" order by c.next_due_at is null{direction}, c.next_due_at{direction}")
        }
    };
        q.push(order).push(" limit ").push_bind(limit).push(" offset ").push_bind(offset);
        let rows = q.build_query_as::<QueueRow>().fetch_all(p).await?;
        let mut count = QueryBuilder::new("select count(*) from case_state c");
        push_filter(&mut count, filter, now);
        let total: i64 = count.build_query_scalar().fetch_one(p).await?;
        Ok((rows, total))
    })
}

/// How many reports each filter would show, for the filter links: per state, and within `state`
/// (all states when `None`) per crime type, outcome and priority, and the overdue, mine, urgent
/// and waiting counts.
#[derive(Clone, Debug, Default)]
pub struct Counts {
    pub states: Vec<(String, i64)>,
    pub crime_types: Vec<(String, i64)>,
    pub outcomes: Vec<(String, i64)>,
    pub priorities: Vec<(i64, i64)>,
    pub overdue: i64,
    pub mine: i64,
    pub urgent: i64,
    pub requests_waiting: i64,
}

/// One group of the filter counts: (crime type, outcome, priority rank, reports, overdue, mine,
/// urgent, with requests waiting).
type CountRow = (String, Option<String>, i64, i64, i64, i64, i64, i64);

pub async fn counts(
    pool: &Pool,
    state: Option<&str>,
    figure: Option<&FigureFilter<'_>>,
    me: i64,
    now: DateTime<Utc>,
) -> Result<Counts> {
    let (states, groups): (Vec<(String, i64)>, Vec<CountRow>) = on_pool!(pool, |p, pg| {
        // Within a compliance figure's list, only the reports behind the figure count.
        let mut q = QueryBuilder::new("select c.state, count(*) from case_state c where 1 = 1");
        if let Some(figure) = figure {
            push_figure(&mut q, figure);
        }
        q.push(" group by c.state");
        let states = q.build_query_as().fetch_all(p).await?;
        // One pass over the covering index: a row per (crime type, outcome, priority) with its
        // sums, added up here.
        let mut q = QueryBuilder::new(
            "select c.crime_type, c.outcome, c.priority_rank, count(*), count(*) filter (where c.next_due_at < ",
        );
        q.push_bind(At(now))
            .push("), count(*) filter (where c.claimed_by = ")
            .push_bind(me)
            .push("), count(*) filter (where c.urgent), count(*) filter (where c.requests_waiting > 0)")
            .push(" from case_state c where 1 = 1");
        if let Some(state) = state {
            q.push(" and c.state = ").push_bind(state);
        }
        if let Some(figure) = figure {
            push_figure(&mut q, figure);
        }
        q.push(" group by c.crime_type, c.outcome, c.priority_rank");
        let groups = q.build_query_as().fetch_all(p).await?;
        Ok::<_, sqlx::Error>((states, groups))
    })?;
    let mut counts = Counts { states, ..Counts::default() };
    fn add<K: PartialEq>(list: &mut Vec<(K, i64)>, key: K, n: i64) {
        match list.iter_mut().find(|(k, _)| *k == key) {
            Some((_, total)) => *total += n,
            None => list.push((key, n)),
        }
    }
    for (crime_type, outcome, rank, n, overdue, mine, urgent, waiting) in groups {
        add(&mut counts.crime_types, crime_type, n);
        if let Some(outcome) = outcome {
            add(&mut counts.outcomes, outcome, n);
        }
        add(&mut counts.priorities, rank, n);
        counts.overdue += overdue;
        counts.mine += mine;
        counts.urgent += urgent;
        counts.requests_waiting += waiting;
    }
    Ok(counts)
}

/// Report `report_id`'s queue row (claim and who decided), if the report exists.
pub async fn row(db: impl Executor<'_>, report_id: i64) -> Result<Option<QueueRow>> {
    on_db!(db, |e| {
        sqlx::query_as(
        "select c.report_id, c.reference, c.crime_type, c.received_at, c.state, c.urgent, c.priority_rank, c.outcome,
             (select a.status from assessment a where a.report_id = c.report_id) as status,
             c.review_required, c.next_due_at, null as next_due_kind, c.requests_waiting, c.claimed_by,
             s.email as claimed_by_email
         from case_state c left join staff_account s on s.id = c.claimed_by
         where c.report_id = $1",
    )
    .bind(report_id)
    .fetch_optional(e)
    .await
    })
}

/// Who accepted, overrode or filed report `report_id`'s allocation, if staff did.
pub async fn decided_by(db: impl Executor<'_>, report_id: i64) -> Result<Option<i64>> {
    let found: Option<Option<i64>> =
        on_db!(db, |e| sqlx::query_scalar("select decided_by from case_state where report_id = $1")
            .bind(report_id)
            .fetch_optional(e)
            .await)?;
    Ok(found.flatten())
}

/// Sets (or clears, with `None`) who has claimed report `report_id`.
pub async fn set_claim(
    db: impl Executor<'_>,
    report_id: i64,
    account: Option<i64>,
    now: DateTime<Utc>,
) -> Result<()> {
    on_db!(db, |e| sqlx::query(
        "update case_state set claimed_by = $1, claimed_at = $2 where report_id = $3"
    )
    .bind(account)
    .bind(account.map(|_| At(now)))
    .bind(report_id)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Records that `account` decided report `report_id`'s allocation (or its end) at `now`.
pub async fn set_decided_by(
    db: impl Executor<'_>,
    report_id: i64,
    account: Option<i64>,
    now: DateTime<Utc>,
) -> Result<()> {
    on_db!(db, |e| sqlx::query(
        "update case_state set decided_by = coalesce($1, decided_by), decided_at = $2 where report_id = $3",
    )
    .bind(account)
    .bind(At(now))
    .bind(report_id)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Marks report `report_id` as reviewed by a person at `now`, unless it was already.
pub async fn mark_reviewed(db: impl Executor<'_>, report_id: i64, now: DateTime<Utc>) -> Result<()> {
    on_db!(db, |e| sqlx::query(
        "update case_state set first_reviewed_at = $1 where report_id = $2 and first_reviewed_at is null",
    )
    .bind(At(now))
    .bind(report_id)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Stores a question to the victim of report `report_id`, open until answered or `due`.
pub async fn ask_victim(
    tx: impl Executor<'_>,
    report_id: i64,
    question: &str,
    asked_by: i64,
    now: DateTime<Utc>,
    due: DateTime<Utc>,
) -> Result<()> {
    let mut tx: super::Db<'_> = tx.into();
    on_db!(&mut tx, |e| {
        sqlx::query(
        "insert into info_request (report_id, question, asked_by, asked_at, due_at) values ($1, $2, $3, $4, $5)",
    )
    .bind(report_id)
    .bind(question)
    .bind(asked_by)
    .bind(At(now))
    .bind(At(due))
    .execute(e)
    .await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// The open question to the victim of report `report_id`: (question, asked at, due).
pub async fn open_question(
    db: impl Executor<'_>,
    report_id: i64,
) -> Result<Option<(String, String, String)>> {
    on_db!(db, |e| sqlx::query_as(
        "select question, asked_at, due_at from info_request where report_id = $1 and closed_at is null
         order by id desc limit 1",
    )
    .bind(report_id)
    .fetch_optional(e)
    .await)
    .map(|row: Option<(String, At, At)>| row.map(|(q, asked, due)| (q, asked.into(), due.into())))
}

/// Closes report `report_id`'s open questions with `outcome` (`answered` or `no-reply`); whether
/// there were any.
pub async fn close_questions(
    db: impl Executor<'_>,
    report_id: i64,
    outcome: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let closed = on_db!(db, |e| sqlx::query(
        "update info_request set closed_at = $1, outcome = $2 where report_id = $3 and closed_at is null",
    )
    .bind(At(now))
    .bind(outcome)
    .bind(report_id)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(closed > 0)
}

/// Reports with a question to the victim unanswered past its due time.
pub async fn unanswered_questions(pool: &Pool, now: DateTime<Utc>) -> Result<Vec<i64>> {
    on_db!(pool, |e| sqlx::query_scalar(
        "select distinct report_id from info_request where closed_at is null and due_at <= $1"
    )
    .bind(At(now))
    .fetch_all(e)
    .await)
}

/// A victim's request as staff see it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RequestRow {
    pub id: i64,
    pub report_id: i64,
    pub reference: String,
    pub kind: String,
    pub body: String,
    #[sqlx(try_from = "super::At")]
    pub created_at: String,
    #[sqlx(try_from = "super::MaybeAt")]
    pub handled_at: Option<String>,
    pub answer: Option<String>,
    /// The deadline the request started, if any (update requests and reviews).
    #[sqlx(try_from = "super::MaybeAt")]
    pub due_at: Option<String>,
}

const REQUESTS: &str = "select v.id, v.report_id, r.reference, v.kind, v.body, v.created_at, v.handled_at, v.answer,
     (select min(d.due_at) from deadline d where d.report_id = v.report_id and d.met_at is null
         and d.kind = case v.kind when 'update' then 'update-requested' when 'review' then 'vrr-decide' end) as due_at
     from victim_request v join report r on r.id = v.report_id";

/// Victims' requests waiting for an answer, oldest first (at most `limit`).
pub async fn waiting_requests(pool: &Pool, limit: i64) -> Result<Vec<RequestRow>> {
    on_db!(pool, |e| sqlx::query_as(&format!(
        "{REQUESTS} where v.handled_at is null and v.kind <> 'contact' order by v.created_at limit $1"
    ))
    .bind(limit)
    .fetch_all(e)
    .await)
}

/// Every request on report `report_id`, newest first.
pub async fn requests_of(pool: &Pool, report_id: i64) -> Result<Vec<RequestRow>> {
    on_db!(pool, |e| sqlx::query_as(&format!(
        "{REQUESTS} where v.report_id = $1 order by v.created_at desc, v.id desc"
    ))
    .bind(report_id)
    .fetch_all(e)
    .await)
}

/// The request `id` on report `report_id`, if there is one: (kind, handled).
pub async fn request(db: impl Executor<'_>, report_id: i64, id: i64) -> Result<Option<(String, bool)>> {
    on_db!(db, |e| sqlx::query_as(
        "select kind, handled_at is not null from victim_request where id = $1 and report_id = $2"
    )
    .bind(id)
    .bind(report_id)
    .fetch_optional(e)
    .await)
}

/// Marks request `id` answered with `answer` by `account` (none for an operator's command);
/// `false` if it was answered already.
pub async fn answer_request(
    tx: impl Executor<'_>,
    id: i64,
    answer: &str,
    account: Option<i64>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let mut tx: super::Db<'_> = tx.into();
    let done = on_db!(&mut tx, |e| {
        sqlx::query(
        "update victim_request set handled_at = $1, answer = $2, handled_by = $3 where id = $4 and handled_at is null",
    )
    .bind(At(now))
    .bind(answer)
    .bind(account)
    .bind(id)
    .execute(e)
    .await.map(|r| r.rows_affected())
    })?;
    Ok(done == 1)
}

/// Whether report `report_id` has a request of `kind` waiting for an answer.
pub async fn requests_of_kind_open(db: impl Executor<'_>, report_id: i64, kind: &str) -> Result<bool> {
    let open: i64 = on_db!(db, |e| sqlx::query_scalar(
        "select count(*) from victim_request where report_id = $1 and kind = $2 and handled_at is null",
    )
    .bind(report_id)
    .bind(kind)
    .fetch_one(e)
    .await)?;
    Ok(open > 0)
}

/// Marks every waiting request of `kind` on report `report_id` answered with `answer`.
pub async fn close_requests_of_kind(
    tx: impl Executor<'_>,
    report_id: i64,
    kind: &str,
    account: Option<i64>,
    answer: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut tx: super::Db<'_> = tx.into();
    on_db!(&mut tx, |e| {
        sqlx::query(
        "update victim_request set handled_at = $1, answer = $2, handled_by = $3 where report_id = $4 and kind = $5
         and handled_at is null",
    )
    .bind(At(now))
    .bind(answer)
    .bind(account)
    .bind(report_id)
    .bind(kind)
    .execute(e)
    .await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn priorities_are_ranked_by_the_words_the_assessment_stores() {
        use rules::allocation::Priority;
        let ranks = super::priority_ranks();
        for p in [Priority::Priority, Priority::NonUrgent, Priority::Scheduled, Priority::NoDeployment] {
            let stored = serde_json::to_value(p).unwrap();
            let rank = ranks.iter().find(|(slug, _)| stored == *slug).map(|(_, r)| *r);
            assert_eq!(rank, Some(rules::staff::priority_rank(Some(p))), "{p:?}");
        }
    }
}
