//! The compliance figures counted by the database agree with the rules' definitions, on the
//! deadlines and duties of reports with known facts (on SQLite, and in the PostgreSQL pass).

mod support;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rules::{
    calendar::WorkingCalendar,
    compliance::{DeadlineFigures, Duty, Period},
    deadlines::DeadlineKind,
    wizard::{Answers, Context, CrimeType, Form, Step},
};
use server::{
    on_db,
    report::submit::{insert_report, Confirmed, Source},
    store::At,
};
use support::{spawn_app, TestApp};

fn t(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

/// Stores a report received at `at`; its id.
async fn report_at(app: &TestApp, at: DateTime<Utc>) -> i64 {
    let mut answers = Answers::default();
    for (slug, fields) in support::journey::journey() {
        answers.forms.insert(Step::from_slug(slug).unwrap(), Form::from_pairs(fields));
    }
    let ctx = Context { today: at.date_naive(), online_crime_types: CrimeType::ALL.to_vec() };
    let report = answers.report(&ctx).unwrap();
    let mut conn = app.pool.acquire().await.unwrap();
    let mut tx = conn.begin().await.unwrap();
    let sent =
        insert_report(&mut tx, &report, Source::Online, &Confirmed::all_at(at), "h", at, at.date_naive())
            .await
            .unwrap();
    tx.commit().await.unwrap();
    sent.report_id
}

async fn deadline(app: &TestApp, report_id: i64, kind: &str, due: DateTime<Utc>, met: Option<DateTime<Utc>>) {
    on_db!(&app.pool, |e| sqlx::query(
        "insert into deadline (report_id, kind, due_at, basis, met_at) values ($1, $2, $3, 'test', $4)"
    )
    .bind(report_id)
    .bind(kind)
    .bind(At(due))
    .bind(met.map(At))
    .execute(e)
    .await
    .map(|r| r.rows_affected()))
    .unwrap();
}

#[tokio::test]
async fn deadline_figures_are_the_rules_figures_of_the_deadlines_due_in_the_period() {
    let app = spawn_app().await;
    let calendar = WorkingCalendar::england_and_wales().unwrap();
    // Quarter 3 of 2026/27 (October to December 2026), judged on 4 January 2027.
    let period = Period::Quarter { year: 2026, q: rules::compliance::FinancialQuarter::Q3 };
    let as_of = t("2027-01-04T12:00:00Z");
    let range = period.range(as_of).unwrap();
    let due = t("2026-12-24T23:59:59Z");
    // (kind, due, met): one of each standing, a late one over Christmas, and deadlines outside
    // the quarter that must not count.
    let facts: Vec<(&str, DateTime<Utc>, Option<DateTime<Utc>>)> = vec![
        ("record", due, Some(due)),
        ("record", due, Some(due + Duration::seconds(1))),
        ("record", due, Some(t("2026-12-29T10:00:00Z"))),
        ("record", due, None),
        ("record", t("2027-01-05T23:59:59Z"), None),
        ("record", t("2026-09-30T22:59:59Z"), None),
        ("decision-explained", t("2026-10-01T09:00:00Z"), Some(t("2026-10-01T08:00:00Z"))),
        ("decision-explained", t("2026-12-31T23:59:59Z"), Some(t("2027-01-06T09:00:00Z"))),
        ("referral-victim-support", due, Some(t("2027-01-04T09:00:00Z"))),
    ];
    let mut by_kind: std::collections::BTreeMap<&str, Vec<(DateTime<Utc>, Option<DateTime<Utc>>)>> =
        Default::default();
    for (i, (kind, due, met)) in facts.iter().enumerate() {
        // A report of its own for each, so that (report, kind) stays unique.
        let id = report_at(&app, t("2026-10-01T08:00:00Z") + Duration::hours(i as i64)).await;
        on_db!(&app.pool, |e| sqlx::query("delete from deadline where report_id = $1")
            .bind(id)
            .execute(e)
            .await
            .map(|r| r.rows_affected()))
        .unwrap();
        deadline(&app, id, kind, *due, *met).await;
        if range.contains(*due) {
            by_kind.entry(kind).or_default().push((*due, *met));
        }
    }

    let figures =
        server::compliance::figures(&app.pool, &range, as_of, &calendar, Default::default()).await.unwrap();
    let expected: std::collections::BTreeMap<DeadlineKind, DeadlineFigures> = by_kind
        .into_iter()
        .map(|(kind, rows)| {
            (DeadlineKind::from_slug(kind).unwrap(), DeadlineFigures::of(rows, as_of, &calendar))
        })
        .collect();
    assert_eq!(figures.deadlines, expected);

    // And by hand: record: 1 met, 2 late (one second; Thursday 24 to Tuesday 29 December is 1
    // working day over Christmas and Boxing Day), 1 overdue (since the 24th); the one due on 5
    // January and the one due on 30 September are other quarters'; 1 of 4 on time.
    let record = &figures.deadlines[&DeadlineKind::Record];
    assert_eq!((record.met, record.late, record.overdue, record.pending), (1, 2, 1, 0));
    assert_eq!(record.on_time_rate().to_string(), "25% (1 of 4)");
    assert_eq!(record.median_working_days_late, Some(1.0));
    // Met after the moment asked about counts as not met then: overdue, not late.
    let decision = &figures.deadlines[&DeadlineKind::DecisionExplained];
    assert_eq!((decision.met, decision.late, decision.overdue, decision.pending), (1, 0, 1, 0));
}

#[tokio::test]
async fn each_duty_when_reporting_is_counted_over_the_reports_received_in_the_period() {
    let app = spawn_app().await;
    let calendar = WorkingCalendar::england_and_wales().unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    let range = Period::Custom { from: day, to: day }.range(t("2026-12-01T00:00:00Z")).unwrap();
    let inside = [t("2026-11-02T00:00:00Z"), t("2026-11-02T12:00:00Z"), t("2026-11-02T23:59:59Z")];
    let outside = [t("2026-11-01T23:59:59Z"), t("2026-11-03T00:00:00Z")];
    let mut ids = Vec::new();
    for at in inside.iter().chain(&outside) {
        ids.push(report_at(&app, *at).await);
    }
    // The contact plan of one report was agreed only later, after the moment asked about.
    on_db!(&app.pool, |e| sqlx::query(
        "update code_compliance set contact_plan_agreed_at = $1 where report_id = $2"
    )
    .bind(At(t("2026-12-02T00:00:00Z")))
    .bind(ids[0])
    .execute(e)
    .await
    .map(|r| r.rows_affected()))
    .unwrap();
    let figures = server::compliance::figures(
        &app.pool,
        &range,
        t("2026-12-01T00:00:00Z"),
        &calendar,
        Default::default(),
    )
    .await
    .unwrap();
    let shown: Vec<(Duty, String)> = figures.duties.iter().map(|(d, f)| (*d, f.rate().to_string())).collect();
    assert_eq!(
        shown,
        [
            (Duty::Right3Information, "100% (3 of 3)".to_string()),
            (Duty::VpsExplained, "100% (3 of 3)".to_string()),
            (Duty::NeedsAssessed, "100% (3 of 3)".to_string()),
            (Duty::ContactPlanAgreed, "67% (2 of 3)".to_string()),
        ]
    );
}

#[tokio::test]
async fn reports_are_counted_per_uk_day_and_by_how_they_came() {
    let app = spawn_app().await;
    // Summer time: 23:30 UTC on 1 July is 00:30 on 2 July in the UK.
    for at in ["2026-07-01T22:59:59Z", "2026-07-01T23:30:00Z", "2026-07-02T12:00:00Z", "2026-07-03T09:00:00Z"]
    {
        report_at(&app, t(at)).await;
    }
    let day = |d| NaiveDate::from_ymd_opt(2026, 7, d).unwrap();
    let range = Period::Custom { from: day(1), to: day(2) }.range(t("2026-08-01T00:00:00Z")).unwrap();
    let volumes =
        server::compliance::volumes(&app.pool, &range, t("2026-12-01T00:00:00Z"), Default::default())
            .await
            .unwrap();
    assert_eq!(volumes.per_day, [(day(1), 1, 0), (day(2), 2, 0)]);
    assert_eq!(volumes.by_outcome, [(None, 3)], "none assessed yet");
    assert_eq!((volumes.reviews_requested, volumes.complaints), (0, 0));
}
