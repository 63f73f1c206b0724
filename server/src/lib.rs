//! The portal's server: configuration, HTTP surface, database and lifecycle.

pub mod clock;
pub mod config;
pub mod db;
pub mod http;
pub mod report;
pub mod secrets;
pub mod telemetry;

use std::future::Future;

use sqlx::SqlitePool;
use tokio::net::TcpListener;

pub use config::Config;

/// Records a start or a stop of the service.
pub async fn record_service_event(pool: &SqlitePool, kind: &str) -> Result<(), sqlx::Error> {
    sqlx::query("insert into service_event (kind, version) values (?, ?)")
        .bind(kind)
        .bind(env!("CARGO_PKG_VERSION"))
        .execute(pool)
        .await
        .map(|_| ())
}

/// Serves the portal on `listener` until `shutdown` resolves, then lets in-flight requests finish.
pub async fn serve(
    config: &Config,
    pool: SqlitePool,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let state = http::AppState::new(config, pool.clone());
    let router = http::router(config, state)?;
    serve_router(router, pool, listener, shutdown).await
}

/// Serves an already-built `router`; see [`serve`].
pub async fn serve_router(
    router: axum::Router,
    pool: SqlitePool,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    record_service_event(&pool, "started").await?;
    axum::serve(listener, router).with_graceful_shutdown(shutdown).await?;
    record_service_event(&pool, "stopped").await?;
    pool.close().await;
    Ok(())
}

/// Resolves on Ctrl-C (SIGINT) or SIGTERM. The handlers are installed when this is called, not
/// when the future is first polled, so a signal that arrives during start-up is not lost.
pub fn shutdown_signal() -> std::io::Result<impl Future<Output = ()> + Send + 'static> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {},
            _ = terminate.recv() => {},
        }
        tracing::info!("shutdown signal received; finishing requests in flight");
    })
}
