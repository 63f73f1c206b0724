//! Answering the survey through its one-time link: the token (from the link, kept in a
//! short-lived cookie) opens the survey while it is unanswered and unexpired; the answers are
//! checked by `rules::survey` and stored once.

use chrono::{DateTime, Utc};
use rules::{
    survey::{check, Question},
    wizard::{FieldError, Form},
};

use crate::{
    secrets,
    store::{self, survey::NewAnswers, Pool},
};

/// What came of a post of the survey's form.
pub enum Answered {
    /// Stored: the link is used up.
    Stored,
    /// The link does not open a survey (unknown, expired or used): nothing stored.
    Closed,
    /// The answers need fixing; nothing stored.
    Fix(Vec<FieldError>),
}

/// Whether the link's `token` opens a survey at `now`.
pub async fn is_open(pool: &Pool, token: Option<&str>, now: DateTime<Utc>) -> store::Result<bool> {
    let Some(token) = token else { return Ok(false) };
    store::survey::is_open(pool, &secrets::digest(token), now).await
}

/// Checks `form` and stores it as the answers of the survey `token` opens, once.
pub async fn answer(
    pool: &Pool,
    token: Option<&str>,
    form: &Form,
    now: DateTime<Utc>,
) -> store::Result<Answered> {
    if !is_open(pool, token, now).await? {
        return Ok(Answered::Closed);
    }
    let answers = match check(form) {
        Ok(answers) => answers,
        Err(errors) => return Ok(Answered::Fix(errors)),
    };
    let rating = |q: Question| i64::from(answers.rating(q));
    let new = NewAnswers {
        kept_informed: rating(Question::KeptInformed),
        understood_next: rating(Question::UnderstoodNext),
        treated_with_respect: rating(Question::TreatedWithRespect),
        overall: rating(Question::Overall),
        comment: answers.comment.as_deref(),
    };
    let digest = secrets::digest(token.unwrap_or_default());
    Ok(if store::survey::answer(pool, &digest, &new, now).await? {
        Answered::Stored
    } else {
        Answered::Closed
    })
}
