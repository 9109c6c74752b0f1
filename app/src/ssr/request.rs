//! Facts about the request being handled that server functions need.

use crate::error::AppError;
use leptos::prelude::use_context;

/// Whether a request with these headers came from a plain HTML form (no JavaScript), which is
/// answered with pages and redirects rather than JSON.
pub fn is_plain_form(headers: &http::HeaderMap) -> bool {
    headers
        .get(http::header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.contains("text/html"))
}

/// Who a request comes from, as the server worked it out once for logs and rate limits: the
/// peer, or behind a trusted proxy the right-most forwarded address that is not a proxy; for
/// the console's own calls to the embedded sandbox, the person using the console.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAddress {
    /// The address (the browser's, for console calls).
    pub ip: std::net::IpAddr,
    /// What rate limits count it under: the IPv4 address, the IPv6 /64, or the console's
    /// person (`account:<id>`).
    pub key: String,
}

impl ClientAddress {
    /// The client address of the request being handled (set by the server for every request).
    pub fn current() -> Result<Self, AppError> {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Self>().cloned())
            .ok_or(AppError::Internal)
    }
}

/// The request id of the request being handled, which error pages ask people to quote.
pub fn request_id() -> Option<String> {
    use_context::<http::request::Parts>().and_then(|parts| {
        parts
            .headers
            .get(REQUEST_ID_HEADER)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    })
}

/// The header that carries the request id, in and out.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The request behind a server function call.
#[derive(Debug, Clone)]
pub struct RequestMeta {
    /// True for a plain HTML form post (no JavaScript): answer with post/redirect/get.
    pub plain_form: bool,
}

impl RequestMeta {
    /// The current request's facts.
    pub fn current() -> Result<Self, AppError> {
        let parts = use_context::<http::request::Parts>().ok_or(AppError::Internal)?;
        Ok(Self {
            plain_form: is_plain_form(&parts.headers),
        })
    }
}

impl RequestMeta {
    /// For a plain HTML form post, leaves the `flash` message for the next page and sends the
    /// browser on to `path` (post/redirect/get). JavaScript callers get the function's answer.
    pub async fn redirect_plain_form(
        &self,
        session: &super::session::PortalSession,
        flash: impl FnOnce() -> Option<super::session::Flash>,
        path: &str,
    ) -> Result<(), AppError> {
        if self.plain_form {
            if let Some(flash) = flash() {
                session.set_flash(flash).await?;
            }
            leptos_axum::redirect(path);
        }
        Ok(())
    }
}
