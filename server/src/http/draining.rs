//! Leaving a load balancer's pool without failing a request. On SIGTERM the instance:
//!
//! 1. turns `/readyz` to 503 at once, so a balancer that checks it stops sending new work;
//! 2. for `PORTAL_SHUTDOWN_GRACE` keeps serving, but answers reads (`GET`, `HEAD`) with 503,
//!    `Retry-After` and `Connection: close`, which a retrying balancer (nginx
//!    `proxy_next_upstream http_503`) sends to another instance and counts against this one,
//!    so it stops choosing it; everything else (a `POST` cannot be retried safely) is served
//!    as usual, with `Connection: close`;
//! 3. then stops accepting connections, lets in-flight requests finish (within the drain
//!    timeout of `http::serve`) and closes its pools.
//!
//! `/healthz` stays a liveness check: it answers 200 while the process can serve at all.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, Method, StatusCode, header};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// The routes a draining instance still answers as usual (balancers' and monitors' checks).
const CHECK_PATHS: [&str; 2] = ["/healthz", "/readyz"];
/// What a draining instance asks a read to wait before it is tried again.
const RETRY_AFTER_SECS: u32 = 1;

/// Whether this instance takes new work. Cloned handles share one flag.
#[derive(Debug, Clone, Default)]
pub struct Readiness(Arc<AtomicBool>);

impl Readiness {
    /// Starts draining: from now on the instance is not ready.
    pub fn start_draining(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether shutdown has begun.
    pub fn is_draining(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// Middleware: while draining, reads get 503 and every answer closes its connection.
pub async fn gate(State(readiness): State<Readiness>, request: Request, next: Next) -> Response {
    if !readiness.is_draining() || CHECK_PATHS.contains(&request.uri().path()) {
        return next.run(request).await;
    }
    let mut response = if matches!(*request.method(), Method::GET | Method::HEAD) {
        let mut refused = (
            StatusCode::SERVICE_UNAVAILABLE,
            "This instance of the portal is restarting; please try again.\n",
        )
            .into_response();
        refused
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
        refused
    } else {
        next.run(request).await
    };
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}
