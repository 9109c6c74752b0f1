//! Access tokens: EdDSA-signed JWTs (RFC 9068 profile) with a key derived from the portal key,
//! signed and checked with a key expanded once (not per token),
//! so every instance that shares the key issues and accepts the same tokens. Revocation and
//! the client's standing are checked against the database by the caller.
//!
//! Checking an Ed25519 signature is two thirds of what an authorized sandbox call costs, and a
//! client sends the same token with every call until it expires, so a token whose signature
//! has been checked is remembered (bounded, keyed by the SHA-256 of the whole token, so no
//! other token can match; its expiry is still checked on every use).

use crate::clock::SharedClock;
use crate::crypto::PortalKey;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::Digest;

/// How long tokens live unless configured otherwise.
pub const DEFAULT_LIFETIME_SECS: i64 = 3600;

/// The audience every sandbox token is for.
pub const AUDIENCE: &str = "claims-attachments-v1";

/// Which token API issued a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenApi {
    /// The RFC 6749 endpoint, `/apip/auth/v2/token`.
    V2,
    /// The legacy endpoint, `/apip/auth/v1/token`.
    V1,
}

/// The claims inside a token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenClaims {
    /// The issuer (the portal's public URL).
    pub iss: String,
    /// The client the token was issued to.
    pub sub: String,
    /// The client, again, as RFC 9068 names it.
    pub client_id: String,
    /// The API the token is for.
    pub aud: String,
    /// Space-separated granted scopes.
    pub scope: String,
    /// Issued at.
    pub iat: i64,
    /// Expires at.
    pub exp: i64,
    /// A unique id, for revocation.
    pub jti: String,
    /// Which token API issued it.
    pub api: TokenApi,
    /// The generation of the client's secret it was issued under: a rotation ends it.
    #[serde(default)]
    pub ver: i64,
}

impl TokenClaims {
    /// Whether the token grants `scope`.
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scope.split(' ').any(|granted| granted == scope)
    }
}

/// A freshly issued token.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    /// The compact JWT.
    pub access_token: String,
    /// Seconds until it expires.
    pub expires_in: i64,
    /// Space-separated granted scopes.
    pub scope: String,
    /// The claims it carries.
    pub claims: TokenClaims,
}

/// Why a presented token is not usable (before any database check).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Not a JWT of ours: garbled, wrong algorithm, bad signature, wrong issuer or audience.
    #[error("The access token is not valid.")]
    Invalid,
    /// A genuine token past its expiry.
    #[error("The access token has expired.")]
    Expired,
}

/// What checking a token found, in full (the request log and the token inspector tell these
/// apart; callers of [`TokenService::verify`] see only invalid or expired).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// Genuine, for this issuer and audience, unexpired.
    Valid(TokenClaims),
    /// Genuine, but past its expiry.
    Expired(TokenClaims),
    /// Not a JWT of this sandbox's shape (three parts, this key's header, readable claims).
    Malformed,
    /// A well-formed token whose signature does not verify with this sandbox's key.
    BadSignature,
    /// Signed with this sandbox's key, for another issuer (another portal sharing the key).
    ForeignIssuer(TokenClaims),
    /// Signed with this sandbox's key, for another audience.
    WrongAudience(TokenClaims),
}

/// Signs and checks access tokens.
pub struct TokenService {
    issuer: String,
    key_id: String,
    signing_key: SigningKey,
    verifying_key: VerifyingKey,
    /// The encoded JOSE header, the same for every token.
    header: String,
    lifetime: i64,
    clock: SharedClock,
    /// Tokens whose signature, header, issuer and audience were checked: their claims, by the
    /// SHA-256 of the whole token.
    verified: moka::sync::Cache<[u8; 32], TokenClaims>,
}

/// Checked tokens remembered at most (about 4 MiB).
const VERIFIED_CAPACITY: u64 = 10_000;
/// How long a checked token is remembered at most (its expiry usually comes first).
const VERIFIED_FOR: std::time::Duration = std::time::Duration::from_secs(3600);

/// The JOSE header of every token.
#[derive(Serialize, Deserialize)]
struct JoseHeader {
    alg: String,
    typ: String,
    kid: String,
}

impl TokenService {
    /// A service signing for `issuer` with the portal key's `token-signing` subkey.
    pub fn new(key: &PortalKey, issuer: String, lifetime: i64, clock: SharedClock) -> Self {
        let seed = key.derive("token-signing/ed25519");
        let signing_key = SigningKey::from_bytes(seed.expose_secret());
        let verifying_key = signing_key.verifying_key();
        let key_id = hex::encode(&sha2::Sha256::digest(verifying_key.as_bytes())[..8]);
        let header = JoseHeader {
            alg: "EdDSA".into(),
            typ: "at+jwt".into(),
            kid: key_id.clone(),
        };
        let header = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&header).expect("a header serialises"));
        Self {
            issuer,
            key_id,
            signing_key,
            verifying_key,
            header,
            lifetime,
            clock,
            verified: moka::sync::Cache::builder()
                .max_capacity(VERIFIED_CAPACITY)
                .time_to_live(VERIFIED_FOR)
                .build(),
        }
    }

    /// Issues a token to `client_id` for `scopes`, under the client's secret generation
    /// `secret_version`: a compact JWS (RFC 7515) over the claims.
    pub fn issue(&self, client_id: &str, scopes: &[&str], api: TokenApi, secret_version: i64) -> IssuedToken {
        let now = self.clock.now();
        let scope = scopes.join(" ");
        let claims = TokenClaims {
            iss: self.issuer.clone(),
            sub: client_id.to_owned(),
            client_id: client_id.to_owned(),
            aud: AUDIENCE.to_owned(),
            scope: scope.clone(),
            iat: now,
            exp: now + self.lifetime,
            jti: URL_SAFE_NO_PAD.encode(crate::crypto::random::bytes::<16>()),
            api,
            ver: secret_version,
        };
        let claims_json = serde_json::to_vec(&claims).expect("claims serialise");
        // header.payload.signature, written into one buffer of the final size.
        let mut access_token = String::with_capacity(self.header.len() + claims_json.len() * 4 / 3 + 92);
        access_token.push_str(&self.header);
        access_token.push('.');
        URL_SAFE_NO_PAD.encode_string(&claims_json, &mut access_token);
        let signature = self.signing_key.sign(access_token.as_bytes());
        access_token.push('.');
        URL_SAFE_NO_PAD.encode_string(signature.to_bytes(), &mut access_token);
        IssuedToken {
            access_token,
            expires_in: self.lifetime,
            scope,
            claims,
        }
    }

    /// Checks a token's header, signature, issuer, audience and expiry.
    pub fn verify(&self, token: &str) -> Result<TokenClaims, TokenError> {
        match self.check(token) {
            Check::Valid(claims) => Ok(claims),
            Check::Expired(_) => Err(TokenError::Expired),
            _ => Err(TokenError::Invalid),
        }
    }

    /// Checks a token and says exactly what was found.
    pub fn check(&self, token: &str) -> Check {
        if token.len() > 4096 {
            return Check::Malformed;
        }
        let fingerprint: [u8; 32] = sha2::Sha256::digest(token.as_bytes()).into();
        let claims = match self.verified.get(&fingerprint) {
            Some(claims) => claims,
            None => match self.check_signed(token) {
                Check::Valid(claims) => {
                    self.verified.insert(fingerprint, claims.clone());
                    claims
                }
                other => return other,
            },
        };
        if claims.exp <= self.clock.now() {
            Check::Expired(claims)
        } else {
            Check::Valid(claims)
        }
    }

    /// Everything about `token` but its expiry: the header, the signature, issuer and audience.
    fn check_signed(&self, token: &str) -> Check {
        let mut parts = token.split('.');
        let (Some(header), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Check::Malformed;
        };
        let Ok(decoded_header) = decode_part::<JoseHeader>(header) else {
            return Check::Malformed;
        };
        if decoded_header.alg != "EdDSA"
            || decoded_header.typ != "at+jwt"
            || decoded_header.kid != self.key_id
        {
            // Another key, another algorithm (`none`, HMAC): not this sandbox's signature.
            return Check::BadSignature;
        }
        let Some(signature) = URL_SAFE_NO_PAD
            .decode(signature)
            .ok()
            .and_then(|bytes| <[u8; 64]>::try_from(bytes).ok())
        else {
            return Check::BadSignature;
        };
        let signing_input = &token[..header.len() + 1 + payload.len()];
        if self
            .verifying_key
            .verify_strict(signing_input.as_bytes(), &Signature::from_bytes(&signature))
            .is_err()
        {
            return Check::BadSignature;
        }
        let Ok(claims) = decode_part::<TokenClaims>(payload) else {
            return Check::Malformed;
        };
        if claims.iss != self.issuer {
            Check::ForeignIssuer(claims)
        } else if claims.aud != AUDIENCE {
            Check::WrongAudience(claims)
        } else {
            Check::Valid(claims)
        }
    }

    /// The key id tokens are signed under (the JWKS's `kid`).
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// The issuer tokens carry.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The public key as a JWK Set (RFC 7517), for `/.well-known/jwks.json`.
    pub fn jwks(&self) -> Value {
        json!({
            "keys": [{
                "kty": "OKP",
                "crv": "Ed25519",
                "alg": "EdDSA",
                "use": "sig",
                "kid": self.key_id,
                "x": URL_SAFE_NO_PAD.encode(self.verifying_key.as_bytes()),
            }]
        })
    }

    /// How long new tokens live, in seconds.
    pub fn lifetime(&self) -> i64 {
        self.lifetime
    }
}

/// Decodes one base64url JSON part of a token.
fn decode_part<T: serde::de::DeserializeOwned>(part: &str) -> Result<T, TokenError> {
    let bytes = URL_SAFE_NO_PAD.decode(part).map_err(|_| TokenError::Invalid)?;
    serde_json::from_slice(&bytes).map_err(|_| TokenError::Invalid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;
    use std::sync::Arc;

    fn service(clock: &ManualClock, key: u8, issuer: &str) -> TokenService {
        TokenService::new(
            &PortalKey::from_bytes([key; 32]),
            issuer.into(),
            3600,
            Arc::new(clock.clone()),
        )
    }

    #[test]
    fn an_issued_token_verifies_with_its_claims() {
        let clock = ManualClock::starting_at(1_800_000_000);
        let tokens = service(&clock, 1, "http://portal");
        let issued = tokens.issue("mnc_1", &["claims.attachments.read"], TokenApi::V2, 0);
        assert_eq!(issued.expires_in, 3600);
        let claims = tokens.verify(&issued.access_token).expect("valid");
        assert_eq!(claims.client_id, "mnc_1");
        assert_eq!(claims.exp, 1_800_003_600);
        assert!(claims.has_scope("claims.attachments.read"));
        assert!(!claims.has_scope("claims.attachments.write"));
    }

    #[test]
    fn a_checked_token_is_remembered_but_only_itself_and_only_until_it_expires() {
        let clock = ManualClock::starting_at(1_800_000_000);
        let tokens = service(&clock, 1, "http://portal");
        let issued = tokens.issue("mnc_1", &["claims.attachments.read"], TokenApi::V2, 0);
        tokens
            .verify(&issued.access_token)
            .expect("valid, and now remembered");
        // The same signature under other claims (a wider scope, another client) is refused.
        let mut parts = issued.access_token.split('.');
        let (header, payload, signature) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        let mut claims: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
        claims["scope"] = "claims.attachments.read claims.attachments.write".into();
        let forged = format!(
            "{header}.{}.{signature}",
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        assert_eq!(tokens.verify(&forged), Err(TokenError::Invalid));
        assert!(
            tokens.verify(&issued.access_token).is_ok(),
            "the real one still passes"
        );
        clock.advance(3600);
        assert_eq!(
            tokens.verify(&issued.access_token),
            Err(TokenError::Expired),
            "remembered, but expired"
        );
    }

    #[test]
    fn another_instance_with_the_same_key_accepts_the_token() {
        let clock = ManualClock::starting_at(1_800_000_000);
        let issued = service(&clock, 1, "http://portal").issue("c", &[], TokenApi::V1, 0);
        assert!(
            service(&clock, 1, "http://portal")
                .verify(&issued.access_token)
                .is_ok()
        );
        assert_eq!(
            service(&clock, 2, "http://portal").verify(&issued.access_token),
            Err(TokenError::Invalid)
        );
        assert_eq!(
            service(&clock, 1, "http://other").verify(&issued.access_token),
            Err(TokenError::Invalid)
        );
    }

    #[test]
    fn tokens_expire_after_their_lifetime() {
        let clock = ManualClock::starting_at(1_800_000_000);
        let tokens = service(&clock, 1, "http://portal");
        let issued = tokens.issue("c", &[], TokenApi::V2, 0);
        clock.advance(3599);
        assert!(tokens.verify(&issued.access_token).is_ok());
        clock.advance(1);
        assert_eq!(tokens.verify(&issued.access_token), Err(TokenError::Expired));
    }

    #[test]
    fn garbled_and_tampered_tokens_are_invalid() {
        let clock = ManualClock::starting_at(1_800_000_000);
        let tokens = service(&clock, 1, "http://portal");
        let issued = tokens
            .issue("c", &["claims.attachments.read"], TokenApi::V2, 0)
            .access_token;
        for bad in [
            "",
            "abc",
            "a.b.c",
            &issued[..issued.len() - 2],
            &issued.replacen('e', "f", 1),
        ] {
            assert_eq!(tokens.verify(bad), Err(TokenError::Invalid), "{bad}");
        }
    }

    #[test]
    fn tokens_with_another_algorithm_or_key_id_are_invalid() {
        let clock = ManualClock::starting_at(1_800_000_000);
        let tokens = service(&clock, 1, "http://portal");
        let issued = tokens.issue("c", &[], TokenApi::V2, 0).access_token;
        let (_, rest) = issued.split_once('.').expect("header");
        for header in [
            r#"{"alg":"none","typ":"at+jwt","kid":"x"}"#,
            r#"{"alg":"HS256","typ":"at+jwt","kid":"x"}"#,
        ] {
            let forged = format!("{}.{rest}", URL_SAFE_NO_PAD.encode(header));
            assert_eq!(tokens.verify(&forged), Err(TokenError::Invalid));
        }
        let unsigned = format!("{}.", &issued[..issued.rfind('.').expect("signature")]);
        assert_eq!(tokens.verify(&unsigned), Err(TokenError::Invalid));
    }

    #[test]
    fn the_jwks_publishes_the_public_key() {
        let clock = ManualClock::starting_at(0);
        let jwks = service(&clock, 1, "http://portal").jwks();
        assert_eq!(jwks["keys"][0]["crv"], "Ed25519");
        assert_eq!(jwks["keys"][0]["x"].as_str().expect("x").len(), 43);
    }
}
