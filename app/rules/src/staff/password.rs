//! Passwords for staff accounts, after the NCSC's guidance: long passphrases welcome, no rules
//! about character classes, no forced rotation, and the commonest passwords refused.

/// The fewest characters a password may have.
pub const PASSWORD_MIN: usize = 12;
/// The most characters a password may have (argon2id hashes any length, but a limit keeps a
/// megabyte "password" from costing anything).
pub const PASSWORD_MAX: usize = 256;

/// Passwords (and their stems) that appear at the top of every breached-password list, in lower
/// case. A password that is one of these, or one of these with digits or symbols added, is
/// refused.
const COMMON: &[&str] = &[
    "password",
    "passw0rd",
    "p@ssword",
    "p@ssw0rd",
    "qwerty",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "letmein",
    "welcome",
    "iloveyou",
    "admin",
    "administrator",
    "abc123",
    "monkey",
    "dragon",
    "football",
    "baseball",
    "sunshine",
    "princess",
    "starwars",
    "whatever",
    "trustno1",
    "superman",
    "batman",
    "master",
    "shadow",
    "michael",
    "jennifer",
    "liverpool",
    "arsenal",
    "chelsea",
    "manchester",
    "changeme",
    "secret",
    "police",
    "midshire",
    "summer",
    "winter",
    "spring",
    "autumn",
    "london",
    "england",
    "computer",
    "internet",
    "default",
    "login",
    "qazwsx",
    "1q2w3e4r",
    "zaq12wsx",
    "abcdef",
    "abcdefgh",
    "abcdefghijkl",
];

/// Whether `password` may be used by the person with `email`; the message says why not, in words
/// for the person choosing it.
pub fn check_password(password: &str, email: &str) -> Result<(), &'static str> {
    let length = password.chars().count();
    if password.trim().is_empty() {
        return Err("Enter a password");
    }
    if length < PASSWORD_MIN {
        return Err("Your password must be 12 characters or more. A few unrelated words make a strong one");
    }
    if length > PASSWORD_MAX {
        return Err("Your password must be 256 characters or fewer");
    }
    let lower = password.to_lowercase();
    let mut chars = lower.chars();
    let first = chars.next();
    if chars.all(|c| Some(c) == first) {
        return Err("Your password is too easy to guess. Choose one that is not a single repeated character");
    }
    if is_sequence(&lower) {
        return Err("Your password is too easy to guess. Choose one that is not a run of keys or numbers");
    }
    let stem: String = lower.trim_matches(|c: char| !c.is_alphabetic()).to_string();
    if COMMON.iter().any(|common| {
        lower == *common || stem == *common || stem.trim_end_matches(|c: char| c.is_ascii_digit()) == *common
    }) {
        return Err("Your password is one of the most common passwords. Choose one that is harder to guess");
    }
    let local = email.split('@').next().unwrap_or_default().to_lowercase();
    if local.len() >= 3
        && (stem == local
            || lower.starts_with(&local) && lower[local.len()..].chars().all(|c| !c.is_alphabetic()))
    {
        return Err("Your password must not be your email address");
    }
    Ok(())
}

/// Digits or letters in a run ("123456789012", "abcdefghijkl").
fn is_sequence(password: &str) -> bool {
    let codes: Vec<u32> = password.chars().map(u32::from).collect();
    codes.windows(2).all(|w| w[1] == w[0] + 1 || (w[0] == u32::from('9') && w[1] == u32::from('0')))
}
