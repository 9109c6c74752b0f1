//! The CIAM's signing keys, from its JWKS: public, asymmetric keys by `kid`, each with the
//! algorithms it may verify (symmetric and encryption keys are skipped).

use anyhow::{Context, bail};
use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk};
use jsonwebtoken::{Algorithm, DecodingKey};
use std::collections::HashMap;

/// The asymmetric algorithms a CIAM token may be signed with; never `none` or HMAC.
pub const ALLOWED: [(&str, Algorithm); 7] = [
    ("RS256", Algorithm::RS256),
    ("RS384", Algorithm::RS384),
    ("RS512", Algorithm::RS512),
    ("PS256", Algorithm::PS256),
    ("ES256", Algorithm::ES256),
    ("ES384", Algorithm::ES384),
    ("EdDSA", Algorithm::EdDSA),
];

/// One verification key.
#[derive(Clone)]
pub struct SigningKey {
    key: DecodingKey,
    /// The algorithms its type and curve allow, narrowed to its own `alg` when it names one.
    algorithms: Vec<Algorithm>,
}

impl SigningKey {
    /// The key, if it may verify `alg`.
    pub fn for_algorithm(&self, alg: Algorithm) -> Option<&DecodingKey> {
        self.algorithms.contains(&alg).then_some(&self.key)
    }
}

/// The keys of a JWKS by `kid` (a key without one is kept under the empty id).
pub type KeySet = HashMap<String, SigningKey>;

/// Fetches and reads the JWKS at `uri`.
pub async fn fetch(http: &reqwest::Client, uri: &str) -> anyhow::Result<KeySet> {
    let response = http.get(uri).send().await.context("failed to reach the JWKS")?;
    if !response.status().is_success() {
        bail!("the JWKS answered {}", response.status());
    }
    let document: serde_json::Value = response.json().await.context("failed to read the JWKS")?;
    let keys = parse(&document);
    if keys.is_empty() {
        bail!("the JWKS holds no usable signing key");
    }
    Ok(keys)
}

/// The usable keys of a JWKS document; others (symmetric, encryption, unknown types) are skipped.
pub fn parse(document: &serde_json::Value) -> KeySet {
    let Some(keys) = document.get("keys").and_then(serde_json::Value::as_array) else {
        return KeySet::new();
    };
    keys.iter()
        .filter(|key| {
            key.get("use")
                .and_then(serde_json::Value::as_str)
                .is_none_or(|u| u == "sig")
        })
        .filter_map(|value| {
            let jwk: Jwk = serde_json::from_value(value.clone()).ok()?;
            let mut algorithms: Vec<Algorithm> = match &jwk.algorithm {
                AlgorithmParameters::RSA(_) => vec![
                    Algorithm::RS256,
                    Algorithm::RS384,
                    Algorithm::RS512,
                    Algorithm::PS256,
                ],
                AlgorithmParameters::EllipticCurve(params) => match params.curve {
                    EllipticCurve::P256 => vec![Algorithm::ES256],
                    EllipticCurve::P384 => vec![Algorithm::ES384],
                    _ => return None,
                },
                AlgorithmParameters::OctetKeyPair(_) => vec![Algorithm::EdDSA],
                AlgorithmParameters::OctetKey(_) => return None,
            };
            if let Some(named) = value.get("alg").and_then(serde_json::Value::as_str) {
                let named = ALLOWED.iter().find(|(name, _)| *name == named)?.1;
                algorithms.retain(|alg| *alg == named);
            }
            if algorithms.is_empty() {
                return None;
            }
            let key = DecodingKey::from_jwk(&jwk).ok()?;
            let kid = jwk.common.key_id.clone().unwrap_or_default();
            Some((kid, SigningKey { key, algorithms }))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_asymmetric_signing_keys_are_kept_with_their_algorithms() {
        let keys = parse(&json!({"keys": [
            {"kty": "EC", "crv": "P-256", "kid": "ec",
             "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
             "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"},
            {"kty": "oct", "kid": "hmac", "k": "c2VjcmV0"},
            {"kty": "EC", "crv": "P-256", "kid": "enc", "use": "enc",
             "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
             "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"},
            {"kty": "OKP", "crv": "Ed25519", "kid": "ed", "alg": "EdDSA",
             "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}
        ]}));
        let mut kids: Vec<_> = keys.keys().cloned().collect();
        kids.sort();
        assert_eq!(kids, ["ec", "ed"]);
        assert!(keys["ec"].for_algorithm(Algorithm::ES256).is_some());
        assert!(keys["ec"].for_algorithm(Algorithm::RS256).is_none());
        assert!(keys["ed"].for_algorithm(Algorithm::EdDSA).is_some());
    }
}
