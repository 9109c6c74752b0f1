//! The wire shapes of the OAuth endpoints, for `/openapi.json`. The handlers build their answers
//! with these types, so the document and the behaviour cannot drift apart.

use serde::Serialize;
use utoipa::ToSchema;

/// A v2 token request (`application/x-www-form-urlencoded`, or the same fields as JSON).
#[derive(ToSchema)]
#[allow(dead_code, reason = "documents the form fields the handler reads by name")]
pub struct TokenRequest {
    /// Always `client_credentials`.
    #[schema(example = "client_credentials")]
    grant_type: String,
    /// Space-separated scopes; omit for all of the client's scopes.
    #[schema(example = "claims.attachments.read claims.attachments.write")]
    scope: Option<String>,
    /// For `client_secret_post` only (omit with HTTP Basic).
    #[schema(example = "mnc_yourClientId")]
    client_id: Option<String>,
    /// For `client_secret_post` only (omit with HTTP Basic).
    #[schema(example = "mns_yourClientSecret")]
    client_secret: Option<String>,
}

/// A successful v2 token response (RFC 6749 §5.1).
#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    /// The bearer token for the sandbox APIs.
    pub access_token: String,
    /// Always `Bearer`.
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    /// Seconds until the token expires.
    #[schema(example = 3600)]
    pub expires_in: i64,
    /// The scopes granted, space-separated.
    #[schema(example = "claims.attachments.read claims.attachments.write")]
    pub scope: String,
}

/// A legacy v1 token request (JSON, or the same fields as a form).
#[derive(ToSchema)]
#[allow(dead_code, reason = "documents the fields the handler reads by name")]
#[schema(rename_all = "camelCase")]
pub struct LegacyTokenRequest {
    /// The client id (MN-ClientId).
    #[schema(example = "mnc_yourClientId")]
    client_id: String,
    /// The client secret (MN-ClientSecret).
    #[schema(example = "mns_yourClientSecret")]
    client_secret: String,
}

/// A successful v1 token response: camelCase, and no `access_token` key.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LegacyTokenResponse {
    /// The bearer token for the sandbox APIs.
    pub access_token: String,
    /// Always `Bearer`.
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    /// Seconds until the token expires.
    #[schema(example = 3600)]
    pub expires_in: i64,
}

/// An error answer (RFC 6749 §5.2).
#[derive(Serialize, ToSchema)]
#[allow(dead_code, reason = "built by OAuthError; listed here for the document")]
pub struct OAuthErrorBody {
    /// `invalid_request`, `invalid_client`, `unauthorized_client`, `unsupported_grant_type`,
    /// `invalid_scope`, `temporarily_unavailable` or `server_error`.
    #[schema(example = "invalid_client")]
    error: String,
    /// What went wrong, in words.
    #[schema(
        example = "Client authentication failed: check the client id and secret (a rotated secret stops working at once)."
    )]
    error_description: String,
}

/// An introspection or revocation request: the token, and client authentication.
#[derive(ToSchema)]
#[allow(dead_code, reason = "documents the form fields the handler reads by name")]
pub struct TokenParameter {
    /// The access token.
    token: String,
    /// Ignored: every token is an access token.
    #[schema(example = "access_token")]
    token_type_hint: Option<String>,
    /// For `client_secret_post` only.
    client_id: Option<String>,
    /// For `client_secret_post` only.
    client_secret: Option<String>,
}

/// An introspection answer (RFC 7662 §2.2); only `active` when the token is not active.
#[derive(Serialize, ToSchema, Default)]
pub struct IntrospectionResponse {
    /// Whether the token may be used now.
    pub active: bool,
    /// The client it was issued to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Its scopes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Always `Bearer`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_type: Option<&'static str>,
    /// Expiry, seconds since the epoch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exp: Option<i64>,
    /// Issue time, seconds since the epoch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iat: Option<i64>,
    /// The subject (the client id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    /// The audience.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aud: Option<String>,
    /// The issuer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    /// The token's unique id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jti: Option<String>,
}
