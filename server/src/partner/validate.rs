//! Checking a partner's answers with exactly the wizard's rules, and saying what is wrong in terms
//! of `{step slug}.{field name}` so that a partner's system can point at the field.

use std::collections::HashSet;

use rules::wizard::{Answers, Context, FieldError, Report, Step};

use super::{
    contract::{self, Checked},
    errors::{ApiError, FieldProblem, ProblemKind},
};

/// The checked report, or every problem found in the request. Reports that the online service
/// does not take (an emergency, fraud, a crime not taken online, a child under 16 alone) are
/// refused as not suitable, whatever else is wrong, so that "call 999" is never lost among
/// other problems. Otherwise the problems with the request's form (see [`contract`]) and the
/// wizard's rules are listed together, one field at a time, in the order of the wizard.
pub fn report(checked: &Checked, ctx: &Context) -> Result<Report, ApiError> {
    let answers = &checked.answers;
    if let Some(Ok(Err(reason))) = answers.suitability(ctx) {
        return Err(ApiError::NotSuitable(reason));
    }
    let mut problems = merged(&checked.problems, problems(answers, ctx));
    match answers.report(ctx) {
        Ok(report) if problems.is_empty() => Ok(report),
        Ok(_) => Err(ApiError::Validation(problems)),
        Err((step, errors)) => {
            if problems.is_empty() {
                // Only problems without a field were found: report them against the step.
                problems = errors.iter().map(|e| problem(step, e)).collect();
            }
            Err(ApiError::Validation(problems))
        }
    }
}

/// The contract's problems and the rules' problems, one voice per field: the contract's for a
/// field of the wrong type, choice or form (it says what to send), else the rules' (in the
/// wizard's words), else the contract's for what the rules did not look at. A field with any
/// problem under the contract is of kind `schema`, whoever's words are used.
fn merged(contract: &[contract::Problem], rules: Vec<FieldProblem>) -> Vec<FieldProblem> {
    let against_contract: HashSet<&str> = contract.iter().map(|p| p.field.as_str()).collect();
    let firm: HashSet<&str> = contract.iter().filter(|p| !p.rules_say_it).map(|p| p.field.as_str()).collect();
    let schema = |p: &contract::Problem| FieldProblem {
        field: p.field.clone(),
        message: p.message.clone(),
        kind: ProblemKind::Schema,
    };
    let mut all: Vec<FieldProblem> = contract.iter().filter(|p| !p.rules_say_it).map(schema).collect();
    all.extend(rules.into_iter().filter(|r| !firm.contains(r.field.as_str())).map(|mut r| {
        if against_contract.contains(r.field.as_str()) {
            r.kind = ProblemKind::Schema;
        }
        r
    }));
    let named: HashSet<String> = all.iter().map(|p| p.field.clone()).collect();
    let mut seen = HashSet::new();
    all.extend(
        contract
            .iter()
            .filter(|p| p.rules_say_it && !named.contains(&p.field) && seen.insert(p.field.clone()))
            .map(schema),
    );
    all.sort_by_key(|p| contract::position(&p.field));
    all
}

/// The problems of every page, the declaration included, in the order of the wizard, each under
/// the part of the report the API names (the date, the place and the account are one part,
/// `what-happened`, asked over three pages). A step
/// whose checks depend on an earlier one (the support offered depends on "About you") repeats
/// that step's problems word for word: those are listed once, under the step they belong to.
/// Problems without a field ("answer the earlier questions first") are left out.
fn problems(answers: &Answers, ctx: &Context) -> Vec<FieldProblem> {
    let mut seen: Vec<Vec<FieldError>> = Vec::new();
    let mut problems = Vec::new();
    for step in Step::ALL.into_iter().filter(|&s| s != Step::Check) {
        let Err(errors) = answers.check(step, ctx) else { continue };
        if seen.contains(&errors) {
            continue;
        }
        problems.extend(errors.iter().filter(|e| !e.field.is_empty()).map(|e| problem(step, e)));
        seen.push(errors);
    }
    problems
}

fn problem(step: Step, error: &FieldError) -> FieldProblem {
    let step = step.section();
    let field = if error.field.is_empty() {
        step.slug().to_string()
    } else {
        format!("{}.{}", step.slug(), error.field)
    };
    FieldProblem { field, message: error.message.clone(), kind: ProblemKind::Rules }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use rules::wizard::{CrimeType, Form, NotSuitable};

    use super::*;

    fn ctx() -> Context {
        Context {
            today: NaiveDate::from_ymd_opt(2025, 6, 1).unwrap(),
            online_crime_types: vec![CrimeType::BicycleTheft],
        }
    }

    fn answers(steps: &[(Step, &[(&str, &str)])]) -> Checked {
        let mut answers = Answers::default();
        for spec in contract::steps() {
            answers.forms.insert(spec.step, Form::default());
        }
        for (step, fields) in steps {
            answers.forms.insert(*step, Form::from_pairs(fields.iter().copied()));
        }
        answers.onto_their_pages();
        Checked { answers, problems: Vec::new() }
    }

    const SUITABLE: &[(&str, &str)] =
        &[("danger", "no"), ("crime-type", "bicycle-theft"), ("reporting-for", "myself"), ("over-16", "yes")];

    #[test]
    fn danger_and_other_exits_are_not_suitable_rather_than_invalid() {
        let danger = answers(&[(Step::Suitability, &[("danger", "yes")])]);
        assert!(matches!(report(&danger, &ctx()), Err(ApiError::NotSuitable(NotSuitable::Emergency))));
        let fraud = answers(&[(
            Step::Suitability,
            &[("danger", "no"), ("crime-type", "fraud"), ("reporting-for", "myself"), ("over-16", "yes")],
        )]);
        assert!(matches!(report(&fraud, &ctx()), Err(ApiError::NotSuitable(NotSuitable::Fraud))));
    }

    #[test]
    fn every_steps_problems_are_listed_once_under_their_own_step() {
        let Err(ApiError::Validation(problems)) = report(&answers(&[(Step::Suitability, SUITABLE)]), &ctx())
        else {
            panic!("expected validation problems");
        };
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert!(fields.contains(&"what-happened.description"));
        assert!(fields.contains(&"about-you.full-name"));
        assert!(fields.contains(&"your-rights.rights-read"));
        assert!(fields.contains(&"declaration.declaration"));
        assert_eq!(fields.iter().filter(|f| **f == "about-you.full-name").count(), 1, "{fields:?}");
        assert!(fields.iter().all(|f| f.contains('.')), "{fields:?}");
    }

    #[test]
    fn a_missing_suitability_answer_is_a_field_problem() {
        let Err(ApiError::Validation(problems)) = report(&answers(&[]), &ctx()) else {
            panic!("expected validation problems");
        };
        assert_eq!(problems[0].field, "suitability.danger");
    }
}
