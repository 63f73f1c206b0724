//! The victims' satisfaction survey over real HTTP against a real database (SQLite, and in the
//! PostgreSQL pass): who is invited six weeks after their crime was recorded (only by an email
//! marked safe, domestic abuse included), the invitation by a real SMTP server on loopback with
//! no case details, the one-time link used once and not after it expires, the form's problems
//! next to their fields with the answers kept, one answer per report, and the figures.

mod support;

use std::{collections::HashMap, sync::Arc};

use reqwest::{header, Client, StatusCode};
use rules::survey::Question;
use server::{
    casework::{self, Change},
    clock::Clock,
    config::{Config, Survey},
    survey::{self, invite::invite_due},
};
use support::{
    journey::{client, follow, location, send_report_changed},
    smtp::{decoded, SmtpSink},
    spawn_app_with_clock,
    staff::count,
    SettableClock, TestApp,
};

/// The survey invitations `sink` has taken so far, decoded.
fn invitations(sink: &SmtpSink) -> Vec<String> {
    sink.messages().iter().map(|m| decoded(m)).filter(|m| m.contains("Subject: How did we do?")).collect()
}

/// Works the outbox once, at the clock's time, with mail to `sink`.
async fn dispatch(app: &TestApp, sink: &SmtpSink, clock: &SettableClock) {
    support::smtp::dispatcher(&app.pool, sink.mailer(), Arc::new(clock.clone())).run_once().await.unwrap();
}

/// The survey's settings as the server reads them from `vars`.
fn settings(vars: &[(&str, &str)]) -> Survey {
    let vars: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    Config::from_lookup(|name| vars.get(name).cloned()).unwrap().survey
}

/// How the victim of a test report may be contacted, and whether it involves domestic abuse.
#[derive(Clone, Copy)]
struct Victim {
    email: &'static str,
    email_safe: bool,
    domestic_abuse: bool,
}

/// Sends the bicycle theft through the wizard for `victim`; returns its reference.
async fn report(app: &TestApp, victim: Victim) -> String {
    let (reference, _) = send_report_changed(app, &client(), move |slug, fields| match slug {
        "about-you" => {
            for field in fields.iter_mut() {
                if field.0 == "email" {
                    field.1 = victim.email;
                }
            }
            fields.push(("phone", "07700 900123"));
        }
        "your-needs" if victim.domestic_abuse => {
            *fields = vec![("circumstances", "domestic-abuse"), ("support", "debt")];
        }
        "support" if victim.domestic_abuse => fields.push(("consent-domestic-violence", "no")),
        "contact" => {
            let safe = if victim.email_safe { "yes" } else { "no" };
            *fields = vec![
                ("channels", "email"),
                ("channels", "phone"),
                ("safe-email", safe),
                ("safe-phone", "yes"),
                ("frequency", "when-news"),
            ];
        }
        _ => {}
    })
    .await;
    reference
}

/// The force confirms the crime is recorded (the operator's `portal report` command, through
/// the same rules as the workspace's decision): the `record` deadline is met.
async fn record(app: &TestApp, reference: &str, clock: &SettableClock) {
    casework::apply(&app.pool, "test-operator", reference, &Change::ConfirmRecorded, clock.now())
        .await
        .unwrap();
}

/// The one-time link's path in `mail`.
fn link_in(mail: &str) -> String {
    let start = mail.find("/survey/").expect("a survey link");
    mail[start..].split_whitespace().next().unwrap().to_string()
}

/// The survey cookie that following a link sets, as a `Cookie` header's value.
fn survey_cookie(response: &reqwest::Response) -> String {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("portal-survey="))
        .map(|c| {
            assert!(c.contains("HttpOnly"), "{c}");
            c.split(';').next().unwrap().to_string()
        })
        .expect("the link's token moves into a cookie")
}

async fn page(app: &TestApp, browser: &Client, path: &str) -> (StatusCode, String) {
    let response = browser.get(app.url(path)).send().await.unwrap();
    (response.status(), response.text().await.unwrap())
}

const USED: &str = "This link has already been used or has expired";
const NOTHING_ELSE: &str = "Thank you \u{2014} you do not need to do anything else.";

/// Nothing about any report: no reference, crime, account, property or name.
fn assert_no_case_details(text: &str, references: &[String]) {
    for reference in references {
        assert!(!text.contains(reference.as_str()), "no reference");
    }
    for detail in
        ["Bicycle", "bicycle", "bike", "theft", "Theft", "library", "Raleigh", "Sam", "Patel", "domestic"]
    {
        assert!(!text.contains(detail), "no case details: {detail}");
    }
}

const ANSWERS: [(&str, &str); 4] =
    [("kept-informed", "4"), ("understood-next", "2"), ("treated-with-respect", "5"), ("overall", "5")];

#[tokio::test]
async fn victims_with_a_safe_email_are_invited_once_and_answer_once_through_the_link() {
    let clock = SettableClock::now();
    let start = clock.now();
    let app = spawn_app_with_clock(&[], clock.clone()).await;
    let sink = SmtpSink::start();
    let victims = [
        Victim { email: "safe@example.com", email_safe: true, domestic_abuse: false },
        Victim { email: "not-safe@example.com", email_safe: false, domestic_abuse: false },
        Victim { email: "abuse-safe@example.com", email_safe: true, domestic_abuse: true },
        Victim { email: "abuse-not-safe@example.com", email_safe: false, domestic_abuse: true },
    ];
    let mut references = Vec::new();
    for victim in victims {
        references.push(report(&app, victim).await);
    }
    dispatch(&app, &sink, &clock).await; // the acknowledgements and the allocations
    for reference in &references {
        record(&app, reference, &clock).await;
    }
    let defaults = settings(&[]);

    // Not before six weeks.
    clock.advance(chrono::Duration::days(41));
    assert_eq!(invite_due(&app.pool, clock.now(), &defaults).await.unwrap(), 0);
    clock.advance(chrono::Duration::days(1) + chrono::Duration::hours(1));
    // Two passes at once (two nodes, say) invite each victim once between them.
    let (a, b) = tokio::join!(
        invite_due(&app.pool, clock.now(), &defaults),
        invite_due(&app.pool, clock.now(), &defaults)
    );
    assert_eq!(a.unwrap() + b.unwrap(), 2);
    assert_eq!(invite_due(&app.pool, clock.now(), &defaults).await.unwrap(), 0, "never twice");
    let invited: Vec<String> = server::on_db!(&app.pool, |e| sqlx::query_scalar(
        "select r.reference from survey s join report r on r.id = s.report_id order by r.id"
    )
    .fetch_all(e)
    .await)
    .unwrap();
    assert_eq!(invited, [references[0].clone(), references[2].clone()], "only the safe email reports");

    dispatch(&app, &sink, &clock).await;
    let mails = invitations(&sink);
    assert_eq!(mails.len(), 2, "one invitation each");
    let mut to: Vec<&str> = mails
        .iter()
        .map(|m| m.lines().find(|l| l.starts_with("To: ")).unwrap().trim_start_matches("To: ").trim())
        .collect();
    to.sort();
    assert_eq!(to, ["abuse-safe@example.com", "safe@example.com"]);
    for mail in &mails {
        assert_no_case_details(mail, &references);
        assert!(mail.contains("https://report.example.police.uk/survey/"));
        assert!(mail.contains("28 days") && mail.contains("2 minutes") && mail.contains("optional"));
    }
    assert_eq!(
        count(&app, "select count(*) from survey where token_hash is null").await,
        0,
        "digests stored"
    );
    let safe_mail = mails.iter().find(|m| m.contains("To: safe@example.com")).unwrap();
    let abuse_mail = mails.iter().find(|m| m.contains("To: abuse-safe@example.com")).unwrap();
    let link = link_in(safe_mail);
    assert!(!app.stored_anywhere(link.trim_start_matches("/survey/")).await, "the token is never stored");

    // The link: its token leaves the address bar at once; the form shows nothing of the case.
    let victim = client();
    let followed = victim.get(app.url(&link)).send().await.unwrap();
    assert_eq!(followed.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&followed), "/survey");
    let cookie = survey_cookie(&followed);
    let (status, form) = page(&app, &victim, "/survey").await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("Send your answers") && form.contains("(optional)") && form.contains("anonymous"));
    for question in Question::ALL {
        assert!(form.contains(question.legend()), "{:?}", question);
    }
    assert!(form.contains("<legend") && form.contains("You can enter up to 1,200 characters"));
    assert_no_case_details(&form, &references);

    // A missing answer: the problem next to its question and in the summary; the rest kept.
    let comment = "The officer who rang me was kind & clear.";
    let mut missing: Vec<(&str, &str)> = ANSWERS[..3].to_vec();
    missing.push(("comment", comment));
    let refused = victim.post(app.url("/survey")).form(&missing).send().await.unwrap();
    assert_eq!(location(&refused), "/survey");
    let body = follow(&app, &victim, refused).await.text().await.unwrap();
    assert!(
        body.contains("There is a problem") && body.contains("href=\"#overall\""),
        "the summary links to it"
    );
    assert!(body.contains("id=\"overall-error\""), "the error sits by the question");
    assert!(body.contains("Select how satisfied you are overall"));
    assert!(body.contains("The officer who rang me was kind &amp; clear."), "the comment is kept");
    assert!(body.contains("<title>Error: "));
    assert_eq!(count(&app, "select count(*) from survey where answered_at is not null").await, 0);

    // Answered: thank you, stored once, the link used up.
    let mut answers: Vec<(&str, &str)> = ANSWERS.to_vec();
    answers.push(("comment", comment));
    let sent = victim.post(app.url("/survey")).form(&answers).send().await.unwrap();
    assert_eq!(location(&sent), "/survey/thank-you");
    let (_, thanks) = page(&app, &victim, "/survey/thank-you").await;
    assert!(thanks.contains("Thank you for your answers"));
    let stored: (i64, i64, i64, i64, Option<String>) = server::on_db!(&app.pool, |e| sqlx::query_as(
        "select kept_informed, understood_next, treated_with_respect, overall, comment from survey
         where answered_at is not null"
    )
    .fetch_one(e)
    .await)
    .unwrap();
    assert_eq!(stored, (4, 2, 5, 5, Some(comment.to_string())));

    // Again: with the same browser, with the old cookie put back, and with the link.
    let again = victim.post(app.url("/survey")).form(&answers).send().await.unwrap();
    assert_eq!(location(&again), "/survey");
    let (_, body) = page(&app, &victim, "/survey").await;
    assert!(body.contains(USED) && body.contains(NOTHING_ELSE));
    let replayed = client()
        .post(app.url("/survey"))
        .header(header::COOKIE, &cookie)
        .form(&[
            ("kept-informed", "1"),
            ("understood-next", "1"),
            ("treated-with-respect", "1"),
            ("overall", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&replayed), "/survey");
    let other = client();
    let followed = other.get(app.url(&link)).send().await.unwrap();
    assert_eq!(location(&followed), "/survey");
    let (status, body) = page(&app, &other, "/survey").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(USED) && !body.contains("Send your answers"));
    assert_eq!(
        count(&app, "select count(*) from survey where answered_at is not null").await,
        1,
        "one answer"
    );
    assert_eq!(
        count(&app, "select count(*) from survey where overall = 1").await,
        0,
        "the replay stored nothing"
    );

    // The other link, once it has expired.
    clock.advance(chrono::Duration::days(28) + chrono::Duration::minutes(1));
    let late = client();
    late.get(app.url(&link_in(abuse_mail))).send().await.unwrap();
    let (_, body) = page(&app, &late, "/survey").await;
    assert!(body.contains(USED) && body.contains(NOTHING_ELSE) && !body.contains("Send your answers"));
    let posted = late.post(app.url("/survey")).form(&ANSWERS).send().await.unwrap();
    assert_eq!(location(&posted), "/survey");
    assert_eq!(count(&app, "select count(*) from survey where answered_at is not null").await, 1);

    // The figures: the counts stored, by the database; the comment without whose it is.
    let end = clock.now();
    let results = survey::results(&app.pool, start, end).await.unwrap();
    assert_eq!((results.invited, results.answered), (2, 1));
    let of = |question: Question| results.answers.iter().find(|(q, _)| *q == question).unwrap().1;
    assert_eq!(of(Question::KeptInformed), [0, 0, 0, 1, 0]);
    assert_eq!(of(Question::UnderstoodNext), [0, 1, 0, 0, 0]);
    assert_eq!(of(Question::TreatedWithRespect), [0, 0, 0, 0, 1]);
    assert_eq!(of(Question::Overall), [0, 0, 0, 0, 1]);
    assert_eq!(results.weeks.len(), 1);
    assert_eq!((results.weeks[0].answered, results.weeks[0].satisfied), (1, 1));
    assert_eq!(results.weeks[0].week_of.format("%a").to_string(), "Mon");
    let comments = survey::comments(&app.pool, start, end, 10).await.unwrap();
    assert_eq!(comments.iter().map(|(_, c)| c.as_str()).collect::<Vec<_>>(), [comment]);
    let before = survey::results(&app.pool, start, start + chrono::Duration::days(1)).await.unwrap();
    assert_eq!((before.invited, before.answered), (0, 0), "only the period asked for");
}

#[tokio::test]
async fn with_the_survey_turned_off_no_one_is_invited() {
    let clock = SettableClock::now();
    let app = spawn_app_with_clock(&[], clock.clone()).await;
    let sink = SmtpSink::start();
    let victim = Victim { email: "safe@example.com", email_safe: true, domestic_abuse: false };
    let reference = report(&app, victim).await;
    dispatch(&app, &sink, &clock).await;
    record(&app, &reference, &clock).await;
    clock.advance(chrono::Duration::days(50));

    let off = settings(&[("PORTAL_SURVEY_AFTER_DAYS", "0")]);
    assert_eq!(off.after, None);
    assert_eq!(invite_due(&app.pool, clock.now(), &off).await.unwrap(), 0);
    dispatch(&app, &sink, &clock).await;
    assert!(invitations(&sink).is_empty());
    assert_eq!(count(&app, "select count(*) from survey").await, 0);
    // The same report is due under the default settings: the setting, not the report, held it back.
    assert_eq!(invite_due(&app.pool, clock.now(), &settings(&[])).await.unwrap(), 1);
}

#[tokio::test]
async fn a_made_up_link_gets_the_same_page_as_a_used_one_and_the_survey_form_refuses_cross_site_posts() {
    let clock = SettableClock::now();
    let app = spawn_app_with_clock(&[], clock.clone()).await;
    let browser = client();
    let followed = browser.get(app.url("/survey/not-a-real-token")).send().await.unwrap();
    assert_eq!(location(&followed), "/survey");
    let (status, body) = page(&app, &browser, "/survey").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(USED) && body.contains(NOTHING_ELSE) && !body.contains("Send your answers"));
    let (_, bare) = page(&app, &client(), "/survey").await;
    assert!(bare.contains(USED), "without a link, nothing to answer");
    let cross_site = client()
        .post(app.url("/survey"))
        .header("sec-fetch-site", "cross-site")
        .form(&ANSWERS)
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_operator_may_invite_one_report_now_under_the_same_rules_but_the_wait() {
    use server::survey::invite::{invite_now, InviteNow};
    let clock = SettableClock::now();
    let app = spawn_app_with_clock(&[], clock.clone()).await;
    let sink = SmtpSink::start();
    let safe =
        report(&app, Victim { email: "safe@example.com", email_safe: true, domestic_abuse: false }).await;
    let unsafe_email =
        report(&app, Victim { email: "shared@example.com", email_safe: false, domestic_abuse: true }).await;
    dispatch(&app, &sink, &clock).await;
    let defaults = settings(&[]);
    let now = clock.now();
    assert_eq!(
        invite_now(&app.pool, &safe, now, &defaults).await.unwrap(),
        InviteNow::NotInvited,
        "not recorded yet"
    );
    record(&app, &safe, &clock).await;
    record(&app, &unsafe_email, &clock).await;
    let off = settings(&[("PORTAL_SURVEY_AFTER_DAYS", "0")]);
    assert_eq!(invite_now(&app.pool, &safe, now, &off).await.unwrap(), InviteNow::TurnedOff);
    assert_eq!(invite_now(&app.pool, &unsafe_email, now, &defaults).await.unwrap(), InviteNow::NotInvited);
    assert_eq!(invite_now(&app.pool, "K7Q-M4X-2PC", now, &defaults).await.unwrap(), InviteNow::NoSuchReport);
    assert_eq!(invite_now(&app.pool, &safe, now, &defaults).await.unwrap(), InviteNow::Invited);
    assert_eq!(
        invite_now(&app.pool, &safe, now, &defaults).await.unwrap(),
        InviteNow::NotInvited,
        "never twice"
    );
    dispatch(&app, &sink, &clock).await;
    assert_eq!(invitations(&sink).len(), 1);
    // The periodic task, later, does not invite it again.
    clock.advance(chrono::Duration::days(43));
    assert_eq!(invite_due(&app.pool, clock.now(), &defaults).await.unwrap(), 0);
}
