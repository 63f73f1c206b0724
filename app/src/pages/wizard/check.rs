//! "Check your answers" and the declaration.

use leptos::prelude::*;
use rules::wizard::{Report, Step, When};

use super::StepView;
use crate::{form_controls::Checkboxes, summary_list::SummaryList};

fn yes_no(b: bool) -> String {
    if b { "Yes" } else { "No" }.to_string()
}

fn or_not_given(value: &Option<String>) -> String {
    value.clone().unwrap_or_else(|| "Not given".to_string())
}

fn date(d: chrono::NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// The answers of one step as (question, answer) rows.
fn rows(report: &Report, step: Step) -> Vec<(&'static str, String)> {
    match step {
        Step::Suitability => vec![
            ("What you are reporting", report.suitability.crime_type.label().to_string()),
            ("Who you are reporting for", report.suitability.reporting_for.label().to_string()),
        ],
        Step::When => {
            let when = match &report.what_happened.when {
                When::On { date: d, time: Some(t) } => format!("{} at {}", date(*d), t.format("%H:%M")),
                When::On { date: d, time: None } => date(*d),
                When::Between { from, to } => format!("Between {} and {}", date(*from), date(*to)),
            };
            vec![("When", when)]
        }
        Step::Where => {
            let w = &report.what_happened;
            vec![("Where", w.location.clone()), ("Postcode", or_not_given(&w.postcode))]
        }
        Step::WhatHappened => vec![("What happened", report.what_happened.description.clone())],
        Step::Property => match &report.property {
            None => vec![("Anything stolen or damaged", "No".into())],
            Some(p) => vec![
                ("What was stolen or damaged", p.description.clone()),
                (
                    "Value",
                    p.value_pence
                        .map(|v| format!("£{}.{:02}", v / 100, v % 100))
                        .unwrap_or_else(|| "Not given".into()),
                ),
                ("Serial numbers and marks", or_not_given(&p.identifiers)),
            ],
        },
        Step::Suspect => {
            let s = &report.suspect;
            vec![
                ("Did you see them or know who did it", s.seen.label().to_string()),
                ("Description", or_not_given(&s.description)),
                ("Name", or_not_given(&s.name)),
                ("Vehicle registration", or_not_given(&s.vehicle_registration)),
            ]
        }
        Step::Evidence => {
            let e = &report.evidence;
            let footage = if e.footage.is_empty() {
                "None".to_string()
            } else {
                e.footage.iter().map(|f| f.label()).collect::<Vec<_>>().join(", ")
            };
            vec![
                ("Footage", footage),
                ("Witnesses", e.witnesses.clone().unwrap_or_else(|| "No".into())),
                ("Touched or left anything", e.forensic.label().to_string()),
                (
                    "Can track a stolen device",
                    match &e.device_tracking {
                        None => "No".to_string(),
                        Some(details) => details.clone().unwrap_or_else(|| "Yes".into()),
                    },
                ),
            ]
        }
        Step::AboutYou => {
            let v = &report.people.victim;
            let mut rows = vec![
                ("Name", v.full_name.clone()),
                ("Date of birth", date(v.date_of_birth)),
                ("Email", or_not_given(&v.email)),
                ("Phone", or_not_given(&v.phone)),
                (
                    "Address",
                    match (&v.address_line_1, &v.town, &v.postcode) {
                        (None, None, None) => "Not given".to_string(),
                        (a, t, p) => [a, t, p].into_iter().flatten().cloned().collect::<Vec<_>>().join(", "),
                    },
                ),
                ("Language", or_not_given(&v.language)),
                ("Needs an interpreter", yes_no(v.interpreter)),
                ("Accessibility needs", or_not_given(&v.accessibility_needs)),
            ];
            if let Some(r) = &report.people.reporter {
                rows.push(("Your name", r.full_name.clone()));
                rows.push(("How you know them", r.relationship.clone()));
                rows.push(("Your email", or_not_given(&r.email)));
                rows.push(("Your phone", or_not_given(&r.phone)));
            }
            rows
        }
        Step::Needs => {
            let n = &report.needs;
            let list = |items: Vec<&'static str>| {
                if items.is_empty() {
                    "None of these".to_string()
                } else {
                    items.join("; ")
                }
            };
            vec![
                ("What applies", list(n.circumstances.iter().map(|c| c.label()).collect())),
                ("Help you would like", list(n.support.iter().map(|s| s.label()).collect())),
            ]
        }
        Step::Support => report
            .consents
            .iter()
            .map(|(agency, yes)| {
                (agency.label(), if *yes { "Yes, you may refer me" } else { "No" }.to_string())
            })
            .collect(),
        Step::Rights => vec![("Victim Personal Statement", report.rights.vps.label().to_string())],
        Step::Contact => {
            let c = &report.contact;
            let mut rows: Vec<(&'static str, String)> = c
                .channels
                .iter()
                .map(|(ch, safe)| {
                    (ch.label(), if *safe { "Safe to use" } else { "Not safe: do not use" }.to_string())
                })
                .collect();
            rows.push(("How often", c.frequency.label().to_string()));
            rows.push(("Safe times", or_not_given(&c.safe_times)));
            rows
        }
        Step::Check | Step::Declaration => Vec::new(),
    }
}

/// Every answer, grouped by step, each group with a Change link that comes back here. The
/// pages of one part of the report (the date, the place and the account) share its heading.
#[component]
pub fn CheckAnswers() -> impl IntoView {
    let view = expect_context::<StepView>();
    let Some(report) = view.report else {
        return ().into_any();
    };
    Step::QUESTIONS
        .iter()
        .copied()
        .map(|step| {
            let change = format!("/report/{}?return=check", step.slug());
            let rows = rows(&report, step).into_iter().map(|(key, value)| (key, value.into_any())).collect();
            let heading = (step.previous().map(Step::section) != Some(step.section()))
                .then(|| view! { <h2 class="heading-m">{step.section().title()}</h2> });
            view! {
                {heading}
                <SummaryList rows change what=step.title().to_lowercase()/>
            }
        })
        .collect_view()
        .into_any()
}

/// The declaration before sending.
#[component]
pub fn Declaration() -> impl IntoView {
    view! {
        <p class="body">
            "By sending this report you confirm that, to the best of your knowledge, the information you have "
            "given is true. Knowingly giving false information to the police is an offence."
        </p>
        <Checkboxes
            name="declaration"
            legend="Declaration"
            options=vec![("yes", "I confirm the information I have given is true to the best of my knowledge".to_string())]
        />
    }
}
