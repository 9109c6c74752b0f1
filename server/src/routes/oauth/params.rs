//! Reading the parameters of a token-endpoint request: a form body (RFC 6749 §4.4.2) or the
//! marketplace's JSON body, strictly: UTF-8 only, no repeated parameters (§3.2), empty values
//! treated as absent, and a size limit.

use super::error::OAuthError;
use crate::request_log::reason::Reason;
use axum::body::Bytes;
use http::{HeaderMap, header};
use serde::de::{Deserializer, MapAccess, Visitor};
use std::fmt;

/// The largest body the OAuth endpoints read.
pub const BODY_LIMIT: usize = 16 * 1024;

/// How the body was encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `application/json`.
    Json,
}

/// The request's parameters, each at most once. `Debug` shows their names only: values
/// include client secrets and tokens.
#[derive(Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
    /// How they were sent.
    pub encoding: Option<Encoding>,
}

impl fmt::Debug for Params {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Params")
            .field(
                "names",
                &self.pairs.iter().map(|(name, _)| name).collect::<Vec<_>>(),
            )
            .field("encoding", &self.encoding)
            .finish()
    }
}

impl Params {
    /// A parameter's value; empty values count as absent (RFC 6749 §3.1).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .filter(|value| !value.is_empty())
    }

    fn push(&mut self, name: String, value: String) -> Result<(), OAuthError> {
        if self.pairs.iter().any(|(key, _)| *key == name) {
            return Err(OAuthError::invalid_request(format!(
                "The parameter {} is repeated.",
                printable(&name)
            )));
        }
        self.pairs.push((name, value));
        Ok(())
    }
}

/// Reads the parameters of `body`, as its `Content-Type` says.
pub fn read(headers: &HeaderMap, body: &Bytes) -> Result<Params, OAuthError> {
    if body.len() > BODY_LIMIT {
        return Err(OAuthError::too_large(BODY_LIMIT));
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .map(|value| value.to_str().unwrap_or("?"));
    let encoding = match content_type.map(media_type) {
        None if body.is_empty() => return Ok(Params::default()),
        None => {
            return Err(OAuthError::invalid_request(
                "The Content-Type header is missing: send application/x-www-form-urlencoded.",
            )
            .because(Reason::WrongContentType));
        }
        Some((essence, charset)) => {
            if charset
                .as_deref()
                .is_some_and(|c| !c.eq_ignore_ascii_case("utf-8"))
            {
                return Err(
                    OAuthError::invalid_request("Only the UTF-8 charset is supported.")
                        .because(Reason::WrongContentType)
                        .detail(format!("{essence}; charset={}", charset.unwrap_or_default())),
                );
            }
            match essence.as_str() {
                "application/x-www-form-urlencoded" => Encoding::Form,
                "application/json" => Encoding::Json,
                _ => {
                    return Err(OAuthError::invalid_request(
                        "Unsupported Content-Type: send application/x-www-form-urlencoded (or application/json).",
                    )
                    .because(Reason::WrongContentType)
                    .detail(essence.clone()));
                }
            }
        }
    };
    let mut params = match encoding {
        Encoding::Form => read_form(body)?,
        Encoding::Json => read_json(body)?,
    };
    params.encoding = Some(encoding);
    Ok(params)
}

/// The parameters of a body that [`read`] refused (a wrong content type, say), read as JSON
/// or as a form whatever its headers say; only to find whose request it was.
pub fn read_leniently(body: &Bytes) -> Option<Params> {
    if body.len() > BODY_LIMIT {
        return None;
    }
    if body.first() == Some(&b'{') {
        read_json(body).ok()
    } else {
        read_form(body).ok()
    }
}

/// `application/x-www-form-urlencoded; charset=UTF-8` → (`application/x-www-form-urlencoded`, `UTF-8`).
fn media_type(value: &str) -> (String, Option<String>) {
    let mut parts = value.split(';');
    let essence = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
    let charset = parts
        .filter_map(|part| part.split_once('='))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("charset"))
        .map(|(_, value)| value.trim().trim_matches('"').to_owned());
    (essence, charset)
}

fn read_form(body: &[u8]) -> Result<Params, OAuthError> {
    let mut params = Params::default();
    for pair in body.split(|&b| b == b'&').filter(|pair| !pair.is_empty()) {
        let (name, value) = match pair.iter().position(|&b| b == b'=') {
            Some(at) => (&pair[..at], &pair[at + 1..]),
            None => (pair, &pair[..0]),
        };
        params.push(decode_component(name)?, decode_component(value)?)?;
    }
    Ok(params)
}

/// Decodes one `application/x-www-form-urlencoded` component, refusing non-UTF-8: `+` is a
/// space and `%XY` a byte (a `%` not followed by two hex digits stays as it is). Client ids,
/// secrets and grant types usually need no decoding at all, and are then copied as they are.
pub fn decode_component(raw: &[u8]) -> Result<String, OAuthError> {
    let not_utf8 = |_| OAuthError::invalid_request("The request is not valid UTF-8.");
    if !raw.iter().any(|&b| b == b'+' || b == b'%') {
        return std::str::from_utf8(raw).map(str::to_owned).map_err(not_utf8);
    }
    let hex = |b: u8| {
        char::from(b)
            .to_digit(16)
            .and_then(|digit| u8::try_from(digit).ok())
    };
    let mut bytes = Vec::with_capacity(raw.len());
    let mut at = 0;
    while let Some(&byte) = raw.get(at) {
        let escaped = (byte == b'%')
            .then(|| Some(hex(*raw.get(at + 1)?)? << 4 | hex(*raw.get(at + 2)?)?))
            .flatten();
        match (byte, escaped) {
            (_, Some(decoded)) => {
                bytes.push(decoded);
                at += 3;
            }
            (b'+', None) => {
                bytes.push(b' ');
                at += 1;
            }
            (other, None) => {
                bytes.push(other);
                at += 1;
            }
        }
    }
    String::from_utf8(bytes).map_err(|error| not_utf8(error.utf8_error()))
}

fn read_json(body: &[u8]) -> Result<Params, OAuthError> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let params = deserializer
        .deserialize_map(ParamsVisitor)
        .map_err(|error| OAuthError::invalid_request(json_problem(&error)))?;
    deserializer
        .end()
        .map_err(|_| OAuthError::invalid_request("The JSON body has trailing data after the object."))?;
    params
}

fn json_problem(error: &serde_json::Error) -> String {
    match error.classify() {
        serde_json::error::Category::Data => {
            let message = error.to_string();
            if message.starts_with("repeated:") {
                message
                    .trim_start_matches("repeated:")
                    .split(" at line")
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            } else {
                "The JSON body must be an object whose values are strings.".to_owned()
            }
        }
        _ => "The body is not valid JSON.".to_owned(),
    }
}

struct ParamsVisitor;

impl<'de> Visitor<'de> for ParamsVisitor {
    type Value = Result<Params, OAuthError>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object of string values")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut params = Params::default();
        while let Some((name, value)) = map.next_entry::<String, serde_json::Value>()? {
            let value = match value {
                serde_json::Value::String(text) => text,
                serde_json::Value::Null => String::new(),
                _ => {
                    return Err(serde::de::Error::custom(format!(
                        "repeated:The JSON value of {} must be a string.",
                        printable(&name)
                    )));
                }
            };
            if let Err(error) = params.push(name, value) {
                return Ok(Err(error));
            }
        }
        Ok(Ok(params))
    }
}

/// A parameter name made safe for an `error_description` (printable ASCII, no quotes).
fn printable(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|c| c.is_ascii_graphic() && *c != '"' && *c != '\\')
        .take(40)
        .collect();
    if cleaned.is_empty() {
        "(unnamed)".to_owned()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(content_type: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_str(content_type).expect("ascii"),
        );
        headers
    }

    fn form(body: &str) -> Result<Params, OAuthError> {
        read(
            &headers("application/x-www-form-urlencoded"),
            &Bytes::from(body.to_owned()),
        )
    }

    #[test]
    fn form_values_are_percent_and_plus_decoded() {
        let params = form("grant_type=client_credentials&scope=a+b%20c&client_id=x%3Ay").expect("valid");
        assert_eq!(params.get("grant_type"), Some("client_credentials"));
        assert_eq!(params.get("scope"), Some("a b c"));
        assert_eq!(params.get("client_id"), Some("x:y"));
        assert_eq!(params.encoding, Some(Encoding::Form));
    }

    #[test]
    fn repeated_parameters_are_refused() {
        assert_eq!(
            form("grant_type=a&grant_type=b").expect_err("repeated").code(),
            "invalid_request"
        );
    }

    #[test]
    fn empty_values_count_as_absent() {
        assert_eq!(form("scope=&grant_type").expect("valid").get("scope"), None);
    }

    #[test]
    fn non_utf8_is_refused() {
        assert!(form("client_id=%FF%FE").is_err());
    }

    #[test]
    fn json_bodies_are_read_and_checked() {
        let json = |body: &str| {
            read(
                &headers("application/json; charset=utf-8"),
                &Bytes::from(body.to_owned()),
            )
        };
        let params = json(r#"{"grant_type":"client_credentials","client_id":"c"}"#).expect("valid");
        assert_eq!(params.get("client_id"), Some("c"));
        assert!(json(r#"{"client_id":"a","client_id":"b"}"#).is_err(), "repeated");
        assert!(json(r#"{"client_id":5}"#).is_err(), "not a string");
        assert!(json(r#"["a"]"#).is_err(), "not an object");
        assert!(json("{").is_err(), "not JSON");
        assert!(json(r#"{} {}"#).is_err(), "trailing data");
    }

    #[test]
    fn other_content_types_and_charsets_are_refused() {
        let body = Bytes::from_static(b"grant_type=x");
        assert!(read(&headers("text/plain"), &body).is_err());
        assert!(
            read(
                &headers("application/x-www-form-urlencoded; charset=latin1"),
                &body
            )
            .is_err()
        );
        assert!(read(&HeaderMap::new(), &body).is_err());
        assert!(read(&HeaderMap::new(), &Bytes::new()).is_ok());
    }

    #[test]
    fn debug_shows_names_not_values() {
        let params = form("client_id=a&client_secret=mns_hush").expect("valid");
        let shown = format!("{params:?}");
        assert!(
            shown.contains("client_secret") && !shown.contains("mns_hush"),
            "{shown}"
        );
    }

    proptest::proptest! {
        #[test]
        fn any_body_of_any_type_is_read_or_refused_without_panicking(
            body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..1024),
            json in proptest::prelude::any::<bool>(),
        ) {
            let content_type = if json { "application/json" } else { "application/x-www-form-urlencoded" };
            let _ = read(&headers(content_type), &Bytes::from(body));
        }

        #[test]
        fn form_components_decode_or_are_refused(raw in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..256)) {
            if let Ok(text) = decode_component(&raw) {
                proptest::prop_assert!(text.len() <= raw.len());
            }
        }

        #[test]
        fn form_components_decode_as_plus_then_percent_decoding_does(
            raw in proptest::collection::vec(proptest::prop_oneof![
                proptest::prelude::Just(b'%'),
                proptest::prelude::Just(b'+'),
                proptest::prelude::Just(b'a'),
                proptest::prelude::Just(b'F'),
                proptest::prelude::Just(b'2'),
                proptest::prelude::Just(b'g'),
                proptest::prelude::Just(0xc3_u8),
                proptest::prelude::Just(0xa9_u8),
            ], 0..24),
        ) {
            let plus_as_space: Vec<u8> = raw.iter().map(|&b| if b == b'+' { b' ' } else { b }).collect();
            let expected = String::from_utf8(percent_encoding::percent_decode(&plus_as_space).collect()).ok();
            proptest::prop_assert_eq!(decode_component(&raw).ok(), expected);
        }
    }

    #[test]
    fn oversized_bodies_are_refused() {
        let body = Bytes::from(vec![b'a'; BODY_LIMIT + 1]);
        assert!(read(&headers("application/x-www-form-urlencoded"), &body).is_err());
    }
}
