//! Unfinished reports, kept server-side for the configured period and found again by the token in
//! the person's cookie, or by a resume code. Tokens and codes are stored only as digests.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rules::wizard::{Answers, Form, Step};
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;

use crate::{
    secrets,
    store::outbox::{enqueue_link_mail, Kind, LinkMail, ResumeLinkPayload},
};

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

#[derive(sqlx::FromRow)]
struct DraftRow {
    id: i64,
    answers: String,
    step_times: String,
    report_id: Option<i64>,
    receipt: Option<Vec<u8>>,
    receipt_live: bool,
}

impl TryFrom<DraftRow> for Draft {
    type Error = sqlx::Error;
    fn try_from(row: DraftRow) -> Result<Self, Self::Error> {
        let decode = |e: serde_json::Error| sqlx::Error::Decode(Box::new(e));
        Ok(Draft {
            id: row.id,
            answers: serde_json::from_str(&row.answers).map_err(decode)?,
            saved: serde_json::from_str(&row.step_times).map_err(decode)?,
            report_id: row.report_id,
            receipt: row.receipt.filter(|_| row.receipt_live),
        })
    }
}

fn ts(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Starts a draft for a new token; returns the draft.
pub async fn create(
    pool: &SqlitePool,
    token: &str,
    now: DateTime<Utc>,
    lifetime: chrono::Duration,
) -> sqlx::Result<Draft> {
    let id: i64 = sqlx::query_scalar(
        "insert into draft (token_digest, created_at, updated_at, expires_at) values (?, ?, ?, ?) returning id",
    )
    .bind(secrets::digest(token))
    .bind(ts(now))
    .bind(ts(now))
    .bind(ts(now + lifetime))
    .fetch_one(pool)
    .await?;
    Ok(Draft { id, answers: Answers::default(), saved: BTreeMap::new(), report_id: None, receipt: None })
}

/// The unexpired draft for `token`, if any.
pub async fn find(pool: &SqlitePool, token: &str, now: DateTime<Utc>) -> sqlx::Result<Option<Draft>> {
    sqlx::query_as::<_, DraftRow>(
        "select id, answers, step_times, report_id, receipt, coalesce(receipt_expires_at > ?2, 0) as receipt_live
         from draft where token_digest = ?1 and expires_at > ?2",
    )
    .bind(secrets::digest(token))
    .bind(ts(now))
    .fetch_optional(pool)
    .await?
    .map(Draft::try_from)
    .transpose()
}

/// Stores one step's answers as typed, and extends the draft's life.
pub async fn save_step(
    pool: &SqlitePool,
    draft: &mut Draft,
    step: Step,
    form: Form,
    checked: bool,
    now: DateTime<Utc>,
    lifetime: chrono::Duration,
) -> sqlx::Result<()> {
    draft.answers.forms.insert(step, form);
    draft.saved.insert(step, StepSaved { at: now, checked });
    sqlx::query("update draft set answers = ?, step_times = ?, updated_at = ?, expires_at = ? where id = ? and report_id is null")
        .bind(serde_json::to_string(&draft.answers).expect("answers serialise"))
        .bind(serde_json::to_string(&draft.saved).expect("times serialise"))
        .bind(ts(now))
        .bind(ts(now + lifetime))
        .bind(draft.id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Issues a new resume code for the draft (replacing any earlier one).
pub async fn set_resume_code(pool: &SqlitePool, draft_id: i64, code: &str) -> sqlx::Result<()> {
    sqlx::query("update draft set resume_digest = ? where id = ?")
        .bind(secrets::digest(code))
        .bind(draft_id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Finds an unsent, unexpired draft by resume code and moves it to a new token; see
/// [`take_over`]. Returns whether it was found.
pub async fn resume(
    pool: &SqlitePool,
    code: &str,
    new_token: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let mut tx = pool.begin().await?;
    let draft_id: Option<i64> = sqlx::query_scalar(
        "select id from draft where resume_digest = ? and expires_at > ? and report_id is null",
    )
    .bind(secrets::digest(code))
    .bind(ts(now))
    .fetch_optional(&mut *tx)
    .await?;
    let Some(draft_id) = draft_id else { return Ok(false) };
    let taken = take_over(&mut tx, draft_id, new_token, now).await?;
    tx.commit().await?;
    Ok(taken)
}

/// Uses a one-time link and moves its draft to a new token; see [`take_over`]. Returns whether
/// the link was valid (known, unused, unexpired, draft unsent).
pub async fn resume_by_link(
    pool: &SqlitePool,
    link_token: &str,
    new_token: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let mut tx = pool.begin().await?;
    let draft_id: Option<i64> = sqlx::query_scalar(
        "select draft_id from draft_link where token_digest = ? and used_at is null and expires_at > ?",
    )
    .bind(secrets::digest(link_token))
    .bind(ts(now))
    .fetch_optional(&mut *tx)
    .await?;
    let Some(draft_id) = draft_id else { return Ok(false) };
    let taken = take_over(&mut tx, draft_id, new_token, now).await?;
    tx.commit().await?;
    Ok(taken)
}

/// Moves the draft to `new_token` and retires every way into it issued before: the old cookie,
/// the resume code and every emailed link. Whoever resumes a draft is then the only one who can
/// read what is typed into it afterwards, so a code or link planted by someone else (who started
/// the draft to read what the victim writes) stops working for them at that moment.
async fn take_over(
    tx: &mut sqlx::SqliteConnection,
    draft_id: i64,
    new_token: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let moved = sqlx::query(
        "update draft set token_digest = ?, resume_digest = null
         where id = ? and expires_at > ? and report_id is null",
    )
    .bind(secrets::digest(new_token))
    .bind(draft_id)
    .bind(ts(now))
    .execute(&mut *tx)
    .await?;
    sqlx::query("update draft_link set used_at = ? where draft_id = ? and used_at is null")
        .bind(ts(now))
        .bind(draft_id)
        .execute(&mut *tx)
        .await?;
    Ok(moved.rows_affected() == 1)
}

/// Wipes the sealed tracking code of a sent draft, so that it is never shown again.
pub async fn forget_receipt(pool: &SqlitePool, draft_id: i64) -> sqlx::Result<()> {
    sqlx::query("update draft set receipt = null, receipt_expires_at = null where id = ?")
        .bind(draft_id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Deletes drafts past their expiry and wipes tracking codes past their showing window; returns
/// how many drafts went.
pub async fn delete_expired(pool: &SqlitePool, now: DateTime<Utc>) -> sqlx::Result<u64> {
    sqlx::query("update draft set receipt = null where receipt is not null and receipt_expires_at <= ?")
        .bind(ts(now))
        .execute(pool)
        .await?;
    let result = sqlx::query("delete from draft where expires_at <= ?").bind(ts(now)).execute(pool).await?;
    Ok(result.rows_affected())
}

/// Queues a resume link for `draft_id` to `email`, within the limits on link mails: 3 a day for
/// the draft and 3 an hour for the address, shared with links to the tracking page (see
/// [`enqueue_link_mail`]). Returns whether one was queued (never shown to the person
/// asking).
pub async fn request_resume_link(
    pool: &SqlitePool,
    draft_id: i64,
    email: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<bool> {
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
