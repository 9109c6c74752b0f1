//! The API catalogue: every API of the marketplace, each from its OpenAPI 3.0/3.1 document.
//! Documents live in `content/apis/<slug>/` (`openapi.json` or `openapi.yaml`, and an optional
//! `index.md` with front matter and an introduction); the embedded sandbox adds its own two
//! (its authorization server and the Claims Attachment API, generated from the handlers). All
//! are read, bundled (external `$ref`s brought inside), checked and indexed once at start. A
//! document that cannot be used does not stop the portal: its entry carries the problems,
//! each with its file and JSON pointer, for the catalogue page, the content check and
//! `portal check`.
//!
//! Documents are kept as `serde_json::Value` rather than a typed model: real documents break
//! strict models (3.0 and 3.1 differ, vendors add fields, schemas are booleans), and every
//! page only needs to read what is there.

mod builtin;
mod bundle;
pub mod examples;
mod findable;
mod load;
mod operations;
pub mod postman;
pub mod reference;
mod refs;
mod spec;
#[cfg(test)]
mod test_support;
pub mod validate;

pub use builtin::{SANDBOX_APIS, sandbox_entries};
pub use operations::{Operation, slugify};
pub use spec::SpecVersion;

use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Something wrong with an API's folder or document, for its author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueProblem {
    /// The file concerned.
    pub file: PathBuf,
    /// Where in it (a JSON pointer; empty for the whole file).
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for CatalogueProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file.display())?;
        if !self.pointer.is_empty() {
            write!(f, " at #{}", self.pointer)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A usable OpenAPI document, bundled and indexed.
pub struct ApiDocument {
    /// The bundled document (internal references only).
    pub root: Value,
    /// Its OpenAPI version.
    pub version: SpecVersion,
    /// Its operations, in document order, each with its unique slug.
    pub operations: Vec<Operation>,
    by_slug: HashMap<String, usize>,
    /// The bundled document as JSON, served at `/apis/{slug}/openapi.json`.
    pub json: Arc<str>,
}

impl ApiDocument {
    /// Indexes a bundled document.
    pub fn new(root: Value, version: SpecVersion) -> Self {
        let operations = operations::index(&root);
        let by_slug = operations
            .iter()
            .enumerate()
            .map(|(position, operation)| (operation.slug.clone(), position))
            .collect();
        let json = serde_json::to_string(&root).unwrap_or_default().into();
        Self {
            root,
            version,
            operations,
            by_slug,
            json,
        }
    }

    /// The operation with this slug, if any.
    pub fn operation(&self, slug: &str) -> Option<&Operation> {
        self.by_slug.get(slug).map(|&position| &self.operations[position])
    }

    /// The value a JSON pointer names, references followed.
    pub fn at(&self, pointer: &str) -> Option<&Value> {
        self.root
            .pointer(pointer)
            .map(|value| refs::deref(&self.root, value))
    }

    /// `value` with its chain of references followed.
    pub fn resolve<'a>(&'a self, value: &'a Value) -> &'a Value {
        refs::deref(&self.root, value)
    }

    /// The document's `info.version`.
    pub fn info_version(&self) -> &str {
        self.root["info"]["version"].as_str().unwrap_or_default()
    }
}

/// One API of the catalogue.
pub struct Api {
    /// Its URL segment (the folder name).
    pub slug: String,
    /// Its name: front matter, else the document's `info.title`, else the slug.
    pub title: String,
    /// One sentence about it: front matter, else `info.summary` or the first line of
    /// `info.description`.
    pub summary: String,
    /// Position in the catalogue, smallest first.
    pub order: i64,
    /// Tags to filter the catalogue by.
    pub tags: Vec<String>,
    /// The introduction from `index.md`, rendered and sanitised.
    pub introduction_html: Option<String>,
    /// Where the document came from (shown on problems).
    pub source: PathBuf,
    /// The document, if it could be used.
    pub document: Option<ApiDocument>,
    /// What is wrong with it (a document with problems may still be shown).
    pub problems: Vec<CatalogueProblem>,
}

/// Every API, in catalogue order.
pub struct Catalogue {
    apis: Vec<Api>,
    by_slug: HashMap<String, usize>,
}

impl Catalogue {
    /// Reads `content/apis/` (if there is one) and adds the `builtin` entries.
    pub fn load(apis_dir: &Path, builtin: Vec<Api>) -> Self {
        let mut apis = builtin;
        apis.extend(load::folder(apis_dir));
        Self::from_apis(apis)
    }

    /// A catalogue of exactly these APIs.
    pub fn from_apis(mut apis: Vec<Api>) -> Self {
        apis.sort_by(|a, b| (a.order, &a.title, &a.slug).cmp(&(b.order, &b.title, &b.slug)));
        let mut by_slug = HashMap::new();
        for (position, api) in apis.iter_mut().enumerate() {
            if let std::collections::hash_map::Entry::Vacant(vacant) = by_slug.entry(api.slug.clone()) {
                vacant.insert(position);
            } else {
                api.problems.push(CatalogueProblem {
                    file: api.source.clone(),
                    pointer: String::new(),
                    message: format!("another API already uses the slug `{}`", api.slug),
                });
            }
        }
        Self { apis, by_slug }
    }

    /// Every API, in catalogue order.
    pub fn apis(&self) -> &[Api] {
        &self.apis
    }

    /// The API with this slug, if any.
    pub fn api(&self, slug: &str) -> Option<&Api> {
        self.by_slug.get(slug).map(|&position| &self.apis[position])
    }

    /// Whether `path` is a catalogue page that exists (`/apis/{api}` or `/apis/{api}/{operation}`,
    /// an anchor ignored); paths outside `/apis` are not the catalogue's to judge and count as
    /// existing.
    pub fn has_page(&self, path: &str) -> bool {
        let path = path.split('#').next().unwrap_or_default();
        let Some(rest) = path.strip_prefix("/apis") else {
            return true;
        };
        let segments: Vec<&str> = rest.split('/').filter(|segment| !segment.is_empty()).collect();
        match segments.as_slice() {
            [] => true,
            [api] => self.api(api).is_some(),
            [api, "openapi.json"] => self.api(api).is_some_and(|entry| entry.document.is_some()),
            [api, operation] => self
                .api(api)
                .and_then(|entry| entry.document.as_ref())
                .is_some_and(|document| document.operation(operation).is_some()),
            _ => false,
        }
    }

    /// Every problem of every API.
    pub fn problems(&self) -> Vec<CatalogueProblem> {
        self.apis
            .iter()
            .flat_map(|api| api.problems.iter().cloned())
            .collect()
    }
}
