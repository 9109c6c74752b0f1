//! Client authentication at the OAuth endpoints (RFC 6749 §2.3.1): HTTP Basic with the id and
//! secret form-urlencoded before base64 (`client_secret_basic`), or `client_id` and
//! `client_secret` in the body (`client_secret_post`) — one method per request, never both.

use super::error::OAuthError;
use super::params::{Params, decode_component};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use http::{HeaderMap, header};
use secrecy::SecretString;

/// How the client authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `client_secret_basic`.
    Basic,
    /// `client_secret_post`.
    Post,
}

/// The credentials a request presented.
pub struct Presented {
    /// The client id.
    pub client_id: String,
    /// The secret, as presented.
    pub client_secret: SecretString,
    /// Which method carried them.
    pub method: Method,
}

/// The client credentials of a request, by Basic or in the body under the given field names
/// (`client_id`/`client_secret` for v2, `clientId`/`clientSecret` for v1).
pub fn presented(
    headers: &HeaderMap,
    params: &Params,
    id_field: &str,
    secret_field: &str,
) -> Result<Presented, OAuthError> {
    let body_id = params.get(id_field);
    let body_secret = params.get(secret_field);
    match headers.get(header::AUTHORIZATION) {
        Some(value) => {
            let (client_id, client_secret) = basic(value.as_bytes())?;
            if body_secret.is_some() || body_id.is_some_and(|id| id != client_id) {
                return Err(OAuthError::invalid_request(
                    "Authenticate the client one way only: HTTP Basic or the body parameters, not both.",
                ));
            }
            Ok(Presented {
                client_id,
                client_secret,
                method: Method::Basic,
            })
        }
        None => match (body_id, body_secret) {
            (Some(id), Some(secret)) => Ok(Presented {
                client_id: id.to_owned(),
                client_secret: SecretString::from(secret.to_owned()),
                method: Method::Post,
            }),
            (Some(_), None) => Err(OAuthError::invalid_client(
                format!("The {secret_field} parameter is missing: this client must authenticate."),
                false,
            )),
            _ => Err(OAuthError::invalid_client(
                "Client authentication is missing: use HTTP Basic or the client_id and client_secret parameters.",
                true,
            )),
        },
    }
}

/// Decodes `Basic base64(urlencode(id) ":" urlencode(secret))`.
fn basic(value: &[u8]) -> Result<(String, SecretString), OAuthError> {
    let refuse = || {
        OAuthError::invalid_client(
            "The Authorization header is not valid HTTP Basic client authentication.",
            true,
        )
    };
    let value = std::str::from_utf8(value).map_err(|_| refuse())?;
    let (scheme, encoded) = value.trim().split_once(' ').ok_or_else(refuse)?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(OAuthError::invalid_client(
            "Only HTTP Basic client authentication is accepted in the Authorization header.",
            true,
        ));
    }
    let decoded = STANDARD.decode(encoded.trim()).map_err(|_| refuse())?;
    let at = decoded.iter().position(|&b| b == b':').ok_or_else(refuse)?;
    let id = decode_component(&decoded[..at]).map_err(|_| refuse())?;
    let secret = decode_component(&decoded[at + 1..]).map_err(|_| refuse())?;
    if id.is_empty() {
        return Err(refuse());
    }
    Ok((id, SecretString::from(secret)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Bytes;
    use http::HeaderValue;
    use secrecy::ExposeSecret;

    fn params(body: &str) -> Params {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        super::super::params::read(&headers, &Bytes::from(body.to_owned())).expect("params")
    }

    fn with_basic(credentials: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        let value = format!("Basic {}", STANDARD.encode(credentials));
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_str(&value).expect("ascii"),
        );
        headers
    }

    #[test]
    fn basic_credentials_are_form_decoded() {
        let presented = presented(
            &with_basic("my%3Aclient:s%2Bcret+x"),
            &params(""),
            "client_id",
            "client_secret",
        )
        .expect("ok");
        assert_eq!(presented.client_id, "my:client");
        assert_eq!(presented.client_secret.expose_secret(), "s+cret x");
        assert_eq!(presented.method, Method::Basic);
    }

    #[test]
    fn body_credentials_are_read() {
        let presented = presented(
            &HeaderMap::new(),
            &params("client_id=a&client_secret=b"),
            "client_id",
            "client_secret",
        )
        .expect("ok");
        assert_eq!(
            (presented.client_id.as_str(), presented.method),
            ("a", Method::Post)
        );
    }

    #[test]
    fn two_methods_at_once_are_an_invalid_request() {
        let Err(error) = presented(
            &with_basic("a:b"),
            &params("client_secret=b"),
            "client_id",
            "client_secret",
        ) else {
            panic!("both methods accepted");
        };
        assert_eq!(error.code(), "invalid_request");
    }

    #[test]
    fn a_matching_client_id_beside_basic_is_allowed() {
        assert!(
            presented(
                &with_basic("a:b"),
                &params("client_id=a"),
                "client_id",
                "client_secret"
            )
            .is_ok()
        );
    }

    #[test]
    fn broken_or_missing_authentication_is_an_invalid_client() {
        for headers in [with_basic("no-colon"), with_basic(":secret"), {
            let mut h = HeaderMap::new();
            h.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer abc"));
            h
        }] {
            let Err(error) = presented(&headers, &params(""), "client_id", "client_secret") else {
                panic!("accepted")
            };
            assert_eq!(error.code(), "invalid_client");
        }
        let Err(error) = presented(&HeaderMap::new(), &params(""), "client_id", "client_secret") else {
            panic!("accepted")
        };
        assert_eq!(error.code(), "invalid_client");
    }
}
