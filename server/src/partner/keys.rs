//! Partners and their API keys. A key is `pk_` and 256 bits from the operating system's CSPRNG
//! (OWASP ASVS 5.0 11.5.1); only its SHA-256 digest is stored, so a copy of the database opens
//! nothing. A disabled partner's key stops working at once.

use std::fmt;

use chrono::{DateTime, Utc};
use sqlx::SqlitePool;

use crate::{secrets, store::ts};

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
pub async fn authenticate(pool: &SqlitePool, key: ApiKey) -> sqlx::Result<Option<Partner>> {
    let id: Option<i64> =
        sqlx::query_scalar("select id from partner where key_digest = ? and disabled_at is null")
            .bind(secrets::digest(key.expose()))
            .fetch_optional(pool)
            .await?;
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
    Database(#[from] sqlx::Error),
}

/// Adds a partner called `name` and returns its new key, which is not stored and cannot be
/// shown again.
pub async fn add(pool: &SqlitePool, name: &str, now: DateTime<Utc>) -> Result<ApiKey, AddError> {
    let name = name.trim();
    let chars = name.chars().count();
    if chars == 0 || chars > NAME_MAX_CHARS || name.chars().any(char::is_control) {
        return Err(AddError::InvalidName);
    }
    let key = ApiKey::generate();
    let inserted = sqlx::query("insert into partner (name, key_digest, created_at) values (?, ?, ?)")
        .bind(name)
        .bind(secrets::digest(key.expose()))
        .bind(ts(now))
        .execute(pool)
        .await;
    match inserted {
        Ok(_) => Ok(key),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            Err(AddError::NameTaken(name.to_string()))
        }
        Err(e) => Err(e.into()),
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
pub async fn disable(pool: &SqlitePool, name: &str, now: DateTime<Utc>) -> sqlx::Result<Disabled> {
    let name = name.trim();
    let changed = sqlx::query("update partner set disabled_at = ? where name = ? and disabled_at is null")
        .bind(ts(now))
        .bind(name)
        .execute(pool)
        .await?;
    if changed.rows_affected() == 1 {
        return Ok(Disabled::Now);
    }
    let exists: Option<i64> =
        sqlx::query_scalar("select id from partner where name = ?").bind(name).fetch_optional(pool).await?;
    Ok(if exists.is_some() { Disabled::Already } else { Disabled::NoSuchPartner })
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
