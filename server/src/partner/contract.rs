//! The request's contract: every step and every field the API reads, with what each field takes
//! on its own (its JSON type, its choices, its longest length, its form) and whether it is always
//! required. The OpenAPI document is written from this list and [`check`] enforces it, so the two
//! cannot drift apart. Limits come from the wizard's own constants (`rules`).
//!
//! The contract is checked field by field, whatever the other answers are: a field that a step
//! does not ask about with these answers (`over-16` when reporting for someone else) is still
//! checked when sent. What depends on other answers (a field required only with some answers, a
//! date in the past, a way of contact needing a detail from "about you") is the wizard's rules'
//! work, after this; the document says it in words.

use std::{collections::BTreeMap, sync::LazyLock};

use rules::{
    fields::{EMAIL_LOCAL_MAX_BYTES, EMAIL_MAX_CHARS, MONEY_MAX_POUNDS, PHONE_DIGITS, REGISTRATION_CHARS},
    wizard::{
        max_chars, Agency, Answers, Channel, Circumstance, CrimeType, Footage, Form, Frequency, ReportingFor,
        Step, SupportNeed, VpsChoice, WhenKnown, YesNoUnsure, MAX_AGE_YEARS,
    },
};
use serde_json::Value;

/// Longest Idempotency-Key, in characters.
pub const IDEMPOTENCY_KEY_MAX: usize = 200;

/// Whether a field must be sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Need {
    /// In every request, answered (not empty): no report can be made without it.
    Always,
    /// Only with some answers, said in words: the wizard's rules ask for it then.
    When(String),
    /// Never.
    Optional,
}

/// The form of a field with a fixed shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Day,
    Month,
    Year,
    Time,
    Postcode,
    Money,
    Registration,
    Email,
    Phone,
}

/// What a field takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Free text: a string of at most `max` characters, without control characters other than
    /// tab, line feed and carriage return.
    Text { max: usize },
    /// One of the choices, as a string.
    Choice(Vec<&'static str>),
    /// Ticked checkboxes: one choice as a string, or a list of choices.
    Choices(Vec<&'static str>),
    /// A string of the given form.
    Format(Format),
}

/// One field of a step.
#[derive(Clone, Debug)]
pub struct Field {
    pub name: String,
    pub kind: Kind,
    pub need: Need,
    /// What it is, without the requirement or the limits (the document adds those).
    pub about: String,
}

impl Field {
    /// Whether `""` is a valid answer: for every field that is not always required.
    pub fn empty_allowed(&self) -> bool {
        self.need != Need::Always
    }

    /// The longest string the field takes, when it has a limit of its own.
    pub fn max_chars(&self) -> Option<usize> {
        match self.kind {
            Kind::Text { max } => Some(max),
            Kind::Format(Format::Email) => Some(EMAIL_MAX_CHARS),
            _ => None,
        }
    }
}

/// One step of the report and its fields.
#[derive(Clone, Debug)]
pub struct StepFields {
    pub step: Step,
    pub about: &'static str,
    pub fields: Vec<Field>,
}

impl StepFields {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The fields that every request must answer.
    pub fn required(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| f.need == Need::Always)
    }
}

/// Every step the API reads, in the order of the wizard.
pub fn steps() -> &'static [StepFields] {
    static STEPS: LazyLock<Vec<StepFields>> = LazyLock::new(build);
    &STEPS
}

/// A problem with the request's form, before the wizard's rules look at it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// `{step}.{field}`, the step alone, or the unknown key.
    pub field: String,
    pub message: String,
    /// Whether the wizard's own message for the field, when it has one, says it better: true for
    /// an answer that is missing, empty or too long, which the rules also refuse in their words.
    pub rules_say_it: bool,
}

/// The answers as the wizard reads them, and every problem with the request's form.
#[derive(Debug, Default)]
pub struct Checked {
    pub answers: Answers,
    pub problems: Vec<Problem>,
}

/// The position of `field` (`{step}.{field}`) in the wizard's order, for listing problems.
pub fn position(field: &str) -> (usize, usize) {
    let (slug, name) = field.split_once('.').unwrap_or((field, ""));
    let Some(step_index) = steps().iter().position(|s| s.step.slug() == slug) else {
        return (usize::MAX, 0);
    };
    let field_index = steps()[step_index].fields.iter().position(|f| f.name == name).unwrap_or(usize::MAX);
    (step_index, field_index)
}

/// Checks a request body (already parsed) against the contract. The answers keep every string
/// as sent, so that the rules see them as typed; values of the wrong JSON type are left out.
/// `None` when the body is not a JSON object at all.
pub fn check(body: &Value) -> Option<Checked> {
    let object = body.as_object()?;
    let mut checked = Checked::default();
    let problems = &mut checked.problems;
    let mut fail = |field: String, message: String, rules_say_it: bool| {
        problems.push(Problem { field, message, rules_say_it });
    };
    for (key, value) in object {
        let Some(spec) = steps().iter().find(|s| s.step.slug() == key) else {
            let known: Vec<&str> = steps().iter().map(|s| s.step.slug()).collect();
            let message = format!("Not a step of the report. The steps are {}.", known.join(", "));
            fail(shortened(key), message, false);
            continue;
        };
        let Some(fields) = value.as_object() else {
            fail(key.clone(), "Send this step as an object of field names and answers.".into(), false);
            checked.answers.forms.insert(spec.step, Form::default());
            continue;
        };
        let mut form = BTreeMap::new();
        for (name, value) in fields {
            let path = format!("{key}.{}", shortened(name));
            let Some(field) = spec.field(name) else {
                let known: Vec<&str> = spec.fields.iter().map(|f| f.name.as_str()).collect();
                fail(path, format!("Not a field of this step. Its fields are {}.", known.join(", ")), false);
                continue;
            };
            match read_values(field, value) {
                Ok(values) => {
                    for (message, rules_say_it) in check_values(field, &values) {
                        fail(path.clone(), message, rules_say_it);
                    }
                    form.insert(name.clone(), values);
                }
                Err(message) => fail(path, message, false),
            }
        }
        for field in spec.required().filter(|f| !fields.contains_key(&f.name)) {
            let path = format!("{key}.{}", field.name);
            fail(path, "Required: send an answer to this question.".into(), true);
        }
        checked.answers.forms.insert(spec.step, Form(form));
    }
    for spec in steps().iter().filter(|s| !object.contains_key(s.step.slug())) {
        for field in spec.required() {
            let path = format!("{}.{}", spec.step.slug(), field.name);
            fail(path, "Required: send an answer to this question.".into(), true);
        }
        checked.answers.forms.insert(spec.step, Form::default());
    }
    Some(checked)
}

/// A key as sent, cut short when long, for naming it back to the client.
fn shortened(key: &str) -> String {
    const MAX: usize = 100;
    if key.chars().count() <= MAX {
        key.to_string()
    } else {
        format!("{}…", key.chars().take(MAX).collect::<String>())
    }
}

/// The strings of a field's answer, or why its JSON type is wrong.
fn read_values(field: &Field, value: &Value) -> Result<Vec<String>, String> {
    match (&field.kind, value) {
        (_, Value::String(s)) => Ok(vec![s.clone()]),
        (Kind::Choices(_), Value::Array(items)) => items
            .iter()
            .map(|item| item.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| "Send a string, or a list of strings.".to_string()),
        (Kind::Choices(_), _) => Err("Send a string, or a list of strings.".into()),
        _ => Err("Send this answer as a string.".into()),
    }
}

/// Each problem with the strings of one field: the message and whether the rules say it better.
fn check_values<'a>(field: &'a Field, values: &'a [String]) -> impl Iterator<Item = (String, bool)> + 'a {
    let empty_list = values.is_empty() && !field.empty_allowed();
    let list_problem = empty_list.then(|| ("Required: choose at least one.".to_string(), true));
    list_problem.into_iter().chain(values.iter().filter_map(move |value| check_value(field, value)))
}

fn check_value(field: &Field, value: &str) -> Option<(String, bool)> {
    if value.is_empty() {
        return (!field.empty_allowed())
            .then(|| ("Required: this answer must not be empty.".to_string(), true));
    }
    if let Some(max) = field.max_chars() {
        let chars = value.chars().count();
        if chars > max {
            return Some((format!("Must be {max} characters or fewer (this one has {chars})."), true));
        }
    }
    match &field.kind {
        Kind::Text { .. } => has_control_characters(value).then(|| {
            (
                "Must not contain control characters other than tab, line feed and carriage return.".into(),
                true,
            )
        }),
        Kind::Choice(choices) | Kind::Choices(choices) => {
            (!choices.contains(&value)).then(|| (format!("Choose one of: {}.", choices.join(", ")), false))
        }
        Kind::Format(format) => (!format.matches(value)).then(|| (format.message().to_string(), false)),
    }
}

/// Characters free text may not hold: `char::is_control` but for tab, line feed and carriage
/// return. The pattern below says the same for the document.
fn has_control_characters(value: &str) -> bool {
    value.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// The document's pattern for free text: no C0 or C1 control character but tab, LF and CR.
pub const TEXT_PATTERN: &str = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$";

impl Format {
    /// The regular expression the document states, without anchors. Only ASCII character
    /// classes, so that every JSON Schema dialect reads it the same way.
    pub fn pattern(self) -> String {
        match self {
            Format::Day | Format::Month => "[0-9]{1,2}".into(),
            Format::Year => "[0-9]{4}".into(),
            Format::Time => {
                let minutes = "([:.][0-5][0-9])?";
                format!("(([01]?[0-9]|2[0-3]){minutes}|(0?[1-9]|1[0-2]){minutes} ?[AaPp][Mm])")
            }
            Format::Postcode => "[A-Za-z]{1,2}[0-9]([0-9]|[A-Za-z])? ?[0-9][A-Za-z]{2}".into(),
            Format::Money => {
                let digits = MONEY_MAX_POUNDS.to_string().len();
                let groups = (digits - 1) / 3;
                format!("£?([0-9]{{1,{digits}}}|[0-9]{{1,3}}(,[0-9]{{3}}){{1,{groups}}})(\\.[0-9]{{2}})?")
            }
            Format::Registration => format!(
                "[A-Za-z0-9]( ?[A-Za-z0-9]){{{},{}}}",
                REGISTRATION_CHARS.start() - 1,
                REGISTRATION_CHARS.end() - 1
            ),
            Format::Email => format!(
                "[A-Za-z0-9.!#$%&'*+/=?^_`{{|}}~-]{{1,{EMAIL_LOCAL_MAX_BYTES}}}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+"
            ),
            Format::Phone => format!(
                "\\+?[ ()-]{{0,3}}([0-9][ ()-]{{0,3}}){{{},{}}}",
                PHONE_DIGITS.start(),
                PHONE_DIGITS.end()
            ),
        }
    }

    /// Whether `value` (not empty) has this form: exactly what [`Format::pattern`] matches.
    pub fn matches(self, value: &str) -> bool {
        let digits = |s: &str, len: std::ops::RangeInclusive<usize>| {
            len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
        };
        match self {
            Format::Day | Format::Month => digits(value, 1..=2),
            Format::Year => digits(value, 4..=4),
            Format::Time => is_time(value),
            Format::Postcode => is_postcode(value),
            Format::Money => is_money(value),
            Format::Registration => {
                let b = value.as_bytes();
                let alnum = b.iter().filter(|c| c.is_ascii_alphanumeric()).count();
                REGISTRATION_CHARS.contains(&alnum)
                    && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b' ')
                    && b.first() != Some(&b' ')
                    && b.last() != Some(&b' ')
                    && !value.contains("  ")
            }
            Format::Email => is_email(value),
            Format::Phone => is_phone(value),
        }
    }

    /// What to send instead.
    pub fn message(self) -> &'static str {
        match self {
            Format::Day => "Send the day as a number of 1 or 2 digits, like 3 or 27.",
            Format::Month => "Send the month as a number of 1 or 2 digits, like 3 or 12.",
            Format::Year => "Send the year as 4 digits, like 2025.",
            Format::Time => "Enter a real time, like 14:30, 9.05 or 2:30pm.",
            Format::Postcode => "Enter a real UK postcode, like SW1A 1AA or SW1A1AA.",
            Format::Money => "Enter the value in pounds, like 250, 89.99, £1,200.50 or £1200.50.",
            Format::Registration => {
                "Enter the registration number using letters and numbers only, with single spaces, like AB12 CDE."
            }
            Format::Email => "Enter an email address in the correct format, like name@example.com.",
            Format::Phone => {
                "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192."
            }
        }
    }
}

fn is_time(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    let (clock, twelve_hour) = match lower.strip_suffix("am").or_else(|| lower.strip_suffix("pm")) {
        Some(clock) => (clock.strip_suffix(' ').unwrap_or(clock), true),
        None => (lower.as_str(), false),
    };
    let (hours, minutes) = match clock.find([':', '.']) {
        Some(i) => (&clock[..i], Some(&clock[i + 1..])),
        None => (clock, None),
    };
    let two_digits = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
    if minutes.is_some_and(|m| !two_digits(m) || m.as_bytes()[0] > b'5') {
        return false;
    }
    if !(1..=2).contains(&hours.len()) || !hours.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let hour: u32 = hours.parse().unwrap_or(99);
    if twelve_hour {
        (1..=12).contains(&hour)
    } else {
        hour <= 23
    }
}

fn is_postcode(value: &str) -> bool {
    let b = value.as_bytes();
    if !value.is_ascii() || b.len() < 5 {
        return false;
    }
    let (rest, inward) = b.split_at(b.len() - 3);
    if !(inward[0].is_ascii_digit() && inward[1].is_ascii_alphabetic() && inward[2].is_ascii_alphabetic()) {
        return false;
    }
    let outward = rest.strip_suffix(b" ").unwrap_or(rest);
    let letters = outward.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    let after = &outward[letters.min(outward.len())..];
    (1..=2).contains(&letters)
        && (1..=2).contains(&after.len())
        && after[0].is_ascii_digit()
        && after.get(1).is_none_or(|c| c.is_ascii_alphanumeric())
}

fn is_money(value: &str) -> bool {
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let value = value.strip_prefix('£').unwrap_or(value);
    let (pounds, pence) = match value.split_once('.') {
        Some((pounds, pence)) => (pounds, Some(pence)),
        None => (value, None),
    };
    if pence.is_some_and(|p| p.len() != 2 || !all_digits(p)) {
        return false;
    }
    let digits = MONEY_MAX_POUNDS.to_string().len();
    if !pounds.contains(',') {
        return (1..=digits).contains(&pounds.len()) && all_digits(pounds);
    }
    let mut groups = pounds.split(',');
    let first = groups.next().unwrap_or("");
    let rest: Vec<&str> = groups.collect();
    (1..=3).contains(&first.len())
        && all_digits(first)
        && (1..=(digits - 1) / 3).contains(&rest.len())
        && rest.iter().all(|g| g.len() == 3 && all_digits(g))
}

fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else { return false };
    let local_ok = (1..=EMAIL_LOCAL_MAX_BYTES).contains(&local.len())
        && local.bytes().all(|b| b.is_ascii_alphanumeric() || b"._!#$%&'*+/=?^`{|}~-".contains(&b));
    let labels: Vec<&str> = domain.split('.').collect();
    local_ok
        && labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
}

fn is_phone(value: &str) -> bool {
    let rest = value.strip_prefix('+').unwrap_or(value);
    let (mut digits, mut run) = (0, 0);
    for c in rest.chars() {
        if c.is_ascii_digit() {
            digits += 1;
            run = 0;
        } else if matches!(c, ' ' | '(' | ')' | '-') {
            run += 1;
            if run > 3 {
                return false;
            }
        } else {
            return false;
        }
    }
    PHONE_DIGITS.contains(&digits)
}

// The list itself.

fn slugs<T: Copy>(all: &[T], slug: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|&c| slug(c)).collect()
}

fn field(name: &str, kind: Kind, need: Need, about: &str) -> Field {
    Field { name: name.into(), kind, need, about: about.into() }
}

fn text(name: &str, max: usize, need: Need, about: &str) -> Field {
    field(name, Kind::Text { max }, need, about)
}

fn choice(name: &str, choices: Vec<&'static str>, need: Need, about: &str) -> Field {
    field(name, Kind::Choice(choices), need, about)
}

fn yes_no(name: &str, need: Need, about: &str) -> Field {
    choice(name, vec!["yes", "no"], need, about)
}

/// Checkboxes; `none` is a choice when `with_none` (and then only on its own).
fn choices(name: &str, mut values: Vec<&'static str>, with_none: bool, about: &str) -> Field {
    if with_none {
        values.push("none");
    }
    field(name, Kind::Choices(values), Need::Always, about)
}

fn format(name: &str, format: Format, need: Need, about: &str) -> Field {
    field(name, Kind::Format(format), need, about)
}

/// The three boxes of a date, `{prefix}-day`, `-month` and `-year`.
fn date(fields: &mut Vec<Field>, prefix: &str, need: Need, what: &str) {
    for (part, form) in [("day", Format::Day), ("month", Format::Month), ("year", Format::Year)] {
        fields.push(format(&format!("{prefix}-{part}"), form, need.clone(), &format!("{what}: the {part}.")));
    }
}

fn when(condition: &str) -> Need {
    Need::When(condition.into())
}

fn build() -> Vec<StepFields> {
    vec![
        suitability(),
        what_happened(),
        property(),
        suspect(),
        evidence(),
        about_you(),
        needs(),
        support(),
        rights(),
        contact(),
        declaration(),
    ]
}

fn suitability() -> StepFields {
    let mut crimes = slugs(CrimeType::ALL, CrimeType::slug);
    crimes.extend(["fraud", "other"]);
    StepFields {
        step: Step::Suitability,
        about: "Whether the online service is right for this report. When these answers say it is not \
            (someone in danger, fraud, a crime this force does not take online, a victim under 16 \
            reporting alone), the answer is 422 `not_suitable`, whatever else is wrong.",
        fields: vec![
            yes_no(
                "danger",
                Need::Always,
                "Is anyone in immediate danger, or is it happening now? `yes` is not_suitable.",
            ),
            choice(
                "crime-type",
                crimes,
                Need::Always,
                "The crime. The force chooses which types it takes online; \
                `fraud`, `other` and types it does not take online are not_suitable.",
            ),
            choice(
                "reporting-for",
                slugs(ReportingFor::ALL, ReportingFor::slug),
                Need::Always,
                "Whose crime it is.",
            ),
            yes_no(
                "over-16",
                when("reporting-for is `myself`"),
                "Is the victim 16 or over? `no` is not_suitable.",
            ),
        ],
    }
}

fn what_happened() -> StepFields {
    let mut fields = vec![choice(
        "when-known",
        slugs(WhenKnown::ALL, WhenKnown::slug),
        Need::Always,
        "Whether the date is known.",
    )];
    date(
        &mut fields,
        "date",
        when("when-known is `exact`"),
        "The date it happened (a real date, today or earlier)",
    );
    fields.push(format("time", Format::Time, Need::Optional, "With `exact`: the time it happened."));
    date(
        &mut fields,
        "from",
        when("when-known is `between`"),
        "The first date it could have happened (today or earlier)",
    );
    date(
        &mut fields,
        "to",
        when("when-known is `between`"),
        "The last date it could have happened (the first date or later, today or earlier)",
    );
    fields.push(text("location", max_chars::LOCATION, Need::Always, "Where it happened."));
    fields.push(format(
        "location-postcode",
        Format::Postcode,
        Need::Optional,
        "The UK postcode where it happened.",
    ));
    fields.push(text("description", max_chars::DESCRIPTION, Need::Always, "What happened."));
    StepFields { step: Step::WhatHappened, about: "When and where it happened, and what happened.", fields }
}

fn property() -> StepFields {
    let value = format!(
        "With `yes`: its value in pounds, at most £{}, with pence as 2 digits if given.",
        thousands(MONEY_MAX_POUNDS)
    );
    let with_yes = || when("has-property is `yes`");
    StepFields {
        step: Step::Property,
        about: "Anything stolen or damaged.",
        fields: vec![
            yes_no("has-property", Need::Always, "Was anything stolen or damaged?"),
            text(
                "property-description",
                max_chars::PROPERTY_DESCRIPTION,
                with_yes(),
                "What was stolen or damaged.",
            ),
            format("property-value", Format::Money, Need::Optional, &value),
            text(
                "property-identifiers",
                max_chars::PROPERTY_IDENTIFIERS,
                Need::Optional,
                "With `yes`: serial numbers and marks.",
            ),
        ],
    }
}

/// `n` with commas between thousands, e.g. 10,000,000.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn suspect() -> StepFields {
    let one_of = "suspect-seen is `yes` and neither of the other two descriptions of the person is given";
    StepFields {
        step: Step::Suspect,
        about: "The person who did it. With suspect-seen `yes`, at least one of suspect-description, \
            suspect-name and suspect-vehicle is required.",
        fields: vec![
            choice(
                "suspect-seen",
                slugs(YesNoUnsure::ALL, YesNoUnsure::slug),
                Need::Always,
                "Did the victim see the person, or know who did it?",
            ),
            text(
                "suspect-description",
                max_chars::SUSPECT_DESCRIPTION,
                when(one_of),
                "What they looked like.",
            ),
            text("suspect-name", max_chars::SUSPECT_NAME, when(one_of), "Their name."),
            format("suspect-vehicle", Format::Registration, when(one_of), "Their vehicle's registration."),
        ],
    }
}

fn evidence() -> StepFields {
    StepFields {
        step: Step::Evidence,
        about: "Evidence and witnesses.",
        fields: vec![
            choices(
                "footage",
                slugs(Footage::ALL, Footage::slug),
                true,
                "Footage that may show it, or `none` on its own.",
            ),
            yes_no("witnesses", Need::Always, "Did anyone see it?"),
            text(
                "witness-details",
                max_chars::WITNESS_DETAILS,
                when("witnesses is `yes`"),
                "What is known about the witnesses, such as their names and how to contact them.",
            ),
            choice(
                "forensic",
                slugs(YesNoUnsure::ALL, YesNoUnsure::slug),
                Need::Always,
                "Did the person touch, move or leave anything behind?",
            ),
            yes_no("tracking", Need::Always, "Can the victim see where a stolen device is?"),
            text(
                "tracking-details",
                max_chars::TRACKING_DETAILS,
                Need::Optional,
                "With `yes`: the tracking details.",
            ),
        ],
    }
}

fn about_you() -> StepFields {
    let mut fields = vec![text("full-name", max_chars::FULL_NAME, Need::Always, "The victim's full name.")];
    date(
        &mut fields,
        "dob",
        Need::Always,
        &format!("The victim's date of birth (a real date in the past, at most {MAX_AGE_YEARS} years ago)"),
    );
    let contact = "reporting-for is `myself` and neither of the other ways (email, phone, \
        address-line-1 with postcode) is given";
    let reporter_contact =
        "reporting-for is `someone-else` and the other of reporter-email and reporter-phone is not given";
    fields.extend([
        format("email", Format::Email, when(contact), "The victim's email address."),
        format("phone", Format::Phone, when(contact), "The victim's phone number."),
        text(
            "address-line-1",
            max_chars::ADDRESS_LINE_1,
            when(contact),
            "First line of the victim's address.",
        ),
        text("town", max_chars::TOWN, Need::Optional, "Town or city."),
        format("postcode", Format::Postcode, when(contact), "The victim's postcode."),
        text("language", max_chars::LANGUAGE, Need::Optional, "The language the victim prefers."),
        yes_no("interpreter", Need::Always, "Does the victim need an interpreter to speak to the police?"),
        text("accessibility", max_chars::ACCESSIBILITY, Need::Optional, "Accessibility needs."),
        text(
            "reporter-name",
            max_chars::REPORTER_NAME,
            when("reporting-for is `someone-else`"),
            "The reporter's full name.",
        ),
        text(
            "reporter-relationship",
            max_chars::REPORTER_RELATIONSHIP,
            when("reporting-for is `someone-else`"),
            "How the reporter knows the victim, for example parent or carer.",
        ),
        format("reporter-email", Format::Email, when(reporter_contact), "The reporter's email address."),
        format("reporter-phone", Format::Phone, when(reporter_contact), "The reporter's phone number."),
    ]);
    StepFields {
        step: Step::AboutYou,
        about: "The victim and, when reporting-for is `someone-else`, the person reporting, whom the \
            force then contacts. With `myself`, give an email, a phone number, or an address line \
            and postcode.",
        fields,
    }
}

fn needs() -> StepFields {
    StepFields {
        step: Step::Needs,
        about: "What the victim needs; some circumstances give enhanced rights.",
        fields: vec![
            choices(
                "circumstances",
                slugs(Circumstance::ALL, Circumstance::slug),
                true,
                "Any that apply, or `none` on its own.",
            ),
            choices(
                "support",
                slugs(SupportNeed::ALL, SupportNeed::slug),
                true,
                "Help wanted, or `none` on its own. Each need offers an agency in the support step.",
            ),
        ],
    }
}

/// When the wizard offers `agency`, in words.
fn offered_when(agency: Agency) -> String {
    let needs: Vec<String> = SupportNeed::ALL
        .iter()
        .filter(|&&n| Agency::for_need(n) == agency)
        .map(|n| format!("your-needs.support has `{}`", n.slug()))
        .collect();
    let mut reasons = Vec::new();
    if agency == Agency::DomesticViolence {
        reasons.push("your-needs.circumstances has `domestic-abuse`".to_string());
    }
    if agency == Agency::ChildrenAndYoungPeople {
        reasons.push("the victim is under 18".to_string());
    }
    reasons.extend(needs);
    reasons.join(", or ")
}

fn support() -> StepFields {
    let fields = Agency::ALL
        .iter()
        .map(|&agency| {
            let need =
                if agency == Agency::VictimSupport { Need::Always } else { when(&offered_when(agency)) };
            yes_no(
                &format!("consent-{}", agency.slug()),
                need,
                &format!(
                    "Does the victim agree to their details being passed to this agency: {}?",
                    agency.label()
                ),
            )
        })
        .collect();
    StepFields {
        step: Step::Support,
        about: "One consent answer for each agency offered: Victim Support always, the others as \
            the answers in your-needs and the victim's age point to them.",
        fields,
    }
}

fn rights() -> StepFields {
    StepFields {
        step: Step::Rights,
        about: "The victim's rights under the Victims' Code.",
        fields: vec![
            choice("vps", slugs(VpsChoice::ALL, VpsChoice::slug), Need::Always, "Victim Personal Statement."),
            choice("rights-read", vec!["yes"], Need::Always, "The victim has been told their rights."),
        ],
    }
}

fn contact() -> StepFields {
    let mut fields = vec![choices(
        "channels",
        slugs(Channel::ALL, Channel::slug),
        false,
        "Ways to make contact. The details come from about-you (the reporter's with `someone-else`): \
         email needs an email address, phone and text a phone number, letter an address line and \
         postcode (only with `myself`). At least one chosen way must be safe.",
    )];
    for &channel in Channel::ALL {
        fields.push(yes_no(
            &format!("safe-{}", channel.slug()),
            when(&format!("channels has `{}`", channel.slug())),
            &format!("Is it safe to contact the victim by {}?", channel.label().to_lowercase()),
        ));
    }
    fields.push(choice("frequency", slugs(Frequency::ALL, Frequency::slug), Need::Always, "How often."));
    fields.push(text("safe-times", max_chars::SAFE_TIMES, Need::Optional, "Safe times to make contact."));
    StepFields { step: Step::Contact, about: "How the force keeps in touch.", fields }
}

fn declaration() -> StepFields {
    StepFields {
        step: Step::Declaration,
        about: "The declaration.",
        fields: vec![choice(
            "declaration",
            vec!["yes"],
            Need::Always,
            "The information is true to the best of the victim's knowledge.",
        )],
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn every_step_the_wizard_asks_is_listed_once_in_order() {
        let listed: Vec<Step> = steps().iter().map(|s| s.step).collect();
        let expected: Vec<Step> = Step::QUESTIONS.iter().copied().chain([Step::Declaration]).collect();
        assert_eq!(listed, expected);
        for spec in steps() {
            let mut names: Vec<&str> = spec.fields.iter().map(|f| f.name.as_str()).collect();
            names.sort();
            let before = names.len();
            names.dedup();
            assert_eq!(before, names.len(), "a field twice in {}", spec.step.slug());
            assert!(spec.required().next().is_some(), "{} has a required field", spec.step.slug());
        }
    }

    fn problems(body: Value) -> Vec<(String, String)> {
        check(&body).unwrap().problems.into_iter().map(|p| (p.field, p.message)).collect()
    }

    #[test]
    fn unknown_steps_and_fields_are_refused_whatever_their_value() {
        let found = problems(json!({
            "admin": {}, "suitability": { "danger": "no", "extra": "text", "other": { "an": "object" } },
        }));
        let named: Vec<&str> = found.iter().map(|(f, _)| f.as_str()).collect();
        assert!(named.contains(&"admin"), "{found:?}");
        assert!(named.contains(&"suitability.extra"), "{found:?}");
        assert!(named.contains(&"suitability.other"), "{found:?}");
        assert!(found.iter().any(|(f, m)| f == "admin" && m.starts_with("Not a step")));
    }

    #[test]
    fn types_choices_lengths_and_forms_are_checked_field_by_field() {
        let long = "x".repeat(max_chars::LOCATION + 1);
        let found = problems(json!({
            "suitability": { "danger": ["no"], "crime-type": "arson", "over-16": 1 },
            "what-happened": { "location": long, "description": "a\u{1}b", "date-day": "+3", "time": "25:00" },
            "evidence": { "footage": ["cctv", 2] },
        }));
        let message =
            |field: &str| found.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone()).unwrap_or_default();
        assert_eq!(message("suitability.danger"), "Send this answer as a string.");
        assert!(message("suitability.crime-type").starts_with("Choose one of: theft-of-vehicle"));
        assert_eq!(message("suitability.over-16"), "Send this answer as a string.");
        assert!(message("what-happened.location").contains("500 characters or fewer (this one has 501)"));
        assert!(message("what-happened.description").contains("control characters"));
        assert!(message("what-happened.date-day").contains("1 or 2 digits"));
        assert!(message("what-happened.time").contains("real time"));
        assert_eq!(message("evidence.footage"), "Send a string, or a list of strings.");
    }

    #[test]
    fn missing_required_fields_are_each_named() {
        let found = problems(json!({}));
        let named: Vec<&str> = found.iter().map(|(f, _)| f.as_str()).collect();
        for required in [
            "suitability.danger",
            "what-happened.description",
            "about-you.dob-year",
            "support.consent-victim-support",
            "declaration.declaration",
        ] {
            assert!(named.contains(&required), "{required} in {named:?}");
        }
        assert!(!named.contains(&"suitability.over-16"), "conditional fields are not required");
        let total: usize = steps().iter().map(|s| s.required().count()).sum();
        assert_eq!(found.len(), total);
    }

    #[test]
    fn forms_match_what_their_patterns_say() {
        let cases: &[(Format, &[&str], &[&str])] = &[
            (Format::Day, &["3", "03", "31"], &["", "123", "+3", " 3", "३"]),
            (Format::Year, &["2025"], &["25", "20255", "２０２５"]),
            (
                Format::Time,
                &["0", "9", "14:30", "23:59", "7.05", "12am", "2:30 PM", "09pm"],
                &["24:00", "14:5", "14:60", "0am", "13pm", "2:30  pm", " 14:30", "14:30:00", "am"],
            ),
            (
                Format::Postcode,
                &["SW1A 1AA", "sw1a1aa", "B1 1BB", "M60 1NW", "DN55 1PT", "W1A 0AX"],
                &["SW1A  1AA", "12345", "SW1A 1A", " B1 1BB", "ſW1A 1AA", "ABC1 1AA", "B 1 1BB"],
            ),
            (
                Format::Money,
                &["250", "£1,200.50", "89.99", "10,000,000", "99999999", "£0.01"],
                &["12.5", "-3", "1,2,3", "££5", "1,0000", "123456789", "1,000,000,000", ".50"],
            ),
            (
                Format::Registration,
                &["AB12 CDE", "ab12cde", "A1", "ABCDEFGH", "A B C D E F G H"],
                &["A", "AB-12", " AB12", "AB12 ", "AB  12", "ABCDEFGHJ"],
            ),
            (
                Format::Email,
                &["jo@example.com", "a.b+c@mail.example.co.uk"],
                &[
                    "jo",
                    "jo@",
                    "@example.com",
                    "jo@example",
                    "jo @example.com",
                    "jo@exa..mple.com",
                    "a@b@c.d",
                    "jö@example.com",
                ],
            ),
            (
                Format::Phone,
                &["07700 900982", "+44 (0)121 626 5000", "0121-626-5000", "123456789012345"],
                &[
                    "12345",
                    "0770090098a",
                    "07700+900982",
                    "1234567890123456",
                    "0121    626 5000",
                    " +44 121 626 5000",
                ],
            ),
        ];
        for (format, good, bad) in cases {
            for value in *good {
                assert!(format.matches(value), "{format:?} should take {value:?}");
            }
            for value in *bad {
                assert!(
                    !value.is_empty() && !format.matches(value) || value.is_empty(),
                    "{format:?} should refuse {value:?}"
                );
            }
        }
    }

    #[test]
    fn every_form_the_contract_takes_the_wizards_rules_take_too() {
        use rules::fields;
        let samples: &[(Format, &[&str])] = &[
            (Format::Time, &["0", "9", "14:30", "23:59", "7.05", "12am", "2:30 PM", "09pm", "1.30am"]),
            (Format::Postcode, &["SW1A 1AA", "sw1a1aa", "B1 1BB", "W1A 0AX", "AA9A 9AA", "A9A9AA"]),
            (Format::Money, &["250", "£1,200.50", "10,000,000", "0", "00000000.00"]),
            (Format::Registration, &["AB12 CDE", "A1", "A B C D E F G H"]),
            (Format::Email, &["jo@example.com", "a.b+c@mail.example.co.uk", "x@a-b.c"]),
            (Format::Phone, &["07700 900982", "+44 (0)121 626 5000", "+(( 1234567890 )"]),
        ];
        for (format, values) in samples {
            for value in *values {
                assert!(format.matches(value), "{format:?} {value:?}");
                let taken = match format {
                    Format::Time => fields::time(value).is_ok(),
                    Format::Postcode => fields::postcode(value).is_ok(),
                    Format::Money => fields::money_pence(value).is_ok(),
                    Format::Registration => fields::vehicle_registration(value).is_ok(),
                    Format::Email => fields::email(value).is_ok(),
                    Format::Phone => fields::phone(value).is_ok(),
                    _ => true,
                };
                assert!(taken, "the rules refuse {value:?} that the contract takes as {format:?}");
            }
        }
    }
}
