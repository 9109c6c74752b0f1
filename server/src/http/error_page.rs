//! Error answers for refused forms — refused before they reach a server function (a cross-site
//! form, an expired CSRF token, a rate limit) or by the function itself: a full, styled page for
//! plain form posts, or the `AppError` JSON the islands understand, always with its real status.

use crate::http::page_session::error_page_session;
use crate::state::AppState;
use app::error::AppError;
use app::ssr::page_session::PageSession;
use app::ssr::request::{REQUEST_ID_HEADER, is_plain_form};
use app::ssr::routes::RequestError;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, Method, StatusCode, header, request::Parts};
use leptos::prelude::provide_context;
use leptos::server_fn::error::SERVER_FN_ERROR_HEADER;
use tower_sessions::Session;

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
    if let Some(id) = parts.headers.get(REQUEST_ID_HEADER) {
        request.headers_mut().insert(REQUEST_ID_HEADER, id.clone());
    }
    let page_session = match (
        parts.extensions.get::<PageSession>(),
        parts.extensions.get::<Session>(),
    ) {
        (Some(page_session), _) => page_session.clone(),
        (None, Some(session)) => error_page_session(session.clone(), state.sandbox.clock.now()).await,
        (None, None) => PageSession::default(),
    };
    request.extensions_mut().insert(page_session);
    handler(request).await.into_response()
}

/// Where server functions are served.
const SERVER_FN_PREFIX: &str = "/api/";

/// The largest server-function error body read back (they are a line of JSON).
const MAX_ERROR_BYTES: usize = 64 * 1024;

/// Middleware: answers a failed server function through [`respond`]. Left alone, Leptos
/// answers every `AppError` with 500 — or, for a plain form, with a silent redirect back to the
/// form — so bad input would look like a server fault, or vanish.
pub async fn server_fn_errors(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with(SERVER_FN_PREFIX) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let kept = parts.clone();
    let response = next.run(Request::from_parts(parts, body)).await;
    if !response.headers().contains_key(SERVER_FN_ERROR_HEADER) {
        return response;
    }
    let body = axum::body::to_bytes(response.into_body(), MAX_ERROR_BYTES)
        .await
        .unwrap_or_default();
    let error = serde_json::from_slice(&body).unwrap_or(AppError::Internal);
    respond(&state, &kept, error).await
}
