//! `multipart/form-data` bodies: text fields and files (binary properties) as parts under a
//! random boundary, with quote-escaped names and file names, and a text rendering for the page
//! that shows each file as `<file name, N bytes>`.

use super::body::Target;
use super::form::fields;
use super::headers::header_value_allowed;
use super::parameters::Shape;
use super::{BODY_FIELD, BuiltBody, MAX_FIELDS, Problems, Submitted, UploadedFile};
use crate::catalogue::{ApiDocument, SpecVersion};
use serde_json::Value;

/// How many boundaries are drawn before giving up on one that no part contains.
const BOUNDARY_TRIES: usize = 4;

/// Whether a property with `schema` is a file: `format: binary`, `contentMediaType`, or (3.1)
/// `contentEncoding`; arrays of those too.
fn is_file(document: &ApiDocument, schema: &Value) -> bool {
    let schema = document.resolve(schema);
    let own = schema["format"] == "binary"
        || schema.get("contentMediaType").is_some()
        || (document.version == SpecVersion::V31 && schema.get("contentEncoding").is_some());
    own || schema.get("items").is_some_and(|items| {
        let items = document.resolve(items);
        items["format"] == "binary" || items.get("contentMediaType").is_some()
    })
}

/// Escapes a name for a `Content-Disposition` parameter as browsers do (`"`, CR, LF).
fn quoted(name: &str) -> String {
    name.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

/// One part before encoding.
enum Part<'a> {
    Text {
        name: &'a str,
        value: &'a str,
    },
    File {
        file: &'a UploadedFile,
        content_type: String,
    },
}

/// The multipart body of the submitted fields and files, if any were given.
pub(super) fn render(
    document: &ApiDocument,
    target: &Target,
    submitted: &Submitted,
    problems: &mut Problems,
) -> Option<BuiltBody> {
    let properties = target
        .schema
        .and_then(|schema| schema.get("properties"))
        .and_then(Value::as_object);
    let file_property = |name: &str| {
        properties.is_none_or(|properties| {
            properties
                .get(name)
                .is_some_and(|schema| is_file(document, schema))
        })
    };
    let files: Vec<&UploadedFile> = submitted
        .files
        .iter()
        .filter(|file| file_property(&file.property))
        .take(MAX_FIELDS)
        .collect();
    let given: Vec<&str> = files.iter().map(|file| file.property.as_str()).collect();
    let text_fields = fields(document, target, submitted, &given, problems);
    let mut parts: Vec<Part> = Vec::new();
    for field in &text_fields {
        match &field.shape {
            Shape::Scalar(value) => parts.push(Part::Text {
                name: &field.name,
                value,
            }),
            Shape::Array(values) => parts.extend(values.iter().map(|value| Part::Text {
                name: &field.name,
                value,
            })),
            Shape::Empty | Shape::Object(_) => {}
        }
    }
    for file in files {
        let declared = target.media["encoding"][file.property.as_str()]["contentType"]
            .as_str()
            .filter(|declared| !declared.contains(',') && !declared.contains('*'));
        let from_schema = properties
            .and_then(|properties| properties.get(&file.property))
            .map(|schema| document.resolve(schema))
            .and_then(|schema| schema["contentMediaType"].as_str());
        let content_type = file
            .content_type
            .as_deref()
            .filter(|sent| !sent.is_empty())
            .or(declared)
            .or(from_schema)
            .filter(|chosen| header_value_allowed(chosen))
            .unwrap_or("application/octet-stream")
            .to_owned();
        parts.push(Part::File { file, content_type });
    }
    if parts.is_empty() {
        if target.required {
            problems.schema(BODY_FIELD, "", "is required");
        }
        return None;
    }
    let boundary = boundary(&parts);
    Some(encode(&parts, &boundary))
}

/// A random boundary that no part contains (as far as a few draws go).
fn boundary(parts: &[Part]) -> String {
    let mut boundary = String::new();
    for _ in 0..BOUNDARY_TRIES {
        boundary = format!("portal-{:032x}", rand::random::<u128>());
        let needle = boundary.as_bytes();
        let inside = parts.iter().any(|part| {
            let bytes = match part {
                Part::Text { value, .. } => value.as_bytes(),
                Part::File { file, .. } => &file.bytes,
            };
            bytes.windows(needle.len()).any(|window| window == needle)
        });
        if !inside {
            break;
        }
    }
    boundary
}

/// The parts encoded under `boundary`, and the same as text for the page.
fn encode(parts: &[Part], boundary: &str) -> BuiltBody {
    let size: usize = parts
        .iter()
        .map(|part| match part {
            Part::Text { value, .. } => value.len() + 128,
            Part::File { file, .. } => file.bytes.len() + 256,
        })
        .sum();
    let mut bytes: Vec<u8> = Vec::with_capacity(size + boundary.len() + 8);
    let mut shown = String::new();
    for part in parts {
        let head = match part {
            Part::Text { name, .. } => {
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"\r\n\r\n",
                    quoted(name)
                )
            }
            Part::File { file, content_type } => format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\n\
                 Content-Type: {content_type}\r\n\r\n",
                quoted(&file.property),
                quoted(file.file_name.as_deref().unwrap_or_default()),
            ),
        };
        bytes.extend_from_slice(head.as_bytes());
        shown.push_str(&head);
        match part {
            Part::Text { value, .. } => {
                bytes.extend_from_slice(value.as_bytes());
                shown.push_str(value);
            }
            Part::File { file, .. } => {
                bytes.extend_from_slice(&file.bytes);
                let name = file.file_name.as_deref().filter(|name| !name.is_empty());
                shown.push_str(&format!(
                    "<{}, {} bytes>",
                    name.unwrap_or("unnamed file"),
                    file.bytes.len()
                ));
            }
        }
        bytes.extend_from_slice(b"\r\n");
        shown.push_str("\r\n");
    }
    let end = format!("--{boundary}--\r\n");
    bytes.extend_from_slice(end.as_bytes());
    shown.push_str(&end);
    BuiltBody {
        content_type: format!("multipart/form-data; boundary={boundary}"),
        bytes,
        shown,
    }
}
