//! The whole application: every feature's routes, the pages, and the layers every request passes
//! through. It sits above the features, which never import it.

use axum::{
    body::Body,
    http::{header::HeaderName, HeaderValue, Request, StatusCode},
    middleware,
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use leptos::prelude::provide_context;
use leptos_axum::{file_and_error_handler_with_context, generate_route_list_with_exclusions, LeptosRoutes};
use tower_http::{
    catch_panic::CatchPanicLayer,
    compression::CompressionLayer,
    csrf::CsrfLayer,
    limit::RequestBodyLimitLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    timeout::TimeoutLayer,
    trace::{DefaultOnResponse, TraceLayer},
};
use tracing::Level;

use crate::{
    config::Config,
    state::AppState,
    web::{errors, health, rate_limit, security, static_files},
};

/// The whole application: pages, health check and every safety layer.
pub fn router(config: &Config, state: AppState) -> Result<Router, tower_http::csrf::ConfigError> {
    with_layers(routes(state.clone()), config, &state)
}

/// The routes without the safety layers.
pub fn routes(state: AppState) -> Router {
    let context = {
        let site = state.site.clone();
        move || provide_context((*site).clone())
    };
    let shell = {
        let options = state.leptos_options.clone();
        move || app::shell(options.clone())
    };
    // Pages that need a draft or a tracking session are rendered by their own handlers, which
    // load it first; the forms' server functions are routed by the features beside their pages.
    crate::web::report_forms::register();
    crate::web::track_forms::register();
    crate::web::staff_forms::register();
    crate::web::survey_forms::register();
    let server_functions = leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path.to_string());
    let leptos_routes = generate_route_list_with_exclusions(
        app::App,
        Some(
            [
                "/report/{step}",
                "/report/confirmation",
                "/report/resume",
                "/report/saved",
                "/report/resume/open",
                "/track",
                "/track/email-link",
                "/track/open",
                "/track/case",
                "/track/case/{action}",
                "/staff",
                "/staff/sign-in",
                "/staff/sign-in/code",
                "/staff/enrol",
                "/staff/requests",
                "/staff/accounts",
                "/staff/compliance",
                "/staff/case/{reference}",
                "/survey",
                "/survey/{token}",
            ]
            .map(String::from)
            .into_iter()
            .chain(server_functions)
            .collect(),
        ),
    );
    Router::<AppState>::new()
        .route("/healthz", get(health::healthz))
        .merge(crate::web::report_pages::routes())
        .merge(crate::web::track_pages::routes())
        .merge(crate::web::staff_pages::routes())
        .merge(crate::web::survey_pages::routes())
        .merge(crate::web::partner_api::routes())
        .leptos_routes_with_context(&state, leptos_routes, context.clone(), shell)
        .fallback(static_files::or_else(
            static_files::StaticFiles::load(std::path::Path::new(&*state.leptos_options.site_root)),
            file_and_error_handler_with_context::<AppState, _>(context, app::shell),
        ))
        .with_state(state)
}

/// Wraps `routes` in the layers every request passes through, outermost first.
pub fn with_layers(
    routes: Router,
    config: &Config,
    state: &AppState,
) -> Result<Router, tower_http::csrf::ConfigError> {
    let request_id = HeaderName::from_static("x-request-id");
    let mut csrf = CsrfLayer::new();
    if let Some(public) = &config.public_url {
        csrf = csrf.add_trusted_origin(public.origin().ascii_serialization())?;
    }
    let csrf = csrf.with_rejection_response(|_| cross_site_refused());
    let headers = security::HeaderPolicy { hsts: config.served_over_tls() };

    // Applied innermost first: the last layer added is the first to see a request.
    let router = routes
        .layer(RequestBodyLimitLayer::new(config.body_limit))
        .layer(middleware::from_fn_with_state(state.limits.clone(), rate_limit::limit_submissions))
        .layer(csrf)
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, config.request_timeout))
        .layer(middleware::from_fn_with_state(
            errors::FailurePages { site: state.site.clone(), body_limit: config.body_limit },
            errors::failure_pages,
        ))
        .layer(CompressionLayer::new().br(true).gzip(true))
        .layer(CatchPanicLayer::custom(errors::panic_page(state.site.clone())))
        .layer(middleware::from_fn_with_state(headers, security::security_headers))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request<Body>| {
                    let id =
                        request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
                    // The path only (query strings are never logged), without one-time link tokens.
                    let path = loggable_path(request.uri().path());
                    tracing::info_span!("request", request_id = %id, method = %request.method(), path = %path)
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .layer(middleware::map_request(|mut request: Request<Body>| async move {
            // Our own id only: a client-supplied one could carry anything into the logs.
            request.headers_mut().remove("x-request-id");
            request
        }));
    Ok(router)
}

/// `path` with the token of a one-time link (or a case's reference) replaced by `…`, so that logs
/// never hold one.
pub fn loggable_path(path: &str) -> std::borrow::Cow<'_, str> {
    if path == "/survey/thank-you" {
        return path.into();
    }
    for prefix in ["/track/link/", "/report/resume/", "/staff/enrol/", "/staff/case/", "/survey/"] {
        if path.len() > prefix.len() && path.starts_with(prefix) {
            return format!("{prefix}…").into();
        }
    }
    path.into()
}

fn cross_site_refused() -> Response<Body> {
    let mut response = (
        StatusCode::FORBIDDEN,
        "This request came from another website, so it was refused. Go back to the service and try again.",
    )
        .into_response();
    response.headers_mut().insert("content-type", HeaderValue::from_static("text/plain; charset=utf-8"));
    response
}

#[cfg(test)]
mod tests {
    use super::loggable_path;

    #[test]
    fn one_time_link_tokens_never_reach_the_log() {
        assert_eq!(loggable_path("/track/link/abcDEF123_-"), "/track/link/…");
        assert_eq!(loggable_path("/report/resume/abcDEF123"), "/report/resume/…");
        assert_eq!(loggable_path("/track/case"), "/track/case");
        assert_eq!(loggable_path("/track/link/"), "/track/link/");
        assert_eq!(loggable_path("/staff/enrol/abcDEF123"), "/staff/enrol/…");
        assert_eq!(
            loggable_path("/staff/case/K7Q-M4X-2PC"),
            "/staff/case/…",
            "a reference names a victim's case"
        );
        assert_eq!(loggable_path("/survey/abcDEF123_-"), "/survey/…");
        assert_eq!(loggable_path("/survey/thank-you"), "/survey/thank-you");
    }
}
