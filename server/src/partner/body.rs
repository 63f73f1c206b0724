//! Reading a partner's request body into the wizard's answers. The body is an object whose keys
//! are step slugs, each an object of field name → string or list of strings: exactly the names
//! and values the wizard's HTML forms send. Anything else is refused with a message saying what:
//! text that is not UTF-8, JSON that does not parse, unknown steps, other types, keys twice.

use std::{collections::BTreeMap, fmt};

use rules::wizard::{Answers, Form, Step};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::errors::ApiError;

/// The steps a request carries answers for: every question page and the declaration.
pub fn steps() -> impl Iterator<Item = Step> {
    Step::QUESTIONS.iter().copied().chain([Step::Declaration])
}

fn step_for(slug: &str) -> Option<Step> {
    steps().find(|s| s.slug() == slug)
}

/// The answers in `body`, one form for every step (empty for a step the body leaves out, so that
/// its required answers are reported as missing).
pub fn read(body: &[u8]) -> Result<Answers, ApiError> {
    let text = std::str::from_utf8(body)
        .map_err(|_| ApiError::BadRequest("The request body is not valid UTF-8 text.".into()))?;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let mut forms = BodySeed
        .deserialize(&mut deserializer)
        .and_then(|forms| deserializer.end().map(|()| forms))
        .map_err(|e| ApiError::BadRequest(format!("The request body could not be read: {e}.")))?;
    for step in steps() {
        forms.entry(step).or_default();
    }
    Ok(Answers { forms })
}

/// A short, printable version of something the client sent, for a message back to it.
fn quoted(text: &str) -> String {
    let short: String = text.chars().take(40).collect();
    let ellipsis = if short.len() < text.len() { "…" } else { "" };
    format!("{:?}", format!("{short}{ellipsis}"))
}

/// The whole body: steps, each once.
struct BodySeed;

impl<'de> DeserializeSeed<'de> for BodySeed {
    type Value = BTreeMap<Step, Form>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for BodySeed {
    type Value = BTreeMap<Step, Form>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object whose keys are the steps of the report")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut forms = BTreeMap::new();
        while let Some(slug) = map.next_key::<String>()? {
            let Some(step) = step_for(&slug) else {
                let known: Vec<&str> = steps().map(Step::slug).collect();
                return Err(de::Error::custom(format!(
                    "{} is not a step of the report; the steps are {}",
                    quoted(&slug),
                    known.join(", ")
                )));
            };
            let form = map.next_value_seed(FormSeed(step))?;
            if forms.insert(step, form).is_some() {
                return Err(de::Error::custom(format!("the step {slug} appears twice")));
            }
        }
        Ok(forms)
    }
}

/// One step's answers: field names, each once.
struct FormSeed(Step);

impl<'de> DeserializeSeed<'de> for FormSeed {
    type Value = Form;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FormSeed {
    type Value = Form;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "an object of field names and answers for the step {}", self.0.slug())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = BTreeMap::new();
        while let Some(name) = map.next_key::<String>()? {
            let values = map.next_value_seed(ValuesSeed { step: self.0, field: &name })?;
            if fields.insert(name.clone(), values).is_some() {
                return Err(de::Error::custom(format!(
                    "the field {}.{} appears twice; send several answers as a list",
                    self.0.slug(),
                    quoted(&name)
                )));
            }
        }
        Ok(Form(fields))
    }
}

/// One field's answer: a string, or a list of strings (ticked checkboxes).
struct ValuesSeed<'a> {
    step: Step,
    field: &'a str,
}

impl<'de> DeserializeSeed<'de> for ValuesSeed<'_> {
    type Value = Vec<String>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValuesSeed<'_> {
    type Value = Vec<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a string or a list of strings for {}.{}", self.step.slug(), quoted(self.field))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(vec![value.to_string()])
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut values = Vec::new();
        while let Some(value) = seq.next_element_seed(StringSeed(&self))? {
            values.push(value);
        }
        Ok(values)
    }
}

/// One string in a list.
struct StringSeed<'a, 'b>(&'a ValuesSeed<'b>);

impl<'de> DeserializeSeed<'de> for StringSeed<'_, '_> {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_string(self)
    }
}

impl<'de> Visitor<'de> for StringSeed<'_, '_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "only strings in the list for {}.{}", self.0.step.slug(), quoted(self.0.field))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(value.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(body: &str) -> String {
        match read(body.as_bytes()) {
            Err(ApiError::BadRequest(message)) => message,
            other => panic!("expected a bad request, got {other:?}"),
        }
    }

    #[test]
    fn strings_and_lists_become_the_forms_the_wizard_reads() {
        let answers = read(
            br#"{"suitability": {"danger": "no"}, "evidence": {"footage": ["cctv", "doorbell"], "tracking": []}}"#,
        )
        .unwrap();
        assert_eq!(answers.forms[&Step::Suitability].value("danger"), "no");
        assert_eq!(answers.forms[&Step::Evidence].values("footage"), ["cctv", "doorbell"]);
        assert!(answers.forms[&Step::Evidence].values("tracking").is_empty());
        assert_eq!(answers.forms.len(), 11, "every step has a form, empty when left out");
        assert!(answers.forms[&Step::Contact].0.is_empty());
        assert!(!answers.forms.contains_key(&Step::Check));
    }

    #[test]
    fn anything_but_the_expected_shape_is_refused_with_a_reason() {
        assert!(problem("{").contains("could not be read"));
        assert!(problem("[]").contains("an object whose keys are the steps"));
        assert!(problem(r#"{"admin": {}}"#).contains("\"admin\" is not a step"));
        assert!(problem(r#"{"check-your-answers": {}}"#).contains("is not a step"));
        assert!(problem(r#"{"suitability": {"danger": 1}}"#).contains("suitability.\"danger\""));
        assert!(problem(r#"{"suitability": {"danger": null}}"#).contains("a string or a list"));
        assert!(problem(r#"{"evidence": {"footage": ["cctv", 2]}}"#).contains("only strings"));
        assert!(problem(r#"{"evidence": {"footage": [["cctv"]]}}"#).contains("only strings"));
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
    }
}
