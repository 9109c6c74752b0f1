//! The embedded sandbox's OAuth 2.0 client-credentials authorization server, independent of
//! HTTP: clients and their secrets, scopes, and signed tokens (`Sandbox` holds them with the
//! store). Its HTTP endpoints are in `routes::oauth`.

pub mod clients;
pub mod scopes;
pub mod tokens;

use crate::clock::SharedClock;
use crate::crypto::PortalKey;
use crate::crypto::sealing::Sealer;
use crate::crypto::secret_hash::SecretHasher;
use crate::db::{Database, StoreError};
use clients::ClientRegistry;
use tokens::{TokenClaims, TokenError, TokenService};

/// Why a bearer token does not give access.
#[derive(Debug, thiserror::Error)]
pub enum AccessError {
    /// Garbled, forged or foreign.
    #[error("The access token is not valid.")]
    Invalid,
    /// Past its expiry.
    #[error("The access token has expired.")]
    Expired,
    /// Revoked, or its client was revoked or suspended.
    #[error("The access token has been revoked.")]
    Revoked,
    /// Issued before the client's secret was rotated.
    #[error(
        "The access token was issued before the client's secret was rotated: request a new one with the new secret."
    )]
    Rotated,
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
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
        Self {
            db,
            clients,
            tokens,
            clock,
        }
    }

    /// The claims of a token that may be used right now: genuine, unexpired, not revoked,
    /// and its client still active.
    pub async fn authorize(&self, token: &str) -> Result<TokenClaims, AccessError> {
        let claims = self.tokens.verify(token).map_err(|error| match error {
            TokenError::Invalid => AccessError::Invalid,
            TokenError::Expired => AccessError::Expired,
        })?;
        match self.db.token_standing(&claims.client_id, &claims.jti).await? {
            Some(standing) if standing.status == "active" && !standing.revoked => {
                if standing.secret_version == claims.ver {
                    Ok(claims)
                } else {
                    Err(AccessError::Rotated)
                }
            }
            _ => Err(AccessError::Revoked),
        }
    }

    /// RFC 7662: the claims of `token` if it is active and was issued to `client_id`.
    pub async fn introspect(&self, token: &str, client_id: &str) -> Result<Option<TokenClaims>, StoreError> {
        match self.authorize(token).await {
            Ok(claims) if claims.client_id == client_id => Ok(Some(claims)),
            Ok(_)
            | Err(
                AccessError::Invalid | AccessError::Expired | AccessError::Revoked | AccessError::Rotated,
            ) => Ok(None),
            Err(AccessError::Store(error)) => Err(error),
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
