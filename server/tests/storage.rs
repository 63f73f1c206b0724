//! Storing reports, on a fresh SQLite database per test.

mod support;

use chrono::Utc;
use rules::{
    codes::Reference,
    wizard::{Answers, Context, CrimeType, Form, Step},
};
use server::report::submit::{insert_report_with, Confirmed, Source};
use sqlx::Connection;
use support::spawn_app;

fn report() -> rules::wizard::Report {
    let mut answers = Answers::default();
    for (slug, fields) in support::journey::journey() {
        answers.forms.insert(Step::from_slug(slug).unwrap(), Form::from_pairs(fields));
    }
    let ctx = Context { today: Utc::now().date_naive(), online_crime_types: CrimeType::ALL.to_vec() };
    answers.report(&ctx).unwrap()
}

#[tokio::test]
async fn a_reference_that_clashes_with_an_earlier_one_is_drawn_again() {
    let app = spawn_app().await;
    let report = report();
    let taken = Reference::generate(&mut rand::rng());
    let fresh = Reference::generate(&mut rand::rng());
    let mut conn = app.pool.acquire().await.unwrap();
    let today = Utc::now().date_naive();

    let mut tx = conn.begin().await.unwrap();
    let mut always_taken = || taken.clone();
    let first = insert_report_with(
        &mut tx,
        &report,
        Source::Online,
        &Confirmed::all_at(Utc::now()),
        "h",
        Utc::now(),
        today,
        &mut always_taken,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(first.reference, taken);

    let mut draws = vec![fresh.clone(), taken.clone()];
    let mut clash_then_fresh = || draws.pop().unwrap();
    let mut tx = conn.begin().await.unwrap();
    let second = insert_report_with(
        &mut tx,
        &report,
        Source::Online,
        &Confirmed::all_at(Utc::now()),
        "h",
        Utc::now(),
        today,
        &mut clash_then_fresh,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(second.reference, fresh);
    let references: Vec<String> =
        sqlx::query_scalar("select reference from report order by id").fetch_all(&app.pool).await.unwrap();
    assert_eq!(references, [taken.to_string(), fresh.to_string()]);
}

#[tokio::test]
async fn a_failure_part_way_through_stores_nothing_of_the_report() {
    let app = spawn_app().await;
    sqlx::query("drop table contact_channel").execute(&app.pool).await.unwrap();
    let mut conn = app.pool.acquire().await.unwrap();
    let mut tx = conn.begin().await.unwrap();
    let mut draw = || Reference::generate(&mut rand::rng());
    let result = insert_report_with(
        &mut tx,
        &report(),
        Source::Online,
        &Confirmed::all_at(Utc::now()),
        "h",
        Utc::now(),
        Utc::now().date_naive(),
        &mut draw,
    )
    .await;
    assert!(result.is_err());
    drop(tx);
    for table in ["report", "report_person", "code_compliance", "referral_consent", "outbox", "status_event"]
    {
        let rows: i64 =
            sqlx::query_scalar(&format!("select count(*) from {table}")).fetch_one(&app.pool).await.unwrap();
        assert_eq!(rows, 0, "{table}");
    }
}
