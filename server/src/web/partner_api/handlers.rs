//! The partner API over HTTP: thin handlers, and the extractors that check the API key, the
//! Idempotency-Key header and the body (in that order) before a handler runs. Nothing here logs
//! a body, an answer or a key.

use axum::{
    body::Bytes,
    extract::{FromRequest, FromRequestParts, Request, State},
    http::{header, request::Parts, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};

use crate::{
    partner::{
        contract::IDEMPOTENCY_KEY_MAX,
        errors::ApiError,
        keys::{self, bearer_key, Partner},
        openapi, report,
        store::Receipt,
    },
    state::AppState,
    web::api_envelope::json_response,
};

/// The partner whose key is in `Authorization: Bearer pk_…`; 401 for anything else.
impl FromRequestParts<AppState> for Partner {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Some(key) = bearer_key(&parts.headers) else {
            tracing::info!("partner API request without a well-formed key");
            return Err(ApiError::Unauthorized);
        };
        let partner = keys::authenticate(&state.pool, key).await?;
        if partner.is_none() {
            tracing::info!("partner API request with an unknown or disabled key");
        }
        partner.ok_or(ApiError::Unauthorized)
    }
}

/// The `Idempotency-Key` header, when sent: 1 to 200 visible ASCII characters, once.
pub struct IdempotencyKey(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let mut values = parts.headers.get_all("idempotency-key").iter();
        let Some(value) = values.next() else { return Ok(Self(None)) };
        let bytes = value.as_bytes();
        let visible = (1..=IDEMPOTENCY_KEY_MAX).contains(&bytes.len())
            && bytes.iter().all(|b| (0x21..=0x7e).contains(b));
        if !visible || values.next().is_some() {
            return Err(ApiError::BadRequest(format!(
                "Send the Idempotency-Key header once, as 1 to {IDEMPOTENCY_KEY_MAX} visible ASCII characters without spaces, such as a UUID."
            )));
        }
        Ok(Self(Some(String::from_utf8_lossy(bytes).into_owned())))
    }
}

/// The raw body of a request declared as `application/json`, within the body limit.
pub struct JsonBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let declared_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"));
        if !declared_json {
            return Err(ApiError::UnsupportedMediaType);
        }
        let body = Bytes::from_request(request, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::PayloadTooLarge
            } else {
                ApiError::BadRequest("The request body could not be read. Send it again.".into())
            }
        })?;
        Ok(Self(body))
    }
}

/// `POST /api/v1/reports`: checks a partner's report with the wizard's rules and stores it, or
/// answers a retry with the first answer.
pub async fn create_report(
    State(state): State<AppState>,
    partner: Partner,
    IdempotencyKey(idempotency_key): IdempotencyKey,
    JsonBody(body): JsonBody,
) -> Result<Response, ApiError> {
    let created = report::create(&state, &partner, idempotency_key.as_deref(), &body).await?;
    Ok(created_response(&created.receipt, created.replayed))
}

/// 201 with the receipt; marked when it repeats an earlier answer.
fn created_response(receipt: &Receipt, replayed: bool) -> Response {
    let mut response = json_response(StatusCode::CREATED, receipt);
    if replayed {
        response.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    response
}

/// `GET /api/v1/openapi.json`.
pub async fn openapi_document() -> Response {
    Json(openapi::document()).into_response()
}

/// Any other address under `/api/v1`.
pub async fn not_found() -> ApiError {
    ApiError::NotFound
}
