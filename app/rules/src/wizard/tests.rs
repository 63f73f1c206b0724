//! Table-driven tests of each step's checks and of step order, written as a person fills in the
//! form.

use chrono::NaiveDate;

use super::*;

fn ctx() -> Context {
    Context {
        today: NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
        online_crime_types: CrimeType::ALL.to_vec(),
    }
}

/// Answers to one page, as (field, value) pairs.
type Pairs<'a> = &'a [(&'a str, &'a str)];
/// A row of the error table: step, changed answers, field expected to fail, words in its message.
type ErrorRow<'a> = (Step, Vec<(&'a str, &'a str)>, &'a str, &'a str);

fn form(pairs: &[(&str, &str)]) -> Form {
    Form::from_pairs(pairs.iter().copied())
}

/// A bicycle theft reported by the victim, every answer filled in correctly.
fn complete() -> Answers {
    let mut a = Answers::default();
    let steps: [(Step, &[(&str, &str)]); 13] = [
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
            Step::When,
            &[
                ("when-known", "exact"),
                ("date-day", "27"),
                ("date-month", "11"),
                ("date-year", "2026"),
                ("time", "18:30"),
            ],
        ),
        (Step::Where, &[("location", "Outside the Co-op, High Street"), ("location-postcode", "b1 1bb")]),
        (
            Step::WhatHappened,
            &[("description", "My bike was locked to the rack and was gone when I came out.")],
        ),
        (
            Step::Property,
            &[
                ("has-property", "yes"),
                ("property-description", "Red Raleigh bike"),
                ("property-value", "450"),
                ("property-identifiers", "Frame WTU123456"),
            ],
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
        (Step::Declaration, &[("declaration", "yes")]),
    ];
    for (step, pairs) in steps {
        a.forms.insert(step, form(pairs));
    }
    a
}

/// `complete()` with one step's answers changed.
fn with(step: Step, changes: &[(&str, &str)]) -> Answers {
    let mut a = complete();
    let f = a.forms.get_mut(&step).unwrap();
    for (k, v) in changes {
        if v.is_empty() {
            f.0.remove(*k);
        } else {
            f.0.insert(k.to_string(), vec![v.to_string()]);
        }
    }
    a
}

#[test]
fn a_complete_report_assembles_and_every_step_may_be_visited() {
    let a = complete();
    let report = a.report(&ctx()).expect("complete");
    assert_eq!(report.suitability.crime_type, CrimeType::BicycleTheft);
    assert_eq!(report.what_happened.postcode.as_deref(), Some("B1 1BB"));
    assert_eq!(report.property.unwrap().value_pence, Some(45_000));
    assert_eq!(report.consents, vec![(Agency::VictimSupport, true)]);
    assert_eq!(a.first_incomplete(&ctx()), Step::Check);
    assert!(Step::ALL.iter().all(|&s| a.may_visit(s, &ctx())));
    assert!(a.check(Step::Declaration, &ctx()).is_ok());
}

#[test]
fn steps_cannot_be_skipped() {
    let mut a = complete();
    a.forms.remove(&Step::Suspect);
    assert_eq!(a.first_incomplete(&ctx()), Step::Suspect);
    assert!(a.may_visit(Step::Suspect, &ctx()));
    assert!(!a.may_visit(Step::Evidence, &ctx()));
    assert!(!a.may_visit(Step::Declaration, &ctx()));
    assert_eq!(a.report(&ctx()).unwrap_err().0, Step::Suspect);
    let empty = Answers::default();
    assert_eq!(empty.first_incomplete(&ctx()), Step::Suitability);
    assert!(!empty.may_visit(Step::WhatHappened, &ctx()));
}

#[test]
fn the_suitability_screen_sends_people_elsewhere_when_it_is_not_for_them() {
    let cases: &[(Pairs, Result<(), NotSuitable>)] = &[
        (&[("danger", "yes")], Err(NotSuitable::Emergency)),
        (&[("danger", "yes"), ("crime-type", "bicycle-theft")], Err(NotSuitable::Emergency)),
        (
            &[("danger", "no"), ("crime-type", "fraud"), ("reporting-for", "myself"), ("over-16", "yes")],
            Err(NotSuitable::Fraud),
        ),
        (
            &[("danger", "no"), ("crime-type", "other"), ("reporting-for", "someone-else")],
            Err(NotSuitable::NotOnline),
        ),
        (
            &[("danger", "no"), ("crime-type", "graffiti"), ("reporting-for", "myself"), ("over-16", "no")],
            Err(NotSuitable::UnderSixteen),
        ),
        (&[("danger", "no"), ("crime-type", "graffiti"), ("reporting-for", "someone-else")], Ok(())),
    ];
    for (pairs, expected) in cases {
        let mut a = Answers::default();
        a.forms.insert(Step::Suitability, form(pairs));
        let got = a.suitability(&ctx()).unwrap().expect("no field errors").map(|_| ());
        assert_eq!(&got, expected, "{pairs:?}");
    }
}

#[test]
fn a_crime_type_the_force_does_not_take_online_is_signposted() {
    let mut c = ctx();
    c.online_crime_types = vec![CrimeType::BicycleTheft];
    let a = with(Step::Suitability, &[("crime-type", "graffiti")]);
    assert_eq!(a.suitability(&c).unwrap().unwrap(), Err(NotSuitable::NotOnline));
}

/// Each row: a step, the answers changed from a complete report, the field that must be
/// reported and words its message must contain.
#[test]
fn wrong_answers_get_a_clear_message_on_the_right_field() {
    let long = "x".repeat(5001);
    let rows: Vec<ErrorRow> = vec![
        (Step::Suitability, vec![("danger", "")], "danger", "Select yes if anyone is in immediate danger"),
        (Step::Suitability, vec![("crime-type", "")], "crime-type", "Select what you want to report"),
        (
            Step::Suitability,
            vec![("crime-type", "burglary-of-the-moon")],
            "crime-type",
            "Select what you want to report",
        ),
        (Step::Suitability, vec![("reporting-for", "")], "reporting-for", "Select who you are reporting for"),
        (Step::Suitability, vec![("over-16", "")], "over-16", "16 or over"),
        (Step::When, vec![("when-known", "")], "when-known", "Select if you know the date"),
        (
            Step::When,
            vec![("date-day", ""), ("date-month", ""), ("date-year", "")],
            "date-day",
            "Enter the date it happened",
        ),
        (Step::When, vec![("date-month", "")], "date-day", "must include a month"),
        (Step::When, vec![("date-day", "30"), ("date-month", "2")], "date-day", "must be a real date"),
        (Step::When, vec![("date-day", "29"), ("date-month", "11")], "date-day", "today or in the past"),
        (Step::When, vec![("time", "25:61")], "time", "real time"),
        (Step::Where, vec![("location", "  ")], "location", "Enter where it happened"),
        (Step::Where, vec![("location-postcode", "NOT A CODE")], "location-postcode", "real postcode"),
        (Step::WhatHappened, vec![("description", "")], "description", "Enter what happened"),
        (Step::WhatHappened, vec![("description", long.as_str())], "description", "5000 characters or fewer"),
        (Step::WhatHappened, vec![("description", "bad\u{7}bell")], "description", "special characters"),
        (
            Step::When,
            vec![
                ("when-known", "between"),
                ("from-day", "20"),
                ("from-month", "11"),
                ("from-year", "2026"),
                ("to-day", "10"),
                ("to-month", "11"),
                ("to-year", "2026"),
            ],
            "to-day",
            "same as or after the first date",
        ),
        (Step::Property, vec![("has-property", "")], "has-property", "Select yes if anything was stolen"),
        (
            Step::Property,
            vec![("property-description", "")],
            "property-description",
            "Describe what was stolen",
        ),
        (Step::Property, vec![("property-value", "a lot")], "property-value", "in pounds"),
        (Step::Suspect, vec![("suspect-seen", "")], "suspect-seen", "Select yes if you saw"),
        (
            Step::Suspect,
            vec![("suspect-seen", "yes")],
            "suspect-description",
            "Tell us something about the person",
        ),
        (
            Step::Suspect,
            vec![("suspect-seen", "yes"), ("suspect-vehicle", "AB-12!")],
            "suspect-vehicle",
            "letters and numbers only",
        ),
        (Step::Evidence, vec![("footage", "")], "footage", "None of these"),
        (Step::Evidence, vec![("witnesses", "yes")], "witness-details", "witnesses"),
        (Step::Evidence, vec![("forensic", "")], "forensic", "touched, moved or left"),
        (Step::Evidence, vec![("tracking", "")], "tracking", "stolen device"),
        (Step::AboutYou, vec![("full-name", "")], "full-name", "Enter your full name"),
        (
            Step::AboutYou,
            vec![("dob-day", ""), ("dob-month", ""), ("dob-year", "")],
            "dob-day",
            "Enter your date of birth",
        ),
        (Step::AboutYou, vec![("dob-year", "2030")], "dob-day", "must be in the past"),
        (Step::AboutYou, vec![("dob-year", "1800")], "dob-day", "more than 120 years"),
        (Step::AboutYou, vec![("email", "sam@")], "email", "correct format"),
        (Step::AboutYou, vec![("email", "")], "email", "at least one way to contact you"),
        (Step::AboutYou, vec![("phone", "123")], "phone", "telephone number"),
        (Step::AboutYou, vec![("interpreter", "")], "interpreter", "interpreter"),
        (Step::Needs, vec![("circumstances", "")], "circumstances", "None of these"),
        (Step::Needs, vec![("support", "")], "support", "None of these"),
        (Step::Support, vec![("consent-victim-support", "")], "consent-victim-support", "Victim Support"),
        (Step::Rights, vec![("vps", "")], "vps", "Victim Personal Statement"),
        (Step::Rights, vec![("rights-read", "")], "rights-read", "Confirm you have read your rights"),
        (Step::Contact, vec![("channels", "")], "channels", "Select how we can contact you"),
        (Step::Contact, vec![("channels", "letter"), ("safe-letter", "yes")], "channels", "postal address"),
        (Step::Contact, vec![("safe-email", "no")], "channels", "at least one way that is safe"),
        (Step::Contact, vec![("safe-email", "")], "safe-email", "safe for us to contact you by email"),
        (Step::Contact, vec![("frequency", "")], "frequency", "how often"),
        (Step::Declaration, vec![("declaration", "")], "declaration", "true to the best of your knowledge"),
    ];
    for (step, changes, field, words) in rows {
        let answers = with(step, &changes);
        let errors = answers.check(step, &ctx()).expect_err(&format!("{step:?} {changes:?} should fail"));
        let error = errors
            .iter()
            .find(|e| e.field == field)
            .unwrap_or_else(|| panic!("{step:?} {changes:?}: no error on {field}, got {errors:?}"));
        assert!(error.message.contains(words), "{step:?} {changes:?}: {:?} lacks {words:?}", error.message);
    }
}

#[test]
fn problems_are_listed_in_the_order_the_page_asks_them_one_per_field() {
    let mut a = with(Step::Contact, &[("safe-email", ""), ("frequency", "")]);
    a.forms
        .get_mut(&Step::Contact)
        .unwrap()
        .0
        .insert("channels".into(), vec!["phone".into(), "letter".into()]);
    let errors = a.check(Step::Contact, &ctx()).unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["channels", "safe-phone", "safe-letter", "frequency"]);
    assert!(errors[0].message.starts_with("You chose phone call but did not give a phone number"));
}

#[test]
fn checkboxes_with_none_of_these_must_use_it_alone() {
    let mut a = complete();
    a.forms.get_mut(&Step::Needs).unwrap().0.insert("support".into(), vec!["none".into(), "debt".into()]);
    let errors = a.check(Step::Needs, &ctx()).unwrap_err();
    assert!(errors[0].message.contains("on its own"));
}

#[test]
fn answers_that_point_to_a_partner_service_ask_for_its_own_consent() {
    let mut a = complete();
    a.forms.insert(
        Step::Needs,
        Form::from_pairs([
            ("circumstances", "domestic-abuse"),
            ("support", "debt"),
            ("support", "older-person"),
        ]),
    );
    assert_eq!(
        a.agencies_to_offer(&ctx()).unwrap(),
        vec![Agency::VictimSupport, Agency::DomesticViolence, Agency::ElderlyCare, Agency::Debt]
    );
    let errors = a.check(Step::Support, &ctx()).unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["consent-domestic-violence", "consent-elderly-care", "consent-debt"]);
    a.forms.insert(
        Step::Support,
        Form::from_pairs([
            ("consent-victim-support", "yes"),
            ("consent-domestic-violence", "yes"),
            ("consent-elderly-care", "no"),
            ("consent-debt", "yes"),
        ]),
    );
    let report = a.report(&ctx()).unwrap();
    assert!(report.consents.contains(&(Agency::ElderlyCare, false)));
    assert_eq!(report.consents.len(), 4);
}

#[test]
fn a_child_victim_is_offered_the_children_and_young_peoples_service() {
    let mut a = with(Step::Suitability, &[("reporting-for", "someone-else"), ("over-16", "")]);
    a.forms.insert(
        Step::AboutYou,
        Form::from_pairs([
            ("full-name", "Alex Patel"),
            ("dob-day", "1"),
            ("dob-month", "1"),
            ("dob-year", "2012"),
            ("interpreter", "no"),
            ("reporter-name", "Sam Patel"),
            ("reporter-relationship", "Parent"),
            ("reporter-email", "sam@example.com"),
        ]),
    );
    assert!(a.agencies_to_offer(&ctx()).unwrap().contains(&Agency::ChildrenAndYoungPeople));
    let people = a.people(&ctx()).unwrap();
    assert_eq!(people.contact_email(), Some("sam@example.com"));
}

#[test]
fn changing_an_earlier_answer_reopens_the_steps_that_depend_on_it() {
    let a = with(Step::Needs, &[("support", "debt")]);
    assert_eq!(a.first_incomplete(&ctx()), Step::Support, "a new consent question appears");
    assert!(!a.may_visit(Step::Check, &ctx()));
}

#[test]
fn markup_is_kept_as_typed() {
    let a = with(Step::WhatHappened, &[("description", "<script>alert(1)</script> took my bike")]);
    let report = a.report(&ctx()).unwrap();
    assert_eq!(report.what_happened.description, "<script>alert(1)</script> took my bike");
}

#[test]
fn enhanced_rights_follow_the_victims_age_and_circumstances() {
    let a = complete();
    assert!(a.report(&ctx()).unwrap().enhanced_reasons(ctx().today).is_empty());
    let mut a = with(Step::AboutYou, &[("dob-year", "2010")]);
    a.forms
        .get_mut(&Step::Support)
        .unwrap()
        .0
        .insert("consent-children-and-young-people".into(), vec!["no".into()]);
    assert_eq!(a.report(&ctx()).unwrap().enhanced_reasons(ctx().today), [EnhancedReason::UnderEighteen]);
    let mut a = complete();
    a.forms.insert(Step::Needs, Form::from_pairs([("circumstances", "hate"), ("support", "none")]));
    assert_eq!(a.report(&ctx()).unwrap().enhanced_reasons(ctx().today), [EnhancedReason::Hate]);
}

/// Answers that take each branch of the pages at least once.
fn every_branch() -> Vec<Answers> {
    vec![
        complete(),
        with(
            Step::When,
            &[
                ("when-known", "between"),
                ("from-day", "1"),
                ("from-month", "11"),
                ("from-year", "2026"),
                ("to-day", "2"),
                ("to-month", "11"),
                ("to-year", "2026"),
            ],
        ),
        with(
            Step::Suspect,
            &[
                ("suspect-seen", "yes"),
                ("suspect-description", "Tall, grey hoodie"),
                ("suspect-name", "Alex"),
                ("suspect-vehicle", "AB12 CDE"),
            ],
        ),
        with(
            Step::Evidence,
            &[
                ("witnesses", "yes"),
                ("witness-details", "A neighbour"),
                ("tracking", "yes"),
                ("tracking-details", "It shows on the map"),
            ],
        ),
        {
            let mut a = with(Step::Suitability, &[("reporting-for", "someone-else")]);
            let f = a.forms.get_mut(&Step::AboutYou).unwrap();
            for (k, v) in [
                ("reporter-name", "Kim Patel"),
                ("reporter-relationship", "Mother"),
                ("reporter-email", "kim@example.com"),
                ("reporter-phone", "07700 900123"),
                ("phone", "07700 900456"),
                ("address-line-1", "1 High Street"),
                ("town", "Midtown"),
                ("postcode", "B1 1BB"),
                ("language", "Punjabi"),
                ("accessibility", "Large print"),
            ] {
                f.0.insert(k.into(), vec![v.into()]);
            }
            a
        },
        with(Step::Contact, &[("channels", "phone"), ("safe-phone", "no"), ("safe-times", "After 6pm")]),
    ]
}

#[test]
fn each_page_lists_every_field_its_check_reads() {
    for answers in every_branch() {
        for step in Step::ALL {
            let read = form::reads::during(|| {
                let _ = answers.check(step, &ctx());
            });
            let listed: Vec<String> = step.fields().into_iter().map(|f| f.name).collect();
            // The support page asks about the agencies the answers call for, named by slug.
            for name in read.iter().filter(|n| !listed.contains(n)) {
                let other_step = Step::ALL.iter().any(|s| s.fields().iter().any(|f| &f.name == name));
                assert!(other_step, "{step:?} reads {name:?}, which no page lists");
            }
            let own: Vec<&String> = read.iter().filter(|n| listed.contains(n)).collect();
            let foreign: Vec<&String> = read
                .iter()
                .filter(|n| {
                    !listed.contains(n) && answers.forms.get(&step).is_some_and(|f| f.0.contains_key(*n))
                })
                .collect();
            assert!(
                foreign.is_empty(),
                "{step:?} reads fields of its own form it does not list: {foreign:?} ({own:?})"
            );
        }
    }
}

#[test]
fn keeping_only_a_pages_own_fields_changes_no_report() {
    for answers in every_branch() {
        let mut kept = Answers::default();
        for (step, form) in &answers.forms {
            let (form, cut) = step.keep_own_fields(form.clone());
            assert!(!cut, "{step:?} lost something from a correct form");
            kept.forms.insert(*step, form);
        }
        assert_eq!(kept.report(&ctx()), answers.report(&ctx()));
    }
}

#[test]
fn a_draft_keeps_neither_strangers_nor_floods() {
    let typed = form(&[("description", &"a".repeat(20_000)), ("location", "Park"), ("smuggled", "x")]);
    let (kept, cut) = Step::WhatHappened.keep_own_fields(typed);
    assert!(cut);
    assert!(!kept.0.contains_key("smuggled"));
    assert!(!kept.0.contains_key("location"), "the place is another page's answer");
    assert_eq!(kept.value("description").chars().count(), 10_000, "twice the 5000-character limit");
    let mut dates = form(&[("date-day", "3")]);
    dates.0.insert("when-known".into(), vec!["exact".into(); 50]);
    let (kept_dates, cut) = Step::When.keep_own_fields(dates);
    assert!(cut);
    assert_eq!(kept_dates.values("when-known").len(), 1);
    assert_eq!(kept_dates.value("date-day"), "3");
    // Still told how much to cut.
    let mut a = with(Step::WhatHappened, &[]);
    a.forms
        .get_mut(&Step::WhatHappened)
        .unwrap()
        .0
        .insert("description".into(), kept.values("description").to_vec());
    let errors = a.check(Step::WhatHappened, &ctx()).unwrap_err();
    assert!(errors
        .iter()
        .any(|e| e.field == "description" && e.message.contains("5000 characters or fewer")));
}

#[test]
fn the_date_place_and_account_sent_together_go_to_their_own_pages() {
    let whole = complete();
    let mut together = whole.clone();
    let mut section = Form::default();
    for step in [Step::When, Step::Where, Step::WhatHappened] {
        section.0.extend(together.forms.remove(&step).unwrap().0);
    }
    together.forms.insert(Step::WhatHappened, section);
    assert!(together.report(&ctx()).is_err(), "the date is not read from the account's page");
    together.onto_their_pages();
    assert_eq!(together, whole);
    assert_eq!(together.report(&ctx()), whole.report(&ctx()));
    // An answer already on its own page is not overwritten by one sent with another page.
    let mut both = whole.clone();
    both.forms.get_mut(&Step::WhatHappened).unwrap().0.insert("location".into(), vec!["Elsewhere".into()]);
    both.onto_their_pages();
    assert_eq!(both.forms[&Step::Where].value("location"), "Outside the Co-op, High Street");
    assert!(!both.forms[&Step::WhatHappened].0.contains_key("location"));
}

#[test]
fn each_text_limit_listed_is_the_limit_checked() {
    for answers in every_branch() {
        for (step, form) in &answers.forms {
            for spec in step.fields().into_iter().filter(|f| f.limit.is_some()) {
                if form.value(&spec.name).is_empty() {
                    continue;
                }
                let limit = spec.limit.unwrap();
                let mut a = answers.clone();
                let f = a.forms.get_mut(step).unwrap();
                f.0.insert(spec.name.clone(), vec!["a".repeat(limit)]);
                assert!(
                    a.check(*step, &ctx()).map_err(|e| e.iter().any(|e| e.field == spec.name)) != Err(true),
                    "{} at its limit {limit} is refused",
                    spec.name
                );
                a.forms.get_mut(step).unwrap().0.insert(spec.name.clone(), vec!["a".repeat(limit + 1)]);
                let errors = a.check(*step, &ctx()).unwrap_err();
                assert!(
                    errors
                        .iter()
                        .any(|e| e.field == spec.name && e.message.contains(&format!("{limit} characters"))),
                    "{} over its limit {limit}: {errors:?}",
                    spec.name
                );
            }
        }
    }
}
