//! Following `$ref`s inside one (bundled) OpenAPI document: every reference left in a
//! catalogue document is internal (`#/json/pointer`), so a target is found with a JSON
//! pointer; chains of references are followed a bounded number of times.

use serde_json::Value;

/// How many references in a row are followed before giving up (a loop of references).
const MAX_HOPS: usize = 16;

/// The value an internal reference (`#/components/schemas/Pet`) points at.
pub fn target<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    let fragment = reference.strip_prefix('#')?;
    let decoded = percent_encoding::percent_decode_str(fragment)
        .decode_utf8()
        .ok()?;
    if decoded.is_empty() {
        return Some(root);
    }
    root.pointer(&decoded)
}

/// The reference of a `{"$ref": "…"}` object, if `value` is one.
pub fn reference_of(value: &Value) -> Option<&str> {
    value.get("$ref").and_then(Value::as_str)
}

/// `value`, or what its chain of references ends at (`value` itself when a reference is
/// broken or the chain loops: the load check reports those).
pub fn deref<'a>(root: &'a Value, value: &'a Value) -> &'a Value {
    let mut current = value;
    for _ in 0..MAX_HOPS {
        match reference_of(current).and_then(|reference| target(root, reference)) {
            Some(next) => current = next,
            None => return current,
        }
    }
    current
}

/// The JSON pointer token for `key` (`/` → `~1`, `~` → `~0`).
pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The last name in a reference (`#/components/schemas/Pet` → `Pet`).
pub fn name_of(reference: &str) -> &str {
    reference.rsplit('/').next().unwrap_or(reference)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn references_are_followed_through_chains_and_escapes() {
        let root = json!({
            "components": {"schemas": {
                "Pet": {"type": "object"},
                "Alias": {"$ref": "#/components/schemas/Pet"},
                "a/b": {"type": "string"},
                "Loop": {"$ref": "#/components/schemas/Loop"}
            }}
        });
        let alias = json!({"$ref": "#/components/schemas/Alias"});
        assert_eq!(deref(&root, &alias), &json!({"type": "object"}));
        assert_eq!(
            target(&root, "#/components/schemas/a~1b"),
            Some(&json!({"type": "string"}))
        );
        assert_eq!(
            target(&root, "#/components/schemas/a%7E1b"),
            Some(&json!({"type": "string"}))
        );
        assert_eq!(target(&root, "#/components/schemas/Nope"), None);
        assert_eq!(target(&root, "other.json#/x"), None);
        let looping = json!({"$ref": "#/components/schemas/Loop"});
        assert!(
            reference_of(deref(&root, &looping)).is_some(),
            "a loop ends, unresolved"
        );
        assert_eq!(escape("/pets/{id}"), "~1pets~1{id}");
        assert_eq!(name_of("#/components/schemas/Pet"), "Pet");
    }
}
