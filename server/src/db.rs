//! The database: a SQLite file in WAL mode (the default) or a PostgreSQL server, migrated at
//! start-up. Several nodes may start at once on one PostgreSQL: sqlx's migrator holds an
//! advisory lock while it runs, so the migrations run once.

use std::{str::FromStr, time::Duration};

use sqlx::{
    postgres::{PgConnectOptions, PgPoolOptions},
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};

use crate::store::{on_db, Pool};

/// The page size of a new database, in bytes.
pub const PAGE_SIZE: u32 = 2048;

/// Connections each node keeps open to PostgreSQL at most (the server's `max_connections`
/// must cover every node's, plus the operators' tools).
pub const POSTGRES_CONNECTIONS: u32 = 16;

/// The longest a statement waits for a lock another holds (SQLite's busy timeout, PostgreSQL's
/// `lock_timeout`), then the request is answered 503.
pub const LOCK_TIMEOUT: Duration = Duration::from_secs(5);

/// Whether `url` names a PostgreSQL server (`postgres://` or `postgresql://`).
pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// Opens the database at `url` (creating a SQLite file if needed), applies the embedded
/// migrations and returns the pool the whole server shares.
pub async fn connect(url: &str) -> Result<Pool, sqlx::Error> {
    if is_postgres_url(url) {
        let options = PgConnectOptions::from_str(url)?.application_name("portal");
        let pool = PgPoolOptions::new()
            .max_connections(POSTGRES_CONNECTIONS)
            .acquire_timeout(Duration::from_secs(5))
            // Every session is UTC, so any text the server makes of a timestamp is UTC too; a
            // statement waits for a lock (the write lock, a row) at most LOCK_TIMEOUT, like
            // SQLite's busy timeout, and is then answered 503 (see `is_unavailable`).
            .after_connect(|conn, _| {
                Box::pin(async move {
                    sqlx::query("set time zone 'UTC'").execute(&mut *conn).await?;
                    sqlx::query(&format!("set lock_timeout = '{}s'", LOCK_TIMEOUT.as_secs()))
                        .execute(&mut *conn)
                        .await?;
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        return Ok(Pool::Postgres(pool));
    }
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
        .busy_timeout(LOCK_TIMEOUT);
    let pool = SqlitePoolOptions::new()
        .after_connect(|conn, _| Box::pin(async move { crate::store::prepare_connection(conn).await }))
        .max_connections(8)
        .acquire_timeout(Duration::from_secs(5))
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
    Ok(Pool::Sqlite(pool))
}

/// The shared secret called `name`, made (256 random bits) the first time any node asks for it.
pub async fn server_secret(pool: &Pool, name: &str) -> Result<Vec<u8>, sqlx::Error> {
    let fresh = crate::secrets::random_bytes();
    on_db!(pool, |e| sqlx::query(
        "insert into server_secret (name, value) values ($1, $2) on conflict (name) do nothing"
    )
    .bind(name)
    .bind(fresh.as_slice())
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    on_db!(pool, |e| sqlx::query_scalar("select value from server_secret where name = $1")
        .bind(name)
        .fetch_one(e)
        .await)
}

/// Whether the database answers a trivial query.
pub async fn is_healthy(pool: &Pool) -> bool {
    let probe = async { on_db!(pool, |e| sqlx::query_scalar::<_, i32>("select 1").fetch_one(e).await) };
    matches!(tokio::time::timeout(Duration::from_secs(2), probe).await, Ok(Ok(1)))
}

/// Whether `error` means the database is busy or out of reach for now (locked past the busy
/// timeout, no connection free in time, the file or server gone) rather than a fault in a query:
/// the request is answered 503, try again shortly, and the service recovers without a restart.
pub fn is_unavailable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => true,
        sqlx::Error::Database(db) => {
            let code = db.code().unwrap_or_default();
            if let Ok(sqlite) = code.parse::<i64>() {
                // SQLite's primary result codes (the low byte of the extended code): BUSY,
                // LOCKED, IOERR, CANTOPEN, FULL, READONLY.
                return matches!(sqlite & 0xff, 5 | 6 | 10 | 13 | 14 | 8);
            }
            // PostgreSQL's SQLSTATE: connection exceptions (08), too many connections and
            // other resources (53), an operator or a failover ending the session (57P01-57P03),
            // a read-only standby (25006), a serialization failure or deadlock (40001, 40P01),
            // a lock not had within `lock_timeout` (55P03).
            code.starts_with("08")
                || code.starts_with("53")
                || matches!(
                    code.as_ref(),
                    "57P01" | "57P02" | "57P03" | "25006" | "40001" | "40P01" | "55P03"
                )
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
