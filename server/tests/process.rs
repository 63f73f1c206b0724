//! The real `portal` binary: start-up checks and shutdown on SIGTERM.

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

#[test]
fn sigterm_stops_the_server_cleanly_and_records_the_stop() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = portal(dir.path()).spawn().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let url = line.split_whitespace().find(|w| w.starts_with("http://")).expect("the URL is printed").to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{line}");

    let status = std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let exit = loop {
        if let Some(exit) = child.try_wait().unwrap() {
            break exit;
        }
        assert!(std::time::Instant::now() < deadline, "server did not stop within 10 s");
        std::thread::sleep(Duration::from_millis(50));
    };
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
