//! A one-time link to continue a saved report, by email. The email says only that there is a
//! link; the token is made here, stored only as a digest, and works once.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Dispatcher, Kind, LinkMail, Outcome};
use crate::{mail, report::submit::ts, secrets};

/// How long a link works.
pub const LINK_LIFETIME: chrono::Duration = chrono::Duration::hours(24);

/// The outbox payload.
#[derive(Serialize, Deserialize)]
pub struct ResumeLink {
    pub draft_id: i64,
    pub email: String,
}

/// Queues a resume link for `draft_id` to `email`, within the limits on link mails: 3 a day for
/// the draft and 3 an hour for the address, shared with links to the tracking page (see
/// [`super::enqueue_link_mail`]). Returns whether one was queued (never shown to the person
/// asking).
pub async fn request(
    pool: &sqlx::SqlitePool,
    draft_id: i64,
    email: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let payload = serde_json::to_string(&ResumeLink { draft_id, email: email.into() }).expect("serialisable");
    let mail = LinkMail {
        kind: Kind::ResumeLink,
        report_id: None,
        draft_id: Some(draft_id),
        address: email,
        payload: &payload,
    };
    super::enqueue_link_mail(pool, mail, now).await
}

pub(super) async fn send(dispatcher: &Dispatcher, payload: &str, now: DateTime<Utc>) -> Outcome {
    let Ok(link) = serde_json::from_str::<ResumeLink>(payload) else {
        return Outcome::Done("unreadable payload".into());
    };
    let token = secrets::new_token();
    let stored = sqlx::query("insert into draft_link (token_digest, draft_id, expires_at) values (?, ?, ?)")
        .bind(secrets::digest(&token))
        .bind(link.draft_id)
        .bind(ts(now + LINK_LIFETIME))
        .execute(&dispatcher.pool)
        .await;
    match stored {
        Ok(_) => {}
        // The draft was sent or deleted meanwhile: nothing to link to.
        Err(sqlx::Error::Database(e)) if e.is_foreign_key_violation() => {
            return Outcome::Done("draft gone".into())
        }
        Err(_) => return Outcome::Retry("database unavailable".into()),
    }
    let body = format!(
        "You asked us to email you a link to continue your crime report.\n\n\
         Continue your report: {base}/report/resume/{token}\n\n\
         The link works once, for 24 hours. If you did not ask for it, you can ignore this email.\n\n\
         {force}\nPlease do not reply to this email.\n",
        base = dispatcher.public_base,
        force = dispatcher.force_name,
    );
    match mail::message(&dispatcher.from, &link.email, "Continue your crime report", body) {
        Ok(message) => Outcome::of_mail(dispatcher.mailer.send(message).await),
        Err(unusable) => unusable.into(),
    }
}
