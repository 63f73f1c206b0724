//! The real `portal` binary: start-up checks, logs without personal data or secrets, and shutdown
//! on SIGTERM.

mod support;

use std::{
    io::{BufRead, BufReader},
    process::{Command, Stdio},
    time::Duration,
};

fn portal(dir: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_portal"));
    command
        .env_clear()
        .env("PORTAL_ADDR", "127.0.0.1:0")
        .env("PORTAL_DATA_DIR", dir)
        .env("DATABASE_URL", format!("sqlite://{}", dir.join("portal.db").display()))
        .env("PORTAL_SITE_ROOT", dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

#[test]
fn a_bad_setting_stops_start_up_with_a_message_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let output = portal(dir.path()).env("PORTAL_REQUEST_TIMEOUT_SECS", "forever").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("PORTAL_REQUEST_TIMEOUT_SECS"), "{stderr}");
}

/// Starts the binary and returns it with the URL it printed.
fn start(mut command: Command) -> (std::process::Child, String) {
    let mut child = command.spawn().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let url =
        line.split_whitespace().find(|w| w.starts_with("http://")).expect("the URL is printed").to_string();
    (child, url.trim_end_matches('/').to_string())
}

fn stop(child: &mut std::process::Child) -> std::process::ExitStatus {
    let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(exit) = child.try_wait().unwrap() {
            return exit;
        }
        assert!(std::time::Instant::now() < deadline, "server did not stop within 10 s");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn log_lines_are_json_with_a_request_id_and_never_the_query_string() {
    let dir = tempfile::tempdir().unwrap();
    let mut command = portal(dir.path());
    command.env("PORTAL_LOG_FORMAT", "json");
    let (mut child, url) = start(command);
    let canary = "CANARY-Jane-Doe-SW1A1AA";
    let mut stream = std::net::TcpStream::connect(url.trim_start_matches("http://")).unwrap();
    use std::io::{Read, Write};
    write!(stream, "GET /?name={canary} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(stop(&mut child).success());

    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    assert!(!stderr.contains(canary), "the query string reached the log");
    let request_lines: Vec<&str> = stderr.lines().filter(|l| l.contains("\"span\"")).collect();
    assert!(!request_lines.is_empty(), "no request log lines in {stderr}");
    for line in stderr.lines() {
        assert!(line.starts_with('{') && line.ends_with('}'), "not a JSON line: {line}");
    }
    for line in request_lines {
        assert!(line.contains("\"request_id\""), "no request id: {line}");
    }
}

/// The token of the first tracking link written to the mail folder, once the outbox has sent it.
fn tracking_link_token(dir: &std::path::Path) -> String {
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    loop {
        for entry in std::fs::read_dir(dir.join("mail")).into_iter().flatten().flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap().replace("=\r\n", "").replace("=\n", "");
            if let Some(rest) = text.split("/track/link/").nth(1) {
                return rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                    .collect();
            }
        }
        assert!(std::time::Instant::now() < deadline, "no tracking link was emailed");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn reporting_and_tracking_leave_no_personal_data_codes_or_tokens_in_the_log() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let mut command = portal(dir.path());
    command.env("PORTAL_LOG_FORMAT", "json").env("PORTAL_OUTBOX_POLL_MS", "100");
    let (mut child, url) = start(command);
    let victim = support::journey::client();
    let post = |path: String, fields: Vec<(&'static str, String)>| {
        let request = victim.post(format!("{url}{path}")).form(&fields);
        async move { request.send().await.unwrap() }
    };

    for (slug, fields) in support::journey::journey() {
        let mut fields: Vec<(&str, String)> = fields.into_iter().map(|(k, v)| (k, v.to_string())).collect();
        fields.push(("action", "continue".into()));
        post(format!("/report/{slug}"), fields).await;
    }
    post("/report/declaration".into(), vec![("declaration", "yes".into()), ("action", "continue".into())])
        .await;
    let page = victim.get(format!("{url}/report/confirmation")).send().await.unwrap().text().await.unwrap();
    let between =
        |start: &str| page.split(start).nth(1).and_then(|r| r.split('<').next()).unwrap().to_string();
    let (reference, code) = (between("class=\"reference\">"), between("class=\"tracking-code\">"));

    post("/track".into(), vec![("reference", reference.clone()), ("code", "ABCD-EFGH-JKMN".into())]).await;
    let signed_in =
        post("/track".into(), vec![("reference", reference.clone()), ("code", code.clone())]).await;
    assert_eq!(signed_in.status(), 303);
    let canary = "CANARY-Zebra-Crossing-42";
    post("/track/case/add-information".into(), vec![("details", canary.into())]).await;
    post(
        "/track/email-link".into(),
        vec![("reference", reference.clone()), ("email", "sam@example.com".into())],
    )
    .await;
    let token = tracking_link_token(dir.path());
    victim.get(format!("{url}/track/link/{token}")).send().await.unwrap();
    assert!(stop(&mut child).success());

    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    for secret in
        [code.as_str(), token.as_str(), canary, "sam@example.com", "Sam Patel", "Bike racks", "WTU123456"]
    {
        assert!(!stderr.contains(secret), "{secret} reached the log");
    }
    assert!(stderr.contains("/track/link/…"), "the link's request is logged without its token");
}

#[test]
fn sigterm_stops_the_server_cleanly_and_records_the_stop() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, url) = start(portal(dir.path()));
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let exit = stop(&mut child);
    assert!(exit.success(), "clean exit, got {exit:?}");

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let kinds: Vec<String> = runtime.block_on(async {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", dir.path().join("portal.db").display()))
            .await
            .unwrap();
        sqlx::query_scalar("select kind from service_event order by id").fetch_all(&pool).await.unwrap()
    });
    assert_eq!(kinds, ["started", "stopped"]);
}

/// The reference and tracking code of a report sent through the wizard of the server at `url`.
async fn send_report_to(url: &str) -> (String, String) {
    let victim = support::journey::client();
    for (slug, fields) in support::journey::journey() {
        let mut fields: Vec<(&str, String)> = fields.into_iter().map(|(k, v)| (k, v.to_string())).collect();
        fields.push(("action", "continue".into()));
        victim.post(format!("{url}/report/{slug}")).form(&fields).send().await.unwrap();
    }
    let declaration = [("declaration", "yes"), ("action", "continue")];
    victim.post(format!("{url}/report/declaration")).form(&declaration).send().await.unwrap();
    let page = victim.get(format!("{url}/report/confirmation")).send().await.unwrap().text().await.unwrap();
    let between =
        |start: &str| page.split(start).nth(1).and_then(|r| r.split('<').next()).unwrap().to_string();
    (between("class=\"reference\">"), between("class=\"tracking-code\">"))
}

/// The worst an abuser who knows the reference can do with the default settings, on two nodes
/// sharing one database: enough wrong codes to push the soft delay to its maximum. Each wrong
/// answer is slow but still an answer (422, never the time-out's 503), and the victim's own code
/// signs in at once, on either node.
#[tokio::test(flavor = "multi_thread")]
async fn the_right_code_signs_in_at_once_after_the_worst_an_abuser_can_do() {
    let dir = tempfile::tempdir().unwrap();
    let (mut node_a, url_a) = start(portal(dir.path()));
    let (mut node_b, url_b) = start(portal(dir.path()));
    let (reference, code) = send_report_to(&url_a).await;
    let look_up = |url: String, code: String| {
        let reference = reference.clone();
        async move {
            let started = std::time::Instant::now();
            let response = support::journey::client()
                .post(format!("{url}/track"))
                .form(&[("reference", reference.as_str()), ("code", code.as_str())])
                .send()
                .await
                .unwrap();
            // Signed in (to the case) or answered with the problem (back to the look-up page).
            let to = response.headers().get("location").map(|v| v.to_str().unwrap().to_string());
            (to.unwrap_or_else(|| response.status().to_string()), started.elapsed())
        }
    };
    // Nine wrong codes at once through node A (the per-client limit allows ten a minute): the
    // ninth is answered after the longest delay, 20 s with the defaults.
    let guesses: Vec<_> = (0..9)
        .map(|i| {
            tokio::spawn(look_up(
                url_a.clone(),
                format!("ABCD-EFGH-JK{}", ["MN", "MP", "MQ", "MR", "MS", "MT", "MV", "MW", "MX"][i]),
            ))
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(2)).await;
    // A tenth through node B counts the failures made through A.
    let through_b = tokio::spawn(look_up(url_b.clone(), "WXYZ-WXYZ-WXYZ".into()));
    tokio::time::sleep(Duration::from_millis(500)).await;
    for url in [&url_b, &url_a] {
        let (status, took) = look_up(url.to_string(), code.clone()).await;
        assert_eq!(status, "/track/case", "the right code signs in");
        assert!(took < Duration::from_secs(2), "the right code took {took:?}");
    }
    let mut slowest = Duration::ZERO;
    for guess in guesses {
        let (status, took) = guess.await.unwrap();
        assert_eq!(status, "/track", "a wrong code is answered, not timed out");
        slowest = slowest.max(took);
    }
    let (status, took) = through_b.await.unwrap();
    assert_eq!(status, "/track");
    assert!(took >= Duration::from_secs(19), "node B counted node A's failures: {took:?}");
    assert!(slowest >= Duration::from_secs(19) && slowest < Duration::from_secs(28), "{slowest:?}");
    assert!(stop(&mut node_a).success());
    assert!(stop(&mut node_b).success());
}

#[test]
fn staff_add_prints_the_enrolment_link_last_and_list_shows_the_account() {
    let dir = tempfile::tempdir().unwrap();
    let added = portal(dir.path())
        .env("PORTAL_PUBLIC_URL", "https://report.midshire.police.uk")
        .args(["staff", "add", "Sam@Midshire.police.uk", "--role", "reviewer"])
        .output()
        .unwrap();
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    let out = String::from_utf8(added.stdout).unwrap();
    let last = out.lines().last().unwrap();
    assert!(last.starts_with("https://report.midshire.police.uk/staff/enrol/"), "{out}");
    assert!(last.len() > "https://report.midshire.police.uk/staff/enrol/".len() + 40, "a 256-bit token");
    let again = portal(dir.path())
        .args(["staff", "add", "sam@midshire.police.uk", "--role", "admin"])
        .output()
        .unwrap();
    assert!(!again.status.success(), "one account per address");
    assert!(String::from_utf8_lossy(&again.stderr).contains("already an account"));
    let list = portal(dir.path()).args(["staff", "list"]).output().unwrap();
    assert_eq!(
        String::from_utf8(list.stdout).unwrap(),
        "sam@midshire.police.uk\treviewer\twaiting to enrol\n"
    );
    let disabled = portal(dir.path()).args(["staff", "disable", "sam@midshire.police.uk"]).output().unwrap();
    assert!(disabled.status.success());
    let list = portal(dir.path()).args(["staff", "list"]).output().unwrap();
    assert!(String::from_utf8(list.stdout).unwrap().contains("disabled"));
}
