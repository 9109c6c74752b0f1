//! The checks balancers and monitors use: `GET /healthz` (liveness: 200 while the process can
//! serve at all) and `GET /readyz` (readiness: 200 only while this instance should be sent new
//! work — not draining, its database answering and, when configured, Redis answering). A
//! configured CIAM is reported too, but does not make the instance unready.

use crate::state::AppState;
use axum::extract::State;
use axum::{Json, Router, routing::get};
use http::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;
use tokio::time::timeout;

/// How long each dependency may take to answer a readiness check.
const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

/// The health-check routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(health))
        .route("/readyz", get(ready))
}

async fn health() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

async fn ready(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let draining = state.readiness.is_draining();
    let (database, sessions) = tokio::join!(
        timeout(CHECK_TIMEOUT, state.sandbox.db.ping()),
        timeout(CHECK_TIMEOUT, state.sessions.answers())
    );
    let database = matches!(database, Ok(Ok(())));
    let sessions = sessions.unwrap_or(false);
    let ready = !draining && database && sessions;
    let verdict = |ok: bool| if ok { "ok" } else { "unavailable" };
    let mut body = json!({
        "status": if ready { "ready" } else if draining { "draining" } else { "unavailable" },
        "checks": {
            "database": verdict(database),
            "sessions": verdict(sessions),
        },
    });
    // Reported, never counted against readiness: platform tokens work without the CIAM.
    if let Some(ciam) = &state.ciam {
        body["checks"]["ciam"] = json!(verdict(ciam.is_available()));
    }
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body))
}
