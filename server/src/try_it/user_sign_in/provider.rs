//! The exchanges with the CIAM: discovery (metadata and JWKS, kept once found), the
//! authorization request, the code exchange with ID-token validation, refresh, and the
//! sign-out URL. Every endpoint comes from the discovered metadata, never from a request.

use super::claims::{jwt_claims, pretty};
use super::kept::UserTokens;
use super::pending::{PendingFlow, Refusal, Secrets};
use super::{SCOPES, UserSignIn};
use crate::crypto::sealing::Sealer;
use app::ssr::console::UserSignIn as UserSignInView;
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreIdToken, CoreJwsSigningAlgorithm, CoreTokenResponse,
};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet, EndpointSet,
    IssuerUrl, LogoutRequest, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier,
    PostLogoutRedirectUrl, ProviderMetadataWithLogout, RedirectUrl, RefreshToken, Scope, TokenResponse,
};
use secrecy::{ExposeSecret, SecretString};
use std::str::FromStr;

/// The provider's metadata, with its end-session endpoint.
pub(super) type Metadata = ProviderMetadataWithLogout;
type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// What the access token lives for when the provider says nothing (seconds).
const DEFAULT_LIFETIME_SECS: i64 = 300;

/// Why a sign-in did not complete.
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// The CIAM could not be reached, or its discovery document or keys are unusable.
    #[error("the CIAM's discovery failed")]
    Discovery(#[source] anyhow::Error),
    /// The callback does not belong to a sign-in pending in this session.
    #[error("the callback was refused: {0:?}")]
    Refused(Refusal),
    /// The CIAM answered the authorization request with an error (its code, if a plain one).
    #[error("the CIAM answered with an error")]
    Provider(Option<String>),
    /// The code (or the refresh token) could not be exchanged.
    #[error("the token request to the CIAM failed")]
    Exchange(#[source] anyhow::Error),
    /// The ID token is missing or not valid (signature, issuer, audience, nonce, expiry).
    #[error("the ID token is not valid")]
    IdToken(#[source] anyhow::Error),
}

/// A sign-in just started: where to send the browser, and what to keep in the session.
pub struct Started {
    /// The provider's authorization URL with this flow's parameters.
    pub authorization_url: String,
    /// The flow's secrets, sealed.
    pub pending: PendingFlow,
}

/// A sign-in (or a refresh) that worked.
pub struct Completed {
    /// The tokens, to keep sealed.
    pub tokens: UserTokens,
    /// What the console shows of them.
    pub view: UserSignInView,
}

/// Only asymmetric signatures: never `none`, never HMAC (with a secret or a public key).
const ALLOWED_ALGORITHMS: [CoreJwsSigningAlgorithm; 9] = [
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha384,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha512,
    CoreJwsSigningAlgorithm::RsaSsaPssSha256,
    CoreJwsSigningAlgorithm::RsaSsaPssSha384,
    CoreJwsSigningAlgorithm::RsaSsaPssSha512,
    CoreJwsSigningAlgorithm::EcdsaP256Sha256,
    CoreJwsSigningAlgorithm::EcdsaP384Sha384,
    CoreJwsSigningAlgorithm::EdDsa,
];

fn plain(error: impl std::fmt::Display) -> anyhow::Error {
    // Display only: the errors' Debug forms may carry response bodies.
    anyhow::anyhow!("{error}")
}

impl UserSignIn {
    /// The metadata, discovered on first use (and again when `again`, for rotated keys).
    async fn metadata(&self, again: bool) -> Result<Metadata, SignInError> {
        if !again && let Some(metadata) = self.discovered.read().await.as_ref() {
            return Ok(metadata.clone());
        }
        let issuer =
            IssuerUrl::new(self.settings.issuer.clone()).map_err(|e| SignInError::Discovery(plain(e)))?;
        let metadata = Metadata::discover_async(issuer, &self.http)
            .await
            .map_err(|e| SignInError::Discovery(plain(e)))?;
        *self.discovered.write().await = Some(metadata.clone());
        Ok(metadata)
    }

    fn client(&self, metadata: Metadata) -> Result<Client, SignInError> {
        let redirect = RedirectUrl::new(self.redirect_uri()).map_err(|e| SignInError::Discovery(plain(e)))?;
        Ok(CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.settings.client_id.clone()),
            Some(ClientSecret::new(
                self.settings.client_secret.expose_secret().to_owned(),
            )),
        )
        .set_redirect_uri(redirect))
    }

    /// Starts a sign-in at `now`: a new PKCE verifier, `state` and `nonce`.
    pub async fn begin(&self, sealer: &Sealer, now: i64) -> Result<Started, SignInError> {
        let client = self.client(self.metadata(false).await?)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client.authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        );
        for scope in SCOPES {
            request = request.add_scope(Scope::new(scope.to_owned()));
        }
        let (url, state, nonce) = request
            .add_extra_param("resource", self.settings.audience.as_str())
            .set_pkce_challenge(challenge)
            .url();
        let secrets = Secrets {
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            verifier: verifier.secret().clone(),
        };
        Ok(Started {
            authorization_url: url.to_string(),
            pending: PendingFlow::seal(sealer, &secrets, now),
        })
    }

    /// Exchanges `code` with the flow's verifier and validates the ID token.
    pub async fn finish(&self, secrets: Secrets, code: &str, now: i64) -> Result<Completed, SignInError> {
        let client = self.client(self.metadata(false).await?)?;
        let response = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|e| SignInError::Exchange(plain(e)))?
            .set_pkce_verifier(PkceCodeVerifier::new(secrets.verifier))
            .add_extra_param("resource", self.settings.audience.as_str())
            .request_async(&self.http)
            .await
            .map_err(|e| SignInError::Exchange(plain(e)))?;
        let id_token = response
            .id_token()
            .cloned()
            .ok_or_else(|| SignInError::IdToken(anyhow::anyhow!("the token response has no ID token")))?;
        let nonce = Nonce::new(secrets.nonce);
        let verified = {
            let verifier = client
                .id_token_verifier()
                .set_allowed_algs(ALLOWED_ALGORITHMS.to_vec());
            id_token
                .claims(&verifier, &nonce)
                .map(|claims| claims.subject().to_string())
        };
        let subject = match verified {
            Ok(subject) => subject,
            // An unknown key may be a rotated one: look the keys up again, once.
            Err(_) => {
                let client = self.client(self.metadata(true).await?)?;
                let verifier = client
                    .id_token_verifier()
                    .set_allowed_algs(ALLOWED_ALGORITHMS.to_vec());
                id_token
                    .claims(&verifier, &nonce)
                    .map(|claims| claims.subject().to_string())
                    .map_err(|e| SignInError::IdToken(plain(e)))?
            }
        };
        Ok(completed(&response, id_token, subject, None, now))
    }

    /// New tokens for `tokens` from its refresh token (the ID token's claims stay those of
    /// the sign-in unless the provider sends a new one).
    pub async fn refresh(
        &self,
        tokens: &UserTokens,
        previous: &UserSignInView,
        now: i64,
    ) -> Result<Completed, SignInError> {
        let refresh = tokens
            .refresh
            .as_ref()
            .ok_or_else(|| SignInError::Exchange(anyhow::anyhow!("no refresh token was issued")))?;
        let client = self.client(self.metadata(false).await?)?;
        let response = client
            .exchange_refresh_token(&RefreshToken::new(refresh.expose_secret().to_owned()))
            .map_err(|e| SignInError::Exchange(plain(e)))?
            .add_extra_param("resource", self.settings.audience.as_str())
            .request_async(&self.http)
            .await
            .map_err(|e| SignInError::Exchange(plain(e)))?;
        let id_token = match response.id_token() {
            Some(id_token) => id_token.clone(),
            None => CoreIdToken::from_str(tokens.id_token.expose_secret())
                .map_err(|e| SignInError::IdToken(plain(e)))?,
        };
        let mut completed = completed(
            &response,
            id_token,
            previous.subject.clone(),
            tokens.refresh.clone(),
            now,
        );
        if response.id_token().is_none() {
            completed.view.id_token_claims = previous.id_token_claims.clone();
        }
        Ok(completed)
    }

    /// Where to send the browser to sign out at the CIAM too, when it has an end-session
    /// endpoint: with `id_token_hint` and the console as `post_logout_redirect_uri`.
    pub async fn sign_out_url(&self, id_token: Option<&SecretString>) -> Option<String> {
        let metadata = self.metadata(false).await.ok()?;
        let endpoint = metadata.additional_metadata().end_session_endpoint.clone()?;
        let mut request = LogoutRequest::from(endpoint)
            .set_client_id(ClientId::new(self.settings.client_id.clone()))
            .set_post_logout_redirect_uri(PostLogoutRedirectUrl::new(self.post_logout_redirect_uri()).ok()?);
        if let Some(token) = id_token.and_then(|raw| CoreIdToken::from_str(raw.expose_secret()).ok()) {
            request = request.set_id_token_hint(&token);
        }
        Some(request.http_get_url().to_string())
    }
}

/// The tokens and their view from a token response.
fn completed(
    response: &CoreTokenResponse,
    id_token: CoreIdToken,
    subject: String,
    previous_refresh: Option<SecretString>,
    now: i64,
) -> Completed {
    let access = response.access_token().secret().clone();
    let access_claims = jwt_claims(&access);
    let expires_at = access_claims
        .as_ref()
        .and_then(|claims| claims["exp"].as_i64())
        .or_else(|| {
            response
                .expires_in()
                .map(|lifetime| now + i64::try_from(lifetime.as_secs()).unwrap_or(DEFAULT_LIFETIME_SECS))
        })
        .unwrap_or(now + DEFAULT_LIFETIME_SECS);
    let raw_id_token = id_token.to_string();
    let refresh = response
        .refresh_token()
        .map(|refresh| SecretString::from(refresh.secret().clone()))
        .or(previous_refresh);
    let scope = response
        .scopes()
        .map(|scopes| {
            scopes
                .iter()
                .map(|scope| scope.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .or_else(|| {
            access_claims
                .as_ref()
                .and_then(|claims| claims["scope"].as_str().map(str::to_owned))
        });
    let view = UserSignInView {
        subject,
        id_token_claims: jwt_claims(&raw_id_token)
            .map(|claims| pretty(&claims))
            .unwrap_or_default(),
        access_token_claims: access_claims.as_ref().map(pretty),
        scope,
        expires_at,
        refreshable: refresh.is_some(),
    };
    Completed {
        tokens: UserTokens {
            access: SecretString::from(access),
            refresh,
            id_token: SecretString::from(raw_id_token),
            expires_at,
        },
        view,
    }
}
