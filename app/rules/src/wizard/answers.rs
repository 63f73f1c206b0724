//! What each page of the wizard asks, how its answers are checked, and the typed report they
//! make. The server is the authority: it runs these checks on every post and on submit, so a step
//! cannot be skipped and a required answer cannot be sent empty.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::{
    form::{Checker, FieldError, Form},
    options::*,
    steps::Step,
};
use crate::fields::{self, Text};

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

/// Why the online service is not the right way to report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotSuitable {
    /// Someone is in immediate danger or the crime is happening now: call 999.
    Emergency,
    /// Fraud goes to the national fraud reporting service.
    Fraud,
    /// A crime this force does not take online.
    NotOnline,
    /// A child under 16 reporting alone: involve a trusted adult.
    UnderSixteen,
}

/// The answers to the suitability questions when the service is right.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suitability {
    pub crime_type: CrimeType,
    pub reporting_for: ReportingFor,
}

/// When it happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum When {
    On { date: NaiveDate, time: Option<NaiveTime> },
    Between { from: NaiveDate, to: NaiveDate },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhatHappened {
    pub when: When,
    pub location: String,
    pub postcode: Option<String>,
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Property {
    pub description: String,
    pub value_pence: Option<u64>,
    pub identifiers: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suspect {
    pub seen: YesNoUnsure,
    pub description: Option<String>,
    pub name: Option<String>,
    pub vehicle_registration: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub footage: Vec<Footage>,
    pub witnesses: Option<String>,
    pub forensic: YesNoUnsure,
    pub device_tracking: Option<Option<String>>,
}

/// The victim's details.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub full_name: String,
    pub date_of_birth: NaiveDate,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address_line_1: Option<String>,
    pub town: Option<String>,
    pub postcode: Option<String>,
    pub language: Option<String>,
    pub interpreter: bool,
    pub accessibility_needs: Option<String>,
}

/// Someone reporting on the victim's behalf; the force contacts them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reporter {
    pub full_name: String,
    pub relationship: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct People {
    pub victim: Person,
    pub reporter: Option<Reporter>,
}

impl People {
    /// The email, phone and postal address the force will use.
    pub fn contact_email(&self) -> Option<&str> {
        match &self.reporter {
            Some(r) => r.email.as_deref(),
            None => self.victim.email.as_deref(),
        }
    }
    pub fn contact_phone(&self) -> Option<&str> {
        match &self.reporter {
            Some(r) => r.phone.as_deref(),
            None => self.victim.phone.as_deref(),
        }
    }
    pub fn has_postal_address(&self) -> bool {
        self.reporter.is_none() && self.victim.address_line_1.is_some() && self.victim.postcode.is_some()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Needs {
    pub circumstances: Vec<Circumstance>,
    pub support: Vec<SupportNeed>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RightsGiven {
    pub vps: VpsChoice,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactPlan {
    /// Each chosen way of contact and whether it is safe to use.
    pub channels: Vec<(Channel, bool)>,
    pub frequency: Frequency,
    pub safe_times: Option<String>,
}

/// A complete report, every answer checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub suitability: Suitability,
    pub what_happened: WhatHappened,
    pub property: Option<Property>,
    pub suspect: Suspect,
    pub evidence: Evidence,
    pub people: People,
    pub needs: Needs,
    /// One decision per agency offered.
    pub consents: Vec<(Agency, bool)>,
    pub rights: RightsGiven,
    pub contact: ContactPlan,
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

    pub fn what_happened(&self, ctx: &Context) -> Checked<WhatHappened> {
        earlier(self.form(Step::WhatHappened).map(|f| check_what_happened(f, ctx)))
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
            Step::WhatHappened => self.what_happened(ctx).map(|_| ()),
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
            what_happened: self.what_happened(ctx).map_err(at(Step::WhatHappened))?,
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

/// Why the victim is entitled to enhanced rights, from their age and the circumstances.
pub fn enhanced_reasons(people: &People, needs: &Needs, today: NaiveDate) -> Vec<EnhancedReason> {
    let under_18 = fields::age_on(people.victim.date_of_birth, today) < 18;
    let mut reasons: Vec<EnhancedReason> =
        under_18.then_some(EnhancedReason::UnderEighteen).into_iter().collect();
    reasons.extend(needs.circumstances.iter().map(|c| match c {
        Circumstance::DomesticAbuse => EnhancedReason::DomesticAbuse,
        Circumstance::Hate => EnhancedReason::Hate,
        Circumstance::Sexual => EnhancedReason::Sexual,
        Circumstance::PersistentlyTargeted => EnhancedReason::PersistentlyTargeted,
        Circumstance::Disability => EnhancedReason::Vulnerable,
        Circumstance::Intimidated => EnhancedReason::Intimidated,
    }));
    reasons
}

/// Victim Support is always offered; each other agency when the answers point to it.
pub fn agencies_for(needs: &Needs, victim_age: u32) -> Vec<Agency> {
    let mut agencies = vec![Agency::VictimSupport];
    if needs.circumstances.contains(&Circumstance::DomesticAbuse) {
        agencies.push(Agency::DomesticViolence);
    }
    if victim_age < 18 {
        agencies.push(Agency::ChildrenAndYoungPeople);
    }
    agencies.extend(needs.support.iter().map(|&n| Agency::for_need(n)));
    agencies.sort();
    agencies.dedup();
    agencies
}

fn check_suitability(form: &Form, ctx: &Context) -> Checked<Result<Suitability, NotSuitable>> {
    let mut c = Checker::new(form);
    if c.yes_no("danger", "Select yes if anyone is in immediate danger or the crime is happening now")
        == Some(true)
    {
        return Ok(Err(NotSuitable::Emergency));
    }
    let crime = match form.value("crime-type") {
        "fraud" => Some(Err(NotSuitable::Fraud)),
        "other" => Some(Err(NotSuitable::NotOnline)),
        slug => match CrimeType::from_slug(slug) {
            Some(t) if ctx.online_crime_types.contains(&t) => Some(Ok(t)),
            Some(_) => Some(Err(NotSuitable::NotOnline)),
            None => {
                c.fail("crime-type", "Select what you want to report");
                None
            }
        },
    };
    let reporting_for = c.choice::<ReportingFor>("reporting-for", "Select who you are reporting for");
    let over_16 = match reporting_for {
        Some(ReportingFor::Myself) => c.yes_no("over-16", "Select yes if you are 16 or over"),
        _ => Some(true),
    };
    c.finish(|| {
        Some(match (crime?, reporting_for?, over_16?) {
            (Err(reason), _, _) => Err(reason),
            (Ok(_), _, false) => Err(NotSuitable::UnderSixteen),
            (Ok(crime_type), reporting_for, true) => Ok(Suitability { crime_type, reporting_for }),
        })
    })
}

fn check_what_happened(form: &Form, ctx: &Context) -> Checked<WhatHappened> {
    let mut c = Checker::new(form);
    let not_future = |c: &mut Checker, field: &str, date: Option<NaiveDate>, what: &str| match date {
        Some(d) if d > ctx.today => {
            c.fail(field, format!("{what} must be today or in the past"));
            None
        }
        other => other,
    };
    let when = match c.choice::<WhenKnown>("when-known", "Select if you know the date it happened") {
        Some(WhenKnown::Exact) => {
            let date = c.date("date", "the date it happened");
            if date.is_none() && !c.failed("date-day") {
                c.fail("date-day", "Enter the date it happened");
            }
            let date = not_future(&mut c, "date-day", date, "The date it happened");
            let time = c.check("time", fields::time);
            date.map(|date| When::On { date, time })
        }
        Some(WhenKnown::Between) => {
            let from = c.date("from", "the first date");
            if from.is_none() && !c.failed("from-day") {
                c.fail("from-day", "Enter the first date it could have happened");
            }
            let to = c.date("to", "the second date");
            if to.is_none() && !c.failed("to-day") {
                c.fail("to-day", "Enter the last date it could have happened");
            }
            let from = not_future(&mut c, "from-day", from, "The first date");
            let to = not_future(&mut c, "to-day", to, "The second date");
            match (from, to) {
                (Some(f), Some(t)) if f > t => {
                    c.fail("to-day", "The second date must be the same as or after the first date");
                    None
                }
                (Some(from), Some(to)) => Some(When::Between { from, to }),
                _ => None,
            }
        }
        None => None,
    };
    let location = c.text(
        "location",
        Text {
            name: "Where it happened",
            required: Some("Enter where it happened"),
            max_chars: max_chars::LOCATION,
        },
    );
    let postcode = c.check("location-postcode", fields::postcode);
    let description = c.text(
        "description",
        Text {
            name: "What happened",
            required: Some("Enter what happened"),
            max_chars: max_chars::DESCRIPTION,
        },
    );
    c.finish(|| Some(WhatHappened { when: when?, location: location?, postcode, description: description? }))
}

fn check_property(form: &Form) -> Checked<Option<Property>> {
    let mut c = Checker::new(form);
    match c.yes_no("has-property", "Select yes if anything was stolen or damaged") {
        Some(true) => {
            let description = c.text(
                "property-description",
                Text {
                    name: "The description",
                    required: Some("Describe what was stolen or damaged"),
                    max_chars: max_chars::PROPERTY_DESCRIPTION,
                },
            );
            let value_pence = c.check("property-value", fields::money_pence);
            let identifiers = c.text(
                "property-identifiers",
                Text {
                    name: "Serial numbers and marks",
                    required: None,
                    max_chars: max_chars::PROPERTY_IDENTIFIERS,
                },
            );
            c.finish(|| Some(Some(Property { description: description?, value_pence, identifiers })))
        }
        Some(false) => c.finish(|| Some(None)),
        None => c.finish(|| None),
    }
}

fn check_suspect(form: &Form) -> Checked<Suspect> {
    let mut c = Checker::new(form);
    let seen = c.choice::<YesNoUnsure>("suspect-seen", "Select yes if you saw the person or know who did it");
    let (mut description, mut name, mut vehicle_registration) = (None, None, None);
    if seen == Some(YesNoUnsure::Yes) {
        description = c.text(
            "suspect-description",
            Text { name: "The description", required: None, max_chars: max_chars::SUSPECT_DESCRIPTION },
        );
        name = c.text(
            "suspect-name",
            Text { name: "Their name", required: None, max_chars: max_chars::SUSPECT_NAME },
        );
        vehicle_registration = c.check("suspect-vehicle", fields::vehicle_registration);
        if c.errors.is_empty() && description.is_none() && name.is_none() && vehicle_registration.is_none() {
            c.fail(
                "suspect-description",
                "Tell us something about the person, such as what they looked like, their name or their vehicle",
            );
        }
    }
    c.finish(|| Some(Suspect { seen: seen?, description, name, vehicle_registration }))
}

/// Checkboxes with an exclusive "none" answer: at least one box, and "none" alone.
fn exclusive_choices<T: Choice>(c: &mut Checker, form: &Form, name: &str, missing: &str) -> Option<Vec<T>> {
    let chosen = c.choices::<T>(name);
    let none = form.has(name, "none");
    if c.failed(name) {
        None
    } else if none && !chosen.is_empty() {
        c.fail(name, "Select the ones that apply, or select \u{2018}None of these\u{2019} on its own");
        None
    } else if !none && chosen.is_empty() {
        c.fail(name, missing);
        None
    } else {
        Some(chosen)
    }
}

fn check_evidence(form: &Form) -> Checked<Evidence> {
    let mut c = Checker::new(form);
    let footage = exclusive_choices::<Footage>(
        &mut c,
        form,
        "footage",
        "Select any footage that may show what happened, or select \u{2018}None of these\u{2019}",
    );
    let witnesses = match c.yes_no("witnesses", "Select yes if anyone saw what happened") {
        Some(true) => c
            .text(
                "witness-details",
                Text {
                    name: "Witness details",
                    required: Some("Enter what you know about the witnesses, such as their names and how to contact them"),
                    max_chars: max_chars::WITNESS_DETAILS,
                },
            )
            .map(Some),
        Some(false) => Some(None),
        None => None,
    };
    let forensic = c
        .choice::<YesNoUnsure>("forensic", "Select yes if the person touched, moved or left anything behind");
    let device_tracking = match c.yes_no("tracking", "Select yes if you can see where a stolen device is") {
        Some(true) => Some(Some(c.text(
            "tracking-details",
            Text { name: "Tracking details", required: None, max_chars: max_chars::TRACKING_DETAILS },
        ))),
        Some(false) => Some(None),
        None => None,
    };
    c.finish(|| {
        Some(Evidence {
            footage: footage?,
            witnesses: witnesses?,
            forensic: forensic?,
            device_tracking: device_tracking?,
        })
    })
}

fn check_about_you(form: &Form, reporting_for: ReportingFor, ctx: &Context) -> Checked<People> {
    let mut c = Checker::new(form);
    let yours = reporting_for == ReportingFor::Myself;
    let (your, you) = if yours { ("your", "you") } else { ("their", "they") };
    let full_name = c.text(
        "full-name",
        Text {
            name: "Full name",
            required: Some(if yours { "Enter your full name" } else { "Enter their full name" }),
            max_chars: max_chars::FULL_NAME,
        },
    );
    let dob = c.date("dob", "the date of birth");
    let date_of_birth = match dob {
        None if !c.failed("dob-day") => {
            c.fail("dob-day", format!("Enter {your} date of birth"));
            None
        }
        Some(d) if d > ctx.today => {
            c.fail("dob-day", "The date of birth must be in the past");
            None
        }
        Some(d) if fields::age_on(d, ctx.today) > MAX_AGE_YEARS => {
            c.fail("dob-day", "Check the year of birth: it is more than 120 years ago");
            None
        }
        other => other,
    };
    let email = c.check("email", fields::email);
    let phone = c.check("phone", fields::phone);
    let address_line_1 = c.text(
        "address-line-1",
        Text { name: "The address", required: None, max_chars: max_chars::ADDRESS_LINE_1 },
    );
    let town = c.text("town", Text { name: "Town or city", required: None, max_chars: max_chars::TOWN });
    let postcode = c.check("postcode", fields::postcode);
    let language =
        c.text("language", Text { name: "The language", required: None, max_chars: max_chars::LANGUAGE });
    let interpreter =
        c.yes_no("interpreter", &format!("Select yes if {you} need an interpreter to speak to the police"));
    let accessibility_needs = c.text(
        "accessibility",
        Text { name: "Accessibility needs", required: None, max_chars: max_chars::ACCESSIBILITY },
    );
    let reporter = if yours {
        if c.errors.is_empty()
            && email.is_none()
            && phone.is_none()
            && !(address_line_1.is_some() && postcode.is_some())
        {
            c.fail("email", "Give at least one way to contact you: an email address, a phone number or a postal address with its postcode");
        }
        Some(None)
    } else {
        let name = c.text(
            "reporter-name",
            Text {
                name: "Your name",
                required: Some("Enter your full name"),
                max_chars: max_chars::REPORTER_NAME,
            },
        );
        let relationship = c.text(
            "reporter-relationship",
            Text {
                name: "How you know them",
                required: Some("Enter how you know the person, for example parent or carer"),
                max_chars: max_chars::REPORTER_RELATIONSHIP,
            },
        );
        let r_email = c.check("reporter-email", fields::email);
        let r_phone = c.check("reporter-phone", fields::phone);
        if c.errors.is_empty() && r_email.is_none() && r_phone.is_none() {
            c.fail("reporter-email", "Give your email address or phone number so we can contact you");
        }
        name.zip(relationship).map(|(full_name, relationship)| {
            Some(Reporter { full_name, relationship, email: r_email, phone: r_phone })
        })
    };
    c.finish(|| {
        Some(People {
            victim: Person {
                full_name: full_name?,
                date_of_birth: date_of_birth?,
                email,
                phone,
                address_line_1,
                town,
                postcode,
                language,
                interpreter: interpreter?,
                accessibility_needs,
            },
            reporter: reporter?,
        })
    })
}

fn check_needs(form: &Form) -> Checked<Needs> {
    let mut c = Checker::new(form);
    let circumstances = exclusive_choices::<Circumstance>(
        &mut c,
        form,
        "circumstances",
        "Select any that apply, or select \u{2018}None of these\u{2019}",
    );
    let support = exclusive_choices::<SupportNeed>(
        &mut c,
        form,
        "support",
        "Select anything you would like help with, or select \u{2018}None of these\u{2019}",
    );
    c.finish(|| Some(Needs { circumstances: circumstances?, support: support? }))
}

fn check_support(form: &Form, agencies: &[Agency]) -> Checked<Vec<(Agency, bool)>> {
    let mut c = Checker::new(form);
    let consents: Vec<Option<(Agency, bool)>> = agencies
        .iter()
        .map(|&agency| {
            let message = format!("Select yes if you agree to us passing your details to {}", agency.label());
            c.yes_no(&format!("consent-{}", agency.slug()), &message).map(|yes| (agency, yes))
        })
        .collect();
    c.finish(|| consents.into_iter().collect())
}

fn check_rights(form: &Form) -> Checked<RightsGiven> {
    let mut c = Checker::new(form);
    let vps = c.choice::<VpsChoice>("vps", "Select if you would like to make a Victim Personal Statement");
    if !form.has("rights-read", "yes") {
        c.fail("rights-read", "Confirm you have read your rights");
    }
    c.finish(|| Some(RightsGiven { vps: vps? }))
}

/// Checks how, how often and when to contact the victim. `advice` ends the message for a chosen
/// way without the detail it needs (what the person can do about it where they are).
pub fn check_contact(form: &Form, people: &People, advice: &str) -> Checked<ContactPlan> {
    let mut c = Checker::new(form);
    let chosen = c.choices::<Channel>("channels");
    if chosen.is_empty() && !c.failed("channels") {
        c.fail("channels", "Select how we can contact you");
    }
    let mut channels = Vec::new();
    for &channel in &chosen {
        let name = format!("safe-{}", channel.slug());
        let message =
            format!("Select yes if it is safe for us to contact you by {}", channel.label().to_lowercase());
        if let Some(safe) = c.yes_no(&name, &message) {
            channels.push((channel, safe));
        }
        let missing = match channel {
            Channel::Email => people.contact_email().is_none().then_some("an email address"),
            Channel::Phone | Channel::Text => people.contact_phone().is_none().then_some("a phone number"),
            Channel::Letter => (!people.has_postal_address()).then_some("a postal address with its postcode"),
        };
        if let Some(missing) = missing {
            c.fail(
                "channels",
                format!("You chose {} but did not give {missing}. {advice}", channel.label().to_lowercase()),
            );
        }
    }
    if c.errors.is_empty() && !channels.iter().any(|&(_, safe)| safe) {
        c.fail(
            "channels",
            "Choose at least one way that is safe to contact you. If none is safe, call 101 and we will agree one with you",
        );
    }
    let frequency = c.choice::<Frequency>("frequency", "Select how often you would like to hear from us");
    let safe_times =
        c.text("safe-times", Text { name: "Safe times", required: None, max_chars: max_chars::SAFE_TIMES });
    c.finish(|| Some(ContactPlan { channels, frequency: frequency?, safe_times }))
}

fn check_declaration(form: &Form) -> Checked<()> {
    let mut c = Checker::new(form);
    if !form.has("declaration", "yes") {
        c.fail(
            "declaration",
            "Confirm that the information you have given is true to the best of your knowledge",
        );
    }
    c.finish(|| Some(()))
}

impl Report {
    /// Why the victim is entitled to enhanced rights (Victims' Code 2020, "Enhanced rights"):
    /// every victim under 18, and victims of the most serious crime, persistently targeted,
    /// vulnerable or intimidated victims. Empty when the standard rights apply.
    pub fn enhanced_reasons(&self, today: NaiveDate) -> Vec<EnhancedReason> {
        enhanced_reasons(&self.people, &self.needs, today)
    }

    /// The first and last dates it may have happened.
    pub fn occurred(&self) -> (NaiveDate, NaiveDate, Option<NaiveTime>) {
        match self.what_happened.when {
            When::On { date, time } => (date, date, time),
            When::Between { from, to } => (from, to, None),
        }
    }
}
