//! The partner API's OpenAPI 3.1 document, written by hand: the endpoint, its security scheme,
//! headers, every response and the error envelope. The request's steps are in [`steps`].

mod steps;

use serde_json::{json, Value};

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
                    "description": "The partner's API key, `pk_` followed by 43 characters, given once \
                        when the partner is added. `Authorization: Bearer pk_…`.",
                },
            },
            "headers": {
                "WWW-Authenticate": { "description": "Always `Bearer`.", "schema": { "type": "string" } },
                "Idempotent-Replayed": {
                    "description": "`true` when this answer repeats the one given to an earlier request \
                        with the same Idempotency-Key and body.",
                    "schema": { "type": "string", "enum": ["true"] },
                },
            },
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
            form's own field names and values. A step left out counts as unanswered. Answers that \
            break the form's rules get 422 `validation_failed` with one entry per problem.",
        "security": [{ "partnerKey": [] }],
        "parameters": [{
            "name": "Idempotency-Key",
            "in": "header",
            "required": false,
            "description": "Makes a retry safe: a request with the same key and the same body gets the \
                same reference and tracking code, and no second report is made. The same key with a \
                different body gets 409. Use a new key, such as a UUID, for each new report.",
            "schema": { "type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[\\x21-\\x7E]+$" },
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

/// Every answer the endpoint gives.
fn responses() -> Value {
    let error = |description: &str| {
        json!({ "description": description,
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } })
    };
    json!({
        "201": {
            "description": "The report was stored (or, for a retry, had been). The tracking code is \
                given only here: pass it to the victim, who needs it with the reference to follow \
                the report online.",
            "headers": { "Idempotent-Replayed": { "$ref": "#/components/headers/Idempotent-Replayed" } },
            "content": { "application/json": {
                "schema": { "$ref": "#/components/schemas/Receipt" },
                "example": { "reference": "K7Q-M4X-2PC", "tracking_code": "ABCD-EFGH-JKMN" },
            } },
        },
        "400": error("`bad_request`: the body is not UTF-8 JSON of the expected shape (an unknown \
            step, a value that is not a string or a list of strings, a key twice), or the \
            Idempotency-Key header is not 1 to 200 visible ASCII characters."),
        "401": {
            "description": "`unauthorized`: the API key is missing, malformed, unknown or disabled.",
            "headers": { "WWW-Authenticate": { "$ref": "#/components/headers/WWW-Authenticate" } },
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } },
        },
        "409": error("`idempotency_key_reused`: the Idempotency-Key was used before with another body."),
        "413": error("`payload_too_large`: the body is larger than the service accepts."),
        "415": error("`unsupported_media_type`: the body is not sent as `application/json`."),
        "422": error("`validation_failed` (with `fields`): answers break the form's rules. \
            `not_suitable`: the report cannot be made online (someone in danger, fraud, a crime \
            this force does not take online, a child under 16 reporting alone)."),
        "500": error("`internal` (with `incident`): nothing was stored; try again later, and quote \
            the incident id if it keeps happening."),
    })
}

/// The request, the receipt and the error envelope.
fn schemas() -> Value {
    json!({
        "ReportRequest": steps::request_schema(),
        "Receipt": {
            "type": "object",
            "required": ["reference", "tracking_code"],
            "properties": {
                "reference": { "type": "string", "description": "The crime reference number, e.g. K7Q-M4X-2PC." },
                "tracking_code": { "type": "string",
                    "description": "The secret the victim needs to follow the report. Given only here." },
            },
        },
        "Error": error_schema(),
        "FieldProblem": {
            "type": "object",
            "required": ["field", "message"],
            "properties": {
                "field": { "type": "string", "description": "`{step}.{field}`, e.g. what-happened.description." },
                "message": { "type": "string", "description": "The form's own message for the problem." },
            },
        },
    })
}

/// `{"error": {"code", "message", "fields"?, "incident"?}}`.
fn error_schema() -> Value {
    json!({
        "type": "object",
        "required": ["error"],
        "properties": { "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": { "type": "string", "enum": ["unauthorized", "bad_request", "validation_failed",
                    "not_suitable", "idempotency_key_reused", "payload_too_large",
                    "unsupported_media_type", "not_found", "method_not_allowed", "internal"] },
                "message": { "type": "string", "description": "What went wrong, in plain English." },
                "fields": { "type": "array", "description": "With validation_failed: each problem.",
                    "items": { "$ref": "#/components/schemas/FieldProblem" } },
                "incident": { "type": "string", "description": "With internal: quote it to us." },
            },
        } },
        "example": { "error": { "code": "validation_failed",
            "message": "Some answers need correcting before the report can be sent. Each problem is listed in fields.",
            "fields": [{ "field": "what-happened.description", "message": "Enter what happened" }] } },
    })
}

#[cfg(test)]
mod tests {
    use super::{super::body::steps, *};

    #[test]
    fn the_request_schema_names_every_step_the_api_reads() {
        let doc = document();
        let steps_in_schema = &doc["components"]["schemas"]["ReportRequest"]["properties"];
        for step in steps() {
            assert!(steps_in_schema.get(step.slug()).is_some(), "{} is missing", step.slug());
        }
        let example =
            &doc["paths"]["/api/v1/reports"]["post"]["requestBody"]["content"]["application/json"]["example"];
        assert_eq!(example, &example_body());
    }
}
