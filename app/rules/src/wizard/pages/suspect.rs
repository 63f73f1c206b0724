//! "The person who did it": what the victim can tell us about them, if they saw them.

use validator::{Validate, ValidationError};

use super::{
    made, problems,
    rules::{self, one_of, problem, text_value},
};
use crate::{
    fields::{self, Text},
    wizard::{
        answers::{max_chars, Checked},
        form::Form,
        options::YesNoUnsure,
        report::Suspect,
        steps::Step,
    },
};

const DESCRIPTION: Text =
    Text { name: "The description", required: None, max_chars: max_chars::SUSPECT_DESCRIPTION };
const NAME: Text = Text { name: "Their name", required: None, max_chars: max_chars::SUSPECT_NAME };

/// The page's answers as typed. The questions about the person are asked when the victim saw
/// them or knows who did it; then at least one is answered (once the answers given are right).
#[derive(Debug, Validate)]
#[validate(schema(function = something_about_them))]
struct SuspectAnswers {
    #[validate(custom(
        function = one_of::<YesNoUnsure>,
        message = "Select yes if you saw the person or know who did it"
    ))]
    suspect_seen: String,
    #[validate(custom(function = description_text))]
    suspect_description: Option<String>,
    #[validate(custom(function = name_text))]
    suspect_name: Option<String>,
    #[validate(custom(function = rules::vehicle_registration))]
    suspect_vehicle: Option<String>,
}

/// Checks the page and makes the report's account of the suspect.
pub(crate) fn check_suspect(form: &Form) -> Checked<Suspect> {
    let answers = SuspectAnswers::from_form(form);
    problems(Step::Suspect, answers.validate())?;
    made(answers.into_suspect())
}

impl SuspectAnswers {
    fn from_form(form: &Form) -> Self {
        let seen = form.value("suspect-seen");
        let asked = |name: &str| (seen == YesNoUnsure::Yes.slug()).then(|| form.value(name).to_string());
        Self {
            suspect_seen: seen.into(),
            suspect_description: asked("suspect-description"),
            suspect_name: asked("suspect-name"),
            suspect_vehicle: asked("suspect-vehicle"),
        }
    }

    fn into_suspect(self) -> Option<Suspect> {
        let vehicle = self.suspect_vehicle.as_deref().unwrap_or_default();
        Some(Suspect {
            seen: YesNoUnsure::from_slug(&self.suspect_seen)?,
            description: text_value(self.suspect_description.as_deref().unwrap_or_default(), DESCRIPTION),
            name: text_value(self.suspect_name.as_deref().unwrap_or_default(), NAME),
            vehicle_registration: fields::vehicle_registration(vehicle).ok()?,
        })
    }
}

fn description_text(value: &str) -> Result<(), ValidationError> {
    rules::text(value, DESCRIPTION)
}

fn name_text(value: &str) -> Result<(), ValidationError> {
    rules::text(value, NAME)
}

/// A description, a name or a vehicle, from someone who saw the person.
fn something_about_them(answers: &SuspectAnswers) -> Result<(), ValidationError> {
    let told = [&answers.suspect_description, &answers.suspect_name, &answers.suspect_vehicle]
        .into_iter()
        .any(|answer| answer.as_deref().is_some_and(|a| !a.trim().is_empty()));
    if answers.suspect_seen == YesNoUnsure::Yes.slug() && !told {
        return Err(problem(
            "suspect_description",
            "Tell us something about the person, such as what they looked like, their name or their vehicle",
        ));
    }
    Ok(())
}
