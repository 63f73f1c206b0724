//! What every server function behind a plain HTML form shares: the form's body as posted
//! (decoded strictly, repeated fields kept in order), the state and cookies of the request, and
//! the answer: always a redirect (post/redirect/get), a refusal, or a failure page.
//!
//! A server function takes one argument, `form: Posted`, and is declared with
//! `input = FormPost`; [`form_post!`](crate::form_post) gives its argument type the decoding.
//! The standard `PostUrl` encoding cannot be used: it refuses repeated names (checkboxes) and
//! silently repairs text that is not UTF-8.

use std::net::IpAddr;

use axum::{
    http::{header, HeaderValue, StatusCode},
    Extension,
};
use axum_extra::extract::cookie::{Cookie, CookieJar};
use leptos::prelude::use_context;
use leptos::server_fn::{codec::Encoding, error::ServerFnError, ContentType};
use leptos_axum::ResponseOptions;

use super::{strict_form, ClientAddr, RetryAfter};
use crate::{error::AppError, state::AppState};

/// A urlencoded form posted by a browser, to a server function.
pub struct FormPost;

impl ContentType for FormPost {
    const CONTENT_TYPE: &'static str = "application/x-www-form-urlencoded";
}

impl Encoding for FormPost {
    const METHOD: http::Method = http::Method::POST;
}

/// A form's fields in the order posted.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Posted(pub Vec<(String, String)>);

impl Posted {
    /// Decodes `body`, or answers 400 when it is not valid urlencoded UTF-8.
    pub fn decode(body: &[u8]) -> Result<Self, ServerFnError> {
        strict_form::decode(body).map(Posted).ok_or_else(|| {
            reply().status(StatusCode::BAD_REQUEST);
            ServerFnError::new("The form could not be read. Go back and try again.")
        })
    }

    /// The body as a browser would post it.
    pub fn encode(&self) -> String {
        let part = |s: &str| {
            percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
        };
        self.0.iter().map(|(k, v)| format!("{}={}", part(k), part(v))).collect::<Vec<_>>().join("&")
    }

    /// Takes out every value of `name`, returning the first (or "").
    pub fn take(&mut self, name: &str) -> String {
        let mut first = None;
        self.0.retain(|(k, v)| {
            if k != name {
                return true;
            }
            first.get_or_insert_with(|| v.clone());
            false
        });
        first.unwrap_or_default()
    }

    /// The first value of `name`, or "".
    pub fn value(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
    }
}

/// Gives a server function's argument type (a struct with one field, `form: Posted`) the
/// [`FormPost`] encoding.
#[macro_export]
macro_rules! form_post {
    ($($args:ident),+ $(,)?) => {$(
        impl<E, R> leptos::server_fn::codec::FromReq<$crate::web::form_post::FormPost, R, E> for $args
        where
            R: leptos::server_fn::request::Req<E> + Send + 'static,
            E: leptos::server_fn::error::FromServerFnError,
        {
            async fn from_req(req: R) -> Result<Self, E> {
                use leptos::server_fn::error::IntoAppError;
                let body = req.try_into_bytes().await.map_err(|e| {
                    $crate::web::form_post::unreadable_body();
                    e
                })?;
                let form = $crate::web::form_post::Posted::decode(&body)
                    .map_err(|e| leptos::server_fn::error::ServerFnErrorErr::Args(e.to_string()).into_app_error())?;
                Ok(Self { form })
            }
        }

        impl<E, C> leptos::server_fn::codec::IntoReq<$crate::web::form_post::FormPost, C, E> for $args
        where
            C: leptos::server_fn::request::ClientReq<E>,
            E: leptos::server_fn::error::FromServerFnError,
        {
            fn into_req(self, path: &str, accepts: &str) -> Result<C, E> {
                use leptos::server_fn::ContentType;
                C::try_new_req_text(
                    path,
                    $crate::web::form_post::FormPost::CONTENT_TYPE,
                    accepts,
                    self.form.encode(),
                    http::Method::POST,
                )
            }
        }
    )+};
}

/// A body that could not be read: in practice one over the size limit (a body declared too large
/// is refused before it is read), so 413. A client that hangs up mid-body gets the same answer,
/// which it never reads.
pub fn unreadable_body() {
    reply().status(StatusCode::PAYLOAD_TOO_LARGE);
}

/// The portal's state, provided to every server function by the router.
pub fn state() -> Result<AppState, ServerFnError> {
    use_context::<AppState>().ok_or_else(|| ServerFnError::new("no state in context"))
}

/// The request's cookies.
pub async fn cookies() -> CookieJar {
    leptos_axum::extract::<CookieJar>().await.unwrap_or_default()
}

/// The client's address as the listener saw it (or the trusted proxy said).
pub async fn client() -> Option<IpAddr> {
    leptos_axum::extract::<Extension<ClientAddr>>().await.ok().map(|Extension(ClientAddr(ip))| ip)
}

/// The answer being built for the current server function.
pub fn reply() -> Reply {
    Reply(use_context::<ResponseOptions>().unwrap_or_default())
}

/// The status and headers of a server function's answer.
pub struct Reply(ResponseOptions);

impl Reply {
    pub fn status(&self, status: StatusCode) -> &Self {
        self.0.set_status(status);
        self
    }

    /// Sets `cookie` in the browser.
    pub fn cookie(&self, cookie: Cookie<'static>) -> &Self {
        if let Ok(value) = HeaderValue::from_str(&cookie.encoded().to_string()) {
            self.0.append_header(header::SET_COOKIE, value);
        }
        self
    }

    /// Removes `cookie` (built with its own attributes) from the browser.
    pub fn remove(&self, mut cookie: Cookie<'static>) -> &Self {
        cookie.make_removal();
        self.cookie(cookie)
    }

    /// 303 See Other to `path`, the end of every successful post.
    pub fn see_other(&self, path: &str) -> Result<(), ServerFnError> {
        self.status(StatusCode::SEE_OTHER);
        let location = HeaderValue::from_str(path).map_err(|_| ServerFnError::new("bad location"))?;
        self.0.insert_header(header::LOCATION, location);
        Ok(())
    }

    /// 429 with `Retry-After`: the failure-page layer shows the page that says how long to wait.
    pub fn too_many(&self, retry: RetryAfter) -> Result<(), ServerFnError> {
        self.status(StatusCode::TOO_MANY_REQUESTS);
        let seconds = HeaderValue::from_str(&retry.seconds().to_string()).expect("digits");
        self.0.insert_header(header::RETRY_AFTER, seconds);
        Ok(())
    }
}

/// An internal failure as a server function's error: logged here with its cause, 503 when the
/// service is busy or the database briefly out of reach, else 500; the failure-page layer shows
/// the generic error page with an incident id. Nothing about the cause reaches the browser.
pub fn failed(error: AppError) -> ServerFnError {
    if error.is_unavailable() {
        tracing::warn!(%error, "request refused: service busy or database unavailable");
        reply().status(StatusCode::SERVICE_UNAVAILABLE);
    } else {
        tracing::error!(%error, "request failed");
        reply().status(StatusCode::INTERNAL_SERVER_ERROR);
    }
    ServerFnError::new("failed")
}

/// The handler every form's route posts to: runs the server function registered at the
/// request's path with the portal's state in context; 404 when there is none.
pub async fn server_functions(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: axum::extract::Request,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let path = request.uri().path();
    if leptos::server_fn::axum::get_server_fn_service(path, http::Method::POST).is_none() {
        return StatusCode::NOT_FOUND.into_response();
    }
    let provide = move || leptos::prelude::provide_context(state.clone());
    leptos_axum::handle_server_fns_with_context(provide, request).await.into_response()
}
