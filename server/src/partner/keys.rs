//! Partners and their API keys. A key is `pk_` and 256 bits from the operating system's CSPRNG
//! (OWASP ASVS 5.0 11.5.1); only its SHA-256 digest is stored, so a copy of the database opens
//! nothing. A disabled partner's key stops working at once.

use std::fmt;

use crate::{
    secrets,
    store::{self, Pool},
};
use chrono::{DateTime, Utc};

/// What every API key starts with, so a leaked one is easy to recognise and search for.
pub const KEY_PREFIX: &str = "pk_";

/// Characters in the random part: 32 bytes, base64url without padding.
pub const KEY_RANDOM_LEN: usize = 43;

/// Longest partner name, in characters.
const NAME_MAX_CHARS: usize = 100;

/// A partner's API key as sent by the partner. Its `Debug` never shows it.
#[derive(Clone)]
pub struct ApiKey(String);

impl ApiKey {
    /// A new random key.
    pub fn generate() -> Self {
        Self(format!("{KEY_PREFIX}{}", secrets::new_token()))
    }

    /// `text` if it has the shape of one of our keys (checked before any database work).
    pub fn parse(text: &str) -> Option<Self> {
        let random = text.strip_prefix(KEY_PREFIX)?;
        let base64url = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
        (random.len() == KEY_RANDOM_LEN && random.bytes().all(base64url)).then(|| Self(text.to_string()))
    }

    /// The key itself: to show once, or to derive a sealing key from.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(…)")
    }
}

/// The key from the one `Authorization` header, if it is a bearer key of the right shape.
pub fn bearer_key(headers: &http::HeaderMap) -> Option<ApiKey> {
    let mut values = headers.get_all(http::header::AUTHORIZATION).iter();
    let (Some(value), None) = (values.next(), values.next()) else { return None };
    let (scheme, key) = value.to_str().ok()?.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(())?;
    ApiKey::parse(key.trim_start())
}

/// What the rate limits know a partner API call by when it carries a well-formed key: the key's
/// SHA-256 digest (no database look-up; an unknown key still fails with 401 afterwards).
pub fn rate_limit_key(headers: &http::HeaderMap) -> Option<[u8; 32]> {
    use sha2::{Digest, Sha256};
    bearer_key(headers).map(|key| Sha256::digest(key.expose().as_bytes()).into())
}

/// An enabled partner, found by its key.
#[derive(Clone, Debug)]
pub struct Partner {
    pub id: i64,
    pub key: ApiKey,
}

/// The enabled partner whose key is `key`, if any.
pub async fn authenticate(pool: &Pool, key: ApiKey) -> store::Result<Option<Partner>> {
    let id = store::partners::enabled_by_key(pool, &secrets::digest(key.expose())).await?;
    Ok(id.map(|id| Partner { id, key }))
}

/// Why a partner could not be added.
#[derive(Debug, thiserror::Error)]
pub enum AddError {
    #[error("a partner name is 1 to {NAME_MAX_CHARS} characters, without control characters")]
    InvalidName,
    #[error("there is already a partner called {0:?}")]
    NameTaken(String),
    #[error("database: {0}")]
    Database(#[from] store::Error),
}

/// Adds a partner called `name` and returns its new key, which is not stored and cannot be
/// shown again.
pub async fn add(pool: &Pool, name: &str, now: DateTime<Utc>) -> Result<ApiKey, AddError> {
    let name = name.trim();
    let chars = name.chars().count();
    if chars == 0 || chars > NAME_MAX_CHARS || name.chars().any(char::is_control) {
        return Err(AddError::InvalidName);
    }
    let key = ApiKey::generate();
    if store::partners::insert(pool, name, &secrets::digest(key.expose()), now).await? {
        Ok(key)
    } else {
        Err(AddError::NameTaken(name.to_string()))
    }
}

/// What disabling a partner did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Disabled {
    /// The partner was enabled and now is not.
    Now,
    /// The partner was already disabled.
    Already,
    /// No partner has that name.
    NoSuchPartner,
}

/// Disables the partner called `name`, so that its key is refused from now on.
pub async fn disable(pool: &Pool, name: &str, now: DateTime<Utc>) -> store::Result<Disabled> {
    let name = name.trim();
    if store::partners::disable(pool, name, now).await? {
        return Ok(Disabled::Now);
    }
    let exists = store::partners::exists(pool, name).await?;
    Ok(if exists { Disabled::Already } else { Disabled::NoSuchPartner })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_prefixed_256_bit_tokens_and_only_well_formed_ones_parse() {
        let key = ApiKey::generate();
        assert!(key.expose().starts_with("pk_"));
        assert_eq!(key.expose().len(), 3 + 43);
        assert!(ApiKey::parse(key.expose()).is_some());
        assert!(ApiKey::parse(&key.expose()[3..]).is_none(), "the prefix is required");
        assert!(ApiKey::parse(&format!("{}=", key.expose())).is_none());
        assert!(ApiKey::parse("pk_short").is_none());
        assert!(ApiKey::parse(&format!("pk_{}", "!".repeat(43))).is_none());
        assert_ne!(ApiKey::generate().expose(), key.expose());
    }

    #[test]
    fn a_key_never_shows_in_debug_output() {
        let key = ApiKey::generate();
        let partner = Partner { id: 1, key: key.clone() };
        assert!(!format!("{partner:?}").contains(&key.expose()[3..]));
    }
}
