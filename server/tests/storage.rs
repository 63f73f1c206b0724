//! Storing reports, on a fresh SQLite database per test.

mod support;

use chrono::Utc;
use rules::{
    codes::Reference,
    wizard::{Answers, Context, CrimeType, Form, Step},
};
use server::report::submit::{insert_report_with, Confirmed, Source};
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
        server::on_db!(&app.pool, |e| sqlx::query_scalar("select reference from report order by id")
            .fetch_all(e)
            .await)
        .unwrap();
    assert_eq!(references, [taken.to_string(), fresh.to_string()]);
}

#[tokio::test]
async fn a_failure_part_way_through_stores_nothing_of_the_report() {
    let app = spawn_app().await;
    server::on_db!(&app.pool, |e| sqlx::query("drop table contact_channel")
        .execute(e)
        .await
        .map(|r| r.rows_affected()))
    .unwrap();
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
            server::on_db!(&app.pool, |e| sqlx::query_scalar(&format!("select count(*) from {table}"))
                .fetch_one(e)
                .await)
            .unwrap();
        assert_eq!(rows, 0, "{table}");
    }
}

#[tokio::test]
async fn a_whole_report_is_stored_with_every_part_its_event_and_its_outbox_rows() {
    let app = spawn_app().await;
    let report = report();
    let mut conn = app.pool.acquire().await.unwrap();
    let mut tx = conn.begin().await.unwrap();
    let mut draw = || Reference::generate(&mut rand::rng());
    let now = Utc::now();
    let stored = insert_report_with(
        &mut tx,
        &report,
        Source::Online,
        &Confirmed::all_at(now),
        "h",
        now,
        now.date_naive(),
        &mut draw,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let id = stored.report_id;
    let count = |sql: &'static str| {
        let pool = app.pool.clone();
        async move {
            server::on_db!(&pool, |e| sqlx::query_scalar::<_, i64>(sql).bind(id).fetch_one(e).await).unwrap()
        }
    };
    let people = i64::from(report.people.reporter.is_some()) + 1;
    assert_eq!(count("select count(*) from report_person where report_id = $1").await, people);
    assert_eq!(
        count("select count(*) from report_property where report_id = $1").await,
        i64::from(report.property.is_some())
    );
    for table in ["report_suspect", "report_evidence", "report_needs", "code_compliance", "contact_plan"] {
        let rows: i64 = server::on_db!(&app.pool, |e| sqlx::query_scalar(&format!(
            "select count(*) from {table} where report_id = $1"
        ))
        .bind(id)
        .fetch_one(e)
        .await)
        .unwrap();
        assert_eq!(rows, 1, "{table}");
    }
    let consents: Vec<(String, bool)> = server::on_db!(&app.pool, |e| sqlx::query_as(
        "select agency, consent from referral_consent where report_id = $1 order by agency"
    )
    .bind(id)
    .fetch_all(e)
    .await)
    .unwrap();
    let mut expected: Vec<(String, bool)> =
        report.consents.iter().map(|(a, y)| (a.slug().into(), *y)).collect();
    expected.sort();
    assert_eq!(consents, expected);
    let channels: Vec<(String, bool)> = server::on_db!(&app.pool, |e| sqlx::query_as(
        "select channel, safe from contact_channel where report_id = $1 order by channel"
    )
    .bind(id)
    .fetch_all(e)
    .await)
    .unwrap();
    let mut expected: Vec<(String, bool)> =
        report.contact.channels.iter().map(|(c, s)| (c.slug().into(), *s)).collect();
    expected.sort();
    assert_eq!(channels, expected);
    let outbox: Vec<(String, String)> = server::on_db!(&app.pool, |e| sqlx::query_as(
        "select kind, payload from outbox where report_id = $1 order by id"
    )
    .bind(id)
    .fetch_all(e)
    .await)
    .unwrap();
    let payload = format!(r#"{{"report_id":{id}}}"#);
    assert_eq!(outbox, [("acknowledgement".into(), payload.clone()), ("allocation".into(), payload)]);
    assert_eq!(
        count("select count(*) from status_event where report_id = $1 and kind = 'received'").await,
        1
    );
    let (name, born, interpreter): (String, Option<String>, Option<bool>) = server::on_db!(&app.pool, |e| sqlx::query_as(
        "select full_name, date_of_birth, interpreter from report_person where report_id = $1 and role = 'victim'",
    )
    .bind(id)
    .fetch_one(e).await)
    .unwrap();
    let victim = &report.people.victim;
    assert_eq!(
        (name, born, interpreter),
        (victim.full_name.clone(), Some(victim.date_of_birth.to_string()), Some(victim.interpreter))
    );
    let (footage, forensic): (String, String) = server::on_db!(&app.pool, |e| sqlx::query_as(
        "select footage, forensic from report_evidence where report_id = $1"
    )
    .bind(id)
    .fetch_one(e)
    .await)
    .unwrap();
    assert_eq!(footage, serde_json::to_string(&report.evidence.footage).unwrap());
    assert_eq!(forensic, report.evidence.forensic.slug());
    let (reasons, details): (String, String) = server::on_db!(&app.pool, |e| sqlx::query_as(
        "select enhanced_reasons, details from report where id = $1"
    )
    .bind(id)
    .fetch_one(e)
    .await)
    .unwrap();
    assert_eq!(reasons, serde_json::to_string(&report.enhanced_reasons(now.date_naive())).unwrap());
    assert_eq!(server::store::report_doc::decode(&details).unwrap(), report);
}

#[tokio::test]
async fn a_new_sqlite_database_has_the_small_pages_a_report_is_written_in() {
    let app = spawn_app().await;
    // PostgreSQL's page is its server's (8 kB), not the portal's to set.
    let server::store::Pool::Sqlite(pool) = &app.pool else { return };
    let size: i64 = sqlx::query_scalar("pragma page_size").fetch_one(pool).await.unwrap();
    assert_eq!(size, i64::from(server::db::PAGE_SIZE));
    assert_eq!(size, 2048, "see db.rs for the measurement behind it");
}
