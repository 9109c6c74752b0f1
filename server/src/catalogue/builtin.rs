//! The embedded sandbox's own catalogue entries. Its OpenAPI document is generated from the
//! handlers (`GET /openapi.json`); the catalogue shows it as two APIs, as a marketplace lists
//! them: the authorization server (token, introspection, revocation, metadata) and the Claims
//! Attachment API. Each keeps the operations of its tag and the shared components.

use super::{Api, ApiDocument, SpecVersion};
use serde_json::{Map, Value};
use std::path::PathBuf;

/// The slugs of the APIs the embedded sandbox serves.
pub const SANDBOX_APIS: [&str; 2] = ["auth", "claims-attachments"];

/// One built-in API: its slug, the document's tag it takes, its summary and place.
struct Entry {
    slug: &'static str,
    tag: &'static str,
    title: &'static str,
    summary: &'static str,
    order: i64,
    tags: &'static [&'static str],
}

const ENTRIES: [Entry; 2] = [
    Entry {
        slug: "auth",
        tag: "Authorization",
        title: "Authorization (OAuth 2.0)",
        summary: "Client credentials tokens (v2 and legacy v1), introspection, revocation and server metadata.",
        order: -20,
        tags: &["security", "oauth"],
    },
    Entry {
        slug: "claims-attachments",
        tag: "Claims Attachments V1",
        title: "Claims Attachment API",
        summary: "Submit documents to a claim, follow their processing, and retrieve them.",
        order: -10,
        tags: &["claims", "sandbox"],
    },
];

/// The sandbox's APIs, from its generated document.
pub fn sandbox_entries(document: &Value) -> Vec<Api> {
    ENTRIES
        .iter()
        .map(|entry| {
            let root = only_tag(document, entry.tag);
            let version = SpecVersion::of(&root).unwrap_or(SpecVersion::V31);
            Api {
                slug: entry.slug.to_owned(),
                title: entry.title.to_owned(),
                summary: entry.summary.to_owned(),
                order: entry.order,
                tags: entry.tags.iter().map(|&tag| tag.to_owned()).collect(),
                introduction_html: None,
                source: PathBuf::from(format!("(generated) /openapi.json, tag {}", entry.tag)),
                document: Some(ApiDocument::new(root, version)),
                problems: Vec::new(),
            }
        })
        .collect()
}

/// `document` with only the operations tagged `tag` (path items left empty are dropped).
fn only_tag(document: &Value, tag: &str) -> Value {
    let mut root = document.clone();
    let mut paths = Map::new();
    for (path, item) in document["paths"].as_object().into_iter().flatten() {
        let mut kept = Map::new();
        for (key, value) in item.as_object().into_iter().flatten() {
            let is_operation = super::operations::METHODS.contains(&key.as_str());
            let tagged = value["tags"]
                .as_array()
                .is_some_and(|tags| tags.iter().any(|t| t == tag));
            if !is_operation || tagged {
                kept.insert(key.clone(), value.clone());
            }
        }
        if kept
            .keys()
            .any(|key| super::operations::METHODS.contains(&key.as_str()))
        {
            paths.insert(path.clone(), Value::Object(kept));
        }
    }
    root["paths"] = Value::Object(paths);
    if let Some(tags) = root.get_mut("tags").and_then(Value::as_array_mut) {
        tags.retain(|entry| entry["name"] == tag);
    }
    if let Some(info) = root.get_mut("info").and_then(Value::as_object_mut) {
        info.insert("title".into(), Value::String(tag.to_owned()));
    }
    root
}

#[cfg(test)]
mod tests {
    use super::sandbox_entries;
    use serde_json::json;

    #[test]
    fn the_sandbox_document_becomes_one_api_per_tag() {
        let document = json!({
            "openapi": "3.1.0",
            "info": {"title": "Sandbox", "version": "1.0.0"},
            "tags": [{"name": "Authorization"}, {"name": "Claims Attachments V1"}],
            "paths": {
                "/apip/auth/v2/token": {"post": {"tags": ["Authorization"], "operationId": "token"}},
                "/claims/attachments/v1": {"post": {"tags": ["Claims Attachments V1"], "operationId": "submit"}},
            },
        });
        let apis = sandbox_entries(&document);
        let slugs: Vec<_> = apis.iter().map(|api| api.slug.as_str()).collect();
        assert_eq!(
            slugs,
            super::SANDBOX_APIS,
            "the sandbox serves exactly its own entries"
        );
        let claims = apis[1].document.as_ref().expect("a document");
        let operations: Vec<_> = claims.operations.iter().map(|o| o.slug.as_str()).collect();
        assert_eq!(operations, ["submit"]);
        assert_eq!(claims.root["tags"], json!([{"name": "Claims Attachments V1"}]));
    }
}
