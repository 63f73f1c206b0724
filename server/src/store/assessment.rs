//! The allocation of a report: `assessment` (one per report), its `referral`s and the
//! Victims' Code `deadline`s.

use chrono::{DateTime, Utc};

use super::{on_db, At, Executor, Pool, Result};

/// An assessment to store, with the words the use case chose.
pub struct NewAssessment<'a> {
    pub report_id: i64,
    pub ruleset_version: &'a str,
    /// `iit`, `fcid`, `ppu` or `filed-at-source`.
    pub outcome: &'a str,
    /// `decided` or `proposed`.
    pub status: &'a str,
    pub review_required: bool,
    pub priority: &'a str,
    /// The whole decision, as JSON.
    pub decision: &'a str,
    pub at: DateTime<Utc>,
}

/// A deadline to store: its kind's slug, when it is due and why.
pub struct NewDeadline<'a> {
    pub kind: String,
    pub due: DateTime<Utc>,
    pub basis: &'a str,
    /// The agency's slug when the deadline is a referral's.
    pub referral_to: Option<&'a str>,
}

/// Whether report `report_id` has been assessed.
pub async fn is_assessed(db: impl Executor<'_>, report_id: i64) -> Result<bool> {
    let done: Option<i64> =
        on_db!(db, |e| sqlx::query_scalar("select report_id from assessment where report_id = $1")
            .bind(report_id)
            .fetch_optional(e)
            .await)?;
    Ok(done.is_some())
}

/// What the hand-off reads of a report: its reference, its stored document and when it came.
pub async fn report_to_assess(
    db: impl Executor<'_>,
    report_id: i64,
) -> Result<(String, Option<String>, String)> {
    on_db!(db, |e| sqlx::query_as("select reference, details, submitted_at from report where id = $1")
        .bind(report_id)
        .fetch_one(e)
        .await)
    .map(|(reference, details, at): (String, Option<String>, At)| (reference, details, at.into()))
}

/// Stores `assessment` and `deadlines` (with a referral row for each referral's deadline).
pub async fn insert(
    tx: impl Executor<'_>,
    assessment: &NewAssessment<'_>,
    deadlines: &[NewDeadline<'_>],
) -> Result<()> {
    let mut tx: super::Db<'_> = tx.into();
    let a = assessment;
    on_db!(&mut tx, |e| {
        sqlx::query(
        "insert into assessment (report_id, ruleset_version, outcome, status, review_required, priority, decision, assessed_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(a.report_id)
    .bind(a.ruleset_version)
    .bind(a.outcome)
    .bind(a.status)
    .bind(a.review_required)
    .bind(a.priority)
    .bind(a.decision)
    .bind(At(a.at))
    .execute(e)
    .await.map(|r| r.rows_affected())
    })?;
    for d in deadlines {
        on_db!(&mut tx, |e| sqlx::query(
            "insert into deadline (report_id, kind, due_at, basis) values ($1, $2, $3, $4)"
        )
        .bind(a.report_id)
        .bind(&d.kind)
        .bind(At(d.due))
        .bind(d.basis)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
        if let Some(agency) = d.referral_to {
            on_db!(&mut tx, |e| sqlx::query(
                "insert into referral (report_id, agency, due_at) values ($1, $2, $3)"
            )
            .bind(a.report_id)
            .bind(agency)
            .bind(At(d.due))
            .execute(e)
            .await
            .map(|r| r.rows_affected()))?;
        }
    }
    Ok(())
}

/// Sets (or resets, unmet) deadline `kind` of report `report_id`.
pub async fn upsert_deadline(
    tx: impl Executor<'_>,
    report_id: i64,
    deadline: &NewDeadline<'_>,
) -> Result<()> {
    let mut tx: super::Db<'_> = tx.into();
    on_db!(&mut tx, |e| {
        sqlx::query(
        "insert into deadline (report_id, kind, due_at, basis) values ($1, $2, $3, $4)
         on conflict (report_id, kind) do update set due_at = excluded.due_at, basis = excluded.basis, met_at = null",
    )
    .bind(report_id)
    .bind(&deadline.kind)
    .bind(At(deadline.due))
    .bind(deadline.basis)
    .execute(e)
    .await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// A report's allocation as shown to operators.
#[derive(sqlx::FromRow)]
pub struct ShownRow {
    pub id: i64,
    #[sqlx(try_from = "super::At")]
    pub submitted_at: String,
    pub decision: Option<String>,
    pub status: Option<String>,
    pub outcome: Option<String>,
}

/// The report with `reference` and its assessment, if any.
pub async fn shown(pool: &Pool, reference: &str) -> Result<Option<ShownRow>> {
    on_db!(pool, |e| sqlx::query_as(
        "select r.id, r.submitted_at, a.decision, a.status, a.outcome from report r
         left join assessment a on a.report_id = r.id where r.reference = $1",
    )
    .bind(reference)
    .fetch_optional(e)
    .await)
}

/// Report `report_id`'s deadlines as (kind, due, basis), soonest first.
pub async fn deadlines(pool: &Pool, report_id: i64) -> Result<Vec<(String, String, String)>> {
    on_db!(pool, |e| sqlx::query_as(
        "select kind, due_at, basis from deadline where report_id = $1 order by due_at, kind"
    )
    .bind(report_id)
    .fetch_all(e)
    .await)
    .map(|rows: Vec<(String, At, String)>| {
        rows.into_iter().map(|(k, due, basis)| (k, due.into(), basis)).collect()
    })
}

/// Report `report_id`'s deadlines as (kind, due, met), for the tracking rules.
pub async fn duties(pool: &Pool, report_id: i64) -> Result<Vec<(String, String, Option<String>)>> {
    on_db!(pool, |e| sqlx::query_as("select kind, due_at, met_at from deadline where report_id = $1")
        .bind(report_id)
        .fetch_all(e)
        .await)
    .map(|rows: Vec<(String, At, super::MaybeAt)>| {
        rows.into_iter().map(|(k, due, met)| (k, due.into(), met.into())).collect()
    })
}

/// Report `report_id`'s referrals as (agency, due), by agency.
pub async fn referrals(pool: &Pool, report_id: i64) -> Result<Vec<(String, String)>> {
    on_db!(pool, |e| sqlx::query_as(
        "select agency, due_at from referral where report_id = $1 order by agency"
    )
    .bind(report_id)
    .fetch_all(e)
    .await)
    .map(|rows: Vec<(String, At)>| rows.into_iter().map(|(agency, due)| (agency, due.into())).collect())
}

/// Report `report_id`'s assessment as (outcome, status, decision), if it has one.
pub async fn outcome(pool: &Pool, report_id: i64) -> Result<Option<(String, String, String)>> {
    on_db!(pool, |e| sqlx::query_as("select outcome, status, decision from assessment where report_id = $1")
        .bind(report_id)
        .fetch_optional(e)
        .await)
}

/// Sets report `report_id`'s allocation to the team `outcome` (`confirmed` when it is the one
/// proposed, otherwise `overridden`); `false` if the report has not been assessed.
pub async fn set_team(tx: impl Executor<'_>, report_id: i64, outcome: &str) -> Result<bool> {
    let mut tx: super::Db<'_> = tx.into();
    let updated = on_db!(&mut tx, |e| sqlx::query(
        "update assessment set status = case when outcome = $1 then 'confirmed' else 'overridden' end,
         outcome = $1 where report_id = $2",
    )
    .bind(outcome)
    .bind(report_id)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(updated == 1)
}

/// Marks report `report_id`'s open deadlines for an update (`first-update`, `update-requested`)
/// met at `now`.
pub async fn meet_update_deadlines(tx: impl Executor<'_>, report_id: i64, now: DateTime<Utc>) -> Result<()> {
    let mut tx: super::Db<'_> = tx.into();
    on_db!(&mut tx, |e| sqlx::query(
        "update deadline set met_at = $1 where report_id = $2 and met_at is null
         and kind in ('first-update', 'update-requested')",
    )
    .bind(At(now))
    .bind(report_id)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Marks report `report_id`'s deadline `kind` met at `now`, if it is open; whether it was.
pub async fn meet_deadline(
    tx: impl Executor<'_>,
    report_id: i64,
    kind: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let mut tx: super::Db<'_> = tx.into();
    let met = on_db!(&mut tx, |e| sqlx::query(
        "update deadline set met_at = $1 where report_id = $2 and kind = $3 and met_at is null"
    )
    .bind(At(now))
    .bind(report_id)
    .bind(kind)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(met == 1)
}

/// Records the referral of report `report_id` to `agency` made at `now`; `false` if there is no
/// such referral waiting.
pub async fn make_referral(
    tx: impl Executor<'_>,
    report_id: i64,
    agency: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let mut tx: super::Db<'_> = tx.into();
    let made = on_db!(&mut tx, |e| sqlx::query(
        "update referral set made_at = $1 where report_id = $2 and agency = $3 and made_at is null"
    )
    .bind(At(now))
    .bind(report_id)
    .bind(agency)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(made == 1)
}

/// Report `report_id`'s referrals as (agency, due, made), by agency.
pub async fn referral_states(pool: &Pool, report_id: i64) -> Result<Vec<(String, String, Option<String>)>> {
    on_db!(pool, |e| sqlx::query_as(
        "select agency, due_at, made_at from referral where report_id = $1 order by agency"
    )
    .bind(report_id)
    .fetch_all(e)
    .await)
    .map(|rows: Vec<(String, At, super::MaybeAt)>| {
        rows.into_iter().map(|(a, due, made)| (a, due.into(), made.into())).collect()
    })
}

/// Report `report_id`'s deadlines as (kind, due, basis, met), soonest first.
pub async fn deadline_states(
    pool: &Pool,
    report_id: i64,
) -> Result<Vec<(String, String, String, Option<String>)>> {
    on_db!(pool, |e| sqlx::query_as(
        "select kind, due_at, basis, met_at from deadline where report_id = $1 order by due_at, kind",
    )
    .bind(report_id)
    .fetch_all(e)
    .await)
    .map(|rows: Vec<(String, At, String, super::MaybeAt)>| {
        rows.into_iter().map(|(k, due, basis, met)| (k, due.into(), basis, met.into())).collect()
    })
}

/// Files report `report_id` at source with `decision` (the whole decision as JSON, its outcome
/// now filing with the reason the victim reads): `confirmed` when filing was proposed, otherwise
/// `overridden`. `false` if the report has not been assessed.
pub async fn set_filed(tx: impl Executor<'_>, report_id: i64, decision: &str) -> Result<bool> {
    let mut tx: super::Db<'_> = tx.into();
    let updated = on_db!(&mut tx, |e| {
        sqlx::query(
        "update assessment set status = case when outcome = 'filed-at-source' then 'confirmed' else 'overridden' end,
         outcome = 'filed-at-source', decision = $1 where report_id = $2",
    )
    .bind(decision)
    .bind(report_id)
    .execute(e)
    .await.map(|r| r.rows_affected())
    })?;
    Ok(updated == 1)
}

/// Report `report_id`'s assessment for staff: (status, review required, decision JSON), if any.
pub async fn for_staff(db: impl Executor<'_>, report_id: i64) -> Result<Option<(String, bool, String)>> {
    on_db!(db, |e| sqlx::query_as(
        "select status, review_required, decision from assessment where report_id = $1"
    )
    .bind(report_id)
    .fetch_optional(e)
    .await)
}

/// Replaces report `report_id`'s assessment with `assessment` (the rules run again), keeping its
/// deadlines; `false` if it had none.
pub async fn replace(tx: impl Executor<'_>, assessment: &NewAssessment<'_>) -> Result<bool> {
    let mut tx: super::Db<'_> = tx.into();
    let a = assessment;
    let updated = on_db!(&mut tx, |e| {
        sqlx::query(
        "update assessment set ruleset_version = $1, outcome = $2, status = $3, review_required = $4, priority = $5,
         decision = $6, assessed_at = $7 where report_id = $8",
    )
    .bind(a.ruleset_version)
    .bind(a.outcome)
    .bind(a.status)
    .bind(a.review_required)
    .bind(a.priority)
    .bind(a.decision)
    .bind(At(a.at))
    .bind(a.report_id)
    .execute(e)
    .await.map(|r| r.rows_affected())
    })?;
    Ok(updated == 1)
}
