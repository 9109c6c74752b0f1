//! A schema as a folding tree of `<details>`, readable without JavaScript: every property with
//! its type, `required`, constraints and description, nested objects and arrays, and
//! `oneOf`/`anyOf`/`allOf` variants. A named schema (`#/components/schemas/…`) is drawn once
//! per page; later uses, and recursive ones, link to it. Depth and node count are bounded, so
//! a document of any size gives a page of bounded size.

use super::html::{Ids, escape};
use crate::catalogue::examples::Direction;
use crate::catalogue::{ApiDocument, SpecVersion};
use serde_json::Value;
use std::collections::HashMap;
use std::fmt::Write;

/// The deepest nesting drawn.
const MAX_DEPTH: usize = 12;
/// The most tree nodes drawn on one page.
const MAX_NODES: usize = 1_200;
/// The most enum values listed for one schema.
const MAX_ENUM_VALUES: usize = 30;
/// Nesting levels drawn open (deeper ones start folded).
const OPEN_LEVELS: usize = 1;

/// What one page has drawn so far: ids, named schemas and the node budget.
pub struct Page<'a> {
    document: &'a ApiDocument,
    /// The page's ids.
    pub ids: Ids,
    drawn: HashMap<String, String>,
    nodes: usize,
}

impl<'a> Page<'a> {
    /// A page of `document`.
    pub fn new(document: &'a ApiDocument) -> Self {
        Self {
            document,
            ids: Ids::default(),
            drawn: HashMap::new(),
            nodes: 0,
        }
    }

    /// The tree of `schema`, its ids starting with `prefix`, for a message travelling
    /// `direction` (read-only properties are not sent, write-only ones not returned).
    pub fn schema_tree(&mut self, schema: &Value, prefix: &str, direction: Direction) -> String {
        let mut out = String::from("<div class=\"schema-tree\">");
        let mut stack = Vec::new();
        let mut tree = Tree {
            page: self,
            direction,
            stack: &mut stack,
            out: String::new(),
        };
        tree.node(None, schema, false, prefix, 0);
        out.push_str(&tree.out);
        out.push_str("</div>");
        out
    }

    /// A short type label for `schema` (`string (date-time)`, `array of Pet`, `integer or null`).
    pub fn type_label(&self, schema: &Value) -> String {
        type_label(self.document, schema)
    }

    /// The constraints of `schema` as an HTML list, if it has any.
    pub fn constraints(&self, schema: &Value) -> String {
        constraints(self.document, schema)
    }
}

struct Tree<'p, 'a> {
    page: &'p mut Page<'a>,
    direction: Direction,
    stack: &'p mut Vec<String>,
    out: String,
}

impl Tree<'_, '_> {
    fn node(&mut self, name: Option<&str>, schema: &Value, required: bool, prefix: &str, depth: usize) {
        let document = self.page.document;
        self.page.nodes += 1;
        if self.page.nodes > MAX_NODES || depth > MAX_DEPTH {
            if self.page.nodes == MAX_NODES + 1 || depth > MAX_DEPTH {
                self.out.push_str(
                    "<p class=\"schema-cut\">… more detail than a page shows: see the OpenAPI document.</p>",
                );
            }
            return;
        }
        let resolved = document.resolve(schema);
        let reference = crate::catalogue::refs::reference_of(schema).map(str::to_owned);
        let id = self.page.ids.claim(&[prefix]);
        let label = type_label(document, schema);
        let mut head = String::new();
        if let Some(name) = name {
            let _ = write!(head, "<code class=\"property-name\">{}</code> ", escape(name));
        }
        let _ = write!(head, "<span class=\"schema-type\">{}</span>", escape(&label));
        if required {
            head.push_str(" <span class=\"badge required\">required</span>");
        }
        for (flag, text) in [
            ("deprecated", "deprecated"),
            ("readOnly", "read-only"),
            ("writeOnly", "write-only"),
        ] {
            if resolved[flag] == Value::Bool(true) {
                let _ = write!(head, " <span class=\"badge\">{text}</span>");
            }
        }
        let mut detail = String::new();
        if let Some(description) = resolved["description"].as_str() {
            detail.push_str(&crate::content::render_description(description, &id));
        }
        detail.push_str(&constraints(document, resolved));

        // A named schema already drawn on this page (or being drawn: recursion) is linked.
        if let Some(reference) = &reference
            && has_children(document, resolved)
        {
            let schema_name = crate::catalogue::refs::name_of(reference);
            if let Some(anchor) = self.page.drawn.get(reference) {
                let relation = if self.stack.contains(reference) {
                    "recursive: the same"
                } else {
                    "the same"
                };
                let _ = write!(
                    detail,
                    "<p class=\"schema-link\">{relation} <a href=\"#{anchor}\">{}</a> as above.</p>",
                    escape(schema_name)
                );
                self.leaf(&id, &head, &detail);
                return;
            }
            self.page.drawn.insert(reference.clone(), id.clone());
            // Where search sends people looking for this schema.
            let anchor = self.page.ids.claim(&["schema", schema_name]);
            let _ = write!(self.out, "<span class=\"schema-anchor\" id=\"{anchor}\"></span>");
        }
        if !has_children(document, resolved) {
            self.leaf(&id, &head, &detail);
            return;
        }
        let open = if depth <= OPEN_LEVELS { " open" } else { "" };
        let _ = write!(
            self.out,
            "<div class=\"schema-node\" id=\"{id}\"><details{open}><summary>{head}</summary>{detail}<ul class=\"schema-children\">"
        );
        if let Some(reference) = &reference {
            self.stack.push(reference.clone());
        }
        self.children(resolved, &id, depth);
        if reference.is_some() {
            self.stack.pop();
        }
        self.out.push_str("</ul></details></div>");
    }

    fn leaf(&mut self, id: &str, head: &str, detail: &str) {
        let _ = write!(
            self.out,
            "<div class=\"schema-node leaf\" id=\"{id}\"><p class=\"schema-head\">{head}</p>{detail}</div>"
        );
    }

    fn children(&mut self, schema: &Value, id: &str, depth: usize) {
        let document = self.page.document;
        let required: Vec<&str> = schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        for (name, property) in schema["properties"].as_object().into_iter().flatten() {
            let resolved = document.resolve(property);
            let left_out = match self.direction {
                Direction::Request => resolved["readOnly"] == Value::Bool(true),
                Direction::Response => resolved["writeOnly"] == Value::Bool(true),
            };
            if left_out {
                continue;
            }
            self.out.push_str("<li>");
            self.node(
                Some(name),
                property,
                required.contains(&name.as_str()),
                &format!("{id}-{name}"),
                depth + 1,
            );
            self.out.push_str("</li>");
        }
        if let Some(additional) = schema
            .get("additionalProperties")
            .filter(|value| value.is_object())
        {
            self.out.push_str("<li>");
            self.node(
                Some("{any name}"),
                additional,
                false,
                &format!("{id}-additional"),
                depth + 1,
            );
            self.out.push_str("</li>");
        }
        if let Some(items) = schema
            .get("items")
            .filter(|items| has_children(document, document.resolve(items)))
        {
            self.out.push_str("<li>");
            self.node(Some("[items]"), items, false, &format!("{id}-items"), depth + 1);
            self.out.push_str("</li>");
        }
        for (keyword, words) in [
            ("oneOf", "Exactly one of"),
            ("anyOf", "Any of"),
            ("allOf", "All of"),
        ] {
            let Some(variants) = schema[keyword].as_array() else {
                continue;
            };
            let _ = write!(self.out, "<li class=\"schema-variants\"><p>{words}:</p><ol>");
            for (position, variant) in variants.iter().enumerate() {
                let name = crate::catalogue::refs::reference_of(variant)
                    .map(|reference| crate::catalogue::refs::name_of(reference).to_owned())
                    .unwrap_or_else(|| format!("option {}", position + 1));
                self.out.push_str("<li>");
                self.node(
                    Some(&name),
                    variant,
                    false,
                    &format!("{id}-{keyword}-{}", position + 1),
                    depth + 1,
                );
                self.out.push_str("</li>");
            }
            self.out.push_str("</ol></li>");
        }
    }
}

/// Whether the tree draws anything under `schema`.
fn has_children(document: &ApiDocument, schema: &Value) -> bool {
    schema["properties"]
        .as_object()
        .is_some_and(|properties| !properties.is_empty())
        || schema.get("additionalProperties").is_some_and(Value::is_object)
        || ["oneOf", "anyOf", "allOf"]
            .iter()
            .any(|keyword| schema[keyword].is_array())
        || schema.get("items").is_some_and(|items| {
            has_children(document, document.resolve(items)) && !std::ptr::eq(items, schema)
        })
}

fn type_label(document: &ApiDocument, schema: &Value) -> String {
    type_label_at(document, schema, 0)
}

fn type_label_at(document: &ApiDocument, schema: &Value, depth: usize) -> String {
    if depth > 4 {
        return "…".into();
    }
    let reference = crate::catalogue::refs::reference_of(schema)
        .map(|reference| crate::catalogue::refs::name_of(reference).to_owned());
    let resolved = document.resolve(schema);
    let mut types: Vec<String> = match &resolved["type"] {
        Value::String(one) => vec![one.clone()],
        Value::Array(many) => many.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        _ if resolved["properties"].is_object() => vec!["object".into()],
        _ if resolved["oneOf"].is_array() => vec!["one of".into()],
        _ if resolved["anyOf"].is_array() => vec!["any of".into()],
        _ if resolved["allOf"].is_array() => vec!["all of".into()],
        _ if resolved["enum"].is_array() => vec!["enum".into()],
        _ => vec!["any".into()],
    };
    for kind in &mut types {
        if kind == "array" {
            let items = resolved.get("items").map_or_else(
                || "any".to_owned(),
                |items| type_label_at(document, items, depth + 1),
            );
            *kind = format!("array of {items}");
        } else if kind == "object"
            && let Some(name) = &reference
        {
            *kind = name.clone();
        }
    }
    if let Some(format) = resolved["format"].as_str()
        && let Some(first) = types.first_mut()
    {
        let _ = write!(first, " ({format})");
    }
    if resolved["nullable"] == Value::Bool(true) && document.version == SpecVersion::V30 {
        types.push("null".into());
    }
    types.join(" or ")
}

fn constraints(document: &ApiDocument, schema: &Value) -> String {
    let schema = document.resolve(schema);
    let mut facts: Vec<(&str, String)> = Vec::new();
    if let Some(values) = schema["enum"].as_array() {
        let mut listed: Vec<String> = values
            .iter()
            .take(MAX_ENUM_VALUES)
            .map(|value| format!("<code>{}</code>", escape(&value.to_string())))
            .collect();
        if values.len() > MAX_ENUM_VALUES {
            listed.push(format!("and {} more", values.len() - MAX_ENUM_VALUES));
        }
        facts.push(("Allowed", listed.join(", ")));
    }
    for (key, label) in [
        ("const", "Always"),
        ("default", "Default"),
        ("example", "Example"),
    ] {
        if let Some(value) = schema.get(key) {
            facts.push((
                label,
                format!(
                    "<code>{}</code>",
                    escape(&crate::text::shortened(&value.to_string(), 200))
                ),
            ));
        }
    }
    let exclusive = |key: &str, bound: &str| match &schema[key] {
        Value::Bool(true) => schema.get(bound).map(|value| value.to_string()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    };
    match (schema.get("minimum"), exclusive("exclusiveMinimum", "minimum")) {
        (_, Some(value)) => facts.push(("Greater than", escape(&value))),
        (Some(value), None) => facts.push(("At least", escape(&value.to_string()))),
        _ => {}
    }
    match (schema.get("maximum"), exclusive("exclusiveMaximum", "maximum")) {
        (_, Some(value)) => facts.push(("Less than", escape(&value))),
        (Some(value), None) => facts.push(("At most", escape(&value.to_string()))),
        _ => {}
    }
    for (key, label) in [
        ("multipleOf", "Multiple of"),
        ("minLength", "Characters at least"),
        ("maxLength", "Characters at most"),
        ("minItems", "Items at least"),
        ("maxItems", "Items at most"),
        ("minProperties", "Properties at least"),
        ("maxProperties", "Properties at most"),
    ] {
        if let Some(value) = schema.get(key).filter(|value| value.is_number()) {
            facts.push((label, value.to_string()));
        }
    }
    if let Some(pattern) = schema["pattern"].as_str() {
        facts.push(("Pattern", format!("<code>{}</code>", escape(pattern))));
    }
    if schema["uniqueItems"] == Value::Bool(true) {
        facts.push(("Items", "unique".into()));
    }
    if let Some(property) = schema["discriminator"]["propertyName"].as_str() {
        facts.push((
            "Discriminator",
            format!("<code>{}</code> names the variant", escape(property)),
        ));
    }
    if facts.is_empty() {
        return String::new();
    }
    let mut out = String::from("<dl class=\"schema-constraints\">");
    for (label, value) in facts {
        let _ = write!(out, "<dt>{label}</dt><dd>{value}</dd>");
    }
    out.push_str("</dl>");
    out
}

#[cfg(test)]
mod tests {
    use super::Page;
    use crate::catalogue::examples::Direction;
    use crate::catalogue::{ApiDocument, SpecVersion};
    use serde_json::json;

    fn document() -> ApiDocument {
        ApiDocument::new(
            json!({
                "openapi": "3.0.3",
                "paths": {},
                "components": {"schemas": {
                    "Node": {"type": "object", "required": ["name"], "properties": {
                        "name": {"type": "string", "maxLength": 10, "description": "Its *name*."},
                        "id": {"type": "integer", "readOnly": true},
                        "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                        "status": {"type": "string", "enum": ["on", "off"], "nullable": true},
                    }},
                }},
            }),
            SpecVersion::V30,
        )
    }

    #[test]
    fn a_recursive_schema_is_drawn_once_then_linked_and_constraints_are_shown() {
        let document = document();
        let mut page = Page::new(&document);
        let html = page.schema_tree(
            &json!({"$ref": "#/components/schemas/Node"}),
            "body",
            Direction::Request,
        );
        assert_eq!(
            html.matches("recursive: the same <a href=\"#body\">Node</a>")
                .count(),
            1,
            "{html}"
        );
        assert!(html.contains("<code class=\"property-name\">name</code> <span class=\"schema-type\">string</span> <span class=\"badge required\">required</span>"), "{html}");
        assert!(html.contains("<dt>Characters at most</dt><dd>10</dd>"), "{html}");
        assert!(
            html.contains("<em>name</em>"),
            "descriptions are Markdown: {html}"
        );
        assert!(
            html.contains(
                "<dt>Allowed</dt><dd><code>&quot;on&quot;</code>, <code>&quot;off&quot;</code></dd>"
            ),
            "{html}"
        );
        assert!(html.contains("string or null"), "3.0 nullable: {html}");
        assert!(
            !html.contains("property-name\">id<"),
            "read-only properties are not sent: {html}"
        );
        assert!(html.contains("array of Node"), "{html}");
    }

    #[test]
    fn the_second_use_on_a_page_links_to_the_first() {
        let document = document();
        let mut page = Page::new(&document);
        let node = json!({"$ref": "#/components/schemas/Node"});
        let first = page.schema_tree(&node, "request", Direction::Response);
        let second = page.schema_tree(&node, "response-200", Direction::Response);
        assert!(
            first.contains("property-name\">id<"),
            "read-only properties are returned"
        );
        assert!(
            second.contains("the same <a href=\"#request\">Node</a> as above"),
            "{second}"
        );
        assert!(page.ids.contains("request-children"));
    }

    #[test]
    fn a_huge_schema_is_cut_with_a_notice() {
        let properties: serde_json::Map<String, serde_json::Value> = (0..5_000)
            .map(|n| {
                (
                    format!("p{n}"),
                    json!({"type": "object", "properties": {"x": {"type": "string"}}}),
                )
            })
            .collect();
        let document = ApiDocument::new(json!({"openapi": "3.1.0", "paths": {}}), SpecVersion::V31);
        let mut page = Page::new(&document);
        let html = page.schema_tree(
            &json!({"type": "object", "properties": properties}),
            "body",
            Direction::Request,
        );
        assert_eq!(html.matches("more detail than a page shows").count(), 1);
        assert!(html.len() < 1_000_000, "{} bytes", html.len());
    }
}
