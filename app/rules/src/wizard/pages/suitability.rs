//! "Check this service is right for you": emergencies, fraud, crimes the force does not take
//! online and children reporting alone are sent elsewhere.

use validator::Validate;

use super::{
    made, problems,
    rules::{one_of, yes, yes_or_no},
};
use crate::wizard::{
    answers::{Checked, Context},
    form::Form,
    options::{CrimeType, ReportingFor},
    report::{NotSuitable, Suitability},
    steps::Step,
};

/// The answers to "What do you want to report?" that are not crimes taken online.
const FRAUD: &str = "fraud";
const OTHER: &str = "other";

/// The page's answers as typed.
#[derive(Debug, Validate)]
struct SuitabilityAnswers {
    #[validate(custom(
        function = yes_or_no,
        message = "Select yes if anyone is in immediate danger or the crime is happening now"
    ))]
    danger: String,
    #[validate(custom(function = crime_type, message = "Select what you want to report"))]
    crime_type: String,
    #[validate(custom(function = one_of::<ReportingFor>, message = "Select who you are reporting for"))]
    reporting_for: String,
    /// Asked of people reporting for themselves.
    #[validate(custom(function = yes_or_no, message = "Select yes if you are 16 or over"))]
    over_16: Option<String>,
}

/// Checks the page: the crime to report, or why this service is not the way to report it. Someone
/// in danger is sent to 999 whatever else they answered.
pub(crate) fn check_suitability(form: &Form, ctx: &Context) -> Checked<Result<Suitability, NotSuitable>> {
    let answers = SuitabilityAnswers::from_form(form);
    if yes(&answers.danger) == Some(true) {
        return Ok(Err(NotSuitable::Emergency));
    }
    problems(Step::Suitability, answers.validate())?;
    made(answers.into_suitability(ctx))
}

impl SuitabilityAnswers {
    fn from_form(form: &Form) -> Self {
        let myself = form.value("reporting-for") == ReportingFor::Myself.slug();
        Self {
            danger: form.value("danger").into(),
            crime_type: form.value("crime-type").into(),
            reporting_for: form.value("reporting-for").into(),
            over_16: myself.then(|| form.value("over-16").into()),
        }
    }

    fn into_suitability(self, ctx: &Context) -> Option<Result<Suitability, NotSuitable>> {
        let reporting_for = ReportingFor::from_slug(&self.reporting_for)?;
        let over_16 = self.over_16.as_deref().map_or(Some(true), yes)?;
        let crime_type = match self.crime_type.as_str() {
            FRAUD => return Some(Err(NotSuitable::Fraud)),
            OTHER => return Some(Err(NotSuitable::NotOnline)),
            slug => CrimeType::from_slug(slug)?,
        };
        Some(if !ctx.online_crime_types.contains(&crime_type) {
            Err(NotSuitable::NotOnline)
        } else if !over_16 {
            Err(NotSuitable::UnderSixteen)
        } else {
            Ok(Suitability { crime_type, reporting_for })
        })
    }
}

/// One of the crimes listed, or fraud, or "something else".
fn crime_type(value: &str) -> Result<(), validator::ValidationError> {
    match value {
        FRAUD | OTHER => Ok(()),
        slug => one_of::<CrimeType>(slug),
    }
}
