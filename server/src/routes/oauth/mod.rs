//! The sandbox authorization server's HTTP endpoints: RFC 8414 metadata and JWKS, the v2
//! token endpoint (RFC 6749 §4.4), the legacy v1 token endpoint, introspection (RFC 7662) and
//! revocation (RFC 7009). The paths mirror the marketplace's gateway (`/apip/auth/…`).

mod client_auth;
pub mod error;
mod introspect;
mod legacy;
mod metadata;
pub mod params;
mod revoke;
mod schema;
mod token;

use crate::rate_limit::{Decision, Limit};
use crate::sandbox::clients::ClientError;
use crate::state::AppState;
use axum::extract::DefaultBodyLimit;
use client_auth::{Method, Presented};
use error::OAuthError;
use secrecy::ExposeSecret;
use std::net::IpAddr;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The path of the v2 token endpoint.
pub const TOKEN_PATH: &str = "/apip/auth/v2/token";
/// The path of the legacy v1 token endpoint.
pub const LEGACY_TOKEN_PATH: &str = "/apip/auth/v1/token";
/// The path of the introspection endpoint.
pub const INTROSPECTION_PATH: &str = "/apip/auth/v2/introspect";
/// The path of the revocation endpoint.
pub const REVOCATION_PATH: &str = "/apip/auth/v2/revoke";

/// The OAuth routes, documented for `/openapi.json`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(token::issue_token))
        .routes(routes!(legacy::issue_legacy_token))
        .routes(routes!(introspect::introspect_token))
        .routes(routes!(revoke::revoke_token))
        .routes(routes!(metadata::authorization_server_metadata))
        .routes(routes!(metadata::json_web_key_set))
        // The handlers read at most params::BODY_LIMIT themselves and answer 413 in OAuth form.
        .layer(DefaultBodyLimit::max(params::BODY_LIMIT + 1))
}

/// Applies the per-IP limit of the OAuth endpoints.
async fn limit_ip(state: &AppState, ip: IpAddr) -> Result<(), OAuthError> {
    limit(
        state,
        "oauth-ip",
        &ip.to_string(),
        state.limits.token_per_ip,
        "from this address",
    )
    .await
}

/// Applies the per-client limit of the token endpoints.
async fn limit_client(state: &AppState, client_id: &str) -> Result<(), OAuthError> {
    limit(
        state,
        "token-client",
        client_id,
        state.limits.token_per_client,
        "for this client",
    )
    .await
}

async fn limit(
    state: &AppState,
    bucket: &str,
    key: &str,
    limit: Limit,
    what: &str,
) -> Result<(), OAuthError> {
    match state.limiter.check(bucket, key, limit).await {
        Decision::Allowed => Ok(()),
        Decision::Limited { retry_after } => Err(OAuthError::rate_limited(what, retry_after)),
    }
}

/// The `token` parameter of an introspection or revocation request, after its client has
/// authenticated (the same two ways as at the token endpoint).
async fn token_of_authenticated_client(
    state: &AppState,
    peer: IpAddr,
    headers: &http::HeaderMap,
    body: &axum::body::Bytes,
) -> Result<(String, crate::db::ClientRow), OAuthError> {
    limit_ip(state, peer).await?;
    let params = params::read(headers, body)?;
    let presented = client_auth::presented(headers, &params, "client_id", "client_secret")?;
    let client = authenticate(state, &presented).await?;
    let token = params
        .get("token")
        .ok_or_else(|| OAuthError::invalid_request("The token parameter is required."))?;
    Ok((token.to_owned(), client))
}

/// Authenticates the presented client; it must be active.
async fn authenticate(state: &AppState, presented: &Presented) -> Result<crate::db::ClientRow, OAuthError> {
    let basic = presented.method == Method::Basic;
    state
        .sandbox
        .clients
        .authenticate(&presented.client_id, presented.client_secret.expose_secret())
        .await
        .map_err(|error| match error {
            ClientError::BadCredentials | ClientError::Revoked | ClientError::NotFound => OAuthError::invalid_client(
                "Client authentication failed: check the client id and secret (a rotated secret stops working at once).",
                basic,
            ),
            ClientError::Suspended => {
                OAuthError::unauthorized_client("This client is suspended and may not use the client credentials grant.")
            }
            ClientError::Store(error) => error.into(),
            other => OAuthError::server_error(&other),
        })
}
