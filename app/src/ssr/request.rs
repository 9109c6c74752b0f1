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

/// Sends a plain form's browser on to `path` (post/redirect/get).
pub fn redirect_to(path: &str) {
    leptos_axum::redirect(path);
}
