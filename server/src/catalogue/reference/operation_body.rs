//! The body of an operation's reference page: authentication, parameters, request body,
//! responses and an example request, with an anchor on every heading, parameter and schema
//! property.

use super::html::escape;
use super::schema_tree::Page;
use super::security::{requirement_text, requirements};
use crate::catalogue::examples::{self, Direction};
use crate::catalogue::{ApiDocument, Operation};
use app::ssr::content::TocEntry;
use serde_json::Value;
use std::fmt::Write;

/// The rendered body and its headings.
pub struct Body {
    /// The HTML.
    pub html: String,
    /// The headings, for the table of contents.
    pub sections: Vec<TocEntry>,
}

/// The parameters of an operation: the path item's, overridden by the operation's own with
/// the same `in` and `name`, references followed.
pub fn parameters<'a>(document: &'a ApiDocument, operation: &Operation) -> Vec<&'a Value> {
    let item = document.at(&operation.path_pointer);
    let own = document.at(&operation.pointer);
    let mut merged: Vec<&Value> = Vec::new();
    for list in [item, own]
        .into_iter()
        .flatten()
        .filter_map(|value| value["parameters"].as_array())
    {
        for parameter in list.iter().map(|parameter| document.resolve(parameter)) {
            let same = |other: &&Value| other["name"] == parameter["name"] && other["in"] == parameter["in"];
            if let Some(position) = merged.iter().position(same) {
                merged[position] = parameter;
            } else {
                merged.push(parameter);
            }
        }
    }
    merged
}

/// Renders the body of `operation`'s page.
pub fn render(document: &ApiDocument, operation: &Operation) -> Body {
    let value = document.at(&operation.pointer).unwrap_or(&Value::Null);
    let mut page = Page::new(document);
    let mut body = Body {
        html: String::new(),
        sections: Vec::new(),
    };
    authentication(document, value, &mut page, &mut body);
    parameter_table(document, operation, &mut page, &mut body);
    request_body(document, value, &mut page, &mut body);
    responses(document, value, &mut page, &mut body);
    example_request(document, operation, value, &mut page, &mut body);
    body
}

fn heading(page: &mut Page<'_>, body: &mut Body, text: &str) {
    let id = page.ids.claim(&[text]);
    let _ = write!(body.html, "<h2 id=\"{id}\">{}</h2>", escape(text));
    body.sections.push(TocEntry {
        level: 2,
        anchor: id,
        text: text.to_owned(),
    });
}

fn authentication(document: &ApiDocument, operation: &Value, page: &mut Page<'_>, body: &mut Body) {
    heading(page, body, "Authentication");
    let alternatives = requirements(document, operation);
    if alternatives.is_empty() {
        body.html
            .push_str("<p>No credentials: this operation is open.</p>");
        return;
    }
    if alternatives.len() > 1 {
        body.html.push_str("<p>Any one of these:</p>");
    }
    body.html.push_str("<ul class=\"security-requirements\">");
    for alternative in &alternatives {
        let _ = write!(body.html, "<li>{}</li>", requirement_text(document, alternative));
    }
    body.html.push_str("</ul>");
}

fn parameter_table(document: &ApiDocument, operation: &Operation, page: &mut Page<'_>, body: &mut Body) {
    let parameters = parameters(document, operation);
    if parameters.is_empty() {
        return;
    }
    heading(page, body, "Parameters");
    body.html.push_str(
        "<div class=\"table-scroll\"><table class=\"parameters\"><thead><tr><th scope=\"col\">Name</th>\
         <th scope=\"col\">In</th><th scope=\"col\">Type</th><th scope=\"col\">Required</th>\
         <th scope=\"col\">Description</th></tr></thead><tbody>",
    );
    for parameter in parameters {
        let name = parameter["name"].as_str().unwrap_or_default();
        let location = parameter["in"].as_str().unwrap_or_default();
        let id = page.ids.claim(&["param", location, name]);
        let schema = parameter.get("schema").unwrap_or(&Value::Null);
        let required = parameter["required"] == Value::Bool(true) || location == "path";
        let mut description = String::new();
        if let Some(text) = parameter["description"].as_str() {
            description.push_str(&crate::content::render_description(text, &id));
        }
        description.push_str(&page.constraints(schema));
        if let Some(example) = parameter.get("example") {
            let _ = write!(
                description,
                "<p>Example: <code>{}</code></p>",
                escape(&example.to_string())
            );
        }
        if parameter["deprecated"] == Value::Bool(true) {
            description.push_str("<p><span class=\"badge\">deprecated</span></p>");
        }
        let _ = write!(
            body.html,
            "<tr id=\"{id}\"><th scope=\"row\"><code>{}</code></th><td>{}</td><td>{}</td><td>{}</td><td>{description}</td></tr>",
            escape(name),
            escape(location),
            escape(&page.type_label(schema)),
            if required { "required" } else { "optional" },
        );
    }
    body.html.push_str("</tbody></table></div>");
}

fn request_body(document: &ApiDocument, operation: &Value, page: &mut Page<'_>, body: &mut Body) {
    let Some(request) = operation.get("requestBody").map(|value| document.resolve(value)) else {
        return;
    };
    heading(page, body, "Request body");
    let required = if request["required"] == Value::Bool(true) {
        "Required."
    } else {
        "Optional."
    };
    let _ = write!(body.html, "<p>{required}</p>");
    if let Some(text) = request["description"].as_str() {
        body.html
            .push_str(&crate::content::render_description(text, "request"));
    }
    media_types(
        document,
        &request["content"],
        "request",
        Direction::Request,
        page,
        body,
    );
}

fn responses(document: &ApiDocument, operation: &Value, page: &mut Page<'_>, body: &mut Body) {
    let Some(responses) = operation["responses"].as_object() else {
        return;
    };
    heading(page, body, "Responses");
    for (status, response) in responses {
        let response = document.resolve(response);
        let id = page.ids.claim(&["response", status]);
        let _ = write!(
            body.html,
            "<section class=\"response\" aria-labelledby=\"{id}\"><h3 id=\"{id}\"><span class=\"status\">{}</span></h3>",
            escape(status)
        );
        if let Some(text) = response["description"].as_str() {
            body.html.push_str(&crate::content::render_description(text, &id));
        }
        media_types(
            document,
            &response["content"],
            &id,
            Direction::Response,
            page,
            body,
        );
        body.html.push_str("</section>");
    }
}

fn media_types(
    document: &ApiDocument,
    content: &Value,
    prefix: &str,
    direction: Direction,
    page: &mut Page<'_>,
    body: &mut Body,
) {
    for (media_type, media) in content.as_object().into_iter().flatten() {
        let media_prefix = format!("{prefix}-{media_type}");
        // Under "Request body" (h2) directly; under a response's status (h3) for answers.
        let level = match direction {
            Direction::Request => 3,
            Direction::Response => 4,
        };
        let _ = write!(
            body.html,
            "<h{level} class=\"media-type\"><code>{}</code></h{level}>",
            escape(media_type)
        );
        if let Some(schema) = media.get("schema") {
            body.html
                .push_str(&page.schema_tree(schema, &media_prefix, direction));
        }
        if let Some(example) = examples::media_example(&document.root, media, direction) {
            let text = serde_json::to_string_pretty(&example).unwrap_or_default();
            let _ = write!(
                body.html,
                "<details class=\"example\"><summary>Example</summary><pre tabindex=\"0\"><code>{}</code></pre></details>",
                escape(&crate::text::shortened(&text, 16 * 1024))
            );
        }
    }
}

fn example_request(
    document: &ApiDocument,
    operation: &Operation,
    value: &Value,
    page: &mut Page<'_>,
    body: &mut Body,
) {
    heading(page, body, "Example request");
    let path = &operation.path;
    let mut query = Vec::new();
    let mut headers = Vec::new();
    for parameter in parameters(document, operation) {
        let name = parameter["name"].as_str().unwrap_or_default();
        let placeholder = format!("{{{name}}}");
        match parameter["in"].as_str() {
            Some("query") if parameter["required"] == Value::Bool(true) => {
                query.push(format!("{name}={placeholder}"))
            }
            Some("header") if parameter["required"] == Value::Bool(true) => {
                headers.push(format!("{name}: {placeholder}"))
            }
            _ => {}
        }
    }
    let mut command = format!("curl -X {} '{{BASE_URL}}{path}", operation.method);
    if !query.is_empty() {
        let _ = write!(command, "?{}", query.join("&"));
    }
    command.push('\'');
    if !requirements(document, value).is_empty() {
        command.push_str(" \\\n  -H 'Authorization: Bearer {ACCESS_TOKEN}'");
    }
    for header in headers {
        let _ = write!(command, " \\\n  -H '{header}'");
    }
    let request = value.get("requestBody").map(|request| document.resolve(request));
    if let Some(content) = request.and_then(|request| request["content"].as_object())
        && let Some((media_type, media)) = content.iter().next()
    {
        let _ = write!(command, " \\\n  -H 'Content-Type: {media_type}'");
        if media_type.contains("json")
            && let Some(example) = examples::media_example(&document.root, media, Direction::Request)
        {
            let text = serde_json::to_string(&example)
                .unwrap_or_default()
                .replace('\'', "'\\''");
            let _ = write!(command, " \\\n  -d '{}'", crate::text::shortened(&text, 4 * 1024));
        }
    }
    let _ = write!(
        body.html,
        "<p><code>{{BASE_URL}}</code> is the environment's API base URL; Try It fills it in for you.</p><pre tabindex=\"0\"><code>{}</code></pre>",
        escape(&command)
    );
}
