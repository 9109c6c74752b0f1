//! `GET /healthz`: 200 when the portal can serve.

use crate::state::AppState;
use axum::extract::State;
use axum::{Json, Router, routing::get};
use http::StatusCode;
use serde_json::{Value, json};

/// The health-check routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(health))
}

async fn health(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    match state.sandbox.db.ping().await {
        Ok(()) => (StatusCode::OK, Json(json!({ "status": "ok" }))),
        Err(error) => {
            tracing::warn!(%error, "health check: database unavailable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable", "reason": "database" })),
            )
        }
    }
}
