//! What each field's form takes, as a check and as the pattern the document states.

use super::*;

/// Characters free text may not hold: `char::is_control` but for tab, line feed and carriage
/// return. The pattern below says the same for the document.
pub(super) fn has_control_characters(value: &str) -> bool {
    value.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// The document's pattern for free text: no C0 or C1 control character but tab, LF and CR.
pub const TEXT_PATTERN: &str = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$";

impl Format {
    /// The regular expression the document states, without anchors. Only ASCII character
    /// classes, so that every JSON Schema dialect reads it the same way.
    pub fn pattern(self) -> String {
        match self {
            Format::Day | Format::Month => "[0-9]{1,2}".into(),
            Format::Year => "[0-9]{4}".into(),
            Format::Time => {
                let minutes = "([:.][0-5][0-9])?";
                format!("(([01]?[0-9]|2[0-3]){minutes}|(0?[1-9]|1[0-2]){minutes} ?[AaPp][Mm])")
            }
            Format::Postcode => "[A-Za-z]{1,2}[0-9]([0-9]|[A-Za-z])? ?[0-9][A-Za-z]{2}".into(),
            Format::Money => {
                let digits = MONEY_MAX_POUNDS.to_string().len();
                let groups = (digits - 1) / 3;
                format!("£?([0-9]{{1,{digits}}}|[0-9]{{1,3}}(,[0-9]{{3}}){{1,{groups}}})(\\.[0-9]{{2}})?")
            }
            Format::Registration => format!(
                "[A-Za-z0-9]( ?[A-Za-z0-9]){{{},{}}}",
                REGISTRATION_CHARS.start() - 1,
                REGISTRATION_CHARS.end() - 1
            ),
            Format::Email => format!(
                "[A-Za-z0-9.!#$%&'*+/=?^_`{{|}}~-]{{1,{EMAIL_LOCAL_MAX_BYTES}}}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+"
            ),
            Format::Phone => format!(
                "\\+?[ ()-]{{0,3}}([0-9][ ()-]{{0,3}}){{{},{}}}",
                PHONE_DIGITS.start(),
                PHONE_DIGITS.end()
            ),
        }
    }

    /// Whether `value` (not empty) has this form: exactly what [`Format::pattern`] matches.
    pub fn matches(self, value: &str) -> bool {
        let digits = |s: &str, len: std::ops::RangeInclusive<usize>| {
            len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
        };
        match self {
            Format::Day | Format::Month => digits(value, 1..=2),
            Format::Year => digits(value, 4..=4),
            Format::Time => is_time(value),
            Format::Postcode => is_postcode(value),
            Format::Money => is_money(value),
            Format::Registration => {
                let b = value.as_bytes();
                let alnum = b.iter().filter(|c| c.is_ascii_alphanumeric()).count();
                REGISTRATION_CHARS.contains(&alnum)
                    && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b' ')
                    && b.first() != Some(&b' ')
                    && b.last() != Some(&b' ')
                    && !value.contains("  ")
            }
            Format::Email => is_email(value),
            Format::Phone => is_phone(value),
        }
    }

    /// What to send instead.
    pub fn message(self) -> &'static str {
        match self {
            Format::Day => "Send the day as a number of 1 or 2 digits, like 3 or 27.",
            Format::Month => "Send the month as a number of 1 or 2 digits, like 3 or 12.",
            Format::Year => "Send the year as 4 digits, like 2025.",
            Format::Time => "Enter a real time, like 14:30, 9.05 or 2:30pm.",
            Format::Postcode => "Enter a real UK postcode, like SW1A 1AA or SW1A1AA.",
            Format::Money => "Enter the value in pounds, like 250, 89.99, £1,200.50 or £1200.50.",
            Format::Registration => {
                "Enter the registration number using letters and numbers only, with single spaces, like AB12 CDE."
            }
            Format::Email => "Enter an email address in the correct format, like name@example.com.",
            Format::Phone => {
                "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192."
            }
        }
    }
}

pub(super) fn is_time(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    let (clock, twelve_hour) = match lower.strip_suffix("am").or_else(|| lower.strip_suffix("pm")) {
        Some(clock) => (clock.strip_suffix(' ').unwrap_or(clock), true),
        None => (lower.as_str(), false),
    };
    let (hours, minutes) = match clock.find([':', '.']) {
        Some(i) => (&clock[..i], Some(&clock[i + 1..])),
        None => (clock, None),
    };
    let two_digits = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
    if minutes.is_some_and(|m| !two_digits(m) || m.as_bytes()[0] > b'5') {
        return false;
    }
    if !(1..=2).contains(&hours.len()) || !hours.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let hour: u32 = hours.parse().unwrap_or(99);
    if twelve_hour {
        (1..=12).contains(&hour)
    } else {
        hour <= 23
    }
}

pub(super) fn is_postcode(value: &str) -> bool {
    let b = value.as_bytes();
    if !value.is_ascii() || b.len() < 5 {
        return false;
    }
    let (rest, inward) = b.split_at(b.len() - 3);
    if !(inward[0].is_ascii_digit() && inward[1].is_ascii_alphabetic() && inward[2].is_ascii_alphabetic()) {
        return false;
    }
    let outward = rest.strip_suffix(b" ").unwrap_or(rest);
    let letters = outward.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    let after = &outward[letters.min(outward.len())..];
    (1..=2).contains(&letters)
        && (1..=2).contains(&after.len())
        && after[0].is_ascii_digit()
        && after.get(1).is_none_or(|c| c.is_ascii_alphanumeric())
}

pub(super) fn is_money(value: &str) -> bool {
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let value = value.strip_prefix('£').unwrap_or(value);
    let (pounds, pence) = match value.split_once('.') {
        Some((pounds, pence)) => (pounds, Some(pence)),
        None => (value, None),
    };
    if pence.is_some_and(|p| p.len() != 2 || !all_digits(p)) {
        return false;
    }
    let digits = MONEY_MAX_POUNDS.to_string().len();
    if !pounds.contains(',') {
        return (1..=digits).contains(&pounds.len()) && all_digits(pounds);
    }
    let mut groups = pounds.split(',');
    let first = groups.next().unwrap_or("");
    let rest: Vec<&str> = groups.collect();
    (1..=3).contains(&first.len())
        && all_digits(first)
        && (1..=(digits - 1) / 3).contains(&rest.len())
        && rest.iter().all(|g| g.len() == 3 && all_digits(g))
}

pub(super) fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else { return false };
    let local_ok = (1..=EMAIL_LOCAL_MAX_BYTES).contains(&local.len())
        && local.bytes().all(|b| b.is_ascii_alphanumeric() || b"._!#$%&'*+/=?^`{|}~-".contains(&b));
    let labels: Vec<&str> = domain.split('.').collect();
    local_ok
        && labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
}

pub(super) fn is_phone(value: &str) -> bool {
    let rest = value.strip_prefix('+').unwrap_or(value);
    let (mut digits, mut run) = (0, 0);
    for c in rest.chars() {
        if c.is_ascii_digit() {
            digits += 1;
            run = 0;
        } else if matches!(c, ' ' | '(' | ')' | '-') {
            run += 1;
            if run > 3 {
                return false;
            }
        } else {
            return false;
        }
    }
    PHONE_DIGITS.contains(&digits)
}
