//! `POST /apip/auth/v1/token`: the legacy token API, kept for migrating v1 clients. JSON (or
//! form) `clientId`/`clientSecret` in; camelCase `accessToken`/`tokenType`/`expiresIn` out.

use super::error::OAuthError;
use super::schema::{LegacyTokenRequest, LegacyTokenResponse, OAuthErrorBody};
use super::token::issued;
use super::{authenticate, client_auth, limit_issued, limit_source, params, settled_token_answer};
use crate::oauth::scopes;
use crate::oauth::tokens::TokenApi;
use crate::request_log::layer::RequestNote;
use crate::request_log::reason::Reason;
use crate::state::AppState;
use app::ssr::request::ClientAddress;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use http::{HeaderMap, header};

/// Issues an access token the v1 way.
#[utoipa::path(
    post,
    path = "/apip/auth/v1/token",
    tag = "Authorization",
    summary = "Request an access token (v1, legacy)",
    description = "For migrating legacy clients only; use the v2 endpoint for anything new. \
                   The credentials may also be spelled client_id and client_secret (one spelling per request). \
                   The answer is camelCase and has no access_token key.",
    request_body(content(
        (LegacyTokenRequest = "application/json",
            example = json!({"clientId": "mnc_yourClientId", "clientSecret": "mns_yourClientSecret"})),
        (LegacyTokenRequest = "application/x-www-form-urlencoded",
            example = json!({"clientId": "mnc_yourClientId", "clientSecret": "mns_yourClientSecret"}))
    )),
    responses(
        (status = 200, description = "The token.", body = LegacyTokenResponse,
            example = json!({"accessToken": "eyJhbGciOiJFZERTQSJ9.e30.c2ln", "tokenType": "Bearer", "expiresIn": 3600})),
        (status = 400, description = "invalid_request.", body = OAuthErrorBody,
            example = json!({"error": "invalid_request", "error_description": "The clientId and clientSecret fields are required."})),
        (status = 401, description = "invalid_client.", body = OAuthErrorBody,
            example = json!({"error": "invalid_client", "error_description": "Client authentication failed: check the client id and secret (a rotated secret stops working at once)."})),
        (status = 429, description = "Too many requests; see Retry-After.", body = OAuthErrorBody,
            example = json!({"error": "temporarily_unavailable", "error_description": "Too many token requests for this client. Retry after 30 seconds."}))
    )
)]
pub async fn issue_legacy_token(
    State(state): State<AppState>,
    Extension(source): Extension<ClientAddress>,
    note: RequestNote,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, OAuthError> {
    let answer = issue_v1_token(&state, &source, &headers, &body, &note).await;
    settled_token_answer(TokenApi::V1, answer, &note, &headers, &body)
}

/// The legacy grant itself; [`issue_legacy_token`] counts its answers.
async fn issue_v1_token(
    state: &AppState,
    source: &ClientAddress,
    headers: &HeaderMap,
    body: &Bytes,
    note: &RequestNote,
) -> Result<Response, OAuthError> {
    limit_source(state, source).await?;
    let params = params::read(headers, body)?;
    if headers.contains_key(header::AUTHORIZATION) {
        return Err(OAuthError::invalid_request(
            "The v1 token API takes clientId and clientSecret in the body, not an Authorization header.",
        )
        .because(Reason::HeaderSentToV1));
    }
    let complete = client_auth::V1_FIELDS
        .iter()
        .any(|fields| params.get(fields.id).is_some() && params.get(fields.secret).is_some());
    if !complete {
        return Err(
            OAuthError::invalid_request("The clientId and clientSecret fields are required.")
                .because(Reason::CredentialsMissing),
        );
    }
    let presented = client_auth::presented(headers, &params, client_auth::V1_FIELDS)?;
    let client = authenticate(state, &presented, source, note).await?;
    limit_issued(state, &client.id).await?;
    let granted =
        scopes::grant(None, &client.scopes).map_err(|error| OAuthError::invalid_scope(error.to_string()))?;
    let token = state
        .sandbox
        .tokens
        .issue(&client.id, &granted, TokenApi::V1, client.secret_version);
    tracing::info!(client.id = %client.id, "issued a v1 token");
    Ok(issued(
        note,
        &token,
        LegacyTokenResponse {
            access_token: token.access_token.clone(),
            token_type: "Bearer",
            expires_in: token.expires_in,
        },
    ))
}
