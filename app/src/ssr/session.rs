//! The typed session: who is signed in, the CSRF token, and one-time flash messages, over
//! tower-sessions. The only code that knows the session's keys.

use crate::error::AppError;
use crate::model::account::{SignInValues, SignUpValues};
use crate::model::forms::FormErrors;
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

const ACCOUNT: &str = "account";
const CSRF: &str = "csrf";
const FLASH: &str = "flash";
const SEEN: &str = "seen";

/// How often a signed-in person's activity is written back, pushing the session's inactivity
/// expiry out again (seconds). Between two writes, pages only read the session.
pub const ACTIVITY_WRITE_INTERVAL_SECS: i64 = 5 * 60;

/// How long a sign-in lasts at most, whatever the activity (seconds).
pub const ABSOLUTE_LIFETIME_SECS: i64 = 7 * 24 * 3600;

/// The signed-in account, as the session remembers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionAccount {
    /// The account id.
    pub id: String,
    /// The person's name.
    pub name: String,
    /// Their e-mail address.
    pub email: String,
    /// When they signed in (seconds since the epoch).
    pub signed_in_at: i64,
}

/// A one-time message for the next page, set by a form submitted without JavaScript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Flash {
    /// The sign-up form came back with problems.
    SignUp {
        /// What was entered (never the password).
        values: SignUpValues,
        /// What is wrong.
        errors: FormErrors,
    },
    /// The sign-in form came back with problems.
    SignIn {
        /// What was entered (never the password).
        values: SignInValues,
        /// What is wrong.
        errors: FormErrors,
    },
    /// An app action on /sandbox finished.
    Apps {
        /// What happened, in words.
        message: Option<String>,
        /// What went wrong.
        errors: FormErrors,
        /// Credentials to show once (sealed by the server while in the session).
        sealed_credentials: Option<SealedCredentials>,
    },
}

/// New credentials while they wait in the session for the page that shows them: the secret is
/// encrypted with the portal key, so the session store never holds it in the clear.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedCredentials {
    /// The app's name.
    pub app_name: String,
    /// The client id.
    pub client_id: String,
    /// The sealed secret.
    pub sealed_secret: String,
}

/// The session of the current request.
#[derive(Clone)]
pub struct PortalSession(Session);

fn store_error(error: tower_sessions::session::Error) -> AppError {
    leptos::logging::error!("session store failed: {error}");
    AppError::Unavailable("Your session could not be read. Please try again in a moment.".into())
}

impl PortalSession {
    /// Wraps a session (the server's middleware uses this directly).
    pub fn new(session: Session) -> Self {
        Self(session)
    }

    /// The session of the request being handled.
    pub fn current() -> Result<Self, AppError> {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Session>().cloned())
            .map(Self)
            .ok_or(AppError::Internal)
    }

    /// The signed-in account, if any and not past its absolute lifetime. Counts as activity:
    /// now and then (see [`ACTIVITY_WRITE_INTERVAL_SECS`]) the session is saved again, which
    /// restarts its inactivity expiry.
    pub async fn account(&self, now: i64) -> Result<Option<SessionAccount>, AppError> {
        let account: Option<SessionAccount> = self.0.get(ACCOUNT).await.map_err(store_error)?;
        match account {
            Some(account) if now - account.signed_in_at > ABSOLUTE_LIFETIME_SECS => {
                self.0.flush().await.map_err(store_error)?;
                Ok(None)
            }
            Some(account) => {
                let seen: Option<i64> = self.0.get(SEEN).await.map_err(store_error)?;
                if seen.is_none_or(|seen| now - seen >= ACTIVITY_WRITE_INTERVAL_SECS) {
                    self.0.insert(SEEN, now).await.map_err(store_error)?;
                }
                Ok(Some(account))
            }
            None => Ok(None),
        }
    }

    /// The signed-in account, or `Unauthorized`.
    pub async fn require_account(&self, now: i64) -> Result<SessionAccount, AppError> {
        self.account(now)
            .await?
            .ok_or_else(|| AppError::Unauthorized("Please sign in first.".into()))
    }

    /// Signs `account` in, with a new session id (against session fixation) and a new CSRF token.
    pub async fn sign_in(&self, account: SessionAccount) -> Result<(), AppError> {
        self.0.cycle_id().await.map_err(store_error)?;
        self.0
            .insert(SEEN, account.signed_in_at)
            .await
            .map_err(store_error)?;
        self.0.insert(ACCOUNT, account).await.map_err(store_error)?;
        self.0.insert(CSRF, new_csrf_token()).await.map_err(store_error)?;
        Ok(())
    }

    /// Gives the session a new id, keeping its data: after another sign-in that raises what
    /// the session holds (the console's CIAM sign-in), against session fixation.
    pub async fn renew_id(&self) -> Result<(), AppError> {
        self.0.cycle_id().await.map_err(store_error)
    }

    /// Signs out: the session and its cookie are cleared.
    pub async fn sign_out(&self) -> Result<(), AppError> {
        self.0.flush().await.map_err(store_error)
    }

    /// The CSRF token, created if the session has none yet.
    pub async fn csrf_token(&self) -> Result<String, AppError> {
        if let Some(token) = self.0.get::<String>(CSRF).await.map_err(store_error)? {
            return Ok(token);
        }
        let token = new_csrf_token();
        self.0.insert(CSRF, &token).await.map_err(store_error)?;
        Ok(token)
    }

    /// The CSRF token as a page carries it: masked with a fresh random pad for every response,
    /// so compressed pages never repeat it next to reflected text (BREACH).
    pub async fn masked_csrf_token(&self) -> Result<String, AppError> {
        let token = self.csrf_token().await?;
        Ok(mask(&token))
    }

    /// Whether `presented` is this session's CSRF token, masked (compared in constant time).
    pub async fn csrf_matches(&self, presented: &str) -> Result<bool, AppError> {
        let expected: Option<String> = self.0.get(CSRF).await.map_err(store_error)?;
        Ok(expected.is_some_and(|expected| {
            unmask(presented).is_some_and(|token| constant_time_eq(expected.as_bytes(), token.as_bytes()))
        }))
    }

    /// Leaves a one-time message for the next page.
    pub async fn set_flash(&self, flash: Flash) -> Result<(), AppError> {
        self.0.insert(FLASH, flash).await.map_err(store_error)
    }

    /// Takes the one-time message, if any (it is gone afterwards).
    pub async fn take_flash(&self) -> Result<Option<Flash>, AppError> {
        // Removing marks the session for saving: only do it when there is something to take.
        let flash: Option<Flash> = self.0.get(FLASH).await.map_err(store_error)?;
        if flash.is_some() {
            self.0.remove::<Flash>(FLASH).await.map_err(store_error)?;
        }
        Ok(flash)
    }

    /// Keeps a value of another feature (the console) under `key`.
    pub async fn insert<T: Serialize>(&self, key: &str, value: T) -> Result<(), AppError> {
        self.0.insert(key, value).await.map_err(store_error)
    }

    /// Reads a value of another feature.
    pub async fn get<T: serde::de::DeserializeOwned>(&self, key: &str) -> Result<Option<T>, AppError> {
        self.0.get(key).await.map_err(store_error)
    }

    /// Removes a value of another feature.
    pub async fn remove<T: serde::de::DeserializeOwned>(&self, key: &str) -> Result<Option<T>, AppError> {
        self.0.remove(key).await.map_err(store_error)
    }
}

fn new_csrf_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    to_hex(&bytes)
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(&text[at..at + 2], 16).ok())
        .collect()
}

/// `pad ‖ (token ⊕ pad)` in hex, with a fresh random pad.
fn mask(token: &str) -> String {
    use rand::RngCore;
    let token = token.as_bytes();
    let mut pad = vec![0u8; token.len()];
    rand::rng().fill_bytes(&mut pad);
    let masked: Vec<u8> = token.iter().zip(&pad).map(|(t, p)| t ^ p).collect();
    format!("{}{}", to_hex(&pad), to_hex(&masked))
}

/// The token a masked value carries.
fn unmask(masked: &str) -> Option<String> {
    let bytes = from_hex(masked)?;
    let (pad, token) = bytes.split_at(bytes.len() / 2);
    if pad.len() != token.len() || pad.is_empty() {
        return None;
    }
    String::from_utf8(token.iter().zip(pad).map(|(t, p)| t ^ p).collect()).ok()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masked_tokens_differ_every_time_and_unmask_to_the_token() {
        let token = new_csrf_token();
        let (first, second) = (mask(&token), mask(&token));
        assert_ne!(first, second);
        assert_eq!(unmask(&first).as_deref(), Some(token.as_str()));
        assert_eq!(unmask(&second).as_deref(), Some(token.as_str()));
        assert!(!first.contains(&token));
    }

    #[test]
    fn malformed_masks_unmask_to_nothing() {
        for bad in ["", "abc", "zz", "0", "é€"] {
            assert_eq!(unmask(bad), None, "{bad}");
        }
    }
}
