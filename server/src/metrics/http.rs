//! The request middleware: counts and times every answer by route template, method and
//! status, and keeps the request's id at hand while it is handled, so the console's upstream
//! calls carry it ([`current_request_id`]).
//!
//! It runs inside the router (as a `Router::layer`), so axum has already matched the route
//! and set [`MatchedPath`]; and outside the timeout, compression and panic layers, so it sees
//! the status the client gets (a 408, the 500 of a panic).

use app::ssr::request::REQUEST_ID_HEADER;
use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderValue, Method};
use metrics::SharedString;
use std::time::Instant;

/// The route label of requests no route matched (public files, 404s).
pub const UNMATCHED: &str = "unmatched";

tokio::task_local! {
    /// The id of the request this task is handling.
    static REQUEST_ID: Option<HeaderValue>;
}

/// The portal's id of the request being handled (the one its answer carries in
/// `X-Request-Id`: set by the portal, or by a trusted proxy, never by the browser).
pub fn current_request_id() -> Option<HeaderValue> {
    REQUEST_ID.try_with(Clone::clone).ok().flatten()
}

/// Middleware: records the request's metrics (when they are on) and scopes its id.
pub async fn track(request: Request, next: Next) -> Response {
    let id = request.headers().get(REQUEST_ID_HEADER).cloned();
    if !super::enabled() {
        return REQUEST_ID.scope(id, next.run(request)).await;
    }
    let route: SharedString = match request.extensions().get::<MatchedPath>() {
        Some(path) => path.as_str().to_owned().into(),
        None => UNMATCHED.into(),
    };
    let method = method_label(request.method());
    let started = Instant::now();
    let response = REQUEST_ID.scope(id, next.run(request)).await;
    let elapsed = started.elapsed().as_secs_f64();
    let labels = [
        ("route", route),
        ("method", SharedString::from(method)),
        (
            "status",
            SharedString::from(response.status().as_u16().to_string()),
        ),
    ];
    metrics::counter!(super::HTTP_REQUESTS, &labels).increment(1);
    metrics::histogram!(super::HTTP_REQUEST_DURATION, &labels).record(elapsed);
    response
}

/// The method, if it is a standard one; anyone can send `FOO /`, so the rest are `other`.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        Method::CONNECT => "CONNECT",
        Method::TRACE => "TRACE",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_methods_share_one_label() {
        assert_eq!(method_label(&Method::POST), "POST");
        assert_eq!(
            method_label(&Method::from_bytes(b"FOO").expect("a method")),
            "other"
        );
    }

    #[tokio::test]
    async fn the_request_id_is_known_while_the_request_is_handled_and_only_then() {
        assert_eq!(current_request_id(), None);
        let id = HeaderValue::from_static("b1d7c4e0");
        let seen = REQUEST_ID
            .scope(Some(id.clone()), async { current_request_id() })
            .await;
        assert_eq!(seen, Some(id));
    }
}
