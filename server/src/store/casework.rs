//! What victims ask of the force and what the force decides: `victim_request` (sent from the
//! tracking page, for staff), `no_further_action` and `review_decision`.

use chrono::{DateTime, Utc};

use super::{on_db, At, Executor, Pool, Result};

/// Stores a request of `kind` (`information`, `update`, `review`, `complaint`, `contact`) for
/// report `report_id`, its `body` as JSON.
pub async fn insert_request(
    tx: impl Executor<'_>,
    report_id: i64,
    kind: &str,
    body: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut tx: super::Db<'_> = tx.into();
    on_db!(&mut tx, |e| sqlx::query(
        "insert into victim_request (report_id, kind, body, created_at) values ($1, $2, $3, $4)"
    )
    .bind(report_id)
    .bind(kind)
    .bind(body)
    .bind(At(now))
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// When a review of report `report_id` was first asked for, if it was.
pub async fn first_review_request(pool: &Pool, report_id: i64) -> Result<Option<String>> {
    on_db!(pool, |e| sqlx::query_scalar(
        "select min(created_at) from victim_request where report_id = $1 and kind = 'review'"
    )
    .bind(report_id)
    .fetch_one(e)
    .await)
    .map(|at: super::MaybeAt| at.into())
}

/// Records (or replaces) the decision to take no further action on report `report_id`.
pub async fn set_no_further_action(
    tx: impl Executor<'_>,
    report_id: i64,
    suspect_interviewed: bool,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut tx: super::Db<'_> = tx.into();
    on_db!(&mut tx, |e| {
        sqlx::query(
        "insert into no_further_action (report_id, suspect_interviewed, reason, decided_at) values ($1, $2, $3, $4)
         on conflict (report_id) do update set suspect_interviewed = excluded.suspect_interviewed,
         reason = excluded.reason, decided_at = excluded.decided_at",
    )
    .bind(report_id)
    .bind(suspect_interviewed)
    .bind(reason)
    .bind(At(now))
    .execute(e)
    .await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// The decision to take no further action on report `report_id` as (suspect interviewed,
/// reason, decided at), if there is one.
pub async fn no_further_action(pool: &Pool, report_id: i64) -> Result<Option<(bool, String, String)>> {
    on_db!(pool, |e| sqlx::query_as(
        "select suspect_interviewed, reason, decided_at from no_further_action where report_id = $1",
    )
    .bind(report_id)
    .fetch_optional(e)
    .await)
    .map(|row: Option<(bool, String, At)>| {
        row.map(|(interviewed, reason, at)| (interviewed, reason, at.into()))
    })
}

/// Records a decision on report `report_id`'s request for a review, by `account` (none: an
/// operator's command): `upheld` when the decision was changed.
pub async fn record_review_decision(
    tx: impl Executor<'_>,
    report_id: i64,
    upheld: bool,
    account: Option<i64>,
    now: DateTime<Utc>,
) -> Result<()> {
    on_db!(tx, |e| sqlx::query(
        "insert into review_decision (report_id, upheld, decided_at, decided_by) values ($1, $2, $3, $4)",
    )
    .bind(report_id)
    .bind(upheld)
    .bind(At(now))
    .bind(account)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Withdraws the decision to take no further action on report `report_id` (a review upheld).
pub async fn withdraw_no_further_action(tx: impl Executor<'_>, report_id: i64) -> Result<()> {
    let mut tx: super::Db<'_> = tx.into();
    on_db!(&mut tx, |e| sqlx::query("delete from no_further_action where report_id = $1")
        .bind(report_id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}
