//! Access tokens: EdDSA-signed JWTs (RFC 9068 profile) with a key derived from the portal key,
//! so every instance that shares the key issues and accepts the same tokens. Revocation and
//! the client's standing are checked against the database by the caller.

use crate::clock::SharedClock;
use crate::crypto::PortalKey;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::SigningKey;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
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

/// Signs and checks access tokens.
pub struct TokenService {
    issuer: String,
    key_id: String,
    public_key: [u8; 32],
    encoding_key: EncodingKey,
    decoding_key: DecodingKey,
    validation: Validation,
    lifetime: i64,
    clock: SharedClock,
}

/// The fixed PKCS#8 v1 prefix of an Ed25519 private key (RFC 8410 §7).
const PKCS8_ED25519_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

impl TokenService {
    /// A service signing for `issuer` with the portal key's `token-signing` subkey.
    pub fn new(key: &PortalKey, issuer: String, lifetime: i64, clock: SharedClock) -> Self {
        let seed = key.derive("token-signing/ed25519");
        let signing_key = SigningKey::from_bytes(seed.expose_secret());
        let public_key = signing_key.verifying_key().to_bytes();
        let mut pkcs8 = PKCS8_ED25519_PREFIX.to_vec();
        pkcs8.extend_from_slice(seed.expose_secret());
        let key_id = hex::encode(&sha2::Sha256::digest(public_key)[..8]);
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.validate_exp = false; // checked against our clock below
        validation.required_spec_claims = ["exp", "iss", "aud", "sub"]
            .into_iter()
            .map(String::from)
            .collect();
        validation.set_issuer(&[&issuer]);
        validation.set_audience(&[AUDIENCE]);
        Self {
            issuer,
            key_id,
            public_key,
            encoding_key: EncodingKey::from_ed_der(&pkcs8),
            decoding_key: DecodingKey::from_ed_der(&public_key),
            validation,
            lifetime,
            clock,
        }
    }

    /// Issues a token to `client_id` for `scopes`.
    pub fn issue(&self, client_id: &str, scopes: &[&str], api: TokenApi) -> IssuedToken {
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
        };
        let mut header = Header::new(Algorithm::EdDSA);
        header.typ = Some("at+jwt".into());
        header.kid = Some(self.key_id.clone());
        let access_token = jsonwebtoken::encode(&header, &claims, &self.encoding_key)
            .expect("signing with a valid Ed25519 key cannot fail");
        IssuedToken {
            access_token,
            expires_in: self.lifetime,
            scope,
            claims,
        }
    }

    /// Checks a token's signature, issuer, audience and expiry.
    pub fn verify(&self, token: &str) -> Result<TokenClaims, TokenError> {
        if token.len() > 4096 {
            return Err(TokenError::Invalid);
        }
        let data = jsonwebtoken::decode::<TokenClaims>(token, &self.decoding_key, &self.validation)
            .map_err(|_| TokenError::Invalid)?;
        if data.claims.exp <= self.clock.now() {
            return Err(TokenError::Expired);
        }
        Ok(data.claims)
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
                "x": URL_SAFE_NO_PAD.encode(self.public_key),
            }]
        })
    }

    /// How long new tokens live, in seconds.
    pub fn lifetime(&self) -> i64 {
        self.lifetime
    }
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
        let issued = tokens.issue("mnc_1", &["claims.attachments.read"], TokenApi::V2);
        assert_eq!(issued.expires_in, 3600);
        let claims = tokens.verify(&issued.access_token).expect("valid");
        assert_eq!(claims.client_id, "mnc_1");
        assert_eq!(claims.exp, 1_800_003_600);
        assert!(claims.has_scope("claims.attachments.read"));
        assert!(!claims.has_scope("claims.attachments.write"));
    }

    #[test]
    fn another_instance_with_the_same_key_accepts_the_token() {
        let clock = ManualClock::starting_at(1_800_000_000);
        let issued = service(&clock, 1, "http://portal").issue("c", &[], TokenApi::V1);
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
        let issued = tokens.issue("c", &[], TokenApi::V2);
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
            .issue("c", &["claims.attachments.read"], TokenApi::V2)
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
    fn the_jwks_publishes_the_public_key() {
        let clock = ManualClock::starting_at(0);
        let jwks = service(&clock, 1, "http://portal").jwks();
        assert_eq!(jwks["keys"][0]["crv"], "Ed25519");
        assert_eq!(jwks["keys"][0]["x"].as_str().expect("x").len(), 43);
    }
}
