//! Two `portal` processes on one PostgreSQL database, as behind a load balancer: concurrent
//! partner submissions through both with Idempotency-Keys while one node is killed with
//! `kill -9` and restarted, its requests retried on the other node. Every acknowledged report
//! exists once and complete; every outbox job ran once (a mail being sent at the moment of the
//! kill may go again: mail is at least once); a tracking session made on one node works on the
//! other; the soft delay counts failures made on both.
//!
//! PostgreSQL only: runs in the suites' PostgreSQL pass (`PORTAL_TEST_POSTGRES`, set by
//! `scripts/test`). Several nodes on one SQLite file are not a supported set-up.

mod support;

use std::{
    collections::BTreeMap,
    io::{BufRead, BufReader},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc, Mutex,
    },
    time::{Duration, Instant},
};

use rand::Rng;
use reqwest::{header, Client, StatusCode};
use server::{on_db, partner::openapi::example_body, store::Pool};

/// The outbox lease of both nodes: short, so that a job the killed node had claimed is taken up
/// again within the test.
const LEASE_SECS: &str = "4";
/// The soft delay both nodes apply after the free failures.
const FREE_FAILURES: usize = 2;
const DELAY_MS: u64 = 1500;

fn portal(dir: &Path, database: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_portal"));
    command
        .env_clear()
        .env("PORTAL_ADDR", "127.0.0.1:0")
        .env("PORTAL_DATA_DIR", dir)
        .env("DATABASE_URL", database)
        .env("PORTAL_SITE_ROOT", dir)
        .env("PORTAL_SUBMIT_RATE_PER_MINUTE", "1000000")
        .env("PORTAL_LOOKUP_RATE_PER_MINUTE", "1000000")
        .env("PORTAL_LOOKUP_FREE_FAILURES", FREE_FAILURES.to_string())
        .env("PORTAL_LOOKUP_DELAY_MS", DELAY_MS.to_string())
        .env("PORTAL_OUTBOX_POLL_MS", "100")
        .env("PORTAL_OUTBOX_LEASE_SECS", LEASE_SECS)
        .env("PORTAL_SMTP_TIMEOUT_SECS", "1")
        .env("RUST_LOG", "warn");
    command
}

fn start(dir: &Path, database: &str) -> (Child, String) {
    let mut child = portal(dir, database).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.split_whitespace().find(|w| w.starts_with("http://")).expect("URL printed");
    (child, url.trim_end_matches('/').to_string())
}

/// The receipt of an acknowledged submission.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Receipt {
    reference: String,
    tracking_code: String,
}

/// Sends the example report with `key` to the node at `url`; the receipt if it acknowledged it.
async fn submit(client: &Client, url: &str, api_key: &str, key: &str) -> Option<Receipt> {
    let response = client
        .post(format!("{url}/api/v1/reports"))
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {api_key}"))
        .header("idempotency-key", key)
        .body(example_body().to_string())
        .send()
        .await
        .ok()?;
    if !matches!(response.status(), StatusCode::CREATED | StatusCode::OK) {
        return None;
    }
    let body: serde_json::Value = serde_json::from_str(&response.text().await.ok()?).ok()?;
    Some(Receipt {
        reference: body["reference"].as_str()?.to_string(),
        tracking_code: body["tracking_code"].as_str()?.to_string(),
    })
}

/// The mail files both nodes wrote, as text (quoted-printable soft breaks joined).
fn mails(dirs: &[PathBuf]) -> Vec<String> {
    let mut texts = Vec::new();
    for dir in dirs {
        for entry in std::fs::read_dir(dir.join("mail")).into_iter().flatten().flatten() {
            if entry.path().extension().is_some_and(|e| e == "eml") {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                texts.push(text.replace("=\r\n", "").replace("=\n", ""));
            }
        }
    }
    texts
}

async fn count(pool: &Pool, sql: &str) -> i64 {
    on_db!(pool, |e| sqlx::query_scalar(sql).fetch_one(e).await).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_nodes_on_one_postgres_share_everything_and_lose_nothing_when_one_is_killed() {
    if !support::on_postgres() {
        eprintln!("two nodes need PostgreSQL: this test runs in the suites' PostgreSQL pass");
        return;
    }
    let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
    let paths: Vec<PathBuf> = dirs.iter().map(|d| d.path().to_path_buf()).collect();
    let database = support::database_url(&paths[0]);
    let added = portal(&paths[0], &database).args(["partner", "add", "two-nodes"]).output().unwrap();
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    let api_key = String::from_utf8(added.stdout).unwrap().lines().last().unwrap().to_string();

    // Both nodes start at once on the empty database: the migrations run once.
    let (first, second) = std::thread::scope(|s| {
        let a = s.spawn(|| start(&paths[0], &database));
        let b = s.spawn(|| start(&paths[1], &database));
        (a.join().unwrap(), b.join().unwrap())
    });
    let (mut killed, url_a) = first;
    let (mut survivor, url_b) = second;
    let urls = Arc::new(Mutex::new([url_a, url_b.clone()]));

    let client = Client::builder().timeout(Duration::from_secs(20)).build().unwrap();
    let acknowledged: Arc<Mutex<BTreeMap<String, Receipt>>> = Arc::default();
    let retried_elsewhere = Arc::new(Mutex::new(0_usize));
    let stop = Arc::new(AtomicBool::new(false));
    let mut senders = Vec::new();
    for worker in 0..6_usize {
        let (client, api_key, urls) = (client.clone(), api_key.clone(), urls.clone());
        let (acknowledged, retried_elsewhere, stop) =
            (acknowledged.clone(), retried_elsewhere.clone(), stop.clone());
        senders.push(tokio::spawn(async move {
            for i in 0.. {
                if stop.load(Ordering::Relaxed) {
                    return;
                }
                let key = format!("nodes-{worker}-{i}");
                // Half the workers send to each node; a request that fails goes to the other
                // node, and back and forth until one acknowledges it (as a partner's retry
                // through the load balancer would).
                let mut node = worker % 2;
                let started = Instant::now();
                let receipt = loop {
                    let url = urls.lock().unwrap()[node].clone();
                    if let Some(receipt) = submit(&client, &url, &api_key, &key).await {
                        break receipt;
                    }
                    *retried_elsewhere.lock().unwrap() += 1;
                    assert!(started.elapsed() < Duration::from_secs(60), "{key} was never acknowledged");
                    node = 1 - node;
                    tokio::time::sleep(Duration::from_millis(50)).await;
                };
                acknowledged.lock().unwrap().insert(key, receipt);
            }
        }));
    }
    let wait = rand::rng().random_range(1500..3500);
    tokio::time::sleep(Duration::from_millis(wait)).await;
    killed.kill().unwrap(); // SIGKILL: no shutdown, no flush
    killed.wait().unwrap();
    let at_kill = acknowledged.lock().unwrap().len();
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let (restarted, url_a) = start(&paths[0], &database);
    killed = restarted;
    urls.lock().unwrap()[0] = url_a.clone();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    stop.store(true, Ordering::Relaxed);
    for sender in senders {
        sender.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    let retried = *retried_elsewhere.lock().unwrap();
    eprintln!(
        "killed after {wait} ms with {at_kill} acknowledged; {} acknowledged in all, {retried} retries",
        acknowledged.len()
    );
    assert!(at_kill > 0, "reports were acknowledged before the kill");
    assert!(acknowledged.len() > at_kill, "reports were acknowledged after the kill");

    // A retry of an acknowledged report, on either node, gives the same receipt.
    for (key, receipt) in acknowledged.iter().step_by(7) {
        for url in [&url_a, &url_b] {
            let again = submit(&client, url, &api_key, key).await.expect("a replay is answered");
            assert_eq!(&again, receipt, "{key} replayed on {url}");
        }
    }

    let pool = server::db::connect(&database).await.unwrap();
    // Both nodes started on the empty database at once, and neither failed running a migration
    // the other had run: each is recorded once, and all are.
    let files =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/postgres")).unwrap().count();
    let migrations = count(&pool, "select count(*) from _sqlx_migrations where success").await;
    assert_eq!(migrations as usize, files, "each migration ran once");
    assert_eq!(
        count(&pool, "select count(*) from report").await as usize,
        acknowledged.len(),
        "one report per key"
    );
    assert_eq!(count(&pool, "select count(*) from partner_submission").await as usize, acknowledged.len());
    for receipt in acknowledged.values() {
        let parts: (i64, i64, i64, i64) = on_db!(&pool, |e| sqlx::query_as(
            "select (select count(*) from report_person p where p.report_id = r.id),
                    (select count(*) from code_compliance c where c.report_id = r.id),
                    (select count(*) from contact_channel c where c.report_id = r.id),
                    (select count(*) from outbox o where o.report_id = r.id)
             from report r where r.reference = $1",
        )
        .bind(&receipt.reference)
        .fetch_one(e)
        .await)
        .unwrap();
        assert!(
            parts.0 == 1 && parts.1 == 1 && parts.2 == 1 && parts.3 >= 2,
            "{} is complete: {parts:?}",
            receipt.reference
        );
    }

    // The outbox: every acknowledgement and hand-off done once the killed node's leases end.
    let deadline = Instant::now() + Duration::from_secs(45);
    let open =
        "select count(*) from outbox where done_at is null and kind in ('acknowledgement', 'allocation')";
    while count(&pool, open).await > 0 {
        assert!(Instant::now() < deadline, "the outbox was not worked off");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let reports = acknowledged.len() as i64;
    assert_eq!(count(&pool, "select count(*) from assessment").await, reports, "one hand-off each");
    assert_eq!(count(&pool, "select count(*) from outbox where kind = 'allocation'").await, reports);
    // Taken up again only if the killed node had claimed it (at most one row per lane).
    let again = count(&pool, "select count(*) from outbox where attempts > 1").await;
    assert!(again <= 2, "{again} rows were claimed twice");
    let attempts: Vec<(String, i64)> = on_db!(&pool, |e| sqlx::query_as(
        "select r.reference, o.attempts from outbox o join report r on r.id = o.report_id
         where o.kind = 'acknowledgement'",
    )
    .fetch_all(e)
    .await)
    .unwrap();
    assert_eq!(attempts.len() as i64, reports);
    let mails = mails(&paths);
    for (reference, tries) in &attempts {
        let sent = mails.iter().filter(|m| m.contains(reference.as_str())).count() as i64;
        if *tries == 1 {
            assert_eq!(sent, 1, "the acknowledgement of {reference} was sent once");
        } else {
            assert!((1..=*tries).contains(&sent), "{reference}: {sent} mails for {tries} claims");
        }
    }

    // A tracking session made on one node works on the other.
    let receipt = acknowledged.values().next().unwrap();
    let plain = Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let signed_in = plain
        .post(format!("{url_a}/track"))
        .form(&[("reference", receipt.reference.as_str()), ("code", receipt.tracking_code.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    let cookie = signed_in
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|c| c.to_str().unwrap().split(';').next().unwrap().to_string())
        .find(|c| c.starts_with("portal-track="))
        .expect("a session cookie");
    let case = plain.get(format!("{url_b}/track/case")).header(header::COOKIE, &cookie).send().await.unwrap();
    assert_eq!(case.status(), StatusCode::OK, "the other node knows the session");
    assert!(case.text().await.unwrap().contains(&receipt.reference));

    // The soft delay counts wrong codes from both nodes: the free failures on one, then the
    // next on the other is delayed.
    let other = acknowledged.values().nth(1).unwrap();
    let wrong = [("reference", other.reference.as_str()), ("code", "ABCD-EFGH-JKMN")];
    for _ in 0..FREE_FAILURES {
        let started = Instant::now();
        let response = plain.post(format!("{url_a}/track")).form(&wrong).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert!(started.elapsed() < Duration::from_millis(DELAY_MS), "a free failure is answered at once");
    }
    let started = Instant::now();
    let response = plain.post(format!("{url_b}/track")).form(&wrong).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(
        started.elapsed() >= Duration::from_millis(DELAY_MS),
        "the failures made on the first node count on the second: answered in {:?}",
        started.elapsed()
    );

    for child in [&mut killed, &mut survivor] {
        child.kill().unwrap();
        child.wait().unwrap();
    }
}
