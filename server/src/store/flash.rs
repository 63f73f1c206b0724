//! The `form_flash` table: what a form post leaves for the one page it redirects to. Rows are
//! keyed by the digest of the cookie's token and hold the payload sealed with that token, so the
//! table alone reveals nothing.

use chrono::{DateTime, Utc};

use super::{on_db, At, Pool};

/// Stores `sealed` for `page` under `digest` until `expires`.
pub async fn put(
    pool: &Pool,
    digest: &[u8],
    page: &str,
    sealed: &[u8],
    expires: DateTime<Utc>,
) -> sqlx::Result<()> {
    on_db!(pool, |e| sqlx::query(
        "insert into form_flash (token_digest, page, sealed, expires_at) values ($1, $2, $3, $4)"
    )
    .bind(digest)
    .bind(page)
    .bind(sealed)
    .bind(At(expires))
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Removes and returns what was left under `digest` for `page`, if it has not expired. Any row
/// under `digest` goes, whichever page it was for: it is read once or not at all.
pub async fn take(
    pool: &Pool,
    digest: &[u8],
    page: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<Option<Vec<u8>>> {
    let row: Option<(String, Vec<u8>, At)> = on_db!(pool, |e| sqlx::query_as(
        "delete from form_flash where token_digest = $1 returning page, sealed, expires_at"
    )
    .bind(digest)
    .fetch_optional(e)
    .await)?;
    Ok(row.filter(|(for_page, _, expires)| for_page == page && expires.0 > now).map(|(_, sealed, _)| sealed))
}

/// Deletes what was never read in time.
pub async fn delete_expired(pool: &Pool, now: DateTime<Utc>) -> sqlx::Result<u64> {
    let done = on_db!(pool, |e| sqlx::query("delete from form_flash where expires_at <= $1")
        .bind(At(now))
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(done)
}
