//! The portal's server: configuration, HTTP surface, database and lifecycle.

pub mod allocation;
pub mod casework;
pub mod cli;
pub mod clock;
pub mod compliance;
pub mod config;
pub mod db;
pub mod error;
pub mod jobs;
pub mod listener;
pub mod mail;
pub mod partner;
pub mod report;
pub mod router;
pub mod secrets;
pub mod staff;
pub mod state;
pub mod store;
pub mod survey;
pub mod telemetry;
pub mod track;
pub mod web;

use std::future::Future;

use store::Pool;
use tokio::net::TcpListener;

pub use config::Config;

/// Records a start or a stop of the service.
pub async fn record_service_event(pool: &Pool, kind: &str) -> Result<(), store::Error> {
    store::service::record_event(pool, kind, env!("CARGO_PKG_VERSION")).await
}

/// Serves the portal on `listener` until `shutdown` resolves, then lets in-flight requests finish.
pub async fn serve(
    config: &Config,
    allocator: allocation::Allocator,
    pool: Pool,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let horizon = chrono::Utc::now().date_naive() + chrono::Duration::days(120);
    if !allocator.calendar.covers(horizon) {
        tracing::warn!(%horizon, "the bank holiday file does not cover the next 120 days: deadlines may fall on a holiday; update app/rules/data/bank-holidays-england-and-wales.txt");
    }
    track::lookup::prepare();
    let state = state::AppState::new(config, pool.clone(), std::sync::Arc::new(allocator));
    let router = router::router(config, state.clone())?;
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let workers = start_workers(config, &state, stopped)?;
    let shutdown = async move {
        shutdown.await;
        let _ = stop.send(true);
    };
    serve_router_with(config.connections, router, pool, listener, shutdown, workers).await
}

/// Starts the background work: the outbox dispatcher (one task per lane), the retention job and
/// the survey's invitations.
fn start_workers(
    config: &Config,
    state: &state::AppState,
    stopped: tokio::sync::watch::Receiver<bool>,
) -> anyhow::Result<Vec<tokio::task::JoinHandle<()>>> {
    let mailer = match &config.smtp_url {
        Some(url) => mail::Mailer::smtp_with_timeout(url, config.smtp_timeout)?,
        None => mail::Mailer::files(config.data_dir.join("mail"))?,
    };
    let outbox = jobs::Retention::new(config.outbox_keep, &mailer, config.tracking.link_lifetime);
    let dispatcher = jobs::Dispatcher {
        pool: state.pool.clone(),
        mailer,
        from: config.mail_from.clone(),
        public_base: config.public_base(),
        force_name: config.site.force_name.clone(),
        clock: state.clock.clone(),
        allocator: state.allocator.clone(),
        tracking_link_lifetime: config.tracking.link_lifetime,
        lease: config.outbox_lease,
    };
    let mut workers = dispatcher.spawn(config.outbox_poll, stopped.clone());
    workers.push(tokio::spawn(survey::invite::invite_every(
        state.pool.clone(),
        state.clock.clone(),
        config.survey.clone(),
        std::time::Duration::from_secs(600),
        stopped.clone(),
    )));
    workers.push(tokio::spawn(apply_retention_every(
        state.pool.clone(),
        state.clock.clone(),
        outbox,
        std::time::Duration::from_secs(600),
        stopped,
    )));
    Ok(workers)
}

/// Applies the retention periods every `period` until `stop` changes: unsent drafts past their
/// expiry; ended tracking sessions, used or expired links and quiet look-up failures after a
/// day; outbox rows the dispatcher finished after `outbox.keep_done`; and mail files once the
/// longest link in them has expired. Logs how many went, never what.
pub async fn apply_retention_every(
    pool: Pool,
    clock: std::sync::Arc<dyn clock::Clock>,
    outbox: jobs::Retention,
    period: std::time::Duration,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        let now = clock.now();
        match report::drafts::delete_expired(&pool, now).await {
            Ok(0) => {}
            Ok(deleted) => tracing::info!(deleted, "expired drafts deleted"),
            Err(error) => tracing::warn!(%error, "could not delete expired drafts"),
        }
        match store::flash::delete_expired(&pool, now).await {
            Ok(0) => {}
            Ok(deleted) => tracing::info!(deleted, "unread form notices deleted"),
            Err(error) => tracing::warn!(%error, "could not delete unread form notices"),
        }
        match track::sessions::delete_stale(&pool, now).await {
            Ok(0) => {}
            Ok(deleted) => {
                tracing::info!(deleted, "ended tracking sessions, links and look-up failures deleted")
            }
            Err(error) => tracing::warn!(%error, "could not delete ended tracking sessions"),
        }
        match store::staff::delete_stale(&pool, now - chrono::Duration::days(1)).await {
            Ok(0) => {}
            Ok(deleted) => tracing::info!(deleted, "ended staff sessions and old enrolment links deleted"),
            Err(error) => tracing::warn!(%error, "could not delete ended staff sessions"),
        }
        match staff::queue::return_unanswered(&pool, now).await {
            Ok(0) => {}
            Ok(returned) => {
                tracing::info!(returned, "reports back in the queue with no reply from the victim")
            }
            Err(error) => tracing::warn!(%error, "could not return unanswered reports to the queue"),
        }
        match outbox.delete_done_rows(&pool, now).await {
            Ok(0) => {}
            Ok(deleted) => tracing::info!(deleted, "finished outbox rows deleted"),
            Err(error) => tracing::warn!(%error, "could not delete finished outbox rows"),
        }
        match outbox.delete_mail_files(now).await {
            Ok(0) => {}
            Ok(deleted) => tracing::info!(deleted, "mail files past the longest link lifetime deleted"),
            Err(error) => tracing::warn!(%error, "could not delete old mail files"),
        }
        tokio::select! {
            _ = tokio::time::sleep(period) => {}
            _ = stop.changed() => return,
        }
    }
}

/// Serves an already-built `router` with the default [`config::ConnectionLimits`]; see [`serve`].
pub async fn serve_router(
    router: axum::Router,
    pool: Pool,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
    workers: Vec<tokio::task::JoinHandle<()>>,
) -> anyhow::Result<()> {
    serve_router_with(config::ConnectionLimits::default(), router, pool, listener, shutdown, workers).await
}

/// Serves an already-built `router` within `limits` until `shutdown` resolves, then lets the
/// requests in progress finish, waits for `workers` and closes `pool`; see [`serve`].
pub async fn serve_router_with(
    limits: config::ConnectionLimits,
    router: axum::Router,
    pool: Pool,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
    workers: Vec<tokio::task::JoinHandle<()>>,
) -> anyhow::Result<()> {
    record_service_event(&pool, "started").await?;
    listener::serve(listener, router, limits, shutdown).await;
    for worker in workers {
        let _ = worker.await;
    }
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
