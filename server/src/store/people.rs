//! The people on a report (`report_person`) and how they may be contacted (`contact_plan`,
//! `contact_channel`).

/// The email address to write to about report `report_id`, if the person said email is safe:
/// the reporter's when someone reported for the victim, otherwise the victim's.
pub async fn safe_email(pool: &sqlx::SqlitePool, report_id: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "select p.email from report_person p join contact_channel c on c.report_id = p.report_id
         where p.report_id = ? and c.channel = 'email' and c.safe = 1 and p.email is not null
         order by p.role = 'reporter' desc limit 1",
    )
    .bind(report_id)
    .fetch_optional(pool)
    .await
}

/// Report `report_id`'s contact plan as (frequency, safe times), if it has one.
pub async fn contact_plan(
    pool: &sqlx::SqlitePool,
    report_id: i64,
) -> sqlx::Result<Option<(String, Option<String>)>> {
    sqlx::query_as("select frequency, safe_times from contact_plan where report_id = ?")
        .bind(report_id)
        .fetch_optional(pool)
        .await
}

/// Report `report_id`'s ways of contact as (channel, safe).
pub async fn contact_channels(
    db: impl super::Executor<'_>,
    report_id: i64,
) -> sqlx::Result<Vec<(String, bool)>> {
    sqlx::query_as("select channel, safe from contact_channel where report_id = ?")
        .bind(report_id)
        .fetch_all(db)
        .await
}

/// Replaces report `report_id`'s contact plan: how often, when it is safe, and each way of
/// contact (a slug) with whether it is safe.
pub async fn replace_contact_plan(
    tx: &mut sqlx::SqliteConnection,
    report_id: i64,
    frequency: &str,
    safe_times: Option<&str>,
    channels: &[(&str, bool)],
) -> sqlx::Result<()> {
    sqlx::query("update contact_plan set frequency = ?, safe_times = ? where report_id = ?")
        .bind(frequency)
        .bind(safe_times)
        .bind(report_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("delete from contact_channel where report_id = ?").bind(report_id).execute(&mut *tx).await?;
    sqlx::query(
        "insert into contact_channel (report_id, channel, safe)
         select ?, json_extract(value, '$[0]'), json_extract(value, '$[1]') from json_each(?)",
    )
    .bind(report_id)
    .bind(serde_json::to_string(channels).expect("serialisable"))
    .execute(&mut *tx)
    .await?;
    Ok(())
}
