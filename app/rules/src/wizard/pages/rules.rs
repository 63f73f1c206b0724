//! The rules the pages share, as `validator` custom functions. A rule with a single message
//! takes it from the attribute that uses it (`message = ".."`); a rule whose message depends on
//! the answer builds it here, or takes it from [`crate::fields`], whose checks explain
//! themselves.

use std::borrow::Cow;

use chrono::NaiveDate;
use validator::ValidationError;

use crate::{
    fields::{self, Text},
    wizard::options::Choice,
};

/// The answer the "None of these" checkbox sends.
const NONE: &str = "none";

/// An error with the words the person reads. A schema's error names the `field` to correct (the
/// struct's name or the form's); a field's own rules are filed under the field, whatever `field`.
pub(super) fn problem(
    field: impl Into<Cow<'static, str>>,
    message: impl Into<Cow<'static, str>>,
) -> ValidationError {
    let mut error = ValidationError::new("");
    error.code = field.into();
    error.with_message(message.into())
}

/// One of [`crate::fields`]' checks as a rule.
fn explained<T>(result: Result<T, String>) -> Result<(), ValidationError> {
    result.map(drop).map_err(|message| problem("invalid", message))
}

/// A free-text answer, as `rule` describes it: trimmed, not too long, nothing that cannot be
/// shown.
pub(crate) fn text(value: &str, rule: Text) -> Result<(), ValidationError> {
    explained(rule.check(value))
}

/// The free-text answer `rule` describes, once it passed its check.
pub(crate) fn text_value(value: &str, rule: Text) -> Option<String> {
    rule.check(value).ok().flatten()
}

pub(super) fn postcode(value: &str) -> Result<(), ValidationError> {
    explained(fields::postcode(value))
}

pub(super) fn email(value: &str) -> Result<(), ValidationError> {
    explained(fields::email(value))
}

pub(super) fn phone(value: &str) -> Result<(), ValidationError> {
    explained(fields::phone(value))
}

pub(super) fn time(value: &str) -> Result<(), ValidationError> {
    explained(fields::time(value))
}

pub(super) fn money(value: &str) -> Result<(), ValidationError> {
    explained(fields::money_pence(value))
}

pub(super) fn vehicle_registration(value: &str) -> Result<(), ValidationError> {
    explained(fields::vehicle_registration(value))
}

/// A question answered "yes" or "no".
pub(super) fn yes_or_no(value: &str) -> Result<(), ValidationError> {
    yes(value).map(drop).ok_or_else(|| ValidationError::new("yes_or_no"))
}

/// The answer to a yes/no question, if it is one.
pub(super) fn yes(value: &str) -> Option<bool> {
    match value {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

/// A single choice among `T`'s.
pub(super) fn one_of<T: Choice>(value: &str) -> Result<(), ValidationError> {
    T::from_slug(value).map(drop).ok_or_else(|| ValidationError::new("one_of"))
}

/// Checkboxes: each box ticked is one of `T`'s (or "None of these").
pub(super) fn known_choices<T: Choice>(values: &[String]) -> Result<(), ValidationError> {
    match chosen::<T>(values) {
        Some(_) => Ok(()),
        None => Err(problem("known_choices", "Select from the list")),
    }
}

/// Checkboxes with "None of these": that box is ticked on its own.
pub(super) fn none_alone(values: &[String]) -> Result<(), ValidationError> {
    if values.iter().any(|v| v == NONE) && values.iter().any(|v| v != NONE) {
        let message = "Select the ones that apply, or select \u{2018}None of these\u{2019} on its own";
        return Err(problem("none_alone", message));
    }
    Ok(())
}

/// Checkboxes with "None of these": at least one box is ticked, that one included.
pub(super) fn ticked(values: &[String]) -> Result<(), ValidationError> {
    if values.is_empty() {
        return Err(ValidationError::new("ticked"));
    }
    Ok(())
}

/// Checkboxes without "None of these": at least one choice is ticked.
pub(super) fn chose_some(values: &[String]) -> Result<(), ValidationError> {
    if values.iter().all(|v| v == NONE) {
        return Err(ValidationError::new("chose_some"));
    }
    Ok(())
}

/// A box that must be ticked, such as "I confirm".
pub(super) fn confirmed(values: &[String]) -> Result<(), ValidationError> {
    if !values.iter().any(|v| v == "yes") {
        return Err(ValidationError::new("confirmed"));
    }
    Ok(())
}

/// The distinct choices ticked, in `T`'s order ("None of these" is no choice); `None` when a
/// box is not one of `T`'s.
pub(super) fn chosen<T: Choice>(values: &[String]) -> Option<Vec<T>> {
    let mut chosen = Vec::new();
    for value in values.iter().filter(|v| *v != NONE) {
        chosen.push(T::from_slug(value)?);
    }
    chosen.sort();
    chosen.dedup();
    Some(chosen)
}

/// A date that must be given, typed in three boxes, with its error on `field` (the day box).
/// `what` completes the messages of [`fields::date`] ("the date it happened"); `missing` is the
/// message when the three boxes are empty.
pub(super) fn required_date(
    field: &'static str,
    [day, month, year]: [&str; 3],
    what: &str,
    missing: impl FnOnce() -> String,
) -> Result<NaiveDate, ValidationError> {
    match fields::date(day, month, year, what) {
        Ok(Some(date)) => Ok(date),
        Ok(None) => Err(problem(field, missing())),
        Err(message) => Err(problem(field, message)),
    }
}
