//! Start-ups and shutdowns of the service (`service_event`), and the secrets the nodes share
//! (`server_secret`).

use super::{on_db, Pool, Result};

/// Records a `kind` (`started` or `stopped`) of this build, `version`.
pub async fn record_event(pool: &Pool, kind: &str, version: &str) -> Result<()> {
    on_db!(pool, |e| sqlx::query("insert into service_event (kind, version) values ($1, $2)")
        .bind(kind)
        .bind(version)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))
    .map(|_| ())
}
