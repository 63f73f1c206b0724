use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use super::*;
use crate::{allocation::Priority, calendar::WorkingCalendar};

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

#[test]
fn roles_are_sets_of_permissions() {
    use Permission::*;
    let table: &[(Permission, bool, bool, bool)] = &[
        // permission, reviewer, supervisor, admin
        (ViewQueue, true, true, false),
        (Claim, true, true, false),
        (Decide, true, true, false),
        (AnswerRequests, true, true, false),
        (Reassign, false, true, false),
        (FileReviewRequired, false, true, false),
        (DecideReview, false, true, false),
        (SeeCompliance, false, true, false),
        (ManageAccounts, false, false, true),
    ];
    for &(permission, reviewer, supervisor, admin) in table {
        assert_eq!(Role::Reviewer.may(permission), reviewer, "reviewer {permission:?}");
        assert_eq!(Role::Supervisor.may(permission), supervisor, "supervisor {permission:?}");
        assert_eq!(Role::Admin.may(permission), admin, "admin {permission:?}");
    }
    for role in Role::ALL {
        assert_eq!(Role::from_slug(role.slug()), Some(role));
    }
    assert_eq!(Role::from_slug("root"), None);
}

fn facts(state: CaseState) -> CaseFacts {
    CaseFacts {
        state,
        assessed: true,
        review_required: false,
        claimed_by_me: Some(true),
        review_open: false,
        took_part: false,
    }
}

#[test]
fn which_decision_is_open_in_which_state() {
    use CaseState::*;
    use StaffDecision::*;
    let ok = Ok(());
    let wrong = |s| Err(Refusal::WrongState(s));
    let table: Vec<(StaffDecision, Role, CaseFacts, Result<(), Refusal>)> = vec![
        (Allocate, Role::Reviewer, facts(ToReview), ok),
        (Allocate, Role::Reviewer, facts(Allocated), ok),
        (Allocate, Role::Reviewer, facts(Filed), wrong("filed")),
        (Allocate, Role::Reviewer, facts(WithVictim), wrong("waiting for the victim")),
        (ReturnToVictim, Role::Reviewer, facts(Allocated), ok),
        (FileAtSource, Role::Reviewer, facts(Allocated), ok),
        (FileAtSource, Role::Reviewer, facts(Filed), wrong("filed")),
        (
            Allocate,
            Role::Reviewer,
            CaseFacts { assessed: false, ..facts(ToReview) },
            Err(Refusal::NotAssessed),
        ),
        (Allocate, Role::Admin, facts(ToReview), Err(Refusal::NotPermitted)),
        (
            Allocate,
            Role::Reviewer,
            CaseFacts { claimed_by_me: Some(false), ..facts(ToReview) },
            Err(Refusal::ClaimedByOther),
        ),
        (Allocate, Role::Reviewer, CaseFacts { claimed_by_me: None, ..facts(ToReview) }, ok),
        (FileAtSource, Role::Reviewer, facts(ToReview), ok),
        (
            FileAtSource,
            Role::Reviewer,
            CaseFacts { review_required: true, ..facts(ToReview) },
            Err(Refusal::SupervisorToFile),
        ),
        (FileAtSource, Role::Supervisor, CaseFacts { review_required: true, ..facts(ToReview) }, ok),
        (FileAtSource, Role::Supervisor, facts(WithVictim), wrong("waiting for the victim")),
        (ReturnToVictim, Role::Reviewer, facts(ToReview), ok),
        (ReturnToVictim, Role::Reviewer, facts(WithVictim), wrong("waiting for the victim")),
        (NoFurtherAction, Role::Reviewer, facts(Allocated), ok),
        (ChangeCrimeType, Role::Reviewer, facts(ToReview), ok),
        (ChangeCrimeType, Role::Reviewer, facts(Filed), wrong("filed")),
        (
            ChangeCrimeType,
            Role::Reviewer,
            CaseFacts { assessed: false, ..facts(ToReview) },
            Err(Refusal::NotAssessed),
        ),
        (RecordAcknowledgement, Role::Reviewer, facts(Closed), ok),
        (RecordAcknowledgement, Role::Admin, facts(ToReview), Err(Refusal::NotPermitted)),
        (NoFurtherAction, Role::Reviewer, facts(ToReview), wrong("waiting for review")),
        (NoFurtherAction, Role::Reviewer, facts(Closed), wrong("closed")),
        (ConfirmRecorded, Role::Reviewer, facts(Closed), ok),
        (PostUpdate, Role::Reviewer, facts(Filed), ok),
        (AnswerRequest, Role::Reviewer, facts(Closed), ok),
        (Claim, Role::Reviewer, CaseFacts { claimed_by_me: None, ..facts(ToReview) }, ok),
        (
            Claim,
            Role::Reviewer,
            CaseFacts { claimed_by_me: Some(false), ..facts(ToReview) },
            Err(Refusal::ClaimedByOther),
        ),
        (Claim, Role::Reviewer, CaseFacts { claimed_by_me: None, ..facts(Closed) }, wrong("closed")),
        (Release, Role::Reviewer, facts(ToReview), ok),
        (
            Release,
            Role::Reviewer,
            CaseFacts { claimed_by_me: Some(false), ..facts(ToReview) },
            Err(Refusal::ClaimedByOther),
        ),
        (Reassign, Role::Reviewer, facts(ToReview), Err(Refusal::NotPermitted)),
        (Reassign, Role::Supervisor, CaseFacts { claimed_by_me: Some(false), ..facts(ToReview) }, ok),
        (
            DecideReview,
            Role::Reviewer,
            CaseFacts { review_open: true, ..facts(Closed) },
            Err(Refusal::NotPermitted),
        ),
        (DecideReview, Role::Supervisor, CaseFacts { review_open: true, ..facts(Closed) }, ok),
        (DecideReview, Role::Supervisor, facts(Closed), Err(Refusal::NoReview)),
        (
            DecideReview,
            Role::Supervisor,
            CaseFacts { review_open: true, took_part: true, ..facts(Closed) },
            Err(Refusal::TookPart),
        ),
        (
            DecideReview,
            Role::Supervisor,
            CaseFacts { review_open: true, claimed_by_me: Some(false), ..facts(Closed) },
            ok,
        ),
    ];
    for (decision, role, facts, expected) in table {
        assert_eq!(allowed(decision, role, &facts), expected, "{decision:?} by {role:?} on {facts:?}");
    }
}

#[test]
fn the_queue_puts_people_in_danger_first_then_priority_then_the_nearest_deadline() {
    let received = at(2026, 11, 2, 9, 0);
    let key = |urgent, priority, next_due| QueueKey { urgent, priority, next_due, received };
    let soon = Some(at(2026, 11, 3, 9, 0));
    let later = Some(at(2026, 11, 9, 9, 0));
    let mut keys = vec![
        key(false, Some(Priority::NoDeployment), soon),
        key(false, Some(Priority::NonUrgent), None),
        key(false, Some(Priority::NonUrgent), later),
        key(true, Some(Priority::Scheduled), later),
        key(false, Some(Priority::NonUrgent), soon),
        key(false, None, later),
        key(true, Some(Priority::Priority), later),
    ];
    keys.sort();
    let expected = vec![
        key(true, Some(Priority::Priority), later),
        key(true, Some(Priority::Scheduled), later),
        key(false, None, later),
        key(false, Some(Priority::NonUrgent), soon),
        key(false, Some(Priority::NonUrgent), later),
        key(false, Some(Priority::NonUrgent), None),
        key(false, Some(Priority::NoDeployment), soon),
    ];
    assert_eq!(keys, expected);
    let older = QueueKey { received: at(2026, 11, 1, 9, 0), ..key(false, None, None) };
    assert!(older < key(false, None, None), "then oldest first");
    let ranks: Vec<i64> = [
        None,
        Some(Priority::Priority),
        Some(Priority::NonUrgent),
        Some(Priority::Scheduled),
        Some(Priority::NoDeployment),
    ]
    .into_iter()
    .map(priority_rank)
    .collect();
    assert_eq!(ranks, [0, 1, 2, 3, 4]);
}

#[test]
fn deadlines_in_words_count_hours_then_working_days() {
    // Christmas 2026: Friday 25 and Monday 28 December are bank holidays.
    let calendar = WorkingCalendar::new([
        NaiveDate::from_ymd_opt(2026, 12, 25).unwrap(),
        NaiveDate::from_ymd_opt(2026, 12, 28).unwrap(),
    ]);
    let now = at(2026, 12, 2, 10, 0); // a Wednesday
    let table = [
        (at(2026, 12, 2, 10, 40), "due in 40 min"),
        (at(2026, 12, 2, 10, 0), "due in 1 min"),
        (at(2026, 12, 2, 13, 0), "due in 3 h"),
        (at(2026, 12, 3, 9, 30), "due in 24 h"),
        (at(2026, 12, 3, 23, 59), "due in 1 working day"),
        (at(2026, 12, 4, 23, 59), "due in 2 working days"),
        (at(2026, 12, 7, 23, 59), "due in 3 working days"), // over the weekend
        (at(2026, 12, 2, 9, 50), "overdue by 10 min"),
        (at(2026, 12, 2, 5, 0), "overdue by 5 h"),
        (at(2026, 12, 1, 9, 0), "overdue by 1 working day"),
        (at(2026, 11, 27, 9, 0), "overdue by 3 working days"), // Friday, over the weekend
    ];
    for (due, words) in table {
        assert_eq!(due_words(due, now, &calendar), words, "due {due}");
    }
    let before_christmas = at(2026, 12, 24, 12, 0); // Thursday
    assert_eq!(due_words(at(2026, 12, 29, 23, 59), before_christmas, &calendar), "due in 1 working day");
    assert_eq!(due_words(before_christmas, at(2026, 12, 29, 12, 0), &calendar), "overdue by 1 working day");
}

#[test]
fn passwords_are_long_and_not_common() {
    let email = "sam.jones@midshire.police.uk";
    let table: &[(&str, bool)] = &[
        ("correct horse battery staple", true),
        ("tulip-otter-garage-42", true),
        ("", false),
        ("short one", false),
        ("password1234", false),
        ("Password123!", false),
        ("P@ssw0rd2026!", false),
        ("qwertyuiop12", false),
        ("aaaaaaaaaaaaaaa", false),
        ("123456789012", false),
        ("abcdefghijklm", false),
        ("sam.jones2026", false),
        ("Midshire2026!!", false),
    ];
    for &(password, ok) in table {
        assert_eq!(check_password(password, email).is_ok(), ok, "{password:?}");
    }
    assert!(check_password(&"x".repeat(PASSWORD_MIN - 1), email).is_err());
    assert!(check_password(&"word ".repeat(60), email).is_err(), "over the maximum");
    assert_eq!(
        check_password("short", email),
        Err("Your password must be 12 characters or more. A few unrelated words make a strong one")
    );
}

#[test]
fn case_states_round_trip() {
    for state in CaseState::ALL {
        assert_eq!(CaseState::from_slug(state.slug()), Some(state));
    }
}
