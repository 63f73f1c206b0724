//! The report's timeline (`status_event`).

use super::{on_db, At, Executor};

/// Adds an event the victim sees on the tracking page's timeline.
pub async fn victim_event<'e, E>(
    executor: E,
    report_id: i64,
    kind: &str,
    message: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> sqlx::Result<()>
where
    E: Executor<'e>,
{
    on_db!(executor, |e| {
        sqlx::query(
        "insert into status_event (report_id, kind, message, visible_to_victim, at) values ($1, $2, $3, true, $4)",
    )
    .bind(report_id)
    .bind(kind)
    .bind(message)
    .bind(At(now))
    .execute(e)
    .await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Adds an event only staff see on the case (a refused mail, say).
pub async fn staff_event<'e, E>(
    executor: E,
    report_id: i64,
    kind: &str,
    message: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> sqlx::Result<()>
where
    E: Executor<'e>,
{
    on_db!(executor, |e| {
        sqlx::query(
        "insert into status_event (report_id, kind, message, visible_to_victim, at) values ($1, $2, $3, false, $4)",
    )
    .bind(report_id)
    .bind(kind)
    .bind(message)
    .bind(At(now))
    .execute(e)
    .await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Report `report_id`'s victim-visible events as (kind, message, at), oldest first.
pub async fn victim_timeline(
    pool: &super::Pool,
    report_id: i64,
) -> sqlx::Result<Vec<(String, String, String)>> {
    on_db!(pool, |e| {
        sqlx::query_as(
        "select kind, message, at from status_event where report_id = $1 and visible_to_victim order by at, id",
    )
    .bind(report_id)
    .fetch_all(e)
    .await
    })
    .map(|rows: Vec<(String, String, super::At)>| rows.into_iter().map(|(k, m, at)| (k, m, at.into())).collect())
}

/// Report `report_id`'s whole timeline as (kind, message, visible to the victim, at), newest
/// first: what staff see.
pub async fn full_timeline(
    pool: &super::Pool,
    report_id: i64,
) -> sqlx::Result<Vec<(String, String, bool, String)>> {
    on_db!(pool, |e| {
        sqlx::query_as(
        "select kind, message, visible_to_victim, at from status_event where report_id = $1 order by at desc, id desc",
    )
    .bind(report_id)
    .fetch_all(e)
    .await
    })
    .map(|rows: Vec<(String, String, bool, super::At)>| rows.into_iter().map(|(k, m, v, at)| (k, m, v, at.into())).collect())
}
