//! The tracking pages: a victim finds their report with its reference and tracking code (or a
//! one-time link by email), sees where it is and when they will next hear, and acts on it. The
//! server checks the session and provides a view; these components only render it. Every action
//! is a plain HTML form, so it all works without JavaScript.

mod case;
mod forms;
mod lookup;

use rules::wizard::{Channel, Frequency};

use crate::form_controls::FormState;
pub use case::CasePage;
pub use forms::TrackActionPage;
pub use lookup::{
    TrackEmailLinkPage, TrackLinkSentPage, TrackLookupPage, TrackOpenLinkPage, TrackSignedOutPage,
};

/// `/track`: the reference and tracking code form (fields `reference` and `code`). The code is
/// never shown again after a failed attempt; the reference is.
#[derive(Clone, Debug, Default)]
pub struct LookupView {
    pub state: FormState,
    /// Why the person is here, e.g. after being signed out for inactivity.
    pub notice: Option<String>,
    /// Hidden fields carried through sign-in: what the person was sending when their session
    /// ended, so that nothing they wrote is lost.
    pub carried: Vec<(String, String)>,
}

/// `/track/email-link`: ask for a one-time link (fields `reference` and `email`).
#[derive(Clone, Debug, Default)]
pub struct EmailLinkView {
    pub state: FormState,
}

/// `/track/open`: after following an emailed link, one button exchanges it for access. `used`
/// when the link had expired or had been used: the page says so and offers the other ways in.
#[derive(Clone, Debug, Default)]
pub struct OpenLinkView {
    pub used: bool,
}

/// The case page, `/track/case`: only what a victim may see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseView {
    pub reference: String,
    /// e.g. "Theft of a bicycle".
    pub crime_type: String,
    /// e.g. "2 November 2026".
    pub reported_on: String,
    /// e.g. "With the Initial Investigation Team".
    pub stage_title: String,
    pub stage_explanation: String,
    /// How to reach the team dealing with the report (never a member of staff's own details).
    pub contact_team: String,
    pub next_update: Option<NextUpdateView>,
    /// Newest first.
    pub timeline: Vec<TimelineEntry>,
    pub review: ReviewView,
    pub enhanced_rights: bool,
    pub contact: ContactSummary,
    /// A confirmation after an action, e.g. "We have added your information to your report".
    pub notice: Option<String>,
    /// A question from the force waiting for the victim's answer.
    pub question: Option<String>,
}

/// When the victim will next hear from the force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NextUpdateView {
    /// e.g. "Monday 9 November 2026".
    pub due: String,
    /// e.g. "whether we will investigate your report".
    pub about: String,
    /// Already late: the page apologises and says what to do.
    pub late: bool,
}

/// One victim-visible event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineEntry {
    /// e.g. "2 November 2026".
    pub date: String,
    /// e.g. "You added information".
    pub title: String,
    pub detail: Option<String>,
}

/// The Victims' Right to Review, as it applies now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReviewView {
    /// Not shown.
    NotAvailable,
    /// e.g. until "20 February 2027".
    MayAsk {
        until: String,
    },
    Asked {
        on: String,
        acknowledge_by: Option<String>,
        decide_by: Option<String>,
    },
    TooLate {
        ended: String,
    },
}

/// How the force keeps in touch, as agreed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactSummary {
    /// The ways chosen and whether each is safe to use.
    pub channels: Vec<(Channel, bool)>,
    pub frequency: Frequency,
    pub safe_times: Option<String>,
}

/// What a victim can do from the case page, each at `/track/case/<slug>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrackAction {
    Information,
    Contact,
    Update,
    Review,
    Complaint,
}

impl TrackAction {
    pub const ALL: &'static [TrackAction] = &[
        TrackAction::Information,
        TrackAction::Contact,
        TrackAction::Update,
        TrackAction::Review,
        TrackAction::Complaint,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            TrackAction::Information => "add-information",
            TrackAction::Contact => "contact-preferences",
            TrackAction::Update => "ask-for-an-update",
            TrackAction::Review => "ask-for-a-review",
            TrackAction::Complaint => "make-a-complaint",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|a| a.slug() == slug)
    }

    /// The page's heading.
    pub fn title(self) -> &'static str {
        match self {
            TrackAction::Information => "Add information to your report",
            TrackAction::Contact => "Change how we contact you",
            TrackAction::Update => "Ask for an update",
            TrackAction::Review => "Ask for a review of our decision",
            TrackAction::Complaint => "Make a complaint",
        }
    }
}

/// An action's form: `/track/case/<slug>`, with the answers as typed and any problems.
#[derive(Clone, Debug)]
pub struct ActionView {
    pub action: TrackAction,
    pub reference: String,
    pub state: FormState,
    /// For `Update`: when the answer will come at the latest, e.g. "Friday 13 November 2026".
    pub answer_by: Option<String>,
    /// For `Review`: the reason given for the decision.
    pub decision_reason: Option<String>,
}
