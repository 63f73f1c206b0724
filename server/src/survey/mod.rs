//! The victims' satisfaction survey, as use cases: who is invited and when ([`invite`]),
//! answering through the one-time link ([`answer`]), and the figures for the compliance page
//! ([`results`], [`comments`]). The questions and their checks are `rules::survey`'s.
//!
//! Answers are anonymous to the officers on the case: the figures are counts made by the
//! database, and comments are read without their report (supervisors see the words, not whose
//! they are).

pub mod answer;
pub mod invite;

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rules::{compliance::uk_date, survey::Question};

use crate::store::{self, Pool};

/// The survey's figures for a period.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SurveyResults {
    /// Invitations made in the period.
    pub invited: u64,
    /// Surveys answered in the period.
    pub answered: u64,
    /// For each question, in the form's order, how many answered each way: `[0]` is 1 (very
    /// dissatisfied, strongly disagree) … `[4]` is 5 (very satisfied, strongly agree).
    pub answers: Vec<(Question, [u64; 5])>,
    /// Per UK week (Monday to Sunday) that had any answers, oldest first.
    pub weeks: Vec<WeekTrend>,
}

/// One UK week's answers, for the trend.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WeekTrend {
    /// The Monday the week starts (UK date).
    pub week_of: NaiveDate,
    pub answered: u64,
    /// Of them, satisfied overall (fairly or very: 4 or 5).
    pub satisfied: u64,
}

/// The figures of the surveys answered in `[start, end)` (and the invitations made in it),
/// counted by the database.
pub async fn results(pool: &Pool, start: DateTime<Utc>, end: DateTime<Utc>) -> store::Result<SurveyResults> {
    let invited = count(store::survey::invited_count(pool, start, end).await?);
    let mut answers: Vec<(Question, [u64; 5])> = Question::ALL.iter().map(|q| (*q, [0; 5])).collect();
    for (column, value, n) in store::survey::answer_counts(pool, start, end).await? {
        let Some((_, counts)) = answers.iter_mut().find(|(q, _)| column_of(*q) == column) else { continue };
        if let Some(slot) = usize::try_from(value - 1).ok().and_then(|i| counts.get_mut(i)) {
            *slot += count(n);
        }
    }
    let mut weeks: BTreeMap<NaiveDate, (u64, u64)> = BTreeMap::new();
    for (hour, answered, satisfied) in store::survey::answered_by_hour(pool, start, end).await? {
        let week = weeks.entry(monday_of(uk_date(hour))).or_default();
        week.0 += count(answered);
        week.1 += count(satisfied);
    }
    Ok(SurveyResults {
        invited,
        answered: weeks.values().map(|(answered, _)| answered).sum(),
        answers,
        weeks: weeks
            .into_iter()
            .map(|(week_of, (answered, satisfied))| WeekTrend { week_of, answered, satisfied })
            .collect(),
    })
}

/// The comments of the surveys answered in `[start, end)`, newest first, at most `limit`: when
/// each was answered and its words; nothing says whose they are.
pub async fn comments(
    pool: &Pool,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    limit: i64,
) -> store::Result<Vec<(DateTime<Utc>, String)>> {
    store::survey::comments(pool, start, end, limit).await
}

/// The column `question`'s answers are stored in.
fn column_of(question: Question) -> &'static str {
    match question {
        Question::KeptInformed => "kept_informed",
        Question::UnderstoodNext => "understood_next",
        Question::TreatedWithRespect => "treated_with_respect",
        Question::Overall => "overall",
    }
}

/// The Monday of the week `day` falls in.
fn monday_of(day: NaiveDate) -> NaiveDate {
    day - chrono::Duration::days(day.weekday().num_days_from_monday().into())
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_week_starts_on_monday() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        // 2 November 2026 is a Monday.
        for d in 2..=8 {
            assert_eq!(monday_of(day(d)), day(2), "{d}");
        }
        assert_eq!(monday_of(day(9)), day(9));
    }
}
