//! Checking one CIAM access token: its algorithm (asymmetric, matching its key), its signature,
//! `iss`, `aud`, `exp`/`nbf` (with a leeway, on the portal's clock) and what it grants.

use super::keys::{ALLOWED, KeySet};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, Validation};
use serde::Deserialize;
use serde_json::Value;

/// How far `exp` and `nbf` may be off, in seconds (clock skew between the CIAM and the portal).
pub const LEEWAY_SECS: i64 = 60;

/// What a valid CIAM token tells the sandbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiamClaims {
    /// The client the token was issued to (`azp`, else `client_id`).
    pub client: String,
    /// The acting user (`sub`), unless the token is the client's own.
    pub user: Option<String>,
    /// The granted scopes, space-separated.
    pub scope: String,
    /// When it expires.
    pub exp: i64,
}

/// Why a CIAM token was refused; the message is safe to send to the caller.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CiamError {
    /// Not a JWT, or without the claims a CIAM access token needs.
    #[error("The CIAM token is malformed: {0}.")]
    Malformed(&'static str),
    /// `none`, HMAC, or an algorithm its key does not allow.
    #[error(
        "The CIAM token's algorithm {0} is not allowed: only asymmetric signatures matching the CIAM's key are."
    )]
    AlgorithmNotAllowed(String),
    /// Its `kid` is not in the CIAM's key set, even after refreshing it.
    #[error("The CIAM token is signed with a key the CIAM does not publish.")]
    UnknownKey(String),
    /// The signature does not verify.
    #[error("The CIAM token's signature does not verify.")]
    BadSignature,
    /// Another issuer.
    #[error("The CIAM token was issued by another issuer.")]
    WrongIssuer(String),
    /// Not for the sandbox's audience.
    #[error("The CIAM token is not for this API's audience.")]
    WrongAudience(String),
    /// Past `exp` (and the leeway).
    #[error("The CIAM token expired.")]
    Expired(i64),
    /// Before `nbf` (and the leeway).
    #[error("The CIAM token is not valid yet.")]
    NotYetValid(i64),
    /// The CIAM's keys could not be loaded (discovery or JWKS failing).
    #[error(
        "The CIAM identity provider is unavailable: its tokens cannot be checked right now. Platform tokens still work."
    )]
    Unavailable,
}

/// A token's header, read before anything is trusted.
pub struct Header {
    /// The algorithm, if it is an allowed one.
    pub alg: Algorithm,
    /// The key id (empty without one).
    pub kid: String,
}

/// The `iss` of a token, unverified (to pick who checks it).
pub fn unverified_issuer(token: &str) -> Option<String> {
    let payload = token.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let claims: Value = serde_json::from_slice(&bytes).ok()?;
    claims.get("iss")?.as_str().map(str::to_owned)
}

/// Reads the header; `none`, HMAC and unknown algorithms are refused here.
pub fn header(token: &str) -> Result<Header, CiamError> {
    let mut parts = token.split('.');
    let (Some(header), Some(_), Some(_), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(CiamError::Malformed("not a signed JWT"));
    };
    let bytes = URL_SAFE_NO_PAD
        .decode(header.trim_end_matches('='))
        .map_err(|_| CiamError::Malformed("the header is not base64url"))?;
    let header: Value =
        serde_json::from_slice(&bytes).map_err(|_| CiamError::Malformed("the header is not JSON"))?;
    let name = header.get("alg").and_then(Value::as_str).unwrap_or("none");
    let alg = ALLOWED
        .iter()
        .find(|(allowed, _)| *allowed == name)
        .map(|(_, alg)| *alg)
        .ok_or_else(|| CiamError::AlgorithmNotAllowed(name.chars().take(16).collect()))?;
    let kid = header
        .get("kid")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    Ok(Header { alg, kid })
}

#[derive(Deserialize)]
struct RawClaims {
    iss: Option<String>,
    aud: Option<Value>,
    exp: Option<i64>,
    nbf: Option<i64>,
    sub: Option<String>,
    azp: Option<String>,
    client_id: Option<String>,
    scope: Option<String>,
    scp: Option<Value>,
}

/// Verifies `token` (whose header is `header`) with `keys`, for `issuer` and `audience`, at `now`.
/// A missing key is [`CiamError::UnknownKey`]: the caller may refresh the keys and try again.
pub fn verify(
    token: &str,
    header: &Header,
    keys: &KeySet,
    issuer: &str,
    audience: &str,
    now: i64,
) -> Result<CiamClaims, CiamError> {
    let key = match keys.get(&header.kid) {
        Some(key) => key,
        // A token without a `kid` may use the only key there is.
        None if header.kid.is_empty() && keys.len() == 1 => keys.values().next().expect("one key"),
        None => return Err(CiamError::UnknownKey(header.kid.chars().take(64).collect())),
    };
    let decoding = key
        .for_algorithm(header.alg)
        .ok_or_else(|| CiamError::AlgorithmNotAllowed(format!("{:?}", header.alg)))?;
    let mut validation = Validation::new(header.alg);
    // Time and audience are checked below, on the portal's clock and with precise reasons.
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    let claims = jsonwebtoken::decode::<RawClaims>(token, decoding, &validation)
        .map_err(|error| match error.kind() {
            jsonwebtoken::errors::ErrorKind::InvalidSignature
            | jsonwebtoken::errors::ErrorKind::InvalidEcdsaKey
            | jsonwebtoken::errors::ErrorKind::InvalidRsaKey(_)
            | jsonwebtoken::errors::ErrorKind::InvalidKeyFormat => CiamError::BadSignature,
            jsonwebtoken::errors::ErrorKind::InvalidAlgorithm => {
                CiamError::AlgorithmNotAllowed(format!("{:?}", header.alg))
            }
            _ => CiamError::Malformed("the claims cannot be read"),
        })?
        .claims;
    let iss = claims.iss.unwrap_or_default();
    if iss != issuer {
        return Err(CiamError::WrongIssuer(iss.chars().take(200).collect()));
    }
    let audiences: Vec<String> = match claims.aud {
        Some(Value::String(aud)) => vec![aud],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    };
    if !audiences.iter().any(|aud| aud == audience) {
        return Err(CiamError::WrongAudience(
            audiences.join(" ").chars().take(200).collect(),
        ));
    }
    let exp = claims.exp.ok_or(CiamError::Malformed("it has no exp"))?;
    if now > exp + LEEWAY_SECS {
        return Err(CiamError::Expired(exp));
    }
    if let Some(nbf) = claims.nbf
        && now + LEEWAY_SECS < nbf
    {
        return Err(CiamError::NotYetValid(nbf));
    }
    let client = claims
        .azp
        .or(claims.client_id)
        .filter(|client| !client.is_empty())
        .ok_or(CiamError::Malformed("it names no client (azp or client_id)"))?;
    let scope = match (claims.scope, claims.scp) {
        (Some(scope), _) => scope,
        (None, Some(Value::String(scp))) => scp,
        (None, Some(Value::Array(items))) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    };
    // A client's own token (client credentials) names the client as its subject.
    let user = claims.sub.filter(|sub| !sub.is_empty() && *sub != client);
    Ok(CiamClaims {
        client,
        user,
        scope,
        exp,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(value: &Value) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).expect("json"))
    }

    #[test]
    fn none_and_hmac_are_refused_before_any_key_is_looked_up() {
        for alg in ["none", "HS256", "RS1", "nonsense"] {
            let token = format!(
                "{}.{}.",
                encode(&serde_json::json!({"alg": alg})),
                encode(&serde_json::json!({}))
            );
            let token = if alg == "none" {
                token
            } else {
                format!("{token}c2ln")
            };
            assert!(
                matches!(header(&token), Err(CiamError::AlgorithmNotAllowed(_))),
                "{alg}"
            );
        }
        assert!(matches!(header("a.b"), Err(CiamError::Malformed(_))));
    }

    #[test]
    fn the_unverified_issuer_is_read_from_the_payload() {
        let token = format!(
            "{}.{}.sig",
            encode(&serde_json::json!({"alg": "ES256"})),
            encode(&serde_json::json!({"iss": "https://login.example.com"}))
        );
        assert_eq!(
            unverified_issuer(&token).as_deref(),
            Some("https://login.example.com")
        );
        assert_eq!(unverified_issuer("not-a-token"), None);
    }
}
