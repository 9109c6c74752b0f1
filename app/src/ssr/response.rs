//! Helpers that shape the HTTP response of the page being rendered.

use leptos::prelude::*;
use leptos_axum::ResponseOptions;

/// Sets the status code of the page being rendered.
pub fn set_status(status: u16) {
    if let (Some(response), Ok(code)) = (
        use_context::<ResponseOptions>(),
        http::StatusCode::from_u16(status),
    ) {
        response.set_status(code);
    }
}

/// The path of the request being rendered (`/faq/security-and-authorization`).
pub fn request_path() -> String {
    use_context::<http::request::Parts>()
        .map(|parts| parts.uri.path().to_owned())
        .unwrap_or_else(|| "/".to_owned())
}
