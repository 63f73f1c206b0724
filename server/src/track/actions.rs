//! What a victim does from the case page, each stored in one transaction: the victim's words as
//! a request for staff, a victim-visible event, any deadline it starts, and the audit line.

use super::{
    audit::{self, Actor, Entry},
    sessions::Session,
};
use crate::{
    allocation::Allocator,
    store::{self, assessment::NewDeadline, Pool},
};
use chrono::{DateTime, Utc};
use rules::{
    deadlines::{self, Deadline},
    tracking::Message,
    wizard::ContactPlan,
};

/// What to store.
pub enum Action {
    Send(Message),
    ChangeContact(ContactPlan),
}

impl Action {
    fn kind(&self) -> &'static str {
        match self {
            Action::Send(Message::Information { .. }) => "information",
            Action::Send(Message::UpdateRequest { .. }) => "update",
            Action::Send(Message::Review { .. }) => "review",
            Action::Send(Message::Complaint { .. }) => "complaint",
            Action::ChangeContact(_) => "contact",
        }
    }

    /// The victim-visible event: its kind and words.
    fn event(&self, deadlines: &[Deadline]) -> (&'static str, String) {
        let due = |i: usize| deadlines.get(i).map(|d| super::case::due_day(d.due)).unwrap_or_default();
        match self {
            Action::Send(Message::Information { .. }) => (
                "information-added",
                "We have added it to your report. Whoever is dealing with your report will read it.".into(),
            ),
            Action::Send(Message::UpdateRequest { .. }) => {
                ("update-requested", format!("We will answer by {}.", due(0)))
            }
            Action::Send(Message::Review { .. }) => (
                "review-requested",
                format!(
                    "We will confirm we have your request by {} and tell you the result by {}.",
                    due(0),
                    due(1)
                ),
            ),
            Action::Send(Message::Complaint { .. }) => (
                "complaint",
                "We will look into your complaint and contact you about it in the way you agreed with us."
                    .into(),
            ),
            Action::ChangeContact(_) => {
                ("contact-changed", "We will contact you in the new way you chose.".into())
            }
        }
    }
}

/// Stores `action` for the session's report at `now`.
pub async fn store(
    pool: &Pool,
    session: Session,
    action: &Action,
    client: Option<audit::ClientDigest>,
    now: DateTime<Utc>,
    allocator: &Allocator,
) -> store::Result<()> {
    let (periods, calendar) = (&allocator.rules.deadlines, &allocator.calendar);
    let deadlines: Vec<Deadline> = match action {
        Action::Send(Message::UpdateRequest { .. }) => {
            vec![deadlines::update_requested(now, periods, calendar)]
        }
        Action::Send(Message::Review { .. }) => deadlines::vrr_deadlines(now, periods, calendar).to_vec(),
        _ => Vec::new(),
    };
    let body = match action {
        Action::Send(message) => serde_json::to_string(message),
        Action::ChangeContact(plan) => serde_json::to_string(plan),
    }
    .map_err(store::encode_error)?;
    let report_id = session.report_id;
    let mut tx = store::begin(pool).await?;
    store::casework::insert_request(&mut tx, report_id, action.kind(), &body, now).await?;
    for d in &deadlines {
        let deadline = NewDeadline { kind: d.kind.slug(), due: d.due, basis: &d.basis, referral_to: None };
        store::assessment::upsert_deadline(&mut tx, report_id, &deadline).await?;
    }
    if let Action::ChangeContact(plan) = action {
        let channels: Vec<(&str, bool)> = plan.channels.iter().map(|(c, safe)| (c.slug(), *safe)).collect();
        let (frequency, safe_times) = (plan.frequency.slug(), plan.safe_times.as_deref());
        store::people::replace_contact_plan(&mut tx, report_id, frequency, safe_times, &channels).await?;
    }
    // Information sent while a question from staff is open answers it: the report is back in
    // the queue.
    if let Action::Send(Message::Information { .. }) = action {
        store::queue::close_questions(&mut tx, report_id, "answered", now).await?;
    }
    let (kind, message) = action.event(&deadlines);
    store::events::victim_event(&mut tx, report_id, kind, &message, now).await?;
    let entry = Entry {
        actor: Actor::Session(session.id),
        action: kind,
        report_id: Some(report_id),
        outcome: "stored",
        client,
        reason: None,
    };
    audit::record(&mut tx, entry, now).await?;
    store::queue::refresh(&mut tx, report_id, now).await?;
    tx.commit().await?;
    Ok(())
}
