//! The FAQ and docs as pages see them: rendered pages, summaries and search results.

use serde::{Deserialize, Serialize};

/// The two content sections, each a folder of `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Section {
    /// `content/faq/`, served at `/faq/{slug}`.
    Faq,
    /// `content/docs/`, served at `/docs/{slug}`.
    Docs,
}

impl Section {
    /// Every section, in navigation order.
    pub const ALL: [Section; 2] = [Section::Faq, Section::Docs];

    /// The URL path segment and folder name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Faq => "faq",
            Self::Docs => "docs",
        }
    }

    /// The section's name as shown in navigation.
    pub fn label(self) -> &'static str {
        match self {
            Self::Faq => "FAQ",
            Self::Docs => "Docs",
        }
    }

    /// The section named by a URL segment or folder, if any.
    pub fn from_segment(segment: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == segment)
    }

    /// The path of a page in this section.
    pub fn page_path(self, slug: &str) -> String {
        format!("/{}/{slug}", self.as_str())
    }
}

/// A rendered content page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentPage {
    /// Which section the page belongs to.
    pub section: Section,
    /// The file stem, which is also the last URL segment.
    pub slug: String,
    /// From front matter.
    pub title: String,
    /// From front matter; also the meta description.
    pub summary: String,
    /// From front matter, as an ISO date (`2026-11-29`).
    pub updated: String,
    /// The same date for people (`29 November 2026`).
    pub updated_label: String,
    /// The table of contents: the page's `##` and `###` headings.
    pub toc: Vec<TocEntry>,
    /// Sanitised HTML rendered once, when the portal started.
    pub html: String,
}

/// One heading of a page's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TocEntry {
    /// 2 for `##`, 3 for `###`.
    pub level: u8,
    /// The heading's anchor, unique within the page.
    pub anchor: String,
    /// The heading as plain text.
    pub text: String,
}

/// A page as listed in navigation and section indexes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageSummary {
    /// Which section the page belongs to.
    pub section: Section,
    /// The file stem, which is also the last URL segment.
    pub slug: String,
    /// From front matter.
    pub title: String,
    /// From front matter.
    pub summary: String,
}

impl PageSummary {
    /// Where the page is served.
    pub fn path(&self) -> String {
        self.section.page_path(&self.slug)
    }
}

/// The answer to a search.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SearchResults {
    /// The query as it was searched (trimmed, and capped in length).
    pub query: String,
    /// True when the query was longer than the cap and was cut.
    pub query_truncated: bool,
    /// Best match first.
    pub hits: Vec<SearchHit>,
}

/// One search result: a FAQ entry or a doc section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHit {
    /// The page's title.
    pub page_title: String,
    /// The entry's question or the section's heading (the page title for its introduction),
    /// with the matching words marked.
    pub heading: Vec<SnippetPart>,
    /// The exact place: page path plus anchor.
    pub url: String,
    /// A short excerpt, split into plain and matching parts.
    pub snippet: Vec<SnippetPart>,
}

/// A piece of a search snippet; `matched` pieces are highlighted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnippetPart {
    /// The text, shown escaped.
    pub text: String,
    /// Whether this piece matched the query.
    pub matched: bool,
}

/// The longest query searched; longer ones are cut to this many characters.
pub const MAX_QUERY_CHARS: usize = 200;
