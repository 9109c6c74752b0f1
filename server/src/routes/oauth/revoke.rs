//! `POST /apip/auth/v2/revoke` (RFC 7009): ends one of the client's tokens before it expires.

use super::error::{OAuthError, no_store};
use super::schema::{OAuthErrorBody, TokenParameter};
use super::token_of_authenticated_client;
use crate::request_log::layer::RequestNote;
use crate::request_log::reason::{Outcome, Reason};
use crate::state::AppState;
use app::ssr::request::ClientAddress;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, StatusCode};

/// Revokes a token of the authenticated client. Unknown, invalid and other clients' tokens
/// get the same 200, as the RFC asks, so the call is safe to repeat.
#[utoipa::path(
    post,
    path = "/apip/auth/v2/revoke",
    tag = "Authorization",
    summary = "Revoke a token (RFC 7009)",
    request_body(content(
        (TokenParameter = "application/x-www-form-urlencoded", example = json!({"token": "eyJhbGciOiJFZERTQSJ9.e30.c2ln", "token_type_hint": "access_token"}))
    )),
    responses(
        (status = 200, description = "Revoked (or already unusable). Empty body."),
        (status = 400, description = "invalid_request: the token parameter is missing.", body = OAuthErrorBody,
            example = json!({"error": "invalid_request", "error_description": "The token parameter is required."})),
        (status = 401, description = "invalid_client.", body = OAuthErrorBody,
            example = json!({"error": "invalid_client", "error_description": "Client authentication failed: check the client id and secret (a rotated secret stops working at once)."}))
    ),
    security((), ("client_secret_basic" = []))
)]
pub async fn revoke_token(
    State(state): State<AppState>,
    Extension(source): Extension<ClientAddress>,
    note: RequestNote,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, OAuthError> {
    let (token, client) = token_of_authenticated_client(&state, &source, &headers, &body, &note).await?;
    state.sandbox.revoke_token(&token, &client.id).await?;
    tracing::info!(client.id = %client.id, "token revocation requested");
    let mut response = StatusCode::OK.into_response();
    no_store(response.headers_mut());
    response
        .extensions_mut()
        .insert(Outcome::because(Reason::TokenRevocationAccepted));
    Ok(response)
}
