//! Tests of [`super`].

use super::*;
use crate::catalogue::test_support::drop_deep;
use serde_json::json;

fn pet_document() -> Value {
    json!({"components": {"schemas": {
        "Pet": {
            "type": "object",
            "required": ["name", "status"],
            "properties": {
                "id": {"type": "integer", "format": "int64", "readOnly": true},
                "name": {"type": "string", "example": "doggie"},
                "password": {"type": "string", "format": "password", "writeOnly": true},
                "status": {"type": "string", "enum": ["available", "sold"]},
                "tags": {"type": "array", "items": {"type": "string"}},
                "owner": {"$ref": "#/components/schemas/Owner"}
            }
        },
        "Owner": {"type": "object", "properties": {"email": {"type": "string", "format": "email"}}}
    }}})
}

fn pet_ref() -> Value {
    json!({"$ref": "#/components/schemas/Pet"})
}

#[test]
fn a_request_example_leaves_read_only_properties_out() {
    let root = pet_document();
    assert_eq!(
        example(&root, &pet_ref(), Direction::Request),
        json!({
            "name": "doggie",
            "password": "string",
            "status": "available",
            "tags": ["string"],
            "owner": {"email": "user@example.com"}
        })
    );
}

#[test]
fn a_response_example_leaves_write_only_properties_out() {
    let root = pet_document();
    let value = example(&root, &pet_ref(), Direction::Response);
    assert_eq!(value.get("id"), Some(&json!(0)));
    assert_eq!(value.get("password"), None);
    let keys: Vec<&str> = value
        .as_object()
        .into_iter()
        .flatten()
        .map(|(key, _)| key.as_str())
        .collect();
    assert_eq!(keys, ["id", "name", "status", "tags", "owner"], "document order");
}

#[test]
fn a_recursive_schema_ends_in_empty_placeholders() {
    let root = json!({"components": {"schemas": {"Node": {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "parent": {"$ref": "#/components/schemas/Node"},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}
        }
    }}}});
    let node = json!({"$ref": "#/components/schemas/Node"});
    assert_eq!(
        example(&root, &node, Direction::Response),
        json!({"name": "string", "parent": {}, "children": []})
    );
    let inside = root.pointer("/components/schemas/Node").unwrap_or(&Value::Null);
    assert_eq!(
        example(&root, inside, Direction::Response),
        json!({"name": "string", "parent": {}, "children": []}),
        "the same when given the component itself"
    );
}

#[test]
fn all_of_parts_are_merged_into_one_object() {
    let root = json!({"components": {"schemas": {
        "Base": {"type": "object", "properties": {"id": {"type": "integer"}, "kind": {"type": "string"}}}
    }}});
    let schema = json!({"allOf": [
        {"$ref": "#/components/schemas/Base"},
        {"type": "object", "properties": {"kind": {"const": "cat"}, "indoor": {"type": "boolean"}}}
    ]});
    assert_eq!(
        example(&root, &schema, Direction::Request),
        json!({"id": 0, "kind": "cat", "indoor": true})
    );
}

#[test]
fn the_first_alternative_and_additional_properties_are_used() {
    let root = json!({});
    let one_of = json!({"oneOf": [{"type": "string", "format": "date"}, {"type": "integer"}]});
    assert_eq!(example(&root, &one_of, Direction::Request), json!("2024-01-01"));
    let any_of = json!({"anyOf": [{"type": "boolean"}, {"type": "string"}]});
    assert_eq!(example(&root, &any_of, Direction::Request), json!(true));
    let map = json!({"type": "object", "additionalProperties": {"type": "integer", "minimum": 3}});
    assert_eq!(example(&root, &map, Direction::Request), json!({"key": 3}));
}

#[test]
fn open_api_3_1_type_arrays_and_examples_are_understood() {
    let root = json!({});
    let nullable_date = json!({"type": ["null", "string"], "format": "date-time"});
    assert_eq!(
        example(&root, &nullable_date, Direction::Request),
        json!("2024-01-01T00:00:00Z")
    );
    let listed = json!({"type": "string", "examples": ["first", "second"]});
    assert_eq!(example(&root, &listed, Direction::Request), json!("first"));
    let only_null = json!({"type": ["null"]});
    assert_eq!(example(&root, &only_null, Direction::Request), Value::Null);
}

#[test]
fn stated_values_win_in_priority_order() {
    let root = json!({});
    let all = json!({"type": "string", "example": "e", "const": "c", "default": "d", "enum": ["n"]});
    assert_eq!(example(&root, &all, Direction::Request), json!("e"));
    let constant = json!({"type": "string", "const": "c", "default": "d", "enum": ["n"]});
    assert_eq!(example(&root, &constant, Direction::Request), json!("c"));
    let default = json!({"type": "integer", "default": 7, "enum": [1, 7]});
    assert_eq!(example(&root, &default, Direction::Request), json!(7));
    let listed = json!({"type": "integer", "enum": [3, 4]});
    assert_eq!(example(&root, &listed, Direction::Request), json!(3));
}

#[test]
fn strings_follow_format_and_length() {
    let root = json!({});
    let cases = [
        (
            json!({"type": "string", "format": "uuid"}),
            "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        ),
        (json!({"type": "string", "format": "byte"}), "ZXhhbXBsZQ=="),
        (json!({"type": "string", "format": "binary"}), ""),
        (json!({"type": "string", "format": "ipv6"}), "2001:db8::1"),
        (json!({"type": "string", "minLength": 10}), "stringxxxx"),
        (json!({"type": "string", "maxLength": 3}), "str"),
        (json!({"type": "string", "pattern": "^[0-9]+$"}), "string"),
    ];
    for (schema, expected) in &cases {
        assert_eq!(
            example(&root, schema, Direction::Request),
            json!(expected),
            "{schema}"
        );
    }
    let huge = example(&root, &json!({"minLength": 1_000_000_000}), Direction::Request);
    assert_eq!(huge.as_str().map(str::len), Some(1_024), "padding is capped");
}

#[test]
fn numbers_respect_bounds_in_both_styles() {
    let root = json!({});
    let cases = [
        (json!({"type": "integer"}), json!(0)),
        (
            json!({"type": "integer", "minimum": 10, "exclusiveMinimum": true}),
            json!(11),
        ),
        (json!({"type": "integer", "exclusiveMinimum": 10}), json!(11)),
        (
            json!({"type": "integer", "minimum": 7, "multipleOf": 5}),
            json!(10),
        ),
        (
            json!({"type": "integer", "maximum": -3, "multipleOf": 2}),
            json!(-4),
        ),
        (json!({"type": "number", "maximum": -3}), json!(-3)),
        (json!({"type": "number", "exclusiveMaximum": 0}), json!(-1)),
        (
            json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1}),
            json!(0.5),
        ),
        (json!({"type": "number", "minimum": 0.25}), json!(0.25)),
        (json!({"type": "boolean"}), json!(true)),
    ];
    for (schema, expected) in &cases {
        assert_eq!(&example(&root, schema, Direction::Request), expected, "{schema}");
    }
}

#[test]
fn arrays_hold_min_items_up_to_three() {
    let root = json!({});
    let five = json!({"type": "array", "minItems": 5, "items": {"type": "integer"}});
    assert_eq!(example(&root, &five, Direction::Request), json!([0, 0, 0]));
    let two = json!({"minItems": 2, "items": {"type": "boolean"}});
    assert_eq!(example(&root, &two, Direction::Request), json!([true, true]));
    let tuple = json!({"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]});
    assert_eq!(example(&root, &tuple, Direction::Request), json!(["string", 0]));
}

#[test]
fn media_examples_prefer_stated_values() {
    let root = json!({"components": {
        "examples": {"Rex": {"summary": "a dog", "value": {"name": "Rex"}}},
        "schemas": {"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}}
    }});
    let stated = json!({"example": {"name": "Tom"}, "schema": {"type": "object"}});
    assert_eq!(
        media_example(&root, &stated, Direction::Request),
        Some(json!({"name": "Tom"}))
    );
    let named = json!({"examples": {
        "external": {"externalValue": "https://example.com/rex.json"},
        "rex": {"$ref": "#/components/examples/Rex"}
    }});
    assert_eq!(
        media_example(&root, &named, Direction::Request),
        Some(json!({"name": "Rex"}))
    );
    let schema_only = json!({"schema": {"$ref": "#/components/schemas/Pet"}});
    assert_eq!(
        media_example(&root, &schema_only, Direction::Request),
        Some(json!({"name": "string"}))
    );
    assert_eq!(media_example(&root, &json!({}), Direction::Request), None);
}

#[test]
fn deeply_nested_schemas_stop_at_the_depth_limit() {
    let schema = nested_objects(10_000);
    let mut value = example(&json!({}), &schema, Direction::Request);
    let mut depth = 0;
    while let Some(inner) = value.get_mut("a") {
        value = inner.take();
        depth += 1;
    }
    assert_eq!(depth, MAX_DEPTH);
    assert_eq!(value, json!({}), "the deepest level is an empty placeholder");
    drop_deep(schema);
}

#[test]
fn huge_property_lists_stop_at_the_node_limit() {
    let properties: Map<String, Value> = (0..100_000)
        .map(|index| (format!("p{index}"), json!({"type": "integer"})))
        .collect();
    let schema = json!({"type": "object", "properties": properties});
    let value = example(&json!({}), &schema, Direction::Request);
    let members = value.as_object().map_or(0, Map::len);
    assert_eq!(members, MAX_NODES - 1, "the object itself is one node");
}

#[test]
fn long_reference_chains_stay_bounded() {
    let schemas: Map<String, Value> = (0..10_000)
        .map(|index| {
            let next = format!("#/components/schemas/S{}", index + 1);
            (
                format!("S{index}"),
                json!({"type": "object", "properties": {"next": {"$ref": next}}}),
            )
        })
        .collect();
    let root = json!({"components": {"schemas": schemas}});
    let value = example(
        &root,
        &json!({"$ref": "#/components/schemas/S0"}),
        Direction::Request,
    );
    assert!(value.pointer("/next/next/next").is_some());
    assert_eq!(value.pointer(&"/next".repeat(MAX_DEPTH + 1)), None);
}

/// An object schema with one property `a` holding the next level, `levels` deep (built by hand:
/// `json!` would serialize the inner value recursively).
fn nested_objects(levels: usize) -> Value {
    let mut schema = json!({"type": "string"});
    for _ in 0..levels {
        let mut properties = Map::new();
        properties.insert("a".to_owned(), schema);
        let mut level = Map::new();
        level.insert("type".to_owned(), json!("object"));
        level.insert("properties".to_owned(), Value::Object(properties));
        schema = Value::Object(level);
    }
    schema
}
