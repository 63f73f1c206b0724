//! The request's contract: every step and every field the API reads, with what each field takes
//! on its own (its JSON type, its choices, its longest length, its form) and whether it is always
//! required. The OpenAPI document is written from this list and [`check`] enforces it, so the two
//! cannot drift apart. Limits come from the wizard's own constants (`rules`).
//!
//! The contract is checked field by field, whatever the other answers are: a field that a step
//! does not ask about with these answers (`over-16` when reporting for someone else) is still
//! checked when sent. What depends on other answers (a field required only with some answers, a
//! date in the past, a way of contact needing a detail from "about you") is the wizard's rules'
//! work, after this; the document says it in words.

use std::{collections::BTreeMap, sync::LazyLock};

use rules::{
    fields::{EMAIL_LOCAL_MAX_BYTES, EMAIL_MAX_CHARS, MONEY_MAX_POUNDS, PHONE_DIGITS, REGISTRATION_CHARS},
    wizard::{
        max_chars, Agency, Answers, Channel, Circumstance, CrimeType, Footage, Form, Frequency, ReportingFor,
        Step, SupportNeed, VpsChoice, WhenKnown, YesNoUnsure, MAX_AGE_YEARS,
    },
};
use serde_json::Value;

mod format;
mod incident;
mod list;
mod people;
#[cfg(test)]
mod tests;

pub use format::TEXT_PATTERN;
use format::*;

/// Longest Idempotency-Key, in characters.
pub const IDEMPOTENCY_KEY_MAX: usize = 200;

/// Whether a field must be sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Need {
    /// In every request, answered (not empty): no report can be made without it.
    Always,
    /// Only with some answers, said in words: the wizard's rules ask for it then.
    When(String),
    /// Never.
    Optional,
}

/// The form of a field with a fixed shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Day,
    Month,
    Year,
    Time,
    Postcode,
    Money,
    Registration,
    Email,
    Phone,
}

/// What a field takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Free text: a string of at most `max` characters, without control characters other than
    /// tab, line feed and carriage return.
    Text { max: usize },
    /// One of the choices, as a string.
    Choice(Vec<&'static str>),
    /// Ticked checkboxes: one choice as a string, or a list of choices.
    Choices(Vec<&'static str>),
    /// A string of the given form.
    Format(Format),
}

/// One field of a step.
#[derive(Clone, Debug)]
pub struct Field {
    pub name: String,
    pub kind: Kind,
    pub need: Need,
    /// What it is, without the requirement or the limits (the document adds those).
    pub about: String,
}

impl Field {
    /// Whether `""` is a valid answer: for every field that is not always required.
    pub fn empty_allowed(&self) -> bool {
        self.need != Need::Always
    }

    /// The longest string the field takes, when it has a limit of its own.
    pub fn max_chars(&self) -> Option<usize> {
        match self.kind {
            Kind::Text { max } => Some(max),
            Kind::Format(Format::Email) => Some(EMAIL_MAX_CHARS),
            _ => None,
        }
    }
}

/// One step of the report and its fields.
#[derive(Clone, Debug)]
pub struct StepFields {
    pub step: Step,
    pub about: &'static str,
    pub fields: Vec<Field>,
}

impl StepFields {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The fields that every request must answer.
    pub fn required(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| f.need == Need::Always)
    }
}

/// Every step the API reads, in the order of the wizard.
pub fn steps() -> &'static [StepFields] {
    static STEPS: LazyLock<Vec<StepFields>> = LazyLock::new(build);
    &STEPS
}

/// A problem with the request's form, before the wizard's rules look at it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// `{step}.{field}`, the step alone, or the unknown key.
    pub field: String,
    pub message: String,
    /// Whether the wizard's own message for the field, when it has one, says it better: true for
    /// an answer that is missing, empty or too long, which the rules also refuse in their words.
    pub rules_say_it: bool,
}

/// The answers as the wizard reads them, and every problem with the request's form.
#[derive(Debug, Default)]
pub struct Checked {
    pub answers: Answers,
    pub problems: Vec<Problem>,
}

/// The position of `field` (`{step}.{field}`) in the wizard's order, for listing problems.
pub fn position(field: &str) -> (usize, usize) {
    let (slug, name) = field.split_once('.').unwrap_or((field, ""));
    let Some(step_index) = steps().iter().position(|s| s.step.slug() == slug) else {
        return (usize::MAX, 0);
    };
    let field_index = steps()[step_index].fields.iter().position(|f| f.name == name).unwrap_or(usize::MAX);
    (step_index, field_index)
}

/// Checks a request body (already parsed) against the contract. The answers keep every string
/// as sent, so that the rules see them as typed; values of the wrong JSON type are left out.
/// `None` when the body is not a JSON object at all.
pub fn check(body: &Value) -> Option<Checked> {
    let object = body.as_object()?;
    let mut checked = Checked::default();
    let problems = &mut checked.problems;
    let mut fail = |field: String, message: String, rules_say_it: bool| {
        problems.push(Problem { field, message, rules_say_it });
    };
    for (key, value) in object {
        let Some(spec) = steps().iter().find(|s| s.step.slug() == key) else {
            let known: Vec<&str> = steps().iter().map(|s| s.step.slug()).collect();
            let message = format!("Not a step of the report. The steps are {}.", known.join(", "));
            fail(shortened(key), message, false);
            continue;
        };
        let Some(fields) = value.as_object() else {
            fail(key.clone(), "Send this step as an object of field names and answers.".into(), false);
            checked.answers.forms.insert(spec.step, Form::default());
            continue;
        };
        let mut form = BTreeMap::new();
        for (name, value) in fields {
            let path = format!("{key}.{}", shortened(name));
            let Some(field) = spec.field(name) else {
                let known: Vec<&str> = spec.fields.iter().map(|f| f.name.as_str()).collect();
                fail(path, format!("Not a field of this step. Its fields are {}.", known.join(", ")), false);
                continue;
            };
            match read_values(field, value) {
                Ok(values) => {
                    for (message, rules_say_it) in check_values(field, &values) {
                        fail(path.clone(), message, rules_say_it);
                    }
                    form.insert(name.clone(), values);
                }
                Err(message) => fail(path, message, false),
            }
        }
        for field in spec.required().filter(|f| !fields.contains_key(&f.name)) {
            let path = format!("{key}.{}", field.name);
            fail(path, "Required: send an answer to this question.".into(), true);
        }
        checked.answers.forms.insert(spec.step, Form(form));
    }
    for spec in steps().iter().filter(|s| !object.contains_key(s.step.slug())) {
        for field in spec.required() {
            let path = format!("{}.{}", spec.step.slug(), field.name);
            fail(path, "Required: send an answer to this question.".into(), true);
        }
        checked.answers.forms.insert(spec.step, Form::default());
    }
    checked.answers.onto_their_pages();
    Some(checked)
}

/// A key as sent, cut short when long, for naming it back to the client.
fn shortened(key: &str) -> String {
    const MAX: usize = 100;
    if key.chars().count() <= MAX {
        key.to_string()
    } else {
        format!("{}…", key.chars().take(MAX).collect::<String>())
    }
}

/// The strings of a field's answer, or why its JSON type is wrong.
fn read_values(field: &Field, value: &Value) -> Result<Vec<String>, String> {
    match (&field.kind, value) {
        (_, Value::String(s)) => Ok(vec![s.clone()]),
        (Kind::Choices(_), Value::Array(items)) => items
            .iter()
            .map(|item| item.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| "Send a string, or a list of strings.".to_string()),
        (Kind::Choices(_), _) => Err("Send a string, or a list of strings.".into()),
        _ => Err("Send this answer as a string.".into()),
    }
}

/// Each problem with the strings of one field: the message and whether the rules say it better.
fn check_values<'a>(field: &'a Field, values: &'a [String]) -> impl Iterator<Item = (String, bool)> + 'a {
    let empty_list = values.is_empty() && !field.empty_allowed();
    let list_problem = empty_list.then(|| ("Required: choose at least one.".to_string(), true));
    list_problem.into_iter().chain(values.iter().filter_map(move |value| check_value(field, value)))
}

fn check_value(field: &Field, value: &str) -> Option<(String, bool)> {
    if value.is_empty() {
        return (!field.empty_allowed())
            .then(|| ("Required: this answer must not be empty.".to_string(), true));
    }
    if let Some(max) = field.max_chars() {
        let chars = value.chars().count();
        if chars > max {
            return Some((format!("Must be {max} characters or fewer (this one has {chars})."), true));
        }
    }
    match &field.kind {
        Kind::Text { .. } => has_control_characters(value).then(|| {
            (
                "Must not contain control characters other than tab, line feed and carriage return.".into(),
                true,
            )
        }),
        Kind::Choice(choices) | Kind::Choices(choices) => {
            (!choices.contains(&value)).then(|| (format!("Choose one of: {}.", choices.join(", ")), false))
        }
        Kind::Format(format) => (!format.matches(value)).then(|| (format.message().to_string(), false)),
    }
}

/// Every step's fields, in the wizard's order.
fn build() -> Vec<StepFields> {
    vec![
        incident::suitability(),
        incident::what_happened(),
        incident::property(),
        incident::suspect(),
        incident::evidence(),
        people::about_you(),
        people::needs(),
        people::support(),
        people::rights(),
        people::contact(),
        people::declaration(),
    ]
}
