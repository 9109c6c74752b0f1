//! `POST /apip/auth/v2/token`: the client credentials grant (RFC 6749 §4.4).

use super::error::{OAuthError, no_store};
use super::schema::{OAuthErrorBody, TokenRequest, TokenResponse};
use super::{authenticate, client_auth, limit_issued, limit_source, params, settled_token_answer};
use crate::oauth::scopes;
use crate::oauth::tokens::{IssuedToken, TokenApi};
use crate::request_log::layer::RequestNote;
use crate::request_log::reason::{Outcome, Reason};
use crate::state::AppState;
use app::ssr::request::ClientAddress;
use axum::Extension;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::HeaderMap;

/// Issues an access token to an authenticated client.
#[utoipa::path(
    post,
    path = "/apip/auth/v2/token",
    tag = "Authorization",
    summary = "Request an access token (v2, OAuth 2.0 client credentials)",
    description = "RFC 6749 section 4.4. Authenticate the client with HTTP Basic (client_secret_basic, preferred) \
                   or with client_id and client_secret in the body (client_secret_post), never both. \
                   The marketplace's JSON body with the same fields is also accepted.",
    request_body(content(
        (TokenRequest = "application/x-www-form-urlencoded",
            example = json!({"grant_type": "client_credentials", "scope": "claims.attachments.read claims.attachments.write"})),
        (TokenRequest = "application/json",
            example = json!({"grant_type": "client_credentials", "client_id": "mnc_yourClientId", "client_secret": "mns_yourClientSecret"}))
    )),
    responses(
        (status = 200, description = "The token.", body = TokenResponse,
            example = json!({"access_token": "eyJhbGciOiJFZERTQSJ9.e30.c2ln", "token_type": "Bearer", "expires_in": 3600, "scope": "claims.attachments.read claims.attachments.write"})),
        (status = 400, description = "invalid_request, unauthorized_client, unsupported_grant_type or invalid_scope.", body = OAuthErrorBody,
            example = json!({"error": "unsupported_grant_type", "error_description": "Only the client_credentials grant is supported."})),
        (status = 401, description = "invalid_client, with WWW-Authenticate: Basic.", body = OAuthErrorBody,
            example = json!({"error": "invalid_client", "error_description": "Client authentication failed: check the client id and secret (a rotated secret stops working at once)."})),
        (status = 413, description = "The body is larger than 16 KiB.", body = OAuthErrorBody,
            example = json!({"error": "invalid_request", "error_description": "The request body is larger than 16 KiB."})),
        (status = 429, description = "Too many requests from this address, too many failed attempts for this client from this address, or too many tokens issued to this client; see Retry-After.", body = OAuthErrorBody,
            example = json!({"error": "temporarily_unavailable", "error_description": "Too many tokens issued to this client. Retry after 30 seconds."}))
    ),
    security((), ("client_secret_basic" = []))
)]
pub async fn issue_token(
    State(state): State<AppState>,
    Extension(source): Extension<ClientAddress>,
    note: RequestNote,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, OAuthError> {
    let answer = issue_v2_token(&state, &source, &headers, &body, &note).await;
    settled_token_answer(TokenApi::V2, answer, &note, &headers, &body)
}

/// The grant itself; [`issue_token`] counts its answers.
async fn issue_v2_token(
    state: &AppState,
    source: &ClientAddress,
    headers: &HeaderMap,
    body: &Bytes,
    note: &RequestNote,
) -> Result<Response, OAuthError> {
    limit_source(state, source).await?;
    let params = params::read(headers, body)?;
    let presented = client_auth::presented(headers, &params, client_auth::V2_FIELDS)?;
    let grant_type = params.get("grant_type").ok_or_else(|| {
        OAuthError::invalid_request(
            "The grant_type parameter is required: send grant_type=client_credentials.",
        )
        .because(Reason::GrantTypeMissing)
    })?;
    if grant_type != "client_credentials" {
        return Err(
            OAuthError::unsupported_grant_type("Only the client_credentials grant is supported.")
                .detail(grant_type),
        );
    }
    let client = authenticate(state, &presented, source, note).await?;
    limit_issued(state, &client.id).await?;
    let granted = scopes::grant(params.get("scope"), &client.scopes).map_err(|error| {
        OAuthError::invalid_scope(error.to_string()).detail(params.get("scope").unwrap_or_default())
    })?;
    let token = state
        .sandbox
        .tokens
        .issue(&client.id, &granted, TokenApi::V2, client.secret_version);
    tracing::info!(client.id = %client.id, scope = %token.scope, client.auth = ?presented.method, "issued a v2 token");
    Ok(issued(
        note,
        &token,
        TokenResponse {
            access_token: token.access_token.clone(),
            token_type: "Bearer",
            expires_in: token.expires_in,
            scope: token.scope.clone(),
        },
    ))
}

/// The answer of a token endpoint that issued `token`, noted for the request log.
pub fn issued(note: &RequestNote, token: &IssuedToken, body: impl serde::Serialize) -> Response {
    note.token(&token.claims.jti);
    let mut response = token_response(body);
    response
        .extensions_mut()
        .insert(Outcome::because(Reason::Issued).detail(token.scope.clone()));
    response
}

/// A JSON token answer that must never be cached.
pub fn token_response(body: impl serde::Serialize) -> Response {
    let mut response = Json(body).into_response();
    no_store(response.headers_mut());
    response
}
