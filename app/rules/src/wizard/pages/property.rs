//! "Anything stolen or damaged": what it was, what it was worth, how to recognise it.

use validator::{Validate, ValidationError};

use super::{
    made, problems,
    rules::{self, text_value, yes, yes_or_no},
};
use crate::{
    fields::{self, Text},
    wizard::{
        answers::{max_chars, Checked},
        form::Form,
        report::Property,
        steps::Step,
    },
};

const DESCRIPTION: Text = Text {
    name: "The description",
    required: Some("Describe what was stolen or damaged"),
    max_chars: max_chars::PROPERTY_DESCRIPTION,
};
const IDENTIFIERS: Text =
    Text { name: "Serial numbers and marks", required: None, max_chars: max_chars::PROPERTY_IDENTIFIERS };

/// The page's answers as typed. The questions about the property are asked when something was
/// stolen or damaged.
#[derive(Debug, Validate)]
struct PropertyAnswers {
    #[validate(custom(function = yes_or_no, message = "Select yes if anything was stolen or damaged"))]
    has_property: String,
    #[validate(custom(function = description_text))]
    property_description: Option<String>,
    #[validate(custom(function = rules::money))]
    property_value: Option<String>,
    #[validate(custom(function = identifiers_text))]
    property_identifiers: Option<String>,
}

/// Checks the page: the property, or `None` when nothing was stolen or damaged.
pub(crate) fn check_property(form: &Form) -> Checked<Option<Property>> {
    let answers = PropertyAnswers::from_form(form);
    problems(Step::Property, answers.validate())?;
    made(answers.into_property())
}

impl PropertyAnswers {
    fn from_form(form: &Form) -> Self {
        let has_property = form.value("has-property");
        let asked = |name: &str| (has_property == "yes").then(|| form.value(name).to_string());
        Self {
            has_property: has_property.into(),
            property_description: asked("property-description"),
            property_value: asked("property-value"),
            property_identifiers: asked("property-identifiers"),
        }
    }

    fn into_property(self) -> Option<Option<Property>> {
        if !yes(&self.has_property)? {
            return Some(None);
        }
        Some(Some(Property {
            description: text_value(self.property_description.as_deref()?, DESCRIPTION)?,
            value_pence: fields::money_pence(self.property_value.as_deref()?).ok()?,
            identifiers: text_value(self.property_identifiers.as_deref()?, IDENTIFIERS),
        }))
    }
}

fn description_text(value: &str) -> Result<(), ValidationError> {
    rules::text(value, DESCRIPTION)
}

fn identifiers_text(value: &str) -> Result<(), ValidationError> {
    rules::text(value, IDENTIFIERS)
}
