//! The request body: the chosen media type (one the operation offers), then JSON parsed and
//! checked against its schema, other text sent as written, and forms handed to their encoders.

use super::headers::header_value_allowed;
use super::{BODY_FIELD, BuiltBody, MEDIA_TYPE_FIELD, Problems, Submitted, form, multipart};
use crate::catalogue::examples::Direction;
use crate::catalogue::validate::validate;
use crate::catalogue::{ApiDocument, Operation};
use serde_json::Value;

/// A media type without parameters, lowercase (`application/json`).
pub(super) fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Whether `media_type` is JSON (`application/json`, `application/*+json`).
pub(super) fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json")
}

/// What the chosen media type and schema say about the body.
pub(super) struct Target<'a> {
    /// The media type as the document spells it.
    pub media_type: &'a str,
    /// Its media type object, references followed.
    pub media: &'a Value,
    /// Its schema, if any.
    pub schema: Option<&'a Value>,
    /// Whether the body is required.
    pub required: bool,
}

/// The body of the request, if the operation takes one and one was given; problems recorded.
pub(super) fn render(
    document: &ApiDocument,
    operation: &Operation,
    submitted: &Submitted,
    problems: &mut Problems,
) -> Option<BuiltBody> {
    let request_body = document
        .at(&operation.pointer)?
        .get("requestBody")
        .map(|body| document.resolve(body))?;
    let content = request_body
        .get("content")
        .map(|content| document.resolve(content))
        .and_then(Value::as_object)?;
    let chosen = submitted
        .media_type
        .as_deref()
        .filter(|chosen| !chosen.is_empty());
    let (media_type, media) = match chosen {
        Some(chosen) => {
            let Some(found) = content.get_key_value(chosen) else {
                problems.structural(MEDIA_TYPE_FIELD, "", "is not a media type this operation accepts");
                return None;
            };
            found
        }
        None => content.iter().next()?,
    };
    if !header_value_allowed(media_type) {
        problems.structural(MEDIA_TYPE_FIELD, "", "is not a media type the portal can send");
        return None;
    }
    let media = document.resolve(media);
    let target = Target {
        media_type,
        media,
        schema: media.get("schema").map(|schema| document.resolve(schema)),
        required: request_body["required"] == true,
    };
    match essence(media_type).as_str() {
        "application/x-www-form-urlencoded" => form::urlencoded(document, &target, submitted, problems),
        "multipart/form-data" => multipart::render(document, &target, submitted, problems),
        _ => text(document, &target, submitted, problems),
    }
}

/// A JSON or other text body, sent as written (JSON parsed and checked first).
fn text(
    document: &ApiDocument,
    target: &Target,
    submitted: &Submitted,
    problems: &mut Problems,
) -> Option<BuiltBody> {
    let Some(text) = submitted
        .body_text
        .as_deref()
        .filter(|text| !text.trim().is_empty())
    else {
        if target.required {
            problems.schema(BODY_FIELD, "", "is required");
        }
        return None;
    };
    if is_json(target.media_type) {
        match serde_json::from_str::<Value>(text) {
            Ok(instance) => {
                if let Some(schema) = target.schema {
                    for found in validate(&document.root, schema, &instance, Direction::Request) {
                        problems.schema(BODY_FIELD, &found.pointer, &found.message);
                    }
                }
            }
            Err(error) => problems.schema(BODY_FIELD, "", &format!("is not valid JSON: {error}")),
        }
    }
    Some(BuiltBody {
        content_type: concrete(target.media_type),
        bytes: text.as_bytes().to_vec(),
        shown: text.to_owned(),
    })
}

/// A media type that can be a Content-Type: ranges (`text/*`, `*/*`) made concrete.
fn concrete(media_type: &str) -> String {
    let essence = essence(media_type);
    if !essence.contains('*') {
        media_type.to_owned()
    } else if essence.starts_with("text/") {
        "text/plain".to_owned()
    } else {
        "application/octet-stream".to_owned()
    }
}
