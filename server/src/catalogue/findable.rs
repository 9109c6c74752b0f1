//! What search finds in the catalogue: every operation (method, path, summary and the start
//! of its description), linking to its page, and every named schema, linking to where it is
//! first drawn (the first operation that uses it, directly or through other schemas).

use super::{ApiDocument, Catalogue, refs};
use crate::content::Searchable;
use serde_json::Value;
use std::collections::{HashMap, VecDeque};

/// How much of a description search reads.
const TEXT_BYTES: usize = 400;

impl Catalogue {
    /// The catalogue's entries for the search index.
    pub fn findable(&self) -> Vec<Searchable> {
        let mut found = Vec::new();
        for api in self.apis() {
            let Some(document) = &api.document else { continue };
            for operation in &document.operations {
                let value = document.at(&operation.pointer).unwrap_or(&Value::Null);
                let description = value["description"].as_str().unwrap_or_default();
                found.push(Searchable {
                    page_title: api.title.clone(),
                    heading: format!("{} {} — {}", operation.method, operation.path, operation.summary),
                    url: format!("/apis/{}/{}", api.slug, operation.slug),
                    text: crate::text::shortened(description, TEXT_BYTES),
                });
            }
            for (name, operation) in first_uses(document) {
                found.push(Searchable {
                    page_title: api.title.clone(),
                    heading: format!("{name} (schema)"),
                    url: format!(
                        "/apis/{}/{}#schema-{}",
                        api.slug,
                        operation,
                        super::slugify(&name)
                    ),
                    text: document.root["components"]["schemas"][&name]["description"]
                        .as_str()
                        .map(|text| crate::text::shortened(text, TEXT_BYTES))
                        .unwrap_or_default(),
                });
            }
        }
        found
    }
}

/// Each named schema and the slug of the first operation that draws it.
fn first_uses(document: &ApiDocument) -> Vec<(String, String)> {
    let prefix = "#/components/schemas/";
    let named = |reference: &str| {
        reference
            .strip_prefix(prefix)
            .map(|name| name.replace("~1", "/").replace("~0", "~"))
    };
    let mut inside: HashMap<String, Vec<String>> = HashMap::new();
    for (name, schema) in document.root["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
    {
        let mut refs = Vec::new();
        collect(schema, &mut refs);
        inside.insert(
            name.clone(),
            refs.iter().filter_map(|reference| named(reference)).collect(),
        );
    }
    let mut first: HashMap<String, String> = HashMap::new();
    let mut order = Vec::new();
    for operation in &document.operations {
        let mut refs = Vec::new();
        collect(document.at(&operation.pointer).unwrap_or(&Value::Null), &mut refs);
        let mut queue: VecDeque<String> = refs.iter().filter_map(|reference| named(reference)).collect();
        while let Some(name) = queue.pop_front() {
            if first.contains_key(&name) {
                continue;
            }
            first.insert(name.clone(), operation.slug.clone());
            order.push(name.clone());
            queue.extend(inside.get(&name).into_iter().flatten().cloned());
        }
    }
    order
        .into_iter()
        .filter_map(|name| first.get(&name).cloned().map(|slug| (name, slug)))
        .collect()
}

/// Every `$ref` string inside `value` (not following them), at most a bounded number.
fn collect(value: &Value, found: &mut Vec<String>) {
    let mut pending = vec![value];
    while let Some(next) = pending.pop() {
        if found.len() >= 10_000 {
            return;
        }
        match next {
            Value::Object(members) => {
                if let Some(reference) = refs::reference_of(next) {
                    found.push(reference.to_owned());
                }
                pending.extend(members.values());
            }
            Value::Array(items) => pending.extend(items),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::catalogue::{Api, ApiDocument, Catalogue, SpecVersion};
    use serde_json::json;

    #[test]
    fn operations_and_schemas_are_findable_where_they_are_drawn() {
        let document = ApiDocument::new(
            json!({
                "openapi": "3.1.0",
                "paths": {"/pets": {"get": {"operationId": "listPets", "summary": "List pets", "description": "Every pet.",
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pets"}}}}}}}},
                "components": {"schemas": {
                    "Pets": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}},
                    "Pet": {"type": "object", "description": "A pet."},
                    "Unused": {"type": "string"},
                }},
            }),
            SpecVersion::V31,
        );
        let api = Api {
            slug: "pets".into(),
            title: "Pets".into(),
            summary: String::new(),
            order: 0,
            tags: Vec::new(),
            introduction_html: None,
            source: "pets".into(),
            document: Some(document),
            problems: Vec::new(),
        };
        let found = Catalogue::from_apis(vec![api]).findable();
        let urls: Vec<(&str, &str)> = found
            .iter()
            .map(|item| (item.heading.as_str(), item.url.as_str()))
            .collect();
        assert_eq!(
            urls,
            [
                ("GET /pets — List pets", "/apis/pets/listpets"),
                ("Pets (schema)", "/apis/pets/listpets#schema-pets"),
                ("Pet (schema)", "/apis/pets/listpets#schema-pet"),
            ],
            "a schema only used through another is found on the same page; an unused one is not"
        );
        assert_eq!(found[2].text, "A pet.");
    }
}
