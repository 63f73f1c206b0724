//! A one-time link to the tracking page, by email. The outbox row names only the report; the link
//! is made when it is sent, to the address the report gave as safe, and stored only as a digest.
//! The email says only that there is a link: no case details.

use chrono::{DateTime, Utc};

use super::{Dispatcher, Outcome};
use crate::{
    secrets,
    store::{self, people::safe_email},
};

/// The dispatcher's side: make the link and email it.
pub(super) async fn send(dispatcher: &Dispatcher, report_id: i64, now: DateTime<Utc>) -> Outcome {
    let email = match safe_email(&dispatcher.pool, report_id).await {
        Ok(Some(email)) => email,
        Ok(None) => return Outcome::Done("no safe email".into()),
        Err(_) => return Outcome::Retry("database unavailable".into()),
    };
    let token = secrets::new_token();
    let lifetime = dispatcher.tracking_link_lifetime;
    let stored =
        store::tracking::insert_link(&dispatcher.pool, &secrets::digest(&token), report_id, now + lifetime)
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
