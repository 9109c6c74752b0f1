//! Client secrets are stored only as a keyed hash: HMAC-SHA-256 under a subkey of the portal
//! key, compared in constant time. The secrets are 256 random bits, so a slow password hash
//! would add nothing but latency to the token endpoint.

use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretBox};
use sha2::Sha256;

/// Hashes and verifies client secrets.
pub struct SecretHasher {
    key: SecretBox<[u8; 32]>,
}

impl SecretHasher {
    /// A hasher under the portal key's `client-secret` subkey.
    pub fn new(key: &super::PortalKey) -> Self {
        Self {
            key: key.derive("client-secret"),
        }
    }

    fn mac(&self, secret: &str) -> Hmac<Sha256> {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(self.key.expose_secret()).expect("HMAC takes any key length");
        mac.update(secret.as_bytes());
        mac
    }

    /// The stored form of `secret` (hex).
    pub fn hash(&self, secret: &str) -> String {
        hex::encode(self.mac(secret).finalize().into_bytes())
    }

    /// Whether `secret` matches the stored hash, in constant time.
    pub fn verify(&self, secret: &str, stored: &str) -> bool {
        match hex::decode(stored) {
            Ok(expected) => self.mac(secret).verify_slice(&expected).is_ok(),
            Err(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::PortalKey;

    #[test]
    fn the_right_secret_verifies_and_others_do_not() {
        let hasher = SecretHasher::new(&PortalKey::from_bytes([1; 32]));
        let stored = hasher.hash("mns_secret");
        assert!(hasher.verify("mns_secret", &stored));
        assert!(!hasher.verify("mns_secreT", &stored));
        assert!(!hasher.verify("mns_secret", "not hex"));
        assert!(!stored.contains("secret"));
    }

    #[test]
    fn the_hash_depends_on_the_portal_key() {
        let a = SecretHasher::new(&PortalKey::from_bytes([1; 32])).hash("s");
        let b = SecretHasher::new(&PortalKey::from_bytes([2; 32])).hash("s");
        assert_ne!(a, b);
    }
}
