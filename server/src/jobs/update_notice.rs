//! "There is an update on your report": sent when the force changes the case, only by email the
//! victim said is safe. It says nothing about the case — not even the reference — because someone
//! else may read the victim's email; the victim reads the update on the tracking page.

use super::{Dispatcher, Outcome};
use crate::{mail, store::people::safe_email};

pub(super) async fn send(dispatcher: &Dispatcher, report_id: i64) -> Outcome {
    let to = match safe_email(&dispatcher.pool, report_id).await {
        Ok(Some(to)) => to,
        Ok(None) => {
            return Outcome::Done(
                "no safe email channel: staff to tell the victim by the agreed channel".into(),
            )
        }
        Err(_) => return Outcome::Retry("database unavailable".into()),
    };
    let body = format!(
        "There is an update on your crime report.\n\n\
         To read it, go to {base}/track and enter your crime reference number and tracking code, \
         or ask for a link by email on that page.\n\n\
         For your safety, this email does not include any details of your report.\n\n\
         {force}\nPlease do not reply to this email.\n",
        base = dispatcher.public_base,
        force = dispatcher.force_name,
    );
    match mail::message(&dispatcher.from, &to, "An update on your crime report", body) {
        Ok(message) => Outcome::of_mail(dispatcher.mailer.send(message).await),
        Err(unusable) => unusable.into(),
    }
}
