//! The staff workspace over real HTTP against a real SQLite database: enrolment and sign-in with
//! TOTP codes computed here, the authorisation matrix over every page and server function, the
//! queue's order, audited views, and the decisions a victim sees on their tracking page.

mod support;

use reqwest::{Client, StatusCode};
use rules::staff::Role;
use server::{
    clock::Clock,
    staff::{accounts, totp},
    track::audit::Actor,
};
use support::{
    journey::{client, follow, location, send_report, send_report_changed, send_report_saying},
    spawn_app_with_clock,
    staff::{count, dispatch, enrol_and_sign_in, secret_on, PASSWORD},
    SettableClock, TestApp,
};

#[tokio::test]
async fn enrolment_and_sign_in_take_a_password_and_a_code_that_works_once() {
    let clock = SettableClock::now();
    let app = spawn_app_with_clock(&[], clock.clone()).await;
    let staff = enrol_and_sign_in(&app, &clock, "Sam.Reviewer@Midshire.police.uk", Role::Reviewer).await;
    let queue = staff.client.get(app.url("/staff")).send().await.unwrap();
    assert_eq!(queue.status(), StatusCode::OK);
    assert!(queue.text().await.unwrap().contains("sam.reviewer@midshire.police.uk (Reviewer)"));

    // The same code again, in a new browser: refused, though the password is right.
    let other = client();
    let first = other
        .post(app.url("/staff/sign-in"))
        .form(&[("email", staff.email.as_str()), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&first), "/staff/sign-in/code");
    let used = totp::code_at(&staff.secret, totp::step_of(clock.now()));
    let again =
        other.post(app.url("/staff/sign-in/code")).form(&[("code", used.as_str())]).send().await.unwrap();
    assert_eq!(location(&again), "/staff/sign-in/code", "a used code is refused");
    let page = other.get(app.url("/staff/sign-in/code")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("The code is not right or has been used"));
    assert_eq!(
        other.get(app.url("/staff")).send().await.unwrap().status(),
        StatusCode::SEE_OTHER,
        "still not in"
    );
    // The next code works.
    clock.advance(chrono::Duration::seconds(30));
    let next = totp::code_at(&staff.secret, totp::step_of(clock.now()));
    let ok =
        other.post(app.url("/staff/sign-in/code")).form(&[("code", next.as_str())]).send().await.unwrap();
    assert_eq!(location(&ok), "/staff");

    // A wrong password and an unknown address get the same answer; the email is kept, the
    // password never sent back.
    for email in [staff.email.as_str(), "nobody@midshire.police.uk"] {
        let stranger = client();
        let wrong = stranger
            .post(app.url("/staff/sign-in"))
            .form(&[("email", email), ("password", "not the password at all")])
            .send()
            .await
            .unwrap();
        let page = follow(&app, &stranger, wrong).await.text().await.unwrap();
        assert!(page.contains("The email address and password do not match"));
        assert!(!page.contains("not the password at all"));
    }
    // Passwords are checked at enrolment; the link works once.
    let token = accounts::add(
        &app.pool,
        Actor::Operator("test"),
        "new@midshire.police.uk",
        Role::Reviewer,
        chrono::Duration::hours(1),
        clock.now(),
    )
    .await
    .unwrap();
    let browser = client();
    browser.get(app.url(&format!("/staff/enrol/{}", token.0))).send().await.unwrap();
    let page = browser.get(app.url("/staff/enrol")).send().await.unwrap().text().await.unwrap();
    let secret = secret_on(&page);
    let code = totp::code_at(&secret, totp::step_of(clock.now()));
    let weak = browser
        .post(app.url("/staff/enrol"))
        .form(&[("password", "password1234"), ("confirm", "password1234"), ("code", code.as_str())])
        .send()
        .await
        .unwrap();
    let page = follow(&app, &browser, weak).await.text().await.unwrap();
    assert!(page.contains("one of the most common passwords"), "common passwords are refused");
    assert!(!page.contains("password1234"));
    let done = browser
        .post(app.url("/staff/enrol"))
        .form(&[("password", PASSWORD), ("confirm", PASSWORD), ("code", code.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&done), "/staff/sign-in");
    let replay = client();
    replay.get(app.url(&format!("/staff/enrol/{}", token.0))).send().await.unwrap();
    let page = replay.get(app.url("/staff/enrol")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("This link has been used or has expired"));
    assert!(!app.stored_anywhere(PASSWORD).await, "only a hash of the password is kept");
}

/// What a request got: the status and where it redirected.
type Outcome = (u16, String);

async fn outcome(
    client: &Client,
    app: &TestApp,
    method: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> (u16, String) {
    let response = match method {
        "GET" => client.get(app.url(path)).send().await.unwrap(),
        _ => client.post(app.url(path)).form(fields).send().await.unwrap(),
    };
    (response.status().as_u16(), location(&response))
}

#[tokio::test]
async fn every_staff_page_and_server_function_checks_the_session_and_the_permission() {
    let clock = SettableClock::now();
    let app = spawn_app_with_clock(&[], clock.clone()).await;
    let victim = client();
    let (reference, code) = send_report(&app, &victim).await;
    dispatch(&app, &clock).await;
    let signed_in = victim
        .post(app.url("/track"))
        .form(&[("reference", reference.as_str()), ("code", code.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&signed_in), "/track/case", "a victim's tracking session");

    let reviewer = enrol_and_sign_in(&app, &clock, "reviewer@midshire.police.uk", Role::Reviewer).await;
    let supervisor = enrol_and_sign_in(&app, &clock, "supervisor@midshire.police.uk", Role::Supervisor).await;
    let admin = enrol_and_sign_in(&app, &clock, "admin@midshire.police.uk", Role::Admin).await;
    let disabled = enrol_and_sign_in(&app, &clock, "leaver@midshire.police.uk", Role::Supervisor).await;
    let expired = enrol_and_sign_in(&app, &clock, "idle@midshire.police.uk", Role::Supervisor).await;
    accounts::set_disabled(&app.pool, Actor::Operator("test"), &disabled.email, true, clock.now())
        .await
        .unwrap();
    // 16 minutes pass for the idle one; the others keep their sessions alive meanwhile.
    let mut keep = Vec::new();
    for step in 0..4 {
        clock.advance(chrono::Duration::minutes(4));
        for c in [&reviewer.client, &supervisor.client, &admin.client] {
            keep.push((step, c.get(app.url("/staff/signed-out")).send().await.unwrap().status()));
        }
        for c in [&reviewer.client, &supervisor.client] {
            c.get(app.url("/staff")).send().await.unwrap();
        }
        admin.client.get(app.url("/staff/accounts")).send().await.unwrap();
    }

    let case = format!("/staff/case/{reference}");
    let r = reference.as_str();
    let anonymous = client();
    let sign_in = (303, "/staff/sign-in".to_string());
    let ended = (303, "/staff/sign-in?signed-out=inactive".to_string());
    let forbidden_post = (303, "/staff/forbidden".to_string());
    let forbidden_page = (403, String::new());
    let to_accounts = (303, "/staff/accounts".to_string());
    let ok = (200, String::new());
    let posts: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("/staff/case/open", vec![("reference", r), ("reason", "answering the victim's call")]),
        ("/staff/case/claim", vec![("reference", r)]),
        ("/staff/case/update", vec![("reference", r), ("message", "We are looking at it.")]),
        ("/staff/accounts/add", vec![("email", "x@midshire.police.uk"), ("role", "admin")]),
    ];
    // Every other server function of the workspace, which no one outside it may reach at all.
    let outside: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("/staff/case/release", vec![("reference", r)]),
        ("/staff/case/reassign", vec![("reference", r), ("to", "1")]),
        ("/staff/case/record", vec![("reference", r)]),
        ("/staff/case/allocate", vec![("reference", r), ("team", "ppu"), ("reason", "x")]),
        ("/staff/case/crime-type", vec![("reference", r), ("crime-type", "damage-to-property")]),
        ("/staff/case/acknowledge", vec![("reference", r), ("channel", "phone")]),
        ("/staff/case/file", vec![("reference", r), ("victim-reason", "filed")]),
        ("/staff/case/return", vec![("reference", r), ("question", "why?")]),
        ("/staff/case/referral", vec![("reference", r), ("agency", "victim-support")]),
        (
            "/staff/case/no-further-action",
            vec![("reference", r), ("suspect-interviewed", "yes"), ("nfa-reason", "x")],
        ),
        ("/staff/case/answer", vec![("reference", r), ("request", "1"), ("answer-1", "x")]),
        ("/staff/case/review", vec![("reference", r), ("upheld", "yes"), ("review-reason", "x")]),
        ("/staff/accounts/reset", vec![("email", "reviewer@midshire.police.uk")]),
        ("/staff/accounts/disable", vec![("email", "reviewer@midshire.police.uk")]),
        ("/staff/accounts/enable", vec![("email", "leaver@midshire.police.uk")]),
    ];
    let before: i64 = count(
        &app,
        "select count(*) from audit_event where actor like 'staff:%' and action not like 'staff-%'",
    )
    .await;
    for (who, c) in [("anonymous", &anonymous), ("victim", &victim)] {
        for (path, fields) in &outside {
            assert_eq!(
                outcome(c, &app, "POST", path, fields).await,
                (303, "/staff/sign-in".to_string()),
                "{who} POST {path}"
            );
        }
    }
    for (path, fields) in outside.iter().filter(|(p, _)| p.starts_with("/staff/accounts/")) {
        for (who, c) in [("reviewer", &reviewer.client), ("supervisor", &supervisor.client)] {
            assert_eq!(
                outcome(c, &app, "POST", path, fields).await,
                (303, "/staff/forbidden".to_string()),
                "{who} POST {path}"
            );
        }
    }
    for (path, fields) in outside.iter().filter(|(p, _)| p.starts_with("/staff/case/")) {
        assert_eq!(
            outcome(&admin.client, &app, "POST", path, fields).await,
            (303, "/staff/forbidden".to_string()),
            "admin POST {path}"
        );
    }
    let after: i64 = count(
        &app,
        "select count(*) from audit_event where actor like 'staff:%' and action not like 'staff-%'",
    )
    .await;
    assert_eq!(before, after, "none of those changed a case or an account");
    assert_eq!(count(&app, "select count(*) from staff_account where disabled_at is not null").await, 1);
    // (who, their client, GET /staff, GET /staff/requests, GET /staff/accounts, GET the case, posts)
    let table: Vec<(&str, &Client, [Outcome; 5])> = vec![
        (
            "anonymous",
            &anonymous,
            [sign_in.clone(), sign_in.clone(), sign_in.clone(), sign_in.clone(), sign_in.clone()],
        ),
        (
            "victim",
            &victim,
            [sign_in.clone(), sign_in.clone(), sign_in.clone(), sign_in.clone(), sign_in.clone()],
        ),
        // The first request finds the session ended and removes the cookie; after that, sign in.
        (
            "disabled",
            &disabled.client,
            [ended.clone(), sign_in.clone(), sign_in.clone(), sign_in.clone(), sign_in.clone()],
        ),
        (
            "expired",
            &expired.client,
            [ended.clone(), sign_in.clone(), sign_in.clone(), sign_in.clone(), sign_in.clone()],
        ),
        (
            "admin",
            &admin.client,
            [
                to_accounts.clone(),
                to_accounts.clone(),
                ok.clone(),
                to_accounts.clone(),
                forbidden_post.clone(),
            ],
        ),
        (
            "reviewer",
            &reviewer.client,
            [ok.clone(), ok.clone(), forbidden_page.clone(), ok.clone(), forbidden_post.clone()],
        ),
        (
            "supervisor",
            &supervisor.client,
            [ok.clone(), ok.clone(), forbidden_page.clone(), ok.clone(), forbidden_post.clone()],
        ),
    ];
    for (who, c, [queue, requests, accounts_page, case_page, case_post]) in table {
        assert_eq!(outcome(c, &app, "GET", "/staff", &[]).await, queue, "{who} GET /staff");
        assert_eq!(
            outcome(c, &app, "GET", "/staff/requests", &[]).await,
            requests,
            "{who} GET /staff/requests"
        );
        assert_eq!(
            outcome(c, &app, "GET", "/staff/accounts", &[]).await,
            accounts_page,
            "{who} GET /staff/accounts"
        );
        assert_eq!(outcome(c, &app, "GET", &case, &[]).await, case_page, "{who} GET the case");
        for (path, fields) in &posts {
            let got = outcome(c, &app, "POST", path, fields).await;
            let expected = match (who, *path) {
                ("admin", "/staff/accounts/add") => (303, "/staff/accounts".to_string()),
                ("reviewer" | "supervisor", "/staff/accounts/add") => forbidden_post.clone(),
                ("reviewer" | "supervisor", _) => (303, got.1.clone()),
                _ => case_post.clone(),
            };
            assert_eq!(got, expected, "{who} POST {path}");
            if matches!(who, "reviewer" | "supervisor") && *path != "/staff/accounts/add" {
                assert!(got.1.starts_with(&case), "{who} POST {path} goes back to the case: {}", got.1);
            }
        }
    }
    // Nobody refused changed anything: the one claim and one update are the reviewer's (the
    // supervisor's claim was refused: it was the reviewer's).
    assert_eq!(count(&app, "select count(*) from case_state where claimed_by is not null").await, 1);
    let claimed_by: i64 = count(&app, "select claimed_by from case_state").await;
    let reviewer_id: i64 =
        count(&app, "select id from staff_account where email = 'reviewer@midshire.police.uk'").await;
    assert_eq!(claimed_by, reviewer_id);
    assert_eq!(
        count(&app, "select count(*) from status_event where kind = 'update'").await,
        1,
        "only the claimant's update"
    );
    assert_eq!(
        count(&app, "select count(*) from staff_account where email = 'x@midshire.police.uk'").await,
        1,
        "only the admin added"
    );

    // Cross-site posts are refused before anything runs.
    let cross = reviewer
        .client
        .post(app.url("/staff/case/release"))
        .header("Origin", "https://evil.example")
        .header("Sec-Fetch-Site", "cross-site")
        .form(&[("reference", r)])
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), StatusCode::FORBIDDEN);
    assert_eq!(count(&app, "select count(*) from case_state where claimed_by is not null").await, 1);

    // Sign-out ends the session at once.
    let out = reviewer.client.post(app.url("/staff/sign-out")).form(&[("x", "")]).send().await.unwrap();
    assert_eq!(location(&out), "/staff/signed-out");
    assert_eq!(outcome(&reviewer.client, &app, "GET", "/staff", &[]).await.1, "/staff/sign-in");
    assert!(keep.iter().all(|(_, status)| *status == StatusCode::OK));
}

#[tokio::test]
async fn the_queue_puts_danger_first_and_every_view_is_audited_with_its_reason() {
    let clock = SettableClock::now();
    let app = spawn_app_with_clock(&[], clock.clone()).await;
    let (plain, _) = send_report(&app, &client()).await;
    let (danger, _) =
        send_report_saying(&app, &client(), "They took my bike and said they will come back for me tonight.")
            .await;
    let (unassessed_later, _) = (String::new(), ());
    let _ = unassessed_later;
    dispatch(&app, &clock).await;
    let reviewer = enrol_and_sign_in(&app, &clock, "reviewer@midshire.police.uk", Role::Reviewer).await;
    let queue = reviewer.client.get(app.url("/staff")).send().await.unwrap().text().await.unwrap();
    let (at_danger, at_plain) = (queue.find(&danger).unwrap(), queue.find(&plain).unwrap());
    assert!(at_danger < at_plain, "the report with words of danger comes first");
    assert!(queue.contains("Needs a person now"));
    assert!(queue.contains("Showing 1 to 2 of 2 reports"));
    assert!(queue.contains("Record the crime: due in"), "the next deadline in words");
    let urgent_only =
        reviewer.client.get(app.url("/staff?urgent=1")).send().await.unwrap().text().await.unwrap();
    assert!(urgent_only.contains(&danger) && !urgent_only.contains(&plain), "filters narrow the queue");
    let by_received = reviewer
        .client
        .get(app.url("/staff?sort=received&dir=desc"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        by_received.find(&danger).unwrap() < by_received.find(&plain).unwrap(),
        "newest first when asked"
    );

    // An unclaimed report asks for the reason first; the reason is audited with the view.
    let page = reviewer
        .client
        .get(app.url(&format!("/staff/case/{plain}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Why do you need to open this report?"));
    assert!(!page.contains("Sam Patel"), "nothing of the report before the reason");
    let short = reviewer
        .client
        .post(app.url("/staff/case/open"))
        .form(&[("reference", plain.as_str()), ("reason", "")])
        .send()
        .await
        .unwrap();
    let page = follow(&app, &reviewer.client, short).await.text().await.unwrap();
    assert!(page.contains("Enter why you need to open this report"));
    let opened = reviewer
        .client
        .post(app.url("/staff/case/open"))
        .form(&[("reference", plain.as_str()), ("reason", "Victim phoned 101 asking about it")])
        .send()
        .await
        .unwrap();
    let page = follow(&app, &reviewer.client, opened).await.text().await.unwrap();
    assert!(
        page.contains("Sam Patel") && page.contains("Safe"),
        "everything the victim gave, with safe contact shown"
    );
    let reasons: Vec<(String, Option<String>)> = server::on_db!(&app.pool, |e| sqlx::query_as("select action, reason from audit_event where actor like 'staff:%' and report_id is not null order by id")
        .fetch_all(e).await)
        .unwrap();
    assert!(reasons.contains(&("give-reason".into(), Some("Victim phoned 101 asking about it".into()))));
    assert!(reasons.contains(&("view-case".into(), Some("Victim phoned 101 asking about it".into()))));
    // Claimed reports open without a reason, audited as claimed.
    let claim = reviewer
        .client
        .post(app.url("/staff/case/claim"))
        .form(&[("reference", danger.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(
        location(&claim),
        format!("/staff/case/{danger}"),
        "a claim needs a reason first when not yet opened"
    );
    reviewer
        .client
        .post(app.url("/staff/case/open"))
        .form(&[("reference", danger.as_str()), ("reason", "Top of the queue: danger words")])
        .send()
        .await
        .unwrap();
    let claim = reviewer
        .client
        .post(app.url("/staff/case/claim"))
        .form(&[("reference", danger.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&claim), format!("/staff/case/{danger}?done=claim"));
    let mine = reviewer.client.get(app.url("/staff?mine=1")).send().await.unwrap().text().await.unwrap();
    assert!(mine.contains(&danger) && !mine.contains(&plain));
    assert!(
        count(
            &app,
            "select count(*) from audit_event where action = 'view-case' and reason = 'claimed or assigned'"
        )
        .await
            == 0
    );
    reviewer.client.get(app.url(&format!("/staff/case/{danger}"))).send().await.unwrap();
    assert_eq!(
        count(
            &app,
            "select count(*) from audit_event where action = 'view-case' and reason = 'claimed or assigned'"
        )
        .await,
        1
    );
}

async fn tracking_page(app: &TestApp, reference: &str, code: &str) -> String {
    let victim = client();
    let signed_in = victim
        .post(app.url("/track"))
        .form(&[("reference", reference), ("code", code)])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&signed_in), "/track/case");
    victim.get(app.url("/track/case")).send().await.unwrap().text().await.unwrap()
}

#[tokio::test]
async fn decisions_reach_the_victim_and_keep_the_rules() {
    let clock = SettableClock::now();
    let app = spawn_app_with_clock(&[], clock.clone()).await;
    let victim = client();
    let (reference, code) = send_report(&app, &victim).await;
    dispatch(&app, &clock).await;
    let reviewer = enrol_and_sign_in(&app, &clock, "reviewer@midshire.police.uk", Role::Reviewer).await;
    let c = &reviewer.client;
    let r = reference.as_str();
    let case = format!("/staff/case/{reference}");
    c.post(app.url("/staff/case/open"))
        .form(&[("reference", r), ("reason", "Reviewing the queue")])
        .send()
        .await
        .unwrap();
    c.post(app.url("/staff/case/claim")).form(&[("reference", r)]).send().await.unwrap();

    // Confirm recorded: the 24-hour deadline is met.
    let done = c.post(app.url("/staff/case/record")).form(&[("reference", r)]).send().await.unwrap();
    assert_eq!(location(&done), format!("{case}?done=record"));
    assert_eq!(
        count(&app, "select count(*) from deadline where kind = 'record' and met_at is not null").await,
        1
    );

    // Overriding the proposal needs a reason; what was typed comes back.
    let proposed: String =
        server::on_db!(&app.pool, |e| sqlx::query_scalar("select outcome from assessment")
            .fetch_one(e)
            .await)
        .unwrap();
    let other = if proposed == "fcid" { "iit" } else { "fcid" };
    let no_reason = c
        .post(app.url("/staff/case/allocate"))
        .form(&[("reference", r), ("team", other), ("reason", "")])
        .send()
        .await
        .unwrap();
    let page = follow(&app, c, no_reason).await.text().await.unwrap();
    assert!(page.contains("Say why you are changing the proposed allocation"));
    assert_eq!(
        count(&app, "select count(*) from assessment where status = 'proposed'").await,
        1,
        "nothing changed"
    );

    // Return it to the victim: the question shows on their tracking page; their answer brings it back.
    let asked = c
        .post(app.url("/staff/case/return"))
        .form(&[("reference", r), ("question", "What colour was the bike lock?")])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&asked), format!("{case}?done=return"));
    let state: String =
        server::on_db!(&app.pool, |e| sqlx::query_scalar("select state from case_state").fetch_one(e).await)
            .unwrap();
    assert_eq!(state, "with-victim");
    let page = tracking_page(&app, r, &code).await;
    assert!(page.contains("What colour was the bike lock?"), "the victim sees the question");
    let victim = client();
    victim.post(app.url("/track")).form(&[("reference", r), ("code", code.as_str())]).send().await.unwrap();
    let answered = victim
        .post(app.url("/track/case/add-information"))
        .form(&[("details", "It was a blue D-lock.")])
        .send()
        .await
        .unwrap();
    assert_eq!(answered.status(), StatusCode::SEE_OTHER);
    let state: String =
        server::on_db!(&app.pool, |e| sqlx::query_scalar("select state from case_state").fetch_one(e).await)
            .unwrap();
    assert_eq!(state, "to-review", "the answer brings it back to the queue");
    let page = c.get(app.url(&case)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("It was a blue D-lock."), "staff read the answer on the case");

    // File at source with the reason the victim reads.
    let filed = c
        .post(app.url("/staff/case/file"))
        .form(&[
            ("reference", r),
            (
                "victim-reason",
                "There is no footage or witness we can follow up, so we have filed your report.",
            ),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&filed), format!("{case}?done=file"));
    let page = tracking_page(&app, r, &code).await;
    assert!(page.contains("There is no footage or witness we can follow up, so we have filed your report."));
    assert_eq!(
        count(&app, "select count(*) from deadline where kind = 'decision-explained' and met_at is not null")
            .await,
        count(&app, "select count(*) from deadline where kind = 'decision-explained'").await
    );
    // Each decision: audited, a notice to the victim, a records export.
    for action in ["confirm-recorded", "return-to-victim", "file-at-source"] {
        assert_eq!(
            count(
                &app,
                &format!(
                    "select count(*) from audit_event where action = '{action}' and actor like 'staff:%'"
                )
            )
            .await,
            1,
            "{action}"
        );
    }
    assert!(count(&app, "select count(*) from outbox where kind = 'update_notice'").await >= 3);
    assert!(
        count(
            &app,
            "select count(*) from outbox where kind = 'records_export' and payload like '%case-change%'"
        )
        .await
            >= 3
    );
    // Filed: no more allocation decisions.
    let again = c
        .post(app.url("/staff/case/allocate"))
        .form(&[("reference", r), ("team", "iit"), ("reason", "changed my mind")])
        .send()
        .await
        .unwrap();
    let page = follow(&app, c, again).await.text().await.unwrap();
    assert!(page.contains("This is not open while the report is filed"));
}

#[tokio::test]
async fn a_review_is_decided_by_a_supervisor_who_took_no_part() {
    let clock = SettableClock::now();
    let app = spawn_app_with_clock(&[], clock.clone()).await;
    let (reference, code) = send_report(&app, &client()).await;
    dispatch(&app, &clock).await;
    let first = enrol_and_sign_in(&app, &clock, "first@midshire.police.uk", Role::Supervisor).await;
    let second = enrol_and_sign_in(&app, &clock, "second@midshire.police.uk", Role::Supervisor).await;
    let r = reference.as_str();
    let post = |c: &Client, path: &str, fields: Vec<(&'static str, String)>| {
        let mut fields = fields;
        fields.push(("reference", reference.clone()));
        c.post(app.url(path)).form(&fields).send()
    };
    post(&first.client, "/staff/case/open", vec![("reason", "Reviewing".into())]).await.unwrap();
    post(&first.client, "/staff/case/claim", vec![]).await.unwrap();
    let team: String = server::on_db!(&app.pool, |e| sqlx::query_scalar("select outcome from assessment")
        .fetch_one(e)
        .await)
    .unwrap();
    let team = if team == "filed-at-source" { "iit".to_string() } else { team };
    let done = post(
        &first.client,
        "/staff/case/allocate",
        vec![("team", team), ("reason", "Footage to check".into())],
    )
    .await
    .unwrap();
    assert!(location(&done).ends_with("?done=allocate"), "{}", location(&done));
    let done = post(
        &first.client,
        "/staff/case/no-further-action",
        vec![
            ("suspect-interviewed", "yes".into()),
            ("nfa-reason", "The footage did not show the suspect's face.".into()),
        ],
    )
    .await
    .unwrap();
    assert!(location(&done).ends_with("?done=no-further-action"), "{}", location(&done));
    // The victim asks for a review.
    let victim = client();
    victim.post(app.url("/track")).form(&[("reference", r), ("code", code.as_str())]).send().await.unwrap();
    let asked = victim
        .post(app.url("/track/case/ask-for-a-review"))
        .form(&[("reasons", "I know who it was and told you their name.")])
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status(), StatusCode::SEE_OTHER);
    assert_eq!(count(&app, "select count(*) from victim_request where kind = 'review'").await, 1);
    // The supervisor who decided may not decide the review.
    let refused = post(
        &first.client,
        "/staff/case/review",
        vec![("upheld", "no".into()), ("review-reason", "It stands.".into())],
    )
    .await
    .unwrap();
    let page = follow(&app, &first.client, refused).await.text().await.unwrap();
    assert!(page.contains("You took part in the decision under review"));
    assert_eq!(
        count(&app, "select count(*) from victim_request where kind = 'review' and handled_at is null").await,
        1
    );
    // Another supervisor does, giving the reason for opening it first.
    post(&second.client, "/staff/case/open", vec![("reason", "Review request to decide".into())])
        .await
        .unwrap();
    let decided = post(
        &second.client,
        "/staff/case/review",
        vec![("upheld", "yes".into()), ("review-reason", "We will interview the person you named.".into())],
    )
    .await
    .unwrap();
    assert!(location(&decided).ends_with("?done=review"), "{}", location(&decided));
    assert_eq!(count(&app, "select count(*) from deadline where kind in ('vrr-acknowledge', 'vrr-decide') and met_at is not null").await, 2);
    let page = tracking_page(&app, r, &code).await;
    assert!(page.contains("We will interview the person you named."));
    let state: String =
        server::on_db!(&app.pool, |e| sqlx::query_scalar("select state from case_state").fetch_one(e).await)
            .unwrap();
    assert_eq!(state, "allocated", "the investigation goes on");
}

#[tokio::test]
async fn the_crime_type_can_change_the_rules_run_again_and_other_channels_are_acknowledged_by_staff() {
    let clock = SettableClock::now();
    let app = spawn_app_with_clock(&[("PORTAL_INFO_REPLY_DAYS", "2")], clock.clone()).await;
    // A victim who may only be phoned: the portal cannot email an acknowledgement.
    let (reference, code) = send_report_changed(&app, &client(), |slug, fields| match slug {
        "about-you" => fields.push(("phone", "07700 900123")),
        "contact" => {
            *fields = vec![("channels", "phone"), ("safe-phone", "yes"), ("frequency", "when-news")];
        }
        _ => {}
    })
    .await;
    dispatch(&app, &clock).await;
    let reviewer = enrol_and_sign_in(&app, &clock, "reviewer@midshire.police.uk", Role::Reviewer).await;
    let c = &reviewer.client;
    let r = reference.as_str();
    let case = format!("/staff/case/{reference}");
    c.post(app.url("/staff/case/open"))
        .form(&[("reference", r), ("reason", "Reviewing the queue")])
        .send()
        .await
        .unwrap();
    let page = c.get(app.url(&case)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Record acknowledgement"), "offered: no safe email");
    let email = c
        .post(app.url("/staff/case/acknowledge"))
        .form(&[("reference", r), ("channel", "email")])
        .send()
        .await
        .unwrap();
    let page = follow(&app, c, email).await.text().await.unwrap();
    assert!(page.contains("Choose a way of contact the victim said is safe"));
    let done = c
        .post(app.url("/staff/case/acknowledge"))
        .form(&[("reference", r), ("channel", "phone")])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&done), format!("{case}?done=acknowledge"));
    let page = c.get(app.url(&case)).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains("Record acknowledgement</button>"), "recorded once");
    let tracked = tracking_page(&app, r, &code).await;
    assert!(tracked.contains("We let you know by phone that we have your report."), "{tracked}");

    // Changing the crime type runs the rules again on the new type; the proposal waits for review.
    let before: String = server::on_db!(&app.pool, |e| sqlx::query_scalar("select decision from assessment")
        .fetch_one(e)
        .await)
    .unwrap();
    let changed = c
        .post(app.url("/staff/case/crime-type"))
        .form(&[("reference", r), ("crime-type", "damage-to-property")])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&changed), format!("{case}?done=crime-type"));
    let (crime, status, after): (String, String, String) = server::on_db!(&app.pool, |e| sqlx::query_as(
        "select r.crime_type, a.status, a.decision from report r join assessment a on a.report_id = r.id",
    )
    .fetch_one(e)
    .await)
    .unwrap();
    assert_eq!((crime.as_str(), status.as_str()), ("damage-to-property", "proposed"));
    assert_ne!(before, after, "a new decision");
    assert_eq!(
        count(&app, "select count(*) from case_state where crime_type = 'damage-to-property'").await,
        1
    );
    let same = c
        .post(app.url("/staff/case/crime-type"))
        .form(&[("reference", r), ("crime-type", "damage-to-property")])
        .send()
        .await
        .unwrap();
    assert!(follow(&app, c, same)
        .await
        .text()
        .await
        .unwrap()
        .contains("That is the crime type already recorded"));

    // A question unanswered past the wait comes back to the queue, marked "no reply".
    c.post(app.url("/staff/case/return"))
        .form(&[("reference", r), ("question", "Is there a camera nearby?")])
        .send()
        .await
        .unwrap();
    assert_eq!(server::staff::queue::return_unanswered(&app.pool, clock.now()).await.unwrap(), 0, "not yet");
    clock.advance(chrono::Duration::days(3));
    assert_eq!(server::staff::queue::return_unanswered(&app.pool, clock.now()).await.unwrap(), 1);
    let state: String =
        server::on_db!(&app.pool, |e| sqlx::query_scalar("select state from case_state").fetch_one(e).await)
            .unwrap();
    assert_eq!(state, "to-review");
    assert_eq!(
        count(&app, "select count(*) from status_event where kind = 'no-reply' and not visible_to_victim")
            .await,
        1
    );
}
