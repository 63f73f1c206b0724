//! The reporting journey as plain form posts, the way a browser without JavaScript sends it.

mod support;

use reqwest::{header, StatusCode};
use support::{
    journey::{answer_all, client, follow, journey, location, post},
    spawn_app, TestApp,
};

async fn count(app: &TestApp, table: &str) -> i64 {
    server::on_db!(&app.pool, |e| sqlx::query_scalar(&format!("select count(*) from {table}"))
        .fetch_one(e)
        .await)
    .unwrap()
}

#[tokio::test]
async fn a_victim_reports_a_bicycle_theft_from_start_to_confirmation() {
    let app = spawn_app().await;
    let client = client();
    answer_all(&app, &client).await;

    let check = client.get(app.url("/report/check-your-answers")).send().await.unwrap();
    assert_eq!(check.status(), StatusCode::OK);
    let html = check.text().await.unwrap();
    assert!(html.contains("Red Raleigh bike"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "typed markup is shown escaped");
    assert!(!html.contains("<script>alert(1)"));
    assert!(html.contains("/report/property?return=check"), "Change links come back to the check page");

    let sent = post(&app, &client, "/report/declaration", &[("declaration", "yes")]).await;
    assert_eq!(location(&sent), "/report/confirmation");
    let confirmation =
        client.get(app.url("/report/confirmation")).send().await.unwrap().text().await.unwrap();

    let (reference, hash): (String, String) =
        server::on_db!(&app.pool, |e| sqlx::query_as("select reference, tracking_code_hash from report")
            .fetch_one(e)
            .await)
        .unwrap();
    assert!(confirmation.contains(&reference));
    assert!(confirmation.contains("Exit this page"), "where people stay longest to write down their code");
    let code = confirmation
        .split("class=\"tracking-code\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the tracking code is shown");
    assert!(server::secrets::verify_code(code, &hash), "only the argon2id hash of the code is stored");
    assert!(!app.stored_anywhere(code).await, "the code itself is nowhere in the database");
    assert!(app.stored_anywhere(&reference).await, "(the search finds what is stored)");

    assert_eq!(count(&app, "report").await, 1);
    assert_eq!(count(&app, "report_person").await, 1);
    assert_eq!(count(&app, "report_property").await, 1);
    assert_eq!(count(&app, "code_compliance").await, 1);
    assert_eq!(count(&app, "referral_consent").await, 2, "one consent per agency");
    assert_eq!(count(&app, "status_event").await, 1);
    let outbox: Vec<String> =
        server::on_db!(&app.pool, |e| sqlx::query_scalar("select kind from outbox order by id")
            .fetch_all(e)
            .await)
        .unwrap();
    assert_eq!(outbox, ["acknowledgement", "allocation"]);
    let description: String =
        server::on_db!(&app.pool, |e| sqlx::query_scalar("select description from report")
            .fetch_one(e)
            .await)
        .unwrap();
    assert!(description.ends_with("<script>alert(1)</script>"), "stored as typed");

    let again = post(&app, &client, "/report/declaration", &[("declaration", "yes")]).await;
    assert_eq!(location(&again), "/report/confirmation");
    assert_eq!(count(&app, "report").await, 1, "a resubmit makes no second report");
}

#[tokio::test]
async fn two_submits_at_once_make_one_report() {
    let app = spawn_app().await;
    let client = client();
    answer_all(&app, &client).await;
    let (a, b) = tokio::join!(
        post(&app, &client, "/report/declaration", &[("declaration", "yes")]),
        post(&app, &client, "/report/declaration", &[("declaration", "yes")]),
    );
    assert_eq!(location(&a), "/report/confirmation");
    assert_eq!(location(&b), "/report/confirmation");
    assert_eq!(count(&app, "report").await, 1);
}

#[tokio::test]
async fn a_step_cannot_be_skipped_by_posting_to_a_later_one() {
    let app = spawn_app().await;
    let client = client();
    let response = post(&app, &client, "/report/declaration", &[("declaration", "yes")]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/report/suitability");
    assert_eq!(count(&app, "draft").await, 0, "nothing stored for a skipped step");
    let response = client.get(app.url("/report/contact")).send().await.unwrap();
    assert_eq!(location(&response), "/report/suitability");
    assert_eq!(count(&app, "report").await, 0);
}

#[tokio::test]
async fn someone_in_danger_is_told_to_call_999_and_nothing_is_stored() {
    let app = spawn_app().await;
    let client = client();
    let response = post(&app, &client, "/report/suitability", &[("danger", "yes")]).await;
    assert_eq!(location(&response), "/report/call-999");
    assert_eq!(count(&app, "draft").await, 0);
    let page = client.get(app.url("/report/call-999")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Call 999 now"));
    assert!(page.contains("18000"));
}

#[tokio::test]
async fn a_wrong_answer_comes_back_with_the_problem_and_everything_typed() {
    let app = spawn_app().await;
    let client = client();
    let (_, suitability) = &journey()[0];
    post(&app, &client, "/report/suitability", suitability).await;
    let response = post(
        &app,
        &client,
        "/report/when-it-happened",
        &[("when-known", "exact"), ("date-day", "31"), ("date-month", "2"), ("date-year", "2025")],
    )
    .await;
    assert_eq!(location(&response), "/report/when-it-happened");
    let page = client.get(app.url("/report/when-it-happened")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("There is a problem"));
    assert!(html.contains("<title>Error: When it happened"));
    assert!(html.contains("href=\"#date-day\""), "the summary links to the field");
    assert!(html.contains("The date it happened must be a real date"));
    assert!(html.contains("value=\"31\""), "typed values are kept");
    let (_, when) = &journey()[1];
    post(&app, &client, "/report/when-it-happened", when).await;

    let place = "By the <b>canal</b></textarea><script>alert(1)</script>";
    post(&app, &client, "/report/where-it-happened", &[("location", place)]).await;
    let (_, where_) = &journey()[2];
    post(&app, &client, "/report/where-it-happened", where_).await;
    let response = post(&app, &client, "/report/what-happened", &[("description", place)]).await;
    assert_ne!(location(&response), "/report/what-happened", "markup is only text to the rules");
    let html = client.get(app.url("/report/what-happened")).send().await.unwrap().text().await.unwrap();
    let at = html.find("canal").map(|i| &html[i.saturating_sub(40)..i + 20]).unwrap_or("none");
    assert!(html.contains("By the &lt;b"), "typed markup is kept and escaped: {at}");
    assert!(!html.contains("By the <b>"));
    assert!(!html.contains("</textarea><script>"), "typed text cannot close the textarea");
    let response = post(&app, &client, "/report/what-happened", &[("description", "")]).await;
    assert_eq!(location(&response), "/report/what-happened");
    let html = client.get(app.url("/report/what-happened")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("href=\"#description\""), "the summary links to the field");
    assert!(html.contains("Enter what happened"));
}

#[tokio::test]
async fn every_limited_answer_states_its_limit_and_a_field_in_error_is_marked_invalid() {
    let app = spawn_app().await;
    let client = client();
    answer_all(&app, &client).await;
    let mut stated = 0;
    for step in rules::wizard::Step::ALL {
        let html = client.get(app.url(&format!("/report/{}", step.slug()))).send().await.unwrap();
        let html = html.text().await.unwrap();
        for spec in step.fields() {
            let Some(limit) = spec.limit else { continue };
            if !html.contains(&format!("id=\"{}\"", spec.name)) {
                continue; // not asked of this person (another person's details)
            }
            let hint = rules::character_count::limit_hint(limit);
            let info = format!("id=\"{}-info\" class=\"hint character-count__message\">{hint}<", spec.name);
            assert!(html.contains(&info), "{}: {hint}", spec.name);
            let field =
                html.split(&format!("id=\"{}\"", spec.name)).nth(1).unwrap().split('>').next().unwrap();
            assert!(
                field.contains(&format!("{}-info\"", spec.name)),
                "{}: described by its limit",
                spec.name
            );
            assert!(!field.contains("aria-invalid"), "{}: not in error", spec.name);
            stated += 1;
        }
    }
    assert!(stated >= 12, "the limited fields asked of a victim: {stated}");

    let too_long = "x".repeat(501);
    post(&app, &client, "/report/where-it-happened", &[("location", &too_long)]).await;
    let html = client.get(app.url("/report/where-it-happened")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Where it happened must be 500 characters or fewer (you have 501 characters)"));
    let field = html.split("id=\"location\"").nth(1).unwrap().split('>').next().unwrap();
    assert!(field.contains("aria-describedby=\"location-hint location-error location-info\""), "{field}");
    assert!(field.contains("aria-invalid=\"true\""), "{field}");
    let postcode = html.split("id=\"location-postcode\"").nth(1).unwrap().split('>').next().unwrap();
    assert!(!postcode.contains("aria-invalid"), "a field without a problem: {postcode}");
}

#[tokio::test]
async fn save_and_come_back_later_with_a_resume_code() {
    let app = spawn_app().await;
    let first = client();
    let (_, suitability) = &journey()[0];
    post(&app, &first, "/report/suitability", suitability).await;
    let saved =
        post(&app, &first, "/report/when-it-happened", &[("date-day", "12"), ("action", "save")]).await;
    assert_eq!(location(&saved), "/report/saved");
    let saved = follow(&app, &first, saved).await;
    assert_eq!(saved.status(), StatusCode::OK);
    let csp = saved.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_string();
    let nonce = csp.split("'nonce-").nth(1).and_then(|r| r.split('\'').next()).unwrap().to_string();
    let html = saved.text().await.unwrap();
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "the page's script matches its policy");
    let code =
        html.split("class=\"resume-code\">").nth(1).and_then(|r| r.split('<').next()).unwrap().to_string();
    let again = first.get(app.url("/report/saved")).send().await.unwrap();
    assert_eq!(location(&again), "/report/resume", "the code is shown once, never again");

    let second = client();
    let wrong =
        second.post(app.url("/report/resume")).form(&[("code", "ABCD-EFGH-JKMN")]).send().await.unwrap();
    assert_eq!(location(&wrong), "/report/resume");
    let wrong = follow(&app, &second, wrong).await;
    let html = wrong.text().await.unwrap();
    assert!(html.contains("We could not find a saved report with that code"));
    assert!(html.contains("aria-invalid=\"true\""), "the code box is marked as in error");
    assert!(!html.contains("value=\"ABCD-EFGH-JKMN\""), "a code that did not work is not shown back");

    let resumed =
        second.post(app.url("/report/resume")).form(&[("code", code.to_lowercase())]).send().await.unwrap();
    assert_eq!(location(&resumed), "/report/when-it-happened", "back on the page saved from");
    let page = second.get(app.url("/report/when-it-happened")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("value=\"12\""), "the saved answer is back");
    assert!(!page.contains("There is a problem"), "a saved step is not marked wrong before it is sent");

    let old = first.get(app.url("/report/when-it-happened")).send().await.unwrap();
    assert_eq!(location(&old), "/report/suitability", "the old browser no longer opens the draft");
}

/// Saves the page `path` with `fields` ("Save and come back later"); returns the saved page's
/// HTML and the resume code on it.
async fn save(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    fields: &[(&str, &str)],
) -> (String, String) {
    let mut fields = fields.to_vec();
    fields.push(("action", "save"));
    let saved = post(app, client, path, &fields).await;
    assert_eq!(location(&saved), "/report/saved");
    let html = follow(app, client, saved).await.text().await.unwrap();
    let code = html.split("class=\"resume-code\">").nth(1).and_then(|r| r.split('<').next()).unwrap();
    (html.clone(), code.to_string())
}

async fn resume(app: &TestApp, client: &reqwest::Client, code: &str) -> String {
    let resumed = client.post(app.url("/report/resume")).form(&[("code", code)]).send().await.unwrap();
    location(&resumed)
}

#[tokio::test]
async fn resuming_returns_to_the_page_saved_from_or_else_the_first_unanswered_one() {
    let app = spawn_app().await;
    let first = client();
    let steps = journey();
    for (slug, fields) in &steps[..4] {
        post(&app, &first, &format!("/report/{slug}"), fields).await;
    }
    let (html, code) = save(&app, &first, "/report/property", &[("property-description", "Red bike")]).await;
    // The saved page says what the start page says, and links where it says.
    let start = app.client.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(start.contains("<a href=\"/report/resume\" class=\"link\">Continue a saved report</a>"));
    assert!(html.contains("choose \u{2018}Continue a saved report\u{2019}"), "{html}");
    assert!(html.contains("<a href=\"/\" class=\"link\">start of this service</a>"));
    assert!(
        html.contains("the page you saved, \u{2018}Anything stolen or damaged\u{2019}"),
        "{}",
        &html[html.find("start of this").unwrap()..][..400]
    );
    assert!(html.contains("href=\"/report/property\" class=\"link\">Continue with your report now"));

    let second = client();
    assert_eq!(resume(&app, &second, &code).await, "/report/property", "the page saved from");
    let page = second.get(app.url("/report/property")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Red bike"));

    // Saved from an earlier page than the furthest reached: back to that page.
    let (_, code) = save(&app, &second, "/report/suitability", &steps[0].1).await;
    let third = client();
    assert_eq!(resume(&app, &third, &code).await, "/report/suitability");

    // Moved on with Continue after saving: the first page not yet answered.
    let (_, code) = save(&app, &third, "/report/property", &[("property-description", "Red bike")]).await;
    let property = &steps[4].1;
    let on = post(&app, &third, "/report/property", property).await;
    assert_eq!(location(&on), "/report/suspect");
    let fourth = client();
    assert_eq!(resume(&app, &fourth, &code).await, "/report/suspect", "the first page not yet answered");
}

#[tokio::test]
async fn hostile_input_gets_a_4xx_and_never_a_5xx() {
    let app = spawn_app().await;
    let client = client();
    let huge = "a".repeat(1024 * 1024);
    let response = post(&app, &client, "/report/suitability", &[("danger", &huge)]).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let response = client
        .post(app.url("/report/suitability"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(b"danger=%FF%FE".to_vec())
        .send()
        .await
        .unwrap();
    assert!(response.status().is_client_error(), "invalid UTF-8: {}", response.status());
    let response = post(
        &app,
        &client,
        "/report/suitability",
        &[("danger", "no' or 1=1 --"), ("crime-type", "<img src=x>")],
    )
    .await;
    // Shown again with the problems (no draft is made for a first answer that fails its checks).
    assert_eq!(location(&response), "/report/suitability");
    let page = follow(&app, &client, response).await.text().await.unwrap();
    assert!(page.contains("Select yes if anyone is in immediate danger"));
    assert!(page.contains("&lt;img src=x&gt;") || !page.contains("<img src=x>"), "escaped");
    // The problems are shown once: they are not in the address, and a reload starts clean.
    let again = client.get(app.url("/report/suitability")).send().await.unwrap().text().await.unwrap();
    assert!(!again.contains("There is a problem") && !again.contains("no&#x27; or 1=1"));
    let left: i64 = server::on_db!(&app.pool, |e| sqlx::query_scalar("select count(*) from form_flash")
        .fetch_one(e)
        .await)
    .unwrap();
    assert_eq!(left, 0, "a notice is deleted once read");
}

#[tokio::test]
async fn the_pages_promise_the_draft_period_that_is_configured() {
    let app = support::spawn_app_with(&[("PORTAL_DRAFT_DAYS", "7")], |r| r).await;
    let start = app.client.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(start.contains("come back within 7 days"));
    let cookies = app.client.get(app.url("/cookies")).send().await.unwrap().text().await.unwrap();
    assert!(cookies.contains("portal-draft") && cookies.contains("7 days after you last saved"));
    let client = client();
    let mut first = journey()[0].1.clone();
    first.push(("action", "save"));
    let saved = post(&app, &client, "/report/suitability", &first).await;
    let cookie = saved.headers()[header::SET_COOKIE].to_str().unwrap().to_string();
    assert!(cookie.contains("Max-Age=604800"), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
}

#[tokio::test]
async fn every_form_of_the_wizard_refuses_a_cross_site_post() {
    let app = spawn_app().await;
    let browser = client();
    let steps = rules::wizard::Step::ALL.iter().map(|step| format!("/report/{}", step.slug()));
    let others = ["/report/confirmation", "/report/resume", "/report/resume/open", "/report/saved/email"];
    for path in steps.chain(others.map(String::from)) {
        let response = browser
            .post(app.url(&path))
            .header("sec-fetch-site", "cross-site")
            .form(&[("danger", "no"), ("code", "ABCD-EFGH-JKMN")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(count(&app, "draft").await, 0);
    let unknown = post(&app, &browser, "/report/no-such-page", &[("danger", "no")]).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn one_start_page_with_every_way_in_a_title_that_does_not_repeat_itself_and_a_description() {
    let app = spawn_app().await;
    let old = app.client.get(app.url("/report")).send().await.unwrap();
    assert_eq!(old.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(location(&old), "/", "the old start page leads to the one start page");
    let start = app.client.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(start.contains("<title>Report a crime online – Midshire Police</title>"), "{start}");
    assert!(start.contains("<meta name=\"description\" content=\"Report a crime to the police online"));
    for way_in in ["href=\"/report/suitability\"", "href=\"/report/resume\"", "href=\"/track\""] {
        assert!(start.contains(way_in), "{way_in}");
    }
    assert!(!start.contains("role=\"button\""), "Start now is a link and does not claim to be a button");
    assert!(start.contains("Exit this page"));
    let step = app.client.get(app.url("/report/resume")).send().await.unwrap().text().await.unwrap();
    assert!(step.contains("<title>Continue a saved report – Report a crime online – Midshire Police</title>"));
}
