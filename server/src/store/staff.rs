//! Staff accounts and how they get in: `staff_account`, `staff_enrolment`, `staff_session` and
//! `case_access` (why a member of staff opened a case they had not claimed). Tokens arrive here
//! as digests; TOTP secrets arrive sealed.

use chrono::{DateTime, Utc};

use super::{on_db, At, Executor, Pool, Result};

/// A staff account as stored.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AccountRow {
    pub id: i64,
    pub email: String,
    pub role: String,
    pub password_hash: Option<String>,
    pub totp_secret: Option<Vec<u8>>,
    pub totp_last_step: Option<i64>,
    #[sqlx(try_from = "super::At")]
    pub created_at: String,
    #[sqlx(try_from = "super::MaybeAt")]
    pub enrolled_at: Option<String>,
    #[sqlx(try_from = "super::MaybeAt")]
    pub disabled_at: Option<String>,
    pub failures: i64,
    #[sqlx(try_from = "super::MaybeAt")]
    pub last_failed_at: Option<String>,
}

const ACCOUNT: &str =
    "select id, email, role, password_hash, totp_secret, totp_last_step, created_at, enrolled_at,
     disabled_at, failures, last_failed_at from staff_account";

/// Adds an account for `email` (lower case) with `role`; its id, or `None` if the address has one.
pub async fn insert_account(
    db: impl Executor<'_>,
    email: &str,
    role: &str,
    now: DateTime<Utc>,
) -> Result<Option<i64>> {
    on_db!(db, |e| {
        sqlx::query_scalar(
        "insert into staff_account (email, role, created_at) values ($1, $2, $3) on conflict (email) do nothing returning id",
    )
    .bind(email)
    .bind(role)
    .bind(At(now))
    .fetch_optional(e)
    .await
    })
}

pub async fn account_by_email(db: impl Executor<'_>, email: &str) -> Result<Option<AccountRow>> {
    on_db!(db, |e| sqlx::query_as(&format!("{ACCOUNT} where email = $1")).bind(email).fetch_optional(e).await)
}

pub async fn account(db: impl Executor<'_>, id: i64) -> Result<Option<AccountRow>> {
    on_db!(db, |e| sqlx::query_as(&format!("{ACCOUNT} where id = $1")).bind(id).fetch_optional(e).await)
}

/// Every account, by address.
pub async fn accounts(pool: &Pool) -> Result<Vec<AccountRow>> {
    on_db!(pool, |e| sqlx::query_as(&format!("{ACCOUNT} order by email")).fetch_all(e).await)
}

/// Accounts that may take cases (reviewers and supervisors, enrolled, not disabled), by address:
/// (id, email).
pub async fn caseworkers(pool: &Pool) -> Result<Vec<(i64, String)>> {
    on_db!(pool, |e| sqlx::query_as(
        "select id, email from staff_account where role in ('reviewer', 'supervisor')
         and enrolled_at is not null and disabled_at is null order by email",
    )
    .fetch_all(e)
    .await)
}

/// Stores an enrolment link for `account_id` with the sealed TOTP secret it will confirm; any
/// earlier unused link to the account stops working.
pub async fn insert_enrolment(
    tx: impl Executor<'_>,
    token_digest: &[u8],
    account_id: i64,
    sealed_secret: &[u8],
    expires: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut tx: super::Db<'_> = tx.into();
    on_db!(&mut tx, |e| sqlx::query(
        "update staff_enrolment set used_at = $1 where account_id = $2 and used_at is null"
    )
    .bind(At(now))
    .bind(account_id)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    on_db!(&mut tx, |e| {
        sqlx::query(
        "insert into staff_enrolment (token_digest, account_id, totp_secret, expires_at) values ($1, $2, $3, $4)",
    )
    .bind(token_digest)
    .bind(account_id)
    .bind(sealed_secret)
    .bind(At(expires))
    .execute(e)
    .await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// The unused, unexpired enrolment link with `token_digest`: (account id, email, sealed secret).
pub async fn enrolment(
    db: impl Executor<'_>,
    token_digest: &[u8],
    now: DateTime<Utc>,
) -> Result<Option<(i64, String, Vec<u8>)>> {
    on_db!(db, |e| {
        sqlx::query_as(
        "select a.id, a.email, e.totp_secret from staff_enrolment e join staff_account a on a.id = e.account_id
         where e.token_digest = $1 and e.used_at is null and e.expires_at > $2 and a.disabled_at is null",
    )
    .bind(token_digest)
    .bind(At(now))
    .fetch_optional(e)
    .await
    })
}

/// Uses the enrolment link and enrols its account: the password's hash, the confirmed secret and
/// the step of the code that confirmed it (so that code cannot sign in). `false` if the link was
/// used meanwhile.
pub async fn complete_enrolment(
    tx: impl Executor<'_>,
    token_digest: &[u8],
    account_id: i64,
    password_hash: &str,
    sealed_secret: &[u8],
    step: i64,
    now: DateTime<Utc>,
) -> Result<bool> {
    let mut tx: super::Db<'_> = tx.into();
    let used = on_db!(&mut tx, |e| sqlx::query(
        "update staff_enrolment set used_at = $1 where token_digest = $2 and used_at is null"
    )
    .bind(At(now))
    .bind(token_digest)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    if used != 1 {
        return Ok(false);
    }
    on_db!(&mut tx, |e| {
        sqlx::query(
        "update staff_account set password_hash = $1, totp_secret = $2, totp_last_step = $3, enrolled_at = $4,
         failures = 0, last_failed_at = null where id = $5",
    )
    .bind(password_hash)
    .bind(sealed_secret)
    .bind(step)
    .bind(At(now))
    .bind(account_id)
    .execute(e)
    .await.map(|r| r.rows_affected())
    })?;
    Ok(true)
}

/// Clears the account's password and second factor (a reset by an administrator) and ends its
/// sessions.
pub async fn reset_account(tx: impl Executor<'_>, account_id: i64, now: DateTime<Utc>) -> Result<()> {
    let mut tx: super::Db<'_> = tx.into();
    on_db!(&mut tx, |e| sqlx::query(
        "update staff_account set password_hash = null, totp_secret = null, totp_last_step = null,
         enrolled_at = null, failures = 0, last_failed_at = null where id = $1",
    )
    .bind(account_id)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    end_sessions_of(&mut tx, account_id, now).await
}

/// Disables the account (or enables it again with `disabled` false); disabling ends its sessions
/// at once.
pub async fn set_disabled(
    tx: impl Executor<'_>,
    account_id: i64,
    disabled: bool,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut tx: super::Db<'_> = tx.into();
    on_db!(&mut tx, |e| sqlx::query("update staff_account set disabled_at = $1 where id = $2")
        .bind(disabled.then_some(At(now)))
        .bind(account_id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    if disabled {
        end_sessions_of(&mut tx, account_id, now).await?;
    }
    Ok(())
}

/// Counts a failed sign-in, starting again if the last was before `forget_before`; returns the
/// failures before this one.
pub async fn count_failure(
    pool: &Pool,
    account_id: i64,
    now: DateTime<Utc>,
    forget_before: DateTime<Utc>,
) -> Result<i64> {
    on_db!(pool, |e| sqlx::query_scalar(
        "update staff_account set
             failures = case when last_failed_at is null or last_failed_at < $3 then 1 else failures + 1 end,
             last_failed_at = $2
         where id = $1 returning failures - 1",
    )
    .bind(account_id)
    .bind(At(now))
    .bind(At(forget_before))
    .fetch_one(e)
    .await)
}

pub async fn clear_failures(db: impl Executor<'_>, account_id: i64) -> Result<()> {
    on_db!(db, |e| sqlx::query(
        "update staff_account set failures = 0, last_failed_at = null where id = $1"
    )
    .bind(account_id)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Uses TOTP time step `step` for the account: `false` if it (or a later one) was used already.
pub async fn use_totp_step(db: impl Executor<'_>, account_id: i64, step: i64) -> Result<bool> {
    let used = on_db!(db, |e| {
        sqlx::query(
        "update staff_account set totp_last_step = $1 where id = $2 and (totp_last_step is null or totp_last_step < $1)",
    )
    .bind(step)
    .bind(account_id)
    .execute(e)
    .await.map(|r| r.rows_affected())
    })?;
    Ok(used == 1)
}

/// A staff session to start.
pub struct NewSession<'a> {
    pub token_digest: &'a [u8],
    pub account_id: i64,
    /// `password` or `signed-in`.
    pub stage: &'a str,
    pub now: DateTime<Utc>,
    pub idle_expires: DateTime<Utc>,
    pub expires: DateTime<Utc>,
}

pub async fn start_session(db: impl Executor<'_>, session: &NewSession<'_>) -> Result<i64> {
    on_db!(db, |e| sqlx::query_scalar(
        "insert into staff_session (token_digest, account_id, stage, created_at, idle_expires_at, expires_at)
         values ($1, $2, $3, $4, $5, $6) returning id",
    )
    .bind(session.token_digest)
    .bind(session.account_id)
    .bind(session.stage)
    .bind(At(session.now))
    .bind(At(session.idle_expires))
    .bind(At(session.expires))
    .fetch_one(e)
    .await)
}

/// A live staff session as found: (session id, account id, stage, role, email).
pub type SessionRow = (i64, i64, String, String, String);

/// The live session with `token_digest` on an account that is not disabled, its idle expiry
/// moved to `idle_until` (never past its absolute expiry).
pub async fn touch_session(
    pool: &Pool,
    token_digest: &[u8],
    now: DateTime<Utc>,
    idle_until: DateTime<Utc>,
) -> Result<Option<SessionRow>> {
    on_db!(pool, |e| sqlx::query_as(
        "update staff_session set idle_expires_at = case when $3 < expires_at then $3 else expires_at end
         where token_digest = $1 and ended_at is null and idle_expires_at > $2 and expires_at > $2
           and account_id in (select id from staff_account where disabled_at is null)
         returning id, account_id, stage,
             (select role from staff_account a where a.id = account_id),
             (select email from staff_account a where a.id = account_id)",
    )
    .bind(token_digest)
    .bind(At(now))
    .bind(At(idle_until))
    .fetch_optional(e)
    .await)
}

/// Ends the live session with `token_digest`: its (id, account id), if there was one.
pub async fn end_session(
    db: impl Executor<'_>,
    token_digest: &[u8],
    now: DateTime<Utc>,
) -> Result<Option<(i64, i64)>> {
    on_db!(db, |e| {
        sqlx::query_as(
        "update staff_session set ended_at = $1 where token_digest = $2 and ended_at is null returning id, account_id",
    )
    .bind(At(now))
    .bind(token_digest)
    .fetch_optional(e)
    .await
    })
}

pub async fn end_sessions_of(db: impl Executor<'_>, account_id: i64, now: DateTime<Utc>) -> Result<()> {
    on_db!(db, |e| sqlx::query(
        "update staff_session set ended_at = $1 where account_id = $2 and ended_at is null"
    )
    .bind(At(now))
    .bind(account_id)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Records why session `session_id` opened report `report_id`.
pub async fn grant_access(
    db: impl Executor<'_>,
    session_id: i64,
    report_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    on_db!(db, |e| sqlx::query(
        "insert into case_access (session_id, report_id, reason, at) values ($1, $2, $3, $4)
         on conflict (session_id, report_id) do update set reason = excluded.reason, at = excluded.at",
    )
    .bind(session_id)
    .bind(report_id)
    .bind(reason)
    .bind(At(now))
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The reason session `session_id` gave for opening report `report_id`, if it gave one.
pub async fn access_reason(db: impl Executor<'_>, session_id: i64, report_id: i64) -> Result<Option<String>> {
    on_db!(db, |e| sqlx::query_scalar(
        "select reason from case_access where session_id = $1 and report_id = $2"
    )
    .bind(session_id)
    .bind(report_id)
    .fetch_optional(e)
    .await)
}

/// Deletes sessions that ended before `cutoff` and their access reasons, and enrolment links
/// expired before it; returns how many rows went.
pub async fn delete_stale(pool: &Pool, cutoff: DateTime<Utc>) -> Result<u64> {
    let cutoff = At(cutoff);
    let mut deleted = 0;
    for sql in [
        "delete from case_access where session_id in (select id from staff_session
             where expires_at < $1 or idle_expires_at < $1 or ended_at < $1)",
        "delete from staff_session where expires_at < $1 or idle_expires_at < $1 or ended_at < $1",
        "delete from staff_enrolment where expires_at < $1",
    ] {
        deleted +=
            on_db!(pool, |e| sqlx::query(sql).bind(cutoff).execute(e).await.map(|r| r.rows_affected()))?;
    }
    Ok(deleted)
}

/// Whether account `id` may take cases (a reviewer or supervisor, enrolled, not disabled).
pub async fn caseworker(db: impl Executor<'_>, id: i64) -> Result<bool> {
    let found: Option<i64> = on_db!(db, |e| sqlx::query_scalar(
        "select id from staff_account where id = $1 and role in ('reviewer', 'supervisor')
         and enrolled_at is not null and disabled_at is null",
    )
    .bind(id)
    .fetch_optional(e)
    .await)?;
    Ok(found.is_some())
}
