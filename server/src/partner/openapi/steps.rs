//! The request body's schema, written from the contract ([`crate::partner::contract`]): every
//! step and field, its type, choices, length and form, and which are required; and the example
//! request.

use serde_json::{json, Map, Value};

use crate::partner::contract::{self, Field, Kind, Need, StepFields, TEXT_PATTERN};

/// The whole request body: every step, no other keys.
pub fn request_schema() -> Value {
    let properties: Map<String, Value> =
        contract::steps().iter().map(|s| (s.step.slug().to_string(), step_schema(s))).collect();
    let required: Vec<&str> = contract::steps().iter().map(|s| s.step.slug()).collect();
    json!({
        "type": "object",
        "description": "Each key is a step of the online form. Every step must be sent; a key that \
            is not a step, or a field a step does not have, is refused with 422 naming it.",
        "additionalProperties": false,
        "required": required,
        "properties": properties,
    })
}

fn step_schema(spec: &StepFields) -> Value {
    let properties: Map<String, Value> =
        spec.fields.iter().map(|f| (f.name.clone(), field_schema(f))).collect();
    let required: Vec<&str> = spec.required().map(|f| f.name.as_str()).collect();
    json!({
        "type": "object",
        "description": spec.about,
        "additionalProperties": false,
        "required": required,
        "properties": properties,
    })
}

/// One field: what it takes on its own, and in words when it is required and what else the
/// wizard's rules check.
fn field_schema(field: &Field) -> Value {
    let need = match &field.need {
        Need::Always => "Required, not empty.".to_string(),
        Need::When(condition) => {
            format!("Required when {condition}; otherwise optional. Empty means not answered.")
        }
        Need::Optional => "Optional; empty means not answered.".to_string(),
    };
    let description = format!("{} {need}", field.about);
    let choices = |values: &[&'static str]| {
        let mut values = values.to_vec();
        if field.empty_allowed() {
            values.push("");
        }
        values
    };
    let mut schema = match &field.kind {
        Kind::Text { max } => json!({ "type": "string", "maxLength": max, "pattern": TEXT_PATTERN,
            "description": format!("{description} Up to {max} characters; no control characters but tab, \
                line feed and carriage return. Spaces at either end are ignored.") }),
        Kind::Choice(values) => {
            json!({ "type": "string", "enum": choices(values), "description": description })
        }
        Kind::Choices(values) => {
            let item = json!({ "type": "string", "enum": values });
            let mut list = json!({ "type": "array", "items": item });
            if !field.empty_allowed() {
                list["minItems"] = json!(1);
            }
            json!({ "description": format!("{description} One choice as a string, or a list of choices."),
                "oneOf": [item, list] })
        }
        Kind::Format(form) => {
            let pattern = if field.empty_allowed() {
                format!("^({})?$", form.pattern())
            } else {
                format!("^({})$", form.pattern())
            };
            json!({ "type": "string", "pattern": pattern, "description": format!("{description} {}", form.message()) })
        }
    };
    if let Some(max) = field.max_chars() {
        schema["maxLength"] = json!(max);
    }
    if !field.empty_allowed() && matches!(field.kind, Kind::Text { .. } | Kind::Format(_)) {
        schema["minLength"] = json!(1);
    }
    schema
}

/// A bicycle theft reported by the victim with a reporting centre's help: every step answered.
pub fn example_body() -> Value {
    json!({
        "suitability": { "danger": "no", "crime-type": "bicycle-theft", "reporting-for": "myself", "over-16": "yes" },
        "what-happened": {
            "when-known": "exact", "date-day": "3", "date-month": "2", "date-year": "2025", "time": "",
            "location": "Bike racks outside the library, High Street", "location-postcode": "B1 1BB",
            "description": "My bike was locked up and had gone when I came back.",
        },
        "property": {
            "has-property": "yes", "property-description": "Red Raleigh bike", "property-value": "450",
            "property-identifiers": "Frame WTU123456",
        },
        "suspect": { "suspect-seen": "no" },
        "evidence": { "footage": ["cctv"], "witnesses": "no", "forensic": "not-sure", "tracking": "no" },
        "about-you": {
            "full-name": "Sam Patel", "dob-day": "3", "dob-month": "4", "dob-year": "1990",
            "email": "sam@example.com", "interpreter": "no",
        },
        "your-needs": { "circumstances": ["none"], "support": ["debt"] },
        "support": { "consent-victim-support": "yes", "consent-debt": "no" },
        "your-rights": { "vps": "later", "rights-read": "yes" },
        "contact": { "channels": ["email"], "safe-email": "yes", "frequency": "when-news" },
        "declaration": { "declaration": "yes" },
    })
}
