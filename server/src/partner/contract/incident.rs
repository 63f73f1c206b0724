//! The fields of the steps about the crime: suitability, what happened, property, suspect,
//! evidence.

use super::list::*;
use super::*;

pub(super) fn suitability() -> StepFields {
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

pub(super) fn what_happened() -> StepFields {
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

pub(super) fn property() -> StepFields {
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
pub(super) fn thousands(n: u64) -> String {
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

pub(super) fn suspect() -> StepFields {
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

pub(super) fn evidence() -> StepFields {
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
