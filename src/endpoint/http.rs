//! Conversions to the [`http`] crate's types (feature `http`), shared by every Rust web
//! framework (axum, actix through its own `http` re-export, hyper, warp …), and axum's
//! `IntoResponse` (feature `axum`).
//!
//! ```
//! # #[cfg(feature = "http")] {
//! use waflows::endpoint::{self, http::signature};
//! let mut headers = ::http::HeaderMap::new();
//! headers.insert(endpoint::http::SIGNATURE_HEADER_NAME, "sha256=00".parse().unwrap());
//! assert_eq!(signature(&headers), Some("sha256=00"));
//! # }
//! ```
use ::http::StatusCode;
use ::http::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};

use super::Response;
use crate::ErrorCode;
use crate::relay::Reply;

/// `x-hub-signature-256`, the header Meta signs the body with (see [`super::SIGNATURE_HEADER`]).
pub const SIGNATURE_HEADER_NAME: HeaderName = HeaderName::from_static("x-hub-signature-256");

/// The `X-Hub-Signature-256` header of a request: `None` when it is absent or not visible
/// ASCII (such a header cannot match, and the endpoint answers 432 when app secrets are set).
#[must_use]
pub fn signature(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(SIGNATURE_HEADER_NAME)
        .and_then(|v| v.to_str().ok())
}

/// A status the endpoint or relay produced (always 200–599) as a [`StatusCode`]; a value the
/// `http` crate refused would be a bug, answered as 500 rather than a panic.
fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

fn build(code: u16, body: String) -> ::http::Response<String> {
    let mut r = ::http::Response::new(String::new());
    *r.status_mut() = status(code);
    if !body.is_empty() {
        r.headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static("text/plain"));
    }
    *r.body_mut() = body;
    r
}

impl Response {
    /// [`Response::status`] as a [`StatusCode`] (427, 432 and 421 included).
    #[must_use]
    pub fn status_code(&self) -> StatusCode {
        status(self.status)
    }

    /// The HTTP response to send: status, `Content-Type: text/plain` when there is a body,
    /// and the body. Records, problems and the error stay on `self`: read them first.
    #[must_use]
    pub fn to_http(&self) -> ::http::Response<String> {
        build(self.status, self.body.clone())
    }
}

impl From<Response> for ::http::Response<String> {
    fn from(r: Response) -> Self {
        build(r.status, r.body)
    }
}

impl Reply {
    /// [`Reply::status`] as a [`StatusCode`].
    #[must_use]
    pub fn status_code(&self) -> StatusCode {
        status(self.status)
    }

    /// The HTTP response to send (as [`Response::to_http`]).
    #[must_use]
    pub fn to_http(&self) -> ::http::Response<String> {
        build(self.status, self.body.clone())
    }
}

impl From<Reply> for ::http::Response<String> {
    fn from(r: Reply) -> Self {
        build(r.status, r.body)
    }
}

impl ErrorCode {
    /// [`ErrorCode::http_status`] as a [`StatusCode`].
    #[must_use]
    pub fn status_code(self) -> Option<StatusCode> {
        self.http_status().map(status)
    }
}

#[cfg(feature = "axum")]
mod axum_impls {
    use axum_core::body::Body;
    use axum_core::response::IntoResponse;

    use super::build;
    use crate::endpoint::Response;
    use crate::relay::Reply;

    impl IntoResponse for Response {
        fn into_response(self) -> axum_core::response::Response {
            build(self.status, self.body).map(Body::from)
        }
    }

    impl IntoResponse for Reply {
        fn into_response(self) -> axum_core::response::Response {
            build(self.status, self.body).map(Body::from)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_headers() {
        assert_eq!(
            ErrorCode::InvalidSignature.status_code().unwrap().as_u16(),
            432
        );
        assert_eq!(
            ErrorCode::InvalidFlowToken.status_code().unwrap().as_u16(),
            427
        );
        assert_eq!(
            ErrorCode::DecryptionFailed.status_code().unwrap().as_u16(),
            421
        );
        assert_eq!(ErrorCode::InvalidArgument.status_code(), None);
        let r = build(200, "abc".into());
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()[CONTENT_TYPE], "text/plain");
        assert_eq!(r.body(), "abc");
        let empty = build(432, String::new());
        assert_eq!(empty.status().as_u16(), 432);
        assert!(empty.headers().get(CONTENT_TYPE).is_none());
        let mut h = HeaderMap::new();
        assert_eq!(signature(&h), None);
        h.insert(
            SIGNATURE_HEADER_NAME,
            HeaderValue::from_bytes(b"sha256=\xff").unwrap(),
        );
        assert_eq!(signature(&h), None);
        h.insert("X-Hub-Signature-256", HeaderValue::from_static("sha256=ab"));
        assert_eq!(signature(&h), Some("sha256=ab"));
    }
}
