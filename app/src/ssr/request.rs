//! Facts about the request being handled that server functions need.

use crate::error::AppError;
use leptos::prelude::use_context;
use std::net::IpAddr;

/// The client's IP address, put into the request's extensions by the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

/// The request behind a server function call.
#[derive(Debug, Clone)]
pub struct RequestMeta {
    /// Who is calling.
    pub client_ip: Option<IpAddr>,
    /// True for a plain HTML form post (no JavaScript): answer with post/redirect/get.
    pub plain_form: bool,
}

impl RequestMeta {
    /// The current request's facts.
    pub fn current() -> Result<Self, AppError> {
        let parts = use_context::<http::request::Parts>().ok_or(AppError::Internal)?;
        let plain_form = parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.contains("text/html"));
        let client_ip = parts.extensions.get::<ClientIp>().map(|ip| ip.0);
        Ok(Self {
            client_ip,
            plain_form,
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
