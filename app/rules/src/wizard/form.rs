//! Answers exactly as typed, and the problems found with them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One page's answers as sent by the browser: each field name with its values (several for
/// checkboxes). Kept as typed so nothing is lost when an answer is wrong.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Form(pub BTreeMap<String, Vec<String>>);

impl Form {
    /// Builds a form from `(name, value)` pairs, as decoded from a urlencoded body.
    pub fn from_pairs<K: Into<String>, V: Into<String>>(pairs: impl IntoIterator<Item = (K, V)>) -> Self {
        let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (k, v) in pairs {
            map.entry(k.into()).or_default().push(v.into());
        }
        Self(map)
    }

    /// The first value of `name`, or "".
    pub fn value(&self, name: &str) -> &str {
        #[cfg(test)]
        reads::note(name);
        self.0.get(name).and_then(|v| v.first()).map(String::as_str).unwrap_or("")
    }

    /// Every value of `name`.
    pub fn values(&self, name: &str) -> &[String] {
        #[cfg(test)]
        reads::note(name);
        self.0.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Whether `name` has `value` among its values (a ticked checkbox, a chosen radio).
    pub fn has(&self, name: &str, value: &str) -> bool {
        self.values(name).iter().any(|v| v == value)
    }
}

/// In tests: the names of the fields the checks read, to hold each page's list of fields
/// ([`super::Step::fields`]) to what its check uses.
#[cfg(test)]
pub(crate) mod reads {
    use std::{cell::RefCell, collections::BTreeSet};

    thread_local! {
        static READ: RefCell<Option<BTreeSet<String>>> = const { RefCell::new(None) };
    }

    pub fn note(name: &str) {
        READ.with(|r| {
            if let Some(names) = r.borrow_mut().as_mut() {
                names.insert(name.to_string());
            }
        });
    }

    /// The names read while `f` ran.
    pub fn during(f: impl FnOnce()) -> BTreeSet<String> {
        READ.with(|r| *r.borrow_mut() = Some(BTreeSet::new()));
        f();
        READ.with(|r| r.borrow_mut().take().unwrap_or_default())
    }
}

/// A problem with one answer: the field's id (for the error summary's link) and the message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}
