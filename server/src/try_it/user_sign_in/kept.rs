//! The session's user tokens from the CIAM: access, refresh and ID token, each sealed with
//! the portal key. The page sees only [`app::ssr::console::UserSignIn`] (claims, never tokens).

use crate::crypto::sealing::Sealer;
use app::error::AppError;
use app::ssr::session::PortalSession;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

const SESSION_KEY: &str = "console_user_tokens";
/// An access token this close to expiry is renewed first (seconds).
pub const EXPIRY_MARGIN_SECS: i64 = 10;

/// The user's tokens, as they are kept.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct KeptTokens {
    access: String,
    #[serde(default)]
    refresh: Option<String>,
    id_token: String,
    expires_at: i64,
}

/// The user's tokens, opened for one use.
pub struct UserTokens {
    /// The access token.
    pub access: SecretString,
    /// The refresh token, if the provider gave one.
    pub refresh: Option<SecretString>,
    /// The ID token (for `id_token_hint` at sign-out).
    pub id_token: SecretString,
    /// When the access token expires (seconds since the epoch).
    pub expires_at: i64,
}

impl UserTokens {
    /// Whether the access token is still good at `now`.
    pub fn fresh(&self, now: i64) -> bool {
        self.expires_at - EXPIRY_MARGIN_SECS > now
    }
}

/// Keeps `tokens`, replacing any older ones.
pub async fn keep(session: &PortalSession, sealer: &Sealer, tokens: &UserTokens) -> Result<(), AppError> {
    let kept = KeptTokens {
        access: sealer.seal(&tokens.access, "console-user:access"),
        refresh: tokens
            .refresh
            .as_ref()
            .map(|refresh| sealer.seal(refresh, "console-user:refresh")),
        id_token: sealer.seal(&tokens.id_token, "console-user:id"),
        expires_at: tokens.expires_at,
    };
    session.insert(SESSION_KEY, kept).await
}

/// The kept tokens, if there are any and they open.
pub async fn open(session: &PortalSession, sealer: &Sealer) -> Result<Option<UserTokens>, AppError> {
    let Some(kept) = session.get::<KeptTokens>(SESSION_KEY).await? else {
        return Ok(None);
    };
    let (Ok(access), Ok(id_token)) = (
        sealer.open(&kept.access, "console-user:access"),
        sealer.open(&kept.id_token, "console-user:id"),
    ) else {
        return Ok(None);
    };
    Ok(Some(UserTokens {
        access,
        refresh: kept
            .refresh
            .and_then(|refresh| sealer.open(&refresh, "console-user:refresh").ok()),
        id_token,
        expires_at: kept.expires_at,
    }))
}

/// Forgets the tokens (and returns them, for the sign-out's `id_token_hint`).
pub async fn forget(session: &PortalSession, sealer: &Sealer) -> Result<Option<UserTokens>, AppError> {
    let tokens = open(session, sealer).await?;
    session.remove::<KeptTokens>(SESSION_KEY).await?;
    Ok(tokens)
}
