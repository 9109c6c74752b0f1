//! A real OpenID Connect provider for the tests: `tests/support/oidc-provider` (the npm
//! `oidc-provider`) on a free loopback port, with a key set generated per provider, so tests
//! can also sign tokens of their own with its key. Killed on drop; restartable on the same
//! port with rotated keys.

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use server::config::CiamSettings;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// The test client registered at the provider.
pub const CLIENT_ID: &str = "portal-test";
/// Its secret.
pub const CLIENT_SECRET: &str = "portal-test-secret";
/// The audience of the provider's access tokens (and the one the test portal requires).
pub const AUDIENCE: &str = "https://sandbox.portal.test/claims";
/// Both sandbox scopes.
pub const SCOPES: &str = "claims.attachments.read claims.attachments.write";
/// How long the provider may take to say it is ready.
const READY_WITHIN: Duration = Duration::from_secs(30);

/// The provider's folder (with its `node_modules`).
fn provider_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/support/oidc-provider")
}

/// A signing key: its private JWK (for the provider) and DER (to sign tokens here).
#[derive(Clone)]
pub struct SigningKey {
    /// The key id.
    pub kid: String,
    /// The algorithm it signs with.
    pub alg: Algorithm,
    jwk: Value,
    der: Vec<u8>,
}

impl SigningKey {
    /// A fresh key (`ES256`, `RS256`, `EdDSA`…) made by Node's crypto.
    pub async fn generate(alg: &str, kid: &str) -> Self {
        let output = Command::new("node")
            .arg(provider_dir().join("keys.mjs"))
            .args([alg, kid])
            .output()
            .await
            .expect("node runs (scripts/test installs it)");
        assert!(
            output.status.success(),
            "keys.mjs: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let generated: Value = serde_json::from_slice(&output.stdout).expect("keys.mjs prints JSON");
        use base64::Engine;
        let der = base64::engine::general_purpose::STANDARD
            .decode(generated["der"].as_str().expect("der"))
            .expect("base64");
        Self {
            kid: kid.to_owned(),
            alg: serde_json::from_value(json!(alg)).expect("a jsonwebtoken algorithm"),
            jwk: generated["jwk"].clone(),
            der,
        }
    }

    /// `claims` signed with this key (its `kid` in the header).
    pub fn sign(&self, claims: &Value) -> String {
        let key = match self.alg {
            Algorithm::RS256 | Algorithm::RS384 | Algorithm::RS512 | Algorithm::PS256 => {
                EncodingKey::from_rsa_der(&self.der)
            }
            Algorithm::EdDSA => EncodingKey::from_ed_der(&self.der),
            _ => EncodingKey::from_ec_der(&self.der),
        };
        let mut header = Header::new(self.alg);
        header.kid = Some(self.kid.clone());
        header.typ = Some("at+jwt".into());
        jsonwebtoken::encode(&header, claims, &key).expect("signs")
    }
}

/// A running provider.
pub struct OidcProvider {
    /// Its port on 127.0.0.1.
    pub port: u16,
    /// Its issuer, `http://127.0.0.1:<port>`.
    pub issuer: String,
    /// Its key set; the first key signs.
    pub keys: Vec<SigningKey>,
    child: Option<Child>,
    dir: tempfile::TempDir,
}

impl OidcProvider {
    /// A provider on a free port with a fresh ES256 key.
    pub async fn start() -> Self {
        let key = SigningKey::generate("ES256", "first").await;
        Self::start_with(vec![key], None).await
    }

    /// A provider with `keys` (the first signs), on `port` or a free one.
    pub async fn start_with(keys: Vec<SigningKey>, port: Option<u16>) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let port = port.unwrap_or_else(free_port);
        let mut provider = Self {
            port,
            issuer: format!("http://127.0.0.1:{port}"),
            keys,
            child: None,
            dir,
        };
        provider.launch().await;
        provider
    }

    /// Stops the provider and starts it again on the same port with `keys` (a rotation).
    pub async fn restart_with(&mut self, keys: Vec<SigningKey>) {
        self.stop().await;
        self.keys = keys;
        self.launch().await;
    }

    /// Stops the provider (its port then refuses connections).
    pub async fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill().await;
        }
    }

    async fn launch(&mut self) {
        let dir = provider_dir();
        assert!(
            dir.join("node_modules/oidc-provider").is_dir(),
            "run `npm ci --prefix {}` (scripts/test does)",
            dir.display()
        );
        let jwks_file = self.dir.path().join("jwks.json");
        let jwks = json!({ "keys": self.keys.iter().map(|key| key.jwk.clone()).collect::<Vec<_>>() });
        std::fs::write(&jwks_file, jwks.to_string()).expect("write the JWKS");
        let mut child = Command::new("node")
            .arg(dir.join("provider.mjs"))
            .current_dir(&dir)
            .env("OIDC_PORT", self.port.to_string())
            .env("OIDC_JWKS_FILE", &jwks_file)
            .env("OIDC_CLIENT_ID", CLIENT_ID)
            .env("OIDC_CLIENT_SECRET", CLIENT_SECRET)
            .env("OIDC_REDIRECT_URIS", "http://127.0.0.1:9/callback")
            .env("OIDC_POST_LOGOUT_REDIRECT_URIS", "http://127.0.0.1:9/")
            .env("OIDC_AUDIENCE", AUDIENCE)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("node starts the provider");
        let stdout = child.stdout.take().expect("piped stdout");
        let ready = async {
            let mut lines = BufReader::new(stdout).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                if line.starts_with("ready ") {
                    return Some(lines);
                }
            }
            None
        };
        let lines = tokio::time::timeout(READY_WITHIN, ready)
            .await
            .expect("the provider is ready in time")
            .expect("the provider printed `ready`");
        // Keep reading, so the provider never blocks on a full pipe.
        tokio::spawn(async move {
            let mut lines = lines;
            while let Ok(Some(_)) = lines.next_line().await {}
        });
        self.child = Some(child);
    }

    /// The portal's settings for this provider.
    pub fn ciam_settings(&self) -> CiamSettings {
        CiamSettings {
            issuer: self.issuer.clone(),
            audience: AUDIENCE.to_owned(),
            client_id: Some(CLIENT_ID.to_owned()),
            client_secret: Some(CLIENT_SECRET.to_owned().into()),
        }
    }

    /// An access token from the provider's token endpoint (`client_credentials`, for the
    /// sandbox's audience and both scopes).
    pub async fn client_credentials_token(&self) -> String {
        let response = reqwest::Client::new()
            .post(format!("{}/token", self.issuer))
            .basic_auth(CLIENT_ID, Some(CLIENT_SECRET))
            .form(&[
                ("grant_type", "client_credentials"),
                ("resource", AUDIENCE),
                ("scope", SCOPES),
            ])
            .send()
            .await
            .expect("the token endpoint answers");
        assert_eq!(response.status().as_u16(), 200, "token request");
        let body: Value = response.json().await.expect("json");
        body["access_token"].as_str().expect("an access token").to_owned()
    }

    /// `claims` signed with the provider's signing key (as if it had issued them).
    pub fn sign(&self, claims: &Value) -> String {
        self.keys[0].sign(claims)
    }

    /// Typical claims of a user token the provider issues to the test client, at `now`.
    pub fn user_claims(&self, sub: &str, now: i64) -> Value {
        json!({
            "iss": self.issuer,
            "aud": AUDIENCE,
            "sub": sub,
            "client_id": CLIENT_ID,
            "azp": CLIENT_ID,
            "scope": SCOPES,
            "iat": now,
            "exp": now + 300,
            "jti": format!("test-{now}-{sub}"),
        })
    }
}

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}
