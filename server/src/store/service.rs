//! Start-ups and shutdowns of the service (`service_event`), and the secrets the nodes share
//! (`server_secret`).

use super::{Pool, Result};

/// Records a `kind` (`started` or `stopped`) of this build, `version`.
pub async fn record_event(pool: &Pool, kind: &str, version: &str) -> Result<()> {
    sqlx::query("insert into service_event (kind, version) values (?, ?)")
        .bind(kind)
        .bind(version)
        .execute(pool)
        .await
        .map(|_| ())
}
