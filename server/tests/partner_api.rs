//! The partner API over real HTTP: reporting centres send a report on a victim's behalf with
//! their own API key, checked with the wizard's rules, safe to retry.

mod support;

use std::process::Command;

use reqwest::{header, Response, StatusCode};
use rules::codes::Reference;
use serde_json::{json, Value};
use server::partner::{keys, openapi::example_body};
use support::{spawn_app, spawn_app_with, TestApp};

const REPORTS: &str = "/api/v1/reports";

/// Adds a partner straight into the database and returns its key.
async fn partner(app: &TestApp, name: &str) -> String {
    keys::add(&app.pool, name, chrono::Utc::now()).await.unwrap().expose().to_string()
}

/// Posts `body` as JSON to the reports endpoint, with `key` as the bearer token if given.
async fn post(
    app: &TestApp,
    key: Option<&str>,
    idempotency_key: Option<&str>,
    body: impl Into<reqwest::Body>,
) -> Response {
    let mut request =
        app.client.post(app.url(REPORTS)).header(header::CONTENT_TYPE, "application/json").body(body);
    if let Some(key) = key {
        request = request.header(header::AUTHORIZATION, format!("Bearer {key}"));
    }
    if let Some(idempotency_key) = idempotency_key {
        request = request.header("idempotency-key", idempotency_key);
    }
    request.send().await.unwrap()
}

/// The status and the JSON body.
async fn read(response: Response) -> (StatusCode, Value) {
    let status = response.status();
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json", "{status}");
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}")))
}

/// The example with `step.field` replaced by `value`.
fn example_with(step: &str, field: &str, value: &str) -> String {
    let mut body = example_body();
    body[step][field] = json!(value);
    body.to_string()
}

async fn count(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar(&format!("select count(*) from {table}")).fetch_one(&app.pool).await.unwrap()
}

fn error_code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_else(|| panic!("no error envelope: {body}"))
}

#[tokio::test]
async fn a_partner_sends_a_report_and_gets_a_reference_and_a_tracking_code() {
    let app = spawn_app().await;
    let key = partner(&app, "Midshire Victim Hub").await;
    let response = post(&app, Some(&key), None, example_body().to_string()).await;
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store", "the tracking code is never cached");
    let (status, body) = read(response).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let reference = body["reference"].as_str().unwrap();
    assert!(Reference::parse(reference).is_ok(), "{reference}");
    let code = body["tracking_code"].as_str().unwrap();

    let (stored_reference, hash, source): (String, String, String) =
        sqlx::query_as("select reference, tracking_code_hash, source from report")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(stored_reference, reference);
    assert_eq!(source, "partner");
    assert!(server::secrets::verify_code(code, &hash), "the code verifies against the stored hash");
    assert!(!hash.contains(code));
    assert_eq!(count(&app, "report_property").await, 1);
    assert_eq!(count(&app, "referral_consent").await, 2);
    assert_eq!(count(&app, "outbox").await, 2);
    let (by, receipt): (String, Option<Vec<u8>>) = sqlx::query_as(
        "select p.name, s.receipt from partner_submission s join partner p on p.id = s.partner_id",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(by, "Midshire Victim Hub", "the report names the partner that sent it");
    assert_eq!(receipt, None, "without an Idempotency-Key no code is kept");
}

#[tokio::test]
async fn requests_without_a_valid_enabled_key_are_refused_with_401() {
    let app = spawn_app().await;
    let key = partner(&app, "centre").await;
    let other = keys::ApiKey::generate().expose().to_string();
    let body = example_body().to_string();
    let basic = app
        .client
        .post(app.url(REPORTS))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Basic {key}"))
        .body(body.clone())
        .send()
        .await
        .unwrap();
    let mut refused = vec![
        post(&app, None, None, body.clone()).await,
        post(&app, Some("not-a-key"), None, body.clone()).await,
        post(&app, Some(&other), None, body.clone()).await,
        basic,
    ];
    assert_eq!(keys::disable(&app.pool, "centre", chrono::Utc::now()).await.unwrap(), keys::Disabled::Now);
    refused.push(post(&app, Some(&key), None, body.clone()).await);
    for response in refused {
        assert_eq!(response.headers()[header::WWW_AUTHENTICATE], "Bearer");
        let (status, body) = read(response).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(error_code(&body), "unauthorized");
        assert!(body["error"]["message"].as_str().unwrap().contains("API key"));
    }
    assert_eq!(count(&app, "report").await, 0);
}

#[tokio::test]
async fn wrong_answers_get_a_422_with_each_fields_problem_in_the_wizards_words() {
    let app = spawn_app().await;
    let key = partner(&app, "centre").await;
    let mut body = example_body();
    body["what-happened"]["description"] = json!("");
    body["what-happened"]["date-year"] = json!("2999");
    body["your-rights"]["rights-read"] = json!([]);
    body.as_object_mut().unwrap().remove("declaration");
    let (status, body) = read(post(&app, Some(&key), None, body.to_string()).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(&body), "validation_failed");
    let fields: Vec<(String, String)> = body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap().into(), f["message"].as_str().unwrap().into()))
        .collect();
    let has = |field: &str, message: &str| fields.iter().any(|(f, m)| f == field && m == message);
    assert!(has("what-happened.description", "Enter what happened"), "{fields:?}");
    assert!(has("what-happened.date-day", "The date it happened must be today or in the past"), "{fields:?}");
    assert!(has("your-rights.rights-read", "Confirm you have read your rights"), "{fields:?}");
    assert!(
        has(
            "declaration.declaration",
            "Confirm that the information you have given is true to the best of your knowledge"
        ),
        "{fields:?}"
    );
    assert_eq!(fields.len(), 4, "{fields:?}");
    assert_eq!(count(&app, "report").await, 0);
}

#[tokio::test]
async fn someone_in_danger_is_not_suitable_and_nothing_is_stored() {
    let app = spawn_app().await;
    let key = partner(&app, "centre").await;
    let (status, body) =
        read(post(&app, Some(&key), None, example_with("suitability", "danger", "yes")).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(&body), "not_suitable");
    assert!(body["error"]["message"].as_str().unwrap().contains("Call 999"));
    assert!(body["error"].get("fields").is_none());
    let (_, fraud) =
        read(post(&app, Some(&key), None, example_with("suitability", "crime-type", "fraud")).await).await;
    assert_eq!(error_code(&fraud), "not_suitable");
    assert_eq!(count(&app, "report").await, 0);
}

#[tokio::test]
async fn bodies_that_are_not_the_expected_json_get_a_400_envelope() {
    let app = spawn_app().await;
    let key = partner(&app, "centre").await;
    let bad: Vec<Vec<u8>> = vec![
        b"{\"suitability\": ".to_vec(),
        b"[1, 2]".to_vec(),
        br#"{"check-your-answers": {}}"#.to_vec(),
        br#"{"suitability": {"danger": false}}"#.to_vec(),
        b"{\"suitability\": {\"danger\": \"\xff\xfe\"}}".to_vec(),
        Vec::new(),
    ];
    for body in bad {
        let (status, envelope) = read(post(&app, Some(&key), None, body).await).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{envelope}");
        assert_eq!(error_code(&envelope), "bad_request");
        assert!(!envelope["error"]["message"].as_str().unwrap().is_empty());
    }
    let (status, envelope) =
        read(post(&app, Some(&key), Some("has space"), example_body().to_string()).await).await;
    assert_eq!((status, error_code(&envelope)), (StatusCode::BAD_REQUEST, "bad_request"));
    let too_long = "k".repeat(201);
    let (status, _) = read(post(&app, Some(&key), Some(&too_long), example_body().to_string()).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let form = app
        .client
        .post(app.url(REPORTS))
        .header(header::AUTHORIZATION, format!("Bearer {key}"))
        .form(&[("danger", "no")])
        .send()
        .await
        .unwrap();
    let (status, envelope) = read(form).await;
    assert_eq!(
        (status, error_code(&envelope)),
        (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
    );
    assert_eq!(count(&app, "report").await, 0);
}

#[tokio::test]
async fn a_retry_with_the_same_idempotency_key_gets_the_same_answer_and_makes_one_report() {
    let app = spawn_app().await;
    let key = partner(&app, "centre").await;
    let body = example_body().to_string();
    let first = post(&app, Some(&key), Some("8d0c5d1e-retry"), body.clone()).await;
    assert!(first.headers().get("idempotent-replayed").is_none());
    let (status, first) = read(first).await;
    assert_eq!(status, StatusCode::CREATED);
    let again = post(&app, Some(&key), Some("8d0c5d1e-retry"), body.clone()).await;
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let (status, again) = read(again).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(first, again, "the same reference and the same tracking code");
    assert_eq!(count(&app, "report").await, 1);

    let other_partner = partner(&app, "another centre").await;
    let (status, theirs) = read(post(&app, Some(&other_partner), Some("8d0c5d1e-retry"), body).await).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_ne!(theirs["reference"], first["reference"], "keys belong to one partner");
    assert_eq!(count(&app, "report").await, 2);
}

#[tokio::test]
async fn the_same_idempotency_key_with_a_different_body_is_a_409() {
    let app = spawn_app().await;
    let key = partner(&app, "centre").await;
    let (status, _) = read(post(&app, Some(&key), Some("once"), example_body().to_string()).await).await;
    assert_eq!(status, StatusCode::CREATED);
    let changed = example_with("property", "property-value", "500");
    let (status, body) = read(post(&app, Some(&key), Some("once"), changed).await).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error_code(&body), "idempotency_key_reused");
    assert_eq!(count(&app, "report").await, 1);
}

#[tokio::test]
async fn two_identical_requests_at_once_with_one_key_make_one_report() {
    let app = spawn_app().await;
    let key = partner(&app, "centre").await;
    let body = example_body().to_string();
    let (a, b) = tokio::join!(
        post(&app, Some(&key), Some("at-once"), body.clone()),
        post(&app, Some(&key), Some("at-once"), body.clone()),
    );
    let ((status_a, a), (status_b, b)) = (read(a).await, read(b).await);
    assert_eq!((status_a, status_b), (StatusCode::CREATED, StatusCode::CREATED), "{a} {b}");
    assert_eq!(a, b);
    assert_eq!(count(&app, "report").await, 1);
    assert_eq!(count(&app, "partner_submission").await, 1);
}

#[tokio::test]
async fn the_openapi_document_is_3_1_and_its_example_request_is_accepted() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/api/v1/openapi.json")).send().await.unwrap();
    let (status, doc) = read(response).await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let operation = &doc["paths"]["/api/v1/reports"]["post"];
    assert_eq!(operation["security"][0]["partnerKey"], json!([]));
    assert_eq!(doc["components"]["securitySchemes"]["partnerKey"]["scheme"], "bearer");
    for status in ["201", "400", "401", "409", "422", "500"] {
        assert!(operation["responses"].get(status).is_some(), "{status} is not described");
    }
    assert!(operation["parameters"].as_array().unwrap().iter().any(|p| p["name"] == "Idempotency-Key"));
    let example = operation["requestBody"]["content"]["application/json"]["example"].to_string();
    let key = partner(&app, "centre").await;
    let (status, body) = read(post(&app, Some(&key), None, example).await).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

#[tokio::test]
async fn other_addresses_and_methods_under_the_api_get_the_envelope() {
    let app = spawn_app().await;
    let (status, body) = read(app.client.get(app.url("/api/v1/nothing-here")).send().await.unwrap()).await;
    assert_eq!((status, error_code(&body)), (StatusCode::NOT_FOUND, "not_found"));
    let response = app.client.get(app.url(REPORTS)).send().await.unwrap();
    assert_eq!(response.headers()[header::ALLOW], "POST");
    let (status, body) = read(response).await;
    assert_eq!((status, error_code(&body)), (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"));
}

#[tokio::test]
async fn a_database_failure_is_a_500_with_an_incident_id_and_nothing_stored() {
    let app = spawn_app().await;
    let key = partner(&app, "centre").await;
    sqlx::query("drop table partner_submission").execute(&app.pool).await.unwrap();
    let (status, body) = read(post(&app, Some(&key), None, example_body().to_string()).await).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(error_code(&body), "internal");
    assert_eq!(body["error"]["incident"].as_str().unwrap().len(), 12);
    let text = body.to_string();
    assert!(!text.contains("partner_submission") && !text.contains("no such table"), "{text}");
    assert_eq!(count(&app, "report").await, 0, "the transaction was rolled back");
}

/// Runs the real binary with `args` against the database in `dir`.
async fn portal(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_portal"));
    command
        .args(args)
        .env_clear()
        .env("PORTAL_DATA_DIR", dir)
        .env("DATABASE_URL", format!("sqlite://{}", dir.join("portal.db").display()))
        .env("PORTAL_SITE_ROOT", dir);
    tokio::task::spawn_blocking(move || command.output().unwrap()).await.unwrap()
}

#[tokio::test]
async fn a_partner_added_on_the_command_line_can_send_a_report_until_disabled() {
    let dir = tempfile::tempdir().unwrap();
    let added = portal(dir.path(), &["partner", "add", "test-centre"]).await;
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    let stdout = String::from_utf8(added.stdout).unwrap();
    let key = stdout.lines().last().unwrap().to_string();
    assert!(key.starts_with("pk_") && !key.contains(' '), "the key alone on the last line: {stdout}");
    assert!(stdout.contains("only this once"));

    let url = format!("sqlite://{}", dir.path().join("portal.db").display());
    let app = spawn_app_with(&[("DATABASE_URL", &url)], |routes| routes).await;
    let (status, body) = read(post(&app, Some(&key), None, example_body().to_string()).await).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let digest: Vec<u8> = sqlx::query_scalar("select key_digest from partner where name = 'test-centre'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(digest, server::secrets::digest(&key), "only the key's digest is stored");

    let twice = portal(dir.path(), &["partner", "add", "test-centre"]).await;
    assert_eq!(twice.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&twice.stderr).contains("already a partner called"));
    let disabled = portal(dir.path(), &["partner", "disable", "test-centre"]).await;
    assert!(disabled.status.success());
    let (status, _) = read(post(&app, Some(&key), None, example_body().to_string()).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let unknown = portal(dir.path(), &["partner", "disable", "nobody"]).await;
    assert_eq!(unknown.status.code(), Some(1));
}

#[tokio::test]
async fn refusals_by_the_outer_layers_also_use_the_envelope() {
    let app = spawn_app().await;
    let key = partner(&app, "centre").await;
    let cross_site = app
        .client
        .post(app.url(REPORTS))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {key}"))
        .header("sec-fetch-site", "cross-site")
        .header("origin", "https://evil.example")
        .body(example_body().to_string())
        .send()
        .await
        .unwrap();
    let (status, body) = read(cross_site).await;
    assert_eq!((status, error_code(&body)), (StatusCode::FORBIDDEN, "forbidden"));
    let (status, body) = read(post(&app, Some(&key), None, vec![b' '; 1024 * 1024]).await).await;
    assert_eq!((status, error_code(&body)), (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"));
}
