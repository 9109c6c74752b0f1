//! What the console shows of the user's tokens: their claims, decoded (the signature is
//! checked where it matters: the ID token by the flow, the access token by the API).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

/// The claims of a JWT, or `None` when `token` is not one.
pub fn jwt_claims(token: &str) -> Option<Value> {
    let mut parts = token.split('.');
    let (_, payload, _) = (parts.next()?, parts.next()?, parts.next()?);
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    match serde_json::from_slice(&bytes).ok()? {
        Value::Object(claims) => Some(Value::Object(claims)),
        _ => None,
    }
}

/// Claims as the page shows them: pretty JSON.
pub fn pretty(claims: &Value) -> String {
    serde_json::to_string_pretty(claims).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_jwt_payload_decodes_and_anything_else_does_not() {
        let payload = URL_SAFE_NO_PAD.encode(br#"{"sub":"ada","aud":"sandbox"}"#);
        let token = format!("eyJhbGciOiJFUzI1NiJ9.{payload}.c2ln");
        assert_eq!(jwt_claims(&token), Some(json!({"sub": "ada", "aud": "sandbox"})));
        assert_eq!(jwt_claims("opaque-token"), None);
        assert_eq!(jwt_claims("a.bm90IGpzb24.c"), None);
    }
}
