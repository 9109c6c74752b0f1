//! The CIAM identity provider the sandbox also accepts tokens from (`PORTAL_CIAM_*` or the
//! `[ciam]` table of `portal.toml`), and the rules its settings must follow.

use secrecy::SecretString;
use std::net::IpAddr;

/// A configured OpenID Connect provider whose access tokens the sandbox APIs accept, and which
/// the console signs developers in with.
#[derive(Clone)]
pub struct CiamSettings {
    /// `PORTAL_CIAM_ISSUER`: the issuer, without a trailing slash (https, or http on loopback).
    pub issuer: String,
    /// `PORTAL_CIAM_AUDIENCE`: the audience the sandbox APIs require in a CIAM token's `aud`.
    pub audience: String,
    /// `PORTAL_CIAM_CLIENT_ID`: the portal as a confidential client of the CIAM (the console's
    /// sign-in); `None` is no sign-in.
    pub client_id: Option<String>,
    /// `PORTAL_CIAM_CLIENT_SECRET`: that client's secret.
    pub client_secret: Option<SecretString>,
}

impl std::fmt::Debug for CiamSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CiamSettings")
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "[redacted]"),
            )
            .finish()
    }
}

/// Checks an issuer: an absolute http(s) URL, https unless its host is a loopback address,
/// without query, fragment or credentials. Returns it without a trailing slash.
pub fn parse_issuer(value: &str) -> Result<String, String> {
    let url = url::Url::parse(value).map_err(|error| {
        format!("`{value}` is not a URL ({error}); write it like https://login.example.com/tenant")
    })?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(format!(
                "`{value}` must use https:// (http:// only for loopback hosts like 127.0.0.1)"
            ));
        }
        _ => return Err(format!("`{value}` must start with https://")),
    }
    if url.host().is_none() || !url.username().is_empty() || url.password().is_some() {
        return Err(format!(
            "`{value}` must name a host and carry no user name or password"
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!("`{value}` must not have a query or fragment"));
    }
    Ok(value.trim_end_matches('/').to_owned())
}

/// Whether `url`'s host is a loopback address (127.0.0.0/8, ::1) or `localhost`.
pub fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuers_must_be_https_unless_on_loopback() {
        assert_eq!(
            parse_issuer("https://login.example.com/tenant/").as_deref(),
            Ok("https://login.example.com/tenant")
        );
        for ok in [
            "http://127.0.0.1:4000",
            "http://127.1.2.3",
            "http://[::1]:9",
            "http://localhost:1",
        ] {
            assert!(parse_issuer(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://login.example.com",
            "http://10.0.0.1",
            "ftp://x",
            "login.example.com",
            "https://u:p@x",
            "https://x/?a=1",
            "https://x/#f",
        ] {
            assert!(parse_issuer(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_secret_never_prints() {
        let settings = CiamSettings {
            issuer: "https://x".into(),
            audience: "a".into(),
            client_id: Some("id".into()),
            client_secret: Some(SecretString::from("hunter2")),
        };
        assert!(!format!("{settings:?}").contains("hunter2"));
    }
}
