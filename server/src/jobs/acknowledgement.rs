//! The written acknowledgement (Victims' Code Right 3): the basic details of the offence, the
//! crime reference number and how to contact the force, sent only by a channel the victim said is
//! safe. It never contains the tracking code.

use rules::wizard::CrimeType;

use super::{Dispatcher, Outcome};
use crate::{
    mail,
    store::{self, reports::AcknowledgementRow},
};

pub(super) async fn send(dispatcher: &Dispatcher, report_id: i64) -> Outcome {
    match compose(dispatcher, report_id).await {
        Ok(None) => Outcome::Done("no safe email channel: staff to acknowledge by the agreed channel".into()),
        Ok(Some(message)) => Outcome::of_mail(dispatcher.mailer.send(message).await),
        Err(e) => e.into(),
    }
}

async fn compose(
    dispatcher: &Dispatcher,
    report_id: i64,
) -> Result<Option<lettre::Message>, mail::MailError> {
    let db = |e: store::Error| {
        mail::MailError::Transient(format!(
            "database: {}",
            if store::is_query_error(&e) { "query failed" } else { "unavailable" }
        ))
    };
    let to = crate::store::people::safe_email(&dispatcher.pool, report_id).await.map_err(db)?;
    let Some(to) = to else { return Ok(None) };
    let d: AcknowledgementRow =
        store::reports::acknowledgement(&dispatcher.pool, report_id).await.map_err(db)?;
    let crime = CrimeType::from_slug(&d.crime_type).map(|c| c.label()).unwrap_or("A crime");
    let when = if d.occurred_from == d.occurred_to {
        format!("On {}", d.occurred_from)
    } else {
        format!("Between {} and {}", d.occurred_from, d.occurred_to)
    };
    let days = if d.enhanced_rights { "1 working day" } else { "5 working days" };
    let base = &dispatcher.public_base;
    let body = format!(
        "We have received your report.\n\n\
         Crime reference number: {reference}\n\
         What you reported: {crime}\n\
         When: {when}\n\
         Where: {location}\n\n\
         What happens next\n\
         We will record the crime and assess your report. We will tell you what we have decided within {days}, \
         and then keep in touch in the way you asked.\n\n\
         Check your report online: {base}/track\n\
         You need your crime reference number and the tracking code we showed you when you sent your report. \
         If you do not have the code, you can ask for a link by email on that page.\n\n\
         Your rights as a victim of crime: {base}/your-rights\n\n\
         If you have new information, or you need to contact us, call 101 and give your crime reference number. \
         In an emergency, call 999.\n\n\
         {force}\n\
         Please do not reply to this email.\n",
        reference = d.reference,
        location = d.location,
        force = dispatcher.force_name,
    );
    let subject = format!("Your crime report {} – {}", d.reference, dispatcher.force_name);
    mail::message(&dispatcher.from, &to, &subject, body).map(Some)
}
