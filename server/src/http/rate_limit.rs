//! Anti-automation (OWASP ASVS 5.0 2.4.1): per-client limits on state-changing requests — report
//! pages' posts and the partner API, and (more tightly) tracking look-ups and requests for links —
//! so that one client cannot flood the service or guess at codes. Reading pages is not limited.
//! Over a limit: 429 with `Retry-After`. The client's address is left in the request's extensions
//! ([`ClientAddr`]) for the audit log.

use std::{net::IpAddr, num::NonZeroU32, sync::Arc};

use axum::{
    extract::{ConnectInfo, Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// The client's address as the limits see it.
#[derive(Clone, Copy, Debug)]
pub struct ClientAddr(pub IpAddr);

/// The limiters and how to find the client's address.
#[derive(Clone)]
pub struct SubmitLimit {
    limiter: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    lookups: Arc<DefaultKeyedRateLimiter<IpAddr>>,
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
        if limiter.check_key(&client).is_err() {
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
