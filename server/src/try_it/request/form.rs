//! Form bodies' fields: each submitted field typed by its property's schema, the whole checked
//! as one object, and the `application/x-www-form-urlencoded` encoding.

use super::body::Target;
use super::parameters::{Shape, text_of, typed};
use super::{BODY_FIELD, BuiltBody, MAX_FIELDS, MAX_VALUES, Problems, Submitted, body_field};
use crate::catalogue::ApiDocument;
use crate::catalogue::examples::Direction;
use crate::catalogue::validate::validate;
use serde_json::{Map, Value};
use url::form_urlencoded;

/// One field to encode: its property name and value(s).
pub(super) struct Field {
    /// The property.
    pub name: String,
    /// One value, or several (arrays).
    pub shape: Shape,
}

/// The submitted text fields in property order (then any the schema does not list), typed and
/// checked against `target`'s schema as one object. `files` are properties given as files:
/// skipped here, but counted as present.
pub(super) fn fields(
    document: &ApiDocument,
    target: &Target,
    submitted: &Submitted,
    files: &[&str],
    problems: &mut Problems,
) -> Vec<Field> {
    let properties = target
        .schema
        .and_then(|schema| schema.get("properties"))
        .and_then(Value::as_object);
    let mut names: Vec<&str> = properties
        .into_iter()
        .flatten()
        .map(|(name, _)| name.as_str())
        .take(MAX_FIELDS)
        .collect();
    for (name, _) in submitted.fields.iter().take(MAX_FIELDS) {
        if !names.contains(&name.as_str()) {
            names.push(name);
        }
    }
    let mut instance = Map::new();
    let mut fields = Vec::new();
    for name in names {
        if files.contains(&name) {
            // A placeholder so that `required` is met; the file's own problems are not checked.
            instance.insert(name.to_owned(), Value::String(String::new()));
            continue;
        }
        let raw: Vec<String> = submitted
            .fields
            .iter()
            .take(MAX_FIELDS)
            .filter(|(key, _)| key == name)
            .flat_map(|(_, values)| values)
            .filter(|value| !value.is_empty())
            .take(MAX_VALUES)
            .cloned()
            .collect();
        if raw.is_empty() {
            continue;
        }
        let schema = properties
            .and_then(|properties| properties.get(name))
            .map(|schema| document.resolve(schema));
        let shape = match typed(document, schema, &raw) {
            Ok(value) => {
                let shape = match &value {
                    Value::Array(items) => Shape::Array(items.iter().map(text_of).collect()),
                    other => Shape::Scalar(text_of(other)),
                };
                instance.insert(name.to_owned(), value);
                shape
            }
            Err(unconvertible) => {
                let pointer = format!("{}{}", pointer_to(name), unconvertible.pointer);
                problems.schema(&body_field(name), &pointer, &unconvertible.message);
                if raw.len() > 1 {
                    Shape::Array(raw)
                } else {
                    Shape::Scalar(raw.into_iter().next().unwrap_or_default())
                }
            }
        };
        fields.push(Field {
            name: name.to_owned(),
            shape,
        });
    }
    if let Some(schema) = target.schema {
        let instance = Value::Object(instance);
        for found in validate(&document.root, schema, &instance, Direction::Request) {
            let property = first_segment(&found.pointer);
            if property
                .as_deref()
                .is_some_and(|property| files.contains(&property))
            {
                continue;
            }
            let field = property
                .as_deref()
                .map_or_else(|| BODY_FIELD.to_owned(), body_field);
            problems.schema(&field, &found.pointer, &found.message);
        }
    }
    fields
}

/// The JSON pointer of a property (`/name`, with `~` and `/` escaped).
fn pointer_to(name: &str) -> String {
    format!("/{}", name.replace('~', "~0").replace('/', "~1"))
}

/// The property a JSON pointer starts with, unescaped.
fn first_segment(pointer: &str) -> Option<String> {
    let rest = pointer.strip_prefix('/')?;
    let segment = rest.split('/').next().unwrap_or_default();
    Some(segment.replace("~1", "/").replace("~0", "~"))
}

/// An `application/x-www-form-urlencoded` body: arrays as repeated fields (or joined with `,`
/// when the media type's `encoding` says `explode: false`).
pub(super) fn urlencoded(
    document: &ApiDocument,
    target: &Target,
    submitted: &Submitted,
    problems: &mut Problems,
) -> Option<BuiltBody> {
    let fields = fields(document, target, submitted, &[], problems);
    if fields.is_empty() {
        if target.required {
            problems.schema(BODY_FIELD, "", "is required");
        }
        return None;
    }
    let mut serializer = form_urlencoded::Serializer::new(String::new());
    for field in &fields {
        match &field.shape {
            Shape::Array(items) if target.media["encoding"][&field.name]["explode"] == false => {
                serializer.append_pair(&field.name, &items.join(","));
            }
            Shape::Array(items) => {
                for item in items {
                    serializer.append_pair(&field.name, item);
                }
            }
            Shape::Scalar(text) => {
                serializer.append_pair(&field.name, text);
            }
            Shape::Empty | Shape::Object(_) => {}
        }
    }
    let encoded = serializer.finish();
    Some(BuiltBody {
        content_type: "application/x-www-form-urlencoded".to_owned(),
        bytes: encoded.as_bytes().to_vec(),
        shown: encoded,
    })
}
