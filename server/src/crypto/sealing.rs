//! Sealing: authenticated encryption (XChaCha20-Poly1305) of the one other copy of a client
//! secret, kept for the console broker. The client id is bound in as associated data, so a
//! sealed secret moved to another row does not open.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use secrecy::{ExposeSecret, SecretString};

/// Seals and opens secrets under the portal key's `sealing` subkey.
pub struct Sealer {
    cipher: XChaCha20Poly1305,
}

/// A sealed value could not be opened (wrong key, wrong owner, or corrupted).
#[derive(Debug, thiserror::Error)]
#[error("the sealed secret could not be opened")]
pub struct OpenError;

impl Sealer {
    /// A sealer under the portal key.
    pub fn new(key: &super::PortalKey) -> Self {
        let subkey = key.derive("sealing");
        Self {
            cipher: XChaCha20Poly1305::new(subkey.expose_secret().into()),
        }
    }

    /// Encrypts `secret` for `owner`: base64 of a random 24-byte nonce and the ciphertext.
    pub fn seal(&self, secret: &SecretString, owner: &str) -> String {
        let nonce_bytes = super::random::bytes::<24>();
        let nonce = XNonce::from_slice(&nonce_bytes);
        let payload = Payload {
            msg: secret.expose_secret().as_bytes(),
            aad: owner.as_bytes(),
        };
        let ciphertext = self
            .cipher
            .encrypt(nonce, payload)
            .expect("encryption of a short secret cannot fail");
        let mut sealed = nonce_bytes.to_vec();
        sealed.extend_from_slice(&ciphertext);
        STANDARD.encode(sealed)
    }

    /// Decrypts a value sealed for `owner`.
    pub fn open(&self, sealed: &str, owner: &str) -> Result<SecretString, OpenError> {
        let bytes = STANDARD.decode(sealed).map_err(|_| OpenError)?;
        if bytes.len() < 24 {
            return Err(OpenError);
        }
        let (nonce, ciphertext) = bytes.split_at(24);
        let plain = self
            .cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: owner.as_bytes(),
                },
            )
            .map_err(|_| OpenError)?;
        String::from_utf8(plain)
            .map(SecretString::from)
            .map_err(|_| OpenError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::PortalKey;

    #[test]
    fn a_sealed_secret_opens_only_for_its_owner_and_key() {
        let sealer = Sealer::new(&PortalKey::from_bytes([3; 32]));
        let sealed = sealer.seal(&SecretString::from("mns_abc"), "client-1");
        assert!(!sealed.contains("mns_abc"));
        assert_eq!(
            sealer.open(&sealed, "client-1").expect("opens").expose_secret(),
            "mns_abc"
        );
        assert!(sealer.open(&sealed, "client-2").is_err());
        assert!(
            Sealer::new(&PortalKey::from_bytes([4; 32]))
                .open(&sealed, "client-1")
                .is_err()
        );
        assert!(sealer.open("garbage", "client-1").is_err());
    }

    #[test]
    fn sealing_twice_gives_different_ciphertexts() {
        let sealer = Sealer::new(&PortalKey::from_bytes([3; 32]));
        let secret = SecretString::from("s");
        assert_ne!(sealer.seal(&secret, "c"), sealer.seal(&secret, "c"));
    }
}
