//! Configuration, read once from environment variables at start-up and passed down.
//! A bad value stops start-up with a message naming the variable and what is wrong.

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use app::{config::Links, SiteConfig};
use rules::wizard::CrimeType;

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
    /// Timeouts and the cap that keep slow or idle clients from using up the server.
    pub connections: ConnectionLimits,
    /// What pages show about the force.
    pub site: SiteConfig,
    /// Finished outbox rows are deleted this long after they were done (`PORTAL_OUTBOX_KEEP_DAYS`, 30).
    pub outbox_keep: chrono::Duration,
    /// The longest one message may take to send over SMTP, connecting included (`PORTAL_SMTP_TIMEOUT_SECS`, 15).
    pub smtp_timeout: Duration,
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
        let var = |name: &'static str| lookup(name).filter(|v| !v.trim().is_empty());
        let data_dir = PathBuf::from(var("PORTAL_DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url = var("DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("portal.db").display()));
        if !database_url.starts_with("sqlite:") {
            return Err(problem("DATABASE_URL", "only sqlite: URLs are supported in this version"));
        }
        let defaults = SiteConfig::default();
        let draft_days: u32 = parse_range(&var, "PORTAL_DRAFT_DAYS", 14, 1..=90)?;
        let track_idle_minutes: u32 = parse_range(&var, "PORTAL_TRACK_IDLE_MINUTES", 30, 1..=240)?;
        let track_session_hours: u32 = parse_range(&var, "PORTAL_TRACK_SESSION_HOURS", 4, 1..=24)?;
        let track_link_minutes: u32 = parse_range(&var, "PORTAL_TRACK_LINK_MINUTES", 60, 5..=1440)?;
        let receipt_minutes: u32 = parse_range(&var, "PORTAL_RECEIPT_MINUTES", 10, 1..=60)?;
        let link = |name: &'static str, default: String| match var(name) {
            None => Ok(default),
            Some(value) => parse_url(name, &value).map(|_| value),
        };
        let config = Self {
            addr: parse(&var, "PORTAL_ADDR", "127.0.0.1:3000", "an address and port such as 127.0.0.1:3000")?,
            data_dir,
            database_url,
            site_root: PathBuf::from(var("PORTAL_SITE_ROOT").unwrap_or_else(|| "target/site".into())),
            public_url: var("PORTAL_PUBLIC_URL").map(|v| parse_url("PORTAL_PUBLIC_URL", &v)).transpose()?,
            request_timeout: Duration::from_secs(parse_range(
                &var,
                "PORTAL_REQUEST_TIMEOUT_SECS",
                30,
                1..=600,
            )?),
            body_limit: parse_range(&var, "PORTAL_BODY_LIMIT_BYTES", 256 * 1024, 1024..=16 * 1024 * 1024)?,
            json_logs: match var("PORTAL_LOG_FORMAT").as_deref() {
                None | Some("text") => false,
                Some("json") => true,
                Some(_) => return Err(problem("PORTAL_LOG_FORMAT", "must be text or json")),
            },
            draft_lifetime: chrono::Duration::days(draft_days.into()),
            new_drafts_per_hour: parse_range(&var, "PORTAL_NEW_DRAFTS_PER_HOUR", 20, 1..=1_000_000)?,
            receipt_window: chrono::Duration::minutes(receipt_minutes.into()),
            smtp_url: match var("PORTAL_SMTP_URL") {
                Some(url) if url.starts_with("smtp://") || url.starts_with("smtps://") => Some(url),
                Some(_) => return Err(problem("PORTAL_SMTP_URL", "must start with smtp:// or smtps://")),
                None => None,
            },
            mail_from: {
                let from = var("PORTAL_MAIL_FROM")
                    .unwrap_or_else(|| "Report a crime online <no-reply@localhost>".into());
                from.parse().map_err(|_| {
                    problem(
                        "PORTAL_MAIL_FROM",
                        format!(
                            "{from:?} is not an email address such as Police <no-reply@example.police.uk>"
                        ),
                    )
                })?
            },
            submit_rate_per_minute: parse_range(&var, "PORTAL_SUBMIT_RATE_PER_MINUTE", 60, 1..=1_000_000)?,
            client_ip_header: var("PORTAL_CLIENT_IP_HEADER")
                .map(|h| {
                    http::HeaderName::try_from(h.trim().to_ascii_lowercase()).map_err(|_| {
                        problem("PORTAL_CLIENT_IP_HEADER", format!("{h:?} is not a header name"))
                    })
                })
                .transpose()?,
            allocation_rules: var("PORTAL_ALLOCATION_RULES").map(PathBuf::from),
            outbox_poll: Duration::from_millis(parse_range(
                &var,
                "PORTAL_OUTBOX_POLL_MS",
                1000,
                50..=60_000,
            )?),
            tracking: Tracking {
                idle: chrono::Duration::minutes(parse_range(&var, "PORTAL_TRACK_IDLE_MINUTES", 30, 1..=240)?),
                absolute: chrono::Duration::hours(parse_range(
                    &var,
                    "PORTAL_TRACK_SESSION_HOURS",
                    4,
                    1..=24,
                )?),
                link_lifetime: chrono::Duration::minutes(parse_range(
                    &var,
                    "PORTAL_TRACK_LINK_MINUTES",
                    60,
                    5..=1440,
                )?),
                lookups_per_minute: parse_range(&var, "PORTAL_LOOKUP_RATE_PER_MINUTE", 10, 1..=1_000_000)?,
                delay: SoftDelay {
                    free_failures: parse_range(&var, "PORTAL_LOOKUP_FREE_FAILURES", 3, 1..=100)?,
                    first: Duration::from_millis(parse_range(
                        &var,
                        "PORTAL_LOOKUP_DELAY_MS",
                        1000,
                        1..=60_000,
                    )?),
                    max: Duration::from_millis(parse_range(
                        &var,
                        "PORTAL_LOOKUP_DELAY_MAX_MS",
                        20_000,
                        1..=300_000,
                    )?),
                    memory: chrono::Duration::minutes(parse_range(
                        &var,
                        "PORTAL_LOOKUP_FAILURE_MEMORY_MINUTES",
                        60,
                        1..=1440,
                    )?),
                },
            },
            connections: ConnectionLimits {
                header_read_timeout: Duration::from_secs(parse_range(
                    &var,
                    "PORTAL_HEADER_READ_TIMEOUT_SECS",
                    10,
                    1..=300,
                )?),
                idle_timeout: Duration::from_secs(parse_range(
                    &var,
                    "PORTAL_IDLE_TIMEOUT_SECS",
                    60,
                    1..=3600,
                )?),
                max_connections: parse_range(&var, "PORTAL_MAX_CONNECTIONS", 1024, 1..=1_000_000)?,
            },
            site: SiteConfig {
                force_name: var("PORTAL_FORCE_NAME").unwrap_or(defaults.force_name),
                links: Links {
                    victims_code: link("PORTAL_VICTIMS_CODE_URL", defaults.links.victims_code)?,
                    video: link("PORTAL_VIDEO_URL", defaults.links.video)?,
                    victim_personal_statement: link(
                        "PORTAL_VPS_URL",
                        defaults.links.victim_personal_statement,
                    )?,
                    exit_page: link("PORTAL_EXIT_URL", defaults.links.exit_page)?,
                },
                draft_days,
                receipt_minutes,
                track_link_minutes,
                track_idle_minutes,
                track_session_hours,
                online_crime_types: match var("PORTAL_ONLINE_CRIME_TYPES") {
                    None => defaults.online_crime_types,
                    Some(list) => crime_types(&list)?,
                },
            },
            outbox_keep: chrono::Duration::days(parse_range(&var, "PORTAL_OUTBOX_KEEP_DAYS", 30, 1..=365)?),
            smtp_timeout: Duration::from_secs(parse_range(&var, "PORTAL_SMTP_TIMEOUT_SECS", 15, 1..=300)?),
        };
        config.check_soft_delay()?;
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

fn problem(name: &'static str, problem: impl Into<String>) -> ConfigError {
    ConfigError { name, problem: problem.into() }
}

fn parse<T: std::str::FromStr>(
    var: &impl Fn(&'static str) -> Option<String>,
    name: &'static str,
    default: &str,
    expected: &str,
) -> Result<T, ConfigError> {
    let value = var(name).unwrap_or_else(|| default.into());
    value.trim().parse().map_err(|_| problem(name, format!("{value:?} is not {expected}")))
}

fn parse_range<T>(
    var: &impl Fn(&'static str) -> Option<String>,
    name: &'static str,
    default: T,
    range: std::ops::RangeInclusive<T>,
) -> Result<T, ConfigError>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy,
{
    let Some(value) = var(name) else { return Ok(default) };
    match value.trim().parse::<T>() {
        Ok(n) if range.contains(&n) => Ok(n),
        _ => Err(problem(
            name,
            format!("{value:?} is not a whole number from {} to {}", range.start(), range.end()),
        )),
    }
}

fn crime_types(list: &str) -> Result<Vec<CrimeType>, ConfigError> {
    let mut types = Vec::new();
    for slug in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let known = CrimeType::ALL.iter().map(|t| t.slug()).collect::<Vec<_>>().join(", ");
        let crime = CrimeType::from_slug(slug).ok_or_else(|| {
            problem("PORTAL_ONLINE_CRIME_TYPES", format!("{slug:?} is not one of: {known}"))
        })?;
        if !types.contains(&crime) {
            types.push(crime);
        }
    }
    if types.is_empty() {
        return Err(problem("PORTAL_ONLINE_CRIME_TYPES", "list at least one crime type"));
    }
    Ok(types)
}

fn parse_url(name: &'static str, value: &str) -> Result<url::Url, ConfigError> {
    match url::Url::parse(value) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => Ok(url),
        _ => Err(problem(name, format!("{value:?} is not an http or https address"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> =
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|name| vars.get(name).cloned())
    }

    #[test]
    fn defaults_serve_on_loopback_with_a_sqlite_file_under_data() {
        let config = config(&[]).unwrap();
        assert_eq!(config.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(config.database_url, "sqlite://data/portal.db");
        assert!(!config.served_over_tls());
    }

    #[test]
    fn the_soft_delay_starts_after_the_free_failures_doubles_and_stops_at_its_maximum() {
        let delay = SoftDelay {
            free_failures: 3,
            first: Duration::from_secs(1),
            max: Duration::from_secs(30),
            memory: chrono::Duration::hours(1),
        };
        let waits: Vec<u64> = (0..10).map(|f| delay.wait(f).as_secs()).collect();
        assert_eq!(waits, [0, 0, 0, 1, 2, 4, 8, 16, 30, 30]);
        assert_eq!(delay.wait(u32::MAX), Duration::from_secs(30));
    }

    #[test]
    fn no_soft_delay_may_reach_the_request_timeout() {
        let defaults = config(&[]).unwrap();
        assert!(defaults.tracking.delay.max + DELAY_HEADROOM <= defaults.request_timeout);
        let error = config(&[("PORTAL_LOOKUP_DELAY_MAX_MS", "30000")]).unwrap_err();
        assert_eq!(error.name, "PORTAL_LOOKUP_DELAY_MAX_MS");
        assert!(error.problem.contains("at most 25000 ms"), "{error}");
        let error = config(&[("PORTAL_REQUEST_TIMEOUT_SECS", "10")]).unwrap_err();
        assert_eq!(error.name, "PORTAL_LOOKUP_DELAY_MAX_MS");
        assert!(
            config(&[("PORTAL_REQUEST_TIMEOUT_SECS", "10"), ("PORTAL_LOOKUP_DELAY_MAX_MS", "5000")]).is_ok()
        );
        let short = [
            ("PORTAL_REQUEST_TIMEOUT_SECS", "1"),
            ("PORTAL_LOOKUP_DELAY_MS", "100"),
            ("PORTAL_LOOKUP_DELAY_MAX_MS", "600"),
        ];
        assert_eq!(config(&short).unwrap_err().name, "PORTAL_LOOKUP_DELAY_MAX_MS");
        let error = config(&[("PORTAL_LOOKUP_DELAY_MS", "25000")]).unwrap_err();
        assert_eq!(error.name, "PORTAL_LOOKUP_DELAY_MS");
    }

    #[test]
    fn a_bad_listen_address_names_the_variable() {
        let error = config(&[("PORTAL_ADDR", "localhost")]).unwrap_err();
        assert_eq!(error.name, "PORTAL_ADDR");
        assert!(error.to_string().contains("127.0.0.1:3000"), "{error}");
    }

    #[test]
    fn out_of_range_numbers_are_refused() {
        assert_eq!(
            config(&[("PORTAL_REQUEST_TIMEOUT_SECS", "0")]).unwrap_err().name,
            "PORTAL_REQUEST_TIMEOUT_SECS"
        );
        assert_eq!(
            config(&[("PORTAL_BODY_LIMIT_BYTES", "lots")]).unwrap_err().name,
            "PORTAL_BODY_LIMIT_BYTES"
        );
    }

    #[test]
    fn links_must_be_web_addresses() {
        assert_eq!(
            config(&[("PORTAL_VIDEO_URL", "javascript:alert(1)")]).unwrap_err().name,
            "PORTAL_VIDEO_URL"
        );
        let config = config(&[("PORTAL_VIDEO_URL", "https://example.org/video")]).unwrap();
        assert_eq!(config.site.links.video, "https://example.org/video");
    }

    #[test]
    fn an_https_public_url_means_tls() {
        assert!(config(&[("PORTAL_PUBLIC_URL", "https://report.example.police.uk")])
            .unwrap()
            .served_over_tls());
        assert_eq!(config(&[("PORTAL_LOG_FORMAT", "xml")]).unwrap_err().name, "PORTAL_LOG_FORMAT");
    }

    #[test]
    fn the_crimes_taken_online_are_configurable() {
        let chosen = config(&[("PORTAL_ONLINE_CRIME_TYPES", "bicycle-theft, graffiti")]).unwrap();
        assert_eq!(chosen.site.online_crime_types, [CrimeType::BicycleTheft, CrimeType::Graffiti]);
        let error = config_err(&[("PORTAL_ONLINE_CRIME_TYPES", "burglary")]);
        assert!(error.contains("bicycle-theft"), "{error}");
        assert_eq!(config(&[("PORTAL_DRAFT_DAYS", "0")]).unwrap_err().name, "PORTAL_DRAFT_DAYS");
    }

    fn config_err(pairs: &[(&str, &str)]) -> String {
        config(pairs).unwrap_err().to_string()
    }

    #[test]
    fn connection_limits_have_safe_defaults() {
        let limits = config(&[]).unwrap().connections;
        assert_eq!(limits, ConnectionLimits::default());
        assert_eq!(limits.header_read_timeout, Duration::from_secs(10));
        assert_eq!(limits.idle_timeout, Duration::from_secs(60));
        assert_eq!(limits.max_connections, 1024);
    }

    #[test]
    fn connection_limits_are_configurable_within_their_ranges() {
        let limits = config(&[
            ("PORTAL_HEADER_READ_TIMEOUT_SECS", "2"),
            ("PORTAL_IDLE_TIMEOUT_SECS", "5"),
            ("PORTAL_MAX_CONNECTIONS", "64"),
        ])
        .unwrap()
        .connections;
        assert_eq!(limits.header_read_timeout, Duration::from_secs(2));
        assert_eq!(limits.idle_timeout, Duration::from_secs(5));
        assert_eq!(limits.max_connections, 64);
        for (name, bad) in [
            ("PORTAL_HEADER_READ_TIMEOUT_SECS", "0"),
            ("PORTAL_HEADER_READ_TIMEOUT_SECS", "301"),
            ("PORTAL_IDLE_TIMEOUT_SECS", "0"),
            ("PORTAL_IDLE_TIMEOUT_SECS", "3601"),
            ("PORTAL_MAX_CONNECTIONS", "0"),
            ("PORTAL_MAX_CONNECTIONS", "many"),
            ("PORTAL_MAX_CONNECTIONS", "1000001"),
        ] {
            assert_eq!(config(&[(name, bad)]).unwrap_err().name, name, "{name}={bad}");
        }
    }

    #[test]
    fn only_sqlite_databases_are_accepted_for_now() {
        assert_eq!(config(&[("DATABASE_URL", "postgres://x")]).unwrap_err().name, "DATABASE_URL");
    }

    #[test]
    fn outbox_retention_and_the_smtp_timeout_have_bounds() {
        let defaults = config(&[]).unwrap();
        assert_eq!(defaults.outbox_keep, chrono::Duration::days(30));
        assert_eq!(defaults.smtp_timeout, Duration::from_secs(15));
        assert_eq!(config(&[("PORTAL_OUTBOX_KEEP_DAYS", "0")]).unwrap_err().name, "PORTAL_OUTBOX_KEEP_DAYS");
        assert_eq!(
            config(&[("PORTAL_OUTBOX_KEEP_DAYS", "366")]).unwrap_err().name,
            "PORTAL_OUTBOX_KEEP_DAYS"
        );
        assert_eq!(
            config(&[("PORTAL_SMTP_TIMEOUT_SECS", "0")]).unwrap_err().name,
            "PORTAL_SMTP_TIMEOUT_SECS"
        );
        let set = config(&[("PORTAL_OUTBOX_KEEP_DAYS", "7"), ("PORTAL_SMTP_TIMEOUT_SECS", "5")]).unwrap();
        assert_eq!((set.outbox_keep, set.smtp_timeout), (chrono::Duration::days(7), Duration::from_secs(5)));
    }
}
