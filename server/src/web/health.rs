//! `/healthz`: whether this node can serve, for load balancers and operators.

use axum::{extract::State, http::StatusCode};

use crate::store::Pool;

/// 200 when the database answers, 503 when it does not.
pub async fn healthz(State(pool): State<Pool>) -> (StatusCode, &'static str) {
    if crate::db::is_healthy(&pool).await {
        (StatusCode::OK, "ok")
    } else {
        tracing::warn!("health check failed: database not answering");
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}
