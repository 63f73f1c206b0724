//! The invitation to the satisfaction survey, by email, only to an address the victim said is
//! safe. The outbox row names only the report; the link is made when it is sent and stored only
//! as a digest (sent again, a new link replaces the old one). The email says only that the force
//! would like to know how it did with a report made online: no reference, no crime, no names,
//! nothing about the report, because someone else may read the victim's email.

use chrono::{DateTime, Utc};

use super::{Dispatcher, Outcome};
use crate::{
    mail, secrets,
    store::{self, people::safe_email},
};

/// The dispatcher's side: make the link and email it.
pub(super) async fn send(dispatcher: &Dispatcher, report_id: i64, now: DateTime<Utc>) -> Outcome {
    let to = match safe_email(&dispatcher.pool, report_id).await {
        Ok(Some(to)) => to,
        Ok(None) => return Outcome::Done("no safe email: survey not sent".into()),
        Err(_) => return Outcome::Retry("database unavailable".into()),
    };
    let token = secrets::new_token();
    let renewed = store::survey::renew_link(&dispatcher.pool, report_id, &secrets::digest(&token), now).await;
    let (invited, expires) = match renewed {
        Ok(Some(times)) => times,
        Ok(None) => return Outcome::Done("survey answered or expired: not sent".into()),
        Err(_) => return Outcome::Retry("database unavailable".into()),
    };
    let message =
        mail::message(&dispatcher.from, &to, "How did we do?", body(dispatcher, &token, invited, expires));
    match message {
        Ok(message) => Outcome::of_mail(dispatcher.mailer.send(message).await),
        Err(unusable) => unusable.into(),
    }
}

/// The email: the link, how long it works, and nothing about the report.
fn body(dispatcher: &Dispatcher, token: &str, invited: DateTime<Utc>, expires: DateTime<Utc>) -> String {
    let days = match (expires - invited).num_days().max(1) {
        1 => "1 day".to_string(),
        n => format!("{n} days"),
    };
    let until = rules::compliance::uk_date(expires).format("%-d %B %Y");
    format!(
        "You reported a crime to us online. We would like to know how we did.\n\n\
         Answer 4 short questions: {base}/survey/{token}\n\n\
         It takes about 2 minutes and is optional. Your answers are not shown to the officers dealing \
         with your report: we only count them together with everyone else's.\n\n\
         The link works once, for {days} (until {until}).\n\n\
         For your safety, this email does not include any details of your report.\n\n\
         {force}\nPlease do not reply to this email.\n",
        base = dispatcher.public_base,
        force = dispatcher.force_name,
    )
}
