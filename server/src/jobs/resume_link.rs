//! A one-time link to continue a saved report, by email. The email says only that there is a
//! link; the token is made here, stored only as a digest, and works once.

use chrono::{DateTime, Utc};

use super::{Dispatcher, Outcome};
use crate::{
    mail,
    report::drafts::LINK_LIFETIME,
    secrets,
    store::{self, outbox::ResumeLinkPayload},
};

pub(super) async fn send(dispatcher: &Dispatcher, link: ResumeLinkPayload, now: DateTime<Utc>) -> Outcome {
    let token = secrets::new_token();
    let stored = store::drafts::insert_link(
        &dispatcher.pool,
        &secrets::digest(&token),
        link.draft_id,
        now + LINK_LIFETIME,
    )
    .await;
    match stored {
        Ok(true) => {}
        // The draft was sent or deleted meanwhile: nothing to link to.
        Ok(false) => return Outcome::Done("draft gone".into()),
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
