//! "Send your report": the declaration that the information is true.

use validator::Validate;

use super::{problems, rules::confirmed};
use crate::wizard::{answers::Checked, form::Form, steps::Step};

/// The page's answer as typed.
#[derive(Debug, Validate)]
struct DeclarationAnswers {
    #[validate(custom(
        function = confirmed,
        message = "Confirm that the information you have given is true to the best of your knowledge"
    ))]
    declaration: Vec<String>,
}

/// Checks the page.
pub(crate) fn check_declaration(form: &Form) -> Checked<()> {
    let answers = DeclarationAnswers { declaration: form.values("declaration").to_vec() };
    problems(Step::Declaration, answers.validate())
}
