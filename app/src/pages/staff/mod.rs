//! The staff workspace under `/staff`: sign-in in two steps and enrolment, the queue with its
//! filters, victims' requests, a case with every decision as a plain form, and the accounts page.
//! The server checks the session and the permission, then provides a view; these components only
//! render it. Everything works without JavaScript.

mod accounts;
mod case;
mod compliance;
mod layout;
mod queue;
mod sign_in;

pub use accounts::StaffAccountsPage;
pub use case::{StaffCasePage, StaffReasonPage};
pub use compliance::{
    Chart, Choice, Count, DeadlineRow, DutyRow, FigureRow, StaffCompliancePage, StaffComplianceView,
    SurveySection,
};
pub use layout::StaffPage;
pub use queue::{StaffQueuePage, StaffRequestsPage};
pub use sign_in::{StaffCodePage, StaffEnrolPage, StaffSignInPage, StaffSignedOutPage};

use crate::{form_controls::FormState, pages::TimelineEntry};

/// Who is signed in and what the sub-navigation offers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StaffNav {
    pub email: String,
    /// e.g. "Supervisor".
    pub role: String,
    /// The queue and requests are offered (reviewers and supervisors).
    pub casework: bool,
    /// The compliance figures are offered (supervisors).
    pub compliance: bool,
    /// The accounts page is offered (administrators).
    pub accounts: bool,
    /// The address of the page shown, to mark it in the navigation.
    pub current: String,
}

/// `/staff/sign-in`: email and password.
#[derive(Clone, Debug, Default)]
pub struct StaffSignInView {
    pub state: FormState,
    /// Why the person is here, e.g. signed out after 15 minutes without activity.
    pub notice: Option<String>,
}

/// `/staff/sign-in/code`: the 6-digit code.
#[derive(Clone, Debug, Default)]
pub struct StaffCodeView {
    pub state: FormState,
}

/// `/staff/enrol`: choose a password and set up the authenticator app.
#[derive(Clone, Debug, Default)]
pub struct StaffEnrolView {
    pub email: String,
    /// The secret in groups of four, for typing into the app.
    pub secret_text: String,
    /// The QR code as an SVG image, drawn on the server.
    pub qr_svg: String,
    pub state: FormState,
    /// The link has been used or has expired.
    pub used: bool,
}

/// A link among the queue's filters or pages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterLink {
    pub label: String,
    pub href: String,
    pub count: Option<i64>,
    pub current: bool,
}

/// A group of filter links, e.g. "Status".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterGroup {
    pub title: String,
    pub links: Vec<FilterLink>,
}

/// A column heading that sorts the queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SortHeading {
    pub label: String,
    /// Sorts by this column (the other way when it is the current sort).
    pub href: Option<String>,
    /// `ascending` or `descending` when the queue is sorted by this column.
    pub aria_sort: Option<&'static str>,
}

/// One report in the queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueRowView {
    pub reference: String,
    pub href: String,
    pub crime_type: String,
    /// e.g. "2 Dec 2026 09:14".
    pub received: String,
    /// e.g. "Needs a person now", "Priority", "Not assessed".
    pub risk: String,
    /// `tag--red`, `tag--yellow` or `tag--grey`.
    pub risk_class: &'static str,
    /// e.g. "IIT (proposed)".
    pub outcome: String,
    pub state: String,
    /// e.g. "Record the crime: due in 3 h".
    pub next_due: Option<String>,
    pub overdue: bool,
    pub claimed_by: Option<String>,
    pub requests_waiting: i64,
}

/// `/staff`: the queue.
#[derive(Clone, Debug, Default)]
pub struct StaffQueueView {
    pub nav: StaffNav,
    pub rows: Vec<QueueRowView>,
    pub filters: Vec<FilterGroup>,
    pub headings: Vec<SortHeading>,
    pub total: i64,
    /// e.g. "Showing 1 to 25 of 212 reports".
    pub showing: String,
    pub previous: Option<String>,
    pub next: Option<String>,
    /// Clears every filter, when any is set.
    pub clear: Option<String>,
    pub notice: Option<String>,
    /// Words for the compliance figure the list is, when it is one, and the compliance page of
    /// the same period and filters.
    pub figure: Option<(String, String)>,
}

/// One victim's request waiting for an answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestRowView {
    pub reference: String,
    pub href: String,
    /// e.g. "Update request".
    pub kind: String,
    pub received: String,
    /// e.g. "due in 2 working days".
    pub due: Option<String>,
    pub overdue: bool,
}

/// `/staff/requests`.
#[derive(Clone, Debug, Default)]
pub struct StaffRequestsView {
    pub nav: StaffNav,
    pub rows: Vec<RequestRowView>,
}

/// `/staff/case/:reference` before a report not claimed by the viewer opens: why they need it.
#[derive(Clone, Debug, Default)]
pub struct StaffReasonView {
    pub nav: StaffNav,
    pub reference: String,
    pub state: FormState,
}

/// A titled list of facts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseSection {
    pub title: String,
    pub rows: Vec<(String, String)>,
}

/// A way to contact the victim, as agreed, and whether it is safe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactWay {
    pub channel: String,
    pub detail: String,
    pub safe: bool,
}

/// A Victims' Code deadline on the case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeadlineView {
    pub what: String,
    pub due: String,
    /// e.g. "Met 2 Dec 2026 10:02", "Overdue by 1 working day", "Due in 3 h".
    pub status: String,
    pub tag: &'static str,
}

/// A victim's request on the case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseRequestView {
    pub id: i64,
    pub kind: String,
    pub received: String,
    /// What the victim wrote, as they wrote it.
    pub body: String,
    pub answer: Option<String>,
    pub due: Option<String>,
    /// Answered with the "Answer" form (reviews are decided with their own form).
    pub answerable: bool,
}

/// A choice in a form on the case page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseChoice {
    pub value: String,
    pub label: String,
}

/// Which decisions the case page offers (the server checks each again when it is posted).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaseActions {
    pub claim: bool,
    pub release: bool,
    /// People to reassign to; empty when reassigning is not offered.
    pub reassign: Vec<CaseChoice>,
    pub confirm_recorded: bool,
    /// Crime types to change to; empty when changing is not open.
    pub crime_types: Vec<CaseChoice>,
    /// Safe ways to acknowledge the report when the portal could not email it; empty otherwise.
    pub acknowledge: Vec<CaseChoice>,
    /// The teams, when accepting or overriding is open; the first is the proposal.
    pub allocate: Vec<CaseChoice>,
    pub proposed: Option<String>,
    pub file: bool,
    pub return_to_victim: bool,
    /// Agreed referrals not yet made.
    pub referrals: Vec<CaseChoice>,
    pub update: bool,
    /// Response templates: (label, text) for the update form.
    pub templates: Vec<CaseChoice>,
    pub no_further_action: bool,
    pub answer: bool,
    pub decide_review: bool,
    /// Why a waiting review is not offered to the viewer (they took part in the decision).
    pub review_note: Option<String>,
}

/// `/staff/case/:reference`.
#[derive(Clone, Debug, Default)]
pub struct StaffCaseView {
    pub nav: StaffNav,
    pub reference: String,
    pub crime_type: String,
    pub state: String,
    pub risk: String,
    pub risk_class: &'static str,
    /// e.g. "Claimed by you", "Not claimed".
    pub claimed: String,
    /// A confirmation after a decision.
    pub notice: Option<String>,
    /// The answers and problems of a decision's form that could not be made.
    pub form: FormState,
    pub contact: Vec<ContactWay>,
    pub safe_times: Option<String>,
    pub contact_frequency: String,
    /// What the victim gave, section by section.
    pub report: Vec<CaseSection>,
    /// The assessment: THRIVE+ factors with their evidence, lines of enquiry, rules fired.
    pub assessment: Vec<CaseSection>,
    pub deadlines: Vec<DeadlineView>,
    /// Newest first, staff-only events included.
    pub timeline: Vec<TimelineEntry>,
    pub requests: Vec<CaseRequestView>,
    /// The question waiting for the victim's answer.
    pub open_question: Option<String>,
    pub actions: CaseActions,
    /// The update form's text (from a template chosen with `?template=`).
    pub update_text: String,
}

/// A staff account on the accounts page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountView {
    pub email: String,
    pub role: String,
    /// e.g. "Active", "Waiting to enrol", "Disabled".
    pub status: String,
    pub disabled: bool,
}

/// `/staff/accounts`.
#[derive(Clone, Debug, Default)]
pub struct StaffAccountsView {
    pub nav: StaffNav,
    pub accounts: Vec<AccountView>,
    pub state: FormState,
    /// An enrolment link just made: (email, link), shown once.
    pub new_link: Option<(String, String)>,
    pub notice: Option<String>,
}
