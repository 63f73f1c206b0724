//! What a victim sends from the tracking page, with its rules as `validator` attributes.

use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

use crate::{
    fields::Text,
    wizard::{page_rules, problems_in, FieldError, Form},
};

/// Something a victim sends from the tracking page, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Message {
    /// New information about the crime.
    Information { details: String },
    /// A request for an update, with an optional question.
    UpdateRequest { question: Option<String> },
    /// A request to review a decision not to proceed.
    Review { reasons: String },
    /// A complaint about the service.
    Complaint { what_happened: String, put_right: Option<String> },
}

const INFORMATION: Text =
    long_text("The information", Some("Enter the information you want to add to your report"));
const QUESTION: Text = Text { name: "Your question", required: None, max_chars: 1000 };
const REASONS: Text =
    long_text("Why you want a review", Some("Tell us why you think the decision should be looked at again"));
const WHAT_WENT_WRONG: Text = long_text("What went wrong", Some("Tell us what went wrong"));
const PUT_RIGHT: Text = Text { name: "What would put it right", required: None, max_chars: 2000 };

const fn long_text(name: &'static str, required: Option<&'static str>) -> Text {
    Text { name, required, max_chars: 5000 }
}

/// The character limit of each of the tracking page's free-text fields, by name.
pub const TEXT_LIMITS: [(&str, usize); 5] = [
    ("details", INFORMATION.max_chars),
    ("question", QUESTION.max_chars),
    ("reasons", REASONS.max_chars),
    ("what-happened", WHAT_WENT_WRONG.max_chars),
    ("put-right", PUT_RIGHT.max_chars),
];

/// The answers of one of the tracking page's forms, as typed, with their rules.
#[derive(Validate)]
struct MessageAnswers {
    #[validate(custom(function = details_text))]
    details: Option<String>,
    #[validate(custom(function = question_text))]
    question: Option<String>,
    #[validate(custom(function = reasons_text))]
    reasons: Option<String>,
    #[validate(custom(function = what_happened_text))]
    what_happened: Option<String>,
    #[validate(custom(function = put_right_text))]
    put_right: Option<String>,
}

fn details_text(value: &str) -> Result<(), ValidationError> {
    page_rules::text(value, INFORMATION)
}

fn question_text(value: &str) -> Result<(), ValidationError> {
    page_rules::text(value, QUESTION)
}

fn reasons_text(value: &str) -> Result<(), ValidationError> {
    page_rules::text(value, REASONS)
}

fn what_happened_text(value: &str) -> Result<(), ValidationError> {
    page_rules::text(value, WHAT_WENT_WRONG)
}

fn put_right_text(value: &str) -> Result<(), ValidationError> {
    page_rules::text(value, PUT_RIGHT)
}

impl MessageAnswers {
    /// The fields `names` of `form`, as typed; the others are not asked.
    fn from_form(form: &Form, names: &[&str]) -> Self {
        let value = |name: &str| names.contains(&name).then(|| form.value(name).to_string());
        Self {
            details: value("details"),
            question: value("question"),
            reasons: value("reasons"),
            what_happened: value("what-happened"),
            put_right: value("put-right"),
        }
    }
}

/// Checks the fields `names` of `form` (in the order the form asks them), then makes the
/// message from the answers that passed.
fn check_message(
    form: &Form,
    names: &[&str],
    make: impl FnOnce(&dyn Fn(&str, Text) -> Option<String>) -> Message,
) -> Result<Message, Vec<FieldError>> {
    let answers = MessageAnswers::from_form(form, names);
    problems_in(names.iter().map(|n| n.to_string()).collect(), answers.validate())?;
    Ok(make(&|name, rule| page_rules::text_value(form.value(name), rule)))
}

/// Checks "Add information".
pub fn check_information(form: &Form) -> Result<Message, Vec<FieldError>> {
    check_message(form, &["details"], |text| Message::Information {
        details: text("details", INFORMATION).unwrap_or_default(),
    })
}

/// Checks "Ask for an update".
pub fn check_update_request(form: &Form) -> Result<Message, Vec<FieldError>> {
    check_message(form, &["question"], |text| Message::UpdateRequest { question: text("question", QUESTION) })
}

/// Checks "Ask for a review".
pub fn check_review(form: &Form) -> Result<Message, Vec<FieldError>> {
    check_message(form, &["reasons"], |text| Message::Review {
        reasons: text("reasons", REASONS).unwrap_or_default(),
    })
}

/// Checks "Make a complaint".
pub fn check_complaint(form: &Form) -> Result<Message, Vec<FieldError>> {
    check_message(form, &["what-happened", "put-right"], |text| Message::Complaint {
        what_happened: text("what-happened", WHAT_WENT_WRONG).unwrap_or_default(),
        put_right: text("put-right", PUT_RIGHT),
    })
}
