//! Reading and checking each group of variables: every value within its bounds, every problem
//! named by its variable.

use std::{path::Path, time::Duration};

use app::{config::Links, SiteConfig};
use rules::wizard::CrimeType;

use super::{ConfigError, ConnectionLimits, SoftDelay, Staff, Survey, Tracking};

pub(super) fn problem(name: &'static str, problem: impl Into<String>) -> ConfigError {
    ConfigError { name, problem: problem.into() }
}

/// The variables as looked up; a blank value counts as unset.
pub(super) struct Vars<'a>(pub &'a dyn Fn(&str) -> Option<String>);

impl Vars<'_> {
    pub fn get(&self, name: &'static str) -> Option<String> {
        (self.0)(name).filter(|v| !v.trim().is_empty())
    }

    /// `name` parsed as a `T`, or `default`; `expected` says what it should be.
    pub fn parse<T: std::str::FromStr>(
        &self,
        name: &'static str,
        default: &str,
        expected: &str,
    ) -> Result<T, ConfigError> {
        let value = self.get(name).unwrap_or_else(|| default.into());
        value.trim().parse().map_err(|_| problem(name, format!("{value:?} is not {expected}")))
    }

    /// `name` as a whole number within `range`, or `default`.
    pub fn range<T>(
        &self,
        name: &'static str,
        default: T,
        range: std::ops::RangeInclusive<T>,
    ) -> Result<T, ConfigError>
    where
        T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy,
    {
        let Some(value) = self.get(name) else { return Ok(default) };
        match value.trim().parse::<T>() {
            Ok(n) if range.contains(&n) => Ok(n),
            _ => Err(problem(
                name,
                format!("{value:?} is not a whole number from {} to {}", range.start(), range.end()),
            )),
        }
    }

    /// `name` as an http or https address, if set.
    pub fn url(&self, name: &'static str) -> Result<Option<url::Url>, ConfigError> {
        self.get(name).map(|value| parse_url(name, &value)).transpose()
    }

    /// A link pages show: `name` if set (and an http or https address), else `default`.
    fn link(&self, name: &'static str, default: String) -> Result<String, ConfigError> {
        match self.get(name) {
            None => Ok(default),
            Some(value) => parse_url(name, &value).map(|_| value),
        }
    }

    fn minutes(
        &self,
        name: &'static str,
        default: i64,
        range: std::ops::RangeInclusive<i64>,
    ) -> Result<chrono::Duration, ConfigError> {
        Ok(chrono::Duration::minutes(self.range(name, default, range)?))
    }

    fn millis(
        &self,
        name: &'static str,
        default: u64,
        range: std::ops::RangeInclusive<u64>,
    ) -> Result<Duration, ConfigError> {
        Ok(Duration::from_millis(self.range(name, default, range)?))
    }

    fn seconds(
        &self,
        name: &'static str,
        default: u64,
        range: std::ops::RangeInclusive<u64>,
    ) -> Result<Duration, ConfigError> {
        Ok(Duration::from_secs(self.range(name, default, range)?))
    }
}

fn parse_url(name: &'static str, value: &str) -> Result<url::Url, ConfigError> {
    match url::Url::parse(value) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => Ok(url),
        _ => Err(problem(name, format!("{value:?} is not an http or https address"))),
    }
}

/// `DATABASE_URL`, by default a SQLite file in the data folder; `postgres://` (or
/// `postgresql://`) for a PostgreSQL server.
pub(super) fn database_url(var: &Vars, data_dir: &Path) -> Result<String, ConfigError> {
    let url = var
        .get("DATABASE_URL")
        .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("portal.db").display()));
    if !url.starts_with("sqlite:") && !crate::db::is_postgres_url(&url) {
        return Err(problem("DATABASE_URL", "must be a sqlite: or postgres:// URL"));
    }
    Ok(url)
}

pub(super) fn json_logs(var: &Vars) -> Result<bool, ConfigError> {
    match var.get("PORTAL_LOG_FORMAT").as_deref() {
        None | Some("text") => Ok(false),
        Some("json") => Ok(true),
        Some(_) => Err(problem("PORTAL_LOG_FORMAT", "must be text or json")),
    }
}

pub(super) fn smtp_url(var: &Vars) -> Result<Option<String>, ConfigError> {
    match var.get("PORTAL_SMTP_URL") {
        Some(url) if url.starts_with("smtp://") || url.starts_with("smtps://") => Ok(Some(url)),
        Some(_) => Err(problem("PORTAL_SMTP_URL", "must start with smtp:// or smtps://")),
        None => Ok(None),
    }
}

pub(super) fn mail_from(var: &Vars) -> Result<lettre::message::Mailbox, ConfigError> {
    let from =
        var.get("PORTAL_MAIL_FROM").unwrap_or_else(|| "Report a crime online <no-reply@localhost>".into());
    from.parse().map_err(|_| {
        let expected =
            format!("{from:?} is not an email address such as Police <no-reply@example.police.uk>");
        problem("PORTAL_MAIL_FROM", expected)
    })
}

pub(super) fn client_ip_header(var: &Vars) -> Result<Option<http::HeaderName>, ConfigError> {
    var.get("PORTAL_CLIENT_IP_HEADER")
        .map(|h| {
            http::HeaderName::try_from(h.trim().to_ascii_lowercase())
                .map_err(|_| problem("PORTAL_CLIENT_IP_HEADER", format!("{h:?} is not a header name")))
        })
        .transpose()
}

pub(super) fn staff(var: &Vars) -> Result<Staff, ConfigError> {
    Ok(Staff {
        idle: var.minutes("PORTAL_STAFF_IDLE_MINUTES", 15, 1..=120)?,
        absolute: chrono::Duration::hours(var.range("PORTAL_STAFF_SESSION_HOURS", 10, 1..=24)?),
        enrolment_lifetime: chrono::Duration::hours(var.range(
            "PORTAL_STAFF_ENROLMENT_HOURS",
            72,
            1..=336,
        )?),
        info_reply: chrono::Duration::days(var.range("PORTAL_INFO_REPLY_DAYS", 14, 1..=90)?),
    })
}

pub(super) fn survey(var: &Vars) -> Result<Survey, ConfigError> {
    let after: i64 = var.range("PORTAL_SURVEY_AFTER_DAYS", 42, 0..=365)?;
    Ok(Survey {
        after: (after > 0).then(|| chrono::Duration::days(after)),
        link_lifetime: chrono::Duration::days(var.range("PORTAL_SURVEY_LINK_DAYS", 28, 1..=90)?),
    })
}

pub(super) fn tracking(var: &Vars) -> Result<Tracking, ConfigError> {
    Ok(Tracking {
        idle: var.minutes("PORTAL_TRACK_IDLE_MINUTES", 30, 1..=240)?,
        absolute: chrono::Duration::hours(var.range("PORTAL_TRACK_SESSION_HOURS", 4, 1..=24)?),
        link_lifetime: var.minutes("PORTAL_TRACK_LINK_MINUTES", 60, 5..=1440)?,
        lookups_per_minute: var.range("PORTAL_LOOKUP_RATE_PER_MINUTE", 10, 1..=1_000_000)?,
        delay: SoftDelay {
            free_failures: var.range("PORTAL_LOOKUP_FREE_FAILURES", 3, 1..=100)?,
            first: var.millis("PORTAL_LOOKUP_DELAY_MS", 1000, 1..=60_000)?,
            max: var.millis("PORTAL_LOOKUP_DELAY_MAX_MS", 20_000, 1..=300_000)?,
            memory: var.minutes("PORTAL_LOOKUP_FAILURE_MEMORY_MINUTES", 60, 1..=1440)?,
        },
    })
}

pub(super) fn connections(var: &Vars) -> Result<ConnectionLimits, ConfigError> {
    Ok(ConnectionLimits {
        header_read_timeout: var.seconds("PORTAL_HEADER_READ_TIMEOUT_SECS", 10, 1..=300)?,
        idle_timeout: var.seconds("PORTAL_IDLE_TIMEOUT_SECS", 60, 1..=3600)?,
        max_connections: var.range("PORTAL_MAX_CONNECTIONS", 1024, 1..=1_000_000)?,
    })
}

/// What pages show about the force and the periods they promise.
pub(super) fn site(var: &Vars) -> Result<SiteConfig, ConfigError> {
    let defaults = SiteConfig::default();
    Ok(SiteConfig {
        force_name: var.get("PORTAL_FORCE_NAME").unwrap_or(defaults.force_name),
        links: Links {
            victims_code: var.link("PORTAL_VICTIMS_CODE_URL", defaults.links.victims_code)?,
            video: var.link("PORTAL_VIDEO_URL", defaults.links.video)?,
            victim_personal_statement: var
                .link("PORTAL_VPS_URL", defaults.links.victim_personal_statement)?,
            exit_page: var.link("PORTAL_EXIT_URL", defaults.links.exit_page)?,
        },
        draft_days: var.range("PORTAL_DRAFT_DAYS", 14, 1..=90)?,
        receipt_minutes: var.range("PORTAL_RECEIPT_MINUTES", 10, 1..=60)?,
        track_link_minutes: var.range("PORTAL_TRACK_LINK_MINUTES", 60, 5..=1440)?,
        track_idle_minutes: var.range("PORTAL_TRACK_IDLE_MINUTES", 30, 1..=240)?,
        track_session_hours: var.range("PORTAL_TRACK_SESSION_HOURS", 4, 1..=24)?,
        online_crime_types: match var.get("PORTAL_ONLINE_CRIME_TYPES") {
            None => defaults.online_crime_types,
            Some(list) => crime_types(&list)?,
        },
    })
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
