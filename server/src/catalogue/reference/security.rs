//! An operation's security requirements and the document's security schemes, in words.

use super::html::escape;
use crate::catalogue::ApiDocument;
use serde_json::Value;

/// One way to authenticate: every scheme named (with its scopes) is needed together.
pub type Requirement = Vec<(String, Vec<String>)>;

/// The ways `operation` may be authenticated: its own `security`, else the document's; an
/// empty list means none is needed. An empty requirement (`{}`) among them means the
/// credentials are optional.
pub fn requirements(document: &ApiDocument, operation: &Value) -> Vec<Requirement> {
    let security = operation.get("security").unwrap_or(&document.root["security"]);
    security
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .map(|requirement| {
            requirement
                .iter()
                .map(|(name, scopes)| {
                    let scopes = scopes
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect();
                    (name.clone(), scopes)
                })
                .collect()
        })
        .collect()
}

/// One requirement as HTML (`client_credentials (OAuth 2.0 client credentials) with scope …`).
pub fn requirement_text(document: &ApiDocument, requirement: &Requirement) -> String {
    if requirement.is_empty() {
        return "no credentials (they are optional)".to_owned();
    }
    requirement
        .iter()
        .map(|(name, scopes)| {
            let scheme = document.at(&format!(
                "/components/securitySchemes/{}",
                crate::catalogue::refs::escape(name)
            ));
            let kind = scheme.map_or_else(|| "not described in the document".to_owned(), scheme_kind);
            let mut text = format!("<code>{}</code> ({})", escape(name), escape(&kind));
            if !scopes.is_empty() {
                let listed: Vec<String> = scopes
                    .iter()
                    .map(|scope| format!("<code>{}</code>", escape(scope)))
                    .collect();
                text.push_str(&format!(" with scope {}", listed.join(", ")));
            }
            text
        })
        .collect::<Vec<_>>()
        .join(" and ")
}

/// What a security scheme is, in words.
pub fn scheme_kind(scheme: &Value) -> String {
    let text = |key: &str| scheme[key].as_str().unwrap_or_default();
    match text("type") {
        "apiKey" => format!("API key in the {} `{}`", text("in"), text("name")),
        "http" if text("scheme").eq_ignore_ascii_case("basic") => "HTTP Basic".to_owned(),
        "http" if text("scheme").eq_ignore_ascii_case("bearer") => match text("bearerFormat") {
            "" => "HTTP bearer token".to_owned(),
            format => format!("HTTP bearer token ({format})"),
        },
        "http" => format!("HTTP {}", text("scheme")),
        "oauth2" => {
            let flows: Vec<&str> = scheme["flows"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(flow, _)| match flow.as_str() {
                    "clientCredentials" => "client credentials",
                    "authorizationCode" => "authorization code",
                    "implicit" => "implicit",
                    "password" => "password",
                    other => other,
                })
                .collect();
            format!("OAuth 2.0 {}", flows.join(", "))
        }
        "openIdConnect" => format!("OpenID Connect ({})", text("openIdConnectUrl")),
        "mutualTLS" => "mutual TLS".to_owned(),
        other => format!("{other} (not a scheme the portal knows)"),
    }
}

#[cfg(test)]
mod tests {
    use super::{requirement_text, requirements, scheme_kind};
    use crate::catalogue::{ApiDocument, SpecVersion};
    use serde_json::json;

    #[test]
    fn every_scheme_is_put_in_words_and_operations_override_the_document() {
        let document = ApiDocument::new(
            json!({
                "openapi": "3.1.0",
                "paths": {},
                "security": [{"oauth": ["claims:read"]}],
                "components": {"securitySchemes": {
                    "oauth": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "/t", "scopes": {}}}},
                    "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
                }},
            }),
            SpecVersion::V31,
        );
        let inherited = requirements(&document, &json!({}));
        assert_eq!(
            requirement_text(&document, &inherited[0]),
            "<code>oauth</code> (OAuth 2.0 client credentials) with scope <code>claims:read</code>"
        );
        assert!(
            requirements(&document, &json!({"security": []})).is_empty(),
            "security: [] sends none"
        );
        let own = requirements(&document, &json!({"security": [{"key": []}, {}]}));
        assert_eq!(
            requirement_text(&document, &own[0]),
            "<code>key</code> (API key in the header `X-Key`)"
        );
        assert_eq!(
            requirement_text(&document, &own[1]),
            "no credentials (they are optional)"
        );
        assert_eq!(
            scheme_kind(&json!({"type": "http", "scheme": "Basic"})),
            "HTTP Basic"
        );
        assert_eq!(
            scheme_kind(&json!({"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})),
            "HTTP bearer token (JWT)"
        );
    }
}
