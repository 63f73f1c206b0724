//! The wizard's use cases: answering a page, saving to come back later, sending, and finding a
//! saved report again. No HTTP here: the server functions in `web::report_forms` turn what these
//! return into cookies, redirects and notices.

use std::net::IpAddr;

use chrono::Duration;
use rules::{
    codes::SecretCode,
    wizard::{Answers, Context, Form, NotSuitable, Step},
};

use super::{drafts, submit};
use crate::{error::AppError, secrets, state::AppState, store, web::RetryAfter};

/// The person's answers to one page, as posted.
pub struct Answer {
    pub step: Step,
    /// The page's fields as typed (the buttons' own fields taken out).
    pub form: Form,
    /// "Save and come back later" rather than "Continue".
    pub save_only: bool,
    /// Back to the check-your-answers page once this page is right.
    pub returning: bool,
    /// The draft cookie's token, if the browser sent one.
    pub token: Option<String>,
    pub client: Option<IpAddr>,
}

/// Where an answer leads.
pub enum Answered {
    /// On to this page of the wizard (the next one, or this one again to fix it).
    Page { step: Step, returning: bool },
    /// The report was sent: the confirmation page, with the draft cookie kept for `window`.
    Sent { token: String, window: Duration },
    /// Sent again (a double click, the back button): the first report stands.
    AlreadySent,
    /// The online service is not right for this person; nothing was stored.
    NotForUs(NotSuitable),
    /// The first page needs fixing and no draft exists yet: nothing was stored.
    FixFirstPage { form: Form, returning: bool },
    /// Saved to come back later: the resume code, to show once, and the last day it works.
    Saved { code: String, expires: String, step: Step },
    /// Too many new drafts from this client.
    TooMany(RetryAfter),
}

/// What `answer` did, and the draft cookie to set when a new draft was started.
pub struct Outcome {
    pub new_draft: Option<String>,
    pub then: Answered,
}

impl Outcome {
    fn to(then: Answered) -> Result<Self, AppError> {
        Ok(Self { new_draft: None, then })
    }
}

/// The wizard's context today.
pub fn context(state: &AppState) -> Context {
    Context { today: state.clock.today(), online_crime_types: state.site.online_crime_types.clone() }
}

/// The draft whose cookie token is `token`, if it is still kept.
pub async fn load(
    state: &AppState,
    token: Option<&str>,
) -> Result<Option<(String, drafts::Draft)>, AppError> {
    let Some(token) = token else { return Ok(None) };
    Ok(drafts::find(&state.pool, token, state.clock.now()).await?.map(|d| (token.to_string(), d)))
}

/// Stores the answers to one page as typed, checks them, and says where to go next. A draft is
/// started only for a first page that passes its checks; the declaration sends the report.
pub async fn answer(state: &AppState, answer: Answer) -> Result<Outcome, AppError> {
    let Answer { step, form, save_only, returning, token, client } = answer;
    // Only the page's own fields, each within its size: a draft is not free storage.
    let (form, _) = step.keep_own_fields(form);
    let ctx = context(state);
    if let Some(reason) = not_for_us(step, &form, &ctx) {
        return Outcome::to(Answered::NotForUs(reason));
    }
    let now = state.clock.now();
    let mut existing = load(state, token.as_deref()).await?;
    if let Some((_, sent)) = existing.as_ref().filter(|(_, d)| d.report_id.is_some()) {
        if step == Step::Declaration {
            return Outcome::to(Answered::AlreadySent);
        }
        // Someone starting again on the device that sent a report: the tracking code shown
        // then is gone for good, and this is a new report.
        drafts::forget_receipt(&state.pool, sent.id).await?;
        existing = None;
    }
    let answers = existing.as_ref().map(|(_, d)| d.answers.clone()).unwrap_or_default();
    if !answers.may_visit(step, &ctx) {
        return Outcome::to(Answered::Page { step: answers.first_incomplete(&ctx), returning });
    }
    let (new_draft, token, mut draft) = match existing {
        Some((token, draft)) => (None, token, draft),
        None => {
            let mut first = Answers::default();
            first.forms.insert(step, form.clone());
            if first.check(step, &ctx).is_err() {
                return Outcome::to(Answered::FixFirstPage { form, returning });
            }
            if let Err(retry) = state.limits.new_draft(client) {
                tracing::warn!("new-draft limit reached for a client");
                return Outcome::to(Answered::TooMany(retry));
            }
            let token = secrets::new_token();
            let draft = drafts::create(&state.pool, &token, now, state.draft_lifetime).await?;
            (Some(token.clone()), token, draft)
        }
    };
    drafts::save_step(&state.pool, &mut draft, step, form, !save_only, now, state.draft_lifetime).await?;
    let then = if save_only {
        saved(state, &draft, step).await?
    } else {
        next(state, &draft, &token, step, returning, &ctx).await?
    };
    Ok(Outcome { new_draft, then })
}

/// Why the first page's answers send the person elsewhere, if they do.
fn not_for_us(step: Step, form: &Form, ctx: &Context) -> Option<NotSuitable> {
    if step != Step::Suitability {
        return None;
    }
    let mut probe = Answers::default();
    probe.forms.insert(step, form.clone());
    match probe.suitability(ctx) {
        Some(Ok(Err(reason))) => Some(reason),
        _ => None,
    }
}

/// After "Continue" on a stored page: the page again to fix it, the next page, or (after the
/// declaration) the report sent.
async fn next(
    state: &AppState,
    draft: &drafts::Draft,
    token: &str,
    step: Step,
    returning: bool,
    ctx: &Context,
) -> Result<Answered, AppError> {
    if draft.answers.check(step, ctx).is_err() {
        return Ok(Answered::Page { step, returning });
    }
    if step == Step::Declaration {
        return match draft.answers.report(ctx) {
            Ok(report) => {
                let (now, window) = (state.clock.now(), state.receipt_window);
                submit::submit(&state.pool, draft, token, &report, now, ctx.today, window).await?;
                Ok(Answered::Sent { token: token.to_string(), window })
            }
            Err((step, _)) => Ok(Answered::Page { step, returning: false }),
        };
    }
    let first_incomplete = draft.answers.first_incomplete(ctx);
    let step = if returning || step.next() > Some(first_incomplete) {
        first_incomplete
    } else {
        step.next().unwrap_or(Step::Check)
    };
    Ok(Answered::Page { step, returning })
}

/// A new resume code for `draft` (any earlier one stops working), and the day it expires.
async fn saved(state: &AppState, draft: &drafts::Draft, step: Step) -> Result<Answered, AppError> {
    let code = SecretCode::generate(&mut rand::rng());
    drafts::set_resume_code(&state.pool, draft.id, code.expose()).await?;
    let expires = (state.clock.now() + state.draft_lifetime).date_naive().format("%-d %B %Y").to_string();
    Ok(Answered::Saved { code: code.expose().to_string(), expires, step })
}

/// What the confirmation page shows of a report sent from this browser.
pub struct Confirmation {
    pub reference: String,
    /// Only within the window after sending, in the browser that sent it (the draft wipes its
    /// sealed copy when the window ends).
    pub tracking_code: Option<String>,
    pub enhanced_rights: bool,
    pub acknowledgement_by_email: bool,
}

/// The report sent from the draft whose cookie token is `token`, if it was sent.
pub async fn confirmation(state: &AppState, token: Option<&str>) -> Result<Option<Confirmation>, AppError> {
    let Some((token, draft)) = load(state, token).await? else { return Ok(None) };
    let Some(report_id) = draft.report_id else { return Ok(None) };
    let (reference, enhanced_rights) = store::reports::reference_and_rights(&state.pool, report_id).await?;
    let email = store::people::safe_email(&state.pool, report_id).await?;
    Ok(Some(Confirmation {
        reference,
        tracking_code: draft.receipt.as_deref().and_then(|r| secrets::open(&token, r)),
        enhanced_rights,
        acknowledgement_by_email: email.is_some(),
    }))
}

/// "I have written it down: hide my code": wipes the sealed copy so no one can see it again.
pub async fn hide_code(state: &AppState, token: Option<&str>) -> Result<(), AppError> {
    if let Some((_, draft)) = load(state, token).await?.filter(|(_, d)| d.report_id.is_some()) {
        drafts::forget_receipt(&state.pool, draft.id).await?;
    }
    Ok(())
}

/// Continuing a saved report with its code: the new draft token, or what to tell the person.
/// A wrong code never says whether such a draft exists.
pub async fn resume(state: &AppState, typed: &str) -> Result<Result<Resumed, String>, AppError> {
    if typed.trim().is_empty() {
        return Ok(Err("Enter the code you were given when you saved your report".into()));
    }
    let Some(code) = SecretCode::parse(typed) else {
        return Ok(Err("Enter the code exactly as it was shown, like ABCD-EFGH-JKMN".into()));
    };
    let token = secrets::new_token();
    if drafts::resume(&state.pool, code.expose(), &token, state.clock.now()).await? {
        let step = resume_at(state, &token).await?;
        return Ok(Ok(Resumed { token, step }));
    }
    Ok(Err(format!(
        "We could not find a saved report with that code. Check the code, or start a new report. Saved reports are deleted after {} days",
        state.site.draft_days
    )))
}

/// Continuing a saved report with a one-time link's token: the new draft token, if the link
/// still worked (it is used up now).
pub async fn resume_by_link(state: &AppState, link: &str) -> Result<Option<Resumed>, AppError> {
    let token = secrets::new_token();
    if !drafts::resume_by_link(&state.pool, link, &token, state.clock.now()).await? {
        return Ok(None);
    }
    let step = resume_at(state, &token).await?;
    Ok(Some(Resumed { token, step }))
}

/// A saved report opened again: its draft's new cookie token, and the page to continue on.
pub struct Resumed {
    pub token: String,
    pub step: Step,
}

/// Where a resumed draft continues: the page it was saved from with "Save and come back later",
/// or, when it was last moved on from with "Continue", the first page not yet answered.
async fn resume_at(state: &AppState, token: &str) -> Result<Step, AppError> {
    let ctx = context(state);
    let Some((_, draft)) = load(state, Some(token)).await? else { return Ok(Step::Suitability) };
    let last = draft.saved.iter().max_by_key(|(_, saved)| saved.at);
    Ok(match last {
        Some((&step, saved)) if !saved.checked && draft.answers.may_visit(step, &ctx) => step,
        _ => draft.answers.first_incomplete(&ctx),
    })
}

/// "Email me a link" from the saved page: queues the link, within the limits per draft and per
/// address. Whether or not anything was queued, the person is told the same. `false` when there
/// is no unsent draft to link to.
pub async fn email_link(state: &AppState, token: Option<&str>, typed: &str) -> Result<bool, AppError> {
    let Some((_, draft)) = load(state, token).await?.filter(|(_, d)| d.report_id.is_none()) else {
        return Ok(false);
    };
    if let Ok(Some(email)) = rules::fields::email(typed) {
        drafts::request_resume_link(&state.pool, draft.id, &email, state.clock.now()).await?;
    }
    Ok(true)
}
