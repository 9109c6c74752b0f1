//! The middleware that records every request to the sandbox's token endpoints and APIs: one
//! mechanism for all of them. It times the request and reads what the answer tells about
//! itself; handlers only say which app and token a request concerns ([`RequestNote`]) and
//! their answers say why ([`Outcome`], taken out of the response before it is sent).

use super::RequestLog;
use super::reason::{Outcome, Reason};
use super::record::{Endpoint, Record, Source, bounded};
use crate::oauth::Sandbox;
use app::ssr::request::{ClientAddress, REQUEST_ID_HEADER};
use axum::extract::{FromRequestParts, MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::header;
use http::request::Parts;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Marks a request as the console's own call (its signed attribution was verified).
#[derive(Debug, Clone, Copy)]
pub struct ConsoleCall;

/// Which app and token a request concerns, as the handler learns them.
#[derive(Debug, Default)]
struct Attribution {
    client_id: Option<String>,
    /// Whether the handler knows the app exists (else the log checks before filing it).
    known: bool,
    jti: Option<String>,
}

/// What a handler notes about its request for the log: the app it belongs to and the token
/// involved. Outside a recorded route it is detached and noting costs nothing that matters.
#[derive(Debug, Clone, Default)]
pub struct RequestNote(Arc<Mutex<Attribution>>);

impl RequestNote {
    /// The request belongs to the app `client_id`, which exists (it authenticated, or its
    /// token's signature was checked).
    pub fn app(&self, client_id: &str) {
        if let Ok(mut attribution) = self.0.lock() {
            attribution.client_id = Some(client_id.to_owned());
            attribution.known = true;
        }
    }

    /// The request names the app `client_id`, unchecked (a failed token request): it is filed
    /// under that app only if the app exists.
    pub fn claimed_app(&self, client_id: &str) {
        if let Ok(mut attribution) = self.0.lock()
            && attribution.client_id.is_none()
        {
            attribution.client_id = Some(client_id.to_owned());
        }
    }

    /// The request concerns the token `jti`.
    pub fn token(&self, jti: &str) {
        if let Ok(mut attribution) = self.0.lock() {
            attribution.jti = Some(jti.to_owned());
        }
    }

    /// The note of a request whose extensions are `parts` (detached if there is none).
    pub fn of(parts: &Parts) -> Self {
        parts.extensions.get::<Self>().cloned().unwrap_or_default()
    }

    fn take(&self) -> Attribution {
        self.0
            .lock()
            .map(|mut attribution| std::mem::take(&mut *attribution))
            .unwrap_or_default()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RequestNote {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self::of(parts))
    }
}

/// Middleware: records the request if its route is one of the recorded endpoints.
pub async fn record(State(sandbox): State<Arc<Sandbox>>, mut request: Request, next: Next) -> Response {
    let log = &sandbox.requests;
    let endpoint = request
        .extensions()
        .get::<MatchedPath>()
        .and_then(|path| Endpoint::of_route(path.as_str()));
    let Some(endpoint) = endpoint.filter(|_| log.enabled()) else {
        return next.run(request).await;
    };
    let started = Instant::now();
    let at = log.now();
    let note = RequestNote::default();
    request.extensions_mut().insert(note.clone());
    // Header values are reference-counted: keeping them costs nothing until a record is made.
    let method = request.method().clone();
    let request_id = request.headers().get(REQUEST_ID_HEADER).cloned();
    let user_agent = request.headers().get(header::USER_AGENT).cloned();
    let source = if request.extensions().get::<ConsoleCall>().is_some() {
        Source::Console
    } else {
        Source::Outside
    };
    let client_ip = request
        .extensions()
        .get::<ClientAddress>()
        .map(|client| client.ip);

    let mut response = next.run(request).await;

    let status = response.status().as_u16();
    let outcome = response
        .extensions_mut()
        .remove::<Outcome>()
        .unwrap_or_else(|| Outcome::because(reason_of_status(status)));
    let attribution = note.take();
    let client_id = match attribution.client_id {
        Some(id) if attribution.known => Some(id),
        Some(id) => sandbox.clients.exists(&id).await.then_some(id),
        None => None,
    };
    if source == Source::Outside && client_id.is_none() {
        return response;
    }
    if let Some(id) = &client_id
        && !log.admit(id)
    {
        return response;
    }
    let text = |value: Option<http::HeaderValue>| {
        value
            .map(|value| bounded(&String::from_utf8_lossy(value.as_bytes())))
            .unwrap_or_default()
    };
    let record = Record {
        id: RequestLog::new_record_id(),
        request_id: text(request_id),
        client_id: client_id.as_deref().map(bounded).unwrap_or_default(),
        at,
        endpoint,
        method: method.as_str().to_owned(),
        status,
        error_code: outcome.error_code.map(str::to_owned),
        reason: outcome.reason,
        reason_at: outcome.at,
        detail: outcome.detail.as_deref().map(bounded),
        jti: attribution.jti.as_deref().map(bounded),
        latency_us: elapsed_micros(started),
        client_address: client_ip.map(|ip| ip.to_string()).unwrap_or_default(),
        user_agent: text(user_agent),
        source,
    };
    if client_id.is_some() {
        log.record(record);
    } else {
        // A console call that names no app: nothing to file it under, but the console can
        // still explain it.
        log.remember_console_call(record);
    }
    response
}

fn elapsed_micros(started: Instant) -> i64 {
    i64::try_from(started.elapsed().as_micros()).unwrap_or(i64::MAX)
}

/// The reason of an answer that did not say (a rejection by an extractor, a success).
fn reason_of_status(status: u16) -> Reason {
    match status {
        200..=299 => Reason::Ok,
        413 => Reason::BodyTooLarge,
        415 => Reason::UnsupportedMediaType,
        429 => Reason::RateLimited,
        503 => Reason::Unavailable,
        500.. => Reason::ServerError,
        _ => Reason::MalformedBody,
    }
}
