//! What the benchmarks share: a complete report's answers.

use rules::wizard::{Answers, Form, Step};

/// A bicycle theft reported by its victim, every step answered.
pub fn answers() -> Answers {
    let steps: [(Step, &[(&str, &str)]); 10] = [
        (
            Step::Suitability,
            &[
                ("danger", "no"),
                ("crime-type", "bicycle-theft"),
                ("reporting-for", "myself"),
                ("over-16", "yes"),
            ],
        ),
        (
            Step::WhatHappened,
            &[
                ("when-known", "exact"),
                ("date-day", "3"),
                ("date-month", "2"),
                ("date-year", "2025"),
                ("location", "High Street"),
                ("description", "My bike was taken from the rack."),
            ],
        ),
        (
            Step::Property,
            &[("has-property", "yes"), ("property-description", "Red bike"), ("property-value", "450")],
        ),
        (Step::Suspect, &[("suspect-seen", "no")]),
        (
            Step::Evidence,
            &[("footage", "cctv"), ("witnesses", "no"), ("forensic", "not-sure"), ("tracking", "no")],
        ),
        (
            Step::AboutYou,
            &[
                ("full-name", "Sam Patel"),
                ("dob-day", "3"),
                ("dob-month", "4"),
                ("dob-year", "1990"),
                ("email", "sam@example.com"),
                ("interpreter", "no"),
            ],
        ),
        (Step::Needs, &[("circumstances", "none"), ("support", "none")]),
        (Step::Support, &[("consent-victim-support", "yes")]),
        (Step::Rights, &[("vps", "later"), ("rights-read", "yes")]),
        (Step::Contact, &[("channels", "email"), ("safe-email", "yes"), ("frequency", "when-news")]),
    ];
    let mut a = Answers::default();
    for (step, pairs) in steps {
        a.forms.insert(step, Form::from_pairs(pairs.iter().copied()));
    }
    // The date, place and account are written together above; each has its own page.
    a.onto_their_pages();
    a
}
