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

/// The connections that have no request in progress, oldest first, so that the one that has
/// waited longest can be closed when the cap is reached.
#[derive(Default)]
struct Queue {
    waiting: Mutex<BTreeMap<(Instant, u64), Arc<Connection>>>,
    /// Told when a connection joins the queue.
    added: Notify,
    next_id: AtomicU64,
}

impl Queue {
    fn waiting(&self) -> MutexGuard<'_, BTreeMap<(Instant, u64), Arc<Connection>>> {
        self.waiting.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Closes the connection that has waited longest; false if none is waiting.
    fn evict_oldest(&self) -> bool {
        let oldest = self.waiting().pop_first();
        match oldest {
            Some((_, connection)) => {
                connection.evicted.store(true, Ordering::Release);
                connection.changed.notify_one();
                true
            }
            None => false,
        }
    }
}

struct Connection {
    id: u64,
    queue: Arc<Queue>,
    state: Mutex<State>,
    /// Set while a write is blocked, so that unblocked writes need not take the lock.
    write_blocked: AtomicBool,
    /// Told when the deadline may have moved or the connection was evicted.
    changed: Notify,
    evicted: AtomicBool,
}

struct State {
    phase: Phase,
    /// When the current phase's timeout started (waiting or idle).
    since: Instant,
    /// Requests whose response has not yet been sent (one at a time on HTTP/1.1).
    in_progress: usize,
    /// Since when a write of the response has been waiting for the client to take data.
    write_blocked_since: Option<Instant>,
    /// The key under which the connection is in the queue.
    queued: Option<(Instant, u64)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Waiting for (the rest of) a request head.
    Head,
    /// A request is in progress.
    Busy,
    /// Kept alive between requests.
    Idle,
}

impl Connection {
    fn open(queue: Arc<Queue>) -> Arc<Self> {
        let now = Instant::now();
        let connection = Arc::new(Self {
            id: queue.next_id.fetch_add(1, Ordering::Relaxed),
            queue,
            state: Mutex::new(State {
                phase: Phase::Head,
                since: now,
                in_progress: 0,
                write_blocked_since: None,
                queued: None,
            }),
            write_blocked: AtomicBool::new(false),
            changed: Notify::new(),
            evicted: AtomicBool::new(false),
        });
        connection.enqueue(&mut connection.state(), now);
        connection
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn enqueue(self: &Arc<Self>, state: &mut State, now: Instant) {
        let key = (now, self.id);
        state.queued = Some(key);
        self.queue.waiting().insert(key, self.clone());
        self.queue.added.notify_one();
    }

    fn dequeue(&self, state: &mut State) {
        if let Some(key) = state.queued.take() {
            self.queue.waiting().remove(&key);
        }
    }

    /// When the connection is to be closed unless something happens first.
    fn deadline(&self, limits: &ConnectionLimits) -> Option<Instant> {
        let state = self.state();
        match state.phase {
            Phase::Head => Some(state.since + limits.header_read_timeout),
            Phase::Idle => Some(state.since + limits.idle_timeout),
            Phase::Busy => state.write_blocked_since.map(|since| since + limits.idle_timeout),
        }
    }

    fn is_busy(&self) -> bool {
        self.state().phase == Phase::Busy
    }

    fn phase_name(&self) -> &'static str {
        match self.state().phase {
            Phase::Head => "waiting for a request head",
            Phase::Busy => "not taking its response",
            Phase::Idle => "idle",
        }
    }

    /// Bytes arrived: on an idle connection they start the next request's head.
    fn received(&self) {
        let mut state = self.state();
        if state.phase == Phase::Idle {
            state.phase = Phase::Head;
            state.since = Instant::now();
            drop(state);
            self.changed.notify_one();
        }
    }

    /// A complete head arrived; the request is in progress until the guard is dropped.
    fn request_started(self: &Arc<Self>) -> RequestInProgress {
        let mut state = self.state();
        state.in_progress += 1;
        state.phase = Phase::Busy;
        self.dequeue(&mut state);
        RequestInProgress(self.clone())
    }

    fn request_finished(self: &Arc<Self>) {
        let mut state = self.state();
        state.in_progress -= 1;
        if state.in_progress == 0 {
            let now = Instant::now();
            state.phase = Phase::Idle;
            state.since = now;
            self.enqueue(&mut state, now);
            drop(state);
            self.changed.notify_one();
        }
    }

    fn write_blocked(&self, blocked: bool) {
        if blocked == self.write_blocked.load(Ordering::Relaxed) {
            return;
        }
        self.write_blocked.store(blocked, Ordering::Relaxed);
        let mut state = self.state();
        state.write_blocked_since = blocked.then(Instant::now);
        drop(state);
        if blocked {
            self.changed.notify_one();
        }
    }
}

/// Takes a connection out of the queue when its task ends, however it ends.
struct LeavesTheQueue(Arc<Connection>);

impl Drop for LeavesTheQueue {
    fn drop(&mut self) {
        let mut state = self.0.state();
        self.0.dequeue(&mut state);
    }
}

/// Held by a request from its head to the end of its response.
struct RequestInProgress(Arc<Connection>);

impl Drop for RequestInProgress {
    fn drop(&mut self) {
        self.0.request_finished();
    }
}

/// The socket, telling its connection when bytes arrive and when writes block.
struct Watched {
    inner: TcpStream,
    connection: Arc<Connection>,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let result = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(result, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.connection.received();
        }
        result
    }
}

impl AsyncWrite for Watched {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, data: &[u8]) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write(cx, data);
        self.connection.write_blocked(result.is_pending());
        result
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write_vectored(cx, data);
        self.connection.write_blocked(result.is_pending());
        result
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_is_lowered_to_what_the_file_limit_can_hold() {
        assert_eq!(connection_cap(1024, None), 1024);
        assert_eq!(connection_cap(1024, Some(1_048_576)), 1024);
        assert_eq!(connection_cap(1024, Some(1024)), (1024 - 128) / 2);
        assert_eq!(connection_cap(1024, Some(10)), 1);
    }

    #[tokio::test]
    async fn running_out_of_files_pauses_accepting_and_a_client_hanging_up_does_not() {
        let mut log = Throttled::new(Duration::from_secs(10));
        let start = Instant::now();
        on_accept_error(io::Error::from_raw_os_error(libc::EMFILE), &mut log).await;
        assert!(start.elapsed() >= Duration::from_millis(90), "no pause: the loop would spin");
        let start = Instant::now();
        on_accept_error(io::ErrorKind::ConnectionAborted.into(), &mut log).await;
        assert!(start.elapsed() < Duration::from_millis(50));
    }

    #[test]
    fn log_lines_are_throttled() {
        let mut log = Throttled::new(Duration::from_secs(60));
        assert!(log.ready());
        assert!(!log.ready());
        assert!(!log.ready());
        assert_eq!(log.take_suppressed(), 2);
    }
}
