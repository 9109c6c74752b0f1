//! The sandbox authorization server's HTTP endpoints: RFC 8414 metadata and JWKS, the v2
//! token endpoint (RFC 6749 §4.4), the legacy v1 token endpoint, introspection (RFC 7662) and
//! revocation (RFC 7009). The paths mirror the marketplace's gateway (`/apip/auth/…`).

pub mod client_auth;
pub mod error;
mod introspect;
mod legacy;
mod metadata;
pub mod params;
mod revoke;
mod schema;
mod token;

use crate::oauth::clients::ClientError;
use crate::oauth::tokens::TokenApi;
use crate::rate_limit::{Bucket, Decision, joined};
use crate::request_log::layer::RequestNote;
use crate::request_log::reason::Reason;
use crate::state::AppState;
use app::ssr::request::ClientAddress;
use axum::extract::DefaultBodyLimit;
use axum::response::Response;
use client_auth::Presented;
use error::OAuthError;
use secrecy::ExposeSecret;
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

/// Counts a request at the OAuth endpoints against its client address.
async fn limit_source(state: &AppState, client: &ClientAddress) -> Result<(), OAuthError> {
    match state.limiter.check(Bucket::OAuthSource, &client.key).await {
        Decision::Allowed => Ok(()),
        Decision::Limited { retry_after } => Err(OAuthError::rate_limited(
            "Too many token requests from this address.",
            retry_after,
        )),
    }
}

/// Counts a token about to be issued to an authenticated client.
async fn limit_issued(state: &AppState, client_id: &str) -> Result<(), OAuthError> {
    match state.limiter.check(Bucket::TokensIssued, client_id).await {
        Decision::Allowed => Ok(()),
        Decision::Limited { retry_after } => Err(OAuthError::rate_limited(
            "Too many tokens issued to this client.",
            retry_after,
        )),
    }
}

/// The `token` parameter of an introspection or revocation request, after its client has
/// authenticated (the same two ways as at the token endpoint).
async fn token_of_authenticated_client(
    state: &AppState,
    source: &ClientAddress,
    headers: &http::HeaderMap,
    body: &axum::body::Bytes,
    note: &RequestNote,
) -> Result<(String, crate::db::ClientRow), OAuthError> {
    let authenticated = authenticated_token_parameter(state, source, headers, body, note).await;
    if authenticated.is_err() {
        note_claimed_client(note, headers, body, client_auth::V2_FIELDS);
    }
    authenticated
}

async fn authenticated_token_parameter(
    state: &AppState,
    source: &ClientAddress,
    headers: &http::HeaderMap,
    body: &axum::body::Bytes,
    note: &RequestNote,
) -> Result<(String, crate::db::ClientRow), OAuthError> {
    limit_source(state, source).await?;
    let params = params::read(headers, body)?;
    let presented = client_auth::presented(headers, &params, client_auth::V2_FIELDS)?;
    let client = authenticate(state, &presented, source, note).await?;
    let token = params.get("token").ok_or_else(|| {
        OAuthError::invalid_request("The token parameter is required.").because(Reason::TokenParameterMissing)
    })?;
    Ok((token.to_owned(), client))
}

/// What both token endpoints do with their answer: count it, and file a failure under the
/// app the request names.
fn settled_token_answer(
    api: TokenApi,
    answer: Result<Response, OAuthError>,
    note: &RequestNote,
    headers: &http::HeaderMap,
    body: &axum::body::Bytes,
) -> Result<Response, OAuthError> {
    crate::metrics::count_token_answer(api, &answer);
    if answer.is_err() {
        let spellings = match api {
            TokenApi::V1 => client_auth::V1_FIELDS,
            TokenApi::V2 => client_auth::V2_FIELDS,
        };
        note_claimed_client(note, headers, body, spellings);
    }
    answer
}

/// Notes, for a failed request that did not get as far as authenticating, which app it
/// names (if any app has that id, the log files it there).
fn note_claimed_client(
    note: &RequestNote,
    headers: &http::HeaderMap,
    body: &axum::body::Bytes,
    spellings: &[client_auth::Fields],
) {
    let params = params::read(headers, body)
        .ok()
        .or_else(|| params::read_leniently(body));
    if let Some(client_id) = client_auth::claimed_client_id(headers, params.as_ref(), spellings) {
        note.claimed_app(&client_id);
    }
}

/// Authenticates the presented client; it must be active. Failed attempts are counted per
/// (client id, address): the address that keeps failing is slowed down, while the client's
/// owner, elsewhere, is never refused because of someone else's guesses.
async fn authenticate(
    state: &AppState,
    presented: &Presented,
    source: &ClientAddress,
    note: &RequestNote,
) -> Result<crate::db::ClientRow, OAuthError> {
    note.claimed_app(&presented.client_id);
    let failures_key = joined(&[&presented.client_id, &source.key]);
    if let Decision::Limited { retry_after } = state.limiter.peek(Bucket::TokenFailures, &failures_key).await
    {
        return Err(OAuthError::rate_limited(
            "Too many failed attempts for this client from this address.",
            retry_after,
        ));
    }
    let result = state
        .sandbox
        .clients
        .authenticate(&presented.client_id, presented.client_secret.expose_secret())
        .await;
    match result {
        Ok(client) => {
            note.app(&client.id);
            Ok(client)
        }
        Err(error) => {
            if matches!(
                error,
                ClientError::BadCredentials
                    | ClientError::UnknownClient
                    | ClientError::RotatedSecret { .. }
                    | ClientError::Revoked
                    | ClientError::NotFound
                    | ClientError::Suspended
            ) {
                state.limiter.record(Bucket::TokenFailures, &failures_key).await;
            }
            let refused = || {
                OAuthError::invalid_client(
                    "Client authentication failed: check the client id and secret (a rotated secret stops working at once).",
                )
            };
            Err(match error {
                ClientError::BadCredentials => refused().because(Reason::WrongSecret),
                ClientError::UnknownClient | ClientError::NotFound => {
                    refused().because(Reason::UnknownClient)
                }
                ClientError::RotatedSecret { rotated_at } => {
                    refused().because(Reason::RotatedSecret).at(rotated_at)
                }
                ClientError::Revoked => refused().because(Reason::AppRevoked),
                ClientError::Suspended => OAuthError::unauthorized_client(
                    "This client is suspended and may not use the client credentials grant.",
                )
                .because(Reason::AppSuspended),
                ClientError::Store(error) => error.into(),
                other => OAuthError::server_error(&other),
            })
        }
    }
}
