//! What the compliance page counts, read from `deadline`, `code_compliance` and `report`: the
//! counting is done by the database (one pass per figure over the period's rows), so that a
//! quarter of a large force is a handful of grouped rows, not its reports one by one. The rules
//! for what counts as met, late, overdue or pending are `rules::compliance`'s; the statements
//! here apply the same ones and `server::compliance` checks them against each other in tests.

use chrono::{DateTime, Utc};

use super::{on_db, At, Pool, Result};

/// Which reports a figure counts: every one, or those of one crime type and one allocation
/// outcome (`iit`, `fcid`, `ppu`, `filed-at-source`), as the queue shows them now.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scope<'a> {
    pub crime_type: Option<&'a str>,
    pub outcome: Option<&'a str>,
}

impl Scope<'_> {
    /// The condition on the report whose id is `report_id` (a column), with the crime type and
    /// outcome bound as `$4` and `$5`: nothing to look up when the scope is every report.
    fn sql(self, report_id: &str) -> String {
        if self == Scope::default() {
            " and cast($4 as text) is null and cast($5 as text) is null".into()
        } else {
            format!(
                " and exists (select 1 from case_state c where c.report_id = {report_id}
                     and ($4 is null or c.crime_type = $4) and ($5 is null or c.outcome = $5))"
            )
        }
    }
}

/// How the deadlines of one kind (as stored: `record`, `referral-victim-support`, …) that fell
/// due in a period stand at a moment.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct DeadlineCounts {
    pub kind: String,
    pub met: i64,
    pub late: i64,
    pub overdue: i64,
    pub pending: i64,
}

/// Per kind of `kinds` (as stored), the deadlines due in `[start, end)` as they stood at
/// `as_of` (`rules::compliance::Standing`: done by then on time, done by then late, not done and
/// past due, not yet due). Naming the kinds lets the database read one range of the
/// `(kind, due_at, met_at)` index per kind, already grouped, rather than sort the period's rows.
pub async fn deadline_counts(
    pool: &Pool,
    kinds: &[String],
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    as_of: DateTime<Utc>,
    scope: Scope<'_>,
) -> Result<Vec<DeadlineCounts>> {
    if kinds.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (0..kinds.len()).map(|i| format!("${}", i + 6)).collect();
    let sql = format!(
        "select kind,
             count(*) filter (where met_at <= $3 and met_at <= due_at) as met,
             count(*) filter (where met_at <= $3 and met_at > due_at) as late,
             count(*) filter (where (met_at is null or met_at > $3) and due_at < $3) as overdue,
             count(*) filter (where (met_at is null or met_at > $3) and due_at >= $3) as pending
         from deadline d where kind in ({}) and due_at >= $1 and due_at < $2{}
         group by kind order by kind",
        placeholders.join(", "),
        scope.sql("d.report_id")
    );
    on_db!(pool, |e| {
        let mut query = sqlx::query_as(&sql)
            .bind(At(start))
            .bind(At(end))
            .bind(At(as_of))
            .bind(scope.crime_type)
            .bind(scope.outcome);
        for kind in kinds {
            query = query.bind(kind.as_str());
        }
        query.fetch_all(e).await
    })
}

/// The deadlines due in `[start, end)` that were late or overdue at `as_of`, counted by (kind,
/// hour due, hour done or `as_of` if not done by then), for how many working days late they
/// were: the hours (UTC, whole) keep the UK dates the rules count on, since UK time is UTC or
/// UTC + 1 hour, and there are far fewer of them than deadlines.
pub async fn late_by_hour(
    pool: &Pool,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    as_of: DateTime<Utc>,
    scope: Scope<'_>,
) -> Result<Vec<(String, DateTime<Utc>, DateTime<Utc>, i64)>> {
    let within = format!(
        "from deadline d where due_at >= $1 and due_at < $2 and due_at < $3 and (met_at is null or met_at > due_at){}
         group by 1, 2, 3",
        scope.sql("d.report_id")
    );
    let rows: Vec<(String, At, At, i64)> = on_db!(pool, |e, pg| {
        let sql = if pg {
            format!(
                "select kind, date_trunc('hour', due_at),
                     date_trunc('hour', case when met_at <= $3 then met_at else $3 end), count(*) {within}"
            )
        } else {
            format!(
                "select kind, substr(due_at, 1, 13) || ':00:00.000Z',
                     substr(case when met_at <= $3 then met_at else $3 end, 1, 13) || ':00:00.000Z', count(*) {within}"
            )
        };
        sqlx::query_as(&sql)
            .bind(At(start))
            .bind(At(end))
            .bind(At(as_of))
            .bind(scope.crime_type)
            .bind(scope.outcome)
            .fetch_all(e)
            .await
    })?;
    Ok(rows.into_iter().map(|(kind, due, until, n)| (kind, due.0, until.0, n)).collect())
}

/// The duties owed when a crime is reported, over the reports received in a period that made
/// one choice about a Victim Personal Statement (`later`, `not-now`): how many reports, and of them how many had each duty done by the
/// moment asked about.
#[derive(Clone, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct DutyCounts {
    pub vps_choice: String,
    pub reports: i64,
    pub rights_information: i64,
    pub vps_explained: i64,
    pub needs_assessed: i64,
    pub contact_plan_agreed: i64,
}

/// The duties of the reports received in `[start, end)`, done by `as_of`, per VPS choice (one
/// pass over the period's reports for both). Every report's `code_compliance` row is written in
/// the statement that stores the report, with `declaration_at` its `submitted_at`
/// (`sql/report_submission*.sql`), so the period's rows of that table are its reports.
pub async fn duty_counts(
    pool: &Pool,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    as_of: DateTime<Utc>,
    scope: Scope<'_>,
) -> Result<Vec<DutyCounts>> {
    let sql = format!(
        "select c.vps_choice, count(*) as reports,
             count(*) filter (where c.rights_information_given_at <= $3) as rights_information,
             count(*) filter (where c.vps_explained_at <= $3) as vps_explained,
             count(*) filter (where c.needs_assessed_at <= $3) as needs_assessed,
             count(*) filter (where c.contact_plan_agreed_at <= $3) as contact_plan_agreed
         from code_compliance c
         where c.declaration_at >= $1 and c.declaration_at < $2{}
         group by c.vps_choice order by c.vps_choice",
        scope.sql("c.report_id")
    );
    on_db!(pool, |e| sqlx::query_as(&sql)
        .bind(At(start))
        .bind(At(end))
        .bind(At(as_of))
        .bind(scope.crime_type)
        .bind(scope.outcome)
        .fetch_all(e)
        .await)
}

/// The reports received in `[start, end)` counted by the hour they came (UTC, whole: UK days are
/// made of whole UTC hours) and by how (`online`, `partner`).
pub async fn received_by_hour(
    pool: &Pool,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    scope: Scope<'_>,
) -> Result<Vec<(DateTime<Utc>, String, i64)>> {
    let within = format!(
        "from report r where submitted_at >= $1 and submitted_at < $2 and cast($3 as text) is null{}
         group by 1, 2 order by 1, 2",
        scope.sql("r.id")
    );
    let rows: Vec<(At, String, i64)> = on_db!(pool, |e, pg| {
        let sql = if pg {
            format!("select date_trunc('hour', submitted_at), source, count(*) {within}")
        } else {
            format!("select substr(submitted_at, 1, 13) || ':00:00.000Z', source, count(*) {within}")
        };
        sqlx::query_as(&sql)
            .bind(At(start))
            .bind(At(end))
            .bind(None::<&str>)
            .bind(scope.crime_type)
            .bind(scope.outcome)
            .fetch_all(e)
            .await
    })?;
    Ok(rows.into_iter().map(|(hour, source, n)| (hour.0, source, n)).collect())
}

/// The reports received in `[start, end)` by the outcome of their allocation (`iit`, `fcid`,
/// `ppu`, `filed-at-source`; `None` for those not yet assessed).
pub async fn received_by_outcome(
    pool: &Pool,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    scope: Scope<'_>,
) -> Result<Vec<(Option<String>, i64)>> {
    let sql = format!(
        "select a.outcome, count(*) from report r left join assessment a on a.report_id = r.id
         where r.submitted_at >= $1 and r.submitted_at < $2 and cast($3 as text) is null{}
         group by a.outcome order by a.outcome",
        scope.sql("r.id")
    );
    on_db!(pool, |e| sqlx::query_as(&sql)
        .bind(At(start))
        .bind(At(end))
        .bind(None::<&str>)
        .bind(scope.crime_type)
        .bind(scope.outcome)
        .fetch_all(e)
        .await)
}

/// How many victims' requests of each kind (`review`, `complaint`, …) came in `[start, end)`.
pub async fn requests_by_kind(
    pool: &Pool,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    scope: Scope<'_>,
) -> Result<Vec<(String, i64)>> {
    let sql = format!(
        "select kind, count(*) from victim_request v
         where created_at >= $1 and created_at < $2 and cast($3 as text) is null{}
         group by kind order by kind",
        scope.sql("v.report_id")
    );
    on_db!(pool, |e| sqlx::query_as(&sql)
        .bind(At(start))
        .bind(At(end))
        .bind(None::<&str>)
        .bind(scope.crime_type)
        .bind(scope.outcome)
        .fetch_all(e)
        .await)
}

/// The reports received in `[start, end)` that a person had reviewed by `as_of`, counted by
/// the whole minutes from receipt to the first review; and how many had not been reviewed by then.
pub async fn first_review_minutes(
    pool: &Pool,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    as_of: DateTime<Utc>,
    scope: Scope<'_>,
) -> Result<(Vec<(i64, i64)>, i64)> {
    // The scope is on `case_state` itself here, so it needs no look-up.
    let within = "from case_state c where received_at >= $1 and received_at < $2
         and ($4 is null or c.crime_type = $4) and ($5 is null or c.outcome = $5)";
    let minutes: Vec<(i64, i64)> = on_db!(pool, |e, pg| {
        let sql = if pg {
            format!(
                "select cast(floor(extract(epoch from first_reviewed_at - received_at) / 60) as bigint), count(*)
                 {within} and first_reviewed_at <= $3 group by 1"
            )
        } else {
            format!(
                "select cast((julianday(first_reviewed_at) - julianday(received_at)) * 1440 + 1e-6 as integer), count(*)
                 {within} and first_reviewed_at <= $3 group by 1"
            )
        };
        sqlx::query_as(&sql)
            .bind(At(start))
            .bind(At(end))
            .bind(At(as_of))
            .bind(scope.crime_type)
            .bind(scope.outcome)
            .fetch_all(e)
            .await
    })?;
    let sql = format!("select count(*) {within} and (first_reviewed_at is null or first_reviewed_at > $3)");
    let waiting: i64 = on_db!(pool, |e| sqlx::query_scalar(&sql)
        .bind(At(start))
        .bind(At(end))
        .bind(At(as_of))
        .bind(scope.crime_type)
        .bind(scope.outcome)
        .fetch_one(e)
        .await)?;
    Ok((minutes, waiting))
}

/// The decisions on requests for a review made in `[start, end)`: how many, and how many upheld.
pub async fn review_decisions(
    pool: &Pool,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    scope: Scope<'_>,
) -> Result<(i64, i64)> {
    let sql = format!(
        "select count(*), count(*) filter (where upheld) from review_decision v
         where decided_at >= $1 and decided_at < $2 and cast($3 as text) is null{}",
        scope.sql("v.report_id")
    );
    on_db!(pool, |e| sqlx::query_as(&sql)
        .bind(At(start))
        .bind(At(end))
        .bind(None::<&str>)
        .bind(scope.crime_type)
        .bind(scope.outcome)
        .fetch_one(e)
        .await)
}
