//! Error answers for requests refused before they reach a page or server function (a cross-site
//! form, an expired CSRF token, a rate limit): a full, styled page for plain form posts, or the
//! `AppError` JSON the islands understand.

use crate::state::AppState;
use app::error::AppError;
use app::ssr::routes::RequestError;
use axum::body::Body;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, Method, StatusCode, header, request::Parts};
use leptos::prelude::provide_context;

/// Whether the request came from a plain HTML form (no JavaScript).
pub fn is_plain_form(headers: &http::HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.contains("text/html"))
}

/// Answers `error` the way the caller can show it.
pub async fn respond(state: &AppState, parts: &Parts, error: AppError) -> Response {
    let retry_after = match &error {
        AppError::TooManyRequests { retry_after_secs } => Some(*retry_after_secs),
        _ => None,
    };
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST);
    let mut response = if is_plain_form(&parts.headers) {
        render_page(state, parts, error).await
    } else {
        let body = serde_json::to_string(&error).unwrap_or_default();
        (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
    };
    *response.status_mut() = status;
    if let Some(seconds) = retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

async fn render_page(state: &AppState, parts: &Parts, error: AppError) -> Response {
    let services = state.services.clone();
    let options = state.leptos_options.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(services.clone());
            provide_context(RequestError(error.clone()));
        },
        move || app::shell(options.clone()),
    );
    let mut request = http::Request::builder()
        .method(Method::GET)
        .uri(parts.uri.clone())
        .body(Body::empty())
        .unwrap_or_default();
    if let Some(page_session) = parts.extensions.get::<app::ssr::page_session::PageSession>() {
        request.extensions_mut().insert(page_session.clone());
    }
    handler(request).await.into_response()
}
