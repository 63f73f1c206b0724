//! What a signed-in victim asks for from the case page, as a use case: checked, then stored in
//! one transaction (`actions::store`), or the problems to fix.

use std::net::IpAddr;

use app::pages::TrackAction;
use rules::{
    tracking,
    wizard::{check_contact, FieldError, Form},
};

use super::{
    access::{self, error},
    actions::{self, Action},
    audit::Actor,
    case,
    sessions::Session,
};
use crate::{error::AppError, state::AppState};

/// Tells the victim where to give a contact detail the report does not have.
const MISSING_DETAIL_ADVICE: &str = "Choose another way, or call 101 to give it to us";

/// What became of a request.
pub enum Asked {
    /// Stored: the case page says so.
    Done,
    /// An update was asked for while one is still open: the earlier request and its date stand.
    AlreadyAsked,
    /// Not open to this report now (a review with no decision to review): back to the case.
    NotOpen,
    /// The answers need fixing.
    Fix(Vec<FieldError>),
}

/// Checks `form` as the answers to `action` for the session's report and stores it.
pub async fn ask(
    state: &AppState,
    session: Session,
    action: TrackAction,
    form: &Form,
    client: Option<IpAddr>,
) -> Result<Asked, AppError> {
    let now = state.clock.now();
    let case = case::load(&state.pool, session.report_id).await?;
    let checked = match action {
        TrackAction::Information => tracking::check_information(form).map(Action::Send),
        TrackAction::Update => tracking::check_update_request(form).map(Action::Send),
        TrackAction::Review if !case::may_ask_for_review(&case, now) => return Ok(Asked::NotOpen),
        TrackAction::Review => tracking::check_review(form).map(Action::Send),
        TrackAction::Complaint => tracking::check_complaint(form).map(Action::Send),
        TrackAction::Contact => match &case.report {
            Some(report) => {
                check_contact(form, &report.people, MISSING_DETAIL_ADVICE).map(Action::ChangeContact)
            }
            None => Err(vec![error("channels", "Call 101 to change how we contact you")]),
        },
    };
    let checked = match checked {
        Ok(checked) => checked,
        Err(errors) => return Ok(Asked::Fix(errors)),
    };
    let repeat_update = matches!(checked, Action::Send(tracking::Message::UpdateRequest { .. }))
        && case::open_update_request(&case).is_some();
    if repeat_update {
        // Nothing new to record but the attempt.
        let actor = Actor::Session(session.id);
        access::audit(state, actor, "update-requested", Some(session.report_id), "already-open", client)
            .await?;
        return Ok(Asked::AlreadyAsked);
    }
    let client = access::client_digest(state, client).await?;
    actions::store(&state.pool, session, &checked, client, now, &state.allocator).await?;
    Ok(Asked::Done)
}
