//! Each connection's phase (waiting for a head, busy, idle), and the queue of connections that
//! can be closed without losing a request, longest waiting first.

use super::*;

/// The connections that have no request in progress, oldest first, so that the one that has
/// waited longest can be closed when the cap is reached.
#[derive(Default)]
pub(super) struct Queue {
    waiting: Mutex<BTreeMap<(Instant, u64), Arc<Connection>>>,
    /// Told when a connection joins the queue.
    pub(super) added: Notify,
    next_id: AtomicU64,
}

impl Queue {
    pub(super) fn waiting(&self) -> MutexGuard<'_, BTreeMap<(Instant, u64), Arc<Connection>>> {
        self.waiting.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Closes the connection that has waited longest; false if none is waiting.
    pub(super) fn evict_oldest(&self) -> bool {
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

pub(super) struct Connection {
    id: u64,
    queue: Arc<Queue>,
    state: Mutex<State>,
    /// Set while a write is blocked, so that unblocked writes need not take the lock.
    write_blocked: AtomicBool,
    /// Told when the deadline may have moved or the connection was evicted.
    pub(super) changed: Notify,
    pub(super) evicted: AtomicBool,
}

pub(super) struct State {
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
pub(super) enum Phase {
    /// Waiting for (the rest of) a request head.
    Head,
    /// A request is in progress.
    Busy,
    /// Kept alive between requests.
    Idle,
}

impl Connection {
    pub(super) fn open(queue: Arc<Queue>) -> Arc<Self> {
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

    pub(super) fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(super) fn enqueue(self: &Arc<Self>, state: &mut State, now: Instant) {
        let key = (now, self.id);
        state.queued = Some(key);
        self.queue.waiting().insert(key, self.clone());
        self.queue.added.notify_one();
    }

    pub(super) fn dequeue(&self, state: &mut State) {
        if let Some(key) = state.queued.take() {
            self.queue.waiting().remove(&key);
        }
    }

    /// When the connection is to be closed unless something happens first.
    pub(super) fn deadline(&self, limits: &ConnectionLimits) -> Option<Instant> {
        let state = self.state();
        match state.phase {
            Phase::Head => Some(state.since + limits.header_read_timeout),
            Phase::Idle => Some(state.since + limits.idle_timeout),
            Phase::Busy => state.write_blocked_since.map(|since| since + limits.idle_timeout),
        }
    }

    pub(super) fn is_busy(&self) -> bool {
        self.state().phase == Phase::Busy
    }

    pub(super) fn phase_name(&self) -> &'static str {
        match self.state().phase {
            Phase::Head => "waiting for a request head",
            Phase::Busy => "not taking its response",
            Phase::Idle => "idle",
        }
    }

    /// Bytes arrived: on an idle connection they start the next request's head.
    pub(super) fn received(&self) {
        let mut state = self.state();
        if state.phase == Phase::Idle {
            state.phase = Phase::Head;
            state.since = Instant::now();
            drop(state);
            self.changed.notify_one();
        }
    }

    /// A complete head arrived; the request is in progress until the guard is dropped.
    pub(super) fn request_started(self: &Arc<Self>) -> RequestInProgress {
        let mut state = self.state();
        state.in_progress += 1;
        state.phase = Phase::Busy;
        self.dequeue(&mut state);
        RequestInProgress(self.clone())
    }

    pub(super) fn request_finished(self: &Arc<Self>) {
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

    pub(super) fn write_blocked(&self, blocked: bool) {
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
pub(super) struct LeavesTheQueue(pub(super) Arc<Connection>);

impl Drop for LeavesTheQueue {
    fn drop(&mut self) {
        let mut state = self.0.state();
        self.0.dequeue(&mut state);
    }
}

/// Held by a request from its head to the end of its response.
pub(super) struct RequestInProgress(pub(super) Arc<Connection>);

impl Drop for RequestInProgress {
    fn drop(&mut self) {
        self.0.request_finished();
    }
}
