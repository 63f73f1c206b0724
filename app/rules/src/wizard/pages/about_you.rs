//! "About you": the victim's details, and the reporter's when someone reports for them. The
//! force needs at least one way to reach whoever it is to contact.

use chrono::NaiveDate;
use validator::{Validate, ValidateArgs, ValidationError};

use super::{
    made, problems,
    rules::{self, problem, required_date, text_value, yes, yes_or_no},
};
use crate::{
    fields::{self, Text},
    wizard::{
        answers::{max_chars, Checked, Context, MAX_AGE_YEARS},
        form::Form,
        options::ReportingFor,
        report::{People, Person, Reporter},
        steps::Step,
    },
};

const ADDRESS_LINE_1: Text =
    Text { name: "The address", required: None, max_chars: max_chars::ADDRESS_LINE_1 };
const TOWN: Text = Text { name: "Town or city", required: None, max_chars: max_chars::TOWN };
const LANGUAGE: Text = Text { name: "The language", required: None, max_chars: max_chars::LANGUAGE };
const ACCESSIBILITY: Text =
    Text { name: "Accessibility needs", required: None, max_chars: max_chars::ACCESSIBILITY };
const REPORTER_NAME: Text =
    Text { name: "Your name", required: Some("Enter your full name"), max_chars: max_chars::REPORTER_NAME };
const REPORTER_RELATIONSHIP: Text = Text {
    name: "How you know them",
    required: Some("Enter how you know the person, for example parent or carer"),
    max_chars: max_chars::REPORTER_RELATIONSHIP,
};

/// What the questions depend on: today's date, and whose details these are (the questions say
/// "your" to the victim and "their" to someone reporting for them).
struct Whose {
    today: NaiveDate,
    yours: bool,
}

/// The page's answers as typed. The reporter's questions are asked of someone reporting for
/// the victim. The ways to contact are asked for once every answer given is right.
#[derive(Debug, Validate)]
#[validate(context = Whose)]
#[validate(schema(function = date_of_birth, use_context, skip_on_field_errors = false))]
#[validate(schema(function = a_way_to_contact_you, use_context))]
#[validate(schema(function = a_way_to_contact_the_reporter, use_context))]
struct AboutYouAnswers {
    #[validate(custom(function = full_name_text, use_context))]
    full_name: String,
    dob_day: String,
    dob_month: String,
    dob_year: String,
    #[validate(custom(function = rules::email))]
    email: String,
    #[validate(custom(function = rules::phone))]
    phone: String,
    #[validate(custom(function = address_line_1_text))]
    address_line_1: String,
    #[validate(custom(function = town_text))]
    town: String,
    #[validate(custom(function = rules::postcode))]
    postcode: String,
    #[validate(custom(function = language_text))]
    language: String,
    #[validate(custom(function = interpreter, use_context))]
    interpreter: String,
    #[validate(custom(function = accessibility_text))]
    accessibility: String,
    #[validate(custom(function = reporter_name_text))]
    reporter_name: Option<String>,
    #[validate(custom(function = reporter_relationship_text))]
    reporter_relationship: Option<String>,
    #[validate(custom(function = rules::email))]
    reporter_email: Option<String>,
    #[validate(custom(function = rules::phone))]
    reporter_phone: Option<String>,
}

/// Checks the page and makes the report's people: the victim, and who reported for them.
pub(crate) fn check_about_you(form: &Form, reporting_for: ReportingFor, ctx: &Context) -> Checked<People> {
    let whose = Whose { today: ctx.today, yours: reporting_for == ReportingFor::Myself };
    let answers = AboutYouAnswers::from_form(form, whose.yours);
    problems(Step::AboutYou, answers.validate_with_args(&whose))?;
    made(answers.into_people(&whose))
}

impl AboutYouAnswers {
    fn from_form(form: &Form, yours: bool) -> Self {
        let value = |name: &str| form.value(name).to_string();
        let asked = |name: &str| (!yours).then(|| value(name));
        Self {
            full_name: value("full-name"),
            dob_day: value("dob-day"),
            dob_month: value("dob-month"),
            dob_year: value("dob-year"),
            email: value("email"),
            phone: value("phone"),
            address_line_1: value("address-line-1"),
            town: value("town"),
            postcode: value("postcode"),
            language: value("language"),
            interpreter: value("interpreter"),
            accessibility: value("accessibility"),
            reporter_name: asked("reporter-name"),
            reporter_relationship: asked("reporter-relationship"),
            reporter_email: asked("reporter-email"),
            reporter_phone: asked("reporter-phone"),
        }
    }

    fn date_of_birth(&self, whose: &Whose) -> Result<NaiveDate, ValidationError> {
        let parts = [&self.dob_day, &self.dob_month, &self.dob_year].map(String::as_str);
        let your = if whose.yours { "your" } else { "their" };
        let born =
            required_date("dob_day", parts, "the date of birth", || format!("Enter {your} date of birth"))?;
        if born > whose.today {
            return Err(problem("dob_day", "The date of birth must be in the past"));
        }
        if fields::age_on(born, whose.today) > MAX_AGE_YEARS {
            return Err(problem("dob_day", "Check the year of birth: it is more than 120 years ago"));
        }
        Ok(born)
    }

    fn into_people(self, whose: &Whose) -> Option<People> {
        let reporter = match whose.yours {
            true => None,
            false => Some(Reporter {
                full_name: text_value(self.reporter_name.as_deref()?, REPORTER_NAME)?,
                relationship: text_value(self.reporter_relationship.as_deref()?, REPORTER_RELATIONSHIP)?,
                email: fields::email(self.reporter_email.as_deref()?).ok()?,
                phone: fields::phone(self.reporter_phone.as_deref()?).ok()?,
            }),
        };
        let victim = Person {
            full_name: text_value(&self.full_name, full_name_rule(whose))?,
            date_of_birth: self.date_of_birth(whose).ok()?,
            email: fields::email(&self.email).ok()?,
            phone: fields::phone(&self.phone).ok()?,
            address_line_1: text_value(&self.address_line_1, ADDRESS_LINE_1),
            town: text_value(&self.town, TOWN),
            postcode: fields::postcode(&self.postcode).ok()?,
            language: text_value(&self.language, LANGUAGE),
            interpreter: yes(&self.interpreter)?,
            accessibility_needs: text_value(&self.accessibility, ACCESSIBILITY),
        };
        Some(People { victim, reporter })
    }
}

fn full_name_rule(whose: &Whose) -> Text {
    let required = if whose.yours { "Enter your full name" } else { "Enter their full name" };
    Text { name: "Full name", required: Some(required), max_chars: max_chars::FULL_NAME }
}

fn full_name_text(value: &str, whose: &Whose) -> Result<(), ValidationError> {
    rules::text(value, full_name_rule(whose))
}

fn interpreter(value: &str, whose: &Whose) -> Result<(), ValidationError> {
    let you = if whose.yours { "you" } else { "they" };
    let message = format!("Select yes if {you} need an interpreter to speak to the police");
    yes_or_no(value).map_err(|_| problem("interpreter", message))
}

fn address_line_1_text(value: &str) -> Result<(), ValidationError> {
    rules::text(value, ADDRESS_LINE_1)
}

fn town_text(value: &str) -> Result<(), ValidationError> {
    rules::text(value, TOWN)
}

fn language_text(value: &str) -> Result<(), ValidationError> {
    rules::text(value, LANGUAGE)
}

fn accessibility_text(value: &str) -> Result<(), ValidationError> {
    rules::text(value, ACCESSIBILITY)
}

fn reporter_name_text(value: &str) -> Result<(), ValidationError> {
    rules::text(value, REPORTER_NAME)
}

fn reporter_relationship_text(value: &str) -> Result<(), ValidationError> {
    rules::text(value, REPORTER_RELATIONSHIP)
}

fn date_of_birth(answers: &AboutYouAnswers, whose: &Whose) -> Result<(), ValidationError> {
    answers.date_of_birth(whose).map(drop)
}

fn given(answer: &str) -> bool {
    !answer.trim().is_empty()
}

/// A victim reporting for themselves gives an email address, a phone number or a postal address.
fn a_way_to_contact_you(answers: &AboutYouAnswers, whose: &Whose) -> Result<(), ValidationError> {
    if !whose.yours || answers.date_of_birth(whose).is_err() {
        return Ok(());
    }
    let address = given(&answers.address_line_1) && given(&answers.postcode);
    if !given(&answers.email) && !given(&answers.phone) && !address {
        return Err(problem(
            "email",
            "Give at least one way to contact you: an email address, a phone number or a postal address with its postcode",
        ));
    }
    Ok(())
}

/// Someone reporting for the victim gives their email address or phone number.
fn a_way_to_contact_the_reporter(answers: &AboutYouAnswers, whose: &Whose) -> Result<(), ValidationError> {
    if whose.yours || answers.date_of_birth(whose).is_err() {
        return Ok(());
    }
    let given = |answer: &Option<String>| answer.as_deref().is_some_and(given);
    if !given(&answers.reporter_email) && !given(&answers.reporter_phone) {
        return Err(problem(
            "reporter_email",
            "Give your email address or phone number so we can contact you",
        ));
    }
    Ok(())
}
