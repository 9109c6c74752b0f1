//! Header and cookie parameters: which header names the portal lets a person set (never the
//! ones it controls: framing, routing, authentication, attribution), which values it sends
//! (visible ASCII, spaces and tabs: nothing that could end a line), and the one `cookie`
//! header built from cookie parameters.

use super::Problems;
use super::parameters::{Parameter, Shape};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Header names only the portal sets.
const FORBIDDEN: &[&str] = &[
    "host",
    "content-length",
    "content-type",
    "transfer-encoding",
    "connection",
    "keep-alive",
    "upgrade",
    "te",
    "trailer",
    "authorization",
    "cookie",
    "forwarded",
    "x-real-ip",
    "x-request-id",
    "x-portal-console-attribution",
    "via",
    "expect",
];

/// Prefixes of header names only the portal sets.
const FORBIDDEN_PREFIXES: &[&str] = &["proxy-", "x-forwarded-"];

/// The longest header or cookie name accepted.
const MAX_NAME_BYTES: usize = 256;

/// What is encoded in cookie values: all but RFC 3986's unreserved characters.
const COOKIE_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Whether `name` is an HTTP token (RFC 9110 `tchar`s).
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME_BYTES
        && name
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte))
}

/// Whether a person may set the header `name`: an HTTP token that is not one the portal
/// controls (framing, routing, authentication, cookies, attribution).
pub fn header_allowed(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    is_token(name)
        && !FORBIDDEN.contains(&lower.as_str())
        && !FORBIDDEN_PREFIXES.iter().any(|prefix| lower.starts_with(prefix))
}

/// Whether `value` may be sent as a header value: visible ASCII, spaces and tabs only (no CR,
/// LF, NUL or other control characters, no non-ASCII).
pub fn header_value_allowed(value: &str) -> bool {
    value
        .bytes()
        .all(|byte| byte == b'\t' || (b' '..=b'~').contains(&byte))
}

/// A header or cookie value in the `simple` style: arrays and objects comma-separated.
fn simple(value: &Shape, explode: bool) -> String {
    match value {
        Shape::Empty => String::new(),
        Shape::Scalar(text) => text.clone(),
        Shape::Array(items) => items.join(","),
        Shape::Object(entries) => entries
            .iter()
            .map(|(key, member)| {
                if explode {
                    format!("{key}={member}")
                } else {
                    format!("{key},{member}")
                }
            })
            .collect::<Vec<_>>()
            .join(","),
    }
}

/// The headers of the header and cookie parameters that were given (lowercase names), refusing
/// names the portal controls and values that are not plain text.
pub(super) fn render(parameters: &[Parameter], problems: &mut Problems) -> Vec<(String, String)> {
    let mut headers = Vec::new();
    let mut cookies: Vec<String> = Vec::new();
    for parameter in parameters {
        let Some(value) = &parameter.value else {
            continue;
        };
        match parameter.location.as_str() {
            "header" => {
                if !header_allowed(&parameter.name) {
                    problems.structural(&parameter.field, "", "the portal does not send this header");
                    continue;
                }
                let text = simple(value, parameter.explode);
                if header_value_allowed(&text) {
                    headers.push((parameter.name.to_ascii_lowercase(), text));
                } else {
                    problems.structural(&parameter.field, "", NOT_PLAIN);
                }
            }
            "cookie" => {
                if !is_token(&parameter.name) {
                    problems.structural(&parameter.field, "", "is not a name a cookie can have");
                    continue;
                }
                let plain = match value {
                    Shape::Empty => true,
                    Shape::Scalar(text) => header_value_allowed(text),
                    Shape::Array(items) => items.iter().all(|item| header_value_allowed(item)),
                    Shape::Object(entries) => entries
                        .iter()
                        .all(|(key, member)| header_value_allowed(key) && header_value_allowed(member)),
                };
                if plain {
                    cookies.extend(cookie_pairs(parameter, value));
                } else {
                    problems.structural(&parameter.field, "", NOT_PLAIN);
                }
            }
            _ => {}
        }
    }
    if !cookies.is_empty() {
        headers.push(("cookie".to_owned(), cookies.join("; ")));
    }
    headers
}

/// The message for a header or cookie value that cannot be sent.
const NOT_PLAIN: &str = "may contain only visible ASCII characters, spaces and tabs";

/// A cookie parameter as `name=value` pairs (style `form`), values percent-encoded.
fn cookie_pairs(parameter: &Parameter, value: &Shape) -> Vec<String> {
    let encode = |text: &str| utf8_percent_encode(text, COOKIE_VALUE).to_string();
    let name = &parameter.name;
    match value {
        Shape::Empty => vec![format!("{name}=")],
        Shape::Scalar(text) => vec![format!("{name}={}", encode(text))],
        Shape::Array(items) if parameter.explode => items
            .iter()
            .map(|item| format!("{name}={}", encode(item)))
            .collect(),
        Shape::Array(items) => {
            let joined: Vec<String> = items.iter().map(|item| encode(item)).collect();
            vec![format!("{name}={}", joined.join(","))]
        }
        Shape::Object(entries) if parameter.explode => entries
            .iter()
            .map(|(key, member)| format!("{}={}", encode(key), encode(member)))
            .collect(),
        Shape::Object(entries) => {
            let joined: Vec<String> = entries
                .iter()
                .flat_map(|(key, member)| [encode(key), encode(member)])
                .collect();
            vec![format!("{name}={}", joined.join(","))]
        }
    }
}
