//! The force's side of the portal: who may do what (roles as sets of permissions), the states a
//! case moves through under review, which decision is open in which state, the queue's order and
//! the words for a deadline ("due in 3 h", "overdue by 1 working day"), and the password rules
//! for staff accounts. No web, no database.

mod decisions;
mod password;
mod queue;
#[cfg(test)]
mod tests;

pub use decisions::{allowed, CaseFacts, Refusal, StaffDecision};
pub use password::{check_password, PASSWORD_MAX, PASSWORD_MIN};
pub use queue::{due_words, priority_rank, QueueKey};

use serde::{Deserialize, Serialize};

/// A member of staff's role: a named set of permissions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Force contact: reviews reports and answers victims.
    Reviewer,
    /// A reviewer who also reassigns work, files reports that need a second look, decides
    /// reviews of others' decisions and sees the compliance figures.
    Supervisor,
    /// Manages staff accounts. Sees no case by default.
    Admin,
}

/// One thing a member of staff may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Permission {
    /// See the queue and victims' requests, and open a case.
    ViewQueue,
    /// Claim a report for oneself and release it.
    Claim,
    /// Make decisions on a case: record, allocate, return, refer, update, no further action.
    Decide,
    /// Answer victims' update requests and complaints.
    AnswerRequests,
    /// Give a claimed report to someone else.
    Reassign,
    /// File at source a report the rules marked for review.
    FileReviewRequired,
    /// Decide a victim's request for a review of someone else's decision.
    DecideReview,
    /// See the Victims' Code compliance figures.
    SeeCompliance,
    /// Add, disable and reset staff accounts.
    ManageAccounts,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Reviewer, Role::Supervisor, Role::Admin];

    pub fn slug(self) -> &'static str {
        match self {
            Role::Reviewer => "reviewer",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.slug() == slug)
    }

    /// e.g. "Reviewer".
    pub fn name(self) -> &'static str {
        match self {
            Role::Reviewer => "Reviewer",
            Role::Supervisor => "Supervisor",
            Role::Admin => "Administrator",
        }
    }

    /// Everything the role may do.
    pub fn permissions(self) -> &'static [Permission] {
        use Permission::*;
        match self {
            Role::Reviewer => &[ViewQueue, Claim, Decide, AnswerRequests],
            Role::Supervisor => &[
                ViewQueue,
                Claim,
                Decide,
                AnswerRequests,
                Reassign,
                FileReviewRequired,
                DecideReview,
                SeeCompliance,
            ],
            Role::Admin => &[ManageAccounts],
        }
    }

    pub fn may(self, permission: Permission) -> bool {
        self.permissions().contains(&permission)
    }
}

/// Where a report stands with the force.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CaseState {
    /// Waits for a person to review it (new, or back from the victim).
    ToReview,
    /// Returned to the victim for more information; back when they answer or after the wait.
    WithVictim,
    /// Accepted or overridden: a team is investigating.
    Allocated,
    /// Filed at source, with the reason the victim reads.
    Filed,
    /// The investigation ended with no further action.
    Closed,
}

impl CaseState {
    pub const ALL: [CaseState; 5] = [
        CaseState::ToReview,
        CaseState::WithVictim,
        CaseState::Allocated,
        CaseState::Filed,
        CaseState::Closed,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            CaseState::ToReview => "to-review",
            CaseState::WithVictim => "with-victim",
            CaseState::Allocated => "allocated",
            CaseState::Filed => "filed",
            CaseState::Closed => "closed",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.slug() == slug)
    }

    /// e.g. "To review".
    pub fn name(self) -> &'static str {
        match self {
            CaseState::ToReview => "To review",
            CaseState::WithVictim => "Waiting for the victim",
            CaseState::Allocated => "Allocated",
            CaseState::Filed => "Filed at source",
            CaseState::Closed => "Closed",
        }
    }
}
