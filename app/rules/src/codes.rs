//! Crime reference numbers and tracking codes.
//!
//! Policy: OWASP ASVS 5.0 11.5.1 and 6.5.2 as applied in the portal's security brief. The
//! reference is an identifier, not a secret: random (not sequential, so it reveals nothing about
//! volumes), read aloud over the phone, so it uses an alphabet without look-alike characters
//! (no 0/O, 1/I/L) and ends with a check character that catches a mistyped or swapped character.
//! The tracking code is the secret that goes with it: at least 50 bits, shown once, stored only
//! as an argon2id hash by the caller.

use std::fmt;

use rand_core::RngCore;
use serde::{Deserialize, Serialize};

/// The 31 characters used: A–Z without I, L, O, and 2–9.
pub const ALPHABET: &[u8; 31] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const BASE: u32 = ALPHABET.len() as u32;

/// Random characters in a reference (31^8 ≈ 8.5 × 10^11 possibilities), plus one check character.
const REFERENCE_RANDOM: usize = 8;
/// Characters in a tracking code: 31^12 ≈ 2^59.
const TRACKING_LEN: usize = 12;

fn value_of(c: char) -> Option<u32> {
    let upper = c.to_ascii_uppercase() as u8;
    ALPHABET.iter().position(|&a| a == upper).map(|p| p as u32)
}

fn random_chars(rng: &mut impl RngCore, n: usize) -> Vec<u8> {
    // Rejection sampling keeps every character equally likely.
    let limit = u32::MAX - (u32::MAX % BASE);
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let x = rng.next_u32();
        if x < limit {
            out.push(ALPHABET[(x % BASE) as usize]);
        }
    }
    out
}

/// The check character `c` makes `Σ (i + 1) · value(charᵢ)` over all nine characters, check
/// included, a multiple of 31. Because 31 is prime and the weights 1–9 are distinct and non-zero,
/// any single wrong character and any swap of two neighbours changes the sum, so both are caught.
fn check_char(payload: &[u8]) -> u8 {
    let weighted: u32 = payload
        .iter()
        .enumerate()
        .map(|(i, &c)| (i as u32 + 1) * value_of(c as char).expect("payload uses the alphabet"))
        .sum();
    // The check character's weight is 9; 7 is its inverse modulo 31 (9 × 7 = 63 = 2 × 31 + 1).
    let needed = (BASE - weighted % BASE) % BASE;
    ALPHABET[(needed * 7 % BASE) as usize]
}

/// Keeps the alphabet's characters, dropping spaces and hyphens people type or paste.
fn normalise(input: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    for c in input.chars() {
        if c == ' ' || c == '-' {
            continue;
        }
        out.push(ALPHABET[value_of(c)? as usize]);
    }
    Some(out)
}

fn grouped(chars: &[u8], group: usize) -> String {
    chars.chunks(group).map(|g| std::str::from_utf8(g).expect("ascii")).collect::<Vec<_>>().join("-")
}

/// A crime reference number such as `K7Q-M4X-2PC`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Reference(String);

/// Why a typed reference is not one of ours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReferenceError {
    #[error("a reference has 9 letters and numbers, like K7Q-M4X-2PC")]
    WrongLength,
    #[error("a reference only uses the letters A to Z (not I, L or O) and the numbers 2 to 9")]
    BadCharacter,
    #[error("check the reference: one of its characters is wrong")]
    CheckFailed,
}

impl Reference {
    /// A new random reference.
    pub fn generate(rng: &mut impl RngCore) -> Self {
        let mut chars = random_chars(rng, REFERENCE_RANDOM);
        chars.push(check_char(&chars));
        Self(grouped(&chars, 3))
    }

    /// Reads a reference as a person typed it: any case, with or without spaces and hyphens.
    pub fn parse(input: &str) -> Result<Self, ReferenceError> {
        let chars = normalise(input.trim()).ok_or(ReferenceError::BadCharacter)?;
        if chars.len() != REFERENCE_RANDOM + 1 {
            return Err(ReferenceError::WrongLength);
        }
        let (payload, check) = chars.split_at(REFERENCE_RANDOM);
        if check_char(payload) != check[0] {
            return Err(ReferenceError::CheckFailed);
        }
        Ok(Self(grouped(&chars, 3)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Reference {
    type Error = ReferenceError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Reference> for String {
    fn from(value: Reference) -> Self {
        value.0
    }
}

/// A secret code: the tracking code given with a reference, or a code to resume a saved report.
/// It is never serialised or logged: `Debug` hides it, and only [`SecretCode::expose`] shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretCode(String);

impl SecretCode {
    /// A new random code of 12 characters (about 59 bits), shown as `ABCD-EFGH-JKMN`.
    pub fn generate(rng: &mut impl RngCore) -> Self {
        Self(grouped(&random_chars(rng, TRACKING_LEN), 4))
    }

    /// Reads a code as typed. Returns `None` when it cannot be one of ours, without saying why,
    /// so that a wrong code and a malformed one look the same.
    pub fn parse(input: &str) -> Option<Self> {
        let chars = normalise(input.trim())?;
        (chars.len() == TRACKING_LEN).then(|| Self(grouped(&chars, 4)))
    }

    /// The canonical form, for hashing and for showing once to its owner.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Bits of entropy in a generated code.
    pub fn entropy_bits() -> f64 {
        TRACKING_LEN as f64 * f64::from(BASE).log2()
    }
}

impl fmt::Debug for SecretCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretCode(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rand::{rngs::StdRng, SeedableRng};

    #[test]
    fn the_alphabet_has_no_look_alike_characters() {
        for c in *b"0O1IL" {
            assert!(!ALPHABET.contains(&c), "{}", c as char);
        }
        let mut sorted = ALPHABET.to_vec();
        sorted.dedup();
        assert_eq!(sorted.len(), 31);
    }

    #[test]
    fn references_are_grouped_in_threes_and_parse_back() {
        let mut rng = StdRng::seed_from_u64(7);
        let reference = Reference::generate(&mut rng);
        assert_eq!(reference.as_str().len(), 11);
        assert_eq!(reference.as_str().matches('-').count(), 2);
        assert_eq!(Reference::parse(reference.as_str()), Ok(reference.clone()));
        let typed = reference.as_str().replace('-', " ").to_lowercase();
        assert_eq!(Reference::parse(&typed), Ok(reference));
    }

    #[test]
    fn malformed_references_are_refused_with_a_reason() {
        assert_eq!(Reference::parse("ABC-DEF"), Err(ReferenceError::WrongLength));
        assert_eq!(Reference::parse("ABC-DEF-GH0"), Err(ReferenceError::BadCharacter));
        assert_eq!(Reference::parse("<script>"), Err(ReferenceError::BadCharacter));
    }

    #[test]
    fn tracking_codes_carry_at_least_50_bits_and_hide_in_debug_output() {
        assert!(SecretCode::entropy_bits() >= 50.0);
        let code = SecretCode::generate(&mut StdRng::seed_from_u64(1));
        assert_eq!(format!("{code:?}"), "SecretCode(..)");
        assert_eq!(SecretCode::parse(&code.expose().to_lowercase()), Some(code.clone()));
        assert_eq!(SecretCode::parse("ABCD"), None);
    }

    #[test]
    fn generated_values_differ() {
        let mut rng = StdRng::seed_from_u64(3);
        let refs: std::collections::HashSet<_> = (0..10_000).map(|_| Reference::generate(&mut rng)).collect();
        assert_eq!(refs.len(), 10_000);
    }

    proptest! {
        #[test]
        fn any_single_wrong_character_is_caught(seed: u64, pos in 0usize..9, delta in 1u32..31) {
            let reference = Reference::generate(&mut StdRng::seed_from_u64(seed));
            let mut chars: Vec<u8> = reference.as_str().bytes().filter(|&b| b != b'-').collect();
            let v = value_of(chars[pos] as char).unwrap();
            chars[pos] = ALPHABET[((v + delta) % BASE) as usize];
            let typed = String::from_utf8(chars).unwrap();
            prop_assert_eq!(Reference::parse(&typed), Err(ReferenceError::CheckFailed));
        }

        #[test]
        fn any_swap_of_neighbours_is_caught(seed: u64, pos in 0usize..8) {
            let reference = Reference::generate(&mut StdRng::seed_from_u64(seed));
            let mut chars: Vec<u8> = reference.as_str().bytes().filter(|&b| b != b'-').collect();
            prop_assume!(chars[pos] != chars[pos + 1]);
            chars.swap(pos, pos + 1);
            let typed = String::from_utf8(chars).unwrap();
            prop_assert!(Reference::parse(&typed).is_err());
        }
    }
}
