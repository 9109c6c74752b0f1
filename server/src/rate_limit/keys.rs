//! Counter keys: `rl:{bucket}:{key}:{window start}`, with the caller's key kept as it is only
//! when it is short and plain. Keys come from attackers (a 4 KiB `client_id`, an e-mail address
//! full of control characters), so anything longer or stranger is replaced by its hash: every
//! counter key is at most [`MAX_KEY_BYTES`] long, in memory and in Redis alike.

use sha2::{Digest, Sha256};

/// The longest caller key kept as it is.
const PLAIN_KEY_BYTES: usize = 64;
/// The longest counter key.
pub const MAX_KEY_BYTES: usize = 3 + 16 + 1 + PLAIN_KEY_BYTES + 1 + 20;

/// The counter key of `key` in `bucket` for the window starting at `window_start`.
pub fn counter_key(bucket: &str, key: &str, window_start: i64) -> String {
    format!("rl:{bucket}:{}:{window_start}", bounded(key))
}

/// `key` itself when it is short printable ASCII without `:`, else `#` and 32 hex digits of
/// its SHA-256.
pub fn bounded(key: &str) -> String {
    let plain = key.len() <= PLAIN_KEY_BYTES
        && key
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b':' && b != b'#');
    if plain {
        key.to_owned()
    } else {
        format!("#{}", hex::encode(&Sha256::digest(key.as_bytes())[..16]))
    }
}

/// One key from several parts (a client id and an address), kept apart unambiguously.
pub fn joined(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|part| format!("{}.{part}", part.len()))
        .collect::<Vec<_>>()
        .join("|")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn short_plain_keys_are_kept_and_others_hashed() {
        assert_eq!(bounded("203.0.113.7"), "203.0.113.7");
        assert_eq!(bounded("mnc_abc"), "mnc_abc");
        let long = "x".repeat(4096);
        assert_eq!(bounded(&long).len(), 33);
        assert_ne!(bounded("a b"), "a b");
        assert_ne!(
            bounded("2001:db8::/64"),
            "2001:db8::/64",
            "colons would make keys ambiguous"
        );
        assert_ne!(
            bounded("#abc"),
            "#abc",
            "a plain key never looks like a hashed one"
        );
    }

    #[test]
    fn joined_keys_cannot_be_confused() {
        assert_ne!(joined(&["a|b", "c"]), joined(&["a", "b|c"]));
    }

    proptest! {
        #[test]
        fn every_counter_key_is_bounded(key in ".{0,5000}", start in any::<i64>()) {
            let counter = counter_key("sign-in-failures", &key, start);
            prop_assert!(counter.len() <= MAX_KEY_BYTES, "{} bytes", counter.len());
        }

        #[test]
        fn distinct_keys_get_distinct_counters(a in ".{0,200}", b in ".{0,200}") {
            prop_assume!(a != b);
            prop_assert_ne!(bounded(&a), bounded(&b));
        }
    }
}
