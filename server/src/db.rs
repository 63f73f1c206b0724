//! The database: one SQLite pool in WAL mode, migrated at start-up.

use std::{str::FromStr, time::Duration};

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

/// The page size of a new database, in bytes.
pub const PAGE_SIZE: u32 = 2048;

/// Opens (creating if needed) the database at `url`, applies the embedded migrations and returns
/// the pool the whole server shares.
pub async fn connect(url: &str) -> Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // NORMAL is durable in WAL mode except for the last commits before a power cut; writes that
        // must survive one (a submitted report) raise it to FULL for their own transaction.
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        // A stored report touches some twenty pages (a row or two in each of its tables and
        // their indexes), each written whole to the write-ahead log and synced: 2 kB pages
        // halve what is written for it. Measured with scripts/bench-submit: 0.38-0.41 of the raw
        // commit rate with 4 kB pages, 0.50-0.51 with 2 kB. Applies to a new database only (an
        // existing file keeps its page size).
        .page_size(PAGE_SIZE)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .after_connect(|conn, _| Box::pin(async move { crate::store::prepare_connection(conn).await }))
        .max_connections(8)
        .acquire_timeout(Duration::from_secs(5))
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

/// The shared secret called `name`, made (256 random bits) the first time any node asks for it.
pub async fn server_secret(pool: &SqlitePool, name: &str) -> Result<Vec<u8>, sqlx::Error> {
    let fresh = crate::secrets::random_bytes();
    sqlx::query("insert into server_secret (name, value) values (?, ?) on conflict (name) do nothing")
        .bind(name)
        .bind(fresh.as_slice())
        .execute(pool)
        .await?;
    sqlx::query_scalar("select value from server_secret where name = ?").bind(name).fetch_one(pool).await
}

/// Whether the database answers a trivial query.
pub async fn is_healthy(pool: &SqlitePool) -> bool {
    let probe = sqlx::query_scalar::<_, i64>("select 1").fetch_one(pool);
    matches!(tokio::time::timeout(Duration::from_secs(2), probe).await, Ok(Ok(1)))
}

/// Whether `error` means the database is busy or out of reach for now (locked past the busy
/// timeout, no connection free in time, the file or server gone) rather than a fault in a query:
/// the request is answered 503, try again shortly, and the service recovers without a restart.
pub fn is_unavailable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => true,
        sqlx::Error::Database(db) => {
            // SQLite's primary result codes (the low byte of the extended code): BUSY, LOCKED,
            // IOERR, CANTOPEN, FULL, READONLY.
            let code = db.code().and_then(|c| c.parse::<i64>().ok()).unwrap_or(0) & 0xff;
            matches!(code, 5 | 6 | 10 | 13 | 14 | 8)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_locked_database_is_unavailable_not_a_fault() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let options = SqliteConnectOptions::from_str(&url)
            .unwrap()
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .busy_timeout(Duration::from_millis(10));
        let pool = SqlitePoolOptions::new().max_connections(2).connect_with(options).await.unwrap();
        sqlx::query("create table t (x integer)").execute(&pool).await.unwrap();
        let mut holder = pool.acquire().await.unwrap();
        sqlx::query("begin immediate").execute(&mut *holder).await.unwrap();
        let error = sqlx::query("insert into t values (1)").execute(&pool).await.unwrap_err();
        assert!(is_unavailable(&error), "{error:?}");
        let fault = sqlx::query("select nope from t").execute(&pool).await.unwrap_err();
        assert!(!is_unavailable(&fault), "{fault:?}");
        assert!(is_unavailable(&sqlx::Error::PoolTimedOut));
    }
}
