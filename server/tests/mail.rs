//! Mail through the outbox to a real SMTP server on loopback (Debian's python3-aiosmtpd): the
//! written acknowledgement, retries while the server is down, one-time resume links, and the
//! tracking page's update notices and links; limits on link mails per draft, report and address;
//! allocation hand-offs never waiting behind mail; permanent and temporary refusals; and the
//! retention of finished outbox rows and mail files.

mod support;

use std::{net::TcpListener, sync::Arc, time::Duration};

use chrono::Utc;
use reqwest::StatusCode;
use server::{
    clock::{Clock, FixedClock},
    jobs::{Dispatcher, Retention},
    mail::Mailer,
};
use support::{
    journey::{client, follow, location, post},
    smtp::{decoded, free_port, SmtpSink},
    spawn_app, spawn_app_with_clock,
    staff::count,
    SettableClock, TestApp,
};

fn dispatcher(app: &TestApp, port: u16, at: chrono::DateTime<Utc>) -> Dispatcher {
    let mailer = Mailer::smtp(&format!("smtp://127.0.0.1:{port}")).unwrap();
    support::smtp::dispatcher(&app.pool, mailer, Arc::new(FixedClock(at)))
}

async fn send_a_report(app: &TestApp) -> (String, String) {
    support::journey::send_report(app, &client()).await
}

#[tokio::test]
async fn the_written_acknowledgement_reaches_the_smtp_server_without_the_tracking_code() {
    let app = spawn_app().await;
    let sink = SmtpSink::start_on(free_port());
    let (reference, code) = send_a_report(&app).await;

    let done = dispatcher(&app, sink.port, Utc::now()).run_once().await.unwrap();
    assert_eq!(done, 2, "the acknowledgement and the allocation hand-off");
    let messages = sink.messages();
    assert_eq!(messages.len(), 1);
    let mail = decoded(&messages[0]);
    assert!(mail.contains("To: sam@example.com"), "{mail}");
    assert!(mail.contains(&reference));
    assert!(mail.contains("Bicycle theft"));
    assert!(mail.contains("call 101"));
    assert!(mail.contains("Check your report online: https://report.example.police.uk/track"));
    assert!(!mail.contains(&code), "the tracking code is never sent");

    let outcome: String = server::on_db!(&app.pool, |e| sqlx::query_scalar(
        "select outcome from outbox where kind = 'acknowledgement'"
    )
    .fetch_one(e)
    .await)
    .unwrap();
    assert_eq!(outcome, "sent by email");
    assert_eq!(dispatcher(&app, sink.port, Utc::now()).run_once().await.unwrap(), 0, "sent once");
    assert_eq!(sink.messages().len(), 1);
}

#[tokio::test]
async fn while_the_mail_server_is_down_the_report_is_kept_and_mail_goes_once_it_is_back() {
    let app = spawn_app().await;
    let port = free_port();
    send_a_report(&app).await;

    let now = Utc::now();
    assert_eq!(dispatcher(&app, port, now).run_once().await.unwrap(), 1, "only the allocation hand-off");
    let (attempts, error): (i64, String) = server::on_db!(&app.pool, |e| sqlx::query_as(
        "select attempts, last_error from outbox where kind = 'acknowledgement'"
    )
    .fetch_one(e)
    .await)
    .unwrap();
    assert_eq!(attempts, 1);
    assert!(error.contains("SMTP"), "{error}");
    assert!(!error.contains("sam@"), "no personal data in the recorded error");

    let sink = SmtpSink::start_on(port);
    assert_eq!(dispatcher(&app, port, now).run_once().await.unwrap(), 0, "waits for the back-off");
    let later = now + chrono::Duration::minutes(2);
    assert_eq!(dispatcher(&app, port, later).run_once().await.unwrap(), 1);
    assert_eq!(dispatcher(&app, port, later + chrono::Duration::hours(2)).run_once().await.unwrap(), 0);
    assert_eq!(sink.messages().len(), 1, "exactly one acknowledgement");
    let reports: i64 =
        server::on_db!(&app.pool, |e| sqlx::query_scalar("select count(*) from report").fetch_one(e).await)
            .unwrap();
    assert_eq!(reports, 1);
}

fn link_in(mail: &str) -> String {
    let start = mail.find("/report/resume/").expect("a resume link");
    mail[start..].split_whitespace().next().unwrap().to_string()
}

#[tokio::test]
async fn a_resume_link_by_email_works_once_and_then_the_address_is_clean() {
    let app = spawn_app().await;
    let sink = SmtpSink::start_on(free_port());
    let first = client();
    post(
        &app,
        &first,
        "/report/suitability",
        &[("danger", "no"), ("crime-type", "graffiti"), ("reporting-for", "someone-else")],
    )
    .await;
    let when = [("when-known", "exact"), ("date-day", "3"), ("date-month", "2"), ("date-year", "2025")];
    post(&app, &first, "/report/when-it-happened", &when).await;
    post(&app, &first, "/report/where-it-happened", &[("location", "Garden wall"), ("action", "save")]).await;
    let sent = first
        .post(app.url("/report/saved/email"))
        .form(&[("email", "sam@example.com")])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&sent), "/report/link-sent");

    assert_eq!(dispatcher(&app, sink.port, Utc::now()).run_once().await.unwrap(), 1);
    let mail = decoded(&sink.messages()[0]);
    assert!(!mail.contains("Garden wall"), "the email carries no answers");
    let path = link_in(&mail);

    // A mail scanner fetching the link uses nothing up.
    let scanner = client().get(app.url(&path)).send().await.unwrap();
    assert_eq!(location(&scanner), "/report/resume/open", "redirected to a clean address at once");

    let second = client();
    let followed = second.get(app.url(&path)).send().await.unwrap();
    assert_eq!(location(&followed), "/report/resume/open");
    let page = second.get(app.url("/report/resume/open")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Continue your report") && !page.contains(&path));
    let opened = second.post(app.url("/report/resume/open")).send().await.unwrap();
    assert_eq!(location(&opened), "/report/where-it-happened", "back on the page saved from");
    let page = second.get(app.url("/report/where-it-happened")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Garden wall"));

    let third = client();
    third.get(app.url(&path)).send().await.unwrap();
    let again = third.post(app.url("/report/resume/open")).send().await.unwrap();
    assert_eq!(location(&again), "/report/resume", "single use");
    let page = follow(&app, &third, again).await.text().await.unwrap();
    assert!(page.contains("That link has expired or has already been used"));
    // Without a followed link there is nothing to continue.
    let bare = client().get(app.url("/report/resume/open")).send().await.unwrap();
    assert_eq!(location(&bare), "/report/resume");
}

#[tokio::test]
async fn update_notices_and_links_to_the_tracking_page_say_nothing_about_the_case() {
    let app = spawn_app().await;
    let sink = SmtpSink::start_on(free_port());
    let (reference, _) = send_a_report(&app).await;
    // The dispatcher's clock is fixed: each pass gets one set to now.
    let run = || dispatcher(&app, sink.port, Utc::now());
    run().run_once().await.unwrap(); // the acknowledgement and the allocation

    let update = server::casework::Change::Update("We have the footage from the library camera.".into());
    server::casework::apply(&app.pool, "test-operator", &reference, &update, Utc::now()).await.unwrap();
    assert_eq!(run().run_once().await.unwrap(), 1);
    let response = client()
        .post(app.url("/track/email-link"))
        .form(&[("reference", reference.as_str()), ("email", "sam@example.com")])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&response), "/track/link-sent");
    assert_eq!(run().run_once().await.unwrap(), 1);

    let messages: Vec<String> = sink.messages().iter().map(|m| decoded(m)).collect();
    assert_eq!(messages.len(), 3);
    let notice = messages.iter().find(|m| m.contains("There is an update on your crime report")).unwrap();
    let link = messages.iter().find(|m| m.contains("/track/link/")).unwrap();
    for message in [notice, link] {
        assert!(message.contains("To: sam@example.com"));
        for detail in [reference.as_str(), "footage", "Bicycle", "bike", "library"] {
            assert!(!message.contains(detail), "no case details: {detail}");
        }
    }
    assert!(notice.contains("https://report.example.police.uk/track"));

    // The emailed link opens the report.
    let token: String = link
        .split("/track/link/")
        .nth(1)
        .unwrap()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    let victim = client();
    victim.get(app.url(&format!("/track/link/{token}"))).send().await.unwrap();
    let response = victim.post(app.url("/track/open")).send().await.unwrap();
    assert_eq!(location(&response), "/track/case");
    let page = victim.get(app.url("/track/case")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("We have the footage from the library camera."));
}

/// Waits up to `within` for the count `sql` to be `want`; returns whether it was.
async fn eventually(app: &TestApp, sql: &str, want: i64, within: Duration) -> bool {
    let deadline = std::time::Instant::now() + within;
    loop {
        if count(app, sql).await == want {
            return true;
        }
        if std::time::Instant::now() > deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Starts a report with `client` and saves it for later.
async fn save_a_draft(app: &TestApp, client: &reqwest::Client) {
    post(
        app,
        client,
        "/report/suitability",
        &[("danger", "no"), ("crime-type", "graffiti"), ("reporting-for", "someone-else")],
    )
    .await;
    let when = [("when-known", "exact"), ("date-day", "3"), ("date-month", "2"), ("date-year", "2025")];
    post(app, client, "/report/when-it-happened", &when).await;
    post(app, client, "/report/where-it-happened", &[("location", "Garden wall"), ("action", "save")]).await;
}

/// "Email me a link" for the saved report; the answer is always the same redirect.
async fn ask_for_resume_link(app: &TestApp, client: &reqwest::Client, email: &str) {
    let response =
        client.post(app.url("/report/saved/email")).form(&[("email", email)]).send().await.unwrap();
    assert_eq!((response.status(), location(&response)), (StatusCode::SEE_OTHER, "/report/link-sent".into()));
}

async fn ask_for_tracking_link(app: &TestApp, reference: &str) {
    let response = client()
        .post(app.url("/track/email-link"))
        .form(&[("reference", reference), ("email", "sam@example.com")])
        .send()
        .await
        .unwrap();
    assert_eq!((response.status(), location(&response)), (StatusCode::SEE_OTHER, "/track/link-sent".into()));
}

const RESUME_LINKS: &str = "select count(*) from outbox where kind = 'resume_link'";

#[tokio::test]
async fn resume_link_mails_are_limited_per_draft_and_per_address_and_the_answer_never_says() {
    let clock = SettableClock::now();
    let app = spawn_app_with_clock(&[], clock.clone()).await;
    let first = client();
    save_a_draft(&app, &first).await;
    for _ in 0..5 {
        ask_for_resume_link(&app, &first, "sam@example.com").await;
    }
    assert_eq!(count(&app, RESUME_LINKS).await, 3, "three links for one draft");

    // Another draft cannot reach the same inbox this hour, however the address is written.
    let second = client();
    save_a_draft(&app, &second).await;
    for email in ["Sam@Example.com", "sam+again@example.com", " sam@example.com"] {
        ask_for_resume_link(&app, &second, email).await;
    }
    assert_eq!(count(&app, RESUME_LINKS).await, 3, "three links an hour for one address");
    // Another address is fine for the second draft, not for the first: it has had three today.
    ask_for_resume_link(&app, &second, "alex@example.org").await;
    assert_eq!(count(&app, RESUME_LINKS).await, 4);
    ask_for_resume_link(&app, &first, "jo@example.net").await;
    assert_eq!(count(&app, RESUME_LINKS).await, 4, "three links a day for one draft");

    // An hour later the address may have links again; the first draft waits for the day to pass.
    clock.advance(chrono::Duration::minutes(61));
    ask_for_resume_link(&app, &second, "sam@example.com").await;
    assert_eq!(count(&app, RESUME_LINKS).await, 5);
    ask_for_resume_link(&app, &first, "jo@example.net").await;
    assert_eq!(count(&app, RESUME_LINKS).await, 5);
    clock.advance(chrono::Duration::hours(23));
    ask_for_resume_link(&app, &first, "jo@example.net").await;
    assert_eq!(count(&app, RESUME_LINKS).await, 6);

    // The limits count digests, never the address in clear.
    let digests: Vec<Vec<u8>> = server::on_db!(&app.pool, |e| sqlx::query_scalar(
        "select recipient_digest from outbox where kind = 'resume_link'"
    )
    .fetch_all(e)
    .await)
    .unwrap();
    let sam = server::store::outbox::address_digest("sam@example.com");
    assert_eq!(digests.iter().filter(|d| **d == sam).count(), 4);
    assert!(digests.iter().all(|d| d.len() == 32 && !String::from_utf8_lossy(d).contains('@')));
}

#[tokio::test]
async fn links_to_the_tracking_page_are_limited_per_report_and_share_the_address_limit() {
    let app = spawn_app().await;
    let (reference, _) = send_a_report(&app).await;
    for _ in 0..4 {
        ask_for_tracking_link(&app, &reference).await;
    }
    let tracking_links = "select count(*) from outbox where kind = 'tracking_link'";
    assert_eq!(count(&app, tracking_links).await, 3, "three an hour");
    let outcomes: Vec<String> = server::on_db!(&app.pool, |e| sqlx::query_scalar(
        "select outcome from audit_event where action = 'request-link' order by id"
    )
    .fetch_all(e)
    .await)
    .unwrap();
    assert_eq!(outcomes, ["queued", "queued", "queued", "not-queued"], "audited, never shown");

    // The victim's inbox has had its three link mails this hour: no resume link to it either.
    let drafting = client();
    save_a_draft(&app, &drafting).await;
    ask_for_resume_link(&app, &drafting, "SAM@example.com").await;
    assert_eq!(count(&app, RESUME_LINKS).await, 0);
    ask_for_resume_link(&app, &drafting, "alex@example.org").await;
    assert_eq!(count(&app, RESUME_LINKS).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_allocation_hand_off_never_waits_behind_mail_to_a_server_that_does_not_answer() {
    let app = spawn_app().await;
    // A "mail server" whose connections the kernel accepts (into the listen backlog) and which
    // never says a word: each message waits for the whole timeout.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();

    // A flood of mail, queued before the report and so before its allocation hand-off.
    let drafting = client();
    save_a_draft(&app, &drafting).await;
    let draft_id: i64 = count(&app, "select max(id) from draft").await;
    for n in 0..40 {
        let payload = serde_json::to_string(&server::store::outbox::ResumeLinkPayload {
            draft_id,
            email: format!("person{n}@example.com"),
        })
        .unwrap();
        server::store::outbox::enqueue(
            &app.pool,
            server::store::outbox::Kind::ResumeLink,
            None,
            &payload,
            Utc::now(),
        )
        .await
        .unwrap();
    }
    let dispatcher = Dispatcher {
        mailer: Mailer::smtp_with_timeout(&format!("smtp://127.0.0.1:{port}"), Duration::from_secs(5))
            .unwrap(),
        clock: Arc::new(server::clock::SystemClock),
        ..dispatcher(&app, port, Utc::now())
    };
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let workers = dispatcher.spawn(Duration::from_millis(50), stopped);
    let tried = "select count(*) from outbox where kind = 'resume_link' and attempts > 0";
    assert!(
        eventually(&app, tried, 1, Duration::from_secs(2)).await,
        "the mail is stuck on the first message"
    );

    // A report sent while the mail is stuck is assessed at once all the same.
    send_a_report(&app).await;
    let sent = std::time::Instant::now();
    let assessed = "select count(*) from assessment";
    assert!(eventually(&app, assessed, 1, Duration::from_secs(2)).await, "assessed within 2 s");
    assert!(sent.elapsed() < Duration::from_secs(2));
    let mail_done = "select count(*) from outbox where kind in ('resume_link', 'acknowledgement') and done_at is not null";
    assert_eq!(count(&app, mail_done).await, 0, "while the mail is stuck");

    // The first message gives up after the timeout and waits for its back-off; the pass ends
    // there instead of waiting 3 s for each of the other 40.
    let timed_out = "select count(*) from outbox where last_error = 'the SMTP server did not answer in time'";
    assert!(eventually(&app, timed_out, 1, Duration::from_secs(6)).await);
    assert_eq!(count(&app, "select count(*) from outbox where last_error is not null").await, 1);
    assert!(count(&app, tried).await <= 2, "one message a pass while the server is unavailable");
    assert_eq!(count(&app, mail_done).await, 0);

    // Shutting down does not wait for a message stuck on the silent server.
    let stopping = std::time::Instant::now();
    stop.send(true).unwrap();
    for worker in workers {
        tokio::time::timeout(Duration::from_secs(2), worker).await.expect("stops at once").unwrap();
    }
    assert!(stopping.elapsed() < Duration::from_secs(2));
    drop(silent);
}

#[tokio::test]
async fn a_permanent_refusal_stops_retrying_and_is_recorded_for_staff_on_the_case() {
    let app = spawn_app().await;
    let sink = SmtpSink::start_with(free_port(), &[("REFUSE", "sam@example.com")]);
    let (reference, _) = send_a_report(&app).await;
    let now = Utc::now();
    assert_eq!(
        dispatcher(&app, sink.port, now).run_once().await.unwrap(),
        2,
        "the hand-off, and the acknowledgement finished as refused"
    );
    let (done, outcome, attempts, payload): (Option<server::store::At>, String, i64, String) =
        server::on_db!(&app.pool, |e| sqlx::query_as(
            "select done_at, outcome, attempts, payload from outbox where kind = 'acknowledgement'",
        )
        .fetch_one(e)
        .await)
        .unwrap();
    assert!(done.is_some());
    assert_eq!(outcome, "refused permanently: the mail server refused the address (550)");
    assert_eq!((attempts, payload.as_str()), (1, "{}"));

    // Staff see it on the case; the victim's timeline does not.
    let (message, visible): (String, bool) = server::on_db!(&app.pool, |e| sqlx::query_as(
        "select message, visible_to_victim from status_event where kind = 'mail-refused'"
    )
    .fetch_one(e)
    .await)
    .unwrap();
    assert!(!visible);
    assert_eq!(
        message,
        "The written acknowledgement could not be sent by email: the mail server refused the address (550). \
         Acknowledge the report by another channel the victim agreed to."
    );

    // Hours later it is not tried again.
    assert_eq!(dispatcher(&app, sink.port, now + chrono::Duration::hours(3)).run_once().await.unwrap(), 0);
    assert_eq!(count(&app, "select attempts from outbox where kind = 'acknowledgement'").await, 1);
    assert!(sink.messages().is_empty());

    // An address that cannot be used at all is refused the same way, at once.
    server::on_db!(&app.pool, |e| sqlx::query("update report_person set email = 'not an address'")
        .execute(e)
        .await
        .map(|r| r.rows_affected()))
    .unwrap();
    let update = server::casework::Change::Update("We have the footage.".into());
    server::casework::apply(&app.pool, "test-operator", &reference, &update, now).await.unwrap();
    assert_eq!(dispatcher(&app, sink.port, now).run_once().await.unwrap(), 1);
    let outcome: String = server::on_db!(&app.pool, |e| sqlx::query_scalar(
        "select outcome from outbox where kind = 'update_notice'"
    )
    .fetch_one(e)
    .await)
    .unwrap();
    assert_eq!(outcome, "refused permanently: the recipient address is not valid");
    assert_eq!(count(&app, "select count(*) from status_event where kind = 'mail-refused'").await, 2);
}

#[tokio::test]
async fn a_temporary_refusal_is_retried_with_back_off_until_the_mail_goes() {
    let app = spawn_app().await;
    let port = free_port();
    let busy = SmtpSink::start_with(port, &[("TEMPFAIL", "sam@example.com")]);
    send_a_report(&app).await;
    let now = Utc::now();
    assert_eq!(dispatcher(&app, port, now).run_once().await.unwrap(), 1, "only the hand-off");
    let ack = "select attempts, last_error, done_at from outbox where kind = 'acknowledgement'";
    let (attempts, error, done): (i64, String, Option<String>) =
        server::on_db!(&app.pool, |e| sqlx::query_as(ack).fetch_one(e).await).unwrap();
    assert_eq!((attempts, done), (1, None));
    assert_eq!(error, "SMTP server refused for now (450, transient)");

    assert_eq!(dispatcher(&app, port, now + chrono::Duration::seconds(5)).run_once().await.unwrap(), 0);
    assert_eq!(
        count(&app, "select attempts from outbox where kind = 'acknowledgement'").await,
        1,
        "backing off"
    );
    assert_eq!(dispatcher(&app, port, now + chrono::Duration::seconds(11)).run_once().await.unwrap(), 0);
    assert_eq!(count(&app, "select attempts from outbox where kind = 'acknowledgement'").await, 2);

    drop(busy);
    let sink = SmtpSink::start_on(port);
    assert_eq!(dispatcher(&app, port, now + chrono::Duration::minutes(1)).run_once().await.unwrap(), 1);
    assert_eq!(sink.messages().len(), 1);
    assert_eq!(count(&app, "select count(*) from status_event where kind = 'mail-refused'").await, 0);
}

fn mail_files(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .count()
}

#[tokio::test]
async fn finished_outbox_rows_and_mail_files_holding_links_are_deleted_by_the_retention_job() {
    let clock = SettableClock::now();
    let app = spawn_app_with_clock(&[], clock.clone()).await;
    let dir = tempfile::tempdir().unwrap();
    let mail_dir = dir.path().join("mail");
    let mailer = Mailer::files(mail_dir.clone()).unwrap();
    let shared: Arc<dyn Clock> = Arc::new(clock.clone());
    let files =
        Dispatcher { mailer: mailer.clone(), clock: shared.clone(), ..dispatcher(&app, 1, Utc::now()) };

    let (reference, _) = send_a_report(&app).await;
    assert_eq!(files.run_once().await.unwrap(), 2, "the acknowledgement and the hand-off");
    ask_for_tracking_link(&app, &reference).await;
    let drafting = client();
    save_a_draft(&app, &drafting).await;
    ask_for_resume_link(&app, &drafting, "alex@example.org").await;
    assert_eq!(files.run_once().await.unwrap(), 2, "a link to the tracking page and a resume link");
    assert_eq!(mail_files(&mail_dir), 3);
    let payloads: Vec<String> = server::on_db!(&app.pool, |e| sqlx::query_scalar(
        "select payload from outbox where kind = 'resume_link'"
    )
    .fetch_all(e)
    .await)
    .unwrap();
    assert_eq!(payloads, ["{}"], "a sent row keeps no address");

    let (stop, stopped) = tokio::sync::watch::channel(false);
    let retention = Retention::new(chrono::Duration::days(30), &mailer, chrono::Duration::hours(1));
    let job = tokio::spawn(server::apply_retention_every(
        app.pool.clone(),
        shared,
        retention,
        Duration::from_millis(20),
        stopped,
    ));
    let digests = "select count(*) from outbox where recipient_digest is not null";
    assert_eq!(count(&app, digests).await, 2);
    clock.advance(chrono::Duration::minutes(61));
    assert!(eventually(&app, digests, 0, Duration::from_secs(2)).await, "address digests go after the hour");

    // A resume link works for 24 hours: until then its file stays, then no file is left.
    clock.advance(chrono::Duration::hours(22));
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(mail_files(&mail_dir), 3);
    clock.advance(chrono::Duration::minutes(60));
    let deadline = std::time::Instant::now() + Duration::from_secs(2);
    while mail_files(&mail_dir) > 0 && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(mail_files(&mail_dir), 0, "deleted once the longest link has expired");

    // Finished rows are kept for 30 days, then deleted; the records export waits to be collected.
    let finished = "select count(*) from outbox where done_at is not null";
    assert_eq!(count(&app, finished).await, 4);
    clock.advance(chrono::Duration::days(30));
    assert!(eventually(&app, finished, 0, Duration::from_secs(2)).await);
    assert_eq!(count(&app, "select count(*) from outbox").await, 1);
    assert_eq!(count(&app, "select count(*) from outbox where kind = 'records_export'").await, 1);

    stop.send(true).unwrap();
    job.await.unwrap();
}
