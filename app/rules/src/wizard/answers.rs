//! Every page's answers as typed, and the order they are checked in. The server is the
//! authority: it runs these checks on every post and on submit, so a step cannot be skipped and a
//! required answer cannot be sent empty.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    form::{FieldError, Form},
    options::*,
    pages::*,
    report::*,
    steps::Step,
};
use crate::fields;

/// The longest answer to each free-text question, in characters. Public so that anything that
/// describes the questions elsewhere (the partner API's document) states the same limits.
pub mod max_chars {
    pub const LOCATION: usize = 500;
    pub const DESCRIPTION: usize = 5000;
    pub const PROPERTY_DESCRIPTION: usize = 2000;
    pub const PROPERTY_IDENTIFIERS: usize = 500;
    pub const SUSPECT_DESCRIPTION: usize = 2000;
    pub const SUSPECT_NAME: usize = 200;
    pub const WITNESS_DETAILS: usize = 2000;
    pub const TRACKING_DETAILS: usize = 500;
    pub const FULL_NAME: usize = 200;
    pub const ADDRESS_LINE_1: usize = 200;
    pub const TOWN: usize = 100;
    pub const LANGUAGE: usize = 100;
    pub const ACCESSIBILITY: usize = 1000;
    pub const REPORTER_NAME: usize = 200;
    pub const REPORTER_RELATIONSHIP: usize = 100;
    pub const SAFE_TIMES: usize = 200;
}

/// The oldest a victim's date of birth may make them, in years.
pub const MAX_AGE_YEARS: u32 = 120;

/// Facts the checks need from outside the answers.
#[derive(Clone, Debug)]
pub struct Context {
    /// Today's date where the force is (dates in the future are refused).
    pub today: NaiveDate,
    /// The crime types this force takes online.
    pub online_crime_types: Vec<CrimeType>,
}

/// Every page's answers so far, exactly as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answers {
    #[serde(default)]
    pub forms: BTreeMap<Step, Form>,
}

/// The outcome of checking one step.
pub type Checked<T> = Result<T, Vec<FieldError>>;

const MISSING_PREVIOUS: &str = "Answer the earlier questions first";

fn earlier<T>(result: Option<Checked<T>>) -> Checked<T> {
    result.unwrap_or_else(|| Err(vec![FieldError { field: String::new(), message: MISSING_PREVIOUS.into() }]))
}

impl Answers {
    fn form(&self, step: Step) -> Option<&Form> {
        self.forms.get(&step)
    }

    /// The suitability answers, or why the service does not fit.
    pub fn suitability(&self, ctx: &Context) -> Option<Checked<Result<Suitability, NotSuitable>>> {
        self.form(Step::Suitability).map(|f| check_suitability(f, ctx))
    }

    fn suitable(&self, ctx: &Context) -> Checked<Suitability> {
        match earlier(self.suitability(ctx))? {
            Ok(s) => Ok(s),
            Err(_) => Err(vec![FieldError { field: String::new(), message: MISSING_PREVIOUS.into() }]),
        }
    }

    pub fn when(&self, ctx: &Context) -> Checked<When> {
        earlier(self.form(Step::When).map(|f| check_when(f, ctx)))
    }

    /// Where it happened, and its postcode if given.
    pub fn place(&self) -> Checked<(String, Option<String>)> {
        earlier(self.form(Step::Where).map(check_where))
    }

    pub fn description(&self) -> Checked<String> {
        earlier(self.form(Step::WhatHappened).map(check_description))
    }

    /// The account of what happened, from its three pages; the first page with a problem and
    /// its problems otherwise.
    pub fn what_happened(&self, ctx: &Context) -> Result<WhatHappened, (Step, Vec<FieldError>)> {
        let at = |step: Step| move |e: Vec<FieldError>| (step, e);
        let when = self.when(ctx).map_err(at(Step::When))?;
        let (location, postcode) = self.place().map_err(at(Step::Where))?;
        let description = self.description().map_err(at(Step::WhatHappened))?;
        Ok(WhatHappened { when, location, postcode, description })
    }

    /// Moves each answer to the page that asks it, within the same part of the report: the
    /// partner API sends the date, the place and the account together as `what-happened`, as
    /// did drafts saved before they were asked one per page. An answer the page already has is
    /// kept.
    pub fn onto_their_pages(&mut self) {
        let steps: Vec<Step> = self.forms.keys().copied().collect();
        for from in steps {
            for to in Step::ALL.into_iter().filter(|&to| to != from && to.section() == from.section()) {
                let names: Vec<String> = to.fields().into_iter().map(|f| f.name).collect();
                let Some(form) = self.forms.get_mut(&from) else { continue };
                let moved: Vec<(String, Vec<String>)> =
                    names.iter().filter_map(|n| form.0.remove(n).map(|v| (n.clone(), v))).collect();
                if moved.is_empty() {
                    continue;
                }
                let target = self.forms.entry(to).or_default();
                for (name, values) in moved {
                    target.0.entry(name).or_insert(values);
                }
            }
        }
    }

    pub fn property(&self) -> Checked<Option<Property>> {
        earlier(self.form(Step::Property).map(check_property))
    }

    pub fn suspect(&self) -> Checked<Suspect> {
        earlier(self.form(Step::Suspect).map(check_suspect))
    }

    pub fn evidence(&self) -> Checked<Evidence> {
        earlier(self.form(Step::Evidence).map(check_evidence))
    }

    pub fn people(&self, ctx: &Context) -> Checked<People> {
        let reporting_for = self.suitable(ctx)?.reporting_for;
        earlier(self.form(Step::AboutYou).map(|f| check_about_you(f, reporting_for, ctx)))
    }

    pub fn needs(&self) -> Checked<Needs> {
        earlier(self.form(Step::Needs).map(check_needs))
    }

    /// The agencies to ask about, from the needs and the victim's age.
    pub fn agencies_to_offer(&self, ctx: &Context) -> Checked<Vec<Agency>> {
        let needs = self.needs()?;
        let victim_age = fields::age_on(self.people(ctx)?.victim.date_of_birth, ctx.today);
        Ok(agencies_for(&needs, victim_age))
    }

    /// Why the victim has enhanced rights, once the questions about them are answered.
    pub fn enhanced_reasons(&self, ctx: &Context) -> Checked<Vec<EnhancedReason>> {
        Ok(enhanced_reasons(&self.people(ctx)?, &self.needs()?, ctx.today))
    }

    pub fn consents(&self, ctx: &Context) -> Checked<Vec<(Agency, bool)>> {
        let agencies = self.agencies_to_offer(ctx)?;
        earlier(self.form(Step::Support).map(|f| check_support(f, &agencies)))
    }

    pub fn rights(&self) -> Checked<RightsGiven> {
        earlier(self.form(Step::Rights).map(check_rights))
    }

    pub fn contact(&self, ctx: &Context) -> Checked<ContactPlan> {
        let people = self.people(ctx)?;
        let advice = "Choose another way, or add it in \u{2018}About you\u{2019}";
        earlier(self.form(Step::Contact).map(|f| check_contact(f, &people, advice)))
    }

    /// Checks `step` against these answers (earlier answers included).
    pub fn check(&self, step: Step, ctx: &Context) -> Checked<()> {
        match step {
            Step::Suitability => earlier(self.suitability(ctx)).map(|_| ()),
            Step::When => self.when(ctx).map(|_| ()),
            Step::Where => self.place().map(|_| ()),
            Step::WhatHappened => self.description().map(|_| ()),
            Step::Property => self.property().map(|_| ()),
            Step::Suspect => self.suspect().map(|_| ()),
            Step::Evidence => self.evidence().map(|_| ()),
            Step::AboutYou => self.people(ctx).map(|_| ()),
            Step::Needs => self.needs().map(|_| ()),
            Step::Support => self.consents(ctx).map(|_| ()),
            Step::Rights => self.rights().map(|_| ()),
            Step::Contact => self.contact(ctx).map(|_| ()),
            Step::Check => self.report(ctx).map(|_| ()).map_err(|(_, e)| e),
            Step::Declaration => earlier(self.form(Step::Declaration).map(check_declaration)),
        }
    }

    /// The first step still to answer correctly: where a person is sent when they try to skip
    /// ahead. `Check` when every question is answered.
    pub fn first_incomplete(&self, ctx: &Context) -> Step {
        for &step in Step::QUESTIONS {
            let done = match step {
                Step::Suitability => matches!(self.suitability(ctx), Some(Ok(Ok(_)))),
                other => self.check(other, ctx).is_ok(),
            };
            if !done {
                return step;
            }
        }
        Step::Check
    }

    /// Whether a person may open or post `step` now.
    pub fn may_visit(&self, step: Step, ctx: &Context) -> bool {
        step <= self.first_incomplete(ctx)
            || (step == Step::Declaration && self.first_incomplete(ctx) == Step::Check)
    }

    /// The whole report, or the first step with a problem and its problems.
    pub fn report(&self, ctx: &Context) -> Result<Report, (Step, Vec<FieldError>)> {
        let at = |step: Step| move |e: Vec<FieldError>| (step, e);
        Ok(Report {
            suitability: self.suitable(ctx).map_err(at(Step::Suitability))?,
            what_happened: self.what_happened(ctx)?,
            property: self.property().map_err(at(Step::Property))?,
            suspect: self.suspect().map_err(at(Step::Suspect))?,
            evidence: self.evidence().map_err(at(Step::Evidence))?,
            people: self.people(ctx).map_err(at(Step::AboutYou))?,
            needs: self.needs().map_err(at(Step::Needs))?,
            consents: self.consents(ctx).map_err(at(Step::Support))?,
            rights: self.rights().map_err(at(Step::Rights))?,
            contact: self.contact(ctx).map_err(at(Step::Contact))?,
        })
    }
}
