//! An app's request log over HTTP, for its signed-in owner: the pages' data (the UI's
//! `RequestLogPort`, in [`pages`]), the CSV and JSON exports ([`export`]) and the live updates
//! as server-sent events ([`events`]). Every route answers 404 for an app that is not the
//! signed-in account's, whether or not it exists, so another account's apps stay invisible.

mod events;
mod export;
mod pages;
mod query;

pub use pages::RequestLogService;

use crate::db::{ClientRow, StoreError};
use crate::oauth::Sandbox;
use crate::state::AppState;
use app::error::AppError;
use app::ssr::session::{PortalSession, SessionAccount};
use axum::Router;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::{HeaderValue, StatusCode, header};
use tower_sessions::Session;

/// The export and live-update routes (the pages are Leptos routes).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sandbox/apps/{client_id}/requests.csv", get(export::csv))
        .route("/sandbox/apps/{client_id}/requests.json", get(export::json))
        .route("/sandbox/apps/{client_id}/requests/events", get(events::stream))
        .layer(axum::Extension(events::Streams::default()))
}

/// The answer for another account's app, or none: the same either way.
fn not_found() -> AppError {
    AppError::NotFound("There is no such app in your account.".into())
}

/// The app `client_id` if it belongs to the account `account_id`.
async fn owned_app(sandbox: &Sandbox, account_id: &str, client_id: &str) -> Result<ClientRow, AppError> {
    match sandbox.db.client(client_id).await.map_err(store)? {
        Some(client) if client.account_id.as_deref() == Some(account_id) => Ok(client),
        _ => Err(not_found()),
    }
}

/// The signed-in account and its app `client_id`, for the routes outside Leptos.
async fn signed_in_owner(
    state: &AppState,
    session: Session,
    client_id: &str,
) -> Result<(SessionAccount, ClientRow), AppError> {
    let now = state.sandbox.clock.now();
    let account = PortalSession::new(session)
        .account(now)
        .await
        .ok()
        .flatten()
        .ok_or_else(|| AppError::Unauthorized("Sign in to see your apps' requests.".into()))?;
    let client = owned_app(&state.sandbox, &account.id, client_id).await?;
    Ok((account, client))
}

/// A storage failure as the reader sees it (the cause is logged here, once).
fn store(error: StoreError) -> AppError {
    match error {
        StoreError::Unavailable(cause) => {
            tracing::warn!(error = %cause, "database unavailable for the request log");
            AppError::Unavailable("The portal's database is busy. Please try again in a moment.".into())
        }
        other => {
            tracing::error!(error = %other, source = ?std::error::Error::source(&other), "could not read the request log");
            AppError::Internal
        }
    }
}

/// `error` as a plain-text answer that is never stored.
fn refused(error: &AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, error.to_string()).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
