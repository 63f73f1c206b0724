//! "Support for you": one consent per agency offered (Victims' Code, Right 4: a referral to
//! support services needs the victim's agreement).

use validator::{Validate, ValidationError};

use super::{
    made, problems,
    rules::{problem, yes},
};
use crate::wizard::{answers::Checked, form::Form, options::Agency, steps::Step};

/// The page's answers as typed: a yes or no for each agency offered.
#[derive(Debug, Validate)]
struct SupportAnswers {
    #[validate(nested)]
    consents: Vec<Consent>,
}

/// The answer to "Can we pass your details to …?" for one agency.
#[derive(Debug, Validate)]
#[validate(schema(function = answered))]
struct Consent {
    agency: Agency,
    answer: String,
}

/// Checks the page: each agency in `agencies` and whether the victim agreed to it.
pub(crate) fn check_support(form: &Form, agencies: &[Agency]) -> Checked<Vec<(Agency, bool)>> {
    let consents = agencies
        .iter()
        .map(|&agency| Consent { agency, answer: form.value(&field(agency)).into() })
        .collect();
    let answers = SupportAnswers { consents };
    problems(Step::Support, answers.validate())?;
    made(answers.consents.iter().map(|c| Some((c.agency, yes(&c.answer)?))).collect())
}

/// The form's field for the consent to `agency`.
fn field(agency: Agency) -> String {
    format!("consent-{}", agency.slug())
}

fn answered(consent: &Consent) -> Result<(), ValidationError> {
    if yes(&consent.answer).is_none() {
        let message =
            format!("Select yes if you agree to us passing your details to {}", consent.agency.label());
        return Err(problem(field(consent.agency), message));
    }
    Ok(())
}
