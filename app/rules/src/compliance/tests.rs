use super::*;
use chrono::{Days, NaiveDate, NaiveTime};
use chrono_tz::Europe::London;
use proptest::prelude::*;
use FinancialQuarter::*;

/// A UTC time written "2026-12-24 23:59:59" or "2026-12-24 23:59".
fn t(text: &str) -> DateTime<Utc> {
    let at = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S");
    at.or_else(|_| chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")).unwrap().and_utc()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn cal() -> WorkingCalendar {
    WorkingCalendar::england_and_wales().unwrap()
}

fn range(start: &str, end: &str, label: &str) -> PeriodRange {
    PeriodRange { start: t(start), end: t(end), label: label.into() }
}

#[test]
fn a_deadline_met_at_its_due_time_is_met_and_one_second_later_is_late() {
    let due = t("2026-12-01 23:59:59");
    let s = TimeDelta::seconds;
    // (met, as of, standing)
    let table = [
        (Some(due), due, Standing::Met),
        (Some(due - s(3600)), due + s(86_400), Standing::Met),
        (Some(due + s(1)), due + s(1), Standing::Late),
        (Some(due + s(86_400 * 9)), due + s(86_400 * 10), Standing::Late),
        (None, due, Standing::Pending),
        (None, due - s(86_400), Standing::Pending),
        (None, due + s(1), Standing::Overdue),
        // Done after the moment judged: not done yet at that moment.
        (Some(due + s(3600)), due + s(60), Standing::Overdue),
        (Some(due - s(60)), due - s(3600), Standing::Pending),
    ];
    for (met, as_of, expected) in table {
        assert_eq!(Standing::of(due, met, as_of), expected, "met {met:?} as of {as_of}");
    }
    assert_eq!(Standing::Pending.label(), "Not yet due");
}

#[test]
fn lateness_counts_working_days_after_the_uk_day_it_fell_due() {
    use End::{Done, OpenAt};
    let cal = cal();
    // (due, done or still open at, working days late, why)
    let table = [
        ("2026-11-27 23:59:59", Done("2026-11-28 10:00"), 0, "Friday's done on Saturday"),
        ("2026-11-27 23:59:59", Done("2026-11-30 09:00"), 1, "Friday's done on Monday"),
        ("2026-11-27 23:59:59", Done("2026-12-01 09:00"), 2, "Friday's done on Tuesday"),
        ("2026-11-27 23:59:59", OpenAt("2026-11-30 12:00"), 1, "Friday's still open on Monday"),
        // Christmas Day (Fri 25), the weekend and the Boxing Day substitute (Mon 28) skipped.
        ("2026-12-24 23:59:59", Done("2026-12-29 10:00"), 1, "Thursday 24's done on Tuesday 29"),
        ("2026-12-24 23:59:59", Done("2026-12-28 12:00"), 0, "done on the Boxing Day substitute"),
        ("2026-12-24 23:59:59", OpenAt("2026-12-30 09:00"), 2, "still open on Wednesday 30"),
        // Good Friday (26) and Easter Monday (29) 2027 skipped, across the change to BST.
        ("2027-03-25 23:59:59", Done("2027-03-30 08:00"), 1, "Thursday's done on Tuesday"),
        ("2026-12-05 10:00:00", Done("2026-12-07 09:00"), 1, "recording due Saturday, done Monday"),
        // Due at 00:59:59 on Wednesday 10 June, UK time: that is the day it fell due.
        ("2026-06-09 23:59:59", Done("2026-06-10 13:00"), 0, "summer: UK days, not UTC days"),
        ("2026-06-09 23:59:59", Done("2026-06-11 08:00"), 1, "summer: the next UK working day"),
    ];
    for (due, end, days, why) in table {
        let due = t(due);
        let (met, until) = match end {
            Done(met) => (Some(t(met)), t(met)),
            OpenAt(as_of) => (None, t(as_of)),
        };
        let lateness = Lateness::of(due, met, until, &cal);
        assert_eq!(lateness, Some(Lateness { working_days: days, time: until - due }), "{why}");
    }
}

/// How a deadline in a test ends: done at a time, or still open when judged at a time.
enum End {
    Done(&'static str),
    OpenAt(&'static str),
}

#[test]
fn lateness_keeps_the_time_late_and_none_for_deadlines_met_or_not_yet_due() {
    let (cal, due) = (cal(), t("2026-12-24 23:59:59"));
    let late = Lateness::of(due, Some(t("2026-12-29 10:00")), t("2027-01-04 12:00"), &cal);
    let time = TimeDelta::hours(106) + TimeDelta::seconds(1);
    assert_eq!(late, Some(Lateness { working_days: 1, time }));
    assert_eq!(Lateness::of(due, Some(due), due + TimeDelta::days(9), &cal), None);
    assert_eq!(Lateness::of(due, None, due, &cal), None);
    assert_eq!(Lateness::of(due, Some(due + TimeDelta::days(1)), due, &cal), None);
}

#[test]
fn financial_quarters_run_from_uk_midnight_to_uk_midnight() {
    let now = t("2027-06-01 12:00");
    // (quarter of 2026/27, start, end, label); midnight in summer time is 23:00 UTC.
    let table = [
        (Q1, "2026-03-31 23:00", "2026-06-30 23:00", "1 April to 30 June 2026 (quarter 1 of 2026/27)"),
        (Q2, "2026-06-30 23:00", "2026-09-30 23:00", "1 July to 30 September 2026 (quarter 2 of 2026/27)"),
        (Q3, "2026-09-30 23:00", "2027-01-01 00:00", "1 October to 31 December 2026 (quarter 3 of 2026/27)"),
        (Q4, "2027-01-01 00:00", "2027-03-31 23:00", "1 January to 31 March 2027 (quarter 4 of 2026/27)"),
    ];
    for (q, start, end, label) in table {
        assert_eq!(Period::Quarter { year: 2026, q }.range(now), Ok(range(start, end, label)), "{q:?}");
    }
    let q4_2025 = Period::Quarter { year: 2025, q: Q4 }.range(now);
    let label = "1 January to 31 March 2026 (quarter 4 of 2025/26)";
    assert_eq!(q4_2025, Ok(range("2026-01-01 00:00", "2026-03-31 23:00", label)));
    let q1_2099 = Period::Quarter { year: 2099, q: Q1 }.range(now).unwrap();
    assert!(q1_2099.label.ends_with("of 2099/00)"), "{}", q1_2099.label);
    assert_eq!(Period::Quarter { year: i32::MAX, q: Q4 }.range(now), Err(PeriodError::OutOfRange));
    assert_eq!(
        FinancialQuarter::ALL.map(|q| FinancialQuarter::from_number(q.number())),
        [Q1, Q2, Q3, Q4].map(Some)
    );
    assert_eq!([0, 5].map(FinancialQuarter::from_number), [None, None]);
}

#[test]
fn the_quarter_containing_a_date_and_the_one_before_it() {
    // (date, the quarter it is in, the quarter before)
    let table = [
        (d(2027, 2, 14), (2026, Q4), (2026, Q3)),
        (d(2027, 1, 1), (2026, Q4), (2026, Q3)),
        (d(2026, 3, 31), (2025, Q4), (2025, Q3)),
        (d(2026, 4, 1), (2026, Q1), (2025, Q4)),
        (d(2026, 6, 30), (2026, Q1), (2025, Q4)),
        (d(2026, 7, 1), (2026, Q2), (2026, Q1)),
        (d(2026, 10, 1), (2026, Q3), (2026, Q2)),
        (d(2026, 12, 31), (2026, Q3), (2026, Q2)),
    ];
    for (date, (year, q), (year_before, before)) in table {
        let found = (Period::quarter_containing(date), Period::previous_quarter(date));
        let expected = (Period::Quarter { year, q }, Period::Quarter { year: year_before, q: before });
        assert_eq!(found, expected, "{date}");
    }
}

#[test]
fn this_week_and_the_last_4_weeks_start_at_midnight_uk_time() {
    use Period::{LastFourWeeks, ThisWeek};
    // (period, now, start, label)
    let table = [
        (ThisWeek, "2026-12-06 15:00", "2026-11-30 00:00", "This week (from Monday 30 November 2026)"),
        (ThisWeek, "2026-11-30 00:00", "2026-11-30 00:00", "This week (from Monday 30 November 2026)"),
        // 00:30 on Monday 8 June, UK time, is still Sunday in UTC.
        (ThisWeek, "2026-06-07 23:30", "2026-06-07 23:00", "This week (from Monday 8 June 2026)"),
        (ThisWeek, "2026-06-07 22:59:59", "2026-05-31 23:00", "This week (from Monday 1 June 2026)"),
        // The clocks went forward on Sunday 29 March 2026; the week began in winter time.
        (ThisWeek, "2026-03-29 12:00", "2026-03-23 00:00", "This week (from Monday 23 March 2026)"),
        // The clocks went back on Sunday 25 October 2026.
        (LastFourWeeks, "2026-11-01 12:00", "2026-10-04 23:00", "Last 4 weeks (from Monday 5 October 2026)"),
        (
            LastFourWeeks,
            "2026-11-30 10:00",
            "2026-11-03 00:00",
            "Last 4 weeks (from Tuesday 3 November 2026)",
        ),
    ];
    for (period, now, start, label) in table {
        assert_eq!(period.range(t(now)), Ok(range(start, now, label)), "{period:?} at {now}");
    }
}

#[test]
fn a_custom_period_is_whole_uk_days_up_to_a_year() {
    let now = t("2026-12-01 12:00");
    let custom = |from, to| Period::Custom { from, to }.range(now);
    // (from, to, start, end)
    let table = [
        (d(2026, 3, 29), d(2026, 3, 29), "2026-03-29 00:00", "2026-03-29 23:00"),
        (d(2026, 10, 25), d(2026, 10, 25), "2026-10-24 23:00", "2026-10-26 00:00"),
        (d(2027, 1, 1), d(2027, 1, 15), "2027-01-01 00:00", "2027-01-16 00:00"),
        (d(2028, 1, 1), d(2028, 12, 31), "2028-01-01 00:00", "2029-01-01 00:00"),
        (d(2026, 1, 1), d(2027, 1, 1), "2026-01-01 00:00", "2027-01-02 00:00"),
    ];
    for (from, to, start, end) in table {
        let found = custom(from, to).map(|r| (r.start, r.end));
        assert_eq!(found, Ok((t(start), t(end))), "{from} to {to}");
    }
    // (from, to, label)
    let labels = [
        (d(2026, 3, 29), d(2026, 3, 29), "29 March 2026"),
        (d(2027, 1, 1), d(2027, 1, 15), "1 to 15 January 2027"),
        (d(2027, 1, 1), d(2027, 3, 31), "1 January to 31 March 2027"),
        (d(2026, 12, 1), d(2027, 1, 31), "1 December 2026 to 31 January 2027"),
    ];
    for (from, to, label) in labels {
        assert_eq!(custom(from, to).map(|r| r.label), Ok(label.to_string()));
    }
    // (from, to, error)
    let errors = [
        (d(2026, 5, 2), d(2026, 5, 1), PeriodError::StartAfterEnd),
        (d(2026, 1, 1), d(2027, 1, 2), PeriodError::TooLong),
        (d(2025, 4, 1), d(2027, 3, 31), PeriodError::TooLong),
        (NaiveDate::MAX, NaiveDate::MAX, PeriodError::OutOfRange),
    ];
    for (from, to, error) in errors {
        assert_eq!(custom(from, to), Err(error), "{from} to {to}");
    }
    let messages = [PeriodError::StartAfterEnd, PeriodError::TooLong].map(|e| e.to_string());
    assert_eq!(
        messages,
        ["The start date must be on or before the end date", "Choose a period of a year or less"]
    );
}

#[test]
fn a_period_contains_its_start_but_not_its_end() {
    let day = Period::Custom { from: d(2026, 4, 1), to: d(2026, 4, 1) }.range(t("2026-12-01 00:00")).unwrap();
    let second = TimeDelta::seconds(1);
    let found = [day.start - second, day.start, day.end - second, day.end].map(|at| day.contains(at));
    assert_eq!(found, [false, true, true, false]);
}

#[test]
fn percentages_round_half_up_but_read_100_only_when_all_and_0_only_when_none() {
    // (numerator, denominator, percent, words)
    let table = [
        (0, 0, None, "No reports"),
        (1, 3, Some(33), "33% (1 of 3)"),
        (2, 3, Some(67), "67% (2 of 3)"),
        (23, 50, Some(46), "46% (23 of 50)"),
        (1, 8, Some(13), "13% (1 of 8)"),
        (1, 2, Some(50), "50% (1 of 2)"),
        (199, 200, Some(99), "99% (199 of 200)"),
        (995, 1000, Some(99), "99% (995 of 1,000)"),
        (200, 200, Some(100), "100% (200 of 200)"),
        (1, 300, Some(1), "1% (1 of 300)"),
        (1, 200, Some(1), "1% (1 of 200)"),
        (5, 1_234_567, Some(1), "1% (5 of 1,234,567)"),
        (0, 5, Some(0), "0% (0 of 5)"),
        (1990, 2000, Some(99), "99% (1,990 of 2,000)"),
        (9, 3, Some(100), "100% (3 of 3)"),
    ];
    for (n, den, percent, words) in table {
        let rate = Rate::new(n, den);
        assert_eq!((rate.percent(), rate.to_string().as_str()), (percent, words), "{n} of {den}");
    }
    assert_eq!(Rate::new(u64::MAX - 1, u64::MAX).percent(), Some(99));
}

#[test]
fn durations_give_the_median_and_the_90th_percentile_by_nearest_rank() {
    let minutes = |list: &[i64]| list.iter().map(|&m| TimeDelta::minutes(m)).collect::<Vec<_>>();
    let one_to = |n: i64| minutes(&(1..=n).rev().collect::<Vec<_>>());
    // (durations, median in seconds, 90th percentile in minutes)
    let table = [
        (minutes(&[7]), 420, 7),
        (minutes(&[5, 1, 3]), 180, 5),
        (minutes(&[4, 1, 3, 2]), 150, 4),
        (one_to(10), 330, 9),
        (one_to(11), 360, 10),
        (one_to(19), 600, 18),
        (one_to(20), 630, 18),
        (one_to(100), 3030, 90),
    ];
    for (list, median, p90) in table {
        let count = list.len() as u64;
        let (median, percentile_90) = (TimeDelta::seconds(median), TimeDelta::minutes(p90));
        assert_eq!(
            DurationFigures::of(list),
            Some(DurationFigures { count, median, percentile_90 }),
            "{count}"
        );
    }
    assert_eq!(DurationFigures::of([]), None);
}

#[test]
fn deadline_figures_leave_deadlines_not_yet_due_out_of_the_on_time_rate() {
    let as_of = t("2026-12-07 12:00");
    let deadlines = [
        (t("2026-12-01 23:59:59"), Some(t("2026-12-01 10:00"))),
        (t("2026-12-02 23:59:59"), Some(t("2026-12-02 23:59:59"))),
        // Late by 2 working days (Friday to Tuesday).
        (t("2026-11-27 23:59:59"), Some(t("2026-12-01 09:00"))),
        // Overdue by 4 working days (Tuesday 1 to Monday 7 December).
        (t("2026-12-01 23:59:59"), None),
        (t("2026-12-08 23:59:59"), None),
        (t("2026-12-09 23:59:59"), Some(t("2026-12-08 09:00"))),
    ];
    let figures = DeadlineFigures::of(deadlines, as_of, &cal());
    let median_working_days_late = Some(3.0);
    assert_eq!(
        figures,
        DeadlineFigures { met: 2, late: 1, overdue: 1, pending: 2, median_working_days_late }
    );
    assert_eq!(figures.on_time_rate().to_string(), "50% (2 of 4)");
    let odd = DeadlineFigures::of(deadlines[..3].iter().copied(), as_of, &cal());
    assert_eq!((odd.median_working_days_late, odd.on_time_rate().percent()), (Some(2.0), Some(67)));
    let none = DeadlineFigures::of([], as_of, &cal());
    assert_eq!((none.median_working_days_late, none.on_time_rate().to_string()), (None, "No reports".into()));
}

#[test]
fn figures_by_kind_count_each_kind_apart() {
    let (due, as_of) = (t("2026-12-01 23:59:59"), t("2026-12-07 12:00"));
    let referral = DeadlineKind::Referral(crate::wizard::Agency::VictimSupport);
    let late = Some(due + TimeDelta::days(1));
    let deadlines =
        [(DeadlineKind::Record, due, Some(due)), (referral, due, None), (DeadlineKind::Record, due, late)];
    let by_kind = figures_by_kind(deadlines, as_of, &cal());
    let counts: Vec<_> = by_kind.iter().map(|(k, f)| (*k, f.met, f.late, f.overdue)).collect();
    assert_eq!(counts, [(DeadlineKind::Record, 1, 1, 0), (referral, 0, 0, 1)]);
}

#[test]
fn duties_count_the_reports_they_apply_to_done_by_the_moment_judged() {
    let as_of = t("2026-12-07 12:00");
    let hour = TimeDelta::hours(1);
    let reports = [
        (true, Some(as_of - hour)),
        (true, Some(as_of + hour)),
        (true, None),
        (false, Some(as_of - hour)),
        (false, None),
    ];
    let figures = DutyFigures::of(reports, as_of);
    assert_eq!(figures, DutyFigures { applicable: 3, done: 1 });
    assert_eq!(figures.rate().to_string(), "33% (1 of 3)");
    assert_eq!(DutyFigures::of([], as_of).rate().percent(), None);
}

#[test]
fn the_2017_audit_figures_sit_beside_the_duties_it_measured() {
    let percents = Duty::ALL.map(|duty| duty.baseline().map(|b| b.percent));
    assert_eq!(percents, [Some(69), Some(46), None, Some(89)]);
    for baseline in Duty::ALL.iter().filter_map(|duty| duty.baseline()) {
        assert!(baseline.source.contains("2017") && baseline.source.contains("Supporting Victims of Crime"));
    }
    let labels: std::collections::HashSet<_> = Duty::ALL.map(Duty::label).into_iter().collect();
    assert_eq!(labels.len(), Duty::ALL.len());
}

/// A time from 2024 to 2028, the years the shipped calendar covers.
fn any_time() -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..1827 * 86_400).prop_map(|s| t("2024-01-01 00:00") + TimeDelta::seconds(s))
}

proptest! {
    #[test]
    fn only_late_and_overdue_deadlines_have_a_lateness_and_it_is_after_the_due_time(
        due in any_time(), met in proptest::option::of(any_time()), as_of in any_time(),
    ) {
        let standing = Standing::of(due, met, as_of);
        let lateness = Lateness::of(due, met, as_of, &cal());
        prop_assert_eq!(lateness.is_some(), matches!(standing, Standing::Late | Standing::Overdue));
        if let Some(lateness) = lateness {
            prop_assert!(lateness.time > TimeDelta::zero());
            prop_assert!(i64::from(lateness.working_days) <= lateness.time.num_days() + 1);
        }
    }

    #[test]
    fn a_percentage_is_within_1_of_the_share_and_reads_0_or_100_only_when_exact(
        den in 1u64..5000, share in 0.0f64..=1.0,
    ) {
        let n = ((den as f64) * share).floor() as u64;
        let percent = Rate::new(n, den).percent().unwrap();
        prop_assert!((f64::from(percent) - 100.0 * n as f64 / den as f64).abs() <= 1.0);
        prop_assert_eq!(percent == 100, n == den);
        prop_assert_eq!(percent == 0, n == 0);
    }

    #[test]
    fn counted_durations_give_the_figures_of_the_durations_written_out(
        counted in proptest::collection::vec((0i64..50_000, 0u64..6), 0..40),
    ) {
        let counted: Vec<(TimeDelta, u64)> =
            counted.into_iter().map(|(m, n)| (TimeDelta::minutes(m), n)).collect();
        let written = counted.iter().flat_map(|(time, n)| std::iter::repeat_n(*time, *n as usize));
        prop_assert_eq!(DurationFigures::of_counted(counted.iter().copied()), DurationFigures::of(written));
    }

    #[test]
    fn a_custom_period_runs_from_uk_midnight_to_uk_midnight(from in any_time(), days in 0u64..366) {
        let from = uk_date(from);
        let to = from + Days::new(days);
        let range = Period::Custom { from, to }.range(t("2026-01-01 00:00")).unwrap();
        let [start, end] = [range.start, range.end].map(|at| at.with_timezone(&London));
        prop_assert_eq!((start.date_naive(), start.time()), (from, NaiveTime::MIN));
        prop_assert_eq!((end.date_naive(), end.time()), (to + Days::new(1), NaiveTime::MIN));
        let hours = (range.end - range.start).num_hours() - 24 * (days as i64 + 1);
        prop_assert!((-1..=1).contains(&hours), "{hours}");
    }
}

#[test]
fn the_median_of_counted_values_is_the_median_of_the_values_written_out() {
    let cases: [&[(u32, u64)]; 6] =
        [&[], &[(3, 0)], &[(2, 1)], &[(5, 2), (1, 1)], &[(1, 2), (4, 2)], &[(7, 1), (0, 3), (2, 1)]];
    for counted in cases {
        let mut written: Vec<u32> =
            counted.iter().flat_map(|(v, n)| std::iter::repeat_n(*v, *n as usize)).collect();
        written.sort_unstable();
        let expected = middle(&written).map(|(a, b)| (f64::from(a) + f64::from(b)) / 2.0);
        assert_eq!(median_of_counted(counted.iter().copied()), expected, "{counted:?}");
    }
    assert_eq!(median_of_counted([(1, 2), (4, 2)]), Some(2.5));
    assert_eq!(median_of_counted([(7, 1), (0, 3), (2, 1)]), Some(0.0));
}

#[test]
fn duties_and_standings_read_back_from_their_slugs() {
    for duty in Duty::ALL {
        assert_eq!(Duty::from_slug(duty.slug()), Some(duty));
    }
    for standing in Standing::ALL {
        assert_eq!(Standing::from_slug(standing.slug()), Some(standing));
    }
    assert_eq!((Duty::from_slug("late"), Standing::from_slug("vps-explained")), (None, None));
}
