//! A panic while answering a request never drops the connection: tower-http's
//! `CatchPanicLayer` turns it into a 500 marked [`Panicked`], and [`answer_panics`] (further
//! out, where the request is still known) replaces that with the portal's own error answer —
//! the 500 page for a browser, JSON otherwise — carrying the request id to quote.

use crate::http::error_page;
use crate::state::AppState;
use app::error::AppError;
use app::ssr::request::REQUEST_ID_HEADER;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderName, StatusCode};
use std::any::Any;
use tower_http::catch_panic::CatchPanicLayer;

/// Marks the answer to a request whose handler panicked.
#[derive(Debug, Clone, Copy)]
pub struct Panicked;

/// The layer that catches panics (put it inside [`answer_panics`]).
pub fn catch_panics() -> CatchPanicLayer<fn(Box<dyn Any + Send + 'static>) -> Response> {
    CatchPanicLayer::custom(panicked as fn(Box<dyn Any + Send + 'static>) -> Response)
}

fn panicked(payload: Box<dyn Any + Send + 'static>) -> Response {
    let message = payload
        .downcast_ref::<&str>()
        .map(|text| (*text).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned());
    tracing::error!(panic = %message, "a request handler panicked");
    let mut response = StatusCode::INTERNAL_SERVER_ERROR.into_response();
    response.extensions_mut().insert(Panicked);
    response
}

/// Middleware: answers a request whose handler panicked with the portal's 500 answer.
pub async fn answer_panics(State(state): State<AppState>, request: Request, next: Next) -> Response {
    // Only what the error answer needs is kept: the path, and the headers that choose its form
    // and name the request.
    let (mut kept, ()) = http::Request::new(()).into_parts();
    kept.uri = request.uri().clone();
    for name in [http::header::ACCEPT, HeaderName::from_static(REQUEST_ID_HEADER)] {
        if let Some(value) = request.headers().get(&name) {
            kept.headers.insert(name, value.clone());
        }
    }
    let response = next.run(request).await;
    if response.extensions().get::<Panicked>().is_none() {
        return response;
    }
    error_page::respond(&state, &kept, AppError::Internal).await
}
