//! What each page of the wizard may send, and how much of it a draft keeps. A draft holds answers
//! as typed, so that nothing a person wrote is lost when an answer needs correcting; it must not
//! become a place where anyone can store anything. So a draft keeps only the page's own fields,
//! a field only as many values as it has choices, and a value only up to twice the field's limit
//! (enough to tell a person who wrote too much how much to cut, without losing their words).

use super::{
    form::Form,
    options::{Agency, Channel, Circumstance, Footage, SupportNeed},
    steps::Step,
};

/// The most characters kept for an answer that is not free text (a choice, a date part, an
/// email address, a phone number, a postcode).
pub const SHORT_ANSWER_KEPT: usize = 320;

/// One field a page sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldSpec {
    /// The field's name in the form.
    pub name: String,
    /// For free text, its limit in characters (the check refuses longer answers); `None` for
    /// other answers.
    pub limit: Option<usize>,
    /// How many values it may have: one, or the number of boxes for checkboxes.
    pub max_values: usize,
}

impl FieldSpec {
    fn short(name: impl Into<String>) -> Self {
        Self { name: name.into(), limit: None, max_values: 1 }
    }

    fn text(name: &str, limit: usize) -> Self {
        Self { name: name.into(), limit: Some(limit), max_values: 1 }
    }

    /// Checkboxes with `choices` boxes and an exclusive "none".
    fn boxes(name: &str, choices: usize) -> Self {
        Self { name: name.into(), limit: None, max_values: choices + 1 }
    }

    /// The most characters of one value a draft keeps.
    pub fn kept_chars(&self) -> usize {
        self.limit.map_or(SHORT_ANSWER_KEPT, |limit| (limit * 2).max(SHORT_ANSWER_KEPT))
    }
}

fn date(prefix: &str) -> [FieldSpec; 3] {
    ["day", "month", "year"].map(|part| FieldSpec::short(format!("{prefix}-{part}")))
}

impl Step {
    /// Every field this page sends, in the order the page asks them (the order of its list of
    /// problems).
    pub fn fields(self) -> Vec<FieldSpec> {
        use FieldSpec as F;
        match self {
            Step::Suitability => ["danger", "crime-type", "reporting-for", "over-16"].map(F::short).to_vec(),
            Step::When => {
                let mut f = vec![F::short("when-known")];
                f.extend(date("date"));
                f.push(F::short("time"));
                f.extend(date("from"));
                f.extend(date("to"));
                f
            }
            Step::Where => vec![F::text("location", 500), F::short("location-postcode")],
            Step::WhatHappened => vec![F::text("description", 5000)],
            Step::Property => vec![
                F::short("has-property"),
                F::text("property-description", 2000),
                F::short("property-value"),
                F::text("property-identifiers", 500),
            ],
            Step::Suspect => vec![
                F::short("suspect-seen"),
                F::text("suspect-description", 2000),
                F::text("suspect-name", 200),
                F::short("suspect-vehicle"),
            ],
            Step::Evidence => vec![
                F::boxes("footage", Footage::ALL.len()),
                F::short("witnesses"),
                F::text("witness-details", 2000),
                F::short("forensic"),
                F::short("tracking"),
                F::text("tracking-details", 500),
            ],
            Step::AboutYou => {
                let mut f = vec![F::text("full-name", 200)];
                f.extend(date("dob"));
                f.extend([
                    F::short("email"),
                    F::short("phone"),
                    F::text("address-line-1", 200),
                    F::text("town", 100),
                    F::short("postcode"),
                    F::text("language", 100),
                    F::short("interpreter"),
                    F::text("accessibility", 1000),
                    F::text("reporter-name", 200),
                    F::text("reporter-relationship", 100),
                    F::short("reporter-email"),
                    F::short("reporter-phone"),
                ]);
                f
            }
            Step::Needs => vec![
                F::boxes("circumstances", Circumstance::ALL.len()),
                F::boxes("support", SupportNeed::ALL.len()),
            ],
            Step::Support => Agency::ALL.iter().map(|a| F::short(format!("consent-{}", a.slug()))).collect(),
            Step::Rights => vec![F::short("vps"), F::short("rights-read")],
            Step::Contact => {
                let mut f = vec![F::boxes("channels", Channel::ALL.len())];
                f.extend(Channel::ALL.iter().map(|c| F::short(format!("safe-{}", c.slug()))));
                f.extend([F::short("frequency"), F::text("safe-times", 200)]);
                f
            }
            Step::Check => Vec::new(),
            Step::Declaration => vec![F::short("declaration")],
        }
    }

    /// `form` with only this page's fields, each with at most its number of values, each value
    /// at most [`FieldSpec::kept_chars`] long. Returns the form kept and whether anything was cut.
    pub fn keep_own_fields(self, mut form: Form) -> (Form, bool) {
        let mut kept = Form::default();
        let mut cut = false;
        for spec in self.fields() {
            let Some(mut values) = form.0.remove(&spec.name) else { continue };
            cut |= values.len() > spec.max_values;
            values.truncate(spec.max_values);
            for value in &mut values {
                if let Some((at, _)) = value.char_indices().nth(spec.kept_chars()) {
                    value.truncate(at);
                    cut = true;
                }
            }
            kept.0.insert(spec.name, values);
        }
        (kept, cut || !form.0.is_empty())
    }
}
