//! Saying how long a free-text answer may be before it is too long, in the GOV.UK Design System's
//! character count pattern: the limit stated under the field, and, as the person types, how many
//! characters they have left or have too many. Counted exactly as the answer's check counts.

/// How many characters of `value` count against its limit: spaces at either end do not (the check
/// trims them), and a line break is one character, as the person sees it, although a browser
/// sends it as two (CR LF).
pub fn counted(value: &str) -> usize {
    let value = value.trim();
    value.chars().count() - value.matches("\r\n").count()
}

/// What the field says before anything is typed, and without JavaScript.
pub fn limit_hint(max: usize) -> String {
    format!("You can enter up to {} characters", thousands(max))
}

/// What the live count says once `count` characters are typed.
pub fn remaining(max: usize, count: usize) -> String {
    let (n, what) = if count <= max { (max - count, "remaining") } else { (count - max, "too many") };
    let unit = if n == 1 { "character" } else { "characters" };
    format!("You have {} {unit} {what}", thousands(n))
}

/// `n` with a comma between each group of three digits, as GOV.UK writes numbers.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_and_the_count_in_plain_words() {
        for (max, count, said) in [
            (500, 0, "You have 500 characters remaining"),
            (500, 499, "You have 1 character remaining"),
            (500, 500, "You have 0 characters remaining"),
            (500, 501, "You have 1 character too many"),
            (5000, 10_000, "You have 5,000 characters too many"),
        ] {
            assert_eq!(remaining(max, count), said, "{max} {count}");
        }
        assert_eq!(limit_hint(5000), "You can enter up to 5,000 characters");
        assert_eq!(limit_hint(200), "You can enter up to 200 characters");
    }

    #[test]
    fn numbers_are_grouped_in_threes() {
        for (n, said) in
            [(0, "0"), (999, "999"), (1000, "1,000"), (10_000, "10,000"), (1_234_567, "1,234,567")]
        {
            assert_eq!(thousands(n), said);
        }
    }

    #[test]
    fn a_line_break_counts_once_and_spaces_at_the_ends_not_at_all() {
        assert_eq!(counted("  two\r\nlines \n"), 9);
        assert_eq!(counted("two\nlines"), 9);
        assert_eq!(counted("ééé"), 3);
    }
}
