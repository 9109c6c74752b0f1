//! The one pending sign-in of a session: `state`, `nonce` and the PKCE verifier, sealed,
//! for a few minutes. The callback takes it out whatever it finds, so a `state` works once.

use crate::crypto::sealing::Sealer;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

/// The session key of the pending sign-in.
pub const SESSION_KEY: &str = "console_user_flow";
/// How long a sign-in may take at the provider (seconds).
pub const LIFETIME_SECS: i64 = 600;
const OWNER: &str = "console-user-flow";

/// What the callback needs to finish the flow it started.
#[derive(Serialize, Deserialize)]
pub struct Secrets {
    /// The `state` sent to the provider.
    pub state: String,
    /// The `nonce` the ID token must carry.
    pub nonce: String,
    /// The PKCE code verifier.
    pub verifier: String,
}

/// The pending sign-in as the session keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingFlow {
    sealed: String,
    started_at: i64,
}

/// Why a callback was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No sign-in was started in this session (or it was finished already).
    NonePending,
    /// The sign-in was started too long ago.
    Expired,
    /// The callback carries no `state`, or another one.
    WrongState,
}

impl PendingFlow {
    /// Seals `secrets` for the session, started at `now`.
    pub fn seal(sealer: &Sealer, secrets: &Secrets, now: i64) -> Self {
        let json = serde_json::to_string(secrets).unwrap_or_default();
        Self {
            sealed: sealer.seal(&SecretString::from(json), OWNER),
            started_at: now,
        }
    }
}

/// The secrets of `pending` when `presented` is its `state` and it is still fresh at `now`.
pub fn check(
    sealer: &Sealer,
    pending: Option<PendingFlow>,
    presented: Option<&str>,
    now: i64,
) -> Result<Secrets, Refusal> {
    let pending = pending.ok_or(Refusal::NonePending)?;
    if now - pending.started_at > LIFETIME_SECS || now < pending.started_at {
        return Err(Refusal::Expired);
    }
    let opened = sealer
        .open(&pending.sealed, OWNER)
        .map_err(|_| Refusal::NonePending)?;
    let secrets: Secrets = serde_json::from_str(opened.expose_secret()).map_err(|_| Refusal::NonePending)?;
    let presented = presented
        .filter(|state| !state.is_empty())
        .ok_or(Refusal::WrongState)?;
    if bool::from(presented.as_bytes().ct_eq(secrets.state.as_bytes())) {
        Ok(secrets)
    } else {
        Err(Refusal::WrongState)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::PortalKey;

    fn sealer() -> Sealer {
        Sealer::new(&PortalKey::from_bytes([7; 32]))
    }

    fn flow(sealer: &Sealer, now: i64) -> PendingFlow {
        let secrets = Secrets {
            state: "the-state".into(),
            nonce: "the-nonce".into(),
            verifier: "the-verifier".into(),
        };
        PendingFlow::seal(sealer, &secrets, now)
    }

    #[test]
    fn the_matching_state_opens_the_pending_flow() {
        let sealer = sealer();
        let secrets = check(&sealer, Some(flow(&sealer, 100)), Some("the-state"), 160)
            .unwrap_or_else(|refusal| panic!("refused: {refusal:?}"));
        assert_eq!(
            (secrets.nonce.as_str(), secrets.verifier.as_str()),
            ("the-nonce", "the-verifier")
        );
    }

    #[test]
    fn another_or_a_missing_state_is_refused() {
        let sealer = sealer();
        for presented in [Some("other"), Some(""), None] {
            let refused = check(&sealer, Some(flow(&sealer, 100)), presented, 160).err();
            assert_eq!(refused, Some(Refusal::WrongState), "{presented:?}");
        }
    }

    #[test]
    fn no_pending_flow_is_refused_so_a_state_works_once() {
        let refused = check(&sealer(), None, Some("the-state"), 160).err();
        assert_eq!(refused, Some(Refusal::NonePending));
    }

    #[test]
    fn a_stale_flow_is_refused() {
        let sealer = sealer();
        let refused = check(
            &sealer,
            Some(flow(&sealer, 100)),
            Some("the-state"),
            100 + LIFETIME_SECS + 1,
        )
        .err();
        assert_eq!(refused, Some(Refusal::Expired));
    }

    #[test]
    fn the_sealed_flow_never_shows_its_secrets() {
        let sealer = sealer();
        let json = serde_json::to_string(&flow(&sealer, 100)).unwrap_or_default();
        for secret in ["the-state", "the-nonce", "the-verifier"] {
            assert!(!json.contains(secret), "{json}");
        }
    }
}
