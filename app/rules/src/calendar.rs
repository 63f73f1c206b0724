//! Working days, for deadlines counted in them.
//!
//! Policy: a working day in England and Wales is Monday to Friday except a bank holiday, as
//! published by the UK government (<https://www.gov.uk/bank-holidays>). The dates ship in
//! `data/bank-holidays-england-and-wales.txt`; configuration may add more (a new one-off holiday)
//! with [`WorkingCalendar::with_extra_holidays`].

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, Weekday};

/// The shipped list of England and Wales bank holidays.
const ENGLAND_AND_WALES: &str = include_str!("../data/bank-holidays-england-and-wales.txt");

/// Why a list of bank holidays could not be read; each names the line (counted from 1).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The line is neither a date in the form YYYY-MM-DD, a comment nor blank.
    #[error("line {line}: {text:?} is not a date in the form YYYY-MM-DD")]
    NotADate { line: usize, text: String },
    /// Bank holidays at a weekend are listed on their substitute weekday.
    #[error("line {line}: {date} is a {weekday}; list the substitute weekday instead")]
    Weekend { line: usize, date: NaiveDate, weekday: Weekday },
    /// The same date twice is probably a typing mistake.
    #[error("line {line}: {date} is already listed on line {first}")]
    Duplicate { line: usize, date: NaiveDate, first: usize },
    /// No dates at all.
    #[error("line {line}: the list ends without any dates")]
    NoDates { line: usize },
}

impl CalendarError {
    /// The line the problem was found on.
    pub fn line(&self) -> usize {
        match self {
            CalendarError::NotADate { line, .. }
            | CalendarError::Weekend { line, .. }
            | CalendarError::Duplicate { line, .. }
            | CalendarError::NoDates { line } => *line,
        }
    }
}

/// Which days are working days: weekdays that are not bank holidays.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkingCalendar {
    holidays: BTreeSet<NaiveDate>,
    /// The first and last year of the published list, if it had any dates.
    years: Option<(i32, i32)>,
}

impl WorkingCalendar {
    /// A calendar with these bank holidays; it covers the years from the first to the last.
    pub fn new(holidays: impl IntoIterator<Item = NaiveDate>) -> Self {
        let holidays: BTreeSet<NaiveDate> = holidays.into_iter().collect();
        let years = holidays.first().zip(holidays.last()).map(|(a, b)| (a.year(), b.year()));
        WorkingCalendar { holidays, years }
    }

    /// England and Wales, from the list shipped with the portal.
    pub fn england_and_wales() -> Result<Self, CalendarError> {
        Self::parse(ENGLAND_AND_WALES)
    }

    /// Reads a list: one date (YYYY-MM-DD) a line; anything after `#` is a comment.
    pub fn parse(text: &str) -> Result<Self, CalendarError> {
        let mut seen: Vec<(NaiveDate, usize)> = Vec::new();
        let mut lines = 0;
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            lines = line;
            let entry = raw.split('#').next().unwrap_or("").trim();
            if entry.is_empty() {
                continue;
            }
            let date = (entry.len() == 10)
                .then(|| NaiveDate::parse_from_str(entry, "%Y-%m-%d").ok())
                .flatten()
                .ok_or_else(|| CalendarError::NotADate { line, text: entry.to_string() })?;
            if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
                return Err(CalendarError::Weekend { line, date, weekday: date.weekday() });
            }
            if let Some(&(_, first)) = seen.iter().find(|(d, _)| *d == date) {
                return Err(CalendarError::Duplicate { line, date, first });
            }
            seen.push((date, line));
        }
        if seen.is_empty() {
            return Err(CalendarError::NoDates { line: lines });
        }
        Ok(Self::new(seen.into_iter().map(|(d, _)| d)))
    }

    /// The same calendar with more holidays (from configuration); the years covered are unchanged.
    pub fn with_extra_holidays(mut self, extra: impl IntoIterator<Item = NaiveDate>) -> Self {
        self.holidays.extend(extra);
        self
    }

    /// Whether the published list covers the year of `date` (first to last year listed); outside
    /// it, only weekends are known and a bank holiday would be counted as a working day.
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.years.is_some_and(|(first, last)| (first..=last).contains(&date.year()))
    }

    /// Whether `date` is a bank holiday.
    pub fn is_bank_holiday(&self, date: NaiveDate) -> bool {
        self.holidays.contains(&date)
    }

    /// Whether `date` is a working day: Monday to Friday and not a bank holiday.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        is_weekday(date) && !self.is_bank_holiday(date)
    }

    /// `date` if it is a working day, otherwise the next one.
    pub fn next_working_day_on_or_after(&self, date: NaiveDate) -> NaiveDate {
        let mut day = date;
        while !self.is_working_day(day) {
            match day.succ_opt() {
                Some(next) => day = next,
                None => break,
            }
        }
        day
    }

    /// The `n`th working day after `start` (from a Friday, 1 is the next Monday unless that is a
    /// holiday). With `n` = 0, `start` if it is a working day, otherwise the next one.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        if n == 0 {
            return self.next_working_day_on_or_after(start);
        }
        let mut day = start;
        for _ in 0..n {
            match day.succ_opt() {
                Some(next) => day = self.next_working_day_on_or_after(next),
                None => break,
            }
        }
        day
    }

    /// How many working days come after `a`, up to and including `b` (0 if `b` is not after
    /// `a`). So `working_days_between(a, add_working_days(a, n)) == n` for every `n` ≥ 1.
    pub fn working_days_between(&self, a: NaiveDate, b: NaiveDate) -> u32 {
        if b <= a {
            return 0;
        }
        let weekdays = weekdays_up_to(b) - weekdays_up_to(a);
        let holidays = self.holidays.range(a.succ_opt().unwrap_or(a)..=b).filter(|d| is_weekday(**d));
        let count = weekdays - holidays.count() as i64;
        u32::try_from(count).unwrap_or(u32::MAX)
    }
}

fn is_weekday(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Weekdays from 1 January of year 1 (a Monday) up to and including `date`, or minus those from
/// `date` onwards for earlier dates: only differences are used.
fn weekdays_up_to(date: NaiveDate) -> i64 {
    let days = i64::from(date.num_days_from_ce());
    days.div_euclid(7) * 5 + days.rem_euclid(7).min(5)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn ew() -> WorkingCalendar {
        WorkingCalendar::england_and_wales().unwrap()
    }

    /// A day from 2024 to 2028, the years the shipped list covers.
    fn any_day() -> impl Strategy<Value = NaiveDate> {
        (0u64..1827).prop_map(|n| d(2024, 1, 1) + chrono::Days::new(n))
    }

    #[test]
    fn the_shipped_list_has_eight_holidays_a_year_for_2024_to_2028() {
        let cal = ew();
        for year in 2024..=2028 {
            assert_eq!(cal.holidays.iter().filter(|h| h.year() == year).count(), 8, "{year}");
        }
        assert!(cal.covers(d(2024, 1, 1)) && cal.covers(d(2028, 12, 31)));
        assert!(!cal.covers(d(2023, 12, 31)) && !cal.covers(d(2029, 1, 1)));
        assert!(
            ENGLAND_AND_WALES.contains("gov.uk/bank-holidays") && ENGLAND_AND_WALES.contains("2026-11-28")
        );
    }

    #[test]
    fn weekends_and_bank_holidays_are_skipped() {
        let cal = ew();
        // (start, working days after it, the day they end on, why)
        let table = [
            (d(2026, 4, 2), 1, d(2026, 4, 7), "Good Friday and Easter Monday 2026 skipped"),
            (d(2025, 4, 17), 2, d(2025, 4, 23), "Good Friday and Easter Monday 2025 skipped"),
            (d(2026, 12, 24), 1, d(2026, 12, 29), "Christmas Day Fri 25 and substitute Mon 28 skipped"),
            (d(2026, 12, 23), 3, d(2026, 12, 30), "Christmas 2026 inside the count"),
            (d(2026, 6, 5), 2, d(2026, 6, 9), "a Friday report's 2-working-day deadline is Tuesday"),
            (d(2026, 5, 22), 2, d(2026, 5, 27), "Friday before the spring bank holiday"),
            (d(2026, 6, 6), 0, d(2026, 6, 8), "0 from a Saturday is the Monday"),
            (d(2026, 6, 8), 0, d(2026, 6, 8), "0 from a working day is that day"),
            (d(2024, 3, 29), 1, d(2024, 4, 2), "1 from Good Friday 2024 is the Tuesday"),
            (d(2026, 6, 6), 1, d(2026, 6, 8), "1 from a Saturday is the Monday"),
            (d(2027, 12, 24), 1, d(2027, 12, 29), "Christmas 2027 substitute days skipped"),
        ];
        for (start, n, due, why) in table {
            assert_eq!(cal.add_working_days(start, n), due, "{why}");
        }
        for holiday in [d(2026, 4, 3), d(2026, 4, 6), d(2026, 12, 25), d(2026, 12, 28)] {
            assert!(!cal.is_working_day(holiday), "{holiday}");
        }
    }

    #[test]
    fn extra_holidays_from_configuration_are_skipped_without_changing_the_years_covered() {
        let cal = ew().with_extra_holidays([d(2027, 6, 7), d(2031, 1, 6)]);
        assert!(!cal.is_working_day(d(2027, 6, 7)));
        assert_eq!(cal.add_working_days(d(2027, 6, 4), 1), d(2027, 6, 8));
        assert!(!cal.covers(d(2031, 1, 6)));
    }

    #[test]
    fn parse_errors_name_the_line_and_the_problem() {
        let table = [
            ("2024-12-25\n2024-13-01", CalendarError::NotADate { line: 2, text: "2024-13-01".into() }),
            ("# list\n\n25/12/2024", CalendarError::NotADate { line: 3, text: "25/12/2024".into() }),
            ("2024-1-1", CalendarError::NotADate { line: 1, text: "2024-1-1".into() }),
            (
                "2024-12-25\n2024-12-28 # Sat",
                CalendarError::Weekend { line: 2, date: d(2024, 12, 28), weekday: Weekday::Sat },
            ),
            (
                "2024-12-25\n2024-12-26\n2024-12-25",
                CalendarError::Duplicate { line: 3, date: d(2024, 12, 25), first: 1 },
            ),
            ("# nothing\n\n", CalendarError::NoDates { line: 2 }),
        ];
        for (text, expected) in table {
            let err = WorkingCalendar::parse(text).unwrap_err();
            assert!(err.to_string().starts_with(&format!("line {}: ", expected.line())), "{err}");
            assert_eq!(err, expected);
        }
    }

    proptest! {
        #[test]
        fn adding_working_days_never_lands_on_a_weekend_or_holiday(start in any_day(), n in 0u32..80) {
            let cal = ew();
            let due = cal.add_working_days(start, n);
            prop_assert!(cal.is_working_day(due));
            prop_assert!(due >= start);
            prop_assert!(n == 0 || due > start);
        }

        #[test]
        fn adding_more_working_days_always_ends_later(start in any_day(), n in 0u32..80) {
            let cal = ew();
            let (this, next) = (cal.add_working_days(start, n), cal.add_working_days(start, n + 1));
            // From a holiday or weekend, 0 and 1 both give the first working day after it.
            prop_assert!(this < next || (n == 0 && this == next && !cal.is_working_day(start)));
        }

        #[test]
        fn counting_working_days_undoes_adding_them(start in any_day(), n in 0u32..80) {
            let cal = ew();
            let due = cal.add_working_days(start, n);
            let expected = if n == 0 && !cal.is_working_day(start) { 1 } else { n };
            prop_assert_eq!(cal.working_days_between(start, due), expected);
        }

        #[test]
        fn adding_the_count_reaches_any_later_working_day(a in any_day(), b in any_day()) {
            let cal = ew();
            prop_assume!(b > a && cal.is_working_day(b));
            prop_assert_eq!(cal.add_working_days(a, cal.working_days_between(a, b)), b);
        }

        #[test]
        fn counting_working_days_agrees_with_looking_at_each_day(a in any_day(), len in 0u64..400) {
            let cal = ew();
            let b = a + chrono::Days::new(len);
            let by_hand = a.iter_days().skip(1).take_while(|x| *x <= b).filter(|x| cal.is_working_day(*x)).count();
            prop_assert_eq!(cal.working_days_between(a, b) as usize, by_hand);
            prop_assert_eq!(cal.working_days_between(b, a), 0);
        }
    }
}
