//! Checks an answer against what the operation documents: is its status among the documented
//! responses (exact, a range such as `4XX`, or `default`), is its media type documented, and
//! does a JSON body match the documented schema (each mismatch with its JSON pointer).

use crate::catalogue::examples::Direction;
use crate::catalogue::validate::validate;
use crate::catalogue::{ApiDocument, Operation};
use serde_json::Value;

/// The most schema mismatches listed for one answer.
const MAX_LISTED: usize = 10;

/// What the check found: empty when the answer is as documented.
pub fn check(
    document: &ApiDocument,
    operation: &Operation,
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Vec<String> {
    let Some(responses) = document
        .at(&operation.pointer)
        .and_then(|value| value["responses"].as_object())
    else {
        return Vec::new();
    };
    let exact = status.to_string();
    let range = format!("{}XX", status / 100);
    let found = responses
        .get(&exact)
        .map(|response| (exact.clone(), response))
        .or_else(|| {
            responses
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(&range))
                .map(|(key, response)| (key.clone(), response))
        })
        .or_else(|| {
            responses
                .get("default")
                .map(|response| ("default".to_owned(), response))
        });
    let Some((_, response)) = found else {
        let listed: Vec<&str> = responses.keys().map(String::as_str).collect();
        return vec![format!(
            "{status} is not among the documented responses ({}).",
            listed.join(", ")
        )];
    };
    let response = document.resolve(response);
    let Some(content) = response["content"]
        .as_object()
        .filter(|content| !content.is_empty())
    else {
        return Vec::new();
    };
    let media_type = content_type
        .and_then(|value| value.split(';').next())
        .map(|value| value.trim().to_ascii_lowercase())
        .unwrap_or_default();
    if body.is_empty() && media_type.is_empty() {
        return Vec::new();
    }
    let wildcard = format!("{}/*", media_type.split('/').next().unwrap_or_default());
    let Some(media) = content
        .get(&media_type)
        .or_else(|| content.get(&wildcard))
        .or_else(|| content.get("*/*"))
    else {
        let listed: Vec<&str> = content.keys().map(String::as_str).collect();
        return vec![format!(
            "The answer is {}, which the document does not list for {status} ({}).",
            if media_type.is_empty() {
                "without a Content-Type".to_owned()
            } else {
                media_type.clone()
            },
            listed.join(", ")
        )];
    };
    let is_json = media_type == "application/json" || media_type.ends_with("+json");
    let Some(schema) = media.get("schema").filter(|_| is_json) else {
        return Vec::new();
    };
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return vec!["The body is not valid JSON, though the document says it is JSON.".to_owned()];
    };
    let problems = validate(&document.root, schema, &value, Direction::Response);
    if problems.is_empty() {
        return Vec::new();
    }
    let mut notes = vec![format!(
        "The body does not match the documented schema for {status} ({} mismatch{}):",
        problems.len(),
        if problems.len() == 1 { "" } else { "es" }
    )];
    for problem in problems.iter().take(MAX_LISTED) {
        let at = if problem.pointer.is_empty() {
            "the body".to_owned()
        } else {
            problem.pointer.clone()
        };
        notes.push(format!("{at}: {}", problem.message));
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::catalogue::{ApiDocument, SpecVersion};
    use serde_json::json;

    fn document() -> ApiDocument {
        ApiDocument::new(
            json!({
                "openapi": "3.1.0",
                "paths": {"/pets": {"get": {"responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": {
                        "type": "array", "items": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
                    }}}},
                    "4XX": {"description": "client error"},
                }}}},
            }),
            SpecVersion::V31,
        )
    }

    #[test]
    fn documented_answers_pass_and_others_are_pointed_out() {
        let document = document();
        let operation = &document.operations[0];
        let json = Some("application/json; charset=utf-8");
        assert!(check(&document, operation, 200, json, br#"[{"name": "Rex"}]"#).is_empty());
        assert!(
            check(&document, operation, 404, None, b"").is_empty(),
            "4XX covers 404"
        );
        assert_eq!(
            check(&document, operation, 500, None, b""),
            ["500 is not among the documented responses (200, 4XX)."]
        );
        assert_eq!(
            check(&document, operation, 200, json, br#"[{"name": 3}, {}]"#),
            [
                "The body does not match the documented schema for 200 (2 mismatches):",
                "/0/name: must be a string",
                "/1/name: is required",
            ]
        );
        assert_eq!(
            check(&document, operation, 200, Some("text/html"), b"<p>"),
            ["The answer is text/html, which the document does not list for 200 (application/json)."]
        );
    }
}
