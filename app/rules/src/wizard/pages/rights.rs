//! "Your rights": the Victims' Code rights read, and the choice about a Victim Personal
//! Statement (Right 7).

use validator::Validate;

use super::{
    made, problems,
    rules::{confirmed, one_of},
};
use crate::wizard::{answers::Checked, form::Form, options::VpsChoice, report::RightsGiven, steps::Step};

/// The page's answers as typed.
#[derive(Debug, Validate)]
struct RightsAnswers {
    #[validate(custom(
        function = one_of::<VpsChoice>,
        message = "Select if you would like to make a Victim Personal Statement"
    ))]
    vps: String,
    #[validate(custom(function = confirmed, message = "Confirm you have read your rights"))]
    rights_read: Vec<String>,
}

/// Checks the page and makes the report's record of the rights given.
pub(crate) fn check_rights(form: &Form) -> Checked<RightsGiven> {
    let answers =
        RightsAnswers { vps: form.value("vps").into(), rights_read: form.values("rights-read").to_vec() };
    problems(Step::Rights, answers.validate())?;
    made(VpsChoice::from_slug(&answers.vps).map(|vps| RightsGiven { vps }))
}
