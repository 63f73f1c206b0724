//! Changes to a case made by the force, from the staff workspace or an operator's command: each
//! in one transaction with the victim-visible event, the Victims' Code deadline it meets or sets,
//! the audit line (with the reason given), the notice to the victim through their safe channel,
//! an updated records export and the case's queue row. Whether the change is open to this person
//! in this state is the rules' call ([`rules::staff::allowed`]), checked here whatever the page
//! offered.

use crate::{
    staff::StaffSession,
    store::{self, outbox::Kind, Pool},
    track::audit::{self, Actor, Entry},
};
use chrono::{DateTime, Utc};
use rules::{
    allocation::{Decision, Outcome, Team},
    staff::{allowed, CaseFacts, CaseState, Refusal, Role, StaffDecision},
    wizard::{Agency, Channel, CrimeType},
};
use serde_json::json;

/// A change to a case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Take the report: it shows as yours in the queue.
    Claim,
    /// Give it back to the queue.
    Release,
    /// Give it to another member of staff (by account id).
    Reassign(i64),
    /// The crime is recorded (Right 2).
    ConfirmRecorded,
    /// Accept or change the allocation: the team investigates.
    Allocate(Team),
    /// Record the crime as another type: the allocation rules run again on the report.
    CrimeType(CrimeType),
    /// The victim was told we have their report by `Channel` (one they marked safe).
    Acknowledged(Channel),
    /// File at source, with the reason the victim reads.
    FileAtSource { victim_reason: String },
    /// Ask the victim for more information; the report waits until `due`.
    ReturnToVictim { question: String, due: DateTime<Utc> },
    /// A referral the victim agreed to has been made.
    RecordReferral(Agency),
    /// An update for the victim, in words they will see.
    Update(String),
    /// The investigation ends; a victim may ask for a review when a suspect was interviewed.
    NoFurtherAction { suspect_interviewed: bool, reason: String },
    /// The answer to a victim's request (by its id), in words they will see.
    AnswerRequest { id: i64, answer: String },
    /// The decision on a victim's request for a review, with the reason they read.
    DecideReview { upheld: bool, reason: String },
}

impl Change {
    fn decision(&self) -> StaffDecision {
        match self {
            Change::Claim => StaffDecision::Claim,
            Change::Release => StaffDecision::Release,
            Change::Reassign(_) => StaffDecision::Reassign,
            Change::ConfirmRecorded => StaffDecision::ConfirmRecorded,
            Change::Allocate(_) => StaffDecision::Allocate,
            Change::CrimeType(_) => StaffDecision::ChangeCrimeType,
            Change::Acknowledged(_) => StaffDecision::RecordAcknowledgement,
            Change::FileAtSource { .. } => StaffDecision::FileAtSource,
            Change::ReturnToVictim { .. } => StaffDecision::ReturnToVictim,
            Change::RecordReferral(_) => StaffDecision::RecordReferral,
            Change::Update(_) => StaffDecision::PostUpdate,
            Change::NoFurtherAction { .. } => StaffDecision::NoFurtherAction,
            Change::AnswerRequest { .. } => StaffDecision::AnswerRequest,
            Change::DecideReview { .. } => StaffDecision::DecideReview,
        }
    }

    /// Whether it is a person's review of the report (for the time from receipt to first
    /// review): every decision but taking the report, giving it back or giving it to someone else.
    fn is_review(&self) -> bool {
        !matches!(self, Change::Claim | Change::Release | Change::Reassign(_))
    }

    /// The audit log's word for it.
    fn action(&self) -> &'static str {
        match self {
            Change::Claim => "claim",
            Change::Release => "release",
            Change::Reassign(_) => "reassign",
            Change::ConfirmRecorded => "confirm-recorded",
            Change::Allocate(_) => "allocate",
            Change::CrimeType(_) => "change-crime-type",
            Change::Acknowledged(_) => "record-acknowledgement",
            Change::FileAtSource { .. } => "file-at-source",
            Change::ReturnToVictim { .. } => "return-to-victim",
            Change::RecordReferral(_) => "record-referral",
            Change::Update(_) => "update",
            Change::NoFurtherAction { .. } => "no-further-action",
            Change::AnswerRequest { .. } => "answer-request",
            Change::DecideReview { .. } => "decide-review",
        }
    }
}

/// Who makes the change.
#[derive(Clone, Copy, Debug)]
pub enum By<'a> {
    /// A command on the server (`portal report …`), by the operator's name. Operators act with a
    /// supervisor's permissions and hold no claims.
    Operator(&'a str),
    Staff(&'a StaffSession),
}

impl<'a> By<'a> {
    fn role(self) -> Role {
        match self {
            By::Operator(_) => Role::Supervisor,
            By::Staff(session) => session.role,
        }
    }

    fn account(self) -> Option<i64> {
        match self {
            By::Operator(_) => None,
            By::Staff(session) => Some(session.account_id),
        }
    }

    fn actor(self) -> Actor<'a> {
        match self {
            By::Operator(name) => Actor::Operator(name),
            By::Staff(session) => Actor::Staff(session.account_id),
        }
    }
}

/// Why a change could not be made.
#[derive(Debug, thiserror::Error)]
pub enum CaseworkError {
    #[error("no report has that reference")]
    NoSuchReport,
    #[error("{0}")]
    Refused(#[from] Refusal),
    #[error("{1}")]
    Fix(&'static str, &'static str),
    #[error("that request has been answered already")]
    AlreadyAnswered,
    #[error("there is no referral to that service waiting")]
    NoSuchReferral,
    #[error("database: {0}")]
    Database(#[from] store::Error),
}

impl CaseworkError {
    /// The form field a problem is about, when the person can fix it there.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            CaseworkError::Fix(field, _) => Some(field),
            _ => None,
        }
    }
}

/// Makes `change` to the report with `reference`, audited as done by `operator` (the operator
/// commands).
pub async fn apply(
    pool: &Pool,
    operator: &str,
    reference: &str,
    change: &Change,
    now: DateTime<Utc>,
) -> Result<(), CaseworkError> {
    apply_as(pool, By::Operator(operator), reference, change, None, None, now).await
}

fn words(text: &str, field: &'static str, message: &'static str) -> Result<String, CaseworkError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(CaseworkError::Fix(field, message));
    }
    if text.chars().count() > 2000 {
        return Err(CaseworkError::Fix(field, "Keep it to 2000 characters or fewer"));
    }
    Ok(text.to_string())
}

/// Makes `change` to the report with `reference` as `by`, with `reason` (why, in their words:
/// required to override an allocation) for the audit log. `allocator` runs the allocation rules
/// again when the crime type changes.
pub async fn apply_as(
    pool: &Pool,
    by: By<'_>,
    reference: &str,
    change: &Change,
    reason: Option<&str>,
    allocator: Option<&crate::allocation::Allocator>,
    now: DateTime<Utc>,
) -> Result<(), CaseworkError> {
    // It reads before it writes: holding the write lock from the start keeps a concurrent writer
    // (the server's dispatcher, say) from invalidating what was read (SQLITE_BUSY_SNAPSHOT).
    let mut conn = pool.acquire().await?;
    let mut tx = store::begin_write(&mut conn).await?;
    let report_id =
        store::reports::id_by_reference(&mut tx, reference).await?.ok_or(CaseworkError::NoSuchReport)?;
    let row = store::queue::row(&mut tx, report_id).await?.ok_or(CaseworkError::NoSuchReport)?;
    let assessment = store::assessment::for_staff(&mut tx, report_id).await?;
    let decided_by = store::queue::decided_by(&mut tx, report_id).await?;
    let review_open = store::queue::requests_of_kind_open(&mut tx, report_id, "review").await?;
    let me = by.account();
    let facts = CaseFacts {
        state: CaseState::from_slug(&row.state).unwrap_or(CaseState::ToReview),
        assessed: assessment.is_some(),
        review_required: row.review_required,
        claimed_by_me: match (row.claimed_by, me) {
            (None, _) | (_, None) => None,
            (Some(holder), Some(me)) => Some(holder == me),
        },
        review_open,
        took_part: me.is_some() && decided_by == me,
    };
    allowed(change.decision(), by.role(), &facts)?;

    // What the victim is told, if anything: (event kind, words).
    let mut told: Option<(&str, String)> = None;
    let mut meets: Vec<String> = Vec::new();
    match change {
        Change::Claim => store::queue::set_claim(&mut tx, report_id, me, now).await?,
        Change::Release => store::queue::set_claim(&mut tx, report_id, None, now).await?,
        Change::Reassign(to) => {
            let ok = store::staff::caseworker(&mut tx, *to).await?;
            if !ok {
                return Err(CaseworkError::Fix(
                    "to",
                    "Choose a reviewer or supervisor to give the report to",
                ));
            }
            store::queue::set_claim(&mut tx, report_id, Some(*to), now).await?;
        }
        Change::ConfirmRecorded => {
            if !store::assessment::meet_deadline(&mut tx, report_id, "record", now).await? {
                return Err(CaseworkError::Fix("recorded", "The crime is already recorded"));
            }
            told = Some(("recorded", "We have recorded the crime you reported.".into()));
        }
        Change::Allocate(team) => {
            let proposed = row.outcome.as_deref() == Some(team.slug());
            // Staff say why in the workspace; an operator's command is audited with their name.
            let staff = matches!(by, By::Staff(_));
            if staff && !proposed && reason.is_none_or(|r| r.trim().is_empty()) {
                return Err(CaseworkError::Fix("reason", "Say why you are changing the proposed allocation"));
            }
            store::assessment::set_team(&mut tx, report_id, team.slug()).await?;
            store::queue::set_decided_by(&mut tx, report_id, me, now).await?;
            told = Some((
                "allocated",
                format!(
                    "Your report is now with {}. They will contact you in the way you agreed with us.",
                    team.name()
                ),
            ));
        }
        Change::CrimeType(crime_type) => {
            let allocator = allocator.ok_or(Refusal::NotPermitted)?;
            let summary = store::reports::summary(&mut tx, report_id).await?;
            let mut report =
                summary.details.as_deref().and_then(|d| store::report_doc::decode(d).ok()).ok_or(
                    CaseworkError::Fix(
                        "crime-type",
                        "This report's answers cannot be read, so its crime type cannot be changed here",
                    ),
                )?;
            if report.suitability.crime_type == *crime_type {
                return Err(CaseworkError::Fix("crime-type", "That is the crime type already recorded"));
            }
            report.suitability.crime_type = *crime_type;
            let received = store::parse_ts(&summary.submitted_at).unwrap_or(now);
            let today = received.with_timezone(&chrono_tz::Europe::London).date_naive();
            let decision = rules::allocation::decide(&report, &allocator.rules, today);
            store::reports::set_crime_type(
                &mut tx,
                report_id,
                crime_type.slug(),
                &store::report_doc::encode(&report),
            )
            .await?;
            crate::allocation::reassess(&mut tx, report_id, &decision, now).await?;
            told = Some((
                "crime-type-changed",
                format!("We have recorded the crime you reported as: {}.", crime_type.label()),
            ));
        }
        Change::Acknowledged(channel) => {
            let safe = store::people::contact_channels(&mut tx, report_id).await?;
            if !safe.iter().any(|(c, ok)| c == channel.slug() && *ok) {
                return Err(CaseworkError::Fix("channel", "Choose a way of contact the victim said is safe"));
            }
            told = Some((
                "acknowledged",
                format!(
                    "We let you know by {} that we have your report.",
                    match channel {
                        Channel::Email => "email",
                        Channel::Phone => "phone",
                        Channel::Text => "text message",
                        Channel::Letter => "letter",
                    }
                ),
            ));
        }
        Change::FileAtSource { victim_reason } => {
            let victim_reason =
                words(victim_reason, "victim-reason", "Enter the reason the victim will read")?;
            let (_, _, decision) = assessment.clone().ok_or(Refusal::NotAssessed)?;
            let mut decision: Decision = serde_json::from_str(&decision).map_err(store::decode_error)?;
            let if_new_information = match decision.outcome {
                Outcome::FiledAtSource { if_new_information, .. } => if_new_information,
                Outcome::Investigate { .. } => {
                    "If you find out anything new, such as camera footage, a serial number, or someone who saw what \
                     happened, call 101 and give your crime reference number. We will look at your report again."
                        .into()
                }
            };
            decision.outcome =
                Outcome::FiledAtSource { victim_reason: victim_reason.clone(), if_new_information };
            let json = serde_json::to_string(&decision).map_err(store::encode_error)?;
            store::assessment::set_filed(&mut tx, report_id, &json).await?;
            store::queue::set_decided_by(&mut tx, report_id, me, now).await?;
            meets.push("decision-explained".into());
            told = Some(("filed", victim_reason));
        }
        Change::ReturnToVictim { question, due } => {
            let question = words(question, "question", "Enter the question for the victim")?;
            let asker = me.ok_or(Refusal::NotPermitted)?;
            store::queue::ask_victim(&mut tx, report_id, &question, asker, now, *due).await?;
            told = Some(("information-requested", question));
        }
        Change::RecordReferral(agency) => {
            if !store::assessment::make_referral(&mut tx, report_id, agency.slug(), now).await? {
                return Err(CaseworkError::NoSuchReferral);
            }
            meets.push(format!("referral-{}", agency.slug()));
            told = Some((
                "referred",
                format!(
                    "We have passed your details to {}, as you agreed. They will contact you.",
                    agency.label()
                ),
            ));
        }
        Change::Update(message) => {
            let message = words(message, "message", "Enter the update for the victim")?;
            store::assessment::meet_update_deadlines(&mut tx, report_id, now).await?;
            told = Some(("update", message));
        }
        Change::NoFurtherAction { suspect_interviewed, reason } => {
            let reason = words(reason, "nfa-reason", "Enter the reason the victim will read")?;
            store::casework::set_no_further_action(&mut tx, report_id, *suspect_interviewed, &reason, now)
                .await?;
            store::queue::set_decided_by(&mut tx, report_id, me, now).await?;
            // The victim is told the decision and why (Right 6).
            meets.push("decision-explained".into());
            told = Some(("no-further-action", reason));
        }
        Change::AnswerRequest { id, answer } => {
            let (kind, handled) = store::queue::request(&mut tx, report_id, *id)
                .await?
                .ok_or(CaseworkError::AlreadyAnswered)?;
            if handled {
                return Err(CaseworkError::AlreadyAnswered);
            }
            let answer = words(answer, "answer", "Enter the answer the victim will read")?;
            store::queue::answer_request(&mut tx, *id, &answer, me, now).await?;
            told = Some(match kind.as_str() {
                "update" => {
                    meets.push("update-requested".into());
                    store::assessment::meet_update_deadlines(&mut tx, report_id, now).await?;
                    ("update", answer)
                }
                "review" => {
                    meets.push("vrr-acknowledge".into());
                    ("review-acknowledged", answer)
                }
                "complaint" => ("complaint-answered", answer),
                _ => ("answer", answer),
            });
        }
        Change::DecideReview { upheld, reason } => {
            let reason = words(reason, "review-reason", "Enter the reason the victim will read")?;
            store::queue::close_requests_of_kind(&mut tx, report_id, "review", me, &reason, now).await?;
            store::casework::record_review_decision(&mut tx, report_id, *upheld, me, now).await?;
            if *upheld {
                // The decision to take no further action is withdrawn: the investigation goes on.
                store::casework::withdraw_no_further_action(&mut tx, report_id).await?;
            }
            meets.push("vrr-acknowledge".into());
            meets.push("vrr-decide".into());
            let words = if *upheld {
                format!("We have reviewed our decision and changed it. {reason}")
            } else {
                format!("We have reviewed our decision and it stands. {reason}")
            };
            told = Some(("review-decided", words));
        }
    }
    for kind in &meets {
        store::assessment::meet_deadline(&mut tx, report_id, kind, now).await?;
    }
    if let Some((kind, message)) = &told {
        store::events::victim_event(&mut tx, report_id, kind, message, now).await?;
        // Tell the victim there is something new, without saying what (see jobs/update_notice.rs).
        store::outbox::enqueue(&mut tx, Kind::UpdateNotice, Some(report_id), "{}", now).await?;
        let export = json!({
            "schema": "portal.case-change.v1",
            "reference": reference,
            "change": change.action(),
            "at": store::ts(now),
            "victim_told": message,
        });
        store::outbox::enqueue(&mut tx, Kind::RecordsExport, Some(report_id), &export.to_string(), now)
            .await?;
    }
    let entry = Entry {
        actor: by.actor(),
        action: change.action(),
        report_id: Some(report_id),
        outcome: "done",
        client: None,
        reason: reason.map(str::trim).filter(|r| !r.is_empty()),
    };
    audit::record(&mut tx, entry, now).await?;
    if change.is_review() {
        store::queue::mark_reviewed(&mut tx, report_id, now).await?;
    }
    store::queue::refresh(&mut tx, report_id, now).await?;
    tx.commit().await?;
    Ok(())
}
