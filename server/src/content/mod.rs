//! The FAQ and docs: Markdown files in `content/{faq,docs}/`, rendered once at start-up and
//! served from memory, with their search index and link check.

mod anchors;
pub(crate) mod front_matter;
mod highlight;
mod markdown;
mod sanitize;
mod search;

use anchors::AnchorSet;
use app::ssr::content::{ContentPage, PageSummary, SearchResults, Section};
use app::ssr::services::ContentLibrary;
use search::{Entry, SearchIndex};
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Something a content author must fix, with the file and line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentProblem {
    /// The file, as found under the content directory.
    pub file: PathBuf,
    /// The 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ContentProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
    }
}

/// Why the content could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The directory or a file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// What was being read.
        path: PathBuf,
        /// Why it failed.
        source: std::io::Error,
    },
    /// Files were read but some must be fixed before they can be served.
    #[error("the content has {} problem(s):\n{}", .0.len(), list(.0))]
    Problems(Vec<ContentProblem>),
}

fn list(problems: &[ContentProblem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A root-relative link to something other than a content page (`/try-it`), which only the
/// running portal can confirm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppLink {
    /// The path, without any `#fragment`.
    pub path: String,
    /// Where the link is written.
    pub file: PathBuf,
    /// The 1-based line.
    pub line: usize,
}

struct LoadedPage {
    page: ContentPage,
    file: PathBuf,
    order: i64,
    anchors: AnchorSet,
    links: Vec<markdown::LinkRef>,
    sections: Vec<markdown::TextSection>,
}

/// Something other than a content page that search finds: its page's title, its own heading,
/// the exact URL (with anchor) and its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Searchable {
    /// The page's title (the API's name).
    pub page_title: String,
    /// What it is (`POST /claims/attachments/v1/submissions — Submit an attachment`).
    pub heading: String,
    /// Where it is.
    pub url: String,
    /// Its description, as plain text.
    pub text: String,
}

/// Every content page, rendered, in section and front-matter order.
pub struct Library {
    pages: Vec<LoadedPage>,
    by_key: HashMap<(Section, String), usize>,
    search: SearchIndex,
}

impl Library {
    /// Reads and renders every page under `dir`. Fails with every problem found (missing or
    /// invalid front matter, duplicate anchors, raw HTML, bad file names), each with its line.
    pub fn load(dir: &Path) -> Result<Self, LoadError> {
        let mut pages = Vec::new();
        let mut problems = Vec::new();
        for section in Section::ALL {
            let folder = dir.join(section.as_str());
            for path in markdown_files(&folder)? {
                let source = std::fs::read_to_string(&path).map_err(|source| LoadError::Io {
                    path: path.clone(),
                    source,
                })?;
                match load_page(section, &path, &source) {
                    Ok((page, page_problems)) => {
                        problems.extend(page_problems);
                        pages.push(page);
                    }
                    Err(problem) => problems.push(problem),
                }
            }
        }
        if !problems.is_empty() {
            return Err(LoadError::Problems(problems));
        }
        pages.sort_by(|a, b| {
            (a.page.section, a.order, &a.page.slug).cmp(&(b.page.section, b.order, &b.page.slug))
        });
        let by_key = pages
            .iter()
            .enumerate()
            .map(|(index, loaded)| ((loaded.page.section, loaded.page.slug.clone()), index))
            .collect();
        Ok(Self {
            search: SearchIndex::new(Vec::new()),
            by_key,
            pages,
        }
        .with_search_index())
    }

    fn with_search_index(mut self) -> Self {
        let mut entries = Vec::new();
        for (rank, loaded) in self.pages.iter().enumerate() {
            let path = loaded.page.section.page_path(&loaded.page.slug);
            for section in &loaded.sections {
                let (heading, url) = match &section.heading {
                    Some((text, anchor)) => (text.clone(), format!("{path}#{anchor}")),
                    None => (loaded.page.title.clone(), path.clone()),
                };
                let title = loaded.page.title.clone();
                entries.push(Entry::new(title, heading, url, section.text.clone(), rank));
            }
        }
        self.search = SearchIndex::new(entries);
        self
    }

    /// Makes more of the portal findable with search (the catalogue's operations and
    /// schemas), ranked after the content pages.
    pub fn index_more(&mut self, more: Vec<Searchable>) {
        let first_rank = self.pages.len();
        self.search
            .extend(more.into_iter().enumerate().map(|(position, item)| {
                Entry::new(
                    item.page_title,
                    item.heading,
                    item.url,
                    item.text,
                    first_rank + position,
                )
            }));
    }

    /// Checks every link: content pages and their anchors here; links to other portal paths
    /// are returned for the caller to confirm against the running router.
    pub fn check_links(&self) -> (Vec<ContentProblem>, Vec<AppLink>) {
        let mut problems = Vec::new();
        let mut app_links = Vec::new();
        for loaded in &self.pages {
            for link in &loaded.links {
                let mut problem = |message: String| {
                    problems.push(ContentProblem {
                        file: loaded.file.clone(),
                        line: link.line,
                        message,
                    });
                };
                let target = link.target.as_str();
                if target.starts_with("http://")
                    || target.starts_with("https://")
                    || target.starts_with("mailto:")
                {
                    continue;
                }
                let (path, fragment) = match target.split_once('#') {
                    Some((path, fragment)) => (path, Some(fragment)),
                    None => (target, None),
                };
                if path.is_empty() {
                    if let Some(fragment) = fragment.filter(|f| !loaded.anchors.contains(f)) {
                        problem(format!(
                            "broken link `{target}`: this page has no anchor `#{fragment}`"
                        ));
                    }
                    continue;
                }
                if !path.starts_with('/') {
                    problem(format!(
                        "link `{target}` is relative: write it root-relative, like `/docs/getting-started`"
                    ));
                    continue;
                }
                match self.page_at(path) {
                    Some(target_page) => {
                        if let Some(fragment) = fragment.filter(|f| !target_page.anchors.contains(f)) {
                            problem(format!(
                                "broken link `{target}`: `{path}` has no anchor `#{fragment}`"
                            ));
                        }
                    }
                    None if content_section_of(path).is_some() => {
                        problem(format!("broken link `{target}`: there is no page `{path}`"));
                    }
                    None => app_links.push(AppLink {
                        path: path.to_owned(),
                        file: loaded.file.clone(),
                        line: link.line,
                    }),
                }
            }
        }
        (problems, app_links)
    }

    fn page_at(&self, path: &str) -> Option<&LoadedPage> {
        let (section, slug) = content_section_of(path)?;
        self.by_key
            .get(&(section, slug.to_owned()))
            .map(|&index| &self.pages[index])
    }
}

impl ContentLibrary for Library {
    fn page(&self, section: Section, slug: &str) -> Option<ContentPage> {
        self.by_key
            .get(&(section, slug.to_owned()))
            .map(|&index| self.pages[index].page.clone())
    }

    fn pages(&self) -> Vec<PageSummary> {
        self.pages
            .iter()
            .map(|loaded| PageSummary {
                section: loaded.page.section,
                slug: loaded.page.slug.clone(),
                title: loaded.page.title.clone(),
                summary: loaded.page.summary.clone(),
            })
            .collect()
    }

    fn search(&self, query: &str) -> SearchResults {
        self.search.search(query)
    }
}

/// `/faq/x` → `(Faq, "x")`; anything else → `None`.
fn content_section_of(path: &str) -> Option<(Section, &str)> {
    let rest = path.strip_prefix('/')?;
    let (segment, slug) = rest.split_once('/')?;
    let section = Section::from_segment(segment)?;
    (!slug.is_empty() && !slug.contains('/')).then_some((section, slug))
}

/// The `.md` files of a section folder, sorted by name; none if the folder does not exist.
fn markdown_files(folder: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(LoadError::Io {
                path: folder.to_owned(),
                source,
            });
        }
    };
    let mut files = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|source| LoadError::Io {
                path: folder.to_owned(),
                source,
            })?
            .path();
        if path.extension().is_some_and(|ext| ext == "md") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Renders a description from an API document (CommonMark, as OpenAPI says) through the same
/// renderer and sanitiser as the content pages. Heading ids and links to them get `id_prefix`,
/// so a description's headings cannot clash with the page's own anchors.
pub fn render_description(markdown: &str, id_prefix: &str) -> String {
    let html = markdown::render(markdown, 0).html;
    html.replace(" id=\"", &format!(" id=\"{id_prefix}-"))
        .replace(" href=\"#", &format!(" href=\"#{id_prefix}-"))
}

/// Renders one page's Markdown source as the library does at start-up (for tools and the
/// fuzzers): the page and what the author should fix, or the problem that stops it.
pub fn render_source(
    section: Section,
    file: &Path,
    source: &str,
) -> Result<(ContentPage, Vec<ContentProblem>), ContentProblem> {
    load_page(section, file, source).map(|(loaded, problems)| (loaded.page, problems))
}

fn load_page(
    section: Section,
    file: &Path,
    source: &str,
) -> Result<(LoadedPage, Vec<ContentProblem>), ContentProblem> {
    let problem_at = |line: usize, message: String| ContentProblem {
        file: file.to_owned(),
        line,
        message,
    };
    let slug = file
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or_default()
        .to_owned();
    if !anchors::is_valid(&slug) {
        return Err(problem_at(
            1,
            format!("file name `{slug}` must use only a-z, 0-9 and `-`: it becomes the URL"),
        ));
    }
    let document = front_matter::split(source).map_err(|error| problem_at(error.line, error.message))?;
    let rendered = markdown::render(document.body, document.body_line_offset);
    let problems = rendered
        .problems
        .iter()
        .map(|p| problem_at(p.line, p.message.clone()))
        .collect();
    let meta = document.front_matter;
    let page = ContentPage {
        section,
        slug,
        title: meta.title,
        summary: meta.summary,
        updated: meta.updated.to_string(),
        updated_label: human_date(&meta.updated),
        toc: rendered.toc,
        html: rendered.html,
    };
    let loaded = LoadedPage {
        page,
        file: file.to_owned(),
        order: meta.order,
        anchors: rendered.anchors,
        links: rendered.links,
        sections: rendered.sections,
    };
    Ok((loaded, problems))
}

fn human_date(date: &toml::value::Date) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let month = MONTHS
        .get(usize::from(date.month).saturating_sub(1))
        .copied()
        .unwrap_or("");
    format!("{} {month} {}", date.day, date.year)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, relative: &str, text: &str) {
        let path = dir.join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    fn page(title: &str, order: i64, body: &str) -> String {
        format!(
            "+++\ntitle = \"{title}\"\nsummary = \"About {title}.\"\nupdated = 2026-11-29\norder = {order}\n+++\n{body}"
        )
    }

    #[test]
    fn pages_load_in_front_matter_order_and_serve_from_memory() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "docs/b.md", &page("B", 2, "## Two\n"));
        write(dir.path(), "docs/a.md", &page("A", 1, "## One\n"));
        write(dir.path(), "faq/q.md", &page("Q", 1, "## Why?\n\nBecause.\n"));
        let library = Library::load(dir.path()).expect("loads");
        let slugs: Vec<_> = library.pages().into_iter().map(|p| p.path()).collect();
        assert_eq!(slugs, vec!["/faq/q", "/docs/a", "/docs/b"]);
        let faq = library.page(Section::Faq, "q").expect("faq page");
        assert_eq!(faq.updated_label, "29 November 2026");
        assert!(faq.html.contains("Because."));
        assert!(library.page(Section::Faq, "missing").is_none());
    }

    #[test]
    fn every_problem_is_reported_with_file_and_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "faq/no-front-matter.md", "## Question\n");
        write(dir.path(), "docs/dup.md", &page("D", 1, "## Same\n\n## Same\n"));
        let Err(LoadError::Problems(problems)) = Library::load(dir.path()) else {
            panic!("expected problems");
        };
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert!(text.iter().any(|p| p.ends_with("dup.md:9: duplicate anchor `#same`: another heading on this page has it; reword the heading or give it an explicit `{#anchor}`")), "{text:?}");
        assert!(
            text.iter()
                .any(|p| p.contains("no-front-matter.md:1: missing front matter")),
            "{text:?}"
        );
    }

    #[test]
    fn broken_links_and_anchors_are_found() {
        let dir = tempfile::tempdir().expect("tempdir");
        let body = "## Here\n\n[ok](/docs/b#there) [self](#here) [bad anchor](/docs/b#nowhere)\n[no page](/docs/zzz) [self bad](#gone) [relative](b) [app](/try-it#x) [web](https://example.com)\n";
        write(dir.path(), "docs/a.md", &page("A", 1, body));
        write(dir.path(), "docs/b.md", &page("B", 2, "## There\n"));
        let library = Library::load(dir.path()).expect("loads");
        let (problems, app_links) = library.check_links();
        let messages: Vec<_> = problems.iter().map(|p| (p.line, p.message.clone())).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages.iter().all(|(line, _)| *line == 9 || *line == 10));
        assert!(messages[0].1.contains("`/docs/b` has no anchor `#nowhere`"));
        assert!(messages[1].1.contains("there is no page `/docs/zzz`"));
        assert!(messages[2].1.contains("no anchor `#gone`"));
        assert!(messages[3].1.contains("relative"));
        assert_eq!(
            app_links,
            vec![AppLink {
                path: "/try-it".into(),
                file: dir.path().join("docs/a.md"),
                line: 10
            }]
        );
    }

    #[test]
    fn search_finds_entries_with_their_anchor() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(
            dir.path(),
            "faq/f.md",
            &page(
                "FAQ",
                1,
                "Intro.\n\n## What grant types are supported?\n\nclient_credentials only.\n",
            ),
        );
        let library = Library::load(dir.path()).expect("loads");
        let results = library.search("grant types");
        assert_eq!(results.hits[0].url, "/faq/f#what-grant-types-are-supported");
    }

    #[test]
    fn bad_file_names_are_rejected() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "docs/Bad Name.md", &page("X", 1, ""));
        assert!(matches!(Library::load(dir.path()), Err(LoadError::Problems(_))));
    }
}
