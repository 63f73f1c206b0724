//! The pages of the reporting wizard, in order, and what each page asks.

use serde::{Deserialize, Serialize};

/// A page of the wizard that collects answers (the confirmation comes after submitting).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    Suitability,
    /// The date, or the two dates it happened between.
    When,
    /// The place.
    Where,
    /// The account in the person's own words.
    WhatHappened,
    Property,
    Suspect,
    Evidence,
    AboutYou,
    Needs,
    Support,
    Rights,
    Contact,
    Check,
    Declaration,
}

impl Step {
    /// Every step, in the order a person goes through them.
    pub const ALL: [Step; 14] = [
        Step::Suitability,
        Step::When,
        Step::Where,
        Step::WhatHappened,
        Step::Property,
        Step::Suspect,
        Step::Evidence,
        Step::AboutYou,
        Step::Needs,
        Step::Support,
        Step::Rights,
        Step::Contact,
        Step::Check,
        Step::Declaration,
    ];

    /// The steps whose answers make up the report (all but the check and declaration pages).
    pub const QUESTIONS: &'static [Step] = Step::ALL.split_at(12).0;

    /// The last part of the page's address, `/report/{slug}`.
    pub fn slug(self) -> &'static str {
        match self {
            Step::Suitability => "suitability",
            Step::When => "when-it-happened",
            Step::Where => "where-it-happened",
            Step::WhatHappened => "what-happened",
            Step::Property => "property",
            Step::Suspect => "suspect",
            Step::Evidence => "evidence",
            Step::AboutYou => "about-you",
            Step::Needs => "your-needs",
            Step::Support => "support",
            Step::Rights => "your-rights",
            Step::Contact => "contact",
            Step::Check => "check-your-answers",
            Step::Declaration => "declaration",
        }
    }

    /// The step at `/report/{slug}`.
    pub fn from_slug(slug: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.slug() == slug)
    }

    /// The page's heading.
    pub fn title(self) -> &'static str {
        match self {
            Step::Suitability => "Check this service is right for you",
            Step::When => "When it happened",
            Step::Where => "Where it happened",
            Step::WhatHappened => "What happened",
            Step::Property => "Anything stolen or damaged",
            Step::Suspect => "The person who did it",
            Step::Evidence => "Evidence and witnesses",
            Step::AboutYou => "About you",
            Step::Needs => "What you need from us",
            Step::Support => "Support for you",
            Step::Rights => "Your rights",
            Step::Contact => "How we keep in touch",
            Step::Check => "Check your answers before sending your report",
            Step::Declaration => "Send your report",
        }
    }

    /// The part of the report this page's answers belong to, as the partner API names it: the
    /// date, the place and the account are asked one per page, and make one account of what
    /// happened.
    pub fn section(self) -> Step {
        match self {
            Step::When | Step::Where => Step::WhatHappened,
            other => other,
        }
    }

    /// The step after this one.
    pub fn next(self) -> Option<Step> {
        let i = Step::ALL.iter().position(|&s| s == self)?;
        Step::ALL.get(i + 1).copied()
    }

    /// The step before this one.
    pub fn previous(self) -> Option<Step> {
        let i = Step::ALL.iter().position(|&s| s == self)?;
        i.checked_sub(1).map(|i| Step::ALL[i])
    }

    /// Position for "Step 3 of 12"-style progress, counting from 1.
    pub fn number(self) -> u8 {
        Step::ALL.iter().position(|&s| s == self).map(|i| i as u8 + 1).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_run_in_order_and_round_trip_through_their_slugs() {
        assert_eq!(Step::Suitability.previous(), None);
        assert_eq!(Step::Declaration.next(), None);
        for pair in Step::ALL.windows(2) {
            assert_eq!(pair[0].next(), Some(pair[1]));
            assert_eq!(pair[1].previous(), Some(pair[0]));
            assert!(pair[0] < pair[1]);
        }
        for step in Step::ALL {
            assert_eq!(Step::from_slug(step.slug()), Some(step));
        }
        assert_eq!(Step::from_slug("../admin"), None);
    }
}
