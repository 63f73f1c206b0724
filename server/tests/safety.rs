//! Victims' safety against someone who shares their device, knows their reference or plants a
//! link: the tracking code is shown only briefly and only to the browser that sent the report;
//! a resumed draft shuts out everyone who held a way into it before; drafts cannot be used as
//! free storage; limits count an IPv6 /64 as one client; refusals are the site's own pages.

mod support;

use reqwest::{header, StatusCode};
use support::{
    journey::{answer_all, client, follow, journey, location, post, send_report},
    spawn_app, spawn_app_with, spawn_app_with_clock, SettableClock, TestApp,
};

async fn count(app: &TestApp, sql: &str) -> i64 {
    server::on_db!(&app.pool, |e| sqlx::query_scalar(sql).fetch_one(e).await).unwrap()
}

async fn text(app: &TestApp, browser: &reqwest::Client, path: &str) -> (StatusCode, String, String) {
    let response = browser.get(app.url(path)).send().await.unwrap();
    let (status, to) = (response.status(), location(&response));
    (status, to, response.text().await.unwrap())
}

/// The bytes the database holds: SQLite's pages in use, after a checkpoint; PostgreSQL's
/// tables, indexes and their TOAST (`pg_database_size`).
async fn database_bytes(app: &TestApp) -> i64 {
    if app.pool.is_postgres() {
        return count(app, "select pg_database_size(current_database())").await;
    }
    server::on_db!(&app.pool, |e| sqlx::query("pragma wal_checkpoint(truncate)")
        .execute(e)
        .await
        .map(|r| r.rows_affected()))
    .unwrap();
    let pages: i64 =
        count(app, "select page_count - freelist_count from pragma_page_count(), pragma_freelist_count()")
            .await;
    pages * count(app, "select page_size from pragma_page_size()").await
}

#[tokio::test]
async fn the_code_is_shown_only_in_the_sending_browser_for_the_window_it_states() {
    let clock = SettableClock::now();
    let app = spawn_app_with_clock(&[("PORTAL_RECEIPT_MINUTES", "10")], clock.clone()).await;
    let family_computer = client();
    let (reference, code) = send_report(&app, &family_computer).await;
    let (_, _, page) = text(&app, &family_computer, "/report/confirmation").await;
    assert!(page.contains(&code));
    assert!(
        page.contains("This page shows it for 10 minutes after you sent your report, only on this device")
    );

    // Another browser never sees it.
    let (_, to, _) = text(&app, &client(), "/report/confirmation").await;
    assert_eq!(to, "/");

    // The next person to press "Start now" on this device gets a fresh report, not the code.
    for step in ["/", "/report/suitability", "/report/when-it-happened"] {
        let (status, to, body) = text(&app, &family_computer, step).await;
        assert!(!body.contains(&code) && !body.contains(&reference), "{step} shows the sent report");
        assert!(status == StatusCode::OK || to == "/report/suitability", "{step}: {status} {to}");
    }

    // Within the window the sender may still see it; after the window, never.
    clock.advance(chrono::Duration::minutes(9));
    assert!(text(&app, &family_computer, "/report/confirmation").await.2.contains(&code));
    clock.advance(chrono::Duration::minutes(2));
    let (_, _, page) = text(&app, &family_computer, "/report/confirmation").await;
    assert!(!page.contains(&code), "shown after its window");
    server::report::drafts::delete_expired(&app.pool, clock_now(&clock)).await.unwrap();
    assert_eq!(count(&app, "select count(*) from draft where receipt is not null").await, 0);
    assert_eq!(
        count(&app, "select count(*) from draft where report_id is not null").await,
        0,
        "the sent draft goes"
    );
}

fn clock_now(clock: &SettableClock) -> chrono::DateTime<chrono::Utc> {
    use server::clock::Clock;
    clock.now()
}

#[tokio::test]
async fn starting_again_or_hiding_the_code_removes_it_for_good_and_a_double_send_keeps_one_report() {
    let app = spawn_app().await;
    let device = client();
    let (reference, code) = send_report(&app, &device).await;
    // A second press of Send (the back button, a double click) shows the same report.
    let again = post(&app, &device, "/report/declaration", &[("declaration", "yes")]).await;
    assert_eq!(location(&again), "/report/confirmation");
    assert_eq!(count(&app, "select count(*) from report").await, 1);
    assert_eq!(
        count(&app, "select count(*) from draft where answers != '{}'").await,
        0,
        "answers live in the report only"
    );

    // Starting a new report on the device forgets the old code.
    let (_, suitability) = &journey()[0];
    let started = post(&app, &device, "/report/suitability", suitability).await;
    assert_eq!(location(&started), "/report/when-it-happened");
    let (_, to, page) = text(&app, &device, "/report/confirmation").await;
    assert!(!page.contains(&code) && !page.contains(&reference), "{to}");
    assert_eq!(count(&app, "select count(*) from draft where receipt is not null").await, 0);

    // "Hide my code" on another report.
    let other = client();
    let (_, other_code) = send_report(&app, &other).await;
    let hidden = other.post(app.url("/report/confirmation")).send().await.unwrap();
    assert_eq!(location(&hidden), "/report/confirmation");
    let (_, _, page) = text(&app, &other, "/report/confirmation").await;
    assert!(!page.contains(&other_code));
    assert!(page.contains("not shown again"));
}

#[tokio::test]
async fn a_first_answer_that_fails_its_check_makes_no_draft_and_keeps_what_was_typed() {
    let app = spawn_app().await;
    let browser = client();
    let response = post(&app, &browser, "/report/suitability", &[("crime-type", "bicycle-theft")]).await;
    assert_eq!(location(&response), "/report/suitability");
    let cookies: Vec<_> = response.headers().get_all(header::SET_COOKIE).iter().collect();
    assert!(!cookies.iter().any(|c| c.to_str().unwrap().contains("portal-draft")), "no draft cookie");
    let page = follow(&app, &browser, response).await.text().await.unwrap();
    assert!(page.contains("There is a problem"));
    assert!(page.contains("Select yes if anyone is in immediate danger"));
    assert!(
        page.contains("value=\"bicycle-theft\" checked")
            || page.contains("checked value=\"bicycle-theft\"")
            || page.contains("bicycle-theft\" checked"),
        "the answer is kept"
    );
    assert_eq!(count(&app, "select count(*) from draft").await, 0);
}

#[tokio::test]
async fn a_draft_keeps_only_its_pages_fields_within_their_sizes() {
    let app = spawn_app().await;
    let browser = client();
    let (_, suitability) = &journey()[0];
    let mut fields = suitability.clone();
    let junk = "x".repeat(100_000);
    fields.push(("smuggled", junk.as_str()));
    assert_eq!(post(&app, &browser, "/report/suitability", &fields).await.status(), StatusCode::SEE_OTHER);
    let long = "y".repeat(60_000);
    let (_, when) = &journey()[1];
    let mut fields = when.clone();
    // Another page's answer, and a field of no page.
    fields.extend([("description", long.as_str()), ("other", junk.as_str())]);
    post(&app, &browser, "/report/when-it-happened", &fields).await;
    let answers: String =
        server::on_db!(&app.pool, |e| sqlx::query_scalar("select answers from draft").fetch_one(e).await)
            .unwrap();
    assert!(!answers.contains("smuggled") && !answers.contains("\"other\""), "unknown fields are not kept");
    assert!(!answers.contains("yyyy"), "a page keeps only its own fields");
    let (_, place) = &journey()[2];
    post(&app, &browser, "/report/where-it-happened", place).await;
    post(&app, &browser, "/report/what-happened", &[("description", long.as_str())]).await;
    let answers: String =
        server::on_db!(&app.pool, |e| sqlx::query_scalar("select answers from draft").fetch_one(e).await)
            .unwrap();
    assert!(answers.len() < 12_000, "the description is kept to twice its limit: {} bytes", answers.len());
    let (_, _, page) = text(&app, &browser, "/report/what-happened").await;
    assert!(page.contains("What happened must be 5000 characters or fewer (you have 10000 characters)"));
}

#[tokio::test]
async fn one_client_may_start_only_so_many_drafts_an_hour() {
    let app = spawn_app_with(&[("PORTAL_NEW_DRAFTS_PER_HOUR", "3")], |r| r).await;
    let (_, suitability) = &journey()[0];
    for _ in 0..3 {
        assert_eq!(
            post(&app, &client(), "/report/suitability", suitability).await.status(),
            StatusCode::SEE_OTHER
        );
    }
    let refused = post(&app, &client(), "/report/suitability", suitability).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = refused.headers()[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!(retry > 60);
    assert!(refused.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
    let page = refused.text().await.unwrap();
    // The page says how long to wait, as the header does (3 an hour: one back every 20 minutes).
    let wait = rules::tracking::minutes_in_words(retry.div_ceil(60) as u32);
    assert!(page.contains(&format!("Wait {wait}, then try again")), "{wait}: {page}");
    assert!(page.contains("You have sent a lot of requests in a short time"), "the site's page");
    assert!(page.contains("call 999"));
    assert_eq!(count(&app, "select count(*) from draft").await, 3);
}

/// The most a draft can hold, in bytes of UTF-8, by the pages' own field lists.
fn largest_draft_bytes() -> usize {
    rules::wizard::Step::ALL
        .iter()
        .flat_map(|s| s.fields())
        .map(|f| (f.name.len() + 4 * f.kept_chars() + 8) * f.max_values)
        .sum()
}

#[tokio::test]
async fn a_flood_of_hostile_drafts_grows_the_database_by_a_bounded_amount() {
    let per_hour = 20;
    let app = spawn_app_with(
        &[("PORTAL_NEW_DRAFTS_PER_HOUR", "20"), ("PORTAL_SUBMIT_RATE_PER_MINUTE", "1000000")],
        |r| r,
    )
    .await;
    let before = database_bytes(&app).await;
    let (_, suitability) = &journey()[0];
    // Four such fields fill most of the 256 KiB body limit once percent-encoded.
    let junk = "\u{1F600}".repeat(4_000);
    let mut suitability = suitability.clone();
    suitability.push(("junk", junk.as_str()));
    // Twice as many drafts as the cap allows, or 4 s of posting, whichever is later.
    let started = std::time::Instant::now();
    let (mut posts, mut refused, mut attempts) = (0, 0, 0);
    while attempts < 2 * per_hour || started.elapsed() < std::time::Duration::from_secs(4) {
        attempts += 1;
        let attacker = client();
        let response = post(&app, &attacker, "/report/suitability", &suitability).await;
        posts += 1;
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            refused += 1;
            continue;
        }
        for (slug, _) in journey().iter().skip(1).take(2) {
            let fields: Vec<(&str, &str)> = ["description", "location", "property-description", "junk"]
                .into_iter()
                .map(|name| (name, junk.as_str()))
                .collect();
            post(&app, &attacker, &format!("/report/{slug}"), &fields).await;
            posts += 1;
        }
    }
    let grew = database_bytes(&app).await - before;
    let drafts = count(&app, "select count(*) from draft").await;
    let bound = per_hour * largest_draft_bytes() as i64 + 256 * 1024;
    println!(
        "hostile posts: {posts} in {:.1} s ({refused} refused 429); drafts made: {drafts}; database grew by {grew} bytes; \
         bound {bound} bytes ({per_hour} drafts x {} bytes at most each, + 256 KiB)",
        started.elapsed().as_secs_f64(),
        largest_draft_bytes()
    );
    assert!(refused > 0, "the flood reached the cap");
    assert_eq!(drafts, per_hour);
    assert!(grew <= bound, "grew {grew} > bound {bound}");
}

/// A draft made by `attacker` and saved, with its resume code.
async fn planted_draft(app: &TestApp, attacker: &reqwest::Client) -> String {
    let (_, suitability) = &journey()[0];
    post(app, attacker, "/report/suitability", suitability).await;
    let saved = post(app, attacker, "/report/when-it-happened", &[("action", "save")]).await;
    let html = follow(app, attacker, saved).await.text().await.unwrap();
    html.split("class=\"resume-code\">").nth(1).and_then(|r| r.split('<').next()).unwrap().to_string()
}

#[tokio::test]
async fn resuming_a_planted_code_shuts_out_whoever_planted_it() {
    let app = spawn_app().await;
    let attacker = client();
    let code = planted_draft(&app, &attacker).await;

    let victim = client();
    let resumed =
        victim.post(app.url("/report/resume")).form(&[("code", code.as_str())]).send().await.unwrap();
    assert_eq!(resumed.status(), StatusCode::SEE_OTHER);
    let (_, when) = &journey()[1];
    post(&app, &victim, "/report/when-it-happened", when).await;
    post(
        &app,
        &victim,
        "/report/where-it-happened",
        &[("location", "What the victim wrote"), ("action", "save")],
    )
    .await;

    // Neither the attacker's code nor their cookie opens the draft any more.
    let again =
        client().post(app.url("/report/resume")).form(&[("code", code.as_str())]).send().await.unwrap();
    assert_eq!(location(&again), "/report/resume", "the code no longer works");
    let (_, _, page) = text(&app, &attacker, "/report/suitability").await;
    assert!(!page.contains("What the victim wrote"));
    let (_, to, _) = text(&app, &attacker, "/report/where-it-happened").await;
    assert_eq!(to, "/report/suitability", "the attacker's cookie no longer opens it");
    // The victim carries on.
    let (_, _, page) = text(&app, &victim, "/report/where-it-happened").await;
    assert!(page.contains("What the victim wrote"));
}

#[tokio::test]
async fn resuming_by_a_planted_link_retires_the_code_and_every_other_link() {
    let app = spawn_app().await;
    let attacker = client();
    let code = planted_draft(&app, &attacker).await;
    let draft_id: i64 = count(&app, "select id from draft").await;
    let expires = server::store::At(chrono::Utc::now() + chrono::Duration::hours(1));
    for token in ["planted-link-one", "planted-link-two"] {
        server::on_db!(&app.pool, |e| sqlx::query(
            "insert into draft_link (token_digest, draft_id, expires_at) values ($1, $2, $3)"
        )
        .bind(server::secrets::digest(token))
        .bind(draft_id)
        .bind(expires)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))
        .unwrap();
    }
    let victim = client();
    victim.get(app.url("/report/resume/planted-link-one")).send().await.unwrap();
    let opened = victim.post(app.url("/report/resume/open")).send().await.unwrap();
    assert_eq!(location(&opened), "/report/when-it-happened");

    let late = client();
    late.get(app.url("/report/resume/planted-link-two")).send().await.unwrap();
    let refused = late.post(app.url("/report/resume/open")).send().await.unwrap();
    let page = follow(&app, &late, refused).await.text().await.unwrap();
    assert!(page.contains("That link has expired or has already been used"));
    let by_code = client();
    let refused =
        by_code.post(app.url("/report/resume")).form(&[("code", code.as_str())]).send().await.unwrap();
    let page = follow(&app, &by_code, refused).await.text().await.unwrap();
    assert!(page.contains("We could not find a saved report with that code"));
}

#[tokio::test]
async fn opening_a_tracking_link_retires_every_other_link_to_the_report() {
    let app = spawn_app().await;
    let (reference, _) = send_report(&app, &client()).await;
    let report_id: i64 =
        server::on_db!(&app.pool, |e| sqlx::query_scalar("select id from report where reference = $1")
            .bind(&reference)
            .fetch_one(e)
            .await)
        .unwrap();
    let expires = server::store::At(chrono::Utc::now() + chrono::Duration::hours(1));
    for token in ["track-link-one", "track-link-two"] {
        server::on_db!(&app.pool, |e| sqlx::query(
            "insert into tracking_link (token_digest, report_id, expires_at) values ($1, $2, $3)"
        )
        .bind(server::secrets::digest(token))
        .bind(report_id)
        .bind(expires)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))
        .unwrap();
    }
    let victim = client();
    victim.get(app.url("/track/link/track-link-one")).send().await.unwrap();
    assert_eq!(location(&victim.post(app.url("/track/open")).send().await.unwrap()), "/track/case");
    let other = client();
    other.get(app.url("/track/link/track-link-two")).send().await.unwrap();
    let refused = other.post(app.url("/track/open")).send().await.unwrap();
    assert_eq!(location(&refused), "/track/open");
    let page = follow(&app, &other, refused).await.text().await.unwrap();
    assert!(page.contains("This link has expired or has already been used"));
}

#[tokio::test]
async fn an_ipv6_64_is_one_client_and_the_proxys_own_line_is_the_one_believed() {
    let vars = [("PORTAL_CLIENT_IP_HEADER", "x-forwarded-for"), ("PORTAL_LOOKUP_RATE_PER_MINUTE", "2")];
    let app = spawn_app_with(&vars, |r| r).await;
    let look_up = |forwarded: Vec<&'static str>| {
        let mut request = client().post(app.url("/track")).form(&[
            ("reference", rules::codes::Reference::generate(&mut rand::rng()).as_str()),
            ("code", "ABCD-EFGH-JKMN"),
        ]);
        for line in forwarded {
            request = request.header("x-forwarded-for", line);
        }
        async move {
            let response = request.send().await.unwrap();
            // A look-up that is answered goes back to the look-up page with the problem.
            if location(&response) == "/track" {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                response.status()
            }
        }
    };
    // Three addresses in one /64: one client. Each time the client claims another address on an
    // earlier line; the proxy's line (the last) is the one counted.
    assert_eq!(look_up(vec!["192.0.2.1", "2001:db8:5:6::1"]).await, 422);
    assert_eq!(look_up(vec!["192.0.2.2", "2001:db8:5:6::2"]).await, 422);
    let third = look_up(vec!["192.0.2.3", "198.51.100.7, 2001:db8:5:6:ffff::3"]).await;
    assert_eq!(third, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(look_up(vec!["2001:db8:5:7::1"]).await, 422, "the next /64 is another client");
}

#[tokio::test]
async fn a_form_too_large_gets_the_sites_page_saying_what_to_do() {
    let app = spawn_app_with(&[("PORTAL_BODY_LIMIT_BYTES", "4096")], |r| r).await;
    let big = "a".repeat(10_000);
    let response =
        client().post(app.url("/report/suitability")).form(&[("danger", big.as_str())]).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(response.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
    let page = response.text().await.unwrap();
    assert!(page.contains("What you sent is too long"));
    assert!(page.contains("up to 4 KB"));
    assert!(page.contains("Exit this page") || page.contains("class=\"header"), "the site's layout");
}

#[tokio::test]
async fn a_busy_database_gets_the_503_page_not_a_500() {
    let app = spawn_app().await;
    let browser = client();
    answer_all(&app, &browser).await;
    // Someone else holds the write lock past the busy timeout.
    // (SQLite: an exclusive transaction; PostgreSQL: the advisory lock every writer takes,
    // which the portal waits for as long as `lock_timeout`, as SQLite waits its busy timeout.)
    let mut holder = app.pool.acquire().await.unwrap();
    server::on_db!(&mut holder, |e, pg| if pg {
        sqlx::query("select pg_advisory_lock($1)").bind(server::store::WRITE_LOCK).execute(e).await
    } else {
        sqlx::query("begin exclusive").execute(e).await
    }
    .map(|r| r.rows_affected()))
    .unwrap();
    let response = post(&app, &browser, "/report/declaration", &[("declaration", "yes")]).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(response.text().await.unwrap().contains("Try again later"));
    server::on_db!(&mut holder, |e, pg| if pg {
        sqlx::query("select pg_advisory_unlock($1)").bind(server::store::WRITE_LOCK).execute(e).await
    } else {
        sqlx::query("rollback").execute(e).await
    }
    .map(|r| r.rows_affected()))
    .unwrap();
    drop(holder);
    // It recovers without a restart, and the report was not half-stored.
    assert_eq!(count(&app, "select count(*) from report").await, 0);
    let sent = post(&app, &browser, "/report/declaration", &[("declaration", "yes")]).await;
    assert_eq!(location(&sent), "/report/confirmation");
}

#[tokio::test]
async fn host_prefixed_cookies_are_removed_with_secure_so_browsers_really_delete_them() {
    let app = spawn_app_with(&[("PORTAL_PUBLIC_URL", "https://report.example.police.uk")], |r| r).await;
    let response = client()
        .post(app.url("/track/sign-out"))
        .header(header::COOKIE, "__Host-portal-track=not-a-session")
        .send()
        .await
        .unwrap();
    let removal = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("__Host-portal-track="))
        .expect("the cookie is removed");
    assert!(removal.contains("Secure") && removal.contains("Path=/"), "{removal}");
    assert!(removal.contains("Max-Age=0"), "{removal}");
}

#[tokio::test]
async fn the_audit_log_keys_its_client_digest_with_a_secret_of_the_service() {
    let app = spawn_app().await;
    let reference = rules::codes::Reference::generate(&mut rand::rng()).to_string();
    client()
        .post(app.url("/track"))
        .form(&[("reference", reference.as_str()), ("code", "ABCD-EFGH-JKMN")])
        .send()
        .await
        .unwrap();
    let digest: Vec<u8> =
        server::on_db!(&app.pool, |e| sqlx::query_scalar("select client_digest from audit_event")
            .fetch_one(e)
            .await)
        .unwrap();
    assert_ne!(digest, server::secrets::digest("127.0.0.1"), "not reversible by trying addresses");
    let key: Vec<u8> = server::on_db!(&app.pool, |e| sqlx::query_scalar(
        "select value from server_secret where name = 'audit'"
    )
    .fetch_one(e)
    .await)
    .unwrap();
    assert_eq!(key.len(), 32);
    let expected = server::track::audit::ClientDigest::of(&key, "127.0.0.1".parse().unwrap());
    assert_eq!(digest, expected.0);
}
