//! `POST /apip/auth/v2/introspect` (RFC 7662): whether a token is active, for its own client.

use super::error::OAuthError;
use super::schema::{IntrospectionResponse, OAuthErrorBody, TokenParameter};
use super::token::token_response;
use super::token_of_authenticated_client;
use crate::request_log::layer::RequestNote;
use crate::request_log::reason::{Outcome, Reason};
use crate::state::AppState;
use app::ssr::request::ClientAddress;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use http::HeaderMap;

/// Tells an authenticated client whether one of its tokens is active.
#[utoipa::path(
    post,
    path = "/apip/auth/v2/introspect",
    tag = "Authorization",
    summary = "Introspect a token (RFC 7662)",
    description = "Authenticate as the client that owns the token. Expired, revoked, unknown and \
                   other clients' tokens are all reported as {\"active\": false}.",
    request_body(content(
        (TokenParameter = "application/x-www-form-urlencoded", example = json!({"token": "eyJhbGciOiJFZERTQSJ9.e30.c2ln"}))
    )),
    responses(
        (status = 200, description = "The token's state.", body = IntrospectionResponse,
            examples(
                ("active" = (summary = "An active token", value = json!({
                    "active": true, "client_id": "mnc_yourClientId", "scope": "claims.attachments.read",
                    "token_type": "Bearer", "exp": 1795939200, "iat": 1795935600, "sub": "mnc_yourClientId",
                    "aud": "claims-attachments-v1", "iss": "http://127.0.0.1:3000", "jti": "Qm9vdHN0cmFw"}))),
                ("inactive" = (summary = "Any token that may not be used", value = json!({"active": false})))
            )),
        (status = 400, description = "invalid_request: the token parameter is missing.", body = OAuthErrorBody,
            example = json!({"error": "invalid_request", "error_description": "The token parameter is required."})),
        (status = 401, description = "invalid_client.", body = OAuthErrorBody,
            example = json!({"error": "invalid_client", "error_description": "Client authentication failed: check the client id and secret (a rotated secret stops working at once)."}))
    ),
    security((), ("client_secret_basic" = []))
)]
pub async fn introspect_token(
    State(state): State<AppState>,
    Extension(source): Extension<ClientAddress>,
    note: RequestNote,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, OAuthError> {
    let (token, client) = token_of_authenticated_client(&state, &source, &headers, &body, &note).await?;
    let answer = match state.sandbox.introspect(&token, &client.id).await? {
        Some(claims) => {
            note.token(&claims.jti);
            IntrospectionResponse {
                active: true,
                client_id: Some(claims.client_id),
                scope: Some(claims.scope),
                token_type: Some("Bearer"),
                exp: Some(claims.exp),
                iat: Some(claims.iat),
                sub: Some(claims.sub),
                aud: Some(claims.aud),
                iss: Some(claims.iss),
                jti: Some(claims.jti),
            }
        }
        None => IntrospectionResponse::default(),
    };
    let mut response = token_response(answer);
    response
        .extensions_mut()
        .insert(Outcome::because(Reason::Introspected));
    Ok(response)
}
