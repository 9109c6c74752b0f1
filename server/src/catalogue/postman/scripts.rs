//! The text of request scripts: the test script checking a documented success status and
//! storing a new resource's path parameters from `Location`, and the Postman event wrapping a
//! script.

use super::Builder;
use crate::catalogue::Operation;
use serde_json::{Value, json};

impl Builder<'_> {
    /// The test script: a documented success status, and the `Location` header's parameters
    /// stored for the next requests.
    pub(super) fn tests(&self, operation: &Operation, value: &Value) -> Vec<String> {
        let responses = value["responses"].as_object();
        let codes: Vec<u16> = responses
            .into_iter()
            .flatten()
            .filter_map(|(code, _)| code.parse::<u16>().ok())
            .filter(|code| (200..300).contains(code))
            .collect();
        let name = serde_json::to_string(&format!("{}: a documented success status", operation.summary))
            .unwrap_or_default();
        let mut lines = vec![if codes.is_empty() {
            format!("pm.test({name}, () => pm.expect(pm.response.code).to.be.within(200, 299));")
        } else {
            format!("pm.test({name}, () => pm.expect(pm.response.code).to.be.oneOf({codes:?}));")
        }];
        let locates = responses.into_iter().flatten().any(|(_, response)| {
            self.document.resolve(response)["headers"]
                .as_object()
                .is_some_and(|headers| headers.keys().any(|key| key.eq_ignore_ascii_case("location")))
        });
        let templates = self.templates();
        if locates && !templates.is_empty() {
            let templates = serde_json::to_string(&templates).unwrap_or_default();
            lines.extend([
                "// Keeps the new resource's path parameters for the next requests.".to_owned(),
                "const location = pm.response.headers.get('Location');".to_owned(),
                "if (location) {".to_owned(),
                "  const path = location.replace(/^[a-z][a-z0-9+.-]*:\\/\\/[^/]+/i, '')".to_owned(),
                "    .split(/[?#]/)[0];".to_owned(),
                format!("  const match = {templates}"),
                "    .map(([pattern, names]) => [path.match(new RegExp(pattern)), names])".to_owned(),
                "    .find(([found]) => found);".to_owned(),
                "  if (match) match[1].forEach((name, i) =>".to_owned(),
                "    pm.collectionVariables.set(name, decodeURIComponent(match[0][i + 1])));".to_owned(),
                "}".to_owned(),
            ]);
        }
        lines
    }

    /// Every path template with parameters as `[regular expression, parameter names]`, the most
    /// specific (longest literal text) first.
    fn templates(&self) -> Vec<(String, Vec<String>)> {
        let mut templates: Vec<(usize, String, Vec<String>)> = Vec::new();
        for operation in &self.document.operations {
            let (mut pattern, mut names, mut literal) = (String::new(), Vec::new(), 0);
            let mut rest = operation.path.as_str();
            while let Some(start) = rest.find('{') {
                let Some(end) = rest[start..].find('}') else { break };
                pattern.push_str(&regex_escape(&rest[..start]));
                literal += start;
                pattern.push_str("([^/]+)");
                names.push(rest[start + 1..start + end].to_owned());
                rest = &rest[start + end + 1..];
            }
            if names.is_empty() {
                continue;
            }
            pattern.push_str(&regex_escape(rest));
            pattern.push('$');
            literal += rest.len();
            if !templates.iter().any(|(_, other, _)| *other == pattern) {
                templates.push((literal, pattern, names));
            }
        }
        templates.sort_by_key(|template| std::cmp::Reverse(template.0));
        templates
            .into_iter()
            .map(|(_, pattern, names)| (pattern, names))
            .collect()
    }
}

/// A Postman event listening for `listen` (`test`, `prerequest`) that runs the JavaScript `exec`.
pub(super) fn script(listen: &str, exec: Vec<String>) -> Value {
    json!({ "listen": listen, "script": { "type": "text/javascript", "exec": exec } })
}

/// `text` with the characters special in a JavaScript regular expression escaped.
fn regex_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\^$.|?*+()[]{}/".contains(c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}
