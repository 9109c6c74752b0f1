//! Random identifiers and secrets from the operating system's CSPRNG (via `rand::rng()`,
//! a ChaCha generator seeded and reseeded from the OS).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;

/// `n` random bytes.
pub fn bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    rand::rng().fill_bytes(&mut bytes);
    bytes
}

/// `prefix` followed by `N` random bytes in base64url (only `[A-Za-z0-9-_]`, all of them in
/// RFC 3986's unreserved set, so the value needs no escaping in URLs, forms or Basic auth).
pub fn token<const N: usize>(prefix: &str) -> String {
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes::<N>()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_use_only_unreserved_characters_and_do_not_repeat() {
        let a = token::<32>("mns_");
        let b = token::<32>("mns_");
        assert_ne!(a, b);
        assert_eq!(a.len(), 4 + 43);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c) || c == '_')
        );
    }
}
