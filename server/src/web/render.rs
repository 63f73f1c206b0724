//! Rendering the Leptos app from a handler that has loaded what the page shows.

use axum::{
    body::Body,
    http::Request,
    response::{IntoResponse, Response},
    Extension,
};
use leptos::nonce::Nonce;
use leptos::prelude::provide_context;

use crate::state::AppState;

/// A GET request for `path` to render in answer to a POST, carrying the POST's CSP nonce so the
/// page's script matches the response's Content-Security-Policy header.
pub fn page_request(path: &str, nonce: Option<&Extension<Nonce>>) -> Request<Body> {
    let mut request = Request::get(path).body(Body::empty()).expect("static request");
    if let Some(Extension(nonce)) = nonce {
        request.extensions_mut().insert(nonce.clone());
    }
    request
}

/// Renders the Leptos app for this request with `extra` in context.
pub async fn render(
    state: &AppState,
    request: Request<Body>,
    extra: impl Fn() + Clone + Send + Sync + 'static,
) -> Response {
    let site = state.site.clone();
    let options = state.leptos_options.clone();
    let handler = leptos_axum::render_app_to_stream_with_context(
        move || {
            provide_context((*site).clone());
            extra();
        },
        move || app::shell(options.clone()),
    );
    handler(request).await.into_response()
}
