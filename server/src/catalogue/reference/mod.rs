//! The catalogue as the reference pages see it: cards, overviews and operation pages built
//! from the documents on request (cheap: the documents are indexed at start), through the
//! app's `CataloguePort`.

mod html;
mod operation_body;
mod schema_tree;
mod security;
pub mod try_it_form;

pub use operation_body::parameters;
pub use security::{requirements, scheme_kind};

use super::{Api, ApiDocument, Catalogue, Operation};
use app::ssr::catalogue::{
    ApiCard, ApiOverview, OperationGroup, OperationLink, OperationReference, SecuritySchemeView, ServerView,
};
use app::ssr::services::CataloguePort;
use serde_json::Value;

impl CataloguePort for Catalogue {
    fn apis(&self) -> Vec<ApiCard> {
        self.apis().iter().map(card).collect()
    }

    fn overview(&self, api: &str) -> Option<ApiOverview> {
        self.api(api).map(overview)
    }

    fn operation(&self, api: &str, operation: &str) -> Option<OperationReference> {
        let entry = self.api(api)?;
        let document = entry.document.as_ref()?;
        let found = document.operation(operation)?;
        let position = document
            .operations
            .iter()
            .position(|candidate| candidate.slug == found.slug)?;
        let value = document.at(&found.pointer).unwrap_or(&Value::Null);
        let body = operation_body::render(document, found);
        Some(OperationReference {
            api: card(entry),
            operation: link(found),
            description_html: value["description"]
                .as_str()
                .map(|text| crate::content::render_description(text, "description"))
                .unwrap_or_default(),
            body_html: body.html,
            sections: body.sections,
            previous: position
                .checked_sub(1)
                .and_then(|before| document.operations.get(before))
                .map(link),
            next: document.operations.get(position + 1).map(link),
            try_it: try_it_form::form(document, found),
        })
    }
}

/// The card of an API.
pub fn card(api: &Api) -> ApiCard {
    ApiCard {
        slug: api.slug.clone(),
        title: api.title.clone(),
        summary: api.summary.clone(),
        version: api
            .document
            .as_ref()
            .map(|d| d.info_version().to_owned())
            .unwrap_or_default(),
        openapi: api
            .document
            .as_ref()
            .map(|d| d.version.label().to_owned())
            .unwrap_or_default(),
        operation_count: api.document.as_ref().map_or(0, |d| d.operations.len()),
        tags: api.tags.clone(),
        problems: api.problems.iter().map(ToString::to_string).collect(),
    }
}

fn link(operation: &Operation) -> OperationLink {
    OperationLink {
        slug: operation.slug.clone(),
        method: operation.method.clone(),
        path: operation.path.clone(),
        summary: operation.summary.clone(),
        deprecated: operation.deprecated,
    }
}

fn overview(api: &Api) -> ApiOverview {
    let document = api.document.as_ref();
    let root = document.map_or(&Value::Null, |document| &document.root);
    ApiOverview {
        card: card(api),
        introduction_html: api.introduction_html.clone(),
        description_html: root["info"]["description"]
            .as_str()
            .map(|text| crate::content::render_description(text, "about"))
            .unwrap_or_default(),
        servers: root["servers"]
            .as_array()
            .into_iter()
            .flatten()
            .map(server)
            .collect(),
        security: document.map(security_schemes).unwrap_or_default(),
        groups: document.map(groups).unwrap_or_default(),
    }
}

fn server(server: &Value) -> ServerView {
    ServerView {
        url: server["url"].as_str().unwrap_or_default().to_owned(),
        description: server["description"].as_str().unwrap_or_default().to_owned(),
        variables: server["variables"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, variable)| {
                let default = variable["default"].as_str().unwrap_or_default();
                let allowed: Vec<&str> = variable["enum"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                let detail = if allowed.is_empty() {
                    format!("default {default}")
                } else {
                    format!("default {default}, one of {}", allowed.join(", "))
                };
                (name.clone(), detail)
            })
            .collect(),
    }
}

fn security_schemes(document: &ApiDocument) -> Vec<SecuritySchemeView> {
    document.root["components"]["securitySchemes"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, scheme)| {
            let scheme = document.resolve(scheme);
            SecuritySchemeView {
                name: name.clone(),
                kind: scheme_kind(scheme),
                description_html: scheme["description"]
                    .as_str()
                    .map(|text| crate::content::render_description(text, "scheme"))
                    .unwrap_or_default(),
            }
        })
        .collect()
}

/// The operations by tag: the document's `tags` order first, then tags met on operations.
fn groups(document: &ApiDocument) -> Vec<OperationGroup> {
    let mut order: Vec<String> = document.root["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|tag| tag["name"].as_str().map(str::to_owned))
        .collect();
    for operation in &document.operations {
        for tag in &operation.tags {
            if !order.contains(tag) {
                order.push(tag.clone());
            }
        }
    }
    order
        .into_iter()
        .filter_map(|tag| {
            let operations: Vec<OperationLink> = document
                .operations
                .iter()
                .filter(|operation| operation.tags.contains(&tag))
                .map(link)
                .collect();
            if operations.is_empty() {
                return None;
            }
            let description = document.root["tags"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|entry| entry["name"] == tag.as_str())
                .and_then(|entry| entry["description"].as_str())
                .map(|text| crate::content::render_description(text, "tag"))
                .unwrap_or_default();
            Some(OperationGroup {
                tag,
                description_html: description,
                operations,
            })
        })
        .collect()
}
