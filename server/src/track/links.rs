//! One-time links to the tracking page, by email. The outbox row names only the report; the
//! dispatcher reads the safe email address when it sends, makes the token, stores its digest and
//! sends the link. The email says only that there is a link: no case details.

use chrono::{DateTime, Utc};
use sqlx::SqlitePool;

use crate::{
    outbox::{enqueue_link_mail, Dispatcher, Kind, LinkMail, Outcome},
    report::{safe_email, submit::ts},
    secrets,
};

/// Queues a link for `report_id` when `email` is the address the report gave as safe to use,
/// within the limits on link mails: 3 an hour for the report, so that someone who knows the
/// reference and the address cannot flood the victim's inbox, and 3 an hour for the address,
/// shared with resume links (see [`crate::outbox::enqueue_link_mail`]). Returns whether one was
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

/// The dispatcher's side: make the link and email it.
pub async fn send(dispatcher: &Dispatcher, report_id: Option<i64>, now: DateTime<Utc>) -> Outcome {
    let Some(report_id) = report_id else { return Outcome::Done("no report".into()) };
    let email = match safe_email(&dispatcher.pool, report_id).await {
        Ok(Some(email)) => email,
        Ok(None) => return Outcome::Done("no safe email".into()),
        Err(_) => return Outcome::Retry("database unavailable".into()),
    };
    let token = secrets::new_token();
    let lifetime = dispatcher.tracking_link_lifetime;
    let stored =
        sqlx::query("insert into tracking_link (token_digest, report_id, expires_at) values (?, ?, ?)")
            .bind(secrets::digest(&token))
            .bind(report_id)
            .bind(ts(now + lifetime))
            .execute(&dispatcher.pool)
            .await;
    if stored.is_err() {
        return Outcome::Retry("database unavailable".into());
    }
    let works_for =
        rules::tracking::minutes_in_words(lifetime.num_minutes().clamp(0, u32::MAX.into()) as u32);
    let body = format!(
        "You asked us for a link to check your crime report online.\n\n\
         Open your report: {base}/track/link/{token}\n\n\
         The link works once, for {works_for}. If it has expired, you can ask for another one, or use \
         your reference number and tracking code.\n\n\
         If you did not ask for this link, you can ignore this email.\n\n\
         {force}\nPlease do not reply to this email.\n",
        base = dispatcher.public_base,
        force = dispatcher.force_name,
    );
    match crate::mail::message(&dispatcher.from, &email, "A link to check your report", body) {
        Ok(message) => Outcome::of_mail(dispatcher.mailer.send(message).await),
        Err(unusable) => unusable.into(),
    }
}
