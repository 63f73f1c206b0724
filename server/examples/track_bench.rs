//! Tracking look-ups per second over real HTTP (loopback, the whole router with every layer,
//! SQLite) against argon2id verifications per second on the same machine, measured in one run.
//! A look-up is designed to cost one argon2id verification; everything else should be small.
//!
//! `cargo run --release -p server --example track_bench -- [look-ups] [dir]`

mod common;

use std::{collections::HashMap, sync::Arc, time::Instant};

use chrono::Utc;
use rules::{
    codes::{Reference, SecretCode},
    wizard::{Context, CrimeType},
};
use server::{
    allocation::Allocator,
    config::Config,
    db,
    report::submit::{insert_report, Confirmed, Source},
    router, secrets, state,
};

#[tokio::main(flavor = "multi_thread")]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(100);
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "target/bench".into()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("track-bench.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let vars: HashMap<&str, String> = HashMap::from([
        ("DATABASE_URL", format!("sqlite://{}", path.display())),
        ("PORTAL_DATA_DIR", dir.display().to_string()),
        ("PORTAL_LOOKUP_RATE_PER_MINUTE", "1000000".into()),
        ("PORTAL_SUBMIT_RATE_PER_MINUTE", "1000000".into()),
        // Each reference fails once here: the soft delay is not what is measured.
        ("PORTAL_LOOKUP_FREE_FAILURES", "100".into()),
    ]);
    let config = Config::from_lookup(|name| vars.get(name).cloned())?;
    let pool = db::connect(&config.database_url).await?;

    // Reports to look up, each with its own tracking code.
    let ctx = Context { today: Utc::now().date_naive(), online_crime_types: CrimeType::ALL.to_vec() };
    let report = common::answers().report(&ctx).map_err(|(step, e)| anyhow::anyhow!("{step:?}: {e:?}"))?;
    let mut cases = Vec::new();
    let mut conn = pool.acquire().await?;
    for _ in 0..n {
        let code = SecretCode::generate(&mut rand::rng());
        let hash = secrets::hash_code(code.expose());
        let mut tx = server::store::begin_write(&mut conn).await?;
        let times = Confirmed::all_at(Utc::now());
        let sent =
            insert_report(&mut tx, &report, Source::Online, &times, &hash, Utc::now(), ctx.today).await?;
        tx.commit().await?;
        cases.push((sent.reference.to_string(), code.expose().to_string(), hash));
    }
    drop(conn);

    // 1. argon2id verifications, one core.
    let start = Instant::now();
    for (_, code, hash) in &cases {
        assert!(std::hint::black_box(secrets::verify_code(code, hash)));
    }
    let argon = n as f64 / start.elapsed().as_secs_f64();

    // 2. Look-ups over HTTP, one at a time.
    let allocator = Arc::new(Allocator::load(None).map_err(anyhow::Error::msg)?);
    let state = state::AppState::new(&config, pool.clone(), allocator);
    server::track::lookup::prepare();
    let router = router::router(&config, state)?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(server::serve_router(router, pool.clone(), listener, std::future::pending(), Vec::new()));
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build()?;
    let url = format!("http://{addr}/track");
    let wrong = SecretCode::generate(&mut rand::rng()).expose().to_string();
    let unknown: Vec<String> = (0..n).map(|_| Reference::generate(&mut rand::rng()).to_string()).collect();

    // The three kinds take turns, so that warming up and background noise fall on each alike.
    let kinds = [("right code", 303), ("wrong code", 422), ("unknown reference", 422)];
    let mut spent = [std::time::Duration::ZERO; 3];
    for (i, (reference, code, _)) in cases.iter().enumerate() {
        for turn in 0..kinds.len() {
            let k = (i + turn) % kinds.len();
            let (reference, code) = match k {
                0 => (reference.as_str(), code.as_str()),
                1 => (reference.as_str(), wrong.as_str()),
                _ => (unknown[i].as_str(), wrong.as_str()),
            };
            let start = Instant::now();
            let response = client.post(&url).form(&[("reference", reference), ("code", code)]).send().await?;
            anyhow::ensure!(
                response.status().as_u16() == kinds[k].1,
                "{}: {}",
                kinds[k].0,
                response.status()
            );
            response.bytes().await?;
            spent[k] += start.elapsed();
        }
    }
    let rates: Vec<(&str, f64)> =
        kinds.iter().zip(spent).map(|((label, _), time)| (*label, n as f64 / time.as_secs_f64())).collect();

    println!("argon2id verifications of a tracking code (1 core): {argon:>8.1} /s");
    for (label, rate) in rates {
        println!(
            "look-ups over HTTP, one at a time, {label:<17}: {rate:>8.1} /s  ({:.2} of the verification rate; {:.1} ms beyond it)",
            rate / argon,
            (1000.0 / rate - 1000.0 / argon).max(0.0)
        );
    }
    println!("look-ups: {n} of each kind; database: {}", path.display());
    Ok(())
}
