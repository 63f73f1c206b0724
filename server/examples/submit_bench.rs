//! Durable submissions per second against the raw single-row commit rate of the same database
//! with the same durability on the same disk, measured in one run: SQLite (WAL,
//! synchronous=FULL) by default, or the PostgreSQL server `BENCH_DATABASE_URL` names (its
//! defaults: fsync and synchronous_commit on).
//!
//! `cargo run --release -p server --example submit_bench -- [reports] [dir]`

use std::time::Instant;

use chrono::Utc;
use rules::wizard::{Context, CrimeType};
use server::{
    db, on_db,
    report::submit::{insert_report, Confirmed, Source},
    secrets,
    store::{self, Connection},
};

mod common;

use common::answers;

#[tokio::main(flavor = "multi_thread")]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(200);
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "target/bench".into()));
    let url = common::fresh_database(&dir, "submit-bench.db")?;
    let pool = db::connect(&url).await?;
    let name = if pool.is_postgres() { "PostgreSQL" } else { "SQLite" };
    let durability =
        if pool.is_postgres() { "fsync, synchronous_commit=on" } else { "WAL, synchronous=FULL" };
    let ctx = Context { today: Utc::now().date_naive(), online_crime_types: CrimeType::ALL.to_vec() };
    let report = answers().report(&ctx).map_err(|(step, e)| anyhow::anyhow!("{step:?}: {e:?}"))?;

    // The raw commit rate (one small row per durable transaction) and the whole-report store
    // (every part, the Code facts, the status event, the outbox rows), in alternating rounds so
    // that whatever else the machine does weighs on both alike; the ratio is each round's, and
    // the median of the rounds is printed.
    let mut conn = store::Durable::acquire(&pool).await?;
    on_db!(&mut conn, |e| sqlx::query("drop table if exists bench_commit").execute(e).await.map(|_| ()))?;
    on_db!(&mut conn, |e| sqlx::query(
        "create table bench_commit (id bigint primary key, body text not null)"
    )
    .execute(e)
    .await
    .map(|_| ()))?;
    let hash = secrets::hash_code("ABCD-EFGH-JKMN");
    let rounds = 10.min(n).max(1);
    let per_round = n / rounds;
    let (mut raw_rates, mut stored_rates, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    let mut row = 0_i64;
    for _ in 0..rounds {
        let start = Instant::now();
        for _ in 0..per_round {
            row += 1;
            let mut tx = raw_begin(&mut conn).await?;
            on_db!(&mut tx, |e| sqlx::query("insert into bench_commit (id, body) values ($1, $2)")
                .bind(row)
                .bind(format!("row {row}"))
                .execute(e)
                .await
                .map(|_| ()))?;
            tx.commit().await?;
        }
        let raw = per_round as f64 / start.elapsed().as_secs_f64();
        let start = Instant::now();
        for _ in 0..per_round {
            let mut tx = store::begin_write(&mut conn).await?;
            let confirmed = Confirmed::all_at(Utc::now());
            insert_report(&mut tx, &report, Source::Online, &confirmed, &hash, Utc::now(), ctx.today).await?;
            tx.commit().await?;
        }
        let stored = per_round as f64 / start.elapsed().as_secs_f64();
        raw_rates.push(raw);
        stored_rates.push(stored);
        ratios.push(stored / raw);
    }
    let (raw, stored, ratio) = (median(raw_rates), median(stored_rates), median(ratios.clone()));
    on_db!(&mut conn, |e| sqlx::query("drop table bench_commit").execute(e).await.map(|_| ()))?;
    conn.release().await?;

    // 3. The argon2id hash of the tracking code, which every submission also pays for.
    let hashes = n.min(50);
    let start = Instant::now();
    for _ in 0..hashes {
        std::hint::black_box(secrets::hash_code("ABCD-EFGH-JKMN"));
    }
    let argon = hashes as f64 / start.elapsed().as_secs_f64();
    let full = 1.0 / (1.0 / stored + 1.0 / argon);

    println!("{name}: durable commits (1 row, {durability}): {raw:>9.1} /s");
    println!(
        "{name}: durable report stores (whole report): {stored:>9.1} /s  ({ratio:.2} of the raw commit rate; \
         rounds from {:.2} to {:.2})",
        ratios.iter().copied().fold(f64::INFINITY, f64::min),
        ratios.iter().copied().fold(0.0, f64::max),
    );
    println!("argon2id hashes of a tracking code (1 core): {argon:>9.1} /s");
    println!(
        "{name}: full submissions, one at a time (store + hash): {full:>9.1} /s  ({:.2} of the raw commit rate)",
        full / raw
    );
    println!("reports: {} in {rounds} rounds, each beside as many raw commits (medians)", per_round * rounds);
    Ok(())
}

/// A plain transaction for the raw commit: on SQLite `begin immediate`, as the store's writes.
async fn raw_begin(conn: &mut Connection) -> store::Result<store::Transaction<'_>> {
    if conn.is_postgres() {
        conn.begin().await
    } else {
        store::begin_write(conn).await
    }
}

/// The middle value (the mean of the two middle ones for an even count).
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    }
}
