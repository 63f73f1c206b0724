//! The database: one SQLite pool in WAL mode, migrated at start-up.

use std::{str::FromStr, time::Duration};

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

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
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .acquire_timeout(Duration::from_secs(5))
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

/// Whether the database answers a trivial query.
pub async fn is_healthy(pool: &SqlitePool) -> bool {
    let probe = sqlx::query_scalar::<_, i64>("select 1").fetch_one(pool);
    matches!(tokio::time::timeout(Duration::from_secs(2), probe).await, Ok(Ok(1)))
}
