//! The server's safety promises, checked over real HTTP against a fresh database.

mod support;

use std::time::Duration;

use axum::routing::{get, post};
use reqwest::{header, StatusCode};
use support::{spawn_app, spawn_app_with};

#[tokio::test]
async fn the_start_page_is_served_with_every_security_header() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_string();
    for directive in [
        "default-src 'self'",
        "'wasm-unsafe-eval'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(directive), "CSP lacks {directive}: {csp}");
    }
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(headers[header::REFERRER_POLICY], "same-origin");
    assert!(headers["permissions-policy"].to_str().unwrap().contains("camera=()"));
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    assert!(headers.contains_key("x-request-id"));
    assert!(!headers.contains_key(header::STRICT_TRANSPORT_SECURITY), "no HSTS without TLS");

    let nonce = csp.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a nonce");
    assert!(nonce.len() >= 22, "nonce of at least 128 bits");
    let html = response.text().await.unwrap();
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "the inline script carries the header's nonce");
    assert!(html.contains("Report a crime online"));
    assert!(html.contains("href=\"#main-content\""), "skip link");
}

#[tokio::test]
async fn each_response_gets_a_new_nonce_and_its_own_request_id() {
    let app = spawn_app().await;
    let first = app.client.get(app.url("/")).header("x-request-id", "chosen-by-client").send().await.unwrap();
    let second = app.client.get(app.url("/")).send().await.unwrap();
    assert_ne!(
        first.headers()[header::CONTENT_SECURITY_POLICY],
        second.headers()[header::CONTENT_SECURITY_POLICY]
    );
    assert_ne!(first.headers()["x-request-id"], "chosen-by-client", "ids are ours, never the client's");
    assert_ne!(first.headers()["x-request-id"], second.headers()["x-request-id"]);
}

#[tokio::test]
async fn only_pages_with_an_island_load_the_bundle_and_none_hints_it_to_a_browser_without_javascript() {
    let app = spawn_app().await;
    for (path, has_island) in [
        ("/", true),
        ("/report/suitability", true),
        ("/track", true),
        ("/your-rights", false),
        ("/accessibility", false),
        ("/cookies", false),
        ("/no-such-page", false),
    ] {
        let html = app.client.get(app.url(path)).send().await.unwrap().text().await.unwrap();
        assert_eq!(html.contains("<leptos-island"), has_island, "{path}: islands");
        // Leptos' small inline state scripts are on every page; only the module script fetches.
        let module = html.find("<script type=\"module\"");
        assert_eq!(module.is_some(), has_island, "{path}: the hydration script");
        assert!(!html.contains("<script src"), "{path}: no script file");
        for hint in ["rel=\"preload\"", "rel=\"modulepreload\"", "rel=\"prefetch\""] {
            assert!(!html.contains(hint), "{path}: a {hint} hint is followed even with JavaScript off");
        }
        if let Some(at) = module {
            assert!(html[at..].starts_with("<script type=\"module\" nonce=\""), "{path}: with the nonce");
            assert!(at > html.rfind("<leptos-island").unwrap(), "{path}: after the islands");
        }
    }
}

#[tokio::test]
async fn hsts_is_sent_when_the_public_address_is_https() {
    let app = spawn_app_with(&[("PORTAL_PUBLIC_URL", "https://report.example.police.uk")], |r| r).await;
    let response = app.client.get(app.url("/")).send().await.unwrap();
    assert!(response.headers()[header::STRICT_TRANSPORT_SECURITY].to_str().unwrap().contains("max-age="));
}

#[tokio::test]
async fn a_cross_site_post_is_refused() {
    let app = spawn_app_with(&[], |r| r.route("/echo", post(|| async { "changed" }))).await;
    let cross_site = app
        .client
        .post(app.url("/echo"))
        .header("sec-fetch-site", "cross-site")
        .header("origin", "https://evil.example")
        .body("x=1")
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), StatusCode::FORBIDDEN);
    assert!(cross_site.text().await.unwrap().contains("another website"));

    let old_browser =
        app.client.post(app.url("/echo")).header("origin", "https://evil.example").send().await.unwrap();
    assert_eq!(old_browser.status(), StatusCode::FORBIDDEN, "Origin checked when Sec-Fetch-Site is absent");

    let same_origin = app
        .client
        .post(app.url("/echo"))
        .header("sec-fetch-site", "same-origin")
        .header("origin", format!("http://{}", app.addr))
        .send()
        .await
        .unwrap();
    assert_eq!(same_origin.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_unknown_address_gets_the_not_found_page_with_status_404() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/no-such-page")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(response.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
    let html = response.text().await.unwrap();
    assert!(html.contains("Page not found"));
    assert!(html.contains("class=\"footer\""), "in the site layout");
}

#[tokio::test]
async fn a_failure_shows_the_error_page_with_an_incident_id_and_no_internals() {
    let app =
        spawn_app_with(&[], |r| r.route("/boom", get(|| async { panic!("secret internal detail") as &str })))
            .await;
    let response = app.client.get(app.url("/boom")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert!(response.headers().contains_key(header::CONTENT_SECURITY_POLICY));
    let html = response.text().await.unwrap();
    assert!(html.contains("Sorry, there is a problem with the service"));
    assert!(html.contains("class=\"incident-id\""));
    assert!(!html.contains("secret internal detail"));
}

#[tokio::test]
async fn the_health_check_follows_the_database() {
    let app = spawn_app().await;
    let up = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(up.status(), StatusCode::OK);
    app.pool.close().await;
    let down = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(down.status(), StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn pages_and_static_files_are_compressed() {
    let app = spawn_app().await;
    for (path, encoding) in [("/", "br"), ("/your-rights", "gzip"), ("/pkg/portal.css", "br")] {
        let response =
            app.client.get(app.url(path)).header(header::ACCEPT_ENCODING, encoding).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(response.headers()[header::CONTENT_ENCODING], encoding, "{path}");
    }
}

#[tokio::test]
async fn an_oversized_body_is_refused_with_413() {
    let app =
        spawn_app_with(&[], |r| r.route("/echo", post(|body: String| async move { body.len().to_string() })))
            .await;
    let response = app.client.post(app.url("/echo")).body(vec![b'a'; 1024 * 1024]).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn a_slow_request_times_out_with_the_error_page() {
    let vars = [
        ("PORTAL_REQUEST_TIMEOUT_SECS", "1"),
        ("PORTAL_LOOKUP_DELAY_MS", "100"),
        ("PORTAL_LOOKUP_DELAY_MAX_MS", "500"),
    ];
    let app = spawn_app_with(&vars, |r| {
        r.route("/slow", get(|| async { tokio::time::sleep(Duration::from_secs(5)).await }))
    })
    .await;
    let response = app.client.get(app.url("/slow")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(response.text().await.unwrap().contains("incident number"));
}

#[tokio::test]
async fn shutting_down_lets_a_request_in_flight_finish() {
    let app = spawn_app_with(&[], |r| {
        r.route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_millis(800)).await;
                "finished"
            }),
        )
    })
    .await;
    let in_flight = tokio::spawn({
        let (client, url) = (app.client.clone(), app.url("/slow"));
        async move { client.get(url).send().await?.text().await }
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let pool = app.pool.clone();
    let addr = app.addr;
    app.shut_down().await.expect("clean shutdown");
    assert_eq!(in_flight.await.unwrap().unwrap(), "finished");
    assert!(tokio::net::TcpStream::connect(addr).await.is_err(), "no new connections after shutdown");
    assert!(pool.is_closed());
}

#[tokio::test]
async fn a_client_sending_too_many_reports_is_slowed_down_with_429() {
    let app = spawn_app_with(&[("PORTAL_SUBMIT_RATE_PER_MINUTE", "5")], |r| r).await;
    let mut statuses = Vec::new();
    for _ in 0..7 {
        let response =
            app.client.post(app.url("/report/suitability")).form(&[("danger", "")]).send().await.unwrap();
        statuses.push(response.status());
    }
    // An unanswered first page is shown again with its errors (no draft is made for it).
    assert!(statuses[..5].iter().all(|s| *s == StatusCode::SEE_OTHER), "{statuses:?}");
    assert_eq!(statuses[6], StatusCode::TOO_MANY_REQUESTS);
    let pages = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(pages.status(), StatusCode::OK, "reading is not limited");
}
