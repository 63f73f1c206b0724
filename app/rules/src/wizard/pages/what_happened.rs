//! What happened, asked one thing a page: when ("When it happened"), where ("Where it
//! happened"), and in the person's own words ("What happened").

use chrono::NaiveDate;
use validator::{Validate, ValidateArgs, ValidationError};

use super::{
    made, problems,
    rules::{self, one_of, problem, required_date, text_value},
};
use crate::{
    fields::{self, Text},
    wizard::{
        answers::{max_chars, Checked, Context},
        form::Form,
        options::WhenKnown,
        report::When,
        steps::Step,
    },
};

const LOCATION: Text = Text {
    name: "Where it happened",
    required: Some("Enter where it happened"),
    max_chars: max_chars::LOCATION,
};
const DESCRIPTION: Text =
    Text { name: "What happened", required: Some("Enter what happened"), max_chars: max_chars::DESCRIPTION };

/// The date page's answers as typed.
#[derive(Debug, Validate)]
#[validate(context = Context)]
#[validate(schema(function = exact_date, use_context, skip_on_field_errors = false))]
#[validate(schema(function = first_date, use_context, skip_on_field_errors = false))]
#[validate(schema(function = second_date, use_context, skip_on_field_errors = false))]
#[validate(schema(function = dates_in_order, use_context, skip_on_field_errors = false))]
struct WhenAnswers {
    #[validate(custom(function = one_of::<WhenKnown>, message = "Select if you know the date it happened"))]
    when_known: String,
    date_day: String,
    date_month: String,
    date_year: String,
    /// Asked with the exact date.
    #[validate(custom(function = rules::time))]
    time: Option<String>,
    from_day: String,
    from_month: String,
    from_year: String,
    to_day: String,
    to_month: String,
    to_year: String,
}

/// The place page's answers as typed.
#[derive(Debug, Validate)]
struct WhereAnswers {
    #[validate(custom(function = location_text))]
    location: String,
    #[validate(custom(function = rules::postcode))]
    location_postcode: String,
}

/// The account page's answer as typed.
#[derive(Debug, Validate)]
struct DescriptionAnswers {
    #[validate(custom(function = description_text))]
    description: String,
}

/// Checks the date page and makes the report's date.
pub(crate) fn check_when(form: &Form, ctx: &Context) -> Checked<When> {
    let answers = WhenAnswers::from_form(form);
    problems(Step::When, answers.validate_with_args(ctx))?;
    made(answers.into_when(ctx))
}

/// Checks the place page: where it happened, and its postcode if given.
pub(crate) fn check_where(form: &Form) -> Checked<(String, Option<String>)> {
    let answers = WhereAnswers {
        location: form.value("location").into(),
        location_postcode: form.value("location-postcode").into(),
    };
    problems(Step::Where, answers.validate())?;
    made(text_value(&answers.location, LOCATION).zip(fields::postcode(&answers.location_postcode).ok()))
}

/// Checks the account of what happened.
pub(crate) fn check_description(form: &Form) -> Checked<String> {
    let answers = DescriptionAnswers { description: form.value("description").into() };
    problems(Step::WhatHappened, answers.validate())?;
    made(text_value(&answers.description, DESCRIPTION))
}

impl WhenAnswers {
    fn from_form(form: &Form) -> Self {
        let value = |name: &str| form.value(name).to_string();
        let exact = form.value("when-known") == WhenKnown::Exact.slug();
        Self {
            when_known: value("when-known"),
            date_day: value("date-day"),
            date_month: value("date-month"),
            date_year: value("date-year"),
            time: exact.then(|| value("time")),
            from_day: value("from-day"),
            from_month: value("from-month"),
            from_year: value("from-year"),
            to_day: value("to-day"),
            to_month: value("to-month"),
            to_year: value("to-year"),
        }
    }

    fn when_known(&self) -> Option<WhenKnown> {
        WhenKnown::from_slug(&self.when_known)
    }

    fn exact(&self, ctx: &Context) -> Result<NaiveDate, ValidationError> {
        let parts = [&self.date_day, &self.date_month, &self.date_year].map(String::as_str);
        let date =
            required_date("date_day", parts, "the date it happened", || "Enter the date it happened".into())?;
        not_future("date_day", date, "The date it happened", ctx)
    }

    fn first(&self, ctx: &Context) -> Result<NaiveDate, ValidationError> {
        let parts = [&self.from_day, &self.from_month, &self.from_year].map(String::as_str);
        let date = required_date("from_day", parts, "the first date", || {
            "Enter the first date it could have happened".into()
        })?;
        not_future("from_day", date, "The first date", ctx)
    }

    fn second(&self, ctx: &Context) -> Result<NaiveDate, ValidationError> {
        let parts = [&self.to_day, &self.to_month, &self.to_year].map(String::as_str);
        let date = required_date("to_day", parts, "the second date", || {
            "Enter the last date it could have happened".into()
        })?;
        not_future("to_day", date, "The second date", ctx)
    }

    fn into_when(self, ctx: &Context) -> Option<When> {
        Some(match self.when_known()? {
            WhenKnown::Exact => When::On {
                date: self.exact(ctx).ok()?,
                time: fields::time(self.time.as_deref().unwrap_or_default()).ok()?,
            },
            WhenKnown::Between => When::Between { from: self.first(ctx).ok()?, to: self.second(ctx).ok()? },
        })
    }
}

/// `date`, unless it is after today.
fn not_future(
    field: &'static str,
    date: NaiveDate,
    what: &str,
    ctx: &Context,
) -> Result<NaiveDate, ValidationError> {
    if date > ctx.today {
        return Err(problem(field, format!("{what} must be today or in the past")));
    }
    Ok(date)
}

fn location_text(value: &str) -> Result<(), ValidationError> {
    rules::text(value, LOCATION)
}

fn description_text(value: &str) -> Result<(), ValidationError> {
    rules::text(value, DESCRIPTION)
}

/// The date, when the person knows it.
fn exact_date(answers: &WhenAnswers, ctx: &Context) -> Result<(), ValidationError> {
    match answers.when_known() {
        Some(WhenKnown::Exact) => answers.exact(ctx).map(drop),
        _ => Ok(()),
    }
}

/// The first of two dates, when the person knows only that it happened between them.
fn first_date(answers: &WhenAnswers, ctx: &Context) -> Result<(), ValidationError> {
    match answers.when_known() {
        Some(WhenKnown::Between) => answers.first(ctx).map(drop),
        _ => Ok(()),
    }
}

fn second_date(answers: &WhenAnswers, ctx: &Context) -> Result<(), ValidationError> {
    match answers.when_known() {
        Some(WhenKnown::Between) => answers.second(ctx).map(drop),
        _ => Ok(()),
    }
}

/// The second date is not before the first.
fn dates_in_order(answers: &WhenAnswers, ctx: &Context) -> Result<(), ValidationError> {
    if answers.when_known() != Some(WhenKnown::Between) {
        return Ok(());
    }
    match (answers.first(ctx), answers.second(ctx)) {
        (Ok(from), Ok(to)) if from > to => {
            Err(problem("to_day", "The second date must be the same as or after the first date"))
        }
        _ => Ok(()),
    }
}
