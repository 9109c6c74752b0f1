//! Passwords: the rules a new one must meet, and argon2id hashing — off the async runtime, and
//! at most [`MAX_CONCURRENT_HASHES`] at a time, so a flood of sign-ins costs a bounded amount of
//! CPU and memory (19 MiB per hash) instead of one blocking thread each.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use std::sync::LazyLock;
use std::time::Duration;
use tokio::sync::Semaphore;

/// Password hashes computed at once, at most (one per core of a small machine).
pub const MAX_CONCURRENT_HASHES: usize = 2;
/// How long a sign-in or sign-up waits for its turn before it is told to retry.
const HASHING_WAIT: Duration = Duration::from_secs(10);
static HASHING: Semaphore = Semaphore::const_new(MAX_CONCURRENT_HASHES);

/// Why a password could not be hashed or checked.
#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    /// Too many hashes are being computed: retry in a moment.
    #[error("the portal is busy checking passwords")]
    Busy,
    /// Hashing itself failed.
    #[error("password hashing failed: {0}")]
    Failed(String),
}

/// Runs `work` on a blocking thread once a hashing slot is free.
async fn hashing<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, PasswordError> {
    let _permit = tokio::time::timeout(HASHING_WAIT, HASHING.acquire())
        .await
        .map_err(|_| PasswordError::Busy)?
        .map_err(|_| PasswordError::Busy)?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|error| PasswordError::Failed(error.to_string()))
}

/// The fewest characters a password may have.
pub const MIN_CHARS: usize = 12;
/// The most characters a password may have (argon2 input stays bounded).
pub const MAX_CHARS: usize = 128;

static COMMON: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    include_str!("common_passwords.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
});

/// What is wrong with a new password, if anything.
pub fn problem(password: &str, email: &str) -> Option<&'static str> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Some("Use at least 12 characters.");
    }
    if chars > MAX_CHARS {
        return Some("Use at most 128 characters.");
    }
    let lower = password.to_lowercase();
    let email = email.trim().to_lowercase();
    let local = email.split('@').next().unwrap_or_default();
    if !email.is_empty() && (lower.contains(&email) || (local.chars().count() >= 4 && lower.contains(local)))
    {
        return Some("Do not use your e-mail address in your password.");
    }
    let first = lower.chars().next();
    if COMMON.contains(&lower.as_str()) || lower.chars().all(|c| Some(c) == first) {
        return Some("This password is too common: choose one that is harder to guess.");
    }
    None
}

/// Hashes a password with argon2id (default parameters: 19 MiB, 2 passes).
pub async fn hash(password: String) -> Result<String, PasswordError> {
    hashing(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|error| PasswordError::Failed(error.to_string()))
    })
    .await?
}

/// Whether `password` matches the PHC string `hash`.
pub async fn verify(password: String, hash: String) -> Result<bool, PasswordError> {
    hashing(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
}

/// A real hash of a random password nobody knows, verified against when an e-mail address is
/// unknown, so an unknown address and a wrong password take the same time. A constant (with
/// the same parameters as every stored hash, which a test checks) rather than one computed at
/// start-up: computing it would keep Argon2's 19 MiB working memory in the process from the
/// first second.
pub const DECOY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$plj8d8rW3rt5DYYMIuo/1A$XwdXafuYzc6WwMNfhbsL9BcnS63RdyoaX7b+9U4JLCI";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_decoy_costs_what_a_stored_hash_costs() {
        let decoy = PasswordHash::new(DECOY_HASH).expect("a PHC string");
        let decoy_params = argon2::Params::try_from(&decoy).expect("argon2 parameters");
        assert_eq!(decoy.algorithm, argon2::Algorithm::Argon2id.ident());
        let stored = Argon2::default().params().clone();
        let cost = |params: &argon2::Params| (params.m_cost(), params.t_cost(), params.p_cost());
        assert_eq!(
            cost(&decoy_params),
            cost(&stored),
            "the same cost as Argon2::default()"
        );
        assert_eq!(
            decoy_params.output_len(),
            Some(32),
            "a 32-byte hash, as stored ones"
        );
    }

    #[test]
    fn short_common_repetitive_and_email_passwords_are_refused() {
        assert_eq!(problem("short", "a@b.c"), Some("Use at least 12 characters."));
        assert_eq!(
            problem(&"x".repeat(129), "a@b.c"),
            Some("Use at most 128 characters.")
        );
        assert!(problem("Password1234", "a@b.c").is_some_and(|p| p.contains("too common")));
        assert!(problem("zzzzzzzzzzzzzz", "a@b.c").is_some_and(|p| p.contains("too common")));
        assert!(problem("jane.doe-secret!", "Jane.Doe@example.com").is_some_and(|p| p.contains("e-mail")));
        assert_eq!(problem("correct horse battery", "jane@example.com"), None);
    }

    #[tokio::test]
    async fn hashes_verify_only_the_right_password_and_hold_no_plaintext() {
        let hash = hash("correct horse battery".into()).await.expect("hash");
        assert!(hash.starts_with("$argon2id$"));
        assert!(!hash.contains("correct horse"));
        assert!(
            verify("correct horse battery".into(), hash.clone())
                .await
                .expect("checked")
        );
        assert!(!verify("wrong horse battery".into(), hash).await.expect("checked"));
        assert!(!verify("x".into(), "not a hash".into()).await.expect("checked"));
    }
}
