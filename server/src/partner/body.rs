//! Reading a partner's request body: UTF-8 JSON, with no key twice in any object, whose top level
//! is an object. What the object holds is checked against the contract ([`super::contract`]).
//! Anything that cannot be read is a 400 with a message saying what.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::{contract, errors::ApiError};

/// The body checked against the contract: the answers and every problem with their form.
pub fn read(body: &[u8]) -> Result<contract::Checked, ApiError> {
    let text = std::str::from_utf8(body)
        .map_err(|_| ApiError::BadRequest("The request body is not valid UTF-8 text.".into()))?;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = StrictValue
        .deserialize(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value))
        .map_err(|e| ApiError::BadRequest(format!("The request body could not be read as JSON: {e}.")))?;
    contract::check(&value).ok_or_else(|| {
        ApiError::BadRequest(
            "The request body must be a JSON object whose keys are the steps of the report.".into(),
        )
    })
}

/// Any JSON value, refusing a key that appears twice in one object (which JSON leaves open and
/// parsers read differently).
struct StrictValue;

impl<'de> DeserializeSeed<'de> for StrictValue {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictValue {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(StrictValue)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(StrictValue)?;
            if object.contains_key(&key) {
                let short: String = key.chars().take(40).collect();
                return Err(de::Error::custom(format!("the key {short:?} appears twice in one object")));
            }
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use rules::wizard::Step;

    use super::*;

    fn problem(body: &str) -> String {
        match read(body.as_bytes()) {
            Err(ApiError::BadRequest(message)) => message,
            other => panic!("expected a bad request, got {other:?}"),
        }
    }

    #[test]
    fn strings_and_lists_become_the_forms_the_wizard_reads() {
        let checked = read(
            br#"{"suitability": {"danger": "no"}, "evidence": {"footage": ["cctv", "doorbell"], "tracking": "no"}}"#,
        )
        .unwrap();
        let forms = &checked.answers.forms;
        assert_eq!(forms[&Step::Suitability].value("danger"), "no");
        assert_eq!(forms[&Step::Evidence].values("footage"), ["cctv", "doorbell"]);
        assert_eq!(forms.len(), 11, "every step has a form, empty when left out");
        assert!(forms[&Step::Contact].0.is_empty());
        assert!(!forms.contains_key(&Step::Check));
    }

    #[test]
    fn only_text_that_is_not_one_json_object_is_a_bad_request() {
        assert!(problem("{").contains("could not be read"));
        assert!(problem("[]").contains("must be a JSON object"));
        assert!(problem("\"text\"").contains("must be a JSON object"));
        assert!(problem(r#"{"suitability": {}, "suitability": {}}"#).contains("appears twice"));
        assert!(problem(r#"{"suitability": {"danger": "no", "danger": "yes"}}"#).contains("appears twice"));
        assert!(problem(r#"{} {}"#).contains("could not be read"));
        assert_eq!(
            match read(b"{\"suitability\": {\"danger\": \"\xff\"}}") {
                Err(ApiError::BadRequest(m)) => m,
                _ => String::new(),
            },
            "The request body is not valid UTF-8 text."
        );
        // Whatever the object holds is the contract's to judge, with a problem per field.
        let checked = read(br#"{"check-your-answers": {}, "suitability": {"danger": 1}}"#).unwrap();
        let fields: Vec<&str> = checked.problems.iter().map(|p| p.field.as_str()).collect();
        assert!(
            fields.contains(&"check-your-answers") && fields.contains(&"suitability.danger"),
            "{fields:?}"
        );
    }
}
