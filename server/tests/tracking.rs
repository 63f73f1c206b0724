//! The tracking page over real HTTP against a real SQLite database: look-ups that reveal nothing,
//! the soft delay, one-time links, sessions that cover one report, the actions, cross-site
//! refusals and clean addresses.

mod support;

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use chrono::Utc;
use reqwest::{header, Client, Response, StatusCode};
use server::{
    casework::{self, Change},
    clock::{Clock, FixedClock},
    jobs::Dispatcher,
    mail::Mailer,
};
use support::{
    journey::{client, follow, location, send_report},
    spawn_app, spawn_app_with, spawn_app_with_clock, SettableClock, TestApp,
};

fn dispatcher(app: &TestApp, dir: &std::path::Path, clock: Arc<dyn Clock>) -> Dispatcher {
    support::smtp::dispatcher(&app.pool, Mailer::files(dir.join("mail")).unwrap(), clock)
}

async fn look_up(app: &TestApp, client: &Client, reference: &str, code: &str) -> Response {
    client.post(app.url("/track")).form(&[("reference", reference), ("code", code)]).send().await.unwrap()
}

/// A look-up that failed: back to the look-up page, which shows the problem once. Returns that
/// page.
async fn refused(app: &TestApp, client: &Client, response: Response) -> Response {
    assert_eq!(location(&response), "/track", "answered with the problem");
    follow(app, client, response).await
}

/// Whether `response` sets the tracking session's cookie.
fn signs_in(response: &Response) -> bool {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|c| c.to_str().unwrap().starts_with("portal-track="))
}

/// Signs in with `client`; panics unless the look-up succeeds.
async fn sign_in(app: &TestApp, client: &Client, reference: &str, code: &str) {
    let response = look_up(app, client, reference, code).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/track/case");
}

async fn page(app: &TestApp, client: &Client, path: &str) -> (StatusCode, String) {
    let response = client.get(app.url(path)).send().await.unwrap();
    (response.status(), response.text().await.unwrap())
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    server::on_db!(&app.pool, |e| sqlx::query_scalar(sql).fetch_one(e).await).unwrap()
}

/// The page without its per-request CSP nonce (Leptos also writes it into `crossorigin`).
fn without_nonce(body: &str) -> String {
    let mut page = body.to_string();
    for attribute in ["nonce=\"", "crossorigin=\""] {
        let mut out = String::new();
        let mut rest = page.as_str();
        while let Some(i) = rest.find(attribute) {
            out.push_str(&rest[..i + attribute.len()]);
            rest = rest[i + attribute.len()..].split_once('"').map(|(_, r)| r).unwrap_or("");
            out.push('"');
        }
        page = out + rest;
    }
    page
}

/// A reference no report has: valid (its check character is right), but new.
fn unknown_reference() -> String {
    rules::codes::Reference::generate(&mut rand::rng()).to_string()
}

/// A tracking code no one was given.
fn some_code() -> String {
    rules::codes::SecretCode::generate(&mut rand::rng()).expose().to_string()
}

/// A form's fields, in order.
type Fields = Vec<(&'static str, &'static str)>;

/// Every redirect goes to a fixed address: nothing personal, no code, no token.
fn assert_clean(location: &str) {
    let allowed = location.starts_with("/track")
        && location.chars().all(|c| c.is_ascii_lowercase() || "/-?=".contains(c));
    assert!(allowed, "{location}");
}

#[tokio::test]
async fn an_unknown_reference_and_a_wrong_code_get_the_same_answer() {
    let app = spawn_app().await;
    let (reference, code) = send_report(&app, &client()).await;
    let browser = client();

    let mut bodies = Vec::new();
    let mut times = Vec::new();
    for reference in [reference.clone(), unknown_reference()] {
        let started = Instant::now();
        let response = look_up(&app, &browser, &reference, &some_code()).await;
        times.push(started.elapsed());
        assert!(!signs_in(&response));
        let response = refused(&app, &browser, response).await;
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
        let body = response.text().await.unwrap();
        assert!(body.contains("The reference number and tracking code do not match"));
        assert!(!body.contains(&code));
        bodies.push(without_nonce(&body).replace(&reference, "REFERENCE"));
    }
    assert_eq!(bodies[0], bodies[1], "the pages differ only by the reference typed");
    // Both verify an argon2id hash: without the dummy hash the unknown one would be many times
    // faster. (A loose bound: this is a check that the work is done, not a benchmark.)
    assert!(times[1] * 3 > times[0], "unknown {:?} vs wrong {:?}", times[1], times[0]);

    let rows =
        count(&app, "select count(*) from audit_event where action = 'look-up' and outcome = 'no-match'")
            .await;
    assert_eq!(rows, 2);
}

#[tokio::test]
async fn typing_mistakes_are_explained_and_the_code_is_never_sent_back() {
    let app = spawn_app().await;
    let browser = client();
    let response = look_up(&app, &browser, "k7q m4x", "abcd").await;
    let body = refused(&app, &browser, response).await.text().await.unwrap();
    assert!(body.contains("A reference has 9 letters and numbers, like K7Q-M4X-2PC"), "{body}");
    assert!(body.contains("Enter the tracking code exactly as it was shown"));
    assert!(body.contains("value=\"k7q m4x\""), "the reference is kept as typed");
    assert!(!body.contains("value=\"abcd\""), "the code is not");
    let response = look_up(&app, &browser, "", "").await;
    let body = refused(&app, &browser, response).await.text().await.unwrap();
    assert!(body.contains("Enter your crime reference number") && body.contains("Enter your tracking code"));
}

#[tokio::test]
async fn the_soft_delay_slows_failures_never_the_right_code_and_wears_off() {
    let clock = SettableClock::now();
    let vars = [
        ("PORTAL_LOOKUP_FREE_FAILURES", "2"),
        ("PORTAL_LOOKUP_DELAY_MS", "1500"),
        ("PORTAL_LOOKUP_FAILURE_MEMORY_MINUTES", "10"),
    ];
    let app = spawn_app_with_clock(&vars, clock.clone()).await;
    let (reference, code) = send_report(&app, &client()).await;
    let delay = Duration::from_millis(1500);
    let timed = |reference: String, code: String| {
        let app = &app;
        async move {
            let started = Instant::now();
            let response = look_up(app, &client(), &reference, &code).await;
            (location(&response), started.elapsed())
        }
    };

    for _ in 0..2 {
        let (to, took) = timed(reference.clone(), some_code()).await;
        assert_eq!(to, "/track");
        assert!(took < delay, "no delay before the free failures are used: {took:?}");
    }
    let (to, took) = timed(reference.clone(), some_code()).await;
    assert_eq!(to, "/track");
    assert!(took >= delay, "third failure waits: {took:?}");
    // The same for a reference that does not exist: the delay reveals nothing.
    let unknown = unknown_reference();
    for _ in 0..2 {
        timed(unknown.clone(), some_code()).await;
    }
    assert!(timed(unknown.clone(), some_code()).await.1 >= delay);

    // Each further failure waits twice as long; the right code never waits.
    let (to, took) = timed(reference.clone(), some_code()).await;
    assert_eq!(to, "/track");
    assert!(took >= delay * 2, "the wait doubles: {took:?}");
    let (to, took) = timed(reference.clone(), code.clone()).await;
    assert_eq!(to, "/track/case");
    assert!(took < Duration::from_secs(1), "the right code is not delayed: {took:?}");

    // Success clears the failures; time clears them for the unknown reference.
    assert!(timed(reference.clone(), some_code()).await.1 < delay);
    clock.advance(chrono::Duration::minutes(11));
    assert!(timed(unknown, some_code()).await.1 < delay, "forgotten after 10 quiet minutes");
}

#[tokio::test]
async fn look_ups_are_limited_per_client() {
    let app = spawn_app_with(&[("PORTAL_LOOKUP_RATE_PER_MINUTE", "3")], |r| r).await;
    let browser = client();
    for _ in 0..3 {
        assert_eq!(location(&look_up(&app, &browser, &unknown_reference(), &some_code()).await), "/track");
    }
    let response = look_up(&app, &browser, &unknown_reference(), &some_code()).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    // Three a minute: the next one is allowed within 20 seconds.
    let retry: u64 = response.headers()[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=20).contains(&retry), "{retry}");
}

#[tokio::test]
async fn a_session_covers_one_report_and_shows_only_what_a_victim_may_see() {
    let app = spawn_app().await;
    let (reference_a, code_a) = send_report(&app, &client()).await;
    let (reference_b, _) = send_report(&app, &client()).await;
    let victim_a = client();

    let response = look_up(&app, &victim_a, &reference_a, &code_a).await;
    let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap().to_string();
    assert!(cookie.starts_with("portal-track="), "{cookie}");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    assert!(
        !cookie.contains("Max-Age") && !cookie.contains("Expires"),
        "ends with the browser or the server"
    );

    let response = victim_a.get(app.url("/track/case")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
    let body = response.text().await.unwrap();
    assert!(body.contains(&reference_a));
    assert!(!body.contains(&reference_b));
    for private in ["Sam Patel", "sam@example.com", "WTU123456", "Bike racks outside the library"] {
        assert!(!body.contains(private), "the case page does not repeat {private}");
    }

    // Every action goes to the session's report, whatever the form says.
    let response = victim_a
        .post(app.url("/track/case/add-information"))
        .form(&[("details", "I found the frame number"), ("reference", reference_b.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let on_b = count(
        &app,
        &format!(
            "select count(*) from victim_request v join report r on r.id = v.report_id where r.reference = '{reference_b}'"
        ),
    )
    .await;
    assert_eq!(on_b, 0);

    // Someone without a session sees nothing and is sent to the look-up.
    for path in ["/track/case", "/track/case/add-information"] {
        let response = client().get(app.url(path)).send().await.unwrap();
        assert_eq!((response.status(), location(&response)), (StatusCode::SEE_OTHER, "/track".to_string()));
    }
    // A post without a session is asked to sign in (what it carries goes nowhere until then).
    let stranger = client();
    let response =
        stranger.post(app.url("/track/case/add-information")).form(&[("details", "x")]).send().await.unwrap();
    assert_eq!(location(&response), "/track");
    let body = follow(&app, &stranger, response).await.text().await.unwrap();
    assert!(body.contains("action=\"/track\"") && !body.contains(&reference_a));
    assert_eq!(count(&app, "select count(*) from victim_request").await, 1);
}

#[tokio::test]
async fn sessions_end_when_idle_after_their_absolute_limit_and_at_sign_out() {
    let clock = SettableClock::now();
    let app = spawn_app_with_clock(&[("PORTAL_TRACK_IDLE_MINUTES", "30")], clock.clone()).await;
    let (reference, code) = send_report(&app, &client()).await;

    let victim = client();
    sign_in(&app, &victim, &reference, &code).await;
    clock.advance(chrono::Duration::minutes(29));
    assert_eq!(
        page(&app, &victim, "/track/case").await.0,
        StatusCode::OK,
        "activity moves the idle expiry on"
    );
    clock.advance(chrono::Duration::minutes(29));
    assert_eq!(page(&app, &victim, "/track/case").await.0, StatusCode::OK);
    clock.advance(chrono::Duration::minutes(31));
    let response = victim.get(app.url("/track/case")).send().await.unwrap();
    assert_eq!(location(&response), "/track?signed-out=inactive");
    let (_, body) = page(&app, &victim, "/track?signed-out=inactive").await;
    assert!(body.contains("You were signed out because you had not done anything for 30 minutes"));

    // Kept busy, a session still ends 4 hours after it began.
    sign_in(&app, &victim, &reference, &code).await;
    for _ in 0..9 {
        clock.advance(chrono::Duration::minutes(25));
        assert_eq!(page(&app, &victim, "/track/case").await.0, StatusCode::OK);
    }
    clock.advance(chrono::Duration::minutes(20));
    assert_eq!(
        location(&victim.get(app.url("/track/case")).send().await.unwrap()),
        "/track?signed-out=inactive"
    );

    // Sign-out ends the session on the server, not only in this browser.
    sign_in(&app, &victim, &reference, &code).await;
    let token: String = {
        let response = look_up(&app, &client(), &reference, &code).await;
        let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap().to_string();
        cookie.split(';').next().unwrap().to_string()
    };
    let copy = Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let with_cookie = |path: &str| copy.get(app.url(path)).header(header::COOKIE, token.clone()).send();
    assert_eq!(with_cookie("/track/case").await.unwrap().status(), StatusCode::OK);
    let response =
        copy.post(app.url("/track/sign-out")).header(header::COOKIE, token.clone()).send().await.unwrap();
    assert_eq!(location(&response), "/track/signed-out");
    assert!(response.headers()[header::SET_COOKIE].to_str().unwrap().starts_with("portal-track=;"));
    assert_eq!(location(&with_cookie("/track/case").await.unwrap()), "/track?signed-out=inactive");
    let ended = count(&app, "select count(*) from audit_event where action = 'sign-out'").await;
    assert_eq!(ended, 1);
}

/// The tokens of every link emailed so far.
fn links_in_mail(dir: &std::path::Path) -> Vec<String> {
    let mut links = Vec::new();
    for entry in std::fs::read_dir(dir.join("mail")).unwrap() {
        let text =
            std::fs::read_to_string(entry.unwrap().path()).unwrap().replace("=\r\n", "").replace("=\n", "");
        if let Some(rest) = text.split("/track/link/").nth(1) {
            links.push(
                rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect(),
            );
        }
    }
    links
}

#[tokio::test]
async fn an_emailed_link_works_once_and_not_after_it_expires() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let (reference, _) = send_report(&app, &client()).await;
    let mail = dispatcher(&app, dir.path(), Arc::new(server::clock::SystemClock));
    mail.run_once().await.unwrap(); // the acknowledgement and the allocation

    // A wrong address gets the same answer and no email.
    for email in ["someone@example.com", "SAM@example.com"] {
        let response = client()
            .post(app.url("/track/email-link"))
            .form(&[("reference", reference.as_str()), ("email", email)])
            .send()
            .await
            .unwrap();
        assert_eq!(
            (response.status(), location(&response)),
            (StatusCode::SEE_OTHER, "/track/link-sent".into())
        );
    }
    assert_eq!(
        count(&app, "select count(*) from outbox where kind = 'tracking_link'").await,
        1,
        "addresses match in any case"
    );
    mail.run_once().await.unwrap();
    let links = links_in_mail(dir.path());
    assert_eq!(links.len(), 1, "one link was emailed");
    let token = links[0].clone();
    assert!(token.len() >= 43, "256 bits");
    let stored: Vec<u8> =
        server::on_db!(&app.pool, |e| sqlx::query_scalar("select token_digest from tracking_link")
            .fetch_one(e)
            .await)
        .unwrap();
    assert_eq!(stored, server::secrets::digest(&token), "only the digest is stored");
    let email = std::fs::read_dir(dir.path().join("mail"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .find(|m| m.contains("/track/link/"))
        .unwrap();
    for detail in [reference.as_str(), "bike", "Bicycle", "Sam"] {
        assert!(!email.contains(detail), "the email does not mention {detail}");
    }

    let victim = client();
    let response = victim.get(app.url(&format!("/track/link/{token}"))).send().await.unwrap();
    assert_eq!(location(&response), "/track/open", "the token leaves the address bar at once");
    // Following the link uses nothing up (mail scanners fetch links): only "Continue" does.
    let (status, body) = page(&app, &victim, "/track/open").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("action=\"/track/open\""));
    assert!(!body.contains(&token));
    let response = victim.post(app.url("/track/open")).send().await.unwrap();
    assert_eq!(location(&response), "/track/case");
    let (status, body) = page(&app, &victim, "/track/case").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(&reference));

    // Once only.
    let other = client();
    other.get(app.url(&format!("/track/link/{token}"))).send().await.unwrap();
    let response = other.post(app.url("/track/open")).send().await.unwrap();
    assert!(!signs_in(&response));
    let response = follow(&app, &other, response).await;
    assert!(response.text().await.unwrap().contains("This link has expired or has already been used"));

    // A link made two hours ago has expired.
    let late = dispatcher(&app, dir.path(), Arc::new(FixedClock(Utc::now() - chrono::Duration::hours(2))));
    client()
        .post(app.url("/track/email-link"))
        .form(&[("reference", reference.as_str()), ("email", "sam@example.com")])
        .send()
        .await
        .unwrap();
    server::on_db!(&app.pool, |e| sqlx::query("update outbox set next_attempt_at = '2000-01-01T00:00:00.000Z' where kind = 'tracking_link' and done_at is null")
        .execute(e).await.map(|r| r.rows_affected()))
        .unwrap();
    late.run_once().await.unwrap();
    let expired = links_in_mail(dir.path()).into_iter().find(|t| *t != token).expect("a second link");
    let stale = client();
    stale.get(app.url(&format!("/track/link/{expired}"))).send().await.unwrap();
    let response = stale.post(app.url("/track/open")).send().await.unwrap();
    assert!(!signs_in(&response));
    assert!(follow(&app, &stale, response).await.text().await.unwrap().contains("has expired"));

    let opened = count(&app, "select count(*) from audit_event where action = 'open-link'").await;
    assert_eq!(opened, 3);
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let app = spawn_app().await;
    let (reference, code) = send_report(&app, &client()).await;
    let victim = client();
    sign_in(&app, &victim, &reference, &code).await;
    for path in [
        "/track",
        "/track/email-link",
        "/track/open",
        "/track/case/add-information",
        "/track/case/contact-preferences",
        "/track/case/ask-for-an-update",
        "/track/case/ask-for-a-review",
        "/track/case/make-a-complaint",
        "/track/sign-out",
    ] {
        let response = victim
            .post(app.url(path))
            .header("sec-fetch-site", "cross-site")
            .form(&[("details", "x"), ("reference", reference.as_str()), ("code", code.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(count(&app, "select count(*) from victim_request").await, 0);
    assert_eq!(page(&app, &victim, "/track/case").await.0, StatusCode::OK, "still signed in");
}

#[tokio::test]
async fn each_action_is_checked_stored_for_staff_and_shown_on_the_timeline() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let (reference, code) = send_report(&app, &client()).await;
    dispatcher(&app, dir.path(), Arc::new(server::clock::SystemClock)).run_once().await.unwrap();
    let victim = client();
    sign_in(&app, &victim, &reference, &code).await;
    let act = |slug: &'static str, fields: Fields| {
        let (app, victim) = (&app, &victim);
        async move { victim.post(app.url(&format!("/track/case/{slug}"))).form(&fields).send().await.unwrap() }
    };

    let (_, body) = page(&app, &victim, "/track/case").await;
    assert!(body.contains("Being assessed"), "the hand-off proposed an allocation");
    assert!(body.contains("whether we will investigate your report"));
    assert!(!body.contains("ask-for-a-review"), "no review without a decision to review");

    // A problem keeps what was typed.
    let response =
        act("make-a-complaint", vec![("what-happened", ""), ("put-right", "An apology <b>now</b>")]).await;
    assert_eq!(location(&response), "/track/case/make-a-complaint");
    let body = follow(&app, &victim, response).await.text().await.unwrap();
    assert!(body.contains("Tell us what went wrong"));
    assert!(body.contains("An apology &lt;b&gt;now&lt;/b&gt;"));
    assert_eq!(count(&app, "select count(*) from victim_request").await, 0, "nothing half-written is stored");

    let steps: Vec<(&str, Fields, &str)> = vec![
        (
            "add-information",
            vec![("details", "A neighbour's camera points at the racks")],
            "You added information",
        ),
        ("ask-for-an-update", vec![("question", "")], "You asked for an update"),
        (
            "contact-preferences",
            vec![
                ("channels", "email"),
                ("safe-email", "no"),
                ("channels", "letter"),
                ("safe-letter", "yes"),
                ("frequency", "monthly"),
            ],
            "",
        ),
        (
            "make-a-complaint",
            vec![("what-happened", "No one called me back"), ("put-right", "")],
            "You made a complaint",
        ),
    ];
    for (slug, fields, title) in steps {
        let response = act(slug, fields).await;
        if slug == "contact-preferences" {
            assert_eq!(location(&response), "/track/case/contact-preferences", "no postal address was given");
            let body = follow(&app, &victim, response).await.text().await.unwrap();
            assert!(body.contains("You chose letter but did not give a postal address with its postcode. Choose another way, or call 101 to give it to us"));
            continue;
        }
        let to = location(&response);
        assert_clean(&to);
        assert_eq!(to, format!("/track/case?done={slug}"));
        let (_, body) = page(&app, &victim, &to).await;
        assert!(body.contains(title), "{slug}");
    }
    let response = act(
        "contact-preferences",
        vec![
            ("channels", "email"),
            ("safe-email", "yes"),
            ("frequency", "fortnightly"),
            ("safe-times", "After 6pm"),
        ],
    )
    .await;
    assert_eq!(location(&response), "/track/case?done=contact-preferences");
    let plan: (String, Option<String>) =
        server::on_db!(&app.pool, |e| sqlx::query_as("select frequency, safe_times from contact_plan")
            .fetch_one(e)
            .await)
        .unwrap();
    assert_eq!(plan, ("fortnightly".into(), Some("After 6pm".into())));

    let kinds: Vec<String> =
        server::on_db!(&app.pool, |e| sqlx::query_scalar("select kind from victim_request order by id")
            .fetch_all(e)
            .await)
        .unwrap();
    assert_eq!(kinds, ["information", "update", "complaint", "contact"]);
    let due: Option<server::store::At> = server::on_db!(&app.pool, |e| sqlx::query_scalar(
        "select due_at from deadline where kind = 'update-requested'"
    )
    .fetch_optional(e)
    .await)
    .unwrap();
    assert!(due.is_some(), "asking for an update starts a deadline");
    // Asking again while the first is open keeps the first, and says so.
    let response = act("ask-for-an-update", vec![("question", "Any news?")]).await;
    assert_eq!(location(&response), "/track/case?done=already-asked");
    let (_, body) = page(&app, &victim, "/track/case?done=already-asked").await;
    assert!(body.contains("You have already asked for an update"));
    assert_eq!(count(&app, "select count(*) from victim_request where kind = 'update'").await, 1);
    let (_, body) = page(&app, &victim, "/track/case").await;
    assert!(
        body.contains("an answer to your request for an update")
            || body.contains("whether we will investigate")
    );

    // A decision not to proceed after an interview (once a team has the report) opens the right
    // to review.
    casework::apply(
        &app.pool,
        "test-operator",
        &reference,
        &Change::Allocate(rules::allocation::Team::Iit),
        Utc::now(),
    )
    .await
    .unwrap();
    casework::apply(
        &app.pool,
        "test-operator",
        &reference,
        &Change::NoFurtherAction {
            suspect_interviewed: true,
            reason: "There is not enough evidence to charge.".into(),
        },
        Utc::now(),
    )
    .await
    .unwrap();
    let (_, body) = page(&app, &victim, "/track/case").await;
    assert!(body.contains("Investigation ended") && body.contains("There is not enough evidence to charge."));
    assert!(body.contains("/track/case/ask-for-a-review"));
    let response = act("ask-for-a-review", vec![("reasons", "The man was seen on camera")]).await;
    assert_eq!(location(&response), "/track/case?done=ask-for-a-review");
    let vrr: Vec<String> = server::on_db!(&app.pool, |e| sqlx::query_scalar(
        "select kind from deadline where kind like 'vrr-%' order by kind"
    )
    .fetch_all(e)
    .await)
    .unwrap();
    assert_eq!(vrr, ["vrr-acknowledge", "vrr-decide"]);
    let (_, body) = page(&app, &victim, "/track/case").await;
    assert!(body.contains("You asked for a review"));
    assert!(body.contains("and tell you the result by"));
    // Asked once: the form is gone.
    assert_eq!(
        location(&victim.get(app.url("/track/case/ask-for-a-review")).send().await.unwrap()),
        "/track/case"
    );

    // The audit log has every action, without anything the victim wrote or the code.
    let actions: Vec<String> = server::on_db!(&app.pool, |e| sqlx::query_scalar("select action from audit_event where actor like 'victim-session:%' and action != 'view-case' order by id")
        .fetch_all(e).await)
        .unwrap();
    assert_eq!(
        actions,
        [
            "information-added",
            "update-requested",
            "complaint",
            "contact-changed",
            "update-requested",
            "review-requested"
        ]
    );
    let everything: Vec<String> = server::on_db!(&app.pool, |e| sqlx::query_scalar(
        "select actor || action || outcome from audit_event"
    )
    .fetch_all(e)
    .await)
    .unwrap();
    assert!(everything.iter().all(|row| !row.contains(&code) && !row.contains("camera")));
    let repeat: String = server::on_db!(&app.pool, |e| sqlx::query_scalar(
        "select outcome from audit_event where action = 'update-requested' order by id desc limit 1",
    )
    .fetch_one(e)
    .await)
    .unwrap();
    assert_eq!(repeat, "already-open");
}

#[tokio::test]
async fn what_a_victim_wrote_survives_being_signed_out_and_is_sent_after_signing_in_again() {
    let clock = SettableClock::now();
    let app = spawn_app_with_clock(&[], clock.clone()).await;
    let (reference, code) = send_report(&app, &client()).await;
    let victim = client();
    sign_in(&app, &victim, &reference, &code).await;
    clock.advance(chrono::Duration::minutes(45));

    let written = "It was a man in a <red> coat & he took the bike at 3pm";
    let response = victim
        .post(app.url("/track/case/add-information"))
        .form(&[("details", written)])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&response), "/track");
    let body = follow(&app, &victim, response).await.text().await.unwrap();
    assert!(body.contains("Nothing you wrote has been lost: sign in again and we will send it"));
    assert!(body.contains("name=\"carry-action\" value=\"add-information\""));
    assert!(
        body.contains("It was a man in a &lt;red&gt; coat &amp; he took the bike at 3pm"),
        "kept, escaped"
    );
    assert_eq!(count(&app, "select count(*) from victim_request").await, 0);

    let carried = [("carry-action", "add-information"), ("carry-field-details", written)];
    let mut fields: Vec<(&str, &str)> = vec![("reference", reference.as_str()), ("code", "ABCD-EFGH-JKMN")];
    fields.extend(carried);
    let response = victim.post(app.url("/track")).form(&fields).send().await.unwrap();
    let body = refused(&app, &victim, response).await.text().await.unwrap();
    assert!(body.contains("name=\"carry-field-details\""), "still carried after a wrong code");

    fields[1].1 = code.as_str();
    let response = victim.post(app.url("/track")).form(&fields).send().await.unwrap();
    assert_eq!(location(&response), "/track/case?done=add-information");
    let stored: String = server::on_db!(&app.pool, |e| sqlx::query_scalar("select body from victim_request")
        .fetch_one(e)
        .await)
    .unwrap();
    assert!(stored.contains("a man in a <red> coat"), "{stored}");
}

#[tokio::test]
async fn pages_state_the_configured_link_lifetime_and_list_every_cookie_the_service_sets() {
    let app =
        spawn_app_with(&[("PORTAL_TRACK_LINK_MINUTES", "90"), ("PORTAL_TRACK_IDLE_MINUTES", "20")], |r| r)
            .await;
    for path in ["/track/email-link", "/track/link-sent"] {
        let (_, body) = page(&app, &client(), path).await;
        assert!(body.contains("for 90 minutes"), "{path}");
    }
    let (_, cookies) = page(&app, &client(), "/cookies").await;
    for name in ["portal-draft", "portal-draft-link", "portal-track", "portal-track-link", "portal-notice"] {
        assert!(cookies.contains(&format!("<td>{name}</td>")), "{name} is listed");
    }
    assert!(cookies.contains("after 20 minutes without activity, and 4 hours at most"));
}
