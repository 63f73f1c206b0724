//! Staff accounts, managed by an administrator (`portal staff …` or the accounts page): add one
//! with a role, which gives a one-time enrolment link; reset one (a new link; the old password
//! and second factor stop working and every session ends); disable or enable one. Recovery is
//! only ever a reset: nobody can sign in without the second factor.

use chrono::{DateTime, Utc};
use rules::staff::Role;

use super::{normalise_email, totp};
use crate::{
    secrets,
    store::{self, Pool},
    track::audit::{self, Actor, Entry},
};

/// The name of the shared secret that seals TOTP secrets.
pub const TOTP_KEY: &str = "staff-totp";

/// Why an account change was refused.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("Enter an email address in the correct format, like name@example.org")]
    BadEmail,
    #[error("There is already an account for that email address")]
    Exists,
    #[error("There is no account for that email address")]
    NoSuchAccount,
    #[error("database: {0}")]
    Database(#[from] store::Error),
}

/// An enrolment link's token, to give the person (only its digest is stored).
pub struct EnrolmentToken(pub String);

impl EnrolmentToken {
    /// The link under `public_base` (e.g. `https://report.midshire.police.uk`).
    pub fn link(&self, public_base: &str) -> String {
        format!("{}/staff/enrol/{}", public_base.trim_end_matches('/'), self.0)
    }
}

fn plausible(email: &str) -> bool {
    let mut parts = email.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else { return false };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

async fn new_enrolment(
    tx: impl store::Executor<'_>,
    key: &[u8],
    account_id: i64,
    lifetime: chrono::Duration,
    now: DateTime<Utc>,
) -> Result<EnrolmentToken, AccountError> {
    let token = secrets::new_token();
    let sealed = totp::seal(key, &totp::new_secret());
    store::staff::insert_enrolment(tx, &secrets::digest(&token), account_id, &sealed, now + lifetime, now)
        .await?;
    Ok(EnrolmentToken(token))
}

/// Adds an account for `email` with `role`, done by `by`; the enrolment link's token.
pub async fn add(
    pool: &Pool,
    by: Actor<'_>,
    email: &str,
    role: Role,
    lifetime: chrono::Duration,
    now: DateTime<Utc>,
) -> Result<EnrolmentToken, AccountError> {
    let email = normalise_email(email);
    if !plausible(&email) {
        return Err(AccountError::BadEmail);
    }
    // The key first: it is written the first time, which needs the write lock held below.
    let key = crate::db::server_secret(pool, TOTP_KEY).await?;
    let mut conn = pool.acquire().await?;
    let mut tx = store::begin_write(&mut conn).await?;
    let id =
        store::staff::insert_account(&mut tx, &email, role.slug(), now).await?.ok_or(AccountError::Exists)?;
    let token = new_enrolment(&mut tx, &key, id, lifetime, now).await?;
    audit_account(&mut tx, by, "staff-add", id, now).await?;
    tx.commit().await?;
    Ok(token)
}

/// Resets the account for `email`: its password and second factor stop working, its sessions
/// end, and a new enrolment link is made.
pub async fn reset(
    pool: &Pool,
    by: Actor<'_>,
    email: &str,
    lifetime: chrono::Duration,
    now: DateTime<Utc>,
) -> Result<EnrolmentToken, AccountError> {
    let email = normalise_email(email);
    let key = crate::db::server_secret(pool, TOTP_KEY).await?;
    let mut conn = pool.acquire().await?;
    let mut tx = store::begin_write(&mut conn).await?;
    let account =
        store::staff::account_by_email(&mut tx, &email).await?.ok_or(AccountError::NoSuchAccount)?;
    store::staff::reset_account(&mut tx, account.id, now).await?;
    let token = new_enrolment(&mut tx, &key, account.id, lifetime, now).await?;
    audit_account(&mut tx, by, "staff-reset", account.id, now).await?;
    tx.commit().await?;
    Ok(token)
}

/// Disables (or enables again) the account for `email`; disabling ends its sessions at once.
pub async fn set_disabled(
    pool: &Pool,
    by: Actor<'_>,
    email: &str,
    disabled: bool,
    now: DateTime<Utc>,
) -> Result<(), AccountError> {
    let email = normalise_email(email);
    let mut conn = pool.acquire().await?;
    let mut tx = store::begin_write(&mut conn).await?;
    let account =
        store::staff::account_by_email(&mut tx, &email).await?.ok_or(AccountError::NoSuchAccount)?;
    store::staff::set_disabled(&mut tx, account.id, disabled, now).await?;
    let action = if disabled { "staff-disable" } else { "staff-enable" };
    audit_account(&mut tx, by, action, account.id, now).await?;
    tx.commit().await?;
    Ok(())
}

async fn audit_account(
    tx: impl store::Executor<'_>,
    by: Actor<'_>,
    action: &str,
    account_id: i64,
    now: DateTime<Utc>,
) -> store::Result<()> {
    // The account is named by its id: the audit log keeps no email address.
    let outcome = format!("account:{account_id}");
    let entry = Entry { actor: by, action, report_id: None, outcome: &outcome, client: None, reason: None };
    audit::record(tx, entry, now).await
}
