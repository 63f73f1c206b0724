//! Reading the configuration: defaults, bounds, and messages that name the variable.

use super::*;
use rules::wizard::CrimeType;
use std::collections::HashMap;

fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
    let vars: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
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
    assert!(config(&[("PORTAL_REQUEST_TIMEOUT_SECS", "10"), ("PORTAL_LOOKUP_DELAY_MAX_MS", "5000")]).is_ok());
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
    assert_eq!(config(&[("PORTAL_BODY_LIMIT_BYTES", "lots")]).unwrap_err().name, "PORTAL_BODY_LIMIT_BYTES");
}

#[test]
fn links_must_be_web_addresses() {
    assert_eq!(config(&[("PORTAL_VIDEO_URL", "javascript:alert(1)")]).unwrap_err().name, "PORTAL_VIDEO_URL");
    let config = config(&[("PORTAL_VIDEO_URL", "https://example.org/video")]).unwrap();
    assert_eq!(config.site.links.video, "https://example.org/video");
}

#[test]
fn an_https_public_url_means_tls() {
    assert!(config(&[("PORTAL_PUBLIC_URL", "https://report.example.police.uk")]).unwrap().served_over_tls());
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
fn sqlite_and_postgres_databases_are_accepted_and_nothing_else() {
    for url in ["sqlite://data/portal.db", "postgres://portal@db.internal/portal", "postgresql://db/portal"] {
        assert_eq!(config(&[("DATABASE_URL", url)]).unwrap().database_url, url);
    }
    for url in ["mysql://db/portal", "portal.db"] {
        assert_eq!(config(&[("DATABASE_URL", url)]).unwrap_err().name, "DATABASE_URL", "{url}");
    }
}

#[test]
fn the_outbox_lease_outlasts_two_smtp_timeouts() {
    assert_eq!(config(&[]).unwrap().outbox_lease, chrono::Duration::minutes(5));
    let short = config(&[("PORTAL_OUTBOX_LEASE_SECS", "20"), ("PORTAL_SMTP_TIMEOUT_SECS", "15")]);
    assert_eq!(short.unwrap_err().name, "PORTAL_OUTBOX_LEASE_SECS");
    let fine = config(&[("PORTAL_OUTBOX_LEASE_SECS", "30"), ("PORTAL_SMTP_TIMEOUT_SECS", "15")]).unwrap();
    assert_eq!(fine.outbox_lease, chrono::Duration::seconds(30));
}

#[test]
fn outbox_retention_and_the_smtp_timeout_have_bounds() {
    let defaults = config(&[]).unwrap();
    assert_eq!(defaults.outbox_keep, chrono::Duration::days(30));
    assert_eq!(defaults.smtp_timeout, Duration::from_secs(15));
    assert_eq!(config(&[("PORTAL_OUTBOX_KEEP_DAYS", "0")]).unwrap_err().name, "PORTAL_OUTBOX_KEEP_DAYS");
    assert_eq!(config(&[("PORTAL_OUTBOX_KEEP_DAYS", "366")]).unwrap_err().name, "PORTAL_OUTBOX_KEEP_DAYS");
    assert_eq!(config(&[("PORTAL_SMTP_TIMEOUT_SECS", "0")]).unwrap_err().name, "PORTAL_SMTP_TIMEOUT_SECS");
    let set = config(&[("PORTAL_OUTBOX_KEEP_DAYS", "7"), ("PORTAL_SMTP_TIMEOUT_SECS", "5")]).unwrap();
    assert_eq!((set.outbox_keep, set.smtp_timeout), (chrono::Duration::days(7), Duration::from_secs(5)));
}

#[test]
fn the_survey_is_six_weeks_after_recording_by_default_zero_turns_it_off_and_its_link_has_bounds() {
    let defaults = config(&[]).unwrap().survey;
    assert_eq!(defaults.after, Some(chrono::Duration::days(42)));
    assert_eq!(defaults.link_lifetime, chrono::Duration::days(28));
    assert_eq!(config(&[("PORTAL_SURVEY_AFTER_DAYS", "0")]).unwrap().survey.after, None);
    for (name, value) in [
        ("PORTAL_SURVEY_AFTER_DAYS", "366"),
        ("PORTAL_SURVEY_AFTER_DAYS", "-1"),
        ("PORTAL_SURVEY_LINK_DAYS", "0"),
    ] {
        assert_eq!(config(&[(name, value)]).unwrap_err().name, name, "{value}");
    }
    let set = config(&[("PORTAL_SURVEY_AFTER_DAYS", "7"), ("PORTAL_SURVEY_LINK_DAYS", "90")]).unwrap().survey;
    assert_eq!((set.after, set.link_lifetime), (Some(chrono::Duration::days(7)), chrono::Duration::days(90)));
}
