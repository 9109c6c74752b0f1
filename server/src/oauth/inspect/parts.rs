//! Reading a pasted token: the wrapping people paste with taken off, and its JOSE header
//! and claims decoded (not verified), or why it cannot be read, in words that never repeat it.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};

/// The longest token the inspector reads (bytes).
pub const MAX_TOKEN_BYTES: usize = 8 * 1024;

/// A token's two readable parts, decoded but not verified.
#[derive(Debug, Clone, PartialEq)]
pub struct Unverified {
    /// The JOSE header.
    pub header: Map<String, Value>,
    /// The claims.
    pub claims: Map<String, Value>,
}

impl Unverified {
    pub(super) fn text(&self, claim: &str) -> Option<String> {
        self.claims.get(claim).map(|value| match value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        })
    }

    pub(super) fn header_text(&self, field: &str) -> Option<&str> {
        self.header.get(field).and_then(Value::as_str)
    }

    pub(super) fn expires_at(&self) -> Option<i64> {
        self.claims.get("exp").and_then(Value::as_i64)
    }
}

/// What was pasted, as the token it most likely is: surrounding whitespace and quotes, a
/// `Bearer ` prefix and line breaks (a wrapped paste) taken off.
pub fn normalize(input: &str) -> String {
    let trimmed = input.trim().trim_matches(|c| c == '"' || c == '\'').trim();
    let unprefixed = match trimmed.get(..7) {
        Some(prefix) if prefix.eq_ignore_ascii_case("bearer ") => &trimmed[7..],
        _ => trimmed,
    };
    unprefixed.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Decodes `token`'s header and claims, or says in words why it cannot be read. The
/// messages never repeat the input.
pub fn read(token: &str) -> Result<Unverified, String> {
    if token.is_empty() {
        return Err("Paste an access token to inspect it.".into());
    }
    if token.len() > MAX_TOKEN_BYTES {
        return Err(format!(
            "That is longer than {} KiB, so it was not read: no access token is that long. Paste only the access_token value.",
            MAX_TOKEN_BYTES / 1024
        ));
    }
    if token.starts_with("mns_") {
        return Err("That is a client secret (MN-ClientSecret), not a token. Secrets are sent to the token endpoint; the access_token it answers with is what the inspector reads. Never paste a secret anywhere else.".into());
    }
    if token.starts_with("mnc_") {
        return Err("That is a client id (MN-ClientId), not a token. Paste the access_token value from a token response.".into());
    }
    let parts: Vec<&str> = token.split('.').collect();
    match parts.len() {
        3 => {}
        5 => {
            return Err("That is an encrypted token (a JWE, in five parts): only the service it was encrypted for can read it. Sandbox tokens are signed JWTs in three parts.".into());
        }
        count => {
            return Err(format!(
                "That is not a JWT: a JWT has three parts separated by dots (header.claims.signature), and this has {count}. It may be cut short, or not a token at all."
            ));
        }
    }
    let header = object(parts[0]).ok_or(
        "That is not a JWT: its first part (the JOSE header) does not decode to JSON. It may be cut short or changed.",
    )?;
    let claims = object(parts[1]).ok_or(
        "That is not a JWT access token: its second part (the claims) does not decode to a JSON object. It may be cut short or changed.",
    )?;
    Ok(Unverified { header, claims })
}

/// A base64url part (padded or not) as a JSON object.
fn object(part: &str) -> Option<Map<String, Value>> {
    let bytes = URL_SAFE_NO_PAD.decode(part.trim_end_matches('=')).ok()?;
    match serde_json::from_slice(&bytes).ok()? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(json: &str) -> String {
        URL_SAFE_NO_PAD.encode(json)
    }

    #[test]
    fn pasted_tokens_lose_their_wrapping() {
        assert_eq!(normalize("  Bearer a.b.c \n"), "a.b.c");
        assert_eq!(normalize("bearer a.b.c"), "a.b.c");
        assert_eq!(normalize("\"a.b\n.c\""), "a.b.c");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn what_is_not_a_jwt_is_said_in_words_without_repeating_it() {
        let cases = [
            ("", "Paste an access token"),
            ("mns_supersecretvalue", "client secret"),
            ("mnc_123", "client id"),
            ("hello-world", "this has 1"),
            ("a.b.c.d.e", "encrypted token"),
            ("!!!.e30.sig", "JOSE header"),
            (&format!("{}.!!!.sig", encode("{}")), "claims"),
            (&format!("{}.{}.sig", encode("{}"), encode("[1]")), "claims"),
            (&"a".repeat(MAX_TOKEN_BYTES + 1), "8 KiB"),
        ];
        for (input, expected) in cases {
            let message = read(input).expect_err(input);
            assert!(message.contains(expected), "{input}: {message}");
            if input.len() > 3 {
                assert!(
                    !message.contains(input),
                    "the message repeats the input: {message}"
                );
            }
        }
    }

    #[test]
    fn decoding_reads_both_parts_padded_or_not() {
        let token = format!(
            "{}.{}=.sig",
            encode(r#"{"alg":"RS256"}"#),
            encode(r#"{"sub":"x"}"#)
        );
        let parts = read(&token).expect("read");
        assert_eq!(parts.header_text("alg"), Some("RS256"));
        assert_eq!(parts.text("sub").as_deref(), Some("x"));
    }
}
