//! A form body extractor that refuses what the standard one quietly repairs: text that is not
//! valid UTF-8 is a 400, not a field full of replacement characters.

use axum::{
    body::Bytes,
    extract::{FromRequest, Request},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use percent_encoding::percent_decode;

/// `application/x-www-form-urlencoded` pairs, in order, strictly decoded.
pub struct StrictForm(pub Vec<(String, String)>);

/// Decodes a urlencoded body; `None` if any name or value is not valid UTF-8.
pub fn decode(body: &[u8]) -> Option<Vec<(String, String)>> {
    let text = |raw: &[u8]| -> Option<String> {
        let spaced: Vec<u8> = raw.iter().map(|&b| if b == b'+' { b' ' } else { b }).collect();
        percent_decode(&spaced).decode_utf8().ok().map(|s| s.into_owned())
    };
    body.split(|&b| b == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let mut parts = pair.splitn(2, |&b| b == b'=');
            let name = parts.next().unwrap_or_default();
            let value = parts.next().unwrap_or_default();
            Some((text(name)?, text(value)?))
        })
        .collect()
}

impl<S: Send + Sync> FromRequest<S> for StrictForm {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let body = Bytes::from_request(request, state).await.map_err(IntoResponse::into_response)?;
        decode(&body).map(StrictForm).ok_or_else(|| {
            (StatusCode::BAD_REQUEST, "The form could not be read. Go back and try again.").into_response()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_pairs_and_refuses_invalid_utf8() {
        assert_eq!(
            decode(b"a=1&b=two+words&c=%C2%A3&a=2&empty="),
            Some(vec![
                ("a".into(), "1".into()),
                ("b".into(), "two words".into()),
                ("c".into(), "£".into()),
                ("a".into(), "2".into()),
                ("empty".into(), String::new()),
            ])
        );
        assert_eq!(decode(b"danger=%FF%FE"), None);
        assert_eq!(decode(b"danger=\xff"), None);
    }
}
