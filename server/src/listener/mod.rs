//! The HTTP/1.1 listener: accepts connections up to a cap, turns off Nagle's algorithm on each,
//! closes connections that are slow to send a request head, idle between requests or no longer
//! taking their response, and shuts down gracefully.
//!
//! Each connection is in one of three phases. It starts *waiting for a head* (the header-read
//! timeout runs from the moment it opened); a complete head makes it *busy* until its response
//! has been sent (the request timeout bounds the handler; a response the client stops taking for
//! the idle timeout ends it); then it is *idle* (the idle timeout runs) until the first byte of the
//! next request makes it wait for a head again, with the header-read timeout from that byte.
//! Connections that are waiting or idle can be closed at any time without losing a request:
//! when the cap is reached the one that has been so longest is closed to make room, and at
//! shutdown they are all closed at once while busy ones finish their response.

use std::{
    collections::BTreeMap,
    convert::Infallible,
    future::Future,
    io,
    net::SocketAddr,
    pin::{pin, Pin},
    sync::{
        atomic::{AtomicBool, AtomicU64, Ordering},
        Arc, Mutex, MutexGuard, PoisonError,
    },
    task::{Context, Poll},
    time::Duration,
};

use axum::extract::ConnectInfo;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::{
    io::{AsyncRead, AsyncWrite, ReadBuf},
    net::{TcpListener, TcpStream},
    sync::{watch, Notify, Semaphore},
    time::Instant,
};
use tower::ServiceExt;

use crate::config::ConnectionLimits;

mod connection;
mod watched;

use connection::{Connection, LeavesTheQueue, Queue};
use watched::Watched;

/// File descriptors kept back from the connection cap for the database, logs and the listener.
const RESERVED_FILES: u64 = 128;

/// Serves `router` on `listener` within `limits` until `shutdown` resolves; then stops accepting,
/// closes connections with no request in progress, lets the others finish their response, and
/// returns once every connection is closed. Handlers see the peer as `ConnectInfo<SocketAddr>`.
pub async fn serve(
    listener: TcpListener,
    router: axum::Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let cap = connection_cap(limits.max_connections, open_file_limit());
    let slots = Arc::new(Semaphore::new(cap));
    let queue = Arc::new(Queue::default());
    let (stop, stopped) = watch::channel(());
    let mut shutdown = pin!(shutdown);
    let mut cap_log = Throttled::new(Duration::from_secs(60));
    let mut accept_log = Throttled::new(Duration::from_secs(10));
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    on_accept_error(error, &mut accept_log).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        // Without this a response written in two parts waits for the client's delayed ACK
        // (some 40 ms) on a kept-alive connection.
        if let Err(error) = stream.set_nodelay(true) {
            tracing::debug!(%error, "could not set TCP_NODELAY");
        }
        // At the cap, the connection that has waited longest without a request in progress
        // makes room; if every connection is busy, nothing more is accepted until one is not.
        let slot = loop {
            if let Ok(slot) = slots.clone().try_acquire_owned() {
                break Some(slot);
            }
            if cap_log.ready() {
                tracing::warn!(
                    cap,
                    suppressed = cap_log.take_suppressed(),
                    "connection cap reached: closing the connections that have waited longest \
                     without a request"
                );
            }
            let evicted = queue.evict_oldest();
            tokio::select! {
                slot = slots.clone().acquire_owned() => break Some(slot.expect("the semaphore is never closed")),
                _ = queue.added.notified(), if !evicted => {}
                _ = &mut shutdown => break None,
            }
        };
        let Some(slot) = slot else { break };
        let connection = Connection::open(queue.clone());
        tokio::spawn(serve_connection(
            stream,
            peer,
            connection,
            router.clone(),
            limits,
            stopped.clone(),
            slot,
        ));
    }
    drop(listener);
    drop(stopped);
    let _ = stop.send(());
    // Every connection holds a slot until it closes.
    let all = u32::try_from(cap).expect("the cap fits in u32");
    let _ = slots.acquire_many(all).await;
}

async fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    connection: Arc<Connection>,
    router: axum::Router,
    limits: ConnectionLimits,
    mut stop: watch::Receiver<()>,
    _slot: tokio::sync::OwnedSemaphorePermit,
) {
    let _leaves_the_queue = LeavesTheQueue(connection.clone());
    let io = TokioIo::new(Watched { inner: stream, connection: connection.clone() });
    let service = {
        let connection = connection.clone();
        hyper::service::service_fn(move |mut request: http::Request<Incoming>| {
            let request_in_progress = connection.request_started();
            request.extensions_mut().insert(ConnectInfo(peer));
            let router = router.clone();
            async move {
                let response = router.oneshot(request).await?;
                // The request is in progress until its response body has been sent or dropped.
                Ok::<_, Infallible>(response.map(|body| {
                    axum::body::Body::new(body.map_frame(move |frame| {
                        let _ = &request_in_progress;
                        frame
                    }))
                }))
            }
        })
    };
    let mut builder = hyper::server::conn::http1::Builder::new();
    // The phases above time the head; hyper's own timer would also cut idle connections short.
    builder.header_read_timeout(None::<Duration>).keep_alive(true);
    let mut http = pin!(builder.serve_connection(io, service));
    let mut stopping = false;
    // Set once the connection is to close as soon as no request is in progress.
    let mut closing = false;
    loop {
        let deadline = connection.deadline(&limits);
        tokio::select! {
            result = http.as_mut() => {
                if let Err(error) = result {
                    tracing::debug!(%error, "connection ended with an error");
                }
                break;
            }
            _ = sleep_until(deadline) => {
                if connection.deadline(&limits).is_some_and(|d| d <= Instant::now()) {
                    tracing::debug!(phase = connection.phase_name(), "closing a slow or idle connection");
                    break;
                }
            }
            _ = connection.changed.notified() => {
                if connection.evicted.load(Ordering::Acquire) && !closing {
                    tracing::debug!("closing a waiting connection to make room under the cap");
                    closing = true;
                    // A head completed just as it was chosen: its response is still sent.
                    http.as_mut().graceful_shutdown();
                }
            }
            _ = stop.changed(), if !stopping => {
                stopping = true;
                closing = true;
                http.as_mut().graceful_shutdown();
            }
        }
        if closing && !connection.is_busy() {
            break;
        }
    }
}

async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(deadline) => tokio::time::sleep_until(deadline).await,
        None => std::future::pending().await,
    }
}

/// Waits a little after an error that is not about one connection (such as running out of file
/// descriptors), so the loop does not spin, and logs it at most once per `log`'s period.
async fn on_accept_error(error: io::Error, log: &mut Throttled) {
    if matches!(
        error.kind(),
        io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionRefused
    ) {
        return;
    }
    if log.ready() {
        tracing::error!(%error, suppressed = log.take_suppressed(), "accept error; retrying shortly");
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
}

/// Lets one log line through per period and counts the rest.
struct Throttled {
    period: Duration,
    last: Option<Instant>,
    suppressed: u64,
}

impl Throttled {
    fn new(period: Duration) -> Self {
        Self { period, last: None, suppressed: 0 }
    }

    fn ready(&mut self) -> bool {
        let now = Instant::now();
        if self.last.is_some_and(|last| now < last + self.period) {
            self.suppressed += 1;
            return false;
        }
        self.last = Some(now);
        true
    }

    fn take_suppressed(&mut self) -> u64 {
        std::mem::take(&mut self.suppressed)
    }
}

/// The cap to use: the configured one, lowered when the open-file limit could not hold that many
/// connections (each may hold its socket and a file being sent) plus the reserve.
fn connection_cap(configured: usize, file_limit: Option<u64>) -> usize {
    let Some(limit) = file_limit else { return configured };
    let fits = usize::try_from(limit.saturating_sub(RESERVED_FILES) / 2).unwrap_or(usize::MAX).max(1);
    if configured > fits {
        tracing::warn!(
            configured,
            used = fits,
            file_limit = limit,
            "PORTAL_MAX_CONNECTIONS is more than the open-file limit allows (two files per \
             connection and {RESERVED_FILES} in reserve); using the lower cap. Raise the limit \
             (ulimit -n, LimitNOFILE=) to use the configured one"
        );
        return fits;
    }
    configured
}

/// Raises the soft limit on open files to the hard limit and returns it (`None` if unknown).
fn open_file_limit() -> Option<u64> {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: `limit` is a valid, writable rlimit for the duration of the call.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return None;
    }
    if limit.rlim_cur < limit.rlim_max {
        let raised = libc::rlimit { rlim_cur: limit.rlim_max, rlim_max: limit.rlim_max };
        // SAFETY: `raised` is a valid rlimit; lowering or raising the soft limit up to the hard
        // limit needs no privilege.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
            limit = raised;
        }
    }
    (limit.rlim_cur != libc::RLIM_INFINITY).then_some(limit.rlim_cur)
}

#[cfg(test)]
mod tests;
