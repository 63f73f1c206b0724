//! Allocation decisions per second for the rules alone (no database, no web), on this machine.
//!
//! `cargo run --release -p rules --example decide_bench -- [decisions]`

use std::time::Instant;

use chrono::NaiveDate;
use rules::{
    allocation::{decide, RuleSet},
    wizard::{Answers, Context, CrimeType, Form, Step},
};

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(200_000);
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let ctx = Context { today, online_crime_types: CrimeType::ALL.to_vec() };
    let pages: [(Step, &[(&str, &str)]); 10] = [
        (
            Step::Suitability,
            &[
                ("danger", "no"),
                ("crime-type", "theft-from-person"),
                ("reporting-for", "myself"),
                ("over-16", "yes"),
            ],
        ),
        (
            Step::WhatHappened,
            &[
                ("when-known", "exact"),
                ("date-day", "27"),
                ("date-month", "11"),
                ("date-year", "2026"),
                ("location", "Bus stop, Station Road"),
                (
                    "description",
                    "A man grabbed my phone and ran towards the park. I think he is following me.",
                ),
            ],
        ),
        (
            Step::Property,
            &[
                ("has-property", "yes"),
                ("property-description", "Black phone"),
                ("property-value", "650"),
                ("property-identifiers", "IMEI 356938035643809"),
            ],
        ),
        (Step::Suspect, &[("suspect-seen", "yes"), ("suspect-description", "Tall, grey hoodie")]),
        (
            Step::Evidence,
            &[
                ("footage", "cctv"),
                ("witnesses", "yes"),
                ("witness-details", "A woman at the stop"),
                ("forensic", "no"),
                ("tracking", "yes"),
            ],
        ),
        (
            Step::AboutYou,
            &[
                ("full-name", "Sam Patel"),
                ("dob-day", "3"),
                ("dob-month", "4"),
                ("dob-year", "1950"),
                ("email", "sam@example.com"),
                ("interpreter", "no"),
            ],
        ),
        (Step::Needs, &[("circumstances", "intimidated"), ("support", "older-person")]),
        (Step::Support, &[("consent-victim-support", "yes"), ("consent-elderly-care", "yes")]),
        (Step::Rights, &[("vps", "later"), ("rights-read", "yes")]),
        (Step::Contact, &[("channels", "email"), ("safe-email", "yes"), ("frequency", "fortnightly")]),
    ];
    let mut answers = Answers::default();
    for (step, pairs) in pages {
        answers.forms.insert(step, Form::from_pairs(pairs.iter().copied()));
    }
    // The date, place and account are written together above; each has its own page.
    answers.onto_their_pages();
    let report = answers.report(&ctx).expect("a complete report");
    let rules = RuleSet::default_rules();

    let start = Instant::now();
    let mut investigated = 0usize;
    for _ in 0..n {
        let decision = decide(std::hint::black_box(&report), &rules, today);
        investigated +=
            usize::from(matches!(decision.outcome, rules::allocation::Outcome::Investigate { .. }));
    }
    let elapsed = start.elapsed();
    println!(
        "allocation decisions (THRIVE+, lines of enquiry, outcome): {:.0} /s",
        n as f64 / elapsed.as_secs_f64()
    );
    println!(
        "{n} decisions in {:.2} s, {:.1} µs each ({investigated} investigated)",
        elapsed.as_secs_f64(),
        elapsed.as_micros() as f64 / n as f64
    );
}
