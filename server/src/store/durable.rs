//! Connections whose commits wait for the disk.

use sqlx::{SqliteConnection, SqlitePool};

/// A pooled connection whose commits are durable (`synchronous = FULL`: the commit waits for
/// the write-ahead log to reach the disk) until it is released. The pool's other connections
/// keep `NORMAL`, which is durable except for the last commits before a power cut.
pub struct Durable(sqlx::pool::PoolConnection<sqlx::Sqlite>);

impl Durable {
    pub async fn acquire(pool: &SqlitePool) -> sqlx::Result<Self> {
        let mut conn = pool.acquire().await?;
        sqlx::query("pragma synchronous = full").execute(&mut *conn).await?;
        Ok(Self(conn))
    }

    /// Returns the connection to the pool with the pool's usual setting.
    pub async fn release(mut self) -> sqlx::Result<()> {
        sqlx::query("pragma synchronous = normal").execute(&mut *self.0).await.map(|_| ())
    }
}

impl std::ops::Deref for Durable {
    type Target = SqliteConnection;
    fn deref(&self) -> &SqliteConnection {
        &self.0
    }
}

impl std::ops::DerefMut for Durable {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        &mut self.0
    }
}
