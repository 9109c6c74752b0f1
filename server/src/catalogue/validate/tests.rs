//! Tests of [`super`].

use super::*;
use crate::catalogue::test_support::drop_deep;
use serde_json::json;

fn problem(pointer: &str, message: &str) -> Problem {
    Problem {
        pointer: pointer.to_owned(),
        message: message.to_owned(),
    }
}

fn check(schema: &Value, instance: &Value) -> Vec<Problem> {
    validate(&json!({}), schema, instance, Direction::Request)
}

fn pet_document() -> Value {
    json!({"components": {"schemas": {"Pet": {
        "type": "object",
        "required": ["id", "name", "status"],
        "properties": {
            "id": {"type": "integer", "readOnly": true},
            "name": {"type": "string", "maxLength": 10},
            "status": {"type": "string", "enum": ["available", "sold"]}
        }
    }}}})
}

fn pet_ref() -> Value {
    json!({"$ref": "#/components/schemas/Pet"})
}

#[test]
fn a_pet_reports_missing_and_wrong_properties() {
    let root = pet_document();
    let pet = json!({"status": "lost", "extra": 1});
    assert_eq!(
        validate(&root, &pet_ref(), &pet, Direction::Request),
        [
            problem("/name", "is required"),
            problem("/status", "must be one of \"available\", \"sold\"")
        ]
    );
    let long_name = json!({"id": 1, "name": "Bartholomew", "status": "sold"});
    assert_eq!(
        validate(&root, &pet_ref(), &long_name, Direction::Response),
        [problem("/name", "must be at most 10 characters")]
    );
}

#[test]
fn read_only_properties_are_required_only_in_responses() {
    let root = pet_document();
    let pet = json!({"name": "Rex", "status": "sold"});
    assert_eq!(validate(&root, &pet_ref(), &pet, Direction::Request), []);
    assert_eq!(
        validate(&root, &pet_ref(), &pet, Direction::Response),
        [problem("/id", "is required")]
    );
}

#[test]
fn a_recursive_tree_is_checked_at_every_level() {
    let root = json!({"components": {"schemas": {"Node": {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string"},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}
        }
    }}}});
    let node = json!({"$ref": "#/components/schemas/Node"});
    let tree = json!({"name": "a", "children": [{"name": "b", "children": [{"name": "c", "children": []}]}]});
    assert_eq!(validate(&root, &node, &tree, Direction::Request), []);
    let broken = json!({"name": "a", "children": [{"name": "b", "children": [{"name": 3}, {}]}]});
    assert_eq!(
        validate(&root, &node, &broken, Direction::Request),
        [
            problem("/children/0/children/0/name", "must be a string"),
            problem("/children/0/children/1/name", "is required")
        ]
    );
}

fn pets_with_discriminator() -> Value {
    json!({"components": {"schemas": {
        "Pet": {
            "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
            "discriminator": {"propertyName": "petType", "mapping": {"cat": "#/components/schemas/Cat"}}
        },
        "Cat": {
            "type": "object",
            "required": ["petType", "meows"],
            "properties": {"petType": {"type": "string"}, "meows": {"type": "boolean"}}
        },
        "Dog": {
            "type": "object",
            "required": ["petType", "barks"],
            "properties": {"petType": {"type": "string"}, "barks": {"type": "boolean"}}
        }
    }}})
}

#[test]
fn a_discriminator_picks_the_branch_for_precise_problems() {
    let root = pets_with_discriminator();
    let pet = pet_ref();
    let cat = json!({"petType": "cat", "meows": "loudly"});
    assert_eq!(
        validate(&root, &pet, &cat, Direction::Request),
        [problem("/meows", "must be a boolean")]
    );
    let dog = json!({"petType": "Dog"});
    assert_eq!(
        validate(&root, &pet, &dog, Direction::Request),
        [problem("/barks", "is required")]
    );
    let cow = json!({"petType": "cow"});
    assert_eq!(
        validate(&root, &pet, &cow, Direction::Request),
        [problem("/petType", "must be one of \"cat\", \"Dog\"")]
    );
    let unnamed = json!({"meows": true});
    assert_eq!(
        validate(&root, &pet, &unnamed, Direction::Request),
        [problem("", "does not match any of the allowed forms")]
    );
}

#[test]
fn one_of_without_discriminator_needs_exactly_one_match() {
    let schema = json!({"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 5}]});
    assert_eq!(
        check(&schema, &json!(2.5)),
        [problem("", "does not match any of the allowed forms")]
    );
    assert_eq!(
        check(&schema, &json!(7)),
        [problem("", "matches more than one of the allowed forms")]
    );
    assert_eq!(check(&schema, &json!(3)), []);
    let any_of = json!({"anyOf": [{"type": "string"}, {"type": "boolean"}]});
    assert_eq!(check(&any_of, &json!(true)), []);
    assert_eq!(
        check(&any_of, &json!(1)),
        [problem("", "does not match any of the allowed forms")]
    );
}

#[test]
fn all_of_reports_every_part_and_not_excludes() {
    let schema = json!({"allOf": [
        {"type": "object", "required": ["a"]},
        {"properties": {"b": {"type": "integer", "minimum": 1}}}
    ]});
    assert_eq!(
        check(&schema, &json!({"b": 0})),
        [problem("/a", "is required"), problem("/b", "must be at least 1")]
    );
    let not = json!({"not": {"type": "string"}});
    assert_eq!(
        check(&not, &json!("x")),
        [problem("", "must not match the excluded form")]
    );
    assert_eq!(check(&not, &json!(1)), []);
}

#[test]
fn types_follow_both_open_api_versions() {
    let nullable_3_1 = json!({"type": ["string", "null"]});
    assert_eq!(check(&nullable_3_1, &Value::Null), []);
    assert_eq!(
        check(&nullable_3_1, &json!(5)),
        [problem("", "must be a string or null")]
    );
    let nullable_3_0 = json!({"type": "string", "nullable": true});
    assert_eq!(check(&nullable_3_0, &Value::Null), []);
    assert_eq!(
        check(&json!({"type": "string"}), &Value::Null),
        [problem("", "must be a string")]
    );
    let integer = json!({"type": "integer"});
    assert_eq!(check(&integer, &json!(2.0)), []);
    assert_eq!(check(&integer, &json!(2.5)), [problem("", "must be an integer")]);
    let objects = json!({"type": ["object", "array", "boolean"]});
    assert_eq!(
        check(&objects, &json!("x")),
        [problem("", "must be an object, an array or a boolean")]
    );
}

#[test]
fn pointers_escape_slashes_and_tildes() {
    let schema = json!({"properties": {"a/b": {"type": "string"}, "m~n": {"type": "integer"}}});
    assert_eq!(
        check(&schema, &json!({"a/b": 1, "m~n": "x"})),
        [
            problem("/a~1b", "must be a string"),
            problem("/m~0n", "must be an integer")
        ]
    );
}

#[test]
fn strings_are_measured_in_characters_and_formats_checked() {
    let short = json!({"type": "string", "maxLength": 5, "minLength": 2});
    assert_eq!(check(&short, &json!("héllo")), []);
    assert_eq!(
        check(&short, &json!("é")),
        [problem("", "must be at least 2 characters")]
    );
    let cases = [
        ("date", "2024-02-29", true),
        ("date", "2023-02-29", false),
        ("date-time", "2024-01-01T10:30:00.5+02:00", true),
        ("date-time", "2024-01-01T25:00:00Z", false),
        ("date-time", "2024-01-01", false),
        ("email", "user@example.com", true),
        ("email", "user@localhost", false),
        ("uuid", "3fa85f64-5717-4562-b3fc-2c963f66afa6", true),
        ("uuid", "3fa85f64571745", false),
        ("ipv4", "192.0.2.1", true),
        ("ipv4", "300.0.2.1", false),
        ("ipv6", "2001:db8::1", true),
        ("uri", "https://example.com/a?b", true),
        ("uri", "/relative/path", false),
        ("password", "anything", true),
    ];
    for (format, text, valid) in cases {
        let problems = check(&json!({"type": "string", "format": format}), &json!(text));
        let expected = if valid {
            vec![]
        } else {
            vec![problem("", &format!("must be a valid {format}"))]
        };
        assert_eq!(problems, expected, "{format} {text}");
    }
}

#[test]
fn patterns_match_and_unusable_patterns_are_skipped() {
    let digits = json!({"type": "string", "pattern": "^[0-9]+$"});
    assert_eq!(check(&digits, &json!("123")), []);
    assert_eq!(
        check(&digits, &json!("12a")),
        [problem("", "must match the pattern ^[0-9]+$")]
    );
    let invalid = json!({"type": "string", "pattern": "(unclosed"});
    assert_eq!(check(&invalid, &json!("x")), []);
    let too_large = json!({"type": "string", "pattern": "(?:\\w{100}){100}", "minLength": 5});
    assert_eq!(
        check(&too_large, &json!("abc")),
        [problem("", "must be at least 5 characters")]
    );
}

#[test]
fn numbers_respect_bounds_in_both_styles() {
    let cases = [
        (
            json!({"minimum": 10, "exclusiveMinimum": true}),
            json!(10),
            "must be greater than 10",
        ),
        (
            json!({"exclusiveMinimum": 10}),
            json!(10),
            "must be greater than 10",
        ),
        (json!({"minimum": 10}), json!(9.5), "must be at least 10"),
        (json!({"maximum": 1.5}), json!(2), "must be at most 1.5"),
        (json!({"exclusiveMaximum": 0}), json!(0), "must be less than 0"),
        (json!({"multipleOf": 5}), json!(12), "must be a multiple of 5"),
    ];
    for (schema, instance, message) in &cases {
        assert_eq!(check(schema, instance), [problem("", message)], "{schema}");
    }
    assert_eq!(check(&json!({"multipleOf": 0.1}), &json!(0.3)), []);
    assert_eq!(check(&json!({"minimum": 10}), &json!(10)), []);
}

#[test]
fn objects_limit_additional_and_pattern_properties() {
    let closed = json!({"properties": {"a": {}}, "additionalProperties": false});
    assert_eq!(
        check(&closed, &json!({"a": 1, "b": 2})),
        [problem("/b", "is not allowed")]
    );
    let patterned = json!({
        "patternProperties": {"^x-": {"type": "string"}},
        "additionalProperties": {"type": "integer"},
        "maxProperties": 2
    });
    assert_eq!(
        check(&patterned, &json!({"x-a": 1, "n": "2", "m": 3})),
        [
            problem("", "must have at most 2 properties"),
            problem("/x-a", "must be a string"),
            problem("/n", "must be an integer")
        ]
    );
}

#[test]
fn arrays_check_counts_uniqueness_and_items() {
    let schema = json!({"type": "array", "items": {"type": "integer"}, "minItems": 4, "uniqueItems": true});
    assert_eq!(
        check(&schema, &json!([1, "two", 1.0])),
        [
            problem("", "must have at least 4 items"),
            problem("", "must not contain duplicate items"),
            problem("/1", "must be an integer")
        ]
    );
    let tuple = json!({"prefixItems": [{"type": "string"}], "items": {"type": "boolean"}});
    assert_eq!(
        check(&tuple, &json!(["a", true, 3])),
        [problem("/2", "must be a boolean")]
    );
}

#[test]
fn boolean_schemas_allow_everything_or_nothing() {
    assert_eq!(check(&json!(true), &json!({"any": 1})), []);
    assert_eq!(check(&json!(false), &json!(1)), [problem("", "is not allowed")]);
    let schema = json!({"properties": {"gone": false}});
    assert_eq!(
        check(&schema, &json!({"gone": 1})),
        [problem("/gone", "is not allowed")]
    );
}

#[test]
fn enum_and_const_compare_numbers_by_value() {
    assert_eq!(check(&json!({"enum": [1, 2]}), &json!(2.0)), []);
    assert_eq!(
        check(&json!({"const": "cat"}), &json!("dog")),
        [problem("", "must be \"cat\"")]
    );
}

#[test]
fn reference_cycles_end() {
    let root = json!({"components": {"schemas": {
        "Loop": {"$ref": "#/components/schemas/Loop"},
        "Self": {"allOf": [{"$ref": "#/components/schemas/Self"}], "type": "object"}
    }}});
    let looping = json!({"$ref": "#/components/schemas/Loop"});
    assert_eq!(validate(&root, &looping, &json!(1), Direction::Request), []);
    let selfish = json!({"$ref": "#/components/schemas/Self"});
    assert_eq!(
        validate(&root, &selfish, &json!(1), Direction::Request),
        [problem("", "must be an object")]
    );
}

#[test]
fn problems_are_capped() {
    let schema = json!({"items": {"type": "string"}});
    let numbers: Vec<Value> = (0..1_000).map(Value::from).collect();
    let problems = check(&schema, &Value::Array(numbers));
    assert_eq!(problems.len(), MAX_PROBLEMS);
    assert_eq!(problems.last(), Some(&problem("/49", "must be a string")));
}

#[test]
fn hostile_inputs_stay_bounded() {
    let (schema, instance) = (nested(10_000, "properties"), nested(10_000, "a"));
    assert_eq!(
        check(&schema, &instance),
        [],
        "checks stop silently past the depth cap"
    );
    let duplicates = json!({"uniqueItems": true});
    let many: Vec<Value> = (0..100_000).map(Value::from).collect();
    assert_eq!(
        check(&duplicates, &Value::Array(many)),
        [],
        "the work cap ends the pairwise search"
    );
    drop_deep(schema);
    drop_deep(instance);
}

/// Nested objects `levels` deep: with `wrapper` `properties`, schemas whose property `a` has the next
/// level and an integer at the bottom; otherwise values `{"a": {"a": … "x"}}`.
fn nested(levels: usize, wrapper: &str) -> Value {
    let mut value = if wrapper == "properties" {
        json!({"type": "integer"})
    } else {
        json!("x")
    };
    for _ in 0..levels {
        let mut level = Map::new();
        level.insert("a".to_owned(), value);
        value = Value::Object(level);
        if wrapper == "properties" {
            let mut schema = Map::new();
            schema.insert("properties".to_owned(), value);
            value = Value::Object(schema);
        }
    }
    value
}
