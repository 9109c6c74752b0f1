//! The ports (traits) that the server implements for the server functions, bundled as `Services`.

use crate::error::AppError;
use crate::ssr::content::{ContentPage, PageSummary, SearchResults, Section};
use leptos::prelude::*;
use std::sync::Arc;

/// Read access to the rendered FAQ and docs, and their search index.
pub trait ContentLibrary: Send + Sync + 'static {
    /// One page, if its slug exists in the section.
    fn page(&self, section: Section, slug: &str) -> Option<ContentPage>;
    /// Every page of every section, in section then front-matter order.
    fn pages(&self) -> Vec<PageSummary>;
    /// Ranked FAQ entries and doc sections matching a free-text query.
    fn search(&self, query: &str) -> SearchResults;
}

/// Facts about this portal instance that pages need.
#[derive(Debug, Clone)]
pub struct SiteInfo {
    /// The public base URL without a trailing slash (`https://portal.example.com`).
    pub public_url: String,
}

/// Everything the server functions may call, provided to them by the server as context.
#[derive(Clone)]
pub struct Services {
    /// The FAQ and docs.
    pub content: Arc<dyn ContentLibrary>,
    /// Facts about this instance.
    pub site: Arc<SiteInfo>,
}

/// The `Services` of the current request.
pub fn use_services() -> Result<Services, AppError> {
    use_context::<Services>().ok_or(AppError::Internal)
}
