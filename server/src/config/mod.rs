//! Configuration, read once from environment variables at start-up and passed down.
//! A bad value stops start-up with a message naming the variable and what is wrong.

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use app::SiteConfig;

mod read;

use read::{problem, Vars};

/// Everything the server needs to know, validated.
#[derive(Clone, Debug)]
pub struct Config {
    /// Address to listen on (`PORTAL_ADDR`).
    pub addr: SocketAddr,
    /// Folder for the SQLite database and other local files (`PORTAL_DATA_DIR`).
    pub data_dir: PathBuf,
    /// Database connection string (`DATABASE_URL`).
    pub database_url: String,
    /// Folder of the built site: `pkg/` and public files (`PORTAL_SITE_ROOT`).
    pub site_root: PathBuf,
    /// The address the public uses, when behind a proxy or TLS (`PORTAL_PUBLIC_URL`).
    pub public_url: Option<url::Url>,
    /// Longest time a request may take (`PORTAL_REQUEST_TIMEOUT_SECS`).
    pub request_timeout: Duration,
    /// Largest request body accepted, in bytes (`PORTAL_BODY_LIMIT_BYTES`).
    pub body_limit: usize,
    /// Log lines as JSON rather than text (`PORTAL_LOG_FORMAT=json`).
    pub json_logs: bool,
    /// How long an unfinished report is kept (`PORTAL_DRAFT_DAYS`).
    pub draft_lifetime: chrono::Duration,
    /// How many drafts one client may start in an hour (`PORTAL_NEW_DRAFTS_PER_HOUR`).
    pub new_drafts_per_hour: u32,
    /// How long the confirmation page shows the tracking code, in the browser that sent the
    /// report only (`PORTAL_RECEIPT_MINUTES`).
    pub receipt_window: chrono::Duration,
    /// SMTP relay for outgoing mail (`PORTAL_SMTP_URL`); without it mail is written to files.
    pub smtp_url: Option<String>,
    /// The sender of outgoing mail (`PORTAL_MAIL_FROM`).
    pub mail_from: lettre::message::Mailbox,
    /// How often the outbox dispatcher looks for work (`PORTAL_OUTBOX_POLL_MS`).
    pub outbox_poll: Duration,
    /// Report posts and partner API calls allowed per client per minute (`PORTAL_SUBMIT_RATE_PER_MINUTE`).
    pub submit_rate_per_minute: u32,
    /// The header a trusted reverse proxy puts the client address in (`PORTAL_CLIENT_IP_HEADER`).
    pub client_ip_header: Option<http::HeaderName>,
    /// A file of allocation rules replacing the shipped ones (`PORTAL_ALLOCATION_RULES`).
    pub allocation_rules: Option<PathBuf>,
    /// The tracking page's sessions, links and look-up limits.
    pub tracking: Tracking,
    /// Staff sessions, enrolment links and the wait for a victim's answer.
    pub staff: Staff,
    /// When victims are invited to the satisfaction survey, and how long its link works.
    pub survey: Survey,
    /// Timeouts and the cap that keep slow or idle clients from using up the server.
    pub connections: ConnectionLimits,
    /// What pages show about the force.
    pub site: SiteConfig,
    /// Finished outbox rows are deleted this long after they were done (`PORTAL_OUTBOX_KEEP_DAYS`, 30).
    pub outbox_keep: chrono::Duration,
    /// The longest one message may take to send over SMTP, connecting included (`PORTAL_SMTP_TIMEOUT_SECS`, 15).
    pub smtp_timeout: Duration,
    /// How long a node that claimed an outbox row has it to itself; if the node dies, another
    /// takes the row up after this (`PORTAL_OUTBOX_LEASE_SECS`, 300; at least twice
    /// `PORTAL_SMTP_TIMEOUT_SECS`, so that a slow send is never taken up twice).
    pub outbox_lease: chrono::Duration,
}

/// The staff workspace's settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Staff {
    /// A staff session ends after this long without a request (`PORTAL_STAFF_IDLE_MINUTES`, 15).
    pub idle: chrono::Duration,
    /// A staff session ends this long after sign-in, however active (`PORTAL_STAFF_SESSION_HOURS`, 10).
    pub absolute: chrono::Duration,
    /// An enrolment link works for this long (`PORTAL_STAFF_ENROLMENT_HOURS`, 72).
    pub enrolment_lifetime: chrono::Duration,
    /// A report returned to the victim for more information comes back to the queue, marked "no
    /// reply", after this many days (`PORTAL_INFO_REPLY_DAYS`, 14).
    pub info_reply: chrono::Duration,
}

/// The satisfaction survey's settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Survey {
    /// A victim is invited this long after the crime was recorded (`PORTAL_SURVEY_AFTER_DAYS`,
    /// 42: six weeks); `None` (0) turns the survey off.
    pub after: Option<chrono::Duration>,
    /// The emailed link works for this long (`PORTAL_SURVEY_LINK_DAYS`, 28).
    pub link_lifetime: chrono::Duration,
}

/// The tracking page's settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tracking {
    /// A session ends after this long without a request (`PORTAL_TRACK_IDLE_MINUTES`, 30).
    pub idle: chrono::Duration,
    /// A session ends this long after it began, however active (`PORTAL_TRACK_SESSION_HOURS`, 4).
    pub absolute: chrono::Duration,
    /// An emailed link works for this long (`PORTAL_TRACK_LINK_MINUTES`, 60).
    pub link_lifetime: chrono::Duration,
    /// Look-ups and link requests allowed per client per minute (`PORTAL_LOOKUP_RATE_PER_MINUTE`, 10).
    pub lookups_per_minute: u32,
    /// The soft delay after failed look-ups of one reference.
    pub delay: SoftDelay,
}

/// How long a connection may take over its request head or stay idle, and how many may be open.
/// Slow clients cannot hold connections for ever, and a flood of them cannot use up the file limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// A connection must send a complete request head within this long of opening, or of the
    /// first byte of its next request (`PORTAL_HEADER_READ_TIMEOUT_SECS`, 10).
    pub header_read_timeout: Duration,
    /// A kept-alive connection with no request in progress is closed after this long, and so is
    /// one that stops taking its response for this long (`PORTAL_IDLE_TIMEOUT_SECS`, 60).
    pub idle_timeout: Duration,
    /// Most connections open at once (`PORTAL_MAX_CONNECTIONS`, 1024). When they are all open,
    /// the one that has waited longest without a request in progress is closed to make room.
    pub max_connections: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            max_connections: 1024,
        }
    }
}

/// After `free_failures` failed look-ups of a reference, each further look-up of it waits
/// `first`, doubling with each failure up to `max`, until no look-up of it has failed for
/// `memory`. It slows guessing and never refuses: the right code always works.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SoftDelay {
    /// `PORTAL_LOOKUP_FREE_FAILURES`, 3.
    pub free_failures: u32,
    /// `PORTAL_LOOKUP_DELAY_MS`, 1000.
    pub first: Duration,
    /// `PORTAL_LOOKUP_DELAY_MAX_MS`, 20000: at least [`DELAY_HEADROOM`] below the request timeout.
    pub max: Duration,
    /// `PORTAL_LOOKUP_FAILURE_MEMORY_MINUTES`, 60.
    pub memory: chrono::Duration,
}

impl SoftDelay {
    /// The wait before answering a look-up of a reference that has failed `failures` times.
    pub fn wait(&self, failures: u32) -> Duration {
        if failures < self.free_failures {
            return Duration::ZERO;
        }
        let doublings = (failures - self.free_failures).min(20);
        self.first.saturating_mul(1 << doublings).min(self.max)
    }
}

/// How far below the request timeout the longest soft delay must stay: room for the wait for an
/// argon2id slot ([`crate::secrets::ARGON2_QUEUE_WAIT`]), the check itself and the database
/// (half the timeout when that is shorter than 10 s).
pub const DELAY_HEADROOM: Duration = Duration::from_secs(5);

fn delay_headroom(request_timeout: Duration) -> Duration {
    DELAY_HEADROOM.min(request_timeout / 2)
}

/// A configuration value that cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("configuration variable {name}: {problem}")]
pub struct ConfigError {
    /// The environment variable at fault.
    pub name: &'static str,
    /// What is wrong with it, in words an operator can act on.
    pub problem: String,
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads configuration through `lookup`, so tests need not touch the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let var = Vars(&lookup);
        let data_dir = PathBuf::from(var.get("PORTAL_DATA_DIR").unwrap_or_else(|| "data".into()));
        let site = read::site(&var)?;
        let config = Self {
            addr: var.parse("PORTAL_ADDR", "127.0.0.1:3000", "an address and port such as 127.0.0.1:3000")?,
            database_url: read::database_url(&var, &data_dir)?,
            data_dir,
            site_root: PathBuf::from(var.get("PORTAL_SITE_ROOT").unwrap_or_else(|| "target/site".into())),
            public_url: var.url("PORTAL_PUBLIC_URL")?,
            request_timeout: Duration::from_secs(var.range("PORTAL_REQUEST_TIMEOUT_SECS", 30, 1..=600)?),
            body_limit: var.range("PORTAL_BODY_LIMIT_BYTES", 256 * 1024, 1024..=16 * 1024 * 1024)?,
            json_logs: read::json_logs(&var)?,
            draft_lifetime: chrono::Duration::days(site.draft_days.into()),
            new_drafts_per_hour: var.range("PORTAL_NEW_DRAFTS_PER_HOUR", 20, 1..=1_000_000)?,
            receipt_window: chrono::Duration::minutes(site.receipt_minutes.into()),
            smtp_url: read::smtp_url(&var)?,
            mail_from: read::mail_from(&var)?,
            submit_rate_per_minute: var.range("PORTAL_SUBMIT_RATE_PER_MINUTE", 60, 1..=1_000_000)?,
            client_ip_header: read::client_ip_header(&var)?,
            allocation_rules: var.get("PORTAL_ALLOCATION_RULES").map(PathBuf::from),
            outbox_poll: Duration::from_millis(var.range("PORTAL_OUTBOX_POLL_MS", 1000, 50..=60_000)?),
            tracking: read::tracking(&var)?,
            staff: read::staff(&var)?,
            survey: read::survey(&var)?,
            connections: read::connections(&var)?,
            site,
            outbox_keep: chrono::Duration::days(var.range("PORTAL_OUTBOX_KEEP_DAYS", 30, 1..=365)?),
            smtp_timeout: Duration::from_secs(var.range("PORTAL_SMTP_TIMEOUT_SECS", 15, 1..=300)?),
            outbox_lease: chrono::Duration::seconds(var.range("PORTAL_OUTBOX_LEASE_SECS", 300, 2..=3600)?),
        };
        config.check_soft_delay()?;
        if config.outbox_lease.to_std().unwrap_or_default() < config.smtp_timeout * 2 {
            return Err(problem(
                "PORTAL_OUTBOX_LEASE_SECS",
                format!(
                    "must be at least twice PORTAL_SMTP_TIMEOUT_SECS ({} s), so that a slow send is never taken up twice",
                    config.smtp_timeout.as_secs()
                ),
            ));
        }
        Ok(config)
    }

    /// The longest soft delay must stay well inside the request timeout: a look-up answered
    /// after the delay must never be cut off by the timeout, and the victim's own code must never
    /// wait behind one.
    fn check_soft_delay(&self) -> Result<(), ConfigError> {
        let delay = &self.tracking.delay;
        let headroom = delay_headroom(self.request_timeout);
        if delay.max + headroom > self.request_timeout {
            return Err(problem(
                "PORTAL_LOOKUP_DELAY_MAX_MS",
                format!(
                    "{} ms would come within {} s of the request timeout (PORTAL_REQUEST_TIMEOUT_SECS = {} s): \
                     set it to at most {} ms, or raise the timeout",
                    delay.max.as_millis(),
                    headroom.as_secs_f32(),
                    self.request_timeout.as_secs(),
                    self.request_timeout.saturating_sub(headroom).as_millis(),
                ),
            ));
        }
        if delay.first > delay.max {
            return Err(problem(
                "PORTAL_LOOKUP_DELAY_MS",
                format!("must not be longer than PORTAL_LOOKUP_DELAY_MAX_MS ({} ms)", delay.max.as_millis()),
            ));
        }
        Ok(())
    }

    /// The address the public uses, for links in mail: `PORTAL_PUBLIC_URL`, or the listen address.
    pub fn public_base(&self) -> String {
        match &self.public_url {
            Some(url) => url.as_str().trim_end_matches('/').to_string(),
            None => format!("http://{}", self.addr),
        }
    }

    /// Whether the public reaches the portal over HTTPS, which turns on HSTS and `Secure` cookies.
    pub fn served_over_tls(&self) -> bool {
        self.public_url.as_ref().is_some_and(|url| url.scheme() == "https")
    }
}

#[cfg(test)]
mod tests;
