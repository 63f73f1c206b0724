//! The partner API's OpenAPI 3.1 document, written by hand: the endpoint, its security scheme,
//! headers, every response and the error envelope. The request's steps are in [`steps`].

mod steps;

use rules::codes::ALPHABET;
use serde_json::{json, Value};

use super::{
    contract::IDEMPOTENCY_KEY_MAX,
    errors::CODES,
    keys::{KEY_PREFIX, KEY_RANDOM_LEN},
};
pub use steps::example_body;

/// The whole document.
pub fn document() -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Report a crime online: partner API",
            "version": "1.0.0",
            "description": "For third-party reporting centres that send a report on a victim's behalf. \
                A report is checked with exactly the rules of the online form, and each partner has \
                its own API key. Every failure is answered with the same error envelope.",
        },
        "paths": {
            "/api/v1/reports": { "post": create_report() },
            "/api/v1/openapi.json": {
                "get": {
                    "operationId": "getOpenApiDocument",
                    "summary": "This document",
                    "security": [],
                    "responses": { "200": { "description": "The OpenAPI document.",
                        "content": { "application/json": { "schema": { "type": "object" } } } } },
                },
            },
        },
        "components": {
            "securitySchemes": {
                "partnerKey": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": format!("The partner's API key, `{KEY_PREFIX}` followed by {KEY_RANDOM_LEN} \
                        characters, given once when the partner is added. `Authorization: Bearer {KEY_PREFIX}…`."),
                },
            },
            "headers": headers(),
            "schemas": schemas(),
        },
    })
}

/// `POST /api/v1/reports`.
fn create_report() -> Value {
    json!({
        "operationId": "createReport",
        "summary": "Send a report on a victim's behalf",
        "description": "Each key is a step of the online form and holds that step's answers, with the \
            form's own field names and values. The request is checked in two ways, and every \
            problem found either way is listed in one 422 `validation_failed`, one entry per \
            field: each answer on its own against this document (its type, choices, length and \
            pattern, whether or not the step asks it with the other answers), and the answers \
            together against the online form's rules (what each field's description says in \
            words: fields required only with some answers, dates today or earlier, a way of \
            contact needing its detail in about-you). The server does not look at Accept: every \
            answer is JSON.",
        "security": [{ "partnerKey": [] }],
        "parameters": [{
            "name": "Idempotency-Key",
            "in": "header",
            "required": false,
            "description": "Makes a retry safe: a request with the same key and the same body gets the \
                same reference and tracking code, and no second report is made. The same key with a \
                different body gets 409. Use a new key, such as a UUID, for each new report.",
            "schema": { "type": "string", "minLength": 1, "maxLength": IDEMPOTENCY_KEY_MAX,
                "pattern": "^[\\x21-\\x7E]+$" },
        }],
        "requestBody": {
            "required": true,
            "content": { "application/json": {
                "schema": { "$ref": "#/components/schemas/ReportRequest" },
                "example": example_body(),
            } },
        },
        "responses": responses(),
    })
}

/// Every answer the endpoint gives: the receipt, and each refusal with the codes it can carry.
fn responses() -> Value {
    let refusal = |description: &str, schema: &str| {
        json!({ "description": description,
            "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } } })
    };
    let mut responses = json!({
        "201": {
            "description": "The report was stored (or, for a retry, had been). The tracking code is \
                given only here: pass it to the victim, who needs it with the reference to follow \
                the report online.",
            "headers": {
                "Idempotent-Replayed": { "$ref": "#/components/headers/Idempotent-Replayed" },
                "Cache-Control": { "$ref": "#/components/headers/Cache-Control" },
            },
            "content": { "application/json": {
                "schema": { "$ref": "#/components/schemas/Receipt" },
                "example": { "reference": "K7Q-M4X-2PC", "tracking_code": "ABCD-EFGH-JKMN" },
            } },
        },
        "400": refusal("`bad_request`: the body is not UTF-8 JSON, not one JSON object, or has a key \
            twice in one object; or the Idempotency-Key header is not 1 to 200 visible ASCII \
            characters, once.", "BadRequest"),
        "401": refusal("`unauthorized`: the API key is missing, malformed, unknown or disabled.", "Unauthorized"),
        "403": refusal("`forbidden`: the request came from a web page on another site (the browser's \
            Sec-Fetch-Site or Origin says so). Servers calling the API are not affected.", "Forbidden"),
        "409": refusal("`idempotency_key_reused`: the Idempotency-Key was used before with another body.",
            "IdempotencyKeyReused"),
        "413": refusal("`payload_too_large`: the body is larger than the service accepts.", "PayloadTooLarge"),
        "415": refusal("`unsupported_media_type`: the body is not sent as `application/json`.",
            "UnsupportedMediaType"),
        "422": refusal("`not_suitable`: the report cannot be made online (someone in danger, fraud, a \
            crime this force does not take online, a child under 16 reporting alone); this comes \
            first, whatever else is wrong. `validation_failed`, with `fields`: answers that do not \
            have the form this document gives them (a key or field it does not list, a wrong type, \
            a value that is not one of the choices, too long, or not of its pattern, a required \
            field missing or empty) or that break the online form's rules (a required-when \
            field missing, a date in the future, a way of contact without its detail), one entry \
            per field.", "Unprocessable"),
        "429": refusal("`rate_limited`: too many requests in a short time; nothing was stored. \
            Retry after the seconds in Retry-After, with the same Idempotency-Key.", "RateLimited"),
        "500": refusal("`internal`, with `incident`: nothing was stored; try again later with the same \
            Idempotency-Key, and quote the incident id if it keeps happening.", "Internal"),
        "503": refusal("`unavailable`: the service is busy or took too long; try again later with the \
            same Idempotency-Key.", "Unavailable"),
    });
    responses["401"]["headers"] =
        json!({ "WWW-Authenticate": { "$ref": "#/components/headers/WWW-Authenticate" } });
    responses["429"]["headers"] = json!({ "Retry-After": { "$ref": "#/components/headers/Retry-After" } });
    responses
}

/// The response headers.
fn headers() -> Value {
    json!({
        "WWW-Authenticate": { "description": "Always `Bearer`.", "required": true,
            "schema": { "type": "string", "enum": ["Bearer"] } },
        "Idempotent-Replayed": {
            "description": "`true` when this answer repeats the one given to an earlier request \
                with the same Idempotency-Key and body; absent otherwise.",
            "schema": { "type": "string", "enum": ["true"] },
        },
        "Retry-After": { "description": "Whole seconds until the next request can be taken.",
            "required": true, "schema": { "type": "integer", "minimum": 1 } },
        "Cache-Control": { "description": "Always `no-store`: the answer holds a tracking code.",
            "required": true, "schema": { "type": "string", "enum": ["no-store"] } },
    })
}

/// The request, the receipt and the error envelopes.
fn schemas() -> Value {
    let group = |size: usize| format!("[{}]{{{size}}}", std::str::from_utf8(ALPHABET).expect("ASCII"));
    let mut schemas = json!({
        "ReportRequest": steps::request_schema(),
        "Receipt": {
            "type": "object",
            "additionalProperties": false,
            "required": ["reference", "tracking_code"],
            "properties": {
                "reference": { "type": "string", "pattern": format!("^{0}-{0}-{0}$", group(3)),
                    "description": "The crime reference number, e.g. K7Q-M4X-2PC." },
                "tracking_code": { "type": "string", "pattern": format!("^{0}-{0}-{0}$", group(4)),
                    "description": "The secret the victim needs to follow the report. Given only here." },
            },
        },
        "FieldProblem": {
            "type": "object",
            "additionalProperties": false,
            "required": ["field", "message", "kind"],
            "properties": {
                "kind": { "type": "string", "enum": ["schema", "rules"],
                    "description": "`schema`: the request does not have the form this document \
                        gives it (a missing or unknown field, a wrong type, choice, length or \
                        pattern): the sending system needs fixing. `rules`: the answers have that \
                        form but break the online form's rules: the victim's answers need correcting." },
                "field": { "type": "string",
                    "description": "`{step}.{field}`, e.g. what-happened.description; a step or an \
                        unknown key alone when the problem is with it (an unknown key or field as \
                        sent, cut to 100 characters)." },
                "message": { "type": "string", "minLength": 1,
                    "description": "What is wrong and what to send, in the online form's words where it has them." },
            },
        },
        "Error": envelope(CODES, &[]),
        "BadRequest": envelope(&["bad_request"], &[]),
        "Unauthorized": envelope(&["unauthorized"], &[]),
        "Forbidden": envelope(&["forbidden"], &[]),
        "IdempotencyKeyReused": envelope(&["idempotency_key_reused"], &[]),
        "PayloadTooLarge": envelope(&["payload_too_large"], &[]),
        "UnsupportedMediaType": envelope(&["unsupported_media_type"], &[]),
        "Unprocessable": { "oneOf": [
            envelope(&["validation_failed"], &["fields"]),
            envelope(&["not_suitable"], &[]),
        ] },
        "RateLimited": envelope(&["rate_limited"], &[]),
        "Internal": envelope(&["internal"], &["incident"]),
        "Unavailable": envelope(&["unavailable"], &[]),
    });
    schemas["Unprocessable"]["example"] = json!({ "error": { "code": "validation_failed",
        "message": "Some answers need correcting before the report can be sent. Each problem is listed in fields.",
        "fields": [{ "field": "what-happened.description", "message": "Enter what happened", "kind": "schema" }] } });
    schemas
}

/// `{"error": {"code", "message", "fields"?, "incident"?}}` with `code` one of `codes`; `fields`
/// and `incident` present exactly when `with` names them.
fn envelope(codes: &[&str], with: &[&str]) -> Value {
    let mut properties = json!({
        "code": { "type": "string", "enum": codes },
        "message": { "type": "string", "minLength": 1, "description": "What went wrong, in plain English." },
    });
    let mut required = vec!["code", "message"];
    if with.contains(&"fields") || codes.len() > 1 {
        properties["fields"] = json!({ "type": "array", "minItems": 1,
            "description": "With validation_failed: each problem.",
            "items": { "$ref": "#/components/schemas/FieldProblem" } });
    }
    if with.contains(&"incident") || codes.len() > 1 {
        properties["incident"] = json!({ "type": "string", "pattern": "^[0-9A-F]{12}$",
            "description": "With internal: quote it to us." });
    }
    required.extend(with);
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["error"],
        "properties": { "error": {
            "type": "object",
            "additionalProperties": false,
            "required": required,
            "properties": properties,
        } },
    })
}

#[cfg(test)]
mod tests {
    use rules::{
        codes::{Reference, SecretCode},
        wizard::Step,
    };

    use super::*;

    #[test]
    fn the_request_schema_names_every_step_the_api_reads_and_requires_them_all() {
        let doc = document();
        let request = &doc["components"]["schemas"]["ReportRequest"];
        let mut expected: Vec<&str> = Vec::new();
        for part in Step::QUESTIONS.iter().map(|s| s.section()).chain([Step::Declaration]) {
            if !expected.contains(&part.slug()) {
                expected.push(part.slug());
            }
        }
        assert_eq!(request["required"], json!(expected));
        for step in expected {
            assert_eq!(request["properties"][step]["additionalProperties"], json!(false), "{step}");
        }
        let example =
            &doc["paths"]["/api/v1/reports"]["post"]["requestBody"]["content"]["application/json"]["example"];
        assert_eq!(example, &example_body());
    }

    /// Whether `value` matches a receipt pattern `^[ALPHABET]{n}-[ALPHABET]{n}-[ALPHABET]{n}$`.
    fn grouped(value: &str, n: usize) -> bool {
        let groups: Vec<&str> = value.split('-').collect();
        groups.len() == 3 && groups.iter().all(|g| g.len() == n && g.bytes().all(|b| ALPHABET.contains(&b)))
    }

    #[test]
    fn the_receipt_patterns_fit_the_codes_we_make() {
        let doc = document();
        let receipt = &doc["components"]["schemas"]["Receipt"]["properties"];
        let letters = std::str::from_utf8(ALPHABET).unwrap();
        assert_eq!(
            receipt["reference"]["pattern"],
            format!("^[{letters}]{{3}}-[{letters}]{{3}}-[{letters}]{{3}}$")
        );
        assert_eq!(
            receipt["tracking_code"]["pattern"],
            format!("^[{letters}]{{4}}-[{letters}]{{4}}-[{letters}]{{4}}$")
        );
        let mut rng = rand::rng();
        for _ in 0..100 {
            assert!(grouped(Reference::generate(&mut rng).as_str(), 3));
            assert!(grouped(SecretCode::generate(&mut rng).expose(), 4));
        }
    }
}
