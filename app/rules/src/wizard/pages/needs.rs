//! "What you need from us": the circumstances that give enhanced rights, and the help wanted.

use validator::Validate;

use super::{
    made, problems,
    rules::{chosen, known_choices, none_alone, ticked},
};
use crate::wizard::{
    answers::Checked,
    form::Form,
    options::{Circumstance, SupportNeed},
    report::Needs,
    steps::Step,
};

/// The page's answers as typed: two lists of checkboxes, each with "None of these".
#[derive(Debug, Validate)]
struct NeedsAnswers {
    #[validate(
        custom(function = known_choices::<Circumstance>),
        custom(function = none_alone),
        custom(function = ticked, message = "Select any that apply, or select \u{2018}None of these\u{2019}")
    )]
    circumstances: Vec<String>,
    #[validate(
        custom(function = known_choices::<SupportNeed>),
        custom(function = none_alone),
        custom(
            function = ticked,
            message = "Select anything you would like help with, or select \u{2018}None of these\u{2019}"
        )
    )]
    support: Vec<String>,
}

/// Checks the page and makes the report's needs.
pub(crate) fn check_needs(form: &Form) -> Checked<Needs> {
    let answers = NeedsAnswers {
        circumstances: form.values("circumstances").to_vec(),
        support: form.values("support").to_vec(),
    };
    problems(Step::Needs, answers.validate())?;
    made(chosen(&answers.circumstances).zip(chosen(&answers.support)))
        .map(|(circumstances, support)| Needs { circumstances, support })
}
