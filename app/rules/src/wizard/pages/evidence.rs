//! "Evidence and witnesses": footage, witnesses, things the person touched, device tracking.

use validator::{Validate, ValidationError};

use super::{
    made, problems,
    rules::{self, chosen, known_choices, none_alone, one_of, text_value, ticked, yes, yes_or_no},
};
use crate::{
    fields::Text,
    wizard::{
        answers::{max_chars, Checked},
        form::Form,
        options::{Footage, YesNoUnsure},
        report::Evidence,
        steps::Step,
    },
};

const WITNESS_DETAILS: Text = Text {
    name: "Witness details",
    required: Some("Enter what you know about the witnesses, such as their names and how to contact them"),
    max_chars: max_chars::WITNESS_DETAILS,
};
const TRACKING_DETAILS: Text =
    Text { name: "Tracking details", required: None, max_chars: max_chars::TRACKING_DETAILS };

/// The page's answers as typed. The details of witnesses and of tracking are asked when there
/// are some.
#[derive(Debug, Validate)]
struct EvidenceAnswers {
    #[validate(
        custom(function = known_choices::<Footage>),
        custom(function = none_alone),
        custom(
            function = ticked,
            message = "Select any footage that may show what happened, or select \u{2018}None of these\u{2019}"
        )
    )]
    footage: Vec<String>,
    #[validate(custom(function = yes_or_no, message = "Select yes if anyone saw what happened"))]
    witnesses: String,
    #[validate(custom(function = witness_details_text))]
    witness_details: Option<String>,
    #[validate(custom(
        function = one_of::<YesNoUnsure>,
        message = "Select yes if the person touched, moved or left anything behind"
    ))]
    forensic: String,
    #[validate(custom(function = yes_or_no, message = "Select yes if you can see where a stolen device is"))]
    tracking: String,
    #[validate(custom(function = tracking_details_text))]
    tracking_details: Option<String>,
}

/// Checks the page and makes the report's list of evidence.
pub(crate) fn check_evidence(form: &Form) -> Checked<Evidence> {
    let answers = EvidenceAnswers::from_form(form);
    problems(Step::Evidence, answers.validate())?;
    made(answers.into_evidence())
}

impl EvidenceAnswers {
    fn from_form(form: &Form) -> Self {
        let asked = |question: &str, name: &str| {
            (form.value(question) == "yes").then(|| form.value(name).to_string())
        };
        Self {
            footage: form.values("footage").to_vec(),
            witnesses: form.value("witnesses").into(),
            witness_details: asked("witnesses", "witness-details"),
            forensic: form.value("forensic").into(),
            tracking: form.value("tracking").into(),
            tracking_details: asked("tracking", "tracking-details"),
        }
    }

    fn into_evidence(self) -> Option<Evidence> {
        let witnesses = match yes(&self.witnesses)? {
            true => Some(text_value(self.witness_details.as_deref()?, WITNESS_DETAILS)?),
            false => None,
        };
        let device_tracking = match yes(&self.tracking)? {
            true => Some(text_value(self.tracking_details.as_deref()?, TRACKING_DETAILS)),
            false => None,
        };
        Some(Evidence {
            footage: chosen(&self.footage)?,
            witnesses,
            forensic: YesNoUnsure::from_slug(&self.forensic)?,
            device_tracking,
        })
    }
}

fn witness_details_text(value: &str) -> Result<(), ValidationError> {
    rules::text(value, WITNESS_DETAILS)
}

fn tracking_details_text(value: &str) -> Result<(), ValidationError> {
    rules::text(value, TRACKING_DETAILS)
}
