//! One-time links to the tracking page, by email. The outbox row names only the report; the
//! dispatcher reads the safe email address when it sends, makes the token, stores its digest and
//! sends the link. The email says only that there is a link: no case details.

use chrono::{DateTime, Utc};
use sqlx::SqlitePool;

use crate::{
    secrets,
    store::{
        outbox::{enqueue_link_mail, Kind, LinkMail},
        people::safe_email,
        ts,
    },
};

/// Queues a link for `report_id` when `email` is the address the report gave as safe to use,
/// within the limits on link mails: 3 an hour for the report, so that someone who knows the
/// reference and the address cannot flood the victim's inbox, and 3 an hour for the address,
/// shared with resume links (see [`enqueue_link_mail`]). Returns whether one was
/// queued (never shown to the person asking).
pub async fn request(
    pool: &SqlitePool,
    report_id: i64,
    email: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let Some(safe) = safe_email(pool, report_id).await? else { return Ok(false) };
    if !safe.trim().eq_ignore_ascii_case(email.trim()) {
        return Ok(false);
    }
    let mail = LinkMail {
        kind: Kind::TrackingLink,
        report_id: Some(report_id),
        draft_id: None,
        address: &safe,
        payload: "{}",
    };
    enqueue_link_mail(pool, mail, now).await
}

/// Exchanges a link's token for its report: `Some(report_id)` once, while unexpired. Every
/// other link to the report still unused is retired with it, so a link that someone else got
/// hold of (or planted) stops working once the victim is in.
pub async fn redeem(pool: &SqlitePool, token: &str, now: DateTime<Utc>) -> sqlx::Result<Option<i64>> {
    let mut tx = pool.begin().await?;
    let report_id: Option<i64> = sqlx::query_scalar(
        "update tracking_link set used_at = ? where token_digest = ? and used_at is null and expires_at > ?
         returning report_id",
    )
    .bind(ts(now))
    .bind(secrets::digest(token))
    .bind(ts(now))
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(report_id) = report_id {
        sqlx::query("update tracking_link set used_at = ? where report_id = ? and used_at is null")
            .bind(ts(now))
            .bind(report_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(report_id)
}

/// The id of the report with `reference`, if there is one.
pub async fn report_id(pool: &SqlitePool, reference: &rules::codes::Reference) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("select id from report where reference = ?")
        .bind(reference.as_str())
        .fetch_optional(pool)
        .await
}
