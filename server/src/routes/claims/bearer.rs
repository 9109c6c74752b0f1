//! The bearer-token guard of the sandbox APIs (RFC 6750 §2.1): extracts `Authorization: Bearer`,
//! checks the token — by its `iss`, with the configured CIAM or else with the platform
//! authorization server — counts the call against its client's rate limit, and hands the
//! handler the caller.

use super::error::ApiError;
use crate::oauth::AccessError;
use crate::rate_limit::{Bucket, Decision};
use crate::request_log::layer::RequestNote;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use http::header;
use http::request::Parts;

/// The prefix of the client key of a CIAM token (so it never collides with a sandbox app id).
pub const CIAM_CLIENT_PREFIX: &str = "ciam:";

/// Who is calling, whichever identity provider issued the token.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The key the sandbox keeps data under: the sandbox app's id, or `ciam:<azp>`.
    pub client_id: String,
    /// The granted scopes, space-separated.
    pub scope: String,
    /// The acting user (`sub` of a CIAM user token), if there is one.
    pub user: Option<String>,
}

impl Caller {
    fn has_scope(&self, scope: &str) -> bool {
        self.scope.split(' ').any(|granted| granted == scope)
    }
}

/// The caller of a request with a valid bearer token.
pub struct Bearer(pub Caller);

impl Bearer {
    /// The caller, if the token grants `scope`.
    pub fn require(self, scope: &'static str) -> Result<Caller, ApiError> {
        if self.0.has_scope(scope) {
            Ok(self.0)
        } else {
            Err(ApiError::InsufficientScope(scope))
        }
    }
}

impl FromRequestParts<AppState> for Bearer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let mut values = parts.headers.get_all(header::AUTHORIZATION).iter();
        let value = values.next().ok_or(ApiError::MissingToken)?;
        if values.next().is_some() {
            return Err(ApiError::MalformedAuthorization);
        }
        let value = value.to_str().map_err(|_| ApiError::MalformedAuthorization)?;
        let (scheme, token) = value.split_once(' ').ok_or(ApiError::MalformedAuthorization)?;
        if !scheme.eq_ignore_ascii_case("bearer") {
            return Err(ApiError::MissingToken);
        }
        let token = token.trim();
        if token.is_empty() || !token.bytes().all(is_token68) {
            return Err(ApiError::InvalidToken("The access token is malformed.".into()));
        }
        let note = RequestNote::of(parts);
        let caller = match &state.ciam {
            // CIAM tokens belong to no sandbox app: the request log does not file them.
            Some(ciam) if crate::ciam::unverified_issuer(token).as_deref() == Some(ciam.issuer()) => {
                let claims = ciam.verify(token).await.map_err(ApiError::CiamRefused)?;
                Caller {
                    client_id: format!("{CIAM_CLIENT_PREFIX}{}", claims.client),
                    scope: claims.scope,
                    user: claims.user,
                }
            }
            _ => {
                let claims = match state.sandbox.authorize(token).await {
                    Ok(claims) => claims,
                    Err(AccessError::Store(error)) => return Err(error.into()),
                    Err(refusal) => {
                        // A genuine token names its app and itself, even when it is refused
                        // (the log checks the app exists: a foreign issuer's client may not).
                        if let Some(claims) = refusal.claims() {
                            note.claimed_app(&claims.client_id);
                            note.token(&claims.jti);
                        }
                        return Err(ApiError::Refused(refusal));
                    }
                };
                note.app(&claims.client_id);
                note.token(&claims.jti);
                Caller {
                    client_id: claims.client_id,
                    scope: claims.scope,
                    user: None,
                }
            }
        };
        // Every call of a client counts, whichever operation and token it uses.
        match state.limiter.check(Bucket::ClaimsClient, &caller.client_id).await {
            Decision::Allowed => Ok(Self(caller)),
            Decision::Limited { retry_after } => Err(ApiError::RateLimited { retry_after }),
        }
    }
}

/// RFC 6750's `b64token` characters.
fn is_token68(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"-._~+/=".contains(&byte)
}
