//! `kill -9` during concurrent submissions: every report the server acknowledged survives,
//! complete; retrying with the same Idempotency-Key gives the same reference and one report per
//! key; the database passes its integrity check.

use std::{
    collections::BTreeMap,
    io::{BufRead, BufReader},
    path::Path,
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
    time::Duration,
};

use rand::Rng;
use reqwest::{Client, StatusCode};
use server::partner::openapi::example_body;

fn portal(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_portal"));
    command
        .env_clear()
        .env("PORTAL_ADDR", "127.0.0.1:0")
        .env("PORTAL_DATA_DIR", dir)
        .env("DATABASE_URL", format!("sqlite://{}", dir.join("portal.db").display()))
        .env("PORTAL_SITE_ROOT", dir)
        .env("PORTAL_SUBMIT_RATE_PER_MINUTE", "1000000")
        .env("RUST_LOG", "warn");
    command
}

fn start(dir: &Path) -> (Child, String) {
    let mut child = portal(dir).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("URL printed")
        .trim_end_matches('/');
    (child, url.to_string())
}

/// Sends the example report with `key`; the reference if the server acknowledged it.
async fn submit(client: &Client, url: &str, api_key: &str, key: &str) -> Option<String> {
    let response = client
        .post(format!("{url}/api/v1/reports"))
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {api_key}"))
        .header("idempotency-key", key)
        .body(example_body().to_string())
        .send()
        .await
        .ok()?;
    if response.status() != StatusCode::CREATED {
        return None;
    }
    let body: serde_json::Value = serde_json::from_str(&response.text().await.ok()?).ok()?;
    body["reference"].as_str().map(str::to_string)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn killing_the_server_during_submissions_loses_no_acknowledged_report() {
    let dir = tempfile::tempdir().unwrap();
    let added = portal(dir.path()).args(["partner", "add", "crash-test"]).output().unwrap();
    assert!(added.status.success());
    let api_key = String::from_utf8(added.stdout).unwrap().lines().last().unwrap().to_string();

    let (mut child, url) = start(dir.path());
    let client = Client::builder().timeout(Duration::from_secs(20)).build().unwrap();
    let acknowledged: Arc<Mutex<BTreeMap<String, String>>> = Arc::default();
    let attempted: Arc<Mutex<Vec<String>>> = Arc::default();
    let mut senders = Vec::new();
    for worker in 0..6 {
        let (client, url, api_key) = (client.clone(), url.clone(), api_key.clone());
        let (acknowledged, attempted) = (acknowledged.clone(), attempted.clone());
        senders.push(tokio::spawn(async move {
            for i in 0.. {
                let key = format!("crash-{worker}-{i}");
                attempted.lock().unwrap().push(key.clone());
                match submit(&client, &url, &api_key, &key).await {
                    Some(reference) => {
                        acknowledged.lock().unwrap().insert(key, reference);
                    }
                    None => return,
                }
            }
        }));
    }
    let wait = rand::rng().random_range(1500..4000);
    tokio::time::sleep(Duration::from_millis(wait)).await;
    child.kill().unwrap(); // SIGKILL: no shutdown, no flush
    child.wait().unwrap();
    for sender in senders {
        sender.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    let attempted = attempted.lock().unwrap().clone();
    assert!(!acknowledged.is_empty(), "some reports were acknowledged before the kill");
    eprintln!("killed after {wait} ms: {} acknowledged of {} attempted", acknowledged.len(), attempted.len());

    let (mut child, url) = start(dir.path());
    for key in &attempted {
        let reference = submit(&client, &url, &api_key, key).await.expect("a retry succeeds");
        if let Some(first) = acknowledged.get(key) {
            assert_eq!(&reference, first, "a retry of an acknowledged report gives the same reference");
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();

    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", dir.path().join("portal.db").display()))
        .await
        .unwrap();
    let check: String =
        server::on_db!(&pool, |e| sqlx::query_scalar("pragma integrity_check").fetch_one(e).await).unwrap();
    assert_eq!(check, "ok");
    let reports: i64 =
        server::on_db!(&pool, |e| sqlx::query_scalar("select count(*) from report").fetch_one(e).await)
            .unwrap();
    assert_eq!(reports as usize, attempted.len(), "one report per key");
    for reference in acknowledged.values() {
        let parts: (i64, i64, i64) = server::on_db!(&pool, |e| sqlx::query_as(
            "select (select count(*) from report_person p where p.report_id = r.id),
                    (select count(*) from code_compliance c where c.report_id = r.id),
                    (select count(*) from outbox o where o.report_id = r.id)
             from report r where r.reference = $1",
        )
        .bind(reference)
        .fetch_one(e)
        .await)
        .unwrap();
        // Outbox: the acknowledgement and the allocation hand-off, and the records export once assessed.
        assert!(parts.0 >= 1 && parts.1 == 1 && parts.2 >= 2, "{reference} is complete: {parts:?}");
    }
}
