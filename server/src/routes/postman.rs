//! `GET /sandbox/apps/{client_id}/postman-collection.json` and `…/postman-environment.json`:
//! downloads for the signed-in owner of the app.

use crate::postman;
use crate::state::AppState;
use app::ssr::session::PortalSession;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::{HeaderValue, StatusCode, header};
use tower_sessions::Session;

/// The download routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/sandbox/apps/{client_id}/postman-collection.json",
            get(download_collection),
        )
        .route(
            "/sandbox/apps/{client_id}/postman-environment.json",
            get(download_environment),
        )
}

async fn download_collection(
    State(state): State<AppState>,
    session: Session,
    Path(client_id): Path<String>,
) -> Response {
    download(&state, session, &client_id, "collection").await
}

async fn download_environment(
    State(state): State<AppState>,
    session: Session,
    Path(client_id): Path<String>,
) -> Response {
    download(&state, session, &client_id, "environment").await
}

async fn download(state: &AppState, session: Session, client_id: &str, kind: &str) -> Response {
    let now = state.sandbox.clock.now();
    let Ok(Some(account)) = PortalSession::new(session).account(now).await else {
        return (
            StatusCode::UNAUTHORIZED,
            "Sign in to download your Postman files.",
        )
            .into_response();
    };
    let client = match state.sandbox.db.client(client_id).await {
        Ok(Some(client)) if client.account_id.as_deref() == Some(account.id.as_str()) => client,
        Ok(_) => return (StatusCode::NOT_FOUND, "There is no such app in your account.").into_response(),
        Err(error) => {
            tracing::error!(%error, "could not read the app for a Postman download");
            return (StatusCode::SERVICE_UNAVAILABLE, "Please try again in a moment.").into_response();
        }
    };
    let body = match kind {
        "collection" => postman::collection(&client.name, &state.public_url),
        _ => postman::environment(&client.name, &client.id, &state.public_url),
    };
    let file_name = format!("sandbox-{}-postman-{kind}.json", client.id);
    let mut response = axum::Json(body).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}
