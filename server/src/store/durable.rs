//! Connections whose commits wait for the disk.

use super::{Connection, Pool, Result};

/// A pooled connection whose commits are durable until it is released. On SQLite
/// `synchronous = FULL`: the commit waits for the write-ahead log to reach the disk; the pool's
/// other connections keep `NORMAL`, which is durable except for the last commits before a power
/// cut. PostgreSQL commits are durable already (`synchronous_commit = on`, its default).
pub struct Durable(Connection);

impl Durable {
    pub async fn acquire(pool: &Pool) -> Result<Self> {
        let mut conn = pool.acquire().await?;
        if let Connection::Sqlite(c) = &mut conn {
            sqlx::query("pragma synchronous = full").execute(&mut **c).await?;
        }
        Ok(Self(conn))
    }

    /// Returns the connection to the pool with the pool's usual setting.
    pub async fn release(mut self) -> Result<()> {
        if let Connection::Sqlite(c) = &mut self.0 {
            sqlx::query("pragma synchronous = normal").execute(&mut **c).await?;
        }
        Ok(())
    }
}

impl std::ops::Deref for Durable {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.0
    }
}

impl std::ops::DerefMut for Durable {
    fn deref_mut(&mut self) -> &mut Connection {
        &mut self.0
    }
}
