//! The pages of the site, one module each.

mod about;
#[cfg(feature = "ssr")]
mod error;
mod not_found;
mod rights;
pub mod staff;
mod start;
mod survey;
pub mod track;
pub mod wizard;

pub use about::{AccessibilityPage, CookiesPage, PrivacyPage};
#[cfg(feature = "ssr")]
pub use error::render_error_page;
#[cfg(feature = "ssr")]
pub use error::render_refusal_page;
pub use not_found::NotFoundPage;
pub use rights::RightsPage;
pub use start::StartPage;
pub use survey::{SurveyPage, SurveyThankYouPage, SurveyView};
pub use track::{
    ActionView, CasePage, CaseView, ContactSummary, EmailLinkView, LookupView, NextUpdateView, OpenLinkView,
    ReviewView, TimelineEntry, TrackAction, TrackActionPage, TrackEmailLinkPage, TrackLinkSentPage,
    TrackLookupPage, TrackOpenLinkPage, TrackSignedOutPage,
};
pub use wizard::{
    Call999Page, ConfirmationPage, ConfirmationView, FraudPage, LinkSentPage, NotOnlinePage, ResumeLinkPage,
    ResumePage, ResumeView, SavedPage, SavedView, StepView, UnderSixteenPage, WizardPage,
};
