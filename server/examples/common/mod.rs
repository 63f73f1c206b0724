//! What the benchmarks share: a complete report's answers, and a fresh database. (Each
//! benchmark uses part of it.)

#![allow(dead_code)]

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

/// The database a benchmark runs on, made afresh: the PostgreSQL server `BENCH_DATABASE_URL`
/// names, or else a new SQLite file `file` in `dir` (made if missing).
pub fn fresh_database(dir: &std::path::Path, file: &str) -> std::io::Result<String> {
    if let Some(url) = std::env::var("BENCH_DATABASE_URL").ok().filter(|url| !url.is_empty()) {
        return Ok(url);
    }
    std::fs::create_dir_all(dir)?;
    let path = dir.join(file);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    Ok(format!("sqlite://{}", path.display()))
}
