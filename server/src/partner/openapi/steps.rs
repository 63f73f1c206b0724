//! The request body's schema, one step at a time, and the example request. Field names are the
//! wizard's own; choice values come from the rules' lists, so the document cannot offer a value
//! the checks refuse.

use rules::wizard::{
    Agency, Channel, Circumstance, CrimeType, Footage, Frequency, ReportingFor, SupportNeed, VpsChoice,
    WhenKnown, YesNoUnsure,
};
use serde_json::{json, Map, Value};

/// The form values of every choice in `all`.
fn slugs<T: Copy>(all: &[T], slug: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|&c| slug(c)).collect()
}

/// One answer: a string, from `values` when given.
fn one(description: &str, values: Option<Vec<&str>>) -> Value {
    match values {
        Some(values) => json!({ "type": "string", "enum": values, "description": description }),
        None => json!({ "type": "string", "description": description }),
    }
}

fn text(description: &str) -> Value {
    one(description, None)
}

fn yes_no(description: &str) -> Value {
    one(description, Some(vec!["yes", "no"]))
}

/// The three boxes of a date, `{prefix}-day`, `-month` and `-year`, as numbers in strings.
fn date(fields: &mut Map<String, Value>, prefix: &str, what: &str) {
    for part in ["day", "month", "year"] {
        let description =
            format!("{what}: the {part}, as a number in a string, e.g. \"3\", \"2\", \"2025\".");
        fields.insert(format!("{prefix}-{part}"), text(&description));
    }
}

/// Ticked checkboxes: a list of strings from `values` (or one string). `none` on its own when
/// `with_none`.
fn many(description: &str, mut values: Vec<&str>, with_none: bool) -> Value {
    if with_none {
        values.push("none");
    }
    let string = json!({ "type": "string", "enum": values });
    json!({ "description": description, "oneOf": [string.clone(), { "type": "array", "items": string }] })
}

/// A step's answers: named fields, and fields named by a pattern (one for each agency, say).
/// Fields the step does not ask about are ignored by the checks.
fn step(description: &str, properties: Value, patterns: Option<Value>) -> Value {
    let mut schema = json!({ "type": "object", "description": description, "properties": properties });
    if let Some(patterns) = patterns {
        schema["patternProperties"] = patterns;
    }
    schema
}

/// The whole request body: one object per step, no other keys.
pub fn request_schema() -> Value {
    let (property, suspect) = property_and_suspect();
    let (needs, support) = needs_and_support();
    let (rights, declaration) = rights_and_declaration();
    json!({
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "suitability": suitability(),
            "what-happened": what_happened(),
            "property": property,
            "suspect": suspect,
            "evidence": evidence(),
            "about-you": about_you(),
            "your-needs": needs,
            "support": support,
            "your-rights": rights,
            "contact": contact(),
            "declaration": declaration,
        },
    })
}

fn suitability() -> Value {
    let mut crimes = slugs(CrimeType::ALL, CrimeType::slug);
    crimes.extend(["fraud", "other"]);
    step(
        "Whether the online service is right for this report.",
        json!({
            "danger": yes_no("Is anyone in immediate danger, or is it happening now? `yes` is not_suitable."),
            "crime-type": one("The crime. The force chooses which types it takes online; `fraud`, `other` \
                and types it does not take online are not_suitable.", Some(crimes)),
            "reporting-for": one("Whose crime it is.", Some(slugs(ReportingFor::ALL, ReportingFor::slug))),
            "over-16": yes_no("Asked when reporting-for is `myself`; `no` is not_suitable."),
        }),
        None,
    )
}

fn what_happened() -> Value {
    let mut fields = Map::new();
    fields.insert(
        "when-known".into(),
        one("Whether the date is known.", Some(slugs(WhenKnown::ALL, WhenKnown::slug))),
    );
    date(&mut fields, "date", "With `exact`: the date it happened (today or earlier)");
    fields.insert("time".into(), text("Optional, with `exact`: the time, e.g. 14:30 or 2:30pm."));
    date(&mut fields, "from", "With `between`: the first date");
    date(&mut fields, "to", "With `between`: the last date");
    fields.insert("location".into(), text("Required: where it happened, up to 500 characters."));
    fields.insert("location-postcode".into(), text("Optional: the UK postcode where it happened."));
    fields.insert("description".into(), text("Required: what happened, up to 5000 characters."));
    step("When and where it happened, and what happened.", Value::Object(fields), None)
}

fn property_and_suspect() -> (Value, Value) {
    let property = step(
        "Anything stolen or damaged.",
        json!({
            "has-property": yes_no("Was anything stolen or damaged?"),
            "property-description": text("Required with `yes`: what, up to 2000 characters."),
            "property-value": text("Optional: its value in pounds, e.g. 450 or £1,200.50."),
            "property-identifiers": text("Optional: serial numbers and marks."),
        }),
        None,
    );
    let suspect = step(
        "The person who did it.",
        json!({
            "suspect-seen": one("Did the victim see the person, or know who did it?",
                Some(slugs(YesNoUnsure::ALL, YesNoUnsure::slug))),
            "suspect-description": text("With `yes`: what they looked like."),
            "suspect-name": text("With `yes`: their name."),
            "suspect-vehicle": text("With `yes`: their vehicle's registration. One of the three is needed."),
        }),
        None,
    );
    (property, suspect)
}

fn evidence() -> Value {
    step(
        "Evidence and witnesses.",
        json!({
            "footage": many("Footage that may show it, or `none` on its own.", slugs(Footage::ALL, Footage::slug), true),
            "witnesses": yes_no("Did anyone see it?"),
            "witness-details": text("Required with `yes`: what is known about the witnesses."),
            "forensic": one("Did the person touch, move or leave anything behind?",
                Some(slugs(YesNoUnsure::ALL, YesNoUnsure::slug))),
            "tracking": yes_no("Can the victim see where a stolen device is?"),
            "tracking-details": text("Optional with `yes`: the tracking details."),
        }),
        None,
    )
}

fn about_you() -> Value {
    let mut fields = Map::new();
    fields.insert("full-name".into(), text("Required: the victim's full name."));
    date(&mut fields, "dob", "Required: the victim's date of birth");
    for (name, description) in [
        ("email", "Email address."),
        ("phone", "Phone number."),
        ("address-line-1", "First line of the address."),
        ("town", "Town or city."),
        ("postcode", "Postcode."),
        ("language", "Optional: the language the victim prefers."),
        ("accessibility", "Optional: accessibility needs."),
        ("reporter-name", "With `someone-else`: the reporter's full name."),
        ("reporter-relationship", "With `someone-else`: how the reporter knows the victim."),
        ("reporter-email", "With `someone-else`: the reporter's email (or phone)."),
        ("reporter-phone", "With `someone-else`: the reporter's phone (or email)."),
    ] {
        fields.insert(name.into(), text(description));
    }
    fields
        .insert("interpreter".into(), yes_no("Does the victim need an interpreter to speak to the police?"));
    step(
        "The victim and, when reporting-for is `someone-else`, the person reporting. With `myself`, \
         give an email, a phone number, or an address line and postcode.",
        Value::Object(fields),
        None,
    )
}

fn needs_and_support() -> (Value, Value) {
    let needs = step(
        "What the victim needs; some circumstances give enhanced rights.",
        json!({
            "circumstances": many("Any that apply, or `none` on its own.",
                slugs(Circumstance::ALL, Circumstance::slug), true),
            "support": many("Help wanted, or `none` on its own.", slugs(SupportNeed::ALL, SupportNeed::slug), true),
        }),
        None,
    );
    let agencies = slugs(Agency::ALL, Agency::slug).join("|");
    let support = step(
        "One consent-{agency} answer for each agency offered: victim-support always; the others \
         follow from your-needs and the victim's age (under 18: children-and-young-people).",
        json!({}),
        Some(json!({ format!("^consent-({agencies})$"):
            yes_no("Does the victim agree to their details being passed to this agency?") })),
    );
    (needs, support)
}

fn contact() -> Value {
    let channels = slugs(Channel::ALL, Channel::slug);
    let pattern = format!("^safe-({})$", channels.join("|"));
    step(
        "How the force keeps in touch. Each channel chosen needs its safe-{channel} answer, and at \
         least one must be safe.",
        json!({
            "channels": many("Ways to make contact; the details come from about-you.", channels, false),
            "frequency": one("How often.", Some(slugs(Frequency::ALL, Frequency::slug))),
            "safe-times": text("Optional: safe times to make contact."),
        }),
        Some(json!({ pattern: yes_no("Is it safe to contact the victim this way?") })),
    )
}

fn rights_and_declaration() -> (Value, Value) {
    let rights = step(
        "The victim's rights under the Victims' Code.",
        json!({
            "vps": one("Victim Personal Statement.", Some(slugs(VpsChoice::ALL, VpsChoice::slug))),
            "rights-read": one("Required: the victim has been told their rights.", Some(vec!["yes"])),
        }),
        None,
    );
    let declaration = step(
        "The declaration.",
        json!({
            "declaration": one("Required: the information is true to the best of the victim's knowledge.",
                Some(vec!["yes"])),
        }),
        None,
    );
    (rights, declaration)
}

/// A bicycle theft reported by the victim with a reporting centre's help: every step answered.
pub fn example_body() -> Value {
    json!({
        "suitability": { "danger": "no", "crime-type": "bicycle-theft", "reporting-for": "myself", "over-16": "yes" },
        "what-happened": {
            "when-known": "exact", "date-day": "3", "date-month": "2", "date-year": "2025", "time": "",
            "location": "Bike racks outside the library, High Street", "location-postcode": "B1 1BB",
            "description": "My bike was locked up and had gone when I came back.",
        },
        "property": {
            "has-property": "yes", "property-description": "Red Raleigh bike", "property-value": "450",
            "property-identifiers": "Frame WTU123456",
        },
        "suspect": { "suspect-seen": "no" },
        "evidence": { "footage": ["cctv"], "witnesses": "no", "forensic": "not-sure", "tracking": "no" },
        "about-you": {
            "full-name": "Sam Patel", "dob-day": "3", "dob-month": "4", "dob-year": "1990",
            "email": "sam@example.com", "interpreter": "no",
        },
        "your-needs": { "circumstances": ["none"], "support": ["debt"] },
        "support": { "consent-victim-support": "yes", "consent-debt": "no" },
        "your-rights": { "vps": "later", "rights-read": "yes" },
        "contact": { "channels": ["email"], "safe-email": "yes", "frequency": "when-news" },
        "declaration": { "declaration": "yes" },
    })
}
