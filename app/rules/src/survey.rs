//! The victims' satisfaction survey: four questions on a five-point scale and an optional
//! comment, with their rules as `validator` attributes.
//!
//! Policy: the Victims' Code (2020) asks forces to seek victims' views of the service they had;
//! the questions follow the Home Office's victim satisfaction survey (kept informed, treated
//! with respect, the whole experience), with "I understood what would happen next" on an
//! agreement scale. Every answer is stored as a number from 1 (the worst) to 5 (the best).

use validator::{Validate, ValidationError};

use crate::{
    fields::Text,
    wizard::{page_rules, problems_in, FieldError, Form},
};

/// The longest comment, in characters (counted as [`crate::character_count::counted`] does).
pub const COMMENT_MAX_CHARS: usize = 1200;

const COMMENT: Text = Text { name: "Your comment", required: None, max_chars: COMMENT_MAX_CHARS };

/// One of the survey's questions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Question {
    KeptInformed,
    UnderstoodNext,
    TreatedWithRespect,
    Overall,
}

/// The words of the answers of a satisfaction scale, from 5 (best) down to 1.
pub const SATISFACTION: [(u8, &str); 5] = [
    (5, "Very satisfied"),
    (4, "Fairly satisfied"),
    (3, "Neither satisfied nor dissatisfied"),
    (2, "Fairly dissatisfied"),
    (1, "Very dissatisfied"),
];

/// The words of the answers of an agreement scale, from 5 (best) down to 1.
pub const AGREEMENT: [(u8, &str); 5] = [
    (5, "Strongly agree"),
    (4, "Agree"),
    (3, "Neither agree nor disagree"),
    (2, "Disagree"),
    (1, "Strongly disagree"),
];

impl Question {
    /// Every question, in the order the form asks them.
    pub const ALL: [Question; 4] =
        [Question::KeptInformed, Question::UnderstoodNext, Question::TreatedWithRespect, Question::Overall];

    /// The form's field.
    pub const fn field(self) -> &'static str {
        match self {
            Question::KeptInformed => "kept-informed",
            Question::UnderstoodNext => "understood-next",
            Question::TreatedWithRespect => "treated-with-respect",
            Question::Overall => "overall",
        }
    }

    /// The question, as the fieldset's legend.
    pub const fn legend(self) -> &'static str {
        match self {
            Question::KeptInformed => "How satisfied are you with how well we kept you informed?",
            Question::UnderstoodNext => {
                "After you reported, I understood what would happen next. How much do you agree?"
            }
            Question::TreatedWithRespect => "How satisfied are you with how respectfully you were treated?",
            Question::Overall => "Overall, how satisfied are you with the service you had from us?",
        }
    }

    /// The answers offered, best first, as (stored value, words).
    pub const fn scale(self) -> [(u8, &'static str); 5] {
        match self {
            Question::UnderstoodNext => AGREEMENT,
            _ => SATISFACTION,
        }
    }
}

/// A survey answered, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answers {
    /// Each question's answer, 1 to 5, in [`Question::ALL`]'s order.
    pub ratings: [u8; 4],
    pub comment: Option<String>,
}

impl Answers {
    /// The answer to `question`.
    pub fn rating(&self, question: Question) -> u8 {
        let index = Question::ALL.iter().position(|q| *q == question).unwrap_or_default();
        self.ratings[index]
    }
}

/// The survey's answers as typed, with their rules.
#[derive(Validate)]
struct SurveyAnswers {
    #[validate(custom(function = rating, message = "Select how satisfied you are with how well we kept you informed"))]
    kept_informed: String,
    #[validate(custom(function = rating, message = "Select how much you agree that you understood what would happen next"))]
    understood_next: String,
    #[validate(custom(function = rating, message = "Select how satisfied you are with how respectfully you were treated"))]
    treated_with_respect: String,
    #[validate(custom(function = rating, message = "Select how satisfied you are overall"))]
    overall: String,
    #[validate(custom(function = comment_text))]
    comment: String,
}

fn rating(value: &str) -> Result<(), ValidationError> {
    match parse_rating(value) {
        Some(_) => Ok(()),
        None => Err(ValidationError::new("rating")),
    }
}

fn parse_rating(value: &str) -> Option<u8> {
    value.trim().parse().ok().filter(|n| (1..=5).contains(n))
}

fn comment_text(value: &str) -> Result<(), ValidationError> {
    page_rules::text(value, COMMENT)
}

/// Checks the survey's form: every question answered with one of its answers, the comment
/// within its limit; or the problems, one per field, in the order the form asks them.
pub fn check(form: &Form) -> Result<Answers, Vec<FieldError>> {
    let answers = SurveyAnswers {
        kept_informed: form.value(Question::KeptInformed.field()).into(),
        understood_next: form.value(Question::UnderstoodNext.field()).into(),
        treated_with_respect: form.value(Question::TreatedWithRespect.field()).into(),
        overall: form.value(Question::Overall.field()).into(),
        comment: form.value("comment").into(),
    };
    let order = Question::ALL.iter().map(|q| q.field().to_string()).chain(["comment".to_string()]).collect();
    problems_in(order, answers.validate())?;
    let ratings = Question::ALL.map(|q| parse_rating(form.value(q.field())).unwrap_or(1));
    Ok(Answers { ratings, comment: page_rules::text_value(form.value("comment"), COMMENT) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> Form {
        Form::from_pairs(pairs.iter().copied())
    }

    const ALL_ANSWERED: [(&str, &str); 4] =
        [("kept-informed", "4"), ("understood-next", "2"), ("treated-with-respect", "5"), ("overall", "3")];

    #[test]
    fn each_question_must_be_answered_with_one_of_its_answers() {
        let cases: &[(&[(&str, &str)], &[&str])] = &[
            (&[], &["kept-informed", "understood-next", "treated-with-respect", "overall"]),
            (
                &[("kept-informed", "4"), ("understood-next", "0"), ("overall", "6")],
                &["understood-next", "treated-with-respect", "overall"],
            ),
            (
                &[
                    ("kept-informed", "x"),
                    ("understood-next", "5"),
                    ("treated-with-respect", "1"),
                    ("overall", "5"),
                ],
                &["kept-informed"],
            ),
            (&ALL_ANSWERED, &[]),
        ];
        for (pairs, fields) in cases {
            let found: Vec<String> = match check(&form(pairs)) {
                Ok(_) => Vec::new(),
                Err(errors) => errors.into_iter().map(|e| e.field).collect(),
            };
            assert_eq!(found, *fields, "{pairs:?}");
        }
    }

    #[test]
    fn a_missing_answer_says_what_to_select() {
        let errors = check(&form(&[("overall", "5")])).unwrap_err();
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "Select how satisfied you are with how well we kept you informed",
                "Select how much you agree that you understood what would happen next",
                "Select how satisfied you are with how respectfully you were treated",
            ]
        );
    }

    #[test]
    fn the_comment_is_optional_trimmed_and_at_most_1200_characters_as_the_page_counts() {
        let answered = check(&form(&ALL_ANSWERED)).unwrap();
        assert_eq!(answered.ratings, [4, 2, 5, 3]);
        assert_eq!(answered.rating(Question::Overall), 3);
        assert_eq!(answered.comment, None);

        let mut pairs = ALL_ANSWERED.to_vec();
        pairs.push(("comment", "  Thank you.  "));
        assert_eq!(check(&form(&pairs)).unwrap().comment.as_deref(), Some("Thank you."));

        // A line break counts once, as the person sees it, though the browser sends CR LF.
        let longest = format!("{}\r\n{}", "a".repeat(600), "b".repeat(599));
        let mut pairs = ALL_ANSWERED.to_vec();
        pairs.push(("comment", &longest));
        assert!(check(&form(&pairs)).is_ok());

        let too_long = "a".repeat(COMMENT_MAX_CHARS + 1);
        let mut pairs = ALL_ANSWERED.to_vec();
        pairs.push(("comment", &too_long));
        let errors = check(&form(&pairs)).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "comment");
        assert!(errors[0].message.contains("1200 characters or fewer"), "{}", errors[0].message);
    }
}
