//! An operation's Try It form, generated from its document: a labelled input per parameter
//! (a select for enums, numbers with their bounds, checkboxes for booleans, repeatable inputs
//! for arrays, JSON for objects), a body editor per media type (pre-filled from the example or
//! one generated from the schema; fields and file inputs for form and multipart bodies), and
//! what the request needs to authenticate.

use super::operation_body::parameters;
use super::security::requirements;
use crate::catalogue::examples::{self, Direction};
use crate::catalogue::{ApiDocument, Operation};
use crate::try_it::request::{body_field, parameter_field};
use app::ssr::catalogue::{BodyEditor, BodyInput, CredentialNeed, FormInput, InputKind, TryItForm};
use serde_json::Value;

/// The form field of the text editor of the operation's `position`th request media type
/// (`body.0`; media types are not used in names, as `/` and `:` are not safe in every client's
/// multipart encoding).
pub fn body_text_field(position: usize) -> String {
    format!("body.{position}")
}

/// The form field of a file that fills a base64 property of a JSON body (`file.document`).
pub fn body_file_field(property: &str) -> String {
    format!("file.{property}")
}

/// The Try It form of `operation`.
pub fn form(document: &ApiDocument, operation: &Operation) -> TryItForm {
    let value = document.at(&operation.pointer).unwrap_or(&Value::Null);
    let inputs = parameters(document, operation)
        .into_iter()
        .map(|parameter| {
            let location = parameter["in"].as_str().unwrap_or_default();
            let name = parameter["name"].as_str().unwrap_or_default();
            let schema = document.resolve(parameter.get("schema").unwrap_or(&Value::Null));
            let mut input = input(
                document,
                parameter_field(location, name),
                name,
                location,
                schema,
                parameter["required"] == Value::Bool(true) || location == "path",
            );
            if let Some(example) = parameter
                .get("example")
                .filter(|_| input.values.iter().all(String::is_empty))
            {
                input.values = values_of(example);
            }
            if let Some(description) = parameter["description"].as_str() {
                input.hint = hint(&input.hint, description);
            }
            input
        })
        .collect();
    let request = value.get("requestBody").map(|request| document.resolve(request));
    let bodies = request
        .and_then(|request| request["content"].as_object())
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(position, (media_type, media))| body_input(document, position, media_type, media))
        .collect();
    TryItForm {
        parameters: inputs,
        bodies,
        body_required: request.is_some_and(|request| request["required"] == Value::Bool(true)),
        credentials: credentials(document, value),
    }
}

fn input(
    document: &ApiDocument,
    field: String,
    name: &str,
    location: &str,
    schema: &Value,
    required: bool,
) -> FormInput {
    let is_array = type_of(schema) == "array";
    let item = if is_array {
        document.resolve(schema.get("items").unwrap_or(&Value::Null))
    } else {
        schema
    };
    let kind = kind_of(item);
    let initial = schema
        .get("default")
        .or_else(|| schema.get("example"))
        .or_else(|| {
            schema["examples"]
                .as_array()
                .and_then(|examples| examples.first())
        });
    FormInput {
        id: format!("try-{}", crate::catalogue::slugify(&field)),
        field,
        label: name.to_owned(),
        location: location.to_owned(),
        required,
        hint: type_hint(item, is_array),
        error: None,
        kind,
        repeatable: is_array,
        values: initial.map(values_of).unwrap_or_default(),
    }
}

fn kind_of(schema: &Value) -> InputKind {
    if let Some(values) = schema["enum"].as_array() {
        return InputKind::Select(values.iter().map(plain).collect());
    }
    match type_of(schema) {
        "boolean" => InputKind::Boolean,
        kind @ ("integer" | "number") => InputKind::Number {
            integer: kind == "integer",
            min: schema.get("minimum").filter(|value| value.is_number()).map(plain),
            max: schema.get("maximum").filter(|value| value.is_number()).map(plain),
        },
        "object" => InputKind::Json,
        "string" if is_binary(schema) => InputKind::File,
        _ => InputKind::Text,
    }
}

/// The schema's (first non-null) type; `object` when it only has properties.
fn type_of(schema: &Value) -> &str {
    match &schema["type"] {
        Value::String(kind) => kind,
        Value::Array(kinds) => kinds
            .iter()
            .filter_map(Value::as_str)
            .find(|kind| *kind != "null")
            .unwrap_or(""),
        _ if schema["properties"].is_object() => "object",
        _ => "",
    }
}

fn is_binary(schema: &Value) -> bool {
    schema["format"] == "binary" || schema.get("contentMediaType").is_some()
}

fn is_base64(schema: &Value) -> bool {
    schema["format"] == "byte" || schema["contentEncoding"] == "base64"
}

/// A value as it is typed into an input (strings without quotes).
fn plain(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn values_of(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().map(plain).collect(),
        Value::Object(_) => vec![serde_json::to_string(value).unwrap_or_default()],
        other => vec![plain(other)],
    }
}

fn type_hint(schema: &Value, is_array: bool) -> String {
    let mut kind = type_of(schema).to_owned();
    if let Some(format) = schema["format"].as_str() {
        kind = format!("{kind} ({format})");
    }
    if is_array {
        kind = format!("list of {kind}: one value per input");
    }
    kind
}

fn hint(kind: &str, description: &str) -> String {
    let first = description.split(". ").next().unwrap_or(description).trim();
    let short = crate::text::shortened(first, 160);
    if kind.is_empty() {
        short
    } else {
        format!("{kind} — {short}")
    }
}

fn body_input(document: &ApiDocument, position: usize, media_type: &str, media: &Value) -> BodyInput {
    let schema = document.resolve(media.get("schema").unwrap_or(&Value::Null));
    let is_fields =
        media_type.starts_with("application/x-www-form-urlencoded") || media_type.starts_with("multipart/");
    let editor = if is_fields {
        let required: Vec<&str> = schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        BodyEditor::Fields(
            schema["properties"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(name, property)| {
                    let property = document.resolve(property);
                    let mut input = input(
                        document,
                        body_field(name),
                        name,
                        "body",
                        property,
                        required.contains(&name.as_str()),
                    );
                    if let Some(description) = property["description"].as_str() {
                        input.hint = hint(&input.hint, description);
                    }
                    input
                })
                .filter(|input| {
                    !(input.kind == InputKind::File && media_type.starts_with("application/x-www"))
                })
                .collect(),
        )
    } else {
        let example = examples::media_example(&document.root, media, Direction::Request);
        let text = match example {
            Some(Value::String(text)) if !media_type.contains("json") => text,
            Some(value) => serde_json::to_string_pretty(&value).unwrap_or_default(),
            None => String::new(),
        };
        let files = schema["properties"]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(_, property)| is_base64(document.resolve(property)))
            .map(|(name, _)| FormInput {
                field: body_file_field(name),
                id: format!("try-{}", crate::catalogue::slugify(&body_file_field(name))),
                label: format!("{name} from a file"),
                location: "body".into(),
                required: false,
                kind: InputKind::File,
                repeatable: false,
                values: Vec::new(),
                hint: format!("Optional: its bytes replace `{name}` in the body, base64-encoded."),
                error: None,
            })
            .collect();
        BodyEditor::Text {
            field: body_text_field(position),
            text,
            files,
            error: None,
        }
    };
    BodyInput {
        media_type: media_type.to_owned(),
        editor,
    }
}

/// What the request needs: the first way to authenticate the console can do (an optional
/// `{}` requirement means nothing is needed when none can).
fn credentials(document: &ApiDocument, operation: &Value) -> Vec<CredentialNeed> {
    let alternatives = requirements(document, operation);
    if alternatives.is_empty() || alternatives.iter().any(Vec::is_empty) && alternatives.len() == 1 {
        return vec![CredentialNeed::None];
    }
    let needs: Vec<Vec<CredentialNeed>> = alternatives
        .iter()
        .map(|requirement| {
            requirement
                .iter()
                .map(|(name, scopes)| need(document, name, scopes))
                .collect()
        })
        .collect();
    let usable = |needs: &&Vec<CredentialNeed>| {
        !needs
            .iter()
            .any(|need| matches!(need, CredentialNeed::Unsupported(_)))
    };
    needs
        .iter()
        .find(|needs| usable(needs) && !needs.is_empty())
        .or_else(|| needs.iter().find(|needs| needs.is_empty()))
        .or_else(|| needs.first())
        .cloned()
        .map(|needs| {
            if needs.is_empty() {
                vec![CredentialNeed::None]
            } else {
                needs
            }
        })
        .unwrap_or_else(|| vec![CredentialNeed::None])
}

fn need(document: &ApiDocument, name: &str, scopes: &[String]) -> CredentialNeed {
    let pointer = format!(
        "/components/securitySchemes/{}",
        crate::catalogue::refs::escape(name)
    );
    let Some(scheme) = document.at(&pointer) else {
        return CredentialNeed::Unsupported(format!("`{name}` is not described in the document"));
    };
    let text = |key: &str| scheme[key].as_str().unwrap_or_default().to_owned();
    match text("type").as_str() {
        "oauth2" if scheme["flows"]["clientCredentials"].is_object() => CredentialNeed::ClientCredentials {
            scopes: scopes.to_vec(),
        },
        "oauth2" if scheme["flows"]["authorizationCode"].is_object() => CredentialNeed::UserToken,
        "oauth2" => CredentialNeed::Bearer,
        "openIdConnect" => CredentialNeed::UserToken,
        "http" if text("scheme").eq_ignore_ascii_case("bearer") => CredentialNeed::Bearer,
        "http" if text("scheme").eq_ignore_ascii_case("basic") => CredentialNeed::Basic,
        "apiKey" => CredentialNeed::ApiKey {
            scheme: name.to_owned(),
            location: text("in"),
            name: text("name"),
        },
        _ => CredentialNeed::Unsupported(super::scheme_kind(scheme)),
    }
}

#[cfg(test)]
mod tests {
    use super::form;
    use crate::catalogue::{ApiDocument, SpecVersion};
    use app::ssr::catalogue::{BodyEditor, CredentialNeed, InputKind};
    use serde_json::json;

    #[test]
    fn inputs_follow_the_schema_and_credentials_the_security() {
        let document = ApiDocument::new(
            json!({
                "openapi": "3.1.0",
                "paths": {"/pets/{id}": {"post": {
                    "operationId": "update",
                    "security": [{"oidc": []}, {"key": []}],
                    "parameters": [
                        {"name": "id", "in": "path", "schema": {"type": "integer", "minimum": 1}},
                        {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["a", "b"], "default": "b"}},
                        {"name": "tags", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}, "example": ["x", "y"]},
                        {"name": "dry", "in": "header", "description": "Only check. Nothing is saved.", "schema": {"type": "boolean"}},
                    ],
                    "requestBody": {"required": true, "content": {
                        "application/json": {"schema": {"type": "object", "properties": {
                            "name": {"type": "string", "example": "Rex"},
                            "photo": {"type": "string", "format": "byte"},
                        }}},
                        "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
                            "file": {"type": "string", "format": "binary"},
                        }}},
                    }},
                    "responses": {"204": {"description": "done"}},
                }}},
                "components": {"securitySchemes": {
                    "oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://id.example/.well-known"},
                    "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
                }},
            }),
            SpecVersion::V31,
        );
        let form = form(&document, &document.operations[0]);
        let fields: Vec<_> = form.parameters.iter().map(|input| input.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "param.path.id",
                "param.query.status",
                "param.query.tags",
                "param.header.dry"
            ]
        );
        assert!(form.parameters[0].required, "path parameters are required");
        assert_eq!(
            form.parameters[0].kind,
            InputKind::Number {
                integer: true,
                min: Some("1".into()),
                max: None
            }
        );
        assert_eq!(
            form.parameters[1].kind,
            InputKind::Select(vec!["a".into(), "b".into()])
        );
        assert_eq!(form.parameters[1].values, ["b"]);
        assert!(form.parameters[2].repeatable);
        assert_eq!(form.parameters[2].values, ["x", "y"]);
        assert_eq!(form.parameters[3].kind, InputKind::Boolean);
        assert_eq!(form.parameters[3].hint, "boolean — Only check");
        assert!(form.body_required);
        let BodyEditor::Text {
            field, text, files, ..
        } = &form.bodies[0].editor
        else {
            panic!("a text editor")
        };
        assert_eq!(field, "body.0");
        assert!(text.contains("\"name\": \"Rex\""), "{text}");
        assert_eq!(files[0].field, "file.photo");
        let BodyEditor::Fields(parts) = &form.bodies[1].editor else {
            panic!("fields")
        };
        assert_eq!(
            (parts[0].field.as_str(), &parts[0].kind, parts[0].required),
            ("field.file", &InputKind::File, true)
        );
        assert_eq!(
            form.credentials,
            [CredentialNeed::UserToken],
            "the first usable way to authenticate: OpenID Connect, with the console's user sign-in"
        );
    }
}
