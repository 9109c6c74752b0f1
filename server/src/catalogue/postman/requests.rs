//! One Postman request per operation: its URL (path variables, query), headers, body,
//! description and test event.

use super::scripts::script;
use super::{Builder, text_of};
use crate::catalogue::examples::{self, Direction, media_example};
use crate::catalogue::reference::parameters;
use crate::catalogue::{Api, ApiDocument, Operation};
use serde_json::{Value, json};

impl Builder<'_> {
    /// The collection item for `operation`: its request and its test script.
    pub(super) fn item(&mut self, api: &Api, base_url: &str, operation: &Operation) -> Value {
        let document = self.document;
        let root = &document.root;
        let value = document.at(&operation.pointer).unwrap_or(&Value::Null);
        let mut path = String::new();
        let mut path_variables = Vec::new();
        let mut query = Vec::new();
        let mut header = Vec::new();
        let parameters = parameters(document, operation);
        for segment in operation.path.trim_start_matches('/').split('/') {
            path.push('/');
            match segment.strip_prefix('{').and_then(|rest| rest.strip_suffix('}')) {
                Some(name) if !name.contains(['{', '}']) => {
                    path.push(':');
                    path.push_str(name);
                    let parameter = parameters.iter().find(|p| p["name"] == name && p["in"] == "path");
                    let example = parameter
                        .map(|p| parameter_example(document, p))
                        .unwrap_or_default();
                    let description = parameter.map(|p| text_of(&p["description"])).unwrap_or_default();
                    self.variable(name, &example, &description);
                    let value = format!("{{{{{name}}}}}");
                    path_variables.push(json!({ "key": name, "value": value, "description": description }));
                }
                _ => path.push_str(&segment.replace('{', "{{").replace('}', "}}")),
            }
        }
        for parameter in &parameters {
            let name = text_of(&parameter["name"]);
            let entry = |value: String| {
                json!({
                    "key": name,
                    "value": value,
                    "description": text_of(&parameter["description"]),
                    "disabled": parameter["required"] != true
                })
            };
            match parameter["in"].as_str() {
                Some("query") => match parameter_example_value(document, parameter) {
                    Value::Array(items) => query.extend(items.iter().map(|item| entry(text_of(item)))),
                    other => query.push(entry(text_of(&other))),
                },
                Some("header")
                    if !["accept", "content-type", "authorization"]
                        .contains(&name.to_ascii_lowercase().as_str()) =>
                {
                    header.push(entry(parameter_example(document, parameter)));
                }
                Some("path" | "header") | None => {}
                Some(other) => {
                    // Cookies and unknown locations: sent as a header, to be filled in.
                    let value = parameter_example(document, parameter);
                    if other == "cookie" {
                        let (value, disabled) = (format!("{name}={value}"), parameter["required"] != true);
                        header.push(json!({ "key": "Cookie", "value": value, "disabled": disabled }));
                    }
                }
            }
        }
        let body = self.body(root, value, &mut header);
        let auth = self.auth(value, &mut header, &mut query);
        let query_string: Vec<String> = query
            .iter()
            .filter(|entry| entry["disabled"] != true)
            .map(|entry| format!("{}={}", text_of(&entry["key"]), text_of(&entry["value"])))
            .collect();
        let mut raw = format!("{{{{baseUrl}}}}{path}");
        if !query_string.is_empty() {
            raw = format!("{raw}?{}", query_string.join("&"));
        }
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let mut url = json!({ "raw": raw, "host": ["{{baseUrl}}"], "path": segments });
        if !query.is_empty() {
            url["query"] = Value::Array(query);
        }
        if !path_variables.is_empty() {
            url["variable"] = Value::Array(path_variables);
        }
        let mut description = text_of(&value["description"]);
        description.push_str(&format!(
            "\n\nReference: {}/apis/{}/{}",
            base_url.trim_end_matches('/'),
            api.slug,
            operation.slug
        ));
        let mut request = json!({
            "method": operation.method,
            "auth": auth,
            "header": header,
            "url": url,
            "description": description.trim()
        });
        if let Some(body) = body {
            request["body"] = body;
        }
        json!({
            "name": operation.summary,
            "event": [script("test", self.tests(operation, value))],
            "request": request
        })
    }

    /// The request body from the first JSON, urlencoded, form-data or other media type.
    fn body(&self, root: &Value, operation: &Value, header: &mut Vec<Value>) -> Option<Value> {
        let content = self.document.resolve(&operation["requestBody"])["content"].as_object()?;
        let is_json = |media: &str| media == "application/json" || media.ends_with("+json");
        let (media, entry) = content
            .iter()
            .find(|(media, _)| is_json(media))
            .or_else(|| {
                content
                    .iter()
                    .find(|(media, _)| *media == "application/x-www-form-urlencoded")
            })
            .or_else(|| content.iter().find(|(media, _)| *media == "multipart/form-data"))
            .or_else(|| content.iter().next())?;
        let example = media_example(root, entry, Direction::Request).unwrap_or(Value::Null);
        let fields = |example: &Value, file: bool| -> Vec<Value> {
            let schema = self.document.resolve(&entry["schema"]);
            example
                .as_object()
                .into_iter()
                .flatten()
                .map(|(key, value)| {
                    let property = self.document.resolve(&schema["properties"][key]);
                    if file && (property["format"] == "binary" || property.get("contentMediaType").is_some())
                    {
                        json!({ "key": key, "type": "file", "src": [] })
                    } else if file {
                        json!({ "key": key, "value": text_of(value), "type": "text" })
                    } else {
                        json!({ "key": key, "value": text_of(value) })
                    }
                })
                .collect()
        };
        Some(match media.as_str() {
            "application/x-www-form-urlencoded" => {
                json!({ "mode": "urlencoded", "urlencoded": fields(&example, false) })
            }
            "multipart/form-data" => json!({ "mode": "formdata", "formdata": fields(&example, true) }),
            media => {
                header.push(json!({ "key": "Content-Type", "value": media }));
                if is_json(media) {
                    let raw = serde_json::to_string_pretty(&example).unwrap_or_default();
                    json!({ "mode": "raw", "raw": raw, "options": { "raw": { "language": "json" } } })
                } else {
                    json!({ "mode": "raw", "raw": text_of(&example) })
                }
            }
        })
    }
}

/// A parameter's example: `example`, the first of `examples`, else one from its schema (or content).
fn parameter_example_value(document: &ApiDocument, parameter: &Value) -> Value {
    if let Some(example) = parameter.get("example") {
        return example.clone();
    }
    let named = parameter["examples"]
        .as_object()
        .into_iter()
        .flatten()
        .find_map(|(_, entry)| document.resolve(entry).get("value").cloned());
    if let Some(named) = named {
        return named;
    }
    if let Some(schema) = parameter.get("schema") {
        return examples::example(&document.root, schema, Direction::Request);
    }
    parameter["content"]
        .as_object()
        .and_then(|content| content.values().next())
        .and_then(|media| media_example(&document.root, media, Direction::Request))
        .unwrap_or(Value::Null)
}

/// A parameter's example as text (an array's items joined by commas).
fn parameter_example(document: &ApiDocument, parameter: &Value) -> String {
    match parameter_example_value(document, parameter) {
        Value::Array(items) => items.iter().map(text_of).collect::<Vec<_>>().join(","),
        other => text_of(&other),
    }
}
