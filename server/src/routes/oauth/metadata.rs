//! `GET /.well-known/oauth-authorization-server` (RFC 8414) and `GET /.well-known/jwks.json`.

use super::{INTROSPECTION_PATH, REVOCATION_PATH, TOKEN_PATH};
use crate::oauth::scopes;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

/// The authorization server's metadata.
#[utoipa::path(
    get,
    path = "/.well-known/oauth-authorization-server",
    tag = "Authorization",
    summary = "Authorization server metadata (RFC 8414)",
    responses((status = 200, description = "The metadata.", body = Object, example = json!({
        "issuer": "http://127.0.0.1:3000",
        "token_endpoint": "http://127.0.0.1:3000/apip/auth/v2/token",
        "grant_types_supported": ["client_credentials"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"]
    })))
)]
pub async fn authorization_server_metadata(State(state): State<AppState>) -> Json<Value> {
    let issuer = &state.public_url;
    let auth_methods = ["client_secret_basic", "client_secret_post"];
    Json(json!({
        "issuer": issuer,
        "token_endpoint": format!("{issuer}{TOKEN_PATH}"),
        "introspection_endpoint": format!("{issuer}{INTROSPECTION_PATH}"),
        "revocation_endpoint": format!("{issuer}{REVOCATION_PATH}"),
        "jwks_uri": format!("{issuer}/.well-known/jwks.json"),
        "grant_types_supported": ["client_credentials"],
        "response_types_supported": [],
        "scopes_supported": scopes::ALL,
        "token_endpoint_auth_methods_supported": auth_methods,
        "introspection_endpoint_auth_methods_supported": auth_methods,
        "revocation_endpoint_auth_methods_supported": auth_methods,
        "service_documentation": format!("{issuer}/docs/token-request-and-response"),
    }))
}

/// The public key that signs access tokens.
#[utoipa::path(
    get,
    path = "/.well-known/jwks.json",
    tag = "Authorization",
    summary = "The token signing key (JWK Set, RFC 7517)",
    responses((status = 200, description = "The key set.", body = Object, example = json!({
        "keys": [{"kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "use": "sig", "kid": "1a2b3c4d5e6f7a8b", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]
    })))
)]
pub async fn json_web_key_set(State(state): State<AppState>) -> Json<Value> {
    Json(state.sandbox.tokens.jwks())
}
