//! The portal key: 32 bytes from `PORTAL_SECRET_KEY`, or generated once into the data folder
//! (`secret.key`, mode 0600). Every other secret is derived from it for one purpose each, so
//! instances that share a database must share this key.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretBox, SecretString};
use sha2::Sha256;
use std::path::{Path, PathBuf};

/// The file the generated key is kept in, inside the data folder.
pub const KEY_FILE: &str = "secret.key";

/// The portal's master key. Never printed: `Debug` shows nothing of it.
pub struct PortalKey(SecretBox<[u8; 32]>);

impl std::fmt::Debug for PortalKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PortalKey([redacted])")
    }
}

/// Why the key could not be had.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// `PORTAL_SECRET_KEY` is not 32 bytes in base64 or hex.
    #[error(
        "PORTAL_SECRET_KEY: must be 32 random bytes as 64 hex characters or base64 \
         (for example the output of `openssl rand -base64 32`)"
    )]
    BadFormat,
    /// The key file is unreadable or malformed.
    #[error("{path}: {reason}")]
    File {
        /// The key file.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
}

impl PortalKey {
    /// The configured key, or the one in `data_dir/secret.key`, generated there if missing.
    pub fn load_or_generate(configured: Option<&SecretString>, data_dir: &Path) -> Result<Self, KeyError> {
        if let Some(text) = configured {
            return parse(text.expose_secret()).ok_or(KeyError::BadFormat);
        }
        let path = data_dir.join(KEY_FILE);
        let file_error = |reason: String| KeyError::File {
            path: path.clone(),
            reason,
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => parse(text.trim()).ok_or_else(|| {
                file_error("is not a 32-byte key in base64; delete it only if no data depends on it".into())
            }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                let key = Self::generate();
                write_private(&path, &format!("{}\n", STANDARD.encode(key.0.expose_secret())))
                    .map_err(|error| file_error(format!("cannot write the generated key: {error}")))?;
                tracing::info!(path = %path.display(), "generated a new portal key");
                Ok(key)
            }
            Err(error) => Err(file_error(format!("cannot read: {error}"))),
        }
    }

    /// A fresh random key.
    pub fn generate() -> Self {
        Self(SecretBox::new(Box::new(super::random::bytes::<32>())))
    }

    /// A key from raw bytes (tests and tools).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(SecretBox::new(Box::new(bytes)))
    }

    /// A 32-byte subkey for one purpose: HMAC-SHA-256 of the purpose label under the master
    /// key (HKDF-Expand with a single block). Different purposes give independent keys.
    pub fn derive(&self, purpose: &str) -> SecretBox<[u8; 32]> {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(self.0.expose_secret()).expect("HMAC takes any key length");
        mac.update(b"mn-portal/v1/");
        mac.update(purpose.as_bytes());
        mac.update(&[1]);
        SecretBox::new(Box::new(mac.finalize().into_bytes().into()))
    }

    /// A value that identifies the key without revealing it, stored in the database so an
    /// instance started with a different key refuses to run instead of failing every login.
    pub fn fingerprint(&self) -> String {
        hex::encode(&self.derive("key-fingerprint").expose_secret()[..16])
    }
}

fn parse(text: &str) -> Option<PortalKey> {
    let bytes = if text.len() == 64 && text.chars().all(|c| c.is_ascii_hexdigit()) {
        hex::decode(text).ok()?
    } else {
        STANDARD.decode(text).ok()?
    };
    let bytes: [u8; 32] = bytes.try_into().ok()?;
    Some(PortalKey::from_bytes(bytes))
}

fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(contents.as_bytes())?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_generated_once_with_private_permissions_and_reused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = PortalKey::load_or_generate(None, dir.path()).expect("generated");
        let second = PortalKey::load_or_generate(None, dir.path()).expect("reloaded");
        assert_eq!(first.fingerprint(), second.fingerprint());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(KEY_FILE))
                .expect("file")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_configured_key_is_accepted_as_hex_or_base64() {
        let hex_key = SecretString::from("00".repeat(32));
        let base64_key = SecretString::from(STANDARD.encode([0u8; 32]));
        let dir = tempfile::tempdir().expect("tempdir");
        let a = PortalKey::load_or_generate(Some(&hex_key), dir.path()).expect("hex");
        let b = PortalKey::load_or_generate(Some(&base64_key), dir.path()).expect("base64");
        assert_eq!(a.fingerprint(), b.fingerprint());
        assert!(
            !dir.path().join(KEY_FILE).exists(),
            "no file when the key is configured"
        );
    }

    #[test]
    fn a_malformed_key_is_refused_without_echoing_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let error =
            PortalKey::load_or_generate(Some(&SecretString::from("hunter2")), dir.path()).expect_err("short");
        assert!(!error.to_string().contains("hunter2"));
        assert!(error.to_string().starts_with("PORTAL_SECRET_KEY:"));
    }

    #[test]
    fn purposes_get_independent_subkeys_and_debug_hides_the_key() {
        let key = PortalKey::from_bytes([7; 32]);
        assert_ne!(key.derive("a").expose_secret(), key.derive("b").expose_secret());
        assert_eq!(format!("{key:?}"), "PortalKey([redacted])");
    }
}
