//! One-time links to the tracking page, by email. The outbox row names only the report; the
//! dispatcher reads the safe email address when it sends, makes the token, stores its digest and
//! sends the link. The email says only that there is a link: no case details.

use crate::{
    secrets,
    store::{
        self,
        outbox::{enqueue_link_mail, Kind, LinkMail},
        people::safe_email,
        Pool,
    },
};
use chrono::{DateTime, Utc};

/// Queues a link for `report_id` when `email` is the address the report gave as safe to use,
/// within the limits on link mails: 3 an hour for the report, so that someone who knows the
/// reference and the address cannot flood the victim's inbox, and 3 an hour for the address,
/// shared with resume links (see [`enqueue_link_mail`]). Returns whether one was
/// queued (never shown to the person asking).
pub async fn request(pool: &Pool, report_id: i64, email: &str, now: DateTime<Utc>) -> store::Result<bool> {
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
pub async fn redeem(pool: &Pool, token: &str, now: DateTime<Utc>) -> store::Result<Option<i64>> {
    store::tracking::redeem_link(pool, &secrets::digest(token), now).await
}

/// The id of the report with `reference`, if there is one.
pub async fn report_id(pool: &Pool, reference: &rules::codes::Reference) -> store::Result<Option<i64>> {
    store::reports::id_by_reference(pool, reference.as_str()).await
}
