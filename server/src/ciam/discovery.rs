//! OpenID Connect discovery: `{issuer}/.well-known/openid-configuration`, checked to be the
//! configured issuer's own document, with a `jwks_uri` the portal may fetch.

use crate::config::is_loopback;
use anyhow::{Context, bail};
use serde::Deserialize;

/// The parts of a discovery document the verifier uses.
#[derive(Debug, Clone, Deserialize)]
pub struct Discovery {
    /// The issuer the document speaks for.
    pub issuer: String,
    /// Where its signing keys are.
    pub jwks_uri: String,
}

/// Fetches and checks `issuer`'s discovery document.
pub async fn discover(http: &reqwest::Client, issuer: &str) -> anyhow::Result<Discovery> {
    let url = format!("{issuer}/.well-known/openid-configuration");
    let response = http
        .get(&url)
        .send()
        .await
        .context("failed to reach the discovery document")?;
    if !response.status().is_success() {
        bail!("the discovery document answered {}", response.status());
    }
    let document: Discovery = response
        .json()
        .await
        .context("failed to read the discovery document")?;
    check(&document, issuer)?;
    Ok(document)
}

/// The document must name the configured issuer (OpenID Connect Discovery §4.3) and a JWKS
/// over https, or http on loopback.
fn check(document: &Discovery, issuer: &str) -> anyhow::Result<()> {
    if document.issuer.trim_end_matches('/') != issuer {
        bail!(
            "the discovery document names the issuer `{}`, not `{issuer}`",
            document.issuer
        );
    }
    let jwks = url::Url::parse(&document.jwks_uri).context("the jwks_uri is not a URL")?;
    match jwks.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(&jwks) => Ok(()),
        _ => bail!("the jwks_uri `{}` is not https", document.jwks_uri),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(issuer: &str, jwks_uri: &str) -> Discovery {
        Discovery {
            issuer: issuer.into(),
            jwks_uri: jwks_uri.into(),
        }
    }

    #[test]
    fn the_document_must_be_the_issuers_own_and_its_keys_https() {
        let issuer = "https://login.example.com";
        assert!(check(&document(issuer, "https://login.example.com/jwks"), issuer).is_ok());
        assert!(check(&document("https://login.example.com/", "https://k/jwks"), issuer).is_ok());
        assert!(check(&document("https://evil.example.com", "https://k/jwks"), issuer).is_err());
        assert!(check(&document(issuer, "http://keys.example.com/jwks"), issuer).is_err());
        assert!(check(&document(issuer, "http://127.0.0.1:9/jwks"), issuer).is_ok());
    }
}
