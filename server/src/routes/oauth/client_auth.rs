//! Client authentication at the OAuth endpoints (RFC 6749 §2.3.1): HTTP Basic with the id and
//! secret form-urlencoded before base64 (`client_secret_basic`), or `client_id` and
//! `client_secret` in the body (`client_secret_post`) — one method per request, never both.

use super::error::OAuthError;
use super::params::{Params, decode_component};
use crate::request_log::reason::Reason;
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

/// One spelling of the body's credential fields.
pub struct Fields {
    /// The client id's field.
    pub id: &'static str,
    /// The secret's field.
    pub secret: &'static str,
}

/// The v2 endpoints' fields (RFC 6749).
pub const V2_FIELDS: &[Fields] = &[Fields {
    id: "client_id",
    secret: "client_secret",
}];

/// The v1 endpoint's fields: its own camelCase, and RFC 6749's, since clients migrate in both
/// directions (one spelling per request).
pub const V1_FIELDS: &[Fields] = &[
    Fields {
        id: "clientId",
        secret: "clientSecret",
    },
    Fields {
        id: "client_id",
        secret: "client_secret",
    },
];

/// The credentials a request presented.
pub struct Presented {
    /// The client id.
    pub client_id: String,
    /// The secret, as presented.
    pub client_secret: SecretString,
    /// Which method carried them.
    pub method: Method,
}

/// The client credentials of a request, by Basic or in the body under one of `spellings`.
pub fn presented(
    headers: &HeaderMap,
    params: &Params,
    spellings: &[Fields],
) -> Result<Presented, OAuthError> {
    let used: Vec<&Fields> = spellings
        .iter()
        .filter(|fields| params.get(fields.id).is_some() || params.get(fields.secret).is_some())
        .collect();
    if used.len() > 1 {
        return Err(OAuthError::invalid_request(
            "Send the credentials in one spelling only: clientId and clientSecret, or client_id and client_secret.",
        ));
    }
    let fields = used.first().copied().unwrap_or(&spellings[0]);
    let secret_field = fields.secret;
    let body_id = params.get(fields.id);
    let body_secret = params.get(fields.secret);
    match headers.get(header::AUTHORIZATION) {
        Some(value) => {
            let (client_id, client_secret) = basic(value.as_bytes())?;
            if body_secret.is_some() || body_id.is_some_and(|id| id != client_id) {
                return Err(OAuthError::invalid_request(
                    "Authenticate the client one way only: HTTP Basic or the body parameters, not both.",
                )
                .because(Reason::BothCredentials));
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
            (Some(_), None) => Err(OAuthError::invalid_client(format!(
                "The {secret_field} parameter is missing: this client must authenticate."
            ))),
            _ => Err(OAuthError::invalid_client(
                "Client authentication is missing: use HTTP Basic or the client_id and client_secret parameters.",
            )),
        },
    }
}

/// The client id a request names, however malformed the rest of it is (for filing a failed
/// request under its app): the Basic header's, else the body's under one of `spellings`.
pub fn claimed_client_id(
    headers: &HeaderMap,
    params: Option<&Params>,
    spellings: &[Fields],
) -> Option<String> {
    if let Some(value) = headers.get(header::AUTHORIZATION)
        && let Ok((id, _)) = basic(value.as_bytes())
    {
        return Some(id);
    }
    let params = params?;
    spellings
        .iter()
        .find_map(|fields| params.get(fields.id))
        .map(str::to_owned)
}

/// Decodes `Basic base64(urlencode(id) ":" urlencode(secret))`.
fn basic(value: &[u8]) -> Result<(String, SecretString), OAuthError> {
    let refuse = || {
        OAuthError::invalid_client("The Authorization header is not valid HTTP Basic client authentication.")
            .because(Reason::BadBasicHeader)
    };
    let value = std::str::from_utf8(value).map_err(|_| refuse())?;
    let (scheme, encoded) = value.trim().split_once(' ').ok_or_else(refuse)?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(OAuthError::invalid_client(
            "Only HTTP Basic client authentication is accepted in the Authorization header.",
        )
        .because(Reason::BadBasicHeader));
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
        let presented = presented(&with_basic("my%3Aclient:s%2Bcret+x"), &params(""), V2_FIELDS).expect("ok");
        assert_eq!(presented.client_id, "my:client");
        assert_eq!(presented.client_secret.expose_secret(), "s+cret x");
        assert_eq!(presented.method, Method::Basic);
    }

    #[test]
    fn body_credentials_are_read() {
        let presented = presented(
            &HeaderMap::new(),
            &params("client_id=a&client_secret=b"),
            V2_FIELDS,
        )
        .expect("ok");
        assert_eq!(
            (presented.client_id.as_str(), presented.method),
            ("a", Method::Post)
        );
    }

    #[test]
    fn two_methods_at_once_are_an_invalid_request() {
        let Err(error) = presented(&with_basic("a:b"), &params("client_secret=b"), V2_FIELDS) else {
            panic!("both methods accepted");
        };
        assert_eq!(error.code(), "invalid_request");
    }

    #[test]
    fn a_matching_client_id_beside_basic_is_allowed() {
        assert!(presented(&with_basic("a:b"), &params("client_id=a"), V2_FIELDS).is_ok());
    }

    proptest::proptest! {
        #[test]
        fn any_authorization_header_is_decoded_or_refused_without_panicking(value in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)) {
            let _ = basic(&value);
        }

        #[test]
        fn basic_credentials_round_trip(id in "[^:]{1,40}", secret in "\\PC{0,40}") {
            let encode = |text: &str| url::form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
            let header = format!("Basic {}", STANDARD.encode(format!("{}:{}", encode(&id), encode(&secret))));
            let (decoded_id, decoded_secret) = basic(header.as_bytes()).expect("decoded");
            proptest::prop_assert_eq!(decoded_id, id);
            proptest::prop_assert_eq!(decoded_secret.expose_secret(), secret.as_str());
        }
    }

    #[test]
    fn v1_takes_either_spelling_but_not_both() {
        for body in ["clientId=a&clientSecret=b", "client_id=a&client_secret=b"] {
            let presented = presented(&HeaderMap::new(), &params(body), V1_FIELDS).expect(body);
            assert_eq!(presented.client_id, "a");
        }
        let Err(error) = presented(
            &HeaderMap::new(),
            &params("clientId=a&client_secret=b"),
            V1_FIELDS,
        ) else {
            panic!("mixed spellings accepted");
        };
        assert_eq!(error.code(), "invalid_request");
    }

    #[test]
    fn broken_or_missing_authentication_is_an_invalid_client() {
        for headers in [with_basic("no-colon"), with_basic(":secret"), {
            let mut h = HeaderMap::new();
            h.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer abc"));
            h
        }] {
            let Err(error) = presented(&headers, &params(""), V2_FIELDS) else {
                panic!("accepted")
            };
            assert_eq!(error.code(), "invalid_client");
        }
        let Err(error) = presented(&HeaderMap::new(), &params(""), V2_FIELDS) else {
            panic!("accepted")
        };
        assert_eq!(error.code(), "invalid_client");
    }
}
