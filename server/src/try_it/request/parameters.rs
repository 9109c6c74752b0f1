//! Reading submitted parameter values: each declared parameter's strings converted to JSON by
//! its schema (numbers, booleans, arrays item by item, objects from JSON text), checked with
//! the schema, and kept in the shape its serialisation needs (scalar, array or object).

use super::{MAX_FIELDS, MAX_VALUES, Problems, parameter_field};
use crate::catalogue::examples::Direction;
use crate::catalogue::reference::parameters;
use crate::catalogue::validate::validate;
use crate::catalogue::{ApiDocument, Operation};
use serde_json::{Value, json};

/// How deep `allOf`/`oneOf`/`anyOf` are looked through for a schema's type.
const MAX_KIND_DEPTH: usize = 8;

/// A value ready to serialise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Shape {
    /// Given as an empty value (`allowEmptyValue`).
    Empty,
    /// One value.
    Scalar(String),
    /// Several values, in order.
    Array(Vec<String>),
    /// Properties and their values, in order.
    Object(Vec<(String, String)>),
}

/// One parameter with what was submitted for it.
#[derive(Debug, Clone)]
pub(super) struct Parameter {
    /// `path`, `query`, `header` or `cookie`.
    pub location: String,
    /// Its name.
    pub name: String,
    /// Its form field.
    pub field: String,
    /// Its `style` (defaulted by location).
    pub style: String,
    /// Its `explode` (defaulted by style).
    pub explode: bool,
    /// Its `allowReserved`.
    pub allow_reserved: bool,
    /// The value to send; `None` when not given.
    pub value: Option<Shape>,
}

/// The kind of value a schema describes, as far as converting strings goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Integer,
    Number,
    Boolean,
    Array,
    Object,
    Null,
    Any,
}

/// Why a string could not be converted: where (a JSON pointer) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Unconvertible {
    pub pointer: String,
    pub message: String,
}

/// Every parameter of `operation` (and any the path template names without declaring) with its
/// submitted value, recording missing and mismatched values in `problems`.
pub(super) fn read(
    document: &ApiDocument,
    operation: &Operation,
    submitted: &super::Submitted,
    problems: &mut Problems,
) -> Vec<Parameter> {
    let declared = parameters(document, operation);
    let undeclared: Vec<Value> = template_names(&operation.path)
        .into_iter()
        .filter(|name| {
            !declared
                .iter()
                .any(|parameter| parameter["in"] == "path" && parameter["name"] == *name)
        })
        .map(|name| json!({"in": "path", "name": name, "required": true, "schema": {"type": "string"}}))
        .collect();
    declared
        .into_iter()
        .chain(undeclared.iter())
        .take(MAX_FIELDS)
        .filter_map(|parameter| read_one(document, parameter, submitted, problems))
        .collect()
}

/// The `{name}`s of a path template, in order.
fn template_names(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some((_, after)) = rest.split_once('{') {
        let Some((name, tail)) = after.split_once('}') else {
            break;
        };
        names.push(name);
        rest = tail;
    }
    names
}

fn read_one(
    document: &ApiDocument,
    parameter: &Value,
    submitted: &super::Submitted,
    problems: &mut Problems,
) -> Option<Parameter> {
    let location = parameter["in"].as_str()?;
    let name = parameter["name"].as_str()?;
    let field = parameter_field(location, name);
    let required = location == "path" || parameter["required"] == true;
    let style = parameter["style"].as_str().unwrap_or(match location {
        "query" | "cookie" => "form",
        _ => "simple",
    });
    let explode = parameter["explode"].as_bool().unwrap_or(style == "form");
    let matching = || {
        submitted
            .parameters
            .iter()
            .filter(|(at, key, _)| at == location && key == name)
    };
    let raw: Vec<String> = matching()
        .flat_map(|(_, _, values)| values)
        .filter(|value| !value.is_empty())
        .take(MAX_VALUES)
        .cloned()
        .collect();
    let mut value = None;
    if raw.is_empty() {
        // A form submits every input, so only a required parameter is sent empty (`name=`).
        let present = matching().next().is_some();
        if required && location == "query" && parameter["allowEmptyValue"] == true && present {
            value = Some(Shape::Empty);
        } else if required && location == "path" {
            problems.structural(&field, "", "is required");
        } else if required {
            problems.schema(&field, "", "is required");
        }
    } else if let Some((media_type, media)) = parameter["content"]
        .as_object()
        .and_then(|content| content.iter().next())
    {
        // A parameter with `content` is sent as written; JSON is checked against its schema.
        let text = raw.first().cloned().unwrap_or_default();
        if super::body::is_json(media_type) {
            let media = document.resolve(media);
            match serde_json::from_str::<Value>(&text) {
                Ok(instance) => check(document, media.get("schema"), &instance, &field, problems),
                Err(error) => problems.schema(&field, "", &format!("is not valid JSON: {error}")),
            }
        }
        value = Some(Shape::Scalar(text));
    } else {
        let schema = parameter.get("schema");
        value = Some(convert(document, schema, &raw, &field, problems));
    }
    Some(Parameter {
        location: location.to_owned(),
        name: name.to_owned(),
        field,
        style: style.to_owned(),
        explode,
        allow_reserved: parameter["allowReserved"] == true,
        value,
    })
}

/// `raw` typed by `schema` and checked with it; the shape to send (the raw strings when they
/// could not be converted).
pub(super) fn convert(
    document: &ApiDocument,
    schema: Option<&Value>,
    raw: &[String],
    field: &str,
    problems: &mut Problems,
) -> Shape {
    match typed(document, schema, raw) {
        Ok(instance) => {
            check(document, schema, &instance, field, problems);
            shape_of(&instance)
        }
        Err(unconvertible) => {
            problems.schema(field, &unconvertible.pointer, &unconvertible.message);
            raw_shape(kind(document, schema), raw)
        }
    }
}

/// Records `instance`'s problems against `schema`, if there is one.
fn check(
    document: &ApiDocument,
    schema: Option<&Value>,
    instance: &Value,
    field: &str,
    problems: &mut Problems,
) {
    if let Some(schema) = schema {
        for found in validate(&document.root, schema, instance, Direction::Request) {
            problems.schema(field, &found.pointer, &found.message);
        }
    }
}

/// The kind of value `schema` describes (`Any` when it does not say).
pub(super) fn kind(document: &ApiDocument, schema: Option<&Value>) -> Kind {
    schema.map_or(Kind::Any, |schema| kind_at(document, schema, 0))
}

fn kind_at(document: &ApiDocument, schema: &Value, depth: usize) -> Kind {
    let schema = document.resolve(schema);
    let named = match &schema["type"] {
        Value::String(name) => Some(name.as_str()),
        Value::Array(names) => names
            .iter()
            .filter_map(Value::as_str)
            .find(|name| *name != "null")
            .or_else(|| names.iter().filter_map(Value::as_str).next()),
        _ => None,
    };
    match named {
        Some("integer") => return Kind::Integer,
        Some("number") => return Kind::Number,
        Some("boolean") => return Kind::Boolean,
        Some("array") => return Kind::Array,
        Some("object") => return Kind::Object,
        Some("null") => return Kind::Null,
        Some(_) => return Kind::Any,
        None => {}
    }
    if schema.get("properties").is_some() || schema.get("additionalProperties").is_some() {
        return Kind::Object;
    }
    if schema.get("items").is_some() {
        return Kind::Array;
    }
    if depth < MAX_KIND_DEPTH {
        for combinator in ["allOf", "oneOf", "anyOf"] {
            for part in schema[combinator].as_array().into_iter().flatten() {
                let found = kind_at(document, part, depth + 1);
                if found != Kind::Any {
                    return found;
                }
            }
        }
    }
    Kind::Any
}

/// `raw` as the JSON value `schema` describes: arrays item by item, anything else from the
/// first value.
pub(super) fn typed(
    document: &ApiDocument,
    schema: Option<&Value>,
    raw: &[String],
) -> Result<Value, Unconvertible> {
    if kind(document, schema) == Kind::Array {
        let items = schema
            .map(|schema| document.resolve(schema))
            .and_then(|schema| schema.get("items"));
        let item_kind = kind(document, items);
        return raw
            .iter()
            .enumerate()
            .map(|(position, text)| {
                one(item_kind, text).map_err(|message| Unconvertible {
                    pointer: format!("/{position}"),
                    message,
                })
            })
            .collect::<Result<Vec<Value>, _>>()
            .map(Value::Array);
    }
    let text = raw.first().map(String::as_str).unwrap_or_default();
    one(kind(document, schema), text).map_err(|message| Unconvertible {
        pointer: String::new(),
        message,
    })
}

/// One string as a value of `kind`.
fn one(kind: Kind, text: &str) -> Result<Value, String> {
    let trimmed = text.trim();
    match kind {
        Kind::Integer => trimmed
            .parse::<i64>()
            .map(Value::from)
            .or_else(|_| trimmed.parse::<u64>().map(Value::from))
            .map_err(|_| "must be an integer".to_owned()),
        Kind::Number => {
            if let Ok(whole) = trimmed.parse::<i64>() {
                return Ok(Value::from(whole));
            }
            trimmed
                .parse::<f64>()
                .ok()
                .filter(|number| number.is_finite())
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number)
                .ok_or_else(|| "must be a number".to_owned())
        }
        Kind::Boolean => match trimmed {
            "true" | "on" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err("must be true or false".to_owned()),
        },
        Kind::Object => match serde_json::from_str::<Value>(text) {
            Ok(object @ Value::Object(_)) => Ok(object),
            _ => Err("must be a JSON object".to_owned()),
        },
        Kind::Array => match serde_json::from_str::<Value>(text) {
            Ok(array @ Value::Array(_)) => Ok(array),
            _ => Err("must be a JSON array".to_owned()),
        },
        Kind::Null if trimmed == "null" => Ok(Value::Null),
        Kind::Null | Kind::Any => Ok(Value::String(text.to_owned())),
    }
}

/// A value as text to send: strings as they are, anything else as JSON.
pub(super) fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The shape of a typed value.
pub(super) fn shape_of(value: &Value) -> Shape {
    match value {
        Value::Array(items) => Shape::Array(items.iter().map(text_of).collect()),
        Value::Object(members) => Shape::Object(
            members
                .iter()
                .map(|(key, member)| (key.clone(), text_of(member)))
                .collect(),
        ),
        other => Shape::Scalar(text_of(other)),
    }
}

/// The shape of strings that could not be typed, sent as they are.
pub(super) fn raw_shape(kind: Kind, raw: &[String]) -> Shape {
    let first = raw.first().cloned().unwrap_or_default();
    match kind {
        Kind::Array => Shape::Array(raw.to_vec()),
        Kind::Object => match serde_json::from_str::<Value>(&first) {
            Ok(value @ Value::Object(_)) => shape_of(&value),
            _ => Shape::Scalar(first),
        },
        _ => Shape::Scalar(first),
    }
}
