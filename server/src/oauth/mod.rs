//! The embedded sandbox's OAuth 2.0 client-credentials authorization server, independent of
//! HTTP: clients and their secrets, scopes, and signed tokens (`Sandbox` holds them with the
//! store). Its HTTP endpoints are in `routes::oauth`.

pub mod clients;
pub mod inspect;
pub mod scopes;
pub mod tokens;

use crate::clock::SharedClock;
use crate::crypto::PortalKey;
use crate::crypto::sealing::Sealer;
use crate::crypto::secret_hash::SecretHasher;
use crate::db::{Database, StoreError};
use crate::request_log::{RequestLog, RequestLogSettings};
use clients::ClientRegistry;
use std::sync::Arc;
use tokens::{Check, TokenClaims, TokenService};

/// Why a bearer token does not give access. The caller is told only invalid, expired,
/// revoked or rotated; the request log is told precisely, with the claims of a genuine token
/// so the refusal is filed under its app.
#[derive(Debug, thiserror::Error)]
pub enum AccessError {
    /// Not a JWT of this sandbox's shape.
    #[error("The access token is not valid.")]
    Malformed,
    /// Not signed by this sandbox's key.
    #[error("The access token is not valid.")]
    BadSignature,
    /// Genuine, but for another issuer.
    #[error("The access token is not valid.")]
    ForeignIssuer(Box<TokenClaims>),
    /// Genuine, but for another audience.
    #[error("The access token is not valid.")]
    WrongAudience(Box<TokenClaims>),
    /// Past its expiry.
    #[error("The access token has expired.")]
    Expired(Box<TokenClaims>),
    /// Revoked on its own.
    #[error("The access token has been revoked.")]
    Revoked(Box<TokenClaims>),
    /// Its client was revoked (or no longer exists).
    #[error("The access token has been revoked.")]
    AppRevoked(Box<TokenClaims>),
    /// Its client is suspended.
    #[error("The access token has been revoked.")]
    AppSuspended(Box<TokenClaims>),
    /// Issued before the client's secret was rotated (at `rotated_at`).
    #[error(
        "The access token was issued before the client's secret was rotated: request a new one with the new secret."
    )]
    Rotated {
        /// The token's claims.
        claims: Box<TokenClaims>,
        /// When the secret was rotated.
        rotated_at: Option<i64>,
    },
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl AccessError {
    /// The claims of the genuine token refused, if it was genuine.
    pub fn claims(&self) -> Option<&TokenClaims> {
        match self {
            Self::ForeignIssuer(claims)
            | Self::WrongAudience(claims)
            | Self::Expired(claims)
            | Self::Revoked(claims)
            | Self::AppRevoked(claims)
            | Self::AppSuspended(claims)
            | Self::Rotated { claims, .. } => Some(claims),
            Self::Malformed | Self::BadSignature | Self::Store(_) => None,
        }
    }
}

/// The sandbox's services, shared by the HTTP routes, the CLI and the console.
pub struct Sandbox {
    /// Storage.
    pub db: Database,
    /// The clients.
    pub clients: ClientRegistry,
    /// Token signing and checking.
    pub tokens: TokenService,
    /// The time.
    pub clock: SharedClock,
    /// What was asked of the sandbox, and why it answered as it did.
    pub requests: Arc<RequestLog>,
}

impl Sandbox {
    /// Builds the sandbox over `db`, with secrets derived from `key`.
    pub fn new(
        db: Database,
        key: &PortalKey,
        issuer: String,
        token_lifetime: i64,
        clock: SharedClock,
    ) -> Self {
        let clients = ClientRegistry::new(
            db.clone(),
            SecretHasher::new(key),
            Sealer::new(key),
            clock.clone(),
        );
        let tokens = TokenService::new(key, issuer, token_lifetime, clock.clone());
        let requests = Arc::new(RequestLog::new(
            db.clone(),
            clock.clone(),
            RequestLogSettings::default(),
        ));
        Self {
            db,
            clients,
            tokens,
            clock,
            requests,
        }
    }

    /// The sandbox with its request log kept as `settings` say.
    #[must_use]
    pub fn with_request_log(mut self, settings: RequestLogSettings) -> Self {
        self.requests = Arc::new(RequestLog::new(self.db.clone(), self.clock.clone(), settings));
        self
    }

    /// The claims of a token that may be used right now: genuine, unexpired, not revoked,
    /// and its client still active.
    pub async fn authorize(&self, token: &str) -> Result<TokenClaims, AccessError> {
        let claims = match self.tokens.check(token) {
            Check::Valid(claims) => claims,
            Check::Expired(claims) => return Err(AccessError::Expired(Box::new(claims))),
            Check::Malformed => return Err(AccessError::Malformed),
            Check::BadSignature => return Err(AccessError::BadSignature),
            Check::ForeignIssuer(claims) => return Err(AccessError::ForeignIssuer(Box::new(claims))),
            Check::WrongAudience(claims) => return Err(AccessError::WrongAudience(Box::new(claims))),
        };
        self.standing(claims).await
    }

    /// Whether a genuine token's claims still stand in the store: not revoked, issued under
    /// the client's current secret, and the client active (the part of [`Sandbox::authorize`]
    /// after the signature and expiry; the token inspector asks it of expired tokens too).
    pub async fn standing(&self, claims: TokenClaims) -> Result<TokenClaims, AccessError> {
        let Some(standing) = self.db.token_standing(&claims.client_id, &claims.jti).await? else {
            return Err(AccessError::AppRevoked(Box::new(claims)));
        };
        match standing.status.as_str() {
            "active" => {}
            "suspended" => return Err(AccessError::AppSuspended(Box::new(claims))),
            _ => return Err(AccessError::AppRevoked(Box::new(claims))),
        }
        if standing.secret_version != claims.ver {
            return Err(AccessError::Rotated {
                claims: Box::new(claims),
                rotated_at: standing.secret_rotated_at,
            });
        }
        if standing.revoked {
            return Err(AccessError::Revoked(Box::new(claims)));
        }
        Ok(claims)
    }

    /// RFC 7662: the claims of `token` if it is active and was issued to `client_id`.
    pub async fn introspect(&self, token: &str, client_id: &str) -> Result<Option<TokenClaims>, StoreError> {
        match self.authorize(token).await {
            Ok(claims) if claims.client_id == client_id => Ok(Some(claims)),
            Err(AccessError::Store(error)) => Err(error),
            Ok(_) | Err(_) => Ok(None),
        }
    }

    /// RFC 7009: revokes `token` if it is genuine and was issued to `client_id`; anything
    /// else is silently ignored, as the RFC asks.
    pub async fn revoke_token(&self, token: &str, client_id: &str) -> Result<(), StoreError> {
        if let Ok(claims) = self.tokens.verify(token)
            && claims.client_id == client_id
        {
            self.db.revoke_token(&claims.jti, client_id, claims.exp).await?;
        }
        Ok(())
    }
}
