//! "How we keep in touch": the ways to contact the victim, which are safe, and how often
//! (Victims' Code, Right 6: to be kept informed about the investigation).

use validator::{Validate, ValidationError};

use super::{
    made, problems,
    rules::{self, chose_some, chosen, known_choices, one_of, problem, text_value, yes, yes_or_no},
};
use crate::{
    fields::Text,
    wizard::{
        answers::{max_chars, Checked},
        form::Form,
        options::{Channel, Frequency},
        report::{ContactPlan, People},
        steps::Step,
    },
};

const SAFE_TIMES: Text = Text { name: "Safe times", required: None, max_chars: max_chars::SAFE_TIMES };

/// The page's answers as typed, with the details given in "About you". Whether a way is safe
/// is asked for each way chosen.
#[derive(Debug, Validate)]
#[validate(schema(function = details_for_each_way, skip_on_field_errors = false))]
#[validate(schema(function = a_safe_way, skip_on_field_errors = false))]
struct ContactAnswers<'a> {
    #[validate(
        custom(function = known_choices::<Channel>),
        custom(function = chose_some, message = "Select how we can contact you")
    )]
    channels: Vec<String>,
    #[validate(custom(function = yes_or_no, message = "Select yes if it is safe for us to contact you by email"))]
    safe_email: Option<String>,
    #[validate(custom(function = yes_or_no, message = "Select yes if it is safe for us to contact you by phone call"))]
    safe_phone: Option<String>,
    #[validate(custom(function = yes_or_no, message = "Select yes if it is safe for us to contact you by text message"))]
    safe_text: Option<String>,
    #[validate(custom(function = yes_or_no, message = "Select yes if it is safe for us to contact you by letter"))]
    safe_letter: Option<String>,
    #[validate(custom(function = one_of::<Frequency>, message = "Select how often you would like to hear from us"))]
    frequency: String,
    #[validate(custom(function = safe_times_text))]
    safe_times: String,
    people: &'a People,
    /// Ends the message for a way chosen without the detail it needs.
    advice: &'a str,
}

/// Checks how, how often and when to contact the victim. `advice` ends the message for a chosen
/// way without the detail it needs (what the person can do about it where they are).
pub fn check_contact(form: &Form, people: &People, advice: &str) -> Checked<ContactPlan> {
    let answers = ContactAnswers::from_form(form, people, advice);
    problems(Step::Contact, answers.validate())?;
    made(answers.into_contact_plan())
}

impl<'a> ContactAnswers<'a> {
    fn from_form(form: &Form, people: &'a People, advice: &'a str) -> Self {
        let channels = chosen::<Channel>(form.values("channels")).unwrap_or_default();
        let safe = |channel: Channel| {
            channels.contains(&channel).then(|| form.value(&format!("safe-{}", channel.slug())).to_string())
        };
        Self {
            channels: form.values("channels").to_vec(),
            safe_email: safe(Channel::Email),
            safe_phone: safe(Channel::Phone),
            safe_text: safe(Channel::Text),
            safe_letter: safe(Channel::Letter),
            frequency: form.value("frequency").into(),
            safe_times: form.value("safe-times").into(),
            people,
            advice,
        }
    }

    /// The ways chosen, in the order offered; none when a box is not one offered.
    fn chosen(&self) -> Vec<Channel> {
        chosen(&self.channels).unwrap_or_default()
    }

    /// The answer to "Is it safe to contact you by …?", for a way chosen.
    fn safe(&self, channel: Channel) -> Option<bool> {
        let answer = match channel {
            Channel::Email => &self.safe_email,
            Channel::Phone => &self.safe_phone,
            Channel::Text => &self.safe_text,
            Channel::Letter => &self.safe_letter,
        };
        yes(answer.as_deref()?)
    }

    /// What "About you" lacks for `channel`, in words.
    fn missing(&self, channel: Channel) -> Option<&'static str> {
        match channel {
            Channel::Email => self.people.contact_email().is_none().then_some("an email address"),
            Channel::Phone | Channel::Text => {
                self.people.contact_phone().is_none().then_some("a phone number")
            }
            Channel::Letter => {
                (!self.people.has_postal_address()).then_some("a postal address with its postcode")
            }
        }
    }

    fn into_contact_plan(self) -> Option<ContactPlan> {
        let channels = self.chosen().into_iter().map(|c| Some((c, self.safe(c)?))).collect::<Option<_>>()?;
        Some(ContactPlan {
            channels,
            frequency: Frequency::from_slug(&self.frequency)?,
            safe_times: text_value(&self.safe_times, SAFE_TIMES),
        })
    }
}

fn safe_times_text(value: &str) -> Result<(), ValidationError> {
    rules::text(value, SAFE_TIMES)
}

/// Each way chosen has its detail in "About you": an email address for email, and so on.
fn details_for_each_way(answers: &ContactAnswers) -> Result<(), ValidationError> {
    for channel in answers.chosen() {
        if let Some(missing) = answers.missing(channel) {
            let way = channel.label().to_lowercase();
            return Err(problem(
                "channels",
                format!("You chose {way} but did not give {missing}. {}", answers.advice),
            ));
        }
    }
    Ok(())
}

/// Once the ways chosen are right, at least one of them is safe.
fn a_safe_way(answers: &ContactAnswers) -> Result<(), ValidationError> {
    let chosen = answers.chosen();
    let answered = chosen.iter().all(|&c| answers.safe(c).is_some() && answers.missing(c).is_none());
    if !chosen.is_empty() && answered && !chosen.iter().any(|&c| answers.safe(c) == Some(true)) {
        return Err(problem(
            "channels",
            "Choose at least one way that is safe to contact you. If none is safe, call 101 and we will agree one with you",
        ));
    }
    Ok(())
}
