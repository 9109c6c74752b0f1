//! The operations of a document, in document order, each with its slug: the `operationId`
//! slugified (lowercase, runs of other characters → `-`), or — without an `operationId`, or
//! when two slugify alike — `{method}-{path}` slugified; numbered in document order if that
//! still collides. The same document always gives the same slugs.

use super::refs::{deref, escape};
use serde_json::Value;

/// The HTTP methods a path item can hold, in the order OpenAPI lists them.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// Its URL segment under the API (`create-or-update-file-contents`).
    pub slug: String,
    /// `GET`, `POST` …
    pub method: String,
    /// The path template (`/repos/{owner}/{repo}/contents/{path}`).
    pub path: String,
    /// The JSON pointer of the path item (`/paths/~1pets`).
    pub path_pointer: String,
    /// The JSON pointer of the operation (`/paths/~1pets/get`).
    pub pointer: String,
    /// The `operationId`, if any.
    pub operation_id: Option<String>,
    /// The summary, else the `operationId`, else `METHOD path`.
    pub summary: String,
    /// Its tags (`default` when it has none).
    pub tags: Vec<String>,
    /// Whether it is deprecated.
    pub deprecated: bool,
}

/// `text` lowercased, with every run of characters other than `a-z` and `0-9` made one `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

/// Every operation of `root`, in document order, with unique slugs.
pub fn index(root: &Value) -> Vec<Operation> {
    let mut operations = Vec::new();
    for (path, item) in root["paths"].as_object().into_iter().flatten() {
        let item = deref(root, item);
        let path_pointer = format!("/paths/{}", escape(path));
        for method in METHODS {
            let Some(operation) = item
                .get(method)
                .map(|value| deref(root, value))
                .filter(|v| v.is_object())
            else {
                continue;
            };
            let operation_id = operation["operationId"].as_str().map(str::to_owned);
            let summary = operation["summary"]
                .as_str()
                .filter(|s| !s.trim().is_empty())
                .map(str::to_owned)
                .or_else(|| operation_id.clone())
                .unwrap_or_else(|| format!("{} {path}", method.to_uppercase()));
            let tags: Vec<String> = operation["tags"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect();
            operations.push(Operation {
                slug: String::new(),
                method: method.to_uppercase(),
                path: path.clone(),
                pointer: format!("{path_pointer}/{method}"),
                path_pointer: path_pointer.clone(),
                operation_id,
                summary,
                tags: if tags.is_empty() {
                    vec!["default".to_owned()]
                } else {
                    tags
                },
                deprecated: operation["deprecated"].as_bool().unwrap_or(false),
            });
        }
    }
    assign_slugs(&mut operations);
    operations
}

fn assign_slugs(operations: &mut [Operation]) {
    let from_id: Vec<Option<String>> = operations
        .iter()
        .map(|operation| {
            operation
                .operation_id
                .as_deref()
                .map(slugify)
                .filter(|slug| !slug.is_empty())
        })
        .collect();
    let mut taken: Vec<String> = Vec::with_capacity(operations.len());
    for (index, operation) in operations.iter_mut().enumerate() {
        let unique_id = from_id[index].as_ref().filter(|slug| {
            from_id
                .iter()
                .filter(|other| other.as_ref() == Some(slug))
                .count()
                == 1
        });
        let base = match unique_id {
            Some(slug) => slug.clone(),
            None => slugify(&format!("{}-{}", operation.method, operation.path)),
        };
        let mut slug = base.clone();
        let mut number = 2;
        while taken.contains(&slug) || slug.is_empty() {
            slug = format!("{base}-{number}");
            number += 1;
        }
        taken.push(slug.clone());
        operation.slug = slug;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn operation_ids_are_slugified() {
        assert_eq!(
            slugify("repos/create-or-update-file-contents"),
            "repos-create-or-update-file-contents"
        );
        assert_eq!(slugify("getPetById"), "getpetbyid");
        assert_eq!(
            slugify("  Ünïcode__and  spaces!! "),
            "n-code-and-spaces",
            "only a-z and 0-9 are kept"
        );
        assert_eq!(slugify("GET /pets/{petId}"), "get-pets-petid");
        assert_eq!(slugify("///"), "");
    }

    #[test]
    fn missing_and_colliding_ids_fall_back_to_method_and_path_and_stay_unique() {
        let root = json!({"paths": {
            "/pets": {"get": {"operationId": "list pets"}, "post": {}},
            "/pets/{id}": {"get": {"operationId": "list-pets"}, "delete": {"operationId": "remove"}},
            "/get/pets": {"get": {}},
            "/get-pets": {"get": {}}
        }});
        let slugs: Vec<String> = index(&root).into_iter().map(|operation| operation.slug).collect();
        assert_eq!(
            slugs,
            [
                "get-pets",
                "post-pets",
                "get-pets-id",
                "remove",
                "get-get-pets",
                "get-get-pets-2"
            ]
        );
        assert_eq!(
            slugs,
            index(&root).into_iter().map(|o| o.slug).collect::<Vec<_>>(),
            "stable"
        );
    }

    #[test]
    fn path_items_by_reference_tags_and_summaries_are_read() {
        let root = json!({
            "paths": {"/a": {"$ref": "#/components/pathItems/A"}},
            "components": {"pathItems": {"A": {"get": {"tags": ["Things"], "deprecated": true}}}}
        });
        let operations = index(&root);
        assert_eq!(operations.len(), 1);
        assert_eq!(operations[0].summary, "GET /a");
        assert_eq!(operations[0].tags, ["Things"]);
        assert!(operations[0].deprecated);
        assert_eq!(operations[0].pointer, "/paths/~1a/get");
    }
}
