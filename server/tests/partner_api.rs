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
    server::on_db!(&app.pool, |e| sqlx::query_scalar(&format!("select count(*) from {table}"))
        .fetch_one(e)
        .await)
    .unwrap()
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
        server::on_db!(&app.pool, |e| sqlx::query_as(
            "select reference, tracking_code_hash, source from report"
        )
        .fetch_one(e)
        .await)
        .unwrap();
    assert_eq!(stored_reference, reference);
    assert_eq!(source, "partner");
    assert!(server::secrets::verify_code(code, &hash), "the code verifies against the stored hash");
    assert!(!app.stored_anywhere(code).await, "the code itself is nowhere in the database");
    assert!(app.stored_anywhere(reference).await, "(the search finds what is stored)");
    assert_eq!(count(&app, "report_property").await, 1);
    assert_eq!(count(&app, "referral_consent").await, 2);
    assert_eq!(count(&app, "outbox").await, 2);
    let (by, receipt): (String, Option<Vec<u8>>) = server::on_db!(&app.pool, |e| sqlx::query_as(
        "select p.name, s.receipt from partner_submission s join partner p on p.id = s.partner_id",
    )
    .fetch_one(e)
    .await)
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
    body["your-rights"]["rights-read"] = json!("");
    body.as_object_mut().unwrap().remove("declaration");
    let (status, body) = read(post(&app, Some(&key), None, body.to_string()).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(&body), "validation_failed");
    let fields: Vec<(String, String, String)> = body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let text = |k: &str| f[k].as_str().unwrap().to_string();
            (text("field"), text("message"), text("kind"))
        })
        .collect();
    let has = |field: &str, message: &str, kind: &str| {
        fields.iter().any(|(f, m, k)| f == field && m == message && k == kind)
    };
    // Empty or missing where the document requires an answer: a `schema` problem, in the
    // wizard's words. A real date in the future has the document's form: the rules refuse it.
    assert!(has("what-happened.description", "Enter what happened", "schema"), "{fields:?}");
    assert!(
        has("what-happened.date-day", "The date it happened must be today or in the past", "rules"),
        "{fields:?}"
    );
    assert!(has("your-rights.rights-read", "Confirm you have read your rights", "schema"), "{fields:?}");
    assert!(
        has(
            "declaration.declaration",
            "Confirm that the information you have given is true to the best of your knowledge",
            "schema"
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
        b"\"a report\"".to_vec(),
        br#"{"suitability": {"danger": "no", "danger": "yes"}}"#.to_vec(),
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
    for status in ["201", "400", "401", "403", "409", "413", "415", "422", "429", "500", "503"] {
        let response = &operation["responses"][status];
        let schema = response["content"]["application/json"]["schema"]["$ref"].as_str();
        assert!(schema.is_some(), "{status} is described with its JSON body");
    }
    let retry_after = &operation["responses"]["429"]["headers"]["Retry-After"]["$ref"];
    assert_eq!(retry_after, "#/components/headers/Retry-After");
    assert_eq!(doc["components"]["headers"]["Retry-After"]["required"], true);
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
    server::on_db!(&app.pool, |e| sqlx::query("drop table partner_submission")
        .execute(e)
        .await
        .map(|r| r.rows_affected()))
    .unwrap();
    let (status, body) = read(post(&app, Some(&key), None, example_body().to_string()).await).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(error_code(&body), "internal");
    assert_eq!(body["error"]["incident"].as_str().unwrap().len(), 12);
    let text = body.to_string();
    assert!(!text.contains("partner_submission") && !text.contains("no such table"), "{text}");
    assert_eq!(count(&app, "report").await, 0, "the transaction was rolled back");
}

/// Runs the real binary with `args` against the database in `dir`.
async fn portal(dir: &std::path::Path, database: &str, args: &[&str]) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_portal"));
    command
        .args(args)
        .env_clear()
        .env("PORTAL_DATA_DIR", dir)
        .env("DATABASE_URL", database)
        .env("PORTAL_SITE_ROOT", dir);
    tokio::task::spawn_blocking(move || command.output().unwrap()).await.unwrap()
}

#[tokio::test]
async fn a_partner_added_on_the_command_line_can_send_a_report_until_disabled() {
    let dir = tempfile::tempdir().unwrap();
    let url = support::database_url(dir.path());
    let added = portal(dir.path(), &url, &["partner", "add", "test-centre"]).await;
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    let stdout = String::from_utf8(added.stdout).unwrap();
    let key = stdout.lines().last().unwrap().to_string();
    assert!(key.starts_with("pk_") && !key.contains(' '), "the key alone on the last line: {stdout}");
    assert!(stdout.contains("only this once"));

    let app = spawn_app_with(&[("DATABASE_URL", &url)], |routes| routes).await;
    let (status, body) = read(post(&app, Some(&key), None, example_body().to_string()).await).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let digest: Vec<u8> = server::on_db!(&app.pool, |e| sqlx::query_scalar(
        "select key_digest from partner where name = 'test-centre'"
    )
    .fetch_one(e)
    .await)
    .unwrap();
    assert_eq!(digest, server::secrets::digest(&key), "only the key's digest is stored");

    let twice = portal(dir.path(), &url, &["partner", "add", "test-centre"]).await;
    assert_eq!(twice.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&twice.stderr).contains("already a partner called"));
    let disabled = portal(dir.path(), &url, &["partner", "disable", "test-centre"]).await;
    assert!(disabled.status.success());
    let (status, _) = read(post(&app, Some(&key), None, example_body().to_string()).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let unknown = portal(dir.path(), &url, &["partner", "disable", "nobody"]).await;
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

/// An app whose API is not throttled, for tests that send many requests.
async fn unthrottled() -> TestApp {
    spawn_app_with(&[("PORTAL_SUBMIT_RATE_PER_MINUTE", "1000000")], |routes| routes).await
}

/// The `fields` of a 422 `validation_failed`, as `(field, kind)`.
fn problems(body: &Value) -> Vec<(String, String)> {
    assert_eq!(error_code(body), "validation_failed", "{body}");
    body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap().to_string(), f["kind"].as_str().unwrap().to_string()))
        .collect()
}

/// The fields of `body`'s 422 marked as `schema` problems (none for a 201 or a not_suitable).
async fn schema_problems(app: &TestApp, key: &str, body: &Value) -> Vec<String> {
    let (status, answer) = read(post(app, Some(key), None, body.to_string()).await).await;
    match (status, error_code_or_none(&answer)) {
        (StatusCode::CREATED, _) | (StatusCode::UNPROCESSABLE_ENTITY, Some("not_suitable")) => Vec::new(),
        (StatusCode::UNPROCESSABLE_ENTITY, _) => {
            problems(&answer).into_iter().filter(|(_, kind)| kind == "schema").map(|(f, _)| f).collect()
        }
        _ => panic!("{status} {answer} for {body}"),
    }
}

fn error_code_or_none(body: &Value) -> Option<&str> {
    body["error"]["code"].as_str()
}

/// The published document's request schema.
async fn request_schema(app: &TestApp) -> Value {
    let response = app.client.get(app.url("/api/v1/openapi.json")).send().await.unwrap();
    let (_, doc) = read(response).await;
    doc["components"]["schemas"]["ReportRequest"].clone()
}

/// Every `(step, field, schema)` the document lists.
fn document_fields(request: &Value) -> Vec<(String, String, Value)> {
    let mut all = Vec::new();
    for (step, step_schema) in request["properties"].as_object().unwrap() {
        for (field, schema) in step_schema["properties"].as_object().unwrap() {
            all.push((step.clone(), field.clone(), schema.clone()));
        }
    }
    all
}

#[tokio::test]
async fn an_empty_body_gets_422_naming_exactly_the_fields_the_document_requires() {
    let app = spawn_app().await;
    let key = partner(&app, "centre").await;
    let request = request_schema(&app).await;
    let mut required = Vec::new();
    for step in request["required"].as_array().unwrap() {
        let step = step.as_str().unwrap();
        for field in request["properties"][step]["required"].as_array().unwrap() {
            required.push(format!("{step}.{}", field.as_str().unwrap()));
        }
    }
    assert!(required.len() > 20, "{required:?}");
    let (status, body) = read(post(&app, Some(&key), None, "{}").await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let found = problems(&body);
    let named: Vec<&str> = found.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(named, required, "each required field once, in the wizard's order, nothing else");
    assert!(found.iter().all(|(_, kind)| kind == "schema"), "{found:?}");
    assert!(!named.contains(&"suitability.over-16"), "fields required only with some answers are not");
    assert_eq!(count(&app, "report").await, 0);
}

#[tokio::test]
async fn unknown_steps_and_fields_are_refused_alike_whether_text_or_objects() {
    let app = unthrottled().await;
    let key = partner(&app, "centre").await;
    for value in [json!("text"), json!({ "an": "object" }), json!(["a", "list"]), json!(null), json!(7)] {
        let mut body = example_body();
        body["suitability"]["favourite-colour"] = value.clone();
        body["admin"] = value.clone();
        let (status, answer) = read(post(&app, Some(&key), None, body.to_string()).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{value}: {answer}");
        let found = problems(&answer);
        let expected = [("suitability.favourite-colour", "schema"), ("admin", "schema")];
        let found: Vec<(&str, &str)> = found.iter().map(|(f, k)| (f.as_str(), k.as_str())).collect();
        assert_eq!(found, expected, "{value}");
        let messages = answer["error"]["fields"].to_string();
        assert!(
            messages.contains("Not a field of this step") && messages.contains("Not a step"),
            "{messages}"
        );
    }
    assert_eq!(count(&app, "report").await, 0);
}

/// A value the document's pattern `^(...)$` for `field` cannot match: nothing starts with `!`.
const NEVER_A_FORM: &str = "!";

#[tokio::test]
async fn the_documents_required_fields_lengths_choices_and_types_are_what_the_server_enforces() {
    let app = unthrottled().await;
    let key = partner(&app, "centre").await;
    let request = request_schema(&app).await;
    // A base that the rules always refuse for a reason of its own (the declaration), so that no
    // variation is stored: only the field under test may change which `schema` problems there are.
    let mut base = example_body();
    base["declaration"]["declaration"] = json!("no");
    let base_problems = schema_problems(&app, &key, &base).await;
    assert_eq!(base_problems, ["declaration.declaration"]);
    let with = |step: &str, field: &str, value: Value| {
        let mut body = base.clone();
        body[step][field] = value;
        body
    };
    let mut checked = 0;
    for (step, field, schema) in document_fields(&request) {
        if step == "declaration" {
            continue;
        }
        let path = format!("{step}.{field}");
        let named = |found: &[String]| found.contains(&path);
        // Any field sent as a number is refused, by name.
        assert!(
            named(&schema_problems(&app, &key, &with(&step, &field, json!(1))).await),
            "{path} as a number"
        );
        // Left out: refused exactly when the document requires it.
        let mut without = base.clone();
        without[&step].as_object_mut().unwrap().remove(&field);
        let required = request["properties"][&step]["required"].as_array().unwrap().contains(&json!(field));
        assert_eq!(named(&schema_problems(&app, &key, &without).await), required, "{path} left out");
        // Every choice is taken; anything else is refused.
        let choices = schema["enum"].as_array().or_else(|| schema["oneOf"][0]["enum"].as_array());
        if let Some(choices) = choices {
            for choice in choices {
                let found = schema_problems(&app, &key, &with(&step, &field, choice.clone())).await;
                assert!(!named(&found), "{path} refused the choice {choice}: {found:?}");
            }
            let found = schema_problems(&app, &key, &with(&step, &field, json!("not-a-choice"))).await;
            assert!(named(&found), "{path} took a value that is not a choice");
            if schema["oneOf"].is_array() {
                let found = schema_problems(&app, &key, &with(&step, &field, json!([choices[0]]))).await;
                assert!(!named(&found), "{path} refused a list");
                let found = schema_problems(&app, &key, &with(&step, &field, json!([]))).await;
                assert_eq!(named(&found), schema["oneOf"][1]["minItems"] == 1, "{path} as an empty list");
            } else {
                let found = schema_problems(&app, &key, &with(&step, &field, json!([choices[0]]))).await;
                assert!(named(&found), "{path} took a list for a single answer");
            }
        }
        // The longest answer is taken and one more character is not.
        if let Some(max) = schema["maxLength"].as_u64() {
            let max = max as usize;
            let (longest, too_long) = if field.contains("email") {
                let domain = |n: usize| format!("{}.cc", "b".repeat(n - 64 - 1 - 3));
                (
                    format!("{}@{}", "a".repeat(64), domain(max)),
                    format!("{}@{}", "a".repeat(64), domain(max + 1)),
                )
            } else {
                ("é".repeat(max), "é".repeat(max + 1))
            };
            let answer =
                read(post(&app, Some(&key), None, with(&step, &field, json!(longest)).to_string()).await)
                    .await
                    .1;
            let named_at_all =
                answer["error"]["fields"].as_array().is_some_and(|f| f.iter().any(|p| p["field"] == path));
            assert!(!named_at_all, "{path} refused {max} characters: {answer}");
            let found = schema_problems(&app, &key, &with(&step, &field, json!(too_long))).await;
            assert!(named(&found), "{path} took {} characters", max + 1);
        }
        // A free-text answer takes tabs and line breaks, never other control characters.
        if schema["pattern"].as_str().is_some_and(|p| p.starts_with("^[^")) {
            let found = schema_problems(&app, &key, &with(&step, &field, json!("a\tb\r\nc"))).await;
            assert!(!named(&found), "{path} refused tabs and line breaks");
            for control in ["\u{0}", "\u{7}", "\u{1b}", "\u{7f}", "\u{85}"] {
                let found =
                    schema_problems(&app, &key, &with(&step, &field, json!(format!("a{control}")))).await;
                assert!(named(&found), "{path} took {control:?}");
            }
        } else if schema["pattern"].is_string() {
            let found = schema_problems(&app, &key, &with(&step, &field, json!(NEVER_A_FORM))).await;
            assert!(named(&found), "{path} took {NEVER_A_FORM:?} against its pattern");
            let empty_allowed = schema["pattern"].as_str().unwrap().ends_with(")?$");
            let found = schema_problems(&app, &key, &with(&step, &field, json!(""))).await;
            assert_eq!(named(&found), !empty_allowed, "{path} empty");
        }
        checked += 1;
    }
    assert!(checked > 60, "{checked} fields checked");
    assert_eq!(count(&app, "report").await, 0);
}

#[tokio::test]
async fn over_the_limit_the_api_answers_429_with_its_envelope_and_retry_after_per_partner_key() {
    let app = spawn_app_with(&[("PORTAL_SUBMIT_RATE_PER_MINUTE", "2")], |routes| routes).await;
    let busy = partner(&app, "busy centre").await;
    let other = partner(&app, "other centre").await;
    for _ in 0..2 {
        let (status, _) = read(post(&app, Some(&busy), None, "{}").await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    for _ in 0..5 {
        let response = post(&app, Some(&busy), None, example_body().to_string()).await;
        let retry_after: u64 = response.headers()[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
        assert!((1..=60).contains(&retry_after), "{retry_after}");
        let (status, body) = read(response).await;
        assert_eq!((status, error_code(&body)), (StatusCode::TOO_MANY_REQUESTS, "rate_limited"));
        assert!(body["error"]["message"].as_str().unwrap().contains("second"));
    }
    // Another partner behind the same address has its own limit, untouched by the first one's.
    for _ in 0..2 {
        let (status, _) = read(post(&app, Some(&other), None, "{}").await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    // Calls without a key are limited per address.
    for expected in [StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED, StatusCode::TOO_MANY_REQUESTS] {
        let (status, _) = read(post(&app, None, None, "{}").await).await;
        assert_eq!(status, expected);
    }
    assert_eq!(count(&app, "report").await, 0);
}

#[tokio::test]
async fn made_up_keys_from_one_address_cannot_escape_the_limits() {
    let app = spawn_app_with(&[("PORTAL_SUBMIT_RATE_PER_MINUTE", "2")], |routes| routes).await;
    let address_limit = 2 * server::web::rate_limit::PARTNERS_PER_ADDRESS as usize;
    for _ in 0..address_limit {
        let made_up = keys::ApiKey::generate().expose().to_string();
        let (status, _) = read(post(&app, Some(&made_up), None, "{}").await).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let made_up = keys::ApiKey::generate().expose().to_string();
    let response = post(&app, Some(&made_up), None, "{}").await;
    assert!(response.headers().contains_key(header::RETRY_AFTER));
    let (status, body) = read(response).await;
    assert_eq!((status, error_code(&body)), (StatusCode::TOO_MANY_REQUESTS, "rate_limited"));
    // That address has used up what keyed calls from one address may make, real keys included.
    let real = partner(&app, "centre").await;
    let (status, _) = read(post(&app, Some(&real), None, "{}").await).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}
