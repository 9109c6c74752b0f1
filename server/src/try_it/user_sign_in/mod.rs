//! The console's user sign-in to the CIAM: the OpenID Connect authorization code flow with
//! PKCE, `state` and `nonce`, run by the portal's server as a confidential client (the
//! backend-for-frontend pattern). The browser only follows redirects and holds the session
//! cookie; the code, verifier, nonce and tokens stay on the server, sealed in the session.

pub mod claims;
pub mod kept;
pub mod pending;
mod provider;

pub use provider::{Completed, SignInError, Started};

use secrecy::SecretString;
use tokio::sync::RwLock;

/// Where the provider sends the browser back to (under the public URL).
pub const CALLBACK_PATH: &str = "/try-it/ciam/callback";
/// What the console asks for: an ID token and the sandbox's Claims scopes.
pub const SCOPES: [&str; 2] = ["claims.attachments.read", "claims.attachments.write"];

/// What the console needs to sign people in with a CIAM.
pub struct SignInSettings {
    /// The OpenID Connect issuer (discovery at `{issuer}/.well-known/openid-configuration`).
    pub issuer: String,
    /// The resource (audience) the access token is asked for: the sandbox APIs'.
    pub audience: String,
    /// The portal's client id at the CIAM.
    pub client_id: String,
    /// The portal's client secret at the CIAM.
    pub client_secret: SecretString,
    /// The portal's public URL, without a trailing slash.
    pub public_url: String,
}

/// The console's OpenID Connect client: the settings, an HTTP client that follows no
/// redirects, and the provider's metadata once discovered (looked up again while it fails).
pub struct UserSignIn {
    settings: SignInSettings,
    http: reqwest::Client,
    discovered: RwLock<Option<provider::Metadata>>,
}

impl UserSignIn {
    /// The sign-in for `settings` (nothing is fetched until someone signs in).
    pub fn new(settings: SignInSettings) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(10))
            .build()?;
        Ok(Self {
            settings,
            http,
            discovered: RwLock::new(None),
        })
    }

    /// The configured issuer.
    pub fn issuer(&self) -> &str {
        &self.settings.issuer
    }

    /// The redirect URI registered with the CIAM.
    pub fn redirect_uri(&self) -> String {
        format!("{}{CALLBACK_PATH}", self.settings.public_url)
    }

    /// Where the CIAM sends the browser after signing out.
    pub fn post_logout_redirect_uri(&self) -> String {
        format!("{}/try-it", self.settings.public_url)
    }
}
