//! The session's console tokens: held on the server, sealed with the portal key, by
//! environment and client, until they expire. The browser only ever has the session cookie.

use crate::crypto::sealing::Sealer;
use app::error::AppError;
use app::ssr::session::PortalSession;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

const SESSION_KEY: &str = "console_tokens";
/// A token this close to expiry is not used any more (seconds).
const EXPIRY_MARGIN_SECS: i64 = 10;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct CachedToken {
    environment_id: String,
    client_id: String,
    sealed: String,
    expires_at: i64,
}

fn owner(environment_id: &str, client_id: &str) -> String {
    format!("console-token:{environment_id}:{client_id}")
}

/// Keeps `token` for the environment and client, replacing any older one.
pub async fn keep(
    session: &PortalSession,
    sealer: &Sealer,
    environment_id: &str,
    client_id: &str,
    token: &SecretString,
    expires_at: i64,
) -> Result<(), AppError> {
    let mut tokens: Vec<CachedToken> = session.get(SESSION_KEY).await?.unwrap_or_default();
    tokens.retain(|t| !(t.environment_id == environment_id && t.client_id == client_id));
    tokens.push(CachedToken {
        environment_id: environment_id.to_owned(),
        client_id: client_id.to_owned(),
        sealed: sealer.seal(token, &owner(environment_id, client_id)),
        expires_at,
    });
    session.insert(SESSION_KEY, tokens).await
}

/// The kept token for the environment and client, if it is still good at `now`.
pub async fn usable(
    session: &PortalSession,
    sealer: &Sealer,
    environment_id: &str,
    client_id: &str,
    now: i64,
) -> Result<Option<SecretString>, AppError> {
    let tokens: Vec<CachedToken> = session.get(SESSION_KEY).await?.unwrap_or_default();
    Ok(tokens
        .iter()
        .find(|t| {
            t.environment_id == environment_id
                && t.client_id == client_id
                && t.expires_at - EXPIRY_MARGIN_SECS > now
        })
        .and_then(|t| sealer.open(&t.sealed, &owner(environment_id, client_id)).ok()))
}
