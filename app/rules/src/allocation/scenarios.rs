//! Scenario tests written from the victim's side: what happened, and what the Investigation Model
//! should do with it. Plus property tests of the invariants.

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::wizard::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

/// A bicycle taken from outside a shop, no footage, no suspect, adult victim.
fn base() -> Report {
    Report {
        suitability: Suitability { crime_type: CrimeType::BicycleTheft, reporting_for: ReportingFor::Myself },
        what_happened: WhatHappened {
            when: When::On { date: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(), time: None },
            location: "Outside the shop on High Street".into(),
            postcode: None,
            description: "I left my bike locked outside the shop and it was gone when I came out.".into(),
        },
        property: Some(Property {
            description: "Blue bike".into(),
            value_pence: Some(30_000),
            identifiers: None,
        }),
        suspect: Suspect { seen: YesNoUnsure::No, description: None, name: None, vehicle_registration: None },
        evidence: Evidence {
            footage: vec![],
            witnesses: None,
            forensic: YesNoUnsure::No,
            device_tracking: None,
        },
        people: People {
            victim: Person {
                full_name: "Sam Patel".into(),
                date_of_birth: NaiveDate::from_ymd_opt(1990, 4, 3).unwrap(),
                email: Some("sam@example.com".into()),
                phone: None,
                address_line_1: None,
                town: None,
                postcode: None,
                language: None,
                interpreter: false,
                accessibility_needs: None,
            },
            reporter: None,
        },
        needs: Needs { circumstances: vec![], support: vec![] },
        consents: vec![(Agency::VictimSupport, true)],
        rights: RightsGiven { vps: VpsChoice::Later },
        contact: ContactPlan {
            channels: vec![(Channel::Email, true)],
            frequency: Frequency::WhenNews,
            safe_times: None,
        },
    }
}

fn born(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 6, 1).unwrap()
}

type Change = fn(&mut Report);

/// (what happened, changes to the base report, expected team or None for filed, review required)
fn scenarios() -> Vec<(&'static str, Change, Option<Team>, bool)> {
    vec![
        ("bicycle taken from outside a shop, no footage", |_| {}, None, false),
        (
            "phone snatched in the street and its tracking shows where it is",
            |r| {
                r.suitability.crime_type = CrimeType::TheftFromPerson;
                r.evidence.device_tracking = Some(Some("Find My shows it on Park Road".into()));
            },
            Some(Team::Iit),
            false,
        ),
        (
            "shed broken into, a neighbour's doorbell camera caught it",
            |r| {
                r.suitability.crime_type = CrimeType::DamageToProperty;
                r.evidence.footage = vec![Footage::Doorbell];
            },
            Some(Team::Iit),
            false,
        ),
        (
            "car damaged by an ex-partner",
            |r| {
                r.suitability.crime_type = CrimeType::DamageToVehicle;
                r.needs.circumstances = vec![Circumstance::DomesticAbuse];
                r.suspect = Suspect {
                    seen: YesNoUnsure::Yes,
                    description: None,
                    name: Some("Alex".into()),
                    vehicle_registration: None,
                };
            },
            Some(Team::Ppu),
            true,
        ),
        (
            "phone taken from a 15-year-old at the bus stop, nothing to go on",
            |r| {
                r.suitability = Suitability {
                    crime_type: CrimeType::TheftFromPerson,
                    reporting_for: ReportingFor::SomeoneElse,
                };
                r.people.victim.date_of_birth = born(2011);
            },
            Some(Team::Iit),
            true,
        ),
        (
            "an older person targeted again and again at the door",
            |r| {
                r.suitability.crime_type = CrimeType::OtherTheft;
                r.people.victim.date_of_birth = born(1940);
                r.needs.circumstances = vec![Circumstance::PersistentlyTargeted];
                r.needs.support = vec![SupportNeed::OlderPerson];
                r.consents.push((Agency::ElderlyCare, true));
            },
            Some(Team::Fcid),
            true,
        ),
        (
            "hate-motivated graffiti on the front door",
            |r| {
                r.suitability.crime_type = CrimeType::Graffiti;
                r.property = None;
                r.needs.circumstances = vec![Circumstance::Hate];
            },
            Some(Team::Iit),
            true,
        ),
        (
            "bike taken, the frame number is known",
            |r| {
                r.property.as_mut().unwrap().identifiers = Some("Frame WTU123456".into());
            },
            Some(Team::Iit),
            false,
        ),
        (
            "catalytic converter stolen, a witness saw a van and its registration",
            |r| {
                r.suitability.crime_type = CrimeType::TheftFromVehicle;
                r.suspect = Suspect {
                    seen: YesNoUnsure::Yes,
                    description: Some("two men in hi-vis".into()),
                    name: None,
                    vehicle_registration: Some("AB12CDE".into()),
                };
                r.evidence.witnesses = Some("My neighbour at number 4".into());
            },
            Some(Team::Iit),
            false,
        ),
        (
            "car stolen from the drive, worth £18,000",
            |r| {
                r.suitability.crime_type = CrimeType::TheftOfVehicle;
                r.property = Some(Property {
                    description: "Silver hatchback".into(),
                    value_pence: Some(1_800_000),
                    identifiers: None,
                });
            },
            Some(Team::Fcid),
            false,
        ),
        (
            "graffiti on a garden wall, nothing seen",
            |r| {
                r.suitability.crime_type = CrimeType::Graffiti;
                r.property = None;
            },
            None,
            false,
        ),
        (
            "wing mirror snapped overnight, nothing seen",
            |r| {
                r.suitability.crime_type = CrimeType::DamageToVehicle;
                r.property = None;
            },
            None,
            false,
        ),
        (
            "parcel taken from the doorstep, the doorbell camera filmed it",
            |r| {
                r.suitability.crime_type = CrimeType::OtherTheft;
                r.evidence.footage = vec![Footage::Doorbell];
            },
            Some(Team::Iit),
            false,
        ),
        (
            "tools taken from a van, the thief left a glove behind",
            |r| {
                r.suitability.crime_type = CrimeType::TheftFromVehicle;
                r.evidence.forensic = YesNoUnsure::Yes;
            },
            Some(Team::Iit),
            false,
        ),
        (
            "window smashed and the person said they would come back",
            |r| {
                r.suitability.crime_type = CrimeType::DamageToProperty;
                r.what_happened.description =
                    "He smashed my window and shouted that he would come back tonight.".into();
            },
            Some(Team::Iit),
            true,
        ),
        (
            "bag taken on the bus by a man I could describe",
            |r| {
                r.suitability.crime_type = CrimeType::TheftFromPerson;
                r.suspect = Suspect {
                    seen: YesNoUnsure::Yes,
                    description: Some("tall, grey hoodie, about 20".into()),
                    name: None,
                    vehicle_registration: None,
                };
            },
            Some(Team::Iit),
            false,
        ),
        (
            "victim with a disability whose mobility scooter was stolen",
            |r| {
                r.suitability.crime_type = CrimeType::OtherTheft;
                r.needs.circumstances = vec![Circumstance::Disability];
            },
            Some(Team::Iit),
            true,
        ),
        (
            "someone who feels intimidated after their car was keyed",
            |r| {
                r.suitability.crime_type = CrimeType::DamageToVehicle;
                r.needs.circumstances = vec![Circumstance::Intimidated];
            },
            Some(Team::Iit),
            true,
        ),
        (
            "sexual remarks and a stolen phone",
            |r| {
                r.suitability.crime_type = CrimeType::TheftFromPerson;
                r.needs.circumstances = vec![Circumstance::Sexual];
            },
            Some(Team::Ppu),
            true,
        ),
        (
            "bike stolen, the victim knows who took it",
            |r| {
                r.suspect = Suspect {
                    seen: YesNoUnsure::Yes,
                    description: None,
                    name: Some("A boy from my street".into()),
                    vehicle_registration: None,
                };
            },
            Some(Team::Iit),
            false,
        ),
        (
            "bike taken, the victim is not sure if anyone saw",
            |r| {
                r.suspect.seen = YesNoUnsure::NotSure;
            },
            None,
            false,
        ),
        (
            "a younger adult targeted again and again by neighbours' children",
            |r| {
                r.suitability.crime_type = CrimeType::DamageToProperty;
                r.needs.circumstances = vec![Circumstance::PersistentlyTargeted];
            },
            Some(Team::Fcid),
            true,
        ),
        (
            "laptop worth £6,000 taken from an office, nothing else known",
            |r| {
                r.suitability.crime_type = CrimeType::OtherTheft;
                r.property = Some(Property {
                    description: "Laptop".into(),
                    value_pence: Some(600_000),
                    identifiers: None,
                });
            },
            Some(Team::Fcid),
            false,
        ),
        (
            "number plates taken from a car, dashcam shows a face",
            |r| {
                r.suitability.crime_type = CrimeType::TheftFromVehicle;
                r.evidence.footage = vec![Footage::Dashcam];
            },
            Some(Team::Iit),
            false,
        ),
        (
            "a 17-year-old's bike taken, serial number known",
            |r| {
                r.people.victim.date_of_birth = born(2009);
                r.property.as_mut().unwrap().identifiers = Some("Serial 12345".into());
            },
            Some(Team::Iit),
            true,
        ),
        (
            "a person followed home after their phone was taken",
            |r| {
                r.suitability.crime_type = CrimeType::TheftFromPerson;
                r.what_happened.description =
                    "They took my phone and I think they are following me home.".into();
            },
            Some(Team::Iit),
            true,
        ),
    ]
}

#[test]
fn each_scenario_gets_the_outcome_the_investigation_model_expects() {
    let rules = RuleSet::default_rules();
    let all = scenarios();
    assert!(all.len() >= 25);
    for (story, change, team, review) in all {
        let mut report = base();
        change(&mut report);
        let decision = decide(&report, &rules, today());
        let got = match &decision.outcome {
            Outcome::Investigate { team } => Some(*team),
            Outcome::FiledAtSource { .. } => None,
        };
        assert_eq!(got, team, "{story}: {}", decision.rationale);
        assert_eq!(decision.review_required, review, "{story}: {}", decision.rationale);
        assert_eq!(decision.ruleset_version, rules.version);
        assert!(!decision.rules_fired.is_empty(), "{story}");
        assert_eq!(decision.status, Status::Proposed, "{story}: filing waits for staff by default");
    }
}

#[test]
fn a_filed_report_tells_the_victim_why_and_what_to_do_with_new_information() {
    let decision = decide(&base(), &RuleSet::default_rules(), today());
    let Outcome::FiledAtSource { victim_reason, if_new_information } = decision.outcome else {
        panic!("filed")
    };
    assert!(victim_reason.contains("filed your report"));
    assert!(if_new_information.contains("101"));
    assert_eq!(decision.thrive.priority, Priority::NoDeployment);
}

#[test]
fn clear_cut_filing_is_decided_automatically_only_when_configured() {
    let mut rules = RuleSet::default_rules();
    rules.filing.automatic = true;
    assert_eq!(decide(&base(), &rules, today()).status, Status::Decided);
    let mut child = base();
    child.people.victim.date_of_birth = born(2012);
    assert_eq!(decide(&child, &rules, today()).status, Status::Proposed);
}

#[test]
fn words_of_continuing_danger_raise_a_flag_and_the_priority() {
    let mut report = base();
    report.what_happened.description = "He has a KNIFE and said he would be back.".into();
    let decision = decide(&report, &RuleSet::default_rules(), today());
    assert!(decision.thrive.flags.contains(&Flag::PossibleContinuingDanger));
    assert_eq!(decision.thrive.priority, Priority::Priority);
    assert!(decision.thrive.threat.evidence[0].contains("knife"));
}

fn arbitrary_report() -> impl Strategy<Value = Report> {
    (
        prop::sample::select(CrimeType::ALL.to_vec()),
        1930i32..2020,
        prop::collection::vec(prop::sample::select(Circumstance::ALL.to_vec()), 0..3),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::option::of(0u64..2_000_000),
        prop::sample::select(vec!["It was taken.", "they threatened me", "nothing more"]),
    )
        .prop_map(|(crime, year, mut circumstances, footage, named, tracking, value, text)| {
            circumstances.sort();
            circumstances.dedup();
            let mut r = base();
            r.suitability.crime_type = crime;
            r.people.victim.date_of_birth = born(year);
            r.needs.circumstances = circumstances;
            if footage {
                r.evidence.footage = vec![Footage::Cctv];
            }
            if named {
                r.suspect = Suspect {
                    seen: YesNoUnsure::Yes,
                    description: None,
                    name: Some("X".into()),
                    vehicle_registration: None,
                };
            }
            if tracking {
                r.evidence.device_tracking = Some(None);
            }
            r.property.as_mut().unwrap().value_pence = value;
            r.what_happened.description = text.into();
            r
        })
}

proptest! {
    #[test]
    fn nobody_with_a_child_victim_abuse_or_a_flag_is_ever_filed_at_source(report in arbitrary_report()) {
        let decision = decide(&report, &RuleSet::default_rules(), today());
        let protected = report.needs.circumstances.contains(&Circumstance::DomesticAbuse)
            || report.needs.circumstances.contains(&Circumstance::Sexual)
            || crate::fields::age_on(report.people.victim.date_of_birth, today()) < 18
            || !report.enhanced_reasons(today()).is_empty()
            || !decision.thrive.flags.is_empty();
        if protected {
            let filed = matches!(decision.outcome, Outcome::FiledAtSource { .. });
            prop_assert!(!filed, "filed at source");
            prop_assert!(decision.review_required);
        }
    }

    #[test]
    fn a_report_with_a_line_of_enquiry_is_never_filed(report in arbitrary_report()) {
        let decision = decide(&report, &RuleSet::default_rules(), today());
        if !decision.lines.is_empty() {
            let investigated = matches!(decision.outcome, Outcome::Investigate { .. });
            prop_assert!(investigated, "filed despite lines");
        }
    }
}

#[test]
fn each_team_reads_back_from_its_slug_and_serialises_as_it() {
    for team in Team::ALL {
        assert_eq!(Team::from_slug(team.slug()), Some(team));
        assert_eq!(
            serde_json::to_string(&team).unwrap(),
            format!("\"{}\"", team.slug()),
            "stored rows agree"
        );
    }
    assert_eq!(Team::from_slug("cid"), None);
}
