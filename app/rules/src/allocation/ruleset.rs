//! The allocation rules as data: thresholds, crime-type routing and the words that suggest
//! continuing danger, in a versioned TOML file shipped with defaults. A bad file stops start-up
//! with a message naming the line and the problem; every decision records the version.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::Team;
use crate::wizard::CrimeType;

/// The rules shipped with the portal.
pub const DEFAULT_RULES: &str = include_str!("../../data/allocation-rules.toml");

/// A parsed, checked rule set.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    /// Recorded with every decision, e.g. "2026-11-28.1".
    pub version: String,
    pub filing: Filing,
    pub thresholds: Thresholds,
    /// The team that investigates each crime type when no other rule applies.
    pub routing: BTreeMap<CrimeType, Team>,
    /// Words in the free text that suggest continuing danger: a person looks at once.
    pub danger_words: Vec<String>,
    /// Victims' Code deadline periods (defaults from the 2020 Code).
    #[serde(default)]
    pub deadlines: crate::deadlines::Periods,
    /// Non-working days to add to the shipped bank holidays (e.g. a one-off holiday).
    #[serde(default)]
    pub extra_bank_holidays: Vec<chrono::NaiveDate>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filing {
    /// Whether a clear-cut filing at source is decided automatically (true) or proposed for staff
    /// to confirm (false, the default).
    pub automatic: bool,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// Property worth at least this much (pence) goes for in-depth investigation (CID).
    pub high_value_pence: u64,
    /// Victims at least this old who are targeted again and again go to CID.
    pub older_victim_age: u32,
    /// A report made within this many hours of the crime is recent enough to act on.
    pub recent_hours: u32,
}

/// Why a rules file cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("allocation rules, line {line}: {problem}")]
pub struct RuleSetError {
    pub line: usize,
    pub problem: String,
}

impl RuleSet {
    /// Parses and checks `text`.
    pub fn parse(text: &str) -> Result<Self, RuleSetError> {
        let rules: RuleSet = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| text[..s.start.min(text.len())].lines().count().max(1)).unwrap_or(1);
            RuleSetError { line, problem: e.message().to_string() }
        })?;
        let line_of =
            |key: &str| text.lines().position(|l| l.trim_start().starts_with(key)).map_or(1, |i| i + 1);
        if rules.version.trim().is_empty() {
            return Err(RuleSetError {
                line: line_of("version"),
                problem: "version must not be empty".into(),
            });
        }
        if let Some(missing) = CrimeType::ALL.iter().find(|t| !rules.routing.contains_key(t)) {
            return Err(RuleSetError {
                line: line_of("[routing]"),
                problem: format!("routing has no team for {}", missing.slug()),
            });
        }
        if rules.danger_words.iter().any(|w| w.trim().is_empty()) {
            return Err(RuleSetError {
                line: line_of("danger_words"),
                problem: "danger_words has an empty entry".into(),
            });
        }
        rules
            .deadlines
            .validate()
            .map_err(|problem| RuleSetError { line: line_of("[deadlines]"), problem })?;
        Ok(rules)
    }

    /// The shipped defaults.
    pub fn default_rules() -> Self {
        Self::parse(DEFAULT_RULES).expect("the shipped rules are valid")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_rules_parse() {
        let rules = RuleSet::default_rules();
        assert!(!rules.filing.automatic, "filing waits for staff unless configured");
        assert_eq!(rules.routing.len(), CrimeType::ALL.len());
    }

    #[test]
    fn a_bad_file_names_the_line_and_the_problem() {
        let bad = DEFAULT_RULES.replace("high_value_pence = 500000", "high_value_pence = \"lots\"");
        let error = RuleSet::parse(&bad).unwrap_err();
        let expected = DEFAULT_RULES.lines().position(|l| l.contains("high_value_pence")).unwrap() + 1;
        assert_eq!(error.line, expected, "{error}");
        assert!(error.to_string().contains("line"), "{error}");

        let unknown_team = DEFAULT_RULES.replace("graffiti = \"iit\"", "graffiti = \"mi5\"");
        assert!(RuleSet::parse(&unknown_team).unwrap_err().problem.contains("unknown variant"));

        let missing = DEFAULT_RULES.replace("graffiti = \"iit\"\n", "");
        assert!(RuleSet::parse(&missing).unwrap_err().problem.contains("graffiti"));
    }
}
