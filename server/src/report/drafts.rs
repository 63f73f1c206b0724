//! Unfinished reports, kept server-side for the configured period and found again by the token in
//! the person's cookie, or by a resume code. Tokens and codes are stored only as digests.

use std::collections::BTreeMap;

use crate::{
    secrets,
    store::{
        self,
        drafts::DraftRow,
        outbox::{enqueue_link_mail, Kind, LinkMail, ResumeLinkPayload},
        Pool,
    },
};
use chrono::{DateTime, Utc};
use rules::wizard::{Answers, Form, Step};
use serde::{Deserialize, Serialize};

/// How long an emailed link to continue a saved report works.
pub const LINK_LIFETIME: chrono::Duration = chrono::Duration::hours(24);

/// When a step was last saved, and whether the person asked for it to be checked ("Continue")
/// rather than only kept ("Save and come back later").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepSaved {
    pub at: DateTime<Utc>,
    pub checked: bool,
}

/// A draft as loaded for one request.
#[derive(Clone, Debug)]
pub struct Draft {
    pub id: i64,
    pub answers: Answers,
    pub saved: BTreeMap<Step, StepSaved>,
    pub report_id: Option<i64>,
    /// The tracking code sealed with the cookie's token, while it may still be shown.
    pub receipt: Option<Vec<u8>>,
}

impl TryFrom<DraftRow> for Draft {
    type Error = store::Error;
    fn try_from(row: DraftRow) -> Result<Self, Self::Error> {
        let mut answers: Answers = serde_json::from_str(&row.answers).map_err(store::decode_error)?;
        // A draft saved when the date and place were asked with the account.
        answers.onto_their_pages();
        Ok(Draft {
            id: row.id,
            answers,
            saved: serde_json::from_str(&row.step_times).map_err(store::decode_error)?,
            report_id: row.report_id,
            receipt: row.receipt.filter(|_| row.receipt_live),
        })
    }
}

/// Starts a draft for a new token; returns the draft.
pub async fn create(
    pool: &Pool,
    token: &str,
    now: DateTime<Utc>,
    lifetime: chrono::Duration,
) -> store::Result<Draft> {
    let id = store::drafts::create(pool, &secrets::digest(token), now, now + lifetime).await?;
    Ok(Draft { id, answers: Answers::default(), saved: BTreeMap::new(), report_id: None, receipt: None })
}

/// The unexpired draft for `token`, if any.
pub async fn find(pool: &Pool, token: &str, now: DateTime<Utc>) -> store::Result<Option<Draft>> {
    store::drafts::find(pool, &secrets::digest(token), now).await?.map(Draft::try_from).transpose()
}

/// Stores one step's answers as typed, and extends the draft's life.
pub async fn save_step(
    pool: &Pool,
    draft: &mut Draft,
    step: Step,
    form: Form,
    checked: bool,
    now: DateTime<Utc>,
    lifetime: chrono::Duration,
) -> store::Result<()> {
    draft.answers.forms.insert(step, form);
    draft.saved.insert(step, StepSaved { at: now, checked });
    let answers = serde_json::to_string(&draft.answers).expect("answers serialise");
    let times = serde_json::to_string(&draft.saved).expect("times serialise");
    store::drafts::save_answers(pool, draft.id, &answers, &times, now, now + lifetime).await
}

/// Issues a new resume code for the draft (replacing any earlier one).
pub async fn set_resume_code(pool: &Pool, draft_id: i64, code: &str) -> store::Result<()> {
    store::drafts::set_resume_digest(pool, draft_id, &secrets::digest(code)).await
}

/// Finds an unsent, unexpired draft by resume code and moves it to a new token, retiring every
/// way into it issued before (see [`resume_by_link`]). Returns whether it was found.
pub async fn resume(pool: &Pool, code: &str, new_token: &str, now: DateTime<Utc>) -> store::Result<bool> {
    store::drafts::resume_by_code(pool, &secrets::digest(code), &secrets::digest(new_token), now).await
}

/// Uses a one-time link and moves its draft to a new token. Returns whether the link was valid
/// (known, unused, unexpired, draft unsent).
///
/// Moving a draft retires every way into it issued before: the old cookie, the resume code and
/// every emailed link. Whoever resumes a draft is then the only one who can read what is typed
/// into it afterwards, so a code or link planted by someone else (who started the draft to read
/// what the victim writes) stops working for them at that moment.
pub async fn resume_by_link(
    pool: &Pool,
    link_token: &str,
    new_token: &str,
    now: DateTime<Utc>,
) -> store::Result<bool> {
    store::drafts::resume_by_link(pool, &secrets::digest(link_token), &secrets::digest(new_token), now).await
}

/// Wipes the sealed tracking code of a sent draft, so that it is never shown again.
pub async fn forget_receipt(pool: &Pool, draft_id: i64) -> store::Result<()> {
    store::drafts::forget_receipt(pool, draft_id).await
}

/// Deletes drafts past their expiry and wipes tracking codes past their showing window; returns
/// how many drafts went.
pub async fn delete_expired(pool: &Pool, now: DateTime<Utc>) -> store::Result<u64> {
    store::drafts::delete_expired(pool, now).await
}

/// Queues a resume link for `draft_id` to `email`, within the limits on link mails: 3 a day for
/// the draft and 3 an hour for the address, shared with links to the tracking page (see
/// [`enqueue_link_mail`]). Returns whether one was queued (never shown to the person
/// asking).
pub async fn request_resume_link(
    pool: &Pool,
    draft_id: i64,
    email: &str,
    now: DateTime<Utc>,
) -> store::Result<bool> {
    let payload =
        serde_json::to_string(&ResumeLinkPayload { draft_id, email: email.into() }).expect("serialisable");
    let mail = LinkMail {
        kind: Kind::ResumeLink,
        report_id: None,
        draft_id: Some(draft_id),
        address: email,
        payload: &payload,
    };
    enqueue_link_mail(pool, mail, now).await
}
