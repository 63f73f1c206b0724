//! Checks for single answers, each returning the parsed value or a message written for the
//! person who typed it (GOV.UK Design System error message style: say what to do, in plain words,
//! never blame). Empty optional answers are `Ok(None)`.

use chrono::{Datelike, NaiveDate, NaiveTime};

/// Longest email address, in characters.
pub const EMAIL_MAX_CHARS: usize = 254;
/// Longest part of an email address before the `@`, in bytes.
pub const EMAIL_LOCAL_MAX_BYTES: usize = 64;
/// How many digits a phone number has.
pub const PHONE_DIGITS: std::ops::RangeInclusive<usize> = 10..=15;
/// How many letters and numbers a vehicle registration has.
pub const REGISTRATION_CHARS: std::ops::RangeInclusive<usize> = 2..=8;
/// The largest amount of money taken, in pounds.
pub const MONEY_MAX_POUNDS: u64 = 10_000_000;

/// Characters that cannot be shown and have no place in a report (line breaks and tabs are fine).
fn has_control_characters(value: &str) -> bool {
    value.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

/// Whether `c` changes the direction text is shown in (the bidirectional embedding, override and
/// isolate controls and the invisible direction marks).
pub fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// `text` with each direction control written out as a visible `[U+202E]`, for staff: a victim's
/// words are stored exactly as sent, but shown so that a control cannot reorder what staff read
/// (make "evil.exe" look like "exe.live", or hide a threat). Other text is unchanged.
pub fn reveal_direction_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_direction_control) {
        return text.into();
    }
    text.chars()
        .map(|c| if is_direction_control(c) { format!("[U+{:04X}]", c as u32) } else { c.to_string() })
        .collect::<String>()
        .into()
}

/// A free-text answer.
#[derive(Clone, Copy, Debug)]
pub struct Text {
    /// The answer's name at the start of a sentence, e.g. "Description of what happened".
    pub name: &'static str,
    /// The message when the answer is required and empty; `None` when it is optional.
    pub required: Option<&'static str>,
    /// Longest answer, in characters.
    pub max_chars: usize,
}

impl Text {
    /// Checks `value`: trimmed, not too long, no invisible control characters. Kept as typed
    /// otherwise (markup included: it is escaped when shown, never interpreted).
    pub fn check(&self, value: &str) -> Result<Option<String>, String> {
        let value = value.trim();
        if value.is_empty() {
            return match self.required {
                Some(message) => Err(message.to_string()),
                None => Ok(None),
            };
        }
        if has_control_characters(value) {
            return Err(format!("{} must not contain special characters that cannot be shown", self.name));
        }
        let chars = crate::character_count::counted(value);
        if chars > self.max_chars {
            return Err(format!(
                "{} must be {} characters or fewer (you have {} characters)",
                self.name, self.max_chars, chars
            ));
        }
        Ok(Some(value.to_string()))
    }
}

/// A UK postcode, normalised to upper case with one space, e.g. `SW1A 1AA`.
pub fn postcode(value: &str) -> Result<Option<String>, String> {
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    if compact.is_empty() {
        return Ok(None);
    }
    let message = || "Enter a real postcode, like SW1A 1AA, or leave it blank".to_string();
    if !(5..=7).contains(&compact.len()) || !compact.is_ascii() {
        return Err(message());
    }
    let (outward, inward) = compact.split_at(compact.len() - 3);
    let inward_ok = {
        let b = inward.as_bytes();
        b[0].is_ascii_digit() && b[1].is_ascii_alphabetic() && b[2].is_ascii_alphabetic()
    };
    // Outward codes: A9, A99, AA9, AA99, A9A, AA9A.
    let shape: String = outward
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                '9'
            } else if c.is_ascii_alphabetic() {
                'A'
            } else {
                '?'
            }
        })
        .collect();
    let outward_ok = matches!(shape.as_str(), "A9" | "A99" | "AA9" | "AA99" | "A9A" | "AA9A");
    if inward_ok && outward_ok {
        Ok(Some(format!("{outward} {inward}")))
    } else {
        Err(message())
    }
}

/// An email address: one `@`, something before it, a dotted domain after it, no spaces.
pub fn email(value: &str) -> Result<Option<String>, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let message = || "Enter an email address in the correct format, like name@example.com".to_string();
    if value.chars().count() > EMAIL_MAX_CHARS || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(message());
    }
    let Some((local, domain)) = value.rsplit_once('@') else { return Err(message()) };
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '.');
    if local.is_empty() || local.contains('@') || local.len() > EMAIL_LOCAL_MAX_BYTES || !domain_ok {
        return Err(message());
    }
    Ok(Some(value.to_string()))
}

/// A UK or international phone number: digits with optional spaces, brackets, hyphens and a
/// leading `+`. Stored as typed (trimmed) so it reads back the way the person wrote it.
pub fn phone(value: &str) -> Result<Option<String>, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let message =
        || "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192".to_string();
    let allowed = value
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')') || (c == '+' && i == 0));
    let digits = value.chars().filter(char::is_ascii_digit).count();
    if !allowed || !PHONE_DIGITS.contains(&digits) {
        return Err(message());
    }
    Ok(Some(value.to_string()))
}

/// A vehicle registration, normalised to upper case without spaces.
pub fn vehicle_registration(value: &str) -> Result<Option<String>, String> {
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    if compact.is_empty() {
        return Ok(None);
    }
    if REGISTRATION_CHARS.contains(&compact.len()) && compact.chars().all(|c| c.is_ascii_alphanumeric()) {
        Ok(Some(compact))
    } else {
        Err("Enter the registration number using letters and numbers only, like AB12 CDE".to_string())
    }
}

/// An amount of money in pounds, e.g. `250`, `£1,200.50`; returned in pence.
pub fn money_pence(value: &str) -> Result<Option<u64>, String> {
    let cleaned: String = value.trim().trim_start_matches('£').chars().filter(|&c| c != ',').collect();
    if cleaned.is_empty() {
        return Ok(None);
    }
    let message = || "Enter the value in pounds, like 250 or 89.99".to_string();
    let (pounds, pence) = match cleaned.split_once('.') {
        Some((p, d)) if d.len() == 2 => (p, d),
        Some(_) => return Err(message()),
        None => (cleaned.as_str(), "00"),
    };
    if pounds.is_empty()
        || !pounds.chars().all(|c| c.is_ascii_digit())
        || !pence.chars().all(|c| c.is_ascii_digit())
    {
        return Err(message());
    }
    let pounds: u64 = pounds.parse().map_err(|_| message())?;
    if pounds > MONEY_MAX_POUNDS {
        return Err("Enter a value of £10,000,000 or less".to_string());
    }
    Ok(Some(pounds * 100 + pence.parse::<u64>().map_err(|_| message())?))
}

/// A date typed in three boxes. `what` completes "Enter …", e.g. "the date it happened".
pub fn date(day: &str, month: &str, year: &str, what: &str) -> Result<Option<NaiveDate>, String> {
    let (day, month, year) = (day.trim(), month.trim(), year.trim());
    let parts = [("day", day), ("month", month), ("year", year)];
    let missing: Vec<&str> = parts.iter().filter(|(_, v)| v.is_empty()).map(|(n, _)| *n).collect();
    match missing.len() {
        3 => return Ok(None),
        0 => {}
        1 => return Err(format!("{} must include a {}", capitalise(what), missing[0])),
        _ => return Err(format!("{} must include a {} and a {}", capitalise(what), missing[0], missing[1])),
    }
    let number = |v: &str| v.parse::<u32>().ok();
    let (Some(d), Some(m), Some(y)) = (number(day), number(month), number(year)) else {
        return Err(format!("{} must be a real date, using numbers, like 27 3 2026", capitalise(what)));
    };
    if year.len() != 4 {
        return Err(format!("The year must include 4 numbers, like {}", 2026));
    }
    NaiveDate::from_ymd_opt(y as i32, m, d)
        .map(Some)
        .ok_or_else(|| format!("{} must be a real date", capitalise(what)))
}

/// A time of day such as `14:30`, `2:30pm` or `9am`.
pub fn time(value: &str) -> Result<Option<NaiveTime>, String> {
    let value = value.trim().to_lowercase().replace(' ', "").replace('.', ":");
    if value.is_empty() {
        return Ok(None);
    }
    let message = || "Enter a real time, like 14:30 or 2:30pm".to_string();
    let (clock, offset) = if let Some(v) = value.strip_suffix("am") {
        (v, Some(0))
    } else if let Some(v) = value.strip_suffix("pm") {
        (v, Some(12))
    } else {
        (value.as_str(), None)
    };
    let (h, m) = clock.split_once(':').unwrap_or((clock, "0"));
    let (Ok(h), Ok(m)) = (h.parse::<u32>(), m.parse::<u32>()) else { return Err(message()) };
    let h = match offset {
        Some(_) if !(1..=12).contains(&h) => return Err(message()),
        Some(extra) => h % 12 + extra,
        None => h,
    };
    NaiveTime::from_hms_opt(h, m, 0).map(Some).ok_or_else(message)
}

/// Whole years between `born` and `on`.
pub fn age_on(born: NaiveDate, on: NaiveDate) -> u32 {
    let mut years = on.year() - born.year();
    if (on.month(), on.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    years.max(0) as u32
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_controls_are_kept_but_shown_to_staff_as_visible_marks() {
        let typed = "Call me on \u{202E}0987\u{202C} after 6";
        let rule = Text { name: "Safe times", required: None, max_chars: 200 };
        assert_eq!(rule.check(typed).unwrap().as_deref(), Some(typed), "stored as sent");
        assert_eq!(reveal_direction_controls(typed), "Call me on [U+202E]0987[U+202C] after 6");
        assert_eq!(reveal_direction_controls("\u{2067}x\u{2069}\u{200F}"), "[U+2067]x[U+2069][U+200F]");
        assert!(matches!(reveal_direction_controls("plain words"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn postcodes() {
        let cases: &[(&str, Result<Option<&str>, ()>)] = &[
            ("", Ok(None)),
            ("sw1a1aa", Ok(Some("SW1A 1AA"))),
            (" B1 1BB ", Ok(Some("B1 1BB"))),
            ("M60 1NW", Ok(Some("M60 1NW"))),
            ("CR2 6XH", Ok(Some("CR2 6XH"))),
            ("DN55 1PT", Ok(Some("DN55 1PT"))),
            ("W1A 0AX", Ok(Some("W1A 0AX"))),
            ("12345", Err(())),
            ("SW1A 1A", Err(())),
            ("<b>B1 1BB", Err(())),
            ("ÄB1 1BB", Err(())),
        ];
        for (input, expected) in cases {
            let got = postcode(input);
            match expected {
                Ok(v) => assert_eq!(got.ok().flatten().as_deref(), *v, "{input}"),
                Err(()) => assert!(got.is_err(), "{input} should be refused"),
            }
        }
    }

    #[test]
    fn emails_and_phones() {
        assert_eq!(email("  jo@example.com ").unwrap().as_deref(), Some("jo@example.com"));
        for bad in ["jo", "jo@", "@example.com", "jo@example", "jo @example.com", "jo@exa..mple.com"] {
            assert!(email(bad).is_err(), "{bad}");
        }
        assert_eq!(phone("07700 900982").unwrap().as_deref(), Some("07700 900982"));
        assert!(phone("+44 (0)121 626 5000").is_ok());
        for bad in ["12345", "0770090098a", "07700+900982", "1234567890123456"] {
            assert!(phone(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn text_limits_and_control_characters() {
        let rule = Text { name: "Description", required: Some("Enter a description"), max_chars: 10 };
        assert_eq!(rule.check("   "), Err("Enter a description".to_string()));
        assert_eq!(rule.check(" <b>hi</b> ").unwrap().as_deref(), Some("<b>hi</b>"));
        assert!(rule.check("hello\u{0}x").unwrap_err().contains("special characters"));
        assert!(rule.check("line\nbreak").is_ok());
        assert!(rule.check("line\r\nbreak").is_ok(), "a line break as a browser sends it is one character");
        assert!(rule.check("ééééééééééé").unwrap_err().contains("10 characters or fewer"));
        let optional = Text { required: None, ..rule };
        assert_eq!(optional.check(""), Ok(None));
    }

    #[test]
    fn dates_say_what_is_missing_or_wrong() {
        let d = |a, b, c| date(a, b, c, "the date it happened");
        assert_eq!(d("", "", ""), Ok(None));
        assert_eq!(d("27", "3", "2026"), Ok(NaiveDate::from_ymd_opt(2026, 3, 27)));
        assert_eq!(d("27", "", "2026").unwrap_err(), "The date it happened must include a month");
        assert_eq!(d("", "", "2026").unwrap_err(), "The date it happened must include a day and a month");
        assert_eq!(d("31", "2", "2026").unwrap_err(), "The date it happened must be a real date");
        assert!(d("x", "2", "2026").unwrap_err().contains("using numbers"));
        assert!(d("1", "2", "26").unwrap_err().contains("4 numbers"));
    }

    #[test]
    fn times_money_and_registrations() {
        assert_eq!(time("14:30").unwrap(), NaiveTime::from_hms_opt(14, 30, 0));
        assert_eq!(time("2:30pm").unwrap(), NaiveTime::from_hms_opt(14, 30, 0));
        assert_eq!(time("12am").unwrap(), NaiveTime::from_hms_opt(0, 0, 0));
        assert!(time("25:00").is_err());
        assert!(time("13pm").is_err());
        assert_eq!(money_pence("£1,200.50"), Ok(Some(120_050)));
        assert_eq!(money_pence("250"), Ok(Some(25_000)));
        assert!(money_pence("12.5").is_err());
        assert!(money_pence("-3").is_err());
        assert_eq!(vehicle_registration("ab12 cde"), Ok(Some("AB12CDE".into())));
        assert!(vehicle_registration("AB-12").is_err());
    }

    #[test]
    fn ages() {
        let born = NaiveDate::from_ymd_opt(2010, 6, 15).unwrap();
        assert_eq!(age_on(born, NaiveDate::from_ymd_opt(2026, 6, 14).unwrap()), 15);
        assert_eq!(age_on(born, NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()), 16);
    }
}
