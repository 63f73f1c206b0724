//! The contract against the wizard's own steps and rules.

use serde_json::json;

use super::*;

#[test]
fn every_step_the_wizard_asks_is_listed_once_in_order() {
    let listed: Vec<Step> = steps().iter().map(|s| s.step).collect();
    let mut expected: Vec<Step> = Vec::new();
    for part in Step::QUESTIONS.iter().map(|s| s.section()).chain([Step::Declaration]) {
        if !expected.contains(&part) {
            expected.push(part);
        }
    }
    assert_eq!(listed, expected);
    // The date, the place and the account, asked on three pages, are one part here.
    let pages: Vec<String> = [Step::When, Step::Where, Step::WhatHappened]
        .into_iter()
        .flat_map(|page| page.fields().into_iter().map(|f| f.name))
        .collect();
    let part = steps().iter().find(|s| s.step == Step::WhatHappened).unwrap();
    assert_eq!(part.fields.iter().map(|f| f.name.clone()).collect::<Vec<_>>(), pages);
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
