//! Anti-automation (OWASP ASVS 5.0 2.4.1): per-client limits on state-changing requests — report
//! pages' posts, tracking and survey forms, and the partner API, (more tightly) tracking look-ups and requests for links, and
//! new drafts — so that one client cannot flood the service, fill its disk or guess at codes.
//! Reading pages is not limited. Over a limit: 429 with `Retry-After` (the site's page for pages,
//! the JSON envelope for the API). The client's address is left in the request's extensions
//! ([`ClientAddr`]) for the audit log.
//!
//! Partner API calls that carry a well-formed key (`Authorization: Bearer pk_…`) are limited per
//! key instead (by its SHA-256 digest, without a database look-up: an unknown key then fails with
//! 401), so that partners behind one address do not share a limit. So that a flood of made-up
//! keys from one address cannot escape limits, keyed calls from one address are also limited
//! together, to [`PARTNERS_PER_ADDRESS`] times the per-key rate; a call refused by its key's limit
//! does not count towards that, so one partner over its limit does not hold back the others.
//!
//! A client is an IPv4 address or an IPv6 /64: one household or phone line gets a /64, so keying
//! by the full IPv6 address would give one client 2^64 fresh allowances. The limiters forget
//! clients that have their whole allowance back, every [`TRIM_EVERY`] checks, so their memory is
//! bounded by the clients seen within one refill period.

use std::{
    net::{IpAddr, Ipv6Addr},
    num::NonZeroU32,
    sync::atomic::{AtomicU64, Ordering},
    time::Duration,
};

use axum::{
    extract::{ConnectInfo, Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use governor::{clock::Clock as _, DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::{config::Config, partner::keys::rate_limit_key};

/// How many partners' worth of API calls with a well-formed key one client address may make: the
/// per-address limit on those calls is this times the per-key rate (`PORTAL_SUBMIT_RATE_PER_MINUTE`).
pub const PARTNERS_PER_ADDRESS: u32 = 10;

/// The client's address as the peer or the trusted proxy gave it (for the audit log).
#[derive(Clone, Copy, Debug)]
pub struct ClientAddr(pub IpAddr);

/// The limiters forget clients with a full allowance after this many checks.
pub const TRIM_EVERY: u64 = 4096;

/// The key a client's requests are counted under: an IPv4 address (also when written as an
/// IPv4-mapped IPv6 address), or the /64 network of an IPv6 address.
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => {
            let s = v6.segments();
            IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
        }
    }
}

/// Every per-client limit, built once from the configuration.
pub struct Limits {
    /// Report posts, tracking actions, survey answers and partner API calls.
    submissions: DefaultKeyedRateLimiter<IpAddr>,
    /// Tracking look-ups, link requests and link uses.
    lookups: DefaultKeyedRateLimiter<IpAddr>,
    /// Drafts started.
    new_drafts: DefaultKeyedRateLimiter<IpAddr>,
    /// Partner API calls with a well-formed key: per key, and per client for all keys together.
    partners: DefaultKeyedRateLimiter<[u8; 32]>,
    partner_addresses: DefaultKeyedRateLimiter<IpAddr>,
    /// A header set by a trusted reverse proxy holding the client address (the last entry of
    /// its last line is the one the proxy added), e.g. `x-forwarded-for`. Without it, the peer
    /// address is the client.
    client_ip_header: Option<header::HeaderName>,
    checks: AtomicU64,
}

/// Refused: try again after this long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryAfter(pub Duration);

impl RetryAfter {
    /// Whole seconds, at least one, for the `Retry-After` header.
    pub fn seconds(self) -> u64 {
        self.0.as_secs_f64().ceil().max(1.0) as u64
    }
}

impl Limits {
    pub fn new(config: &Config) -> Self {
        let per_minute = |n: u32| Quota::per_minute(NonZeroU32::new(n.max(1)).expect("at least one"));
        let per_hour = |n: u32| Quota::per_hour(NonZeroU32::new(n.max(1)).expect("at least one"));
        Self {
            submissions: RateLimiter::keyed(per_minute(config.submit_rate_per_minute)),
            lookups: RateLimiter::keyed(per_minute(config.tracking.lookups_per_minute)),
            new_drafts: RateLimiter::keyed(per_hour(config.new_drafts_per_hour)),
            partners: RateLimiter::keyed(per_minute(config.submit_rate_per_minute)),
            partner_addresses: RateLimiter::keyed(per_minute(
                config.submit_rate_per_minute.saturating_mul(PARTNERS_PER_ADDRESS),
            )),
            client_ip_header: config.client_ip_header.clone(),
            checks: AtomicU64::new(0),
        }
    }

    /// The client's address: from the trusted proxy's header when one is configured and sent,
    /// otherwise the peer's.
    pub fn client(&self, headers: &HeaderMap, peer: Option<IpAddr>) -> Option<IpAddr> {
        if let Some(name) = &self.client_ip_header {
            // The proxy appends the address it saw to the last line; earlier lines and entries
            // came from the client and may say anything.
            let last_line = headers.get_all(name).iter().next_back().and_then(|v| v.to_str().ok());
            if let Some(ip) = last_line.and_then(|v| v.rsplit(',').next()).and_then(|v| v.trim().parse().ok())
            {
                return Some(ip);
            }
        }
        peer
    }

    fn check(&self, limiter: &DefaultKeyedRateLimiter<IpAddr>, client: IpAddr) -> Result<(), RetryAfter> {
        self.count_check();
        take(limiter, &client_key(client))
    }

    fn count_check(&self) {
        if self.checks.fetch_add(1, Ordering::Relaxed) % TRIM_EVERY == TRIM_EVERY - 1 {
            self.trim();
        }
    }

    /// Whether a partner API call may go on: by its key when it has a well-formed one, else by
    /// the client like any other post.
    fn api_call(&self, request: &Request, client: IpAddr) -> Result<(), RetryAfter> {
        match rate_limit_key(request.headers()) {
            Some(key) => {
                self.count_check();
                take(&self.partners, &key)?;
                take(&self.partner_addresses, &client_key(client))
            }
            None => self.check(&self.submissions, client),
        }
    }

    /// Whether `client` may start another draft now.
    pub fn new_draft(&self, client: Option<IpAddr>) -> Result<(), RetryAfter> {
        match client {
            Some(client) => self.check(&self.new_drafts, client),
            None => Ok(()),
        }
    }

    /// Forgets clients (and partner keys) whose allowance is full again.
    pub fn trim(&self) {
        for limiter in [&self.submissions, &self.lookups, &self.new_drafts, &self.partner_addresses] {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
        self.partners.retain_recent();
        self.partners.shrink_to_fit();
    }

    /// How many clients and keys the limiters remember now.
    pub fn remembered_clients(&self) -> usize {
        self.submissions.len()
            + self.lookups.len()
            + self.new_drafts.len()
            + self.partners.len()
            + self.partner_addresses.len()
    }

    /// The limiter for `request`, if it is limited.
    fn limiter_for(&self, request: &Request) -> Option<&DefaultKeyedRateLimiter<IpAddr>> {
        let path = request.uri().path();
        if request.method() != Method::POST {
            return None;
        }
        if path == "/track" || path == "/track/email-link" || path == "/track/open" {
            Some(&self.lookups)
        } else if path.starts_with("/report")
            || path.starts_with("/api/v1/")
            || path.starts_with("/track/")
            || path == "/survey"
            || path.starts_with("/staff/sign-in")
            || path == "/staff/enrol"
        {
            // Staff sign-in shares the wider limit: a force's staff often reach us from one
            // address, and each account has its own soft delay. Signed-in staff are not limited.
            Some(&self.submissions)
        } else {
            None
        }
    }
}

/// The middleware.
pub async fn limit_submissions(
    State(limits): State<std::sync::Arc<Limits>>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request.extensions().get::<ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
    let client = limits.client(request.headers(), peer);
    if let Some(client) = client {
        request.extensions_mut().insert(ClientAddr(client));
    }
    if let (Some(limiter), Some(client)) = (limits.limiter_for(&request), client) {
        let allowed = if request.uri().path().starts_with("/api/") {
            limits.api_call(&request, client)
        } else {
            limits.check(limiter, client)
        };
        if let Err(retry) = allowed {
            tracing::warn!(path = %request.uri().path(), "rate limit reached for a client");
            return too_many_requests(request.uri().path().starts_with("/api/"), retry);
        }
    }
    next.run(request).await
}

/// Takes one request for `key`, or says how long until one can be taken.
fn take<K: std::hash::Hash + Eq + Clone>(
    limiter: &DefaultKeyedRateLimiter<K>,
    key: &K,
) -> Result<(), RetryAfter> {
    limiter.check_key(key).map_err(|not_until| RetryAfter(not_until.wait_time_from(limiter.clock().now())))
}

/// The 429 answer: the partner API's JSON envelope, or a short text the failure-page layer turns
/// into the site's page.
pub fn too_many_requests(api: bool, retry: RetryAfter) -> Response {
    let mut response = if api {
        super::api_envelope::rate_limited(retry.seconds())
    } else {
        (
            StatusCode::TOO_MANY_REQUESTS,
            "You have sent a lot of requests in a short time. Wait a minute, then try again. \
             Nothing you have already sent has been lost.",
        )
            .into_response()
    };
    let seconds = HeaderValue::from_str(&retry.seconds().to_string()).expect("digits");
    response.headers_mut().insert(header::RETRY_AFTER, seconds);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ipv6_client_is_its_64_and_a_mapped_ipv4_address_is_itself() {
        let a: IpAddr = "2001:db8:1:2:aaaa:bbbb:cccc:dddd".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let other: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(client_key(a), client_key(b));
        assert_ne!(client_key(a), client_key(other));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(client_key(mapped), "192.0.2.7".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn clients_with_their_allowance_back_are_forgotten() {
        let vars = [("PORTAL_SUBMIT_RATE_PER_MINUTE", "600000")];
        let map: std::collections::HashMap<_, _> =
            vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let limits = Limits::new(&Config::from_lookup(|n| map.get(n).cloned()).unwrap());
        let flood = 50_000u32;
        for i in 0..flood {
            let ip = IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, (i >> 16) as u16, i as u16, 0, 0, 0, 1));
            limits.check(&limits.submissions, ip).unwrap();
        }
        // Checks trim as they go (every TRIM_EVERY); what is left is at most one trim period's.
        let remembered = limits.remembered_clients();
        std::thread::sleep(Duration::from_millis(50));
        limits.trim();
        let after = limits.remembered_clients();
        println!("{flood} clients from distinct /64s: {remembered} remembered at the end of the flood, {after} once their allowance was back");
        assert!(remembered <= flood as usize);
        assert_eq!(after, 0);
    }

    #[test]
    fn the_proxys_address_is_the_last_entry_of_the_last_line() {
        let vars = [("PORTAL_CLIENT_IP_HEADER", "X-Forwarded-For")];
        let map: std::collections::HashMap<_, _> =
            vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let config = Config::from_lookup(|n| map.get(n).cloned()).unwrap();
        let limits = Limits::new(&config);
        let mut headers = HeaderMap::new();
        headers.append("x-forwarded-for", "203.0.113.9, 198.51.100.1".parse().unwrap());
        headers.append("x-forwarded-for", "192.0.2.44".parse().unwrap());
        let peer = Some("10.0.0.1".parse().unwrap());
        assert_eq!(limits.client(&headers, peer), Some("192.0.2.44".parse().unwrap()));
        assert_eq!(limits.client(&HeaderMap::new(), peer), peer);
    }
}
