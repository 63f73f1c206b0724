//! The second factor: time-based one-time codes (RFC 6238: HMAC-SHA-1, 6 digits, 30 seconds,
//! what every authenticator app reads), by `totp-rs`. A secret is 160 random bits, stored sealed
//! with a secret the nodes share; each code works once (the account keeps the last step used).

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use chrono::{DateTime, Utc};
use totp_rs::{Algorithm, Secret, TOTP};

use crate::secrets;

/// Seconds per code.
const STEP: u64 = 30;

/// A new secret: 160 random bits, as RFC 4226 recommends.
pub fn new_secret() -> Vec<u8> {
    secrets::random_bytes()[..20].to_vec()
}

fn totp(secret: &[u8]) -> TOTP {
    TOTP::new(Algorithm::SHA1, 6, 0, STEP, secret.to_vec()).expect("a 160-bit secret and 6 digits are valid")
}

/// The 30-second step `at` falls in.
pub fn step_of(at: DateTime<Utc>) -> i64 {
    at.timestamp().div_euclid(STEP as i64)
}

/// The code for `step`.
pub fn code_at(secret: &[u8], step: i64) -> String {
    totp(secret).generate(u64::try_from(step).unwrap_or(0) * STEP)
}

/// The step whose code `code` is, allowing one step either side of `now` for a slow typist or a
/// clock a little out; `None` if it is none of them.
pub fn matching_step(secret: &[u8], code: &str, now: DateTime<Utc>) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let current = step_of(now);
    (current - 1..=current + 1)
        .find(|step| constant_time_eq(code_at(secret, *step).as_bytes(), code.as_bytes()))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The secret in base32, in groups of four, for someone who types it into their app.
pub fn secret_text(secret: &[u8]) -> String {
    let Secret::Encoded(text) = Secret::Raw(secret.to_vec()).to_encoded() else { unreachable!("encoded") };
    let chars: Vec<char> = text.trim_end_matches('=').chars().collect();
    chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join(" ")
}

/// The `otpauth://` address an authenticator app reads from the QR code.
pub fn otpauth_uri(issuer: &str, email: &str, secret: &[u8]) -> String {
    use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
    let issuer_enc = utf8_percent_encode(issuer, NON_ALPHANUMERIC).to_string();
    let email_enc = utf8_percent_encode(email, NON_ALPHANUMERIC).to_string();
    let secret = secret_text(secret).replace(' ', "");
    format!("otpauth://totp/{issuer_enc}:{email_enc}?secret={secret}&issuer={issuer_enc}&algorithm=SHA1&digits=6&period=30")
}

/// The QR code of `uri` as an SVG image, drawn on the server (no script, no third party).
pub fn qr_svg(uri: &str) -> String {
    use qrcode::{render::svg, EcLevel, QrCode};
    let code = QrCode::with_error_correction_level(uri.as_bytes(), EcLevel::M)
        .expect("an otpauth address fits a QR code");
    let image = code.render::<svg::Color>().min_dimensions(200, 200).quiet_zone(true).build();
    // The image alone, without the XML declaration, to sit inside the page.
    match image.find("<svg") {
        Some(start) => image[start..].to_string(),
        None => image,
    }
}

/// `secret` sealed with `key` for storage.
pub fn seal(key: &[u8], secret: &[u8]) -> Vec<u8> {
    secrets::seal(&URL_SAFE_NO_PAD.encode(key), &URL_SAFE_NO_PAD.encode(secret))
}

/// A stored secret opened with `key`; `None` if it does not open.
pub fn open(key: &[u8], sealed: &[u8]) -> Option<Vec<u8>> {
    let text = secrets::open(&URL_SAFE_NO_PAD.encode(key), sealed)?;
    URL_SAFE_NO_PAD.decode(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn codes_follow_rfc_6238() {
        // RFC 6238 appendix B, SHA-1, secret "12345678901234567890", 6 digits (the last 6 of 8).
        let secret = b"12345678901234567890";
        for (time, code) in
            [(59, "287082"), (1_111_111_109, "081804"), (1_234_567_890, "005924"), (2_000_000_000, "279037")]
        {
            assert_eq!(code_at(secret, time / 30), code, "at {time}");
        }
    }

    #[test]
    fn a_code_matches_its_step_and_the_next_one_either_side_only() {
        let secret = new_secret();
        let now = Utc.with_ymd_and_hms(2026, 12, 2, 9, 0, 10).unwrap();
        let step = step_of(now);
        assert_eq!(matching_step(&secret, &code_at(&secret, step), now), Some(step));
        assert_eq!(matching_step(&secret, &code_at(&secret, step - 1), now), Some(step - 1));
        assert_eq!(matching_step(&secret, &code_at(&secret, step + 1), now), Some(step + 1));
        assert_eq!(matching_step(&secret, &code_at(&secret, step - 2), now), None);
        let spaced = code_at(&secret, step);
        assert_eq!(matching_step(&secret, &format!("{} {}", &spaced[..3], &spaced[3..]), now), Some(step));
        assert_eq!(matching_step(&secret, "12345", now), None);
        assert_eq!(matching_step(&secret, "abcdef", now), None);
    }

    #[test]
    fn secrets_seal_and_show_as_text_and_qr() {
        let secret = new_secret();
        let sealed = seal(b"key", &secret);
        assert_eq!(open(b"key", &sealed), Some(secret.clone()));
        assert_eq!(open(b"other key", &sealed), None);
        let text = secret_text(&secret);
        assert_eq!(text.replace(' ', "").len(), 32, "160 bits in base32");
        let uri = otpauth_uri("Midshire Police", "sam@example.org", &secret);
        assert!(uri.starts_with("otpauth://totp/Midshire%20Police:sam%40example%2Eorg?secret="), "{uri}");
        assert!(qr_svg(&uri).contains("<svg"));
    }
}
