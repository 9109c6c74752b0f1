//! `GET /healthz`: 200 when the portal can serve.

use crate::state::AppState;
use axum::{Json, Router, routing::get};
use serde_json::{Value, json};

/// The health-check routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(health))
}

async fn health() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}
