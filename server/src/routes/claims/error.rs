//! `ApiError`: the error answers of the Claims Attachment APIs, including RFC 6750 bearer
//! token errors with their `WWW-Authenticate` challenge.

use crate::claims::attachments::Problem;
use crate::db::StoreError;
use crate::request_log::reason::{Outcome, Reason};
use axum::Json;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use serde_json::json;

/// An error answer of the sandbox APIs.
#[derive(Debug)]
pub enum ApiError {
    /// No token at all (401, challenge without an error code, as RFC 6750 §3.1 asks).
    MissingToken,
    /// The Authorization header is not `Bearer <token>` (400 `invalid_request`).
    MalformedAuthorization,
    /// A token that is not even a JWT (401 `invalid_token`).
    InvalidToken(String),
    /// A token the sandbox refused: expired, revoked, foreign… (401 `invalid_token`; the
    /// precise reason goes to the request log only).
    Refused(crate::oauth::AccessError),
    /// A CIAM token the sandbox refused, or the CIAM unavailable (401 `invalid_token`).
    CiamRefused(crate::ciam::CiamError),
    /// The token lacks a scope (403 `insufficient_scope`).
    InsufficientScope(&'static str),
    /// Field-by-field validation failed (400).
    Invalid(Vec<Problem>),
    /// The body is not a JSON object (400).
    BadJson(String),
    /// Not `application/json` (415).
    UnsupportedMediaType,
    /// Too big (413).
    TooLarge(String),
    /// No such attachment for this client (404).
    NotFound,
    /// Too many calls from this client (429, with `Retry-After`).
    RateLimited {
        /// Seconds until the window resets.
        retry_after: u64,
    },
    /// The client's sandbox storage is full (413 `quota_exceeded`).
    QuotaExceeded(String),
    /// Storage is down for a moment (503).
    Unavailable,
    /// Anything else (500); the cause was logged.
    Internal,
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Unavailable(cause) => {
                tracing::warn!(error = %cause, "database unavailable");
                Self::Unavailable
            }
            other => {
                tracing::error!(error = %other, source = ?std::error::Error::source(&other), "sandbox API failed");
                Self::Internal
            }
        }
    }
}

impl ApiError {
    /// What the request log is told about this answer.
    pub fn outcome(&self) -> Outcome {
        use crate::oauth::AccessError;
        let (reason, code) = match self {
            Self::MissingToken => (Reason::TokenMissing, "invalid_token"),
            Self::MalformedAuthorization => (Reason::AuthorizationMalformed, "invalid_request"),
            Self::InvalidToken(_) => (Reason::TokenMalformed, "invalid_token"),
            Self::Refused(refusal) => {
                let (reason, at, detail) = match refusal {
                    AccessError::Malformed => (Reason::TokenMalformed, None, None),
                    AccessError::BadSignature => (Reason::BadSignature, None, None),
                    AccessError::ForeignIssuer(claims) => {
                        (Reason::ForeignIssuer, None, Some(claims.iss.clone()))
                    }
                    AccessError::WrongAudience(claims) => {
                        (Reason::WrongAudience, None, Some(claims.aud.clone()))
                    }
                    AccessError::Expired(claims) => (Reason::TokenExpired, Some(claims.exp), None),
                    AccessError::Revoked(_) => (Reason::TokenRevoked, None, None),
                    AccessError::AppRevoked(_) => (Reason::AppRevoked, None, None),
                    AccessError::AppSuspended(_) => (Reason::AppSuspended, None, None),
                    AccessError::Rotated { rotated_at, .. } => {
                        (Reason::TokenOfRotatedSecret, *rotated_at, None)
                    }
                    AccessError::Store(_) => (Reason::Unavailable, None, None),
                };
                let outcome = Outcome::because(reason).code("invalid_token").at(at);
                return match detail {
                    Some(detail) => outcome.detail(detail),
                    None => outcome,
                };
            }
            Self::CiamRefused(refusal) => {
                use crate::ciam::CiamError;
                let (reason, at, detail) = match refusal {
                    CiamError::Malformed(what) => (Reason::TokenMalformed, None, Some((*what).to_owned())),
                    CiamError::AlgorithmNotAllowed(alg) => {
                        (Reason::CiamAlgorithmNotAllowed, None, Some(alg.clone()))
                    }
                    CiamError::UnknownKey(kid) => (Reason::CiamUnknownKey, None, Some(kid.clone())),
                    CiamError::BadSignature => (Reason::CiamBadSignature, None, None),
                    CiamError::WrongIssuer(iss) => (Reason::ForeignIssuer, None, Some(iss.clone())),
                    CiamError::WrongAudience(aud) => (Reason::CiamWrongAudience, None, Some(aud.clone())),
                    CiamError::Expired(exp) => (Reason::CiamTokenExpired, Some(*exp), None),
                    CiamError::NotYetValid(nbf) => (Reason::CiamTokenNotYetValid, Some(*nbf), None),
                    CiamError::Unavailable => (Reason::CiamUnavailable, None, None),
                };
                let outcome = Outcome::because(reason).code("invalid_token").at(at);
                return match detail {
                    Some(detail) => outcome.detail(detail),
                    None => outcome,
                };
            }
            Self::InsufficientScope(scope) => {
                return Outcome::because(Reason::MissingScope)
                    .code("insufficient_scope")
                    .detail(*scope);
            }
            Self::Invalid(_) => (Reason::InvalidSubmission, "invalid_request"),
            Self::BadJson(_) => (Reason::BadJson, "invalid_request"),
            Self::UnsupportedMediaType => (Reason::UnsupportedMediaType, "invalid_request"),
            Self::TooLarge(_) => (Reason::BodyTooLarge, "payload_too_large"),
            Self::NotFound => (Reason::NotFound, "not_found"),
            Self::RateLimited { .. } => (Reason::RateLimited, "rate_limited"),
            Self::QuotaExceeded(_) => (Reason::QuotaExceeded, "quota_exceeded"),
            Self::Unavailable => (Reason::Unavailable, "temporarily_unavailable"),
            Self::Internal => (Reason::ServerError, "server_error"),
        };
        Outcome::because(reason).code(code)
    }
}

/// The parts of a 401 `invalid_token` answer (RFC 6750 §3.1).
fn invalid_token(
    description: String,
) -> (
    StatusCode,
    &'static str,
    String,
    Option<String>,
    Option<Vec<Problem>>,
) {
    let challenge =
        format!("Bearer realm=\"sandbox\", error=\"invalid_token\", error_description=\"{description}\"");
    (
        StatusCode::UNAUTHORIZED,
        "invalid_token",
        description,
        Some(challenge),
        None,
    )
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let outcome = self.outcome();
        let retry_after = match &self {
            Self::RateLimited { retry_after } => Some(*retry_after),
            _ => None,
        };
        let this = match self {
            Self::Refused(crate::oauth::AccessError::Store(error)) => {
                return Self::from(error).into_response();
            }
            other => other,
        };
        let (status, code, description, challenge, problems) = match this {
            Self::MissingToken => (
                StatusCode::UNAUTHORIZED,
                "invalid_token",
                "This API needs an access token: send Authorization: Bearer <token>.".to_owned(),
                Some("Bearer realm=\"sandbox\"".to_owned()),
                None,
            ),
            Self::MalformedAuthorization => (
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "The Authorization header must be: Bearer <token>.".to_owned(),
                Some("Bearer realm=\"sandbox\", error=\"invalid_request\"".to_owned()),
                None,
            ),
            Self::Refused(refusal) => invalid_token(refusal.to_string()),
            Self::CiamRefused(refusal) => invalid_token(refusal.to_string()),
            Self::InvalidToken(description) => invalid_token(description),
            Self::InsufficientScope(scope) => (
                StatusCode::FORBIDDEN,
                "insufficient_scope",
                format!("This operation needs the {scope} scope: request a token that includes it."),
                Some(format!(
                    "Bearer realm=\"sandbox\", error=\"insufficient_scope\", scope=\"{scope}\""
                )),
                None,
            ),
            Self::Invalid(problems) => {
                let description = match problems.len() {
                    1 => "The submission has 1 problem.".to_owned(),
                    n => format!("The submission has {n} problems."),
                };
                (
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    description,
                    None,
                    Some(problems),
                )
            }
            Self::BadJson(description) => (
                StatusCode::BAD_REQUEST,
                "invalid_request",
                description,
                None,
                None,
            ),
            Self::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "invalid_request",
                "Send the submission as Content-Type: application/json.".to_owned(),
                None,
                None,
            ),
            Self::TooLarge(description) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                description,
                None,
                None,
            ),
            Self::RateLimited { retry_after } => (
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!("Too many calls from this client. Retry after {retry_after} seconds."),
                None,
                None,
            ),
            Self::QuotaExceeded(description) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "quota_exceeded",
                description,
                None,
                None,
            ),
            Self::NotFound => (
                StatusCode::NOT_FOUND,
                "not_found",
                "There is no attachment with that id for this client.".to_owned(),
                None,
                None,
            ),
            Self::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "temporarily_unavailable",
                "The sandbox is temporarily unavailable. Retry in a few seconds.".to_owned(),
                None,
                None,
            ),
            Self::Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "server_error",
                "The sandbox failed. Retry later.".to_owned(),
                None,
                None,
            ),
        };
        let mut body = json!({ "error": code, "error_description": description });
        if let Some(problems) = problems {
            body["problems"] = json!(problems);
        }
        let mut response = (status, Json(body)).into_response();
        if let Some(challenge) = challenge.and_then(|c| HeaderValue::from_str(&c).ok()) {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, challenge);
        }
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response.extensions_mut().insert(outcome);
        response
    }
}
