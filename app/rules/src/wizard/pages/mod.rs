//! One typed struct per page of the wizard, holding the page's answers as typed and carrying
//! its rules as `validator` attributes (GOV.UK Design System error messages: say what to do, in
//! plain words). A page's answers are checked, then turned into the report's types.
//!
//! The structs' fields are named after the form's fields, in snake case: `location_postcode`
//! is the form's `location-postcode`. A question asked only when an earlier answer calls for it
//! is an `Option`, `None` when it was not asked: `validator` skips `None`, so its rules run only
//! when the question was asked. A rule that reads several answers (a date typed in three boxes, a
//! second date not before the first) is a schema whose error code is the name of the field the
//! person must correct.
//!
//! The function checking a free-text field is named `{field}_text`: for an `Option` field,
//! `validator` binds the field's value to the field's own name, which would hide a function of
//! that name.

mod about_you;
mod contact;
mod declaration;
mod evidence;
mod needs;
mod property;
mod rights;
pub(crate) mod rules;
mod suitability;
mod support;
mod suspect;
mod what_happened;

use validator::{ValidationErrors, ValidationErrorsKind};

pub use contact::check_contact;
pub(super) use {
    about_you::check_about_you,
    declaration::check_declaration,
    evidence::check_evidence,
    needs::check_needs,
    property::check_property,
    rights::check_rights,
    suitability::check_suitability,
    support::check_support,
    suspect::check_suspect,
    what_happened::{check_description, check_when, check_where},
};

use super::{answers::Checked, form::FieldError, steps::Step};

/// The key `validator` files schema errors under.
const SCHEMA: &str = "__all__";

/// `result` of validating `step`'s answers as the page's list of problems: one message per field
/// (the first rule it breaks), in the order the page asks them, under the form's field names.
fn problems(step: Step, result: Result<(), ValidationErrors>) -> Checked<()> {
    problems_in(step.fields().into_iter().map(|f| f.name).collect(), result)
}

/// `result` of validating a form's answers as its list of problems: one message per field (the
/// first rule it breaks), in `order` (the fields in the order the form asks them; any other
/// field after them), under the form's field names.
pub(crate) fn problems_in(mut order: Vec<String>, result: Result<(), ValidationErrors>) -> Checked<()> {
    let Err(errors) = result else { return Ok(()) };
    let mut found = Vec::new();
    collect(&errors, &mut found);
    for (field, _) in &found {
        if !order.contains(field) {
            order.push(field.clone());
        }
    }
    Err(order
        .into_iter()
        .filter_map(|field| {
            let (_, message) = found.iter().find(|(f, _)| *f == field)?;
            Some(FieldError { field, message: message.clone() })
        })
        .collect())
}

/// Every `(field, message)` in `errors`, nested pages' included. A field's own rules come
/// before the schemas that name it, each in the order they are written.
fn collect(errors: &ValidationErrors, found: &mut Vec<(String, String)>) {
    let mut schemas = Vec::new();
    for (key, kind) in errors.errors() {
        match kind {
            ValidationErrorsKind::Field(list) if key == SCHEMA => schemas.extend(list),
            ValidationErrorsKind::Field(list) => {
                found.extend(list.iter().map(|e| (form_name(key), message(e))));
            }
            ValidationErrorsKind::Struct(inner) => collect(inner, found),
            ValidationErrorsKind::List(items) => items.values().for_each(|inner| collect(inner, found)),
        }
    }
    found.extend(schemas.into_iter().map(|e| (form_name(&e.code), message(e))));
}

/// The form's name for a field of a page's struct.
fn form_name(field: &str) -> String {
    field.replace('_', "-")
}

fn message(error: &validator::ValidationError) -> String {
    error.message.as_deref().unwrap_or("Check this answer").to_string()
}

/// The report's value made from answers that passed their checks; the general message in the
/// unexpected case that they could not be made into one.
fn made<T>(value: Option<T>) -> Checked<T> {
    value.ok_or_else(|| vec![FieldError { field: String::new(), message: "Check your answers".into() }])
}
