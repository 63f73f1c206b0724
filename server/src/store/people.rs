//! The people on a report (`report_person`) and how they may be contacted (`contact_channel`).

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
