//! Anti-automation (OWASP ASVS 5.0 2.4.1): per-client limits on state-changing requests — report
//! pages' posts and the partner API, and (more tightly) tracking look-ups and requests for links —
//! so that one client cannot flood the service or guess at codes. Reading pages is not limited.
//! Over a limit: 429 with `Retry-After`. The client's address is left in the request's extensions
//! ([`ClientAddr`]) for the audit log.
//!
//! Partner API calls that carry a well-formed key (`Authorization: Bearer pk_…`) are limited per
//! key instead (by its SHA-256 digest, without a database look-up: an unknown key then fails with
//! 401), so that partners behind one address do not share a limit. So that a flood of made-up
//! keys from one address cannot escape limits, keyed calls from one address are also limited
//! together, to [`PARTNERS_PER_ADDRESS`] times the per-key rate; a call refused by its key's limit
//! does not count towards that, so one partner over its limit does not hold back the others.
//! Refusals under `/api/` are the API's JSON envelope (`rate_limited`).

use std::{
    net::IpAddr,
    num::NonZeroU32,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
};

use axum::{
    extract::{ConnectInfo, Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use governor::{clock::Clock, DefaultKeyedRateLimiter, NotUntil, Quota, RateLimiter};

use crate::partner::PARTNERS_PER_ADDRESS;

/// Past this many remembered keys, a limiter forgets the ones whose limit has fully recovered.
const FORGET_AFTER_KEYS: usize = 10_000;

/// The client's address as the limits see it.
#[derive(Clone, Copy, Debug)]
pub struct ClientAddr(pub IpAddr);

/// The limiters and how to find the client's address.
#[derive(Clone)]
pub struct SubmitLimit {
    limiter: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    lookups: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    /// Partner API calls with a well-formed key: per key, and per address for all keys together.
    partners: Arc<DefaultKeyedRateLimiter<[u8; 32]>>,
    partner_addresses: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    keyed_calls: Arc<AtomicUsize>,
    /// A header set by a trusted reverse proxy holding the client address (its last entry is
    /// used), e.g. `x-forwarded-for`. Without it, the peer address is the client.
    client_ip_header: Option<header::HeaderName>,
}

impl SubmitLimit {
    /// `per_minute` posts and `lookups_per_minute` tracking look-ups per client per minute, all of
    /// which may come in a burst.
    pub fn new(
        per_minute: u32,
        lookups_per_minute: u32,
        client_ip_header: Option<header::HeaderName>,
    ) -> Self {
        let quota = |n: u32| Quota::per_minute(NonZeroU32::new(n.max(1)).expect("at least one"));
        Self {
            limiter: Arc::new(RateLimiter::keyed(quota(per_minute))),
            lookups: Arc::new(RateLimiter::keyed(quota(lookups_per_minute))),
            partners: Arc::new(RateLimiter::keyed(quota(per_minute))),
            partner_addresses: Arc::new(RateLimiter::keyed(quota(
                per_minute.saturating_mul(PARTNERS_PER_ADDRESS),
            ))),
            keyed_calls: Arc::default(),
            client_ip_header,
        }
    }

    fn client(&self, request: &Request) -> Option<IpAddr> {
        if let Some(name) = &self.client_ip_header {
            let forwarded = request.headers().get(name).and_then(|v| v.to_str().ok());
            if let Some(ip) = forwarded.and_then(|v| v.rsplit(',').next()).and_then(|v| v.trim().parse().ok())
            {
                return Some(ip);
            }
        }
        request.extensions().get::<ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip())
    }
}

/// The limiter for `request`, if it is limited.
fn limiter_for<'a>(limit: &'a SubmitLimit, request: &Request) -> Option<&'a DefaultKeyedRateLimiter<IpAddr>> {
    let path = request.uri().path();
    if request.method() != Method::POST {
        return None;
    }
    if path == "/track" || path == "/track/email-link" || path == "/track/open" {
        Some(&limit.lookups)
    } else if path.starts_with("/report") || path.starts_with("/api/v1/") || path.starts_with("/track/") {
        Some(&limit.limiter)
    } else {
        None
    }
}

/// Whole seconds until `refusal` ends, at least 1.
fn retry_after<K: std::hash::Hash + Eq + Clone>(
    limiter: &DefaultKeyedRateLimiter<K>,
    refusal: &NotUntil<<governor::clock::DefaultClock as Clock>::Instant>,
) -> u64 {
    let wait = refusal.wait_time_from(limiter.clock().now());
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

/// Takes one call for `key`, or says how many seconds until one can be taken.
fn take<K: std::hash::Hash + Eq + Clone>(limiter: &DefaultKeyedRateLimiter<K>, key: &K) -> Result<(), u64> {
    limiter.check_key(key).map_err(|refusal| retry_after(limiter, &refusal))
}

/// Whether a partner API call may go on: by its key when it has a well-formed one, else by the
/// client's address like any other post.
fn take_api_call(limit: &SubmitLimit, request: &Request, client: IpAddr) -> Result<(), u64> {
    match crate::partner::rate_limit_key(request.headers()) {
        Some(key) => {
            // Made-up keys each leave an entry behind: now and then, forget the recovered ones.
            if limit.keyed_calls.fetch_add(1, Ordering::Relaxed).is_multiple_of(1024)
                && limit.partners.len() > FORGET_AFTER_KEYS
            {
                limit.partners.retain_recent();
                limit.partners.shrink_to_fit();
            }
            take(&limit.partners, &key)?;
            take(&limit.partner_addresses, &client)
        }
        None => take(&limit.limiter, &client),
    }
}

/// The middleware.
pub async fn limit_submissions(
    State(limit): State<SubmitLimit>,
    mut request: Request,
    next: Next,
) -> Response {
    let client = limit.client(&request);
    if let Some(client) = client {
        request.extensions_mut().insert(ClientAddr(client));
    }
    if let (Some(limiter), Some(client)) = (limiter_for(&limit, &request), client) {
        if request.uri().path().starts_with("/api/") {
            if let Err(seconds) = take_api_call(&limit, &request, client) {
                tracing::warn!(path = %request.uri().path(), "rate limit reached for a partner API client");
                return crate::partner::errors::rate_limited(seconds);
            }
        } else if limiter.check_key(&client).is_err() {
            tracing::warn!(path = %request.uri().path(), "rate limit reached for a client");
            let mut response = (
                StatusCode::TOO_MANY_REQUESTS,
                "You have sent a lot of requests in a short time. Wait a minute, then try again. \
                 Nothing you have already sent has been lost.",
            )
                .into_response();
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
            return response;
        }
    }
    next.run(request).await
}
