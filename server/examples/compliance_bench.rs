//! The compliance figures of a quarter over a large force's year of reports: seeds `reports`
//! reports (default 1,000,000) spread evenly over April 2026 to March 2027, each with its
//! duties and three deadlines (some met, some late, some open), then times the figures of one
//! quarter (about a quarter of them), and everything the compliance page counts (with the
//! queue rows' first reviews and a survey answered for one report in ten), and then the page
//! itself, its CSV and a drill-down to the queue, asked for over HTTP by a signed-in supervisor of
//! the real application, against a full count of the deadline table in the same run.
//! SQLite by default; `BENCH_DATABASE_URL` names a PostgreSQL server instead.
//!
//! `cargo run --release -p server --example compliance_bench -- [reports] [dir]`

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use rules::{
    calendar::WorkingCalendar,
    compliance::{FinancialQuarter, Period},
};
use server::{db, on_db};

mod common;
#[path = "../tests/support/mod.rs"]
mod support;

#[tokio::main(flavor = "multi_thread")]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: i64 = args.next().map(|a| a.parse()).transpose()?.unwrap_or(1_000_000);
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "target/bench".into()));
    let url = common::fresh_database(&dir, "compliance-bench.db")?;
    let pool = db::connect(&url).await?;
    let name = if pool.is_postgres() { "PostgreSQL" } else { "SQLite" };

    let started = Instant::now();
    for statement in seed_statements(pool.is_postgres()) {
        on_db!(&pool, |e| sqlx::query(statement).bind(n).execute(e).await.map(|_| ()))?;
    }
    on_db!(&pool, |e| sqlx::query("analyze").execute(e).await.map(|_| ()))?;
    let seeded = started.elapsed();

    let calendar = WorkingCalendar::england_and_wales().map_err(|e| anyhow::anyhow!("{e}"))?;
    let as_of: DateTime<Utc> = "2027-04-02T00:00:00Z".parse()?;
    let range = Period::Quarter { year: 2026, q: FinancialQuarter::Q1 }.range(as_of)?;
    let (mut figures_times, mut count_times, mut page_times) = (Vec::new(), Vec::new(), Vec::new());
    let mut figures = None;
    let query = server::staff::compliance::ComplianceQuery {
        period: Some("quarter".into()),
        quarter: Some("2026-1".into()),
        ..Default::default()
    };
    let mut lines = 0;
    for _ in 0..5 {
        // Everything the page and its exports count: the figures, the volumes (with the time to
        // first review and the reviews upheld) and the survey.
        let start = Instant::now();
        let summary = server::staff::compliance::summary(&pool, &query, as_of, &calendar)
            .await?
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        page_times.push(start.elapsed());
        lines = summary.lines.len();
        let start = Instant::now();
        let all: i64 =
            on_db!(&pool, |e| sqlx::query_scalar("select count(*) from deadline").fetch_one(e).await)?;
        count_times.push(start.elapsed());
        std::hint::black_box(all);
        let start = Instant::now();
        figures =
            Some(server::compliance::figures(&pool, &range, as_of, &calendar, Default::default()).await?);
        figures_times.push(start.elapsed());
    }
    // The page, its CSV and one drill-down, over HTTP, as a supervisor signed in at `as_of`.
    let clock = support::SettableClock(std::sync::Arc::new(std::sync::Mutex::new(as_of)));
    let app = support::spawn_app_with_clock(&[("DATABASE_URL", url.as_str())], clock.clone()).await;
    let supervisor = support::staff::enrol_and_sign_in(
        &app,
        &clock,
        "bench.supervisor@example.police.uk",
        rules::staff::Role::Supervisor,
    )
    .await;
    let quarter = "period=quarter&quarter=2026-1";
    let asks = [
        ("GET /staff/compliance (the page)", format!("/staff/compliance?{quarter}"), "Deadlines met"),
        ("GET /staff/compliance.csv", format!("/staff/compliance.csv?{quarter}"), "section,measure"),
        (
            "GET /staff (the reports behind \"record: late\")",
            format!("/staff?state=all&{quarter}&deadline=record&standing=late"),
            "Reports behind a compliance figure",
        ),
    ];
    let mut http_times = Vec::new();
    for (name, path, expected) in &asks {
        let mut times = Vec::new();
        let mut size = 0;
        for _ in 0..5 {
            let start = Instant::now();
            let response = supervisor.client.get(app.url(path)).send().await?;
            let status = response.status();
            let body = response.text().await?;
            times.push(start.elapsed());
            anyhow::ensure!(status == 200 && body.contains(expected), "{name}: {status}");
            size = body.len();
        }
        http_times.push((name, median(times), size));
    }
    app.shut_down().await?;

    let (figures_time, count_time, page_time) =
        (median(figures_times), median(count_times), median(page_times));
    let figures = figures.expect("measured");
    let due: u64 = figures.deadlines.values().map(|f| f.met + f.late + f.overdue + f.pending).sum();

    println!("{name}: {n} reports and {} deadlines seeded in {:.1} s", 3 * n, seeded.as_secs_f64());
    println!(
        "{name}: compliance figures of {} ({due} deadlines, {} reports): {:>7.1} ms (median of 5)",
        range.label,
        figures.duties[0].1.applicable,
        figures_time.as_secs_f64() * 1000.0
    );
    println!(
        "{name}: the compliance page's whole summary of the quarter ({lines} lines, with volumes, first review and survey): {:>7.1} ms (median of 5)",
        page_time.as_secs_f64() * 1000.0
    );
    println!(
        "{name}: count(*) of the whole deadline table (baseline)  : {:>7.1} ms  (the figures take {:.2} of it)",
        count_time.as_secs_f64() * 1000.0,
        figures_time.as_secs_f64() / count_time.as_secs_f64()
    );
    for (name, time, size) in &http_times {
        println!(
            "{name}: {name_pad}{:>7.1} ms (median of 5, {size} bytes)",
            time.as_secs_f64() * 1000.0,
            name_pad = " ".repeat(52usize.saturating_sub(name.len()))
        );
    }
    for (kind, f) in &figures.deadlines {
        println!(
            "  {:<24} {}  late median {:?} working days",
            kind.slug(),
            f.on_time_rate(),
            f.median_working_days_late
        );
    }
    Ok(())
}

/// The statements that seed the database, `$1` the number of reports: a report every
/// year / reports seconds from 1 April 2026, its duties done when it came, and its deadlines:
/// recorded within 24 hours except one in six (up to 29 hours), a decision explained within 7
/// days except one in ten not yet, a first update not given.
fn seed_statements(pg: bool) -> Vec<&'static str> {
    if pg {
        vec![
            "insert into report (id, reference, tracking_code_hash, source, crime_type, reporting_for,
                 occurred_from, occurred_to, location, description, submitted_at, enhanced_rights)
             select i, 'B' || i, 'h', case when i % 5 = 0 then 'partner' else 'online' end, 'bicycle-theft',
                 'myself', '2026-01-01', '2026-01-01', 'x', 'x',
                 to_timestamp(1775001600 + i * 31536000.0 / $1), false
             from generate_series(1, $1) i",
            "insert into code_compliance (report_id, rights_information_given_at, vps_explained_at, vps_choice,
                 needs_assessed_at, contact_plan_agreed_at, declaration_at)
             select id, submitted_at, submitted_at, 'later', submitted_at, submitted_at, submitted_at
             from report where id <= $1",
            "insert into deadline (report_id, kind, due_at, basis, met_at)
             select id, 'record', submitted_at + interval '24 hours', 'b',
                 submitted_at + (id % 30) * interval '1 hour' from report where id <= $1",
            "insert into deadline (report_id, kind, due_at, basis, met_at)
             select id, 'decision-explained', submitted_at + interval '7 days', 'b',
                 case when id % 10 <> 0 then submitted_at + (id % 9) * interval '1 day' end
             from report where id <= $1",
            "insert into deadline (report_id, kind, due_at, basis, met_at)
             select id, 'first-update', submitted_at + interval '28 days', 'b', null from report where id <= $1",
            "insert into case_state (report_id, reference, state, crime_type, outcome, received_at, updated_at,
                 first_reviewed_at)
             select id, reference, 'allocated', crime_type, 'iit', submitted_at, submitted_at,
                 case when id % 20 <> 0 then submitted_at + (id % 600) * interval '1 minute' end
             from report where id <= $1",
            "insert into survey (report_id, invited_at, expires_at, answered_at, kept_informed, understood_next,
                 treated_with_respect, overall, comment)
             select id, submitted_at + interval '42 days', submitted_at + interval '70 days',
                 submitted_at + interval '43 days', 1 + id % 5, 1 + id % 4, 1 + id % 3, 1 + id % 5,
                 case when id % 50 = 0 then 'x' end
             from report where id <= $1 and id % 10 = 0",
        ]
    } else {
        vec![
            "with recursive n(i) as (select 1 union all select i + 1 from n where i < $1)
             insert into report (id, reference, tracking_code_hash, source, crime_type, reporting_for,
                 occurred_from, occurred_to, location, description, submitted_at, enhanced_rights)
             select i, 'B' || i, 'h', case when i % 5 = 0 then 'partner' else 'online' end, 'bicycle-theft',
                 'myself', '2026-01-01', '2026-01-01', 'x', 'x',
                 strftime('%Y-%m-%dT%H:%M:%fZ', 1775001600 + i * 31536000.0 / $1, 'unixepoch'), 0
             from n",
            "insert into code_compliance (report_id, rights_information_given_at, vps_explained_at, vps_choice,
                 needs_assessed_at, contact_plan_agreed_at, declaration_at)
             select id, submitted_at, submitted_at, 'later', submitted_at, submitted_at, submitted_at
             from report where id <= $1",
            "insert into deadline (report_id, kind, due_at, basis, met_at)
             select id, 'record', strftime('%Y-%m-%dT%H:%M:%fZ', submitted_at, '+24 hours'), 'b',
                 strftime('%Y-%m-%dT%H:%M:%fZ', submitted_at, '+' || (id % 30) || ' hours')
             from report where id <= $1",
            "insert into deadline (report_id, kind, due_at, basis, met_at)
             select id, 'decision-explained', strftime('%Y-%m-%dT%H:%M:%fZ', submitted_at, '+7 days'), 'b',
                 case when id % 10 <> 0 then strftime('%Y-%m-%dT%H:%M:%fZ', submitted_at, '+' || (id % 9) || ' days') end
             from report where id <= $1",
            "insert into deadline (report_id, kind, due_at, basis, met_at)
             select id, 'first-update', strftime('%Y-%m-%dT%H:%M:%fZ', submitted_at, '+28 days'), 'b', null
             from report where id <= $1",
            "insert into case_state (report_id, reference, state, crime_type, outcome, received_at, updated_at,
                 first_reviewed_at)
             select id, reference, 'allocated', crime_type, 'iit', submitted_at, submitted_at,
                 case when id % 20 <> 0 then strftime('%Y-%m-%dT%H:%M:%fZ', submitted_at, '+' || (id % 600) || ' minutes') end
             from report where id <= $1",
            "insert into survey (report_id, invited_at, expires_at, answered_at, kept_informed, understood_next,
                 treated_with_respect, overall, comment)
             select id, strftime('%Y-%m-%dT%H:%M:%fZ', submitted_at, '+42 days'),
                 strftime('%Y-%m-%dT%H:%M:%fZ', submitted_at, '+70 days'),
                 strftime('%Y-%m-%dT%H:%M:%fZ', submitted_at, '+43 days'), 1 + id % 5, 1 + id % 4, 1 + id % 3, 1 + id % 5,
                 case when id % 50 = 0 then 'x' end
             from report where id <= $1 and id % 10 = 0",
        ]
    }
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}
