//! The allocation hand-off end to end: a report sent through the wizard or the partner API is
//! assessed from the outbox, with its deadlines and referrals; replaying the hand-off changes
//! nothing; `portal report show` prints it; a broken rules file stops start-up.

mod support;

use std::{process::Command, sync::Arc};

use chrono::Utc;
use server::{
    allocation::{hand_off, Allocator, HandOff},
    clock::SystemClock,
    jobs::Dispatcher,
    mail::Mailer,
};
use support::{
    journey::{answer_all, client, post},
    spawn_app, TestApp,
};

fn dispatcher(app: &TestApp, dir: &std::path::Path) -> Dispatcher {
    support::smtp::dispatcher(&app.pool, Mailer::files(dir.join("mail")).unwrap(), Arc::new(SystemClock))
}

async fn send(app: &TestApp) -> (i64, String) {
    let client = client();
    answer_all(app, &client).await;
    post(app, &client, "/report/declaration", &[("declaration", "yes")]).await;
    server::on_db!(&app.pool, |e| sqlx::query_as("select id, reference from report").fetch_one(e).await)
        .unwrap()
}

async fn rows(app: &TestApp, sql: &str) -> i64 {
    server::on_db!(&app.pool, |e| sqlx::query_scalar(sql).fetch_one(e).await).unwrap()
}

#[tokio::test]
async fn a_report_sent_through_the_wizard_is_assessed_with_its_deadlines_and_referrals() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let (report_id, _) = send(&app).await;
    dispatcher(&app, dir.path()).run_once().await.unwrap();

    let (outcome, status, version): (String, String, String) = server::on_db!(&app.pool, |e| sqlx::query_as(
        "select outcome, status, ruleset_version from assessment where report_id = $1"
    )
    .bind(report_id)
    .fetch_one(e)
    .await)
    .unwrap();
    // The journey's bicycle has a frame number and CCTV: lines of enquiry, so the IIT.
    assert_eq!(outcome, "iit");
    assert_eq!(status, "proposed", "staff confirm it");
    assert_eq!(version, Allocator::load(None).unwrap().rules.version);
    let kinds: Vec<String> = server::on_db!(&app.pool, |e| sqlx::query_scalar(
        "select kind from deadline where report_id = $1 order by kind"
    )
    .bind(report_id)
    .fetch_all(e)
    .await)
    .unwrap();
    assert!(kinds.contains(&"record".to_string()), "{kinds:?}");
    assert!(kinds.contains(&"decision-explained".to_string()), "{kinds:?}");
    assert!(kinds.iter().any(|k| k.starts_with("referral-victim-support")), "{kinds:?}");
    assert_eq!(rows(&app, "select count(*) from referral").await, 1, "only the agency the victim agreed to");
    assert_eq!(
        rows(&app, "select count(*) from status_event where kind = 'assessed' and visible_to_victim").await,
        1
    );
    let export: String = server::on_db!(&app.pool, |e| sqlx::query_scalar(
        "select payload from outbox where kind = 'records_export'"
    )
    .fetch_one(e)
    .await)
    .unwrap();
    let export: serde_json::Value = serde_json::from_str(&export).unwrap();
    assert_eq!(export["schema"], "portal.allocation.v1");
    assert_eq!(export["outcome"], "iit");
}

#[tokio::test]
async fn replaying_the_hand_off_changes_nothing() {
    let app = spawn_app().await;
    let (report_id, _) = send(&app).await;
    let allocator = Allocator::load(None).unwrap();
    assert_eq!(hand_off(&app.pool, &allocator, report_id, Utc::now()).await.unwrap(), HandOff::Assessed);
    let before = rows(&app, "select count(*) from deadline").await;
    assert_eq!(
        hand_off(&app.pool, &allocator, report_id, Utc::now()).await.unwrap(),
        HandOff::AlreadyAssessed
    );
    assert_eq!(rows(&app, "select count(*) from deadline").await, before);
    assert_eq!(rows(&app, "select count(*) from assessment").await, 1);
    assert_eq!(rows(&app, "select count(*) from outbox where kind = 'records_export'").await, 1);
}

#[tokio::test]
async fn report_show_prints_the_assessment_allocation_and_deadlines_as_json() {
    let app = spawn_app().await;
    let (report_id, reference) = send(&app).await;
    hand_off(&app.pool, &Allocator::load(None).unwrap(), report_id, Utc::now()).await.unwrap();
    let shown = server::allocation::show(&app.pool, &reference).await.unwrap().expect("found");
    assert_eq!(shown["allocation"]["outcome"], "iit");
    assert!(shown["assessment"]["thrive"]["priority"].is_string());
    assert!(shown["deadlines"].as_array().unwrap().len() >= 3);
    assert!(server::allocation::show(&app.pool, "AAA-AAA-AAA").await.unwrap().is_none());
}

#[test]
fn a_broken_rules_file_stops_start_up_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules.toml");
    let text = rules::allocation::ruleset::DEFAULT_RULES
        .replace("older_victim_age = 65", "older_victim_age = \"old\"");
    std::fs::write(&rules, &text).unwrap();
    let line = text.lines().position(|l| l.contains("older_victim_age")).unwrap() + 1;
    let output = Command::new(env!("CARGO_BIN_EXE_portal"))
        .env_clear()
        .env("PORTAL_ADDR", "127.0.0.1:0")
        .env("PORTAL_DATA_DIR", dir.path())
        .env("PORTAL_ALLOCATION_RULES", &rules)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&format!("line {line}")), "{stderr}");
    assert!(stderr.contains("rules.toml"), "{stderr}");
}

#[tokio::test]
async fn a_report_sent_through_the_partner_api_is_assessed_the_same_way() {
    let app = spawn_app().await;
    let key = server::partner::keys::add(&app.pool, "centre", Utc::now()).await.unwrap();
    let response = app
        .client
        .post(app.url("/api/v1/reports"))
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {}", key.expose()))
        .body(server::partner::openapi::example_body().to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::CREATED);
    let dir = tempfile::tempdir().unwrap();
    dispatcher(&app, dir.path()).run_once().await.unwrap();
    assert_eq!(rows(&app, "select count(*) from assessment").await, 1);
    assert!(rows(&app, "select count(*) from deadline").await >= 3);
}

#[tokio::test]
async fn the_report_show_command_prints_json_for_an_operator() {
    let dir = tempfile::tempdir().unwrap();
    let database = support::database_url(dir.path());
    let app = support::spawn_app_with(&[("DATABASE_URL", &database)], |r| r).await;
    let (report_id, reference) = send(&app).await;
    hand_off(&app.pool, &Allocator::load(None).unwrap(), report_id, Utc::now()).await.unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_portal"))
        .args(["report", "show", &reference, "Victim", "called", "101", "about", "it"])
        .env_clear()
        .env("USER", "jsmith")
        .env("PORTAL_DATA_DIR", dir.path())
        .env("DATABASE_URL", &database)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["reference"], reference.as_str());
    assert_eq!(json["allocation"]["outcome"], "iit");
    // The view is audited: who, which report, why.
    let (actor, reason): (String, String) = server::on_db!(&app.pool, |e| sqlx::query_as(
        "select actor, reason from audit_event where action = 'show-report' and report_id = $1",
    )
    .bind(report_id)
    .fetch_one(e)
    .await)
    .unwrap();
    assert_eq!((actor.as_str(), reason.as_str()), ("operator:jsmith", "Victim called 101 about it"));
    let without_reason = Command::new(env!("CARGO_BIN_EXE_portal"))
        .args(["report", "show", &reference])
        .env_clear()
        .env("PORTAL_DATA_DIR", dir.path())
        .env("DATABASE_URL", &database)
        .output()
        .unwrap();
    assert!(!without_reason.status.success());
    assert!(without_reason.stdout.is_empty(), "nothing shown without a reason");
}

#[tokio::test]
async fn a_stored_report_of_an_unknown_version_is_refused_for_staff_not_retried() {
    let app = spawn_app().await;
    let (report_id, _) = send(&app).await;
    server::on_db!(&app.pool, |e, pg| sqlx::query(if pg {
        "update report set details = jsonb_set(details::jsonb, '{version}', '99')::text where id = $1"
    } else {
        "update report set details = json_set(details, '$.version', 99) where id = $1"
    })
    .bind(report_id)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))
    .unwrap();
    assert!(matches!(
        hand_off(&app.pool, &Allocator::load(None).unwrap(), report_id, Utc::now()).await.unwrap(),
        HandOff::Unreadable(_)
    ));
    let dir = tempfile::tempdir().unwrap();
    dispatcher(&app, dir.path()).run_once().await.unwrap();
    let (done, outcome): (Option<server::store::At>, Option<String>) =
        server::on_db!(&app.pool, |e| sqlx::query_as(
            "select done_at, outcome from outbox where kind = 'allocation' and report_id = $1"
        )
        .bind(report_id)
        .fetch_one(e)
        .await)
        .unwrap();
    assert!(done.is_some(), "done, so never tried again");
    let outcome = outcome.unwrap();
    assert!(outcome.starts_with("refused permanently") && outcome.contains("version 99"), "{outcome}");
    assert_eq!(rows(&app, "select count(*) from assessment").await, 0);
    let for_staff: String = server::on_db!(&app.pool, |e| sqlx::query_scalar(
        "select message from status_event where kind = 'allocation-refused' and not visible_to_victim",
    )
    .fetch_one(e)
    .await)
    .unwrap();
    assert!(for_staff.contains("by hand"), "{for_staff}");
}

#[tokio::test]
async fn a_stored_report_that_does_not_decode_is_refused_not_retried() {
    let app = spawn_app().await;
    let (report_id, _) = send(&app).await;
    server::on_db!(&app.pool, |e, pg| sqlx::query(if pg {
        "update report set details = (details::jsonb - 'suitability')::text where id = $1"
    } else {
        "update report set details = json_remove(details, '$.suitability') where id = $1"
    })
    .bind(report_id)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    dispatcher(&app, dir.path()).run_once().await.unwrap();
    let (done, last_error): (Option<server::store::At>, Option<String>) =
        server::on_db!(&app.pool, |e| sqlx::query_as(
            "select done_at, last_error from outbox where kind = 'allocation' and report_id = $1"
        )
        .bind(report_id)
        .fetch_one(e)
        .await)
        .unwrap();
    assert!(done.is_some());
    assert!(last_error.unwrap().contains("does not decode"));
    assert_eq!(rows(&app, "select count(*) from assessment").await, 0);
}

#[tokio::test]
async fn the_migration_marks_stored_reports_as_version_1() {
    let app = spawn_app().await;
    // A migration of SQLite files made before the version; PostgreSQL's schema came after it.
    let server::store::Pool::Sqlite(pool) = &app.pool else { return };
    send(&app).await;
    let version = "select json_extract(details, '$.version') from report";
    let versions: Vec<i64> = sqlx::query_scalar(version).fetch_all(pool).await.unwrap();
    assert_eq!(versions, [1]);
    let migration = include_str!("../migrations/sqlite/0009_report_details_version.sql");
    sqlx::query("update report set details = json_remove(details, '$.version')").execute(pool).await.unwrap();
    sqlx::raw_sql(migration).execute(pool).await.unwrap();
    let marked: Vec<i64> = sqlx::query_scalar(version).fetch_all(pool).await.unwrap();
    assert_eq!(marked, [1]);
}
