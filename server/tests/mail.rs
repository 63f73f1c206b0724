//! Mail through the outbox to a real SMTP server on loopback (Debian's python3-aiosmtpd): the
//! written acknowledgement, retries while the server is down, one-time resume links, and the
//! tracking page's update notices and links.

mod support;

use std::{
    net::TcpListener,
    path::PathBuf,
    process::{Child, Command, Stdio},
    sync::Arc,
    time::Duration,
};

use chrono::Utc;
use reqwest::StatusCode;
use server::{allocation::Allocator, clock::FixedClock, mail::Mailer, outbox::Dispatcher};
use support::{
    journey::{client, location, post},
    spawn_app, TestApp,
};

/// An SMTP server that stores every message it accepts in a maildir.
struct SmtpSink {
    child: Child,
    port: u16,
    maildir: PathBuf,
    _dir: tempfile::TempDir,
}

impl SmtpSink {
    fn start_on(port: u16) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let maildir = dir.path().join("maildir");
        let mut child = Command::new("/usr/bin/python3")
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3-aiosmtpd is installed (scripts/setup --test)");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Self { child, port, maildir, _dir: dir };
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("the SMTP sink did not start");
    }

    fn messages(&self) -> Vec<String> {
        let mut out = Vec::new();
        for sub in ["new", "cur"] {
            if let Ok(entries) = std::fs::read_dir(self.maildir.join(sub)) {
                out.extend(entries.flatten().map(|e| std::fs::read_to_string(e.path()).unwrap()));
            }
        }
        out
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn dispatcher(app: &TestApp, port: u16, at: chrono::DateTime<Utc>) -> Dispatcher {
    Dispatcher {
        pool: app.pool.clone(),
        mailer: Mailer::smtp(&format!("smtp://127.0.0.1:{port}")).unwrap(),
        from: "Midshire Police <no-reply@example.police.uk>".parse().unwrap(),
        public_base: "https://report.example.police.uk".into(),
        force_name: "Midshire Police".into(),
        clock: Arc::new(FixedClock(at)),
        allocator: Arc::new(Allocator::load(None).unwrap()),
        tracking_link_lifetime: chrono::Duration::hours(1),
    }
}

async fn send_a_report(app: &TestApp) -> (String, String) {
    support::journey::send_report(app, &client()).await
}

fn decoded(message: &str) -> String {
    // Quoted-printable soft line breaks and the one escape that matters here.
    message.replace("=\r\n", "").replace("=\n", "").replace("=E2=80=93", "\u{2013}")
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

    let outcome: String = sqlx::query_scalar("select outcome from outbox where kind = 'acknowledgement'")
        .fetch_one(&app.pool)
        .await
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
    let (attempts, error): (i64, String) =
        sqlx::query_as("select attempts, last_error from outbox where kind = 'acknowledgement'")
            .fetch_one(&app.pool)
            .await
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
    let reports: i64 = sqlx::query_scalar("select count(*) from report").fetch_one(&app.pool).await.unwrap();
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
    post(&app, &first, "/report/what-happened", &[("location", "Garden wall"), ("action", "save")]).await;
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
    assert_eq!(location(&opened), "/report/suitability");
    let page = second.get(app.url("/report/what-happened")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Garden wall"));

    let third = client();
    third.get(app.url(&path)).send().await.unwrap();
    let again = third.post(app.url("/report/resume/open")).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::GONE, "single use");
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
