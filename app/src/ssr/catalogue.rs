//! The API catalogue as pages see it: cards, an API's overview and one operation's reference.
//! The server builds these from the OpenAPI documents; descriptions and the reference body
//! arrive as HTML already rendered and sanitised by the server's Markdown pipeline.

use super::content::TocEntry;
use serde::{Deserialize, Serialize};

/// One API as the catalogue lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiCard {
    /// Its URL segment.
    pub slug: String,
    /// Its name.
    pub title: String,
    /// One sentence about it.
    pub summary: String,
    /// The document's `info.version` (empty when the document could not be read).
    pub version: String,
    /// `3.0` or `3.1`.
    pub openapi: String,
    /// How many operations it has.
    pub operation_count: usize,
    /// Tags to filter by.
    pub tags: Vec<String>,
    /// What is wrong with its document, for its author (`file at #/pointer: message`).
    pub problems: Vec<String>,
}

impl ApiCard {
    /// The overview page's path.
    pub fn path(&self) -> String {
        format!("/apis/{}", self.slug)
    }
}

/// An operation as a link in lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperationLink {
    /// Its URL segment under the API.
    pub slug: String,
    /// `GET`, `POST` …
    pub method: String,
    /// The path template.
    pub path: String,
    /// What it does.
    pub summary: String,
    /// Whether it is deprecated.
    pub deprecated: bool,
}

/// The operations of one tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperationGroup {
    /// The tag.
    pub tag: String,
    /// The tag's description, rendered.
    pub description_html: String,
    /// Its operations, in document order.
    pub operations: Vec<OperationLink>,
}

/// A server the document names (shown, never used as a destination).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerView {
    /// The URL template.
    pub url: String,
    /// What it is.
    pub description: String,
    /// Its variables (`name`: default, and the allowed values if listed).
    pub variables: Vec<(String, String)>,
}

/// A security scheme of the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecuritySchemeView {
    /// Its name in `components.securitySchemes`.
    pub name: String,
    /// What it is, in words (`OAuth 2.0 client credentials`, `API key in header X-Key` …).
    pub kind: String,
    /// Its description, rendered.
    pub description_html: String,
}

/// An API's overview page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiOverview {
    /// The card.
    pub card: ApiCard,
    /// The introduction from `index.md`, rendered.
    pub introduction_html: Option<String>,
    /// The document's `info.description`, rendered.
    pub description_html: String,
    /// The document's servers.
    pub servers: Vec<ServerView>,
    /// Its security schemes.
    pub security: Vec<SecuritySchemeView>,
    /// Its operations by tag.
    pub groups: Vec<OperationGroup>,
}

/// One operation's reference page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperationReference {
    /// The API it belongs to.
    pub api: ApiCard,
    /// The operation.
    pub operation: OperationLink,
    /// Its description, rendered.
    pub description_html: String,
    /// Security, parameters, request body, responses and a curl example, rendered.
    pub body_html: String,
    /// The headings of the body, for the table of contents.
    pub sections: Vec<TocEntry>,
    /// The operation before it in the document.
    pub previous: Option<OperationLink>,
    /// The operation after it.
    pub next: Option<OperationLink>,
}
