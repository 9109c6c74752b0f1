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
