//! The people on a report (`report_person`) and how they may be contacted (`contact_plan`,
//! `contact_channel`).

use super::{on_db, Pool};

/// The email address to write to about report `report_id`, if the person said email is safe:
/// the reporter's when someone reported for the victim, otherwise the victim's.
pub async fn safe_email(pool: &Pool, report_id: i64) -> sqlx::Result<Option<String>> {
    on_db!(pool, |e| sqlx::query_scalar(
        "select p.email from report_person p join contact_channel c on c.report_id = p.report_id
         where p.report_id = $1 and c.channel = 'email' and c.safe and p.email is not null
         order by p.role = 'reporter' desc limit 1",
    )
    .bind(report_id)
    .fetch_optional(e)
    .await)
}

/// Report `report_id`'s contact plan as (frequency, safe times), if it has one.
pub async fn contact_plan(pool: &Pool, report_id: i64) -> sqlx::Result<Option<(String, Option<String>)>> {
    on_db!(pool, |e| sqlx::query_as("select frequency, safe_times from contact_plan where report_id = $1")
        .bind(report_id)
        .fetch_optional(e)
        .await)
}

/// Report `report_id`'s ways of contact as (channel, safe).
pub async fn contact_channels(
    db: impl super::Executor<'_>,
    report_id: i64,
) -> sqlx::Result<Vec<(String, bool)>> {
    on_db!(db, |e| sqlx::query_as("select channel, safe from contact_channel where report_id = $1")
        .bind(report_id)
        .fetch_all(e)
        .await)
}

/// Replaces report `report_id`'s contact plan: how often, when it is safe, and each way of
/// contact (a slug) with whether it is safe.
pub async fn replace_contact_plan(
    tx: impl super::Executor<'_>,
    report_id: i64,
    frequency: &str,
    safe_times: Option<&str>,
    channels: &[(&str, bool)],
) -> sqlx::Result<()> {
    let mut tx: super::Db<'_> = tx.into();
    on_db!(&mut tx, |e| sqlx::query(
        "update contact_plan set frequency = $1, safe_times = $2 where report_id = $3"
    )
    .bind(frequency)
    .bind(safe_times)
    .bind(report_id)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    on_db!(&mut tx, |e| sqlx::query("delete from contact_channel where report_id = $1")
        .bind(report_id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    on_db!(&mut tx, |e, pg| sqlx::query(if pg {
        "insert into contact_channel (report_id, channel, safe)
         select $1, c ->> 0, (c ->> 1)::boolean from jsonb_array_elements($2::jsonb) c"
    } else {
        "insert into contact_channel (report_id, channel, safe)
         select $1, json_extract(value, '$[0]'), json_extract(value, '$[1]') from json_each($2)"
    })
    .bind(report_id)
    .bind(serde_json::to_string(channels).expect("serialisable"))
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}
