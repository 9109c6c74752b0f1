//! `OAuthError`: the error answers of the token, introspection and revocation endpoints
//! (RFC 6749 §5.2): JSON `{"error", "error_description"}`, never cached, and a Basic challenge
//! on every 401.

use crate::request_log::reason::{Outcome, Reason};
use axum::Json;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use serde_json::json;

/// An OAuth error answer.
#[derive(Debug)]
pub struct OAuthError {
    status: StatusCode,
    code: &'static str,
    description: String,
    basic_challenge: bool,
    retry_after: Option<u64>,
    /// What the request log is told (never the caller); boxed, so the error stays small.
    outcome: Box<Outcome>,
}

impl OAuthError {
    fn new(status: StatusCode, code: &'static str, description: impl Into<String>) -> Self {
        let reason = match code {
            "invalid_client" => Reason::CredentialsMissing,
            "unauthorized_client" => Reason::AppSuspended,
            "unsupported_grant_type" => Reason::UnsupportedGrantType,
            "invalid_scope" => Reason::ScopeNotGranted,
            "server_error" => Reason::ServerError,
            "temporarily_unavailable" if status == StatusCode::SERVICE_UNAVAILABLE => Reason::Unavailable,
            "temporarily_unavailable" => Reason::RateLimited,
            _ if status == StatusCode::PAYLOAD_TOO_LARGE => Reason::BodyTooLarge,
            _ => Reason::MalformedBody,
        };
        let description = description.into();
        debug_assert!(
            description
                .bytes()
                .all(|b| b == 0x20 || b == 0x21 || (0x23..=0x5B).contains(&b) || (0x5D..=0x7E).contains(&b)),
            "RFC 6749 allows only printable ASCII without quotes or backslashes in error_description: {description}"
        );
        Self {
            status,
            code,
            basic_challenge: false,
            retry_after: None,
            outcome: Box::new(Outcome {
                // The description of a malformed request says what was wrong (never a value).
                detail: (reason == Reason::MalformedBody).then(|| description.clone()),
                ..Outcome::because(reason).code(code)
            }),
            description,
        }
    }

    /// The precise reason, for the request log.
    #[must_use]
    pub fn because(mut self, reason: Reason) -> Self {
        self.outcome.reason = reason;
        self
    }

    /// A time the reason refers to, for the request log.
    #[must_use]
    pub fn at(mut self, at: Option<i64>) -> Self {
        self.outcome.at = at;
        self
    }

    /// A short non-secret detail, for the request log.
    #[must_use]
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.outcome.detail = Some(detail.into());
        self
    }

    /// The precise reason.
    pub fn reason(&self) -> Reason {
        self.outcome.reason
    }

    /// `invalid_request` (400): a missing, repeated or malformed parameter.
    pub fn invalid_request(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_request", description)
    }

    /// `invalid_client` (401): client authentication failed. Every 401 carries a challenge
    /// (RFC 9110 §11.6.1); Basic is the method the endpoint prefers, whichever was tried.
    pub fn invalid_client(description: impl Into<String>) -> Self {
        Self {
            basic_challenge: true,
            ..Self::new(StatusCode::UNAUTHORIZED, "invalid_client", description)
        }
    }

    /// `unauthorized_client` (400): the client may not use this grant.
    pub fn unauthorized_client(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "unauthorized_client", description)
    }

    /// `unsupported_grant_type` (400).
    pub fn unsupported_grant_type(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "unsupported_grant_type", description)
    }

    /// `invalid_scope` (400).
    pub fn invalid_scope(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_scope", description)
    }

    /// 413: the body is over the endpoint's limit.
    pub fn too_large(limit_bytes: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "invalid_request",
            format!("The request body is larger than {} KiB.", limit_bytes / 1024),
        )
    }

    /// 429 with `Retry-After`; `why` is a sentence saying which limit was reached.
    pub fn rate_limited(why: &str, retry_after: u64) -> Self {
        Self {
            retry_after: Some(retry_after),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "temporarily_unavailable",
                format!("{why} Retry after {retry_after} seconds."),
            )
        }
        .detail(why)
    }

    /// 503 `temporarily_unavailable`: storage is down for a moment.
    pub fn unavailable() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "temporarily_unavailable",
            "The authorization server is temporarily unavailable. Retry in a few seconds.",
        )
    }

    /// 500 `server_error`; `cause` is logged here, once, and never sent.
    pub fn server_error(cause: &dyn std::error::Error) -> Self {
        tracing::error!(error = %cause, source = ?cause.source(), "token endpoint failed");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server_error",
            "The authorization server failed. Retry later.",
        )
    }

    /// The `error` code (for tests and logs).
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The HTTP status (for metrics, which tell a 429 from a 503).
    pub fn status(&self) -> StatusCode {
        self.status
    }
}

impl From<crate::db::StoreError> for OAuthError {
    fn from(error: crate::db::StoreError) -> Self {
        match error {
            crate::db::StoreError::Unavailable(cause) => {
                tracing::warn!(error = %cause, "database unavailable");
                Self::unavailable()
            }
            other => Self::server_error(&other),
        }
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            Json(json!({ "error": self.code, "error_description": self.description })),
        )
            .into_response();
        let headers = response.headers_mut();
        no_store(headers);
        if self.basic_challenge {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"sandbox\", charset=\"UTF-8\""),
            );
        }
        if let Some(seconds) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response.extensions_mut().insert(*self.outcome);
        response
    }
}

/// Marks a response as never to be cached (RFC 6749 §5.1).
pub fn no_store(headers: &mut http::HeaderMap) {
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
}
