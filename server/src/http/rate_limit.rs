//! Anti-automation (OWASP ASVS 5.0 2.4.1): a per-client limit on state-changing requests —
//! report pages' posts and the partner API — so that one client cannot flood the service with
//! submissions. Reading pages is not limited. Over the limit: 429 with `Retry-After`.

use std::{net::IpAddr, num::NonZeroU32, sync::Arc};

use axum::{
    extract::{ConnectInfo, Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// The limiter and how to find the client's address.
#[derive(Clone)]
pub struct SubmitLimit {
    limiter: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    /// A header set by a trusted reverse proxy holding the client address (its last entry is
    /// used), e.g. `x-forwarded-for`. Without it, the peer address is the client.
    client_ip_header: Option<header::HeaderName>,
}

impl SubmitLimit {
    /// `per_minute` posts per client per minute, all of which may come in a burst.
    pub fn new(per_minute: u32, client_ip_header: Option<header::HeaderName>) -> Self {
        let per_minute = NonZeroU32::new(per_minute.max(1)).expect("at least one");
        Self { limiter: Arc::new(RateLimiter::keyed(Quota::per_minute(per_minute))), client_ip_header }
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

fn is_limited(request: &Request) -> bool {
    let path = request.uri().path();
    request.method() == Method::POST && (path.starts_with("/report") || path.starts_with("/api/v1/"))
}

/// The middleware.
pub async fn limit_submissions(State(limit): State<SubmitLimit>, request: Request, next: Next) -> Response {
    if is_limited(&request) {
        if let Some(client) = limit.client(&request) {
            if limit.limiter.check_key(&client).is_err() {
                tracing::warn!("submission rate limit reached for a client");
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
    }
    next.run(request).await
}
