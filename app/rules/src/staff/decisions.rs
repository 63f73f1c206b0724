//! Which decision a member of staff may make on a case in its present state. The server checks
//! this before every change, whatever the page offered.

use super::{CaseState, Permission, Role};

/// What a member of staff may do to a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StaffDecision {
    Claim,
    Release,
    /// Give the report to another member of staff.
    Reassign,
    /// The crime is recorded (Victims' Code Right 2).
    ConfirmRecorded,
    /// Accept the proposed team or choose another.
    Allocate,
    /// Record the crime as another type; the allocation rules run again.
    ChangeCrimeType,
    /// Record that the victim was told we have their report by the way they chose (phone, text
    /// or letter: only email is sent by the portal).
    RecordAcknowledgement,
    /// File at source, with the reason the victim reads.
    FileAtSource,
    /// Ask the victim for more information.
    ReturnToVictim,
    /// Record a referral made to a support service.
    RecordReferral,
    /// Post an update to the victim.
    PostUpdate,
    /// End the investigation with no further action.
    NoFurtherAction,
    /// Answer a victim's update request or complaint.
    AnswerRequest,
    /// Decide a victim's request for a review.
    DecideReview,
}

/// What the rules need to know of the case and of the person acting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CaseFacts {
    pub state: CaseState,
    /// The allocation rules have assessed the report.
    pub assessed: bool,
    /// The rules asked for a person to look before anything else (THRIVE+ flags, a child, abuse).
    pub review_required: bool,
    /// Claimed by someone: `Some(true)` by the person acting.
    pub claimed_by_me: Option<bool>,
    /// A victim's request for a review waits for a decision.
    pub review_open: bool,
    /// The person acting took part in the decision under review.
    pub took_part: bool,
}

/// Why a decision is not open, in words for the member of staff.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("Your role does not allow this")]
    NotPermitted,
    #[error("This is not open while the report is {0}")]
    WrongState(&'static str),
    #[error("The report has not been assessed yet. Try again in a minute")]
    NotAssessed,
    #[error("Only a supervisor can file a report that the rules marked for review")]
    SupervisorToFile,
    #[error("Someone else has claimed this report. Ask a supervisor to reassign it")]
    ClaimedByOther,
    #[error("There is no request for a review to decide")]
    NoReview,
    #[error("You took part in the decision under review. Another supervisor must decide it")]
    TookPart,
}

/// Whether `role` may make `decision` on a case with `facts`.
pub fn allowed(decision: StaffDecision, role: Role, facts: &CaseFacts) -> Result<(), Refusal> {
    use CaseState::*;
    use StaffDecision::*;
    let permission = match decision {
        Claim | Release => Permission::Claim,
        Reassign => Permission::Reassign,
        AnswerRequest => Permission::AnswerRequests,
        DecideReview => Permission::DecideReview,
        _ => Permission::Decide,
    };
    if !role.may(permission) {
        return Err(Refusal::NotPermitted);
    }
    let open = |states: &[CaseState]| {
        if states.contains(&facts.state) {
            Ok(())
        } else {
            Err(Refusal::WrongState(state_words(facts.state)))
        }
    };
    // Someone else's claim holds against changes, but not against a supervisor's reassignment.
    if facts.claimed_by_me == Some(false) && !matches!(decision, Reassign | Claim | DecideReview) {
        return Err(Refusal::ClaimedByOther);
    }
    match decision {
        Claim => {
            if facts.claimed_by_me.is_some() {
                return Err(Refusal::ClaimedByOther);
            }
            open(&[ToReview, WithVictim, Allocated, Filed])
        }
        Release => open(&[ToReview, WithVictim, Allocated, Filed, Closed]),
        Reassign => open(&[ToReview, WithVictim, Allocated, Filed]),
        ConfirmRecorded => open(&[ToReview, WithVictim, Allocated, Filed, Closed]),
        // A team's report can still be reallocated, filed or returned for more information
        // until the investigation ends; a filed report is reopened only by new information
        // through 101.
        Allocate | ReturnToVictim | ChangeCrimeType => {
            open(&[ToReview, Allocated])?;
            if !facts.assessed {
                return Err(Refusal::NotAssessed);
            }
            Ok(())
        }
        FileAtSource => {
            open(&[ToReview, Allocated])?;
            if !facts.assessed {
                return Err(Refusal::NotAssessed);
            }
            if facts.review_required && !role.may(Permission::FileReviewRequired) {
                return Err(Refusal::SupervisorToFile);
            }
            Ok(())
        }
        RecordReferral | PostUpdate | AnswerRequest | RecordAcknowledgement => Ok(()),
        NoFurtherAction => open(&[Allocated]),
        DecideReview => {
            if !facts.review_open {
                return Err(Refusal::NoReview);
            }
            if facts.took_part {
                return Err(Refusal::TookPart);
            }
            Ok(())
        }
    }
}

fn state_words(state: CaseState) -> &'static str {
    match state {
        CaseState::ToReview => "waiting for review",
        CaseState::WithVictim => "waiting for the victim",
        CaseState::Allocated => "allocated",
        CaseState::Filed => "filed",
        CaseState::Closed => "closed",
    }
}
