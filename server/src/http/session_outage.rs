//! What people see while the session store (Redis, or the database) cannot be reached: pages
//! still render, as for an anonymous reader (see `page_session`); whatever needs a session —
//! every form post, the account pages and the console — gets a clear 503
//! page (or the islands' JSON error) with `Retry-After`, instead of a hang or a bare 500; and
//! everything works again by itself once the store is back, with the same sessions.

use crate::http::error_page;
use crate::state::AppState;
use app::error::AppError;
use app::ssr::page_session::PageSession;
use app::ssr::paths::is_account_or_console;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderValue, Method, StatusCode, header};
use std::time::Instant;

/// How long people are asked to wait before trying again.
const RETRY_AFTER_SECS: u32 = 5;

/// Answers 503 for what needs a session while the store is down, and turns a store failure
/// during a request (a 500 from the session layer) into the same 503.
pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let sessions = &state.sessions;
    // Layered only on what uses sessions (pages, forms, the console), so every form post
    // needs the store, and so do the account and console pages; any other page renders as for
    // an anonymous reader (see `page_session`).
    let is_read = matches!(*request.method(), Method::GET | Method::HEAD);
    let needs_session = !is_read || is_account_or_console(request.uri().path());
    if needs_session && !sessions.is_available() {
        let (parts, _) = request.into_parts();
        return unavailable(&state, parts).await;
    }
    let started = Instant::now();
    let (parts, body) = request.into_parts();
    let kept = parts.clone();
    let response = next.run(Request::from_parts(parts, body)).await;
    // The store failed during the request: what needed it cannot be trusted (it ran as if
    // nobody were signed in), and a failed save is a bare 500 from the session layer.
    if (needs_session || response.status() == StatusCode::INTERNAL_SERVER_ERROR)
        && sessions.failed_since(started)
    {
        return unavailable(&state, kept).await;
    }
    response
}

/// The 503 answer, rendered without reading the session.
async fn unavailable(state: &AppState, mut parts: http::request::Parts) -> Response {
    tracing::warn!("session store unavailable; answering 503");
    parts.extensions.insert(PageSession::default());
    let error = AppError::Unavailable(
        "Signing in and the sandbox console are unavailable for a moment: the portal cannot reach its \
         session store. Your account and apps are safe. Please try again in a few seconds."
            .into(),
    );
    let mut response = error_page::respond(state, &parts, error).await;
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
    response
}
