//! Reading `content/apis/`: one folder per API, named by its slug, holding `openapi.json` or
//! `openapi.yaml` and optionally `index.md`. Every problem is recorded on the API it concerns
//! (file and JSON pointer) rather than stopping the portal; sizes and YAML alias expansion
//! are bounded so one hostile file cannot exhaust the machine.

use super::bundle::{self, Reader};
use super::{Api, ApiDocument, CatalogueProblem, SpecVersion};
use crate::content::front_matter;
use serde::Deserialize;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The largest document file read (GitHub's REST description is 13 MB).
pub const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;
/// The document file names, in the order they are looked for.
const DOCUMENT_FILES: [&str; 3] = ["openapi.json", "openapi.yaml", "openapi.yml"];

/// What `index.md` may declare; everything is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ApiFrontMatter {
    title: Option<String>,
    summary: Option<String>,
    #[serde(default)]
    order: i64,
    #[serde(default)]
    tags: Vec<String>,
}

/// Every API folder under `dir`, in name order (none when `dir` does not exist).
pub fn folder(dir: &Path) -> Vec<Api> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut folders: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_dir())
        .collect();
    folders.sort();
    folders.iter().map(|folder| api(folder)).collect()
}

/// The API in `folder`.
pub fn api(folder: &Path) -> Api {
    let slug = folder
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut problems = Vec::new();
    if super::slugify(&slug) != slug {
        problems.push(problem(
            folder,
            format!(
                "the folder name is the API's URL segment: use lowercase letters, digits and `-` (say `{}`)",
                super::slugify(&slug)
            ),
        ));
    }
    let (front, introduction_html) = introduction(folder, &mut problems);
    let found: Vec<PathBuf> = DOCUMENT_FILES
        .iter()
        .map(|name| folder.join(name))
        .filter(|path| path.is_file())
        .collect();
    let source = found
        .first()
        .cloned()
        .unwrap_or_else(|| folder.join(DOCUMENT_FILES[0]));
    let document = match found.as_slice() {
        [] => {
            problems.push(problem(
                folder,
                "no OpenAPI document: add `openapi.json` or `openapi.yaml`".into(),
            ));
            None
        }
        [file] => document(file, folder, &mut problems),
        [first, ..] => {
            problems.push(problem(
                folder,
                format!(
                    "more than one OpenAPI document; keep one (reading {})",
                    display_name(first)
                ),
            ));
            document(first, folder, &mut problems)
        }
    };
    let info = document.as_ref().map(|document| &document.root["info"]);
    let title = front
        .title
        .or_else(|| info.and_then(|info| info["title"].as_str()).map(str::to_owned))
        .unwrap_or_else(|| slug.clone());
    let summary = front
        .summary
        .or_else(|| info.and_then(summary_of))
        .unwrap_or_default();
    Api {
        slug,
        title,
        summary,
        order: front.order,
        tags: front.tags,
        introduction_html,
        source,
        document,
        problems,
    }
}

/// `info.summary`, else the first paragraph of `info.description` (as plain text).
pub fn summary_of(info: &Value) -> Option<String> {
    if let Some(summary) = info["summary"].as_str() {
        return Some(summary.to_owned());
    }
    let description = info["description"].as_str()?;
    let first = description
        .split("\n\n")
        .find(|paragraph| !paragraph.trim().is_empty())?;
    let plain: String = first
        .chars()
        .filter(|c| !matches!(c, '#' | '*' | '_' | '`'))
        .collect();
    Some(crate::text::shortened(
        plain.split_whitespace().collect::<Vec<_>>().join(" ").as_str(),
        240,
    ))
}

fn introduction(folder: &Path, problems: &mut Vec<CatalogueProblem>) -> (ApiFrontMatter, Option<String>) {
    let file = folder.join("index.md");
    let Ok(source) = std::fs::read_to_string(&file) else {
        return (ApiFrontMatter::default(), None);
    };
    match front_matter::split_as::<ApiFrontMatter>(&source, "`title`, `summary`, `order` or `tags`") {
        Ok(document) => {
            let html = crate::content::render_description(document.body, "intro");
            (
                document.front_matter,
                (!document.body.trim().is_empty()).then_some(html),
            )
        }
        Err(error) => {
            problems.push(CatalogueProblem {
                file,
                pointer: String::new(),
                message: format!("line {}: {}", error.line, error.message),
            });
            (ApiFrontMatter::default(), None)
        }
    }
}

fn document(file: &Path, folder: &Path, problems: &mut Vec<CatalogueProblem>) -> Option<ApiDocument> {
    let root = match read(file) {
        Ok(root) => root,
        Err(message) => {
            problems.push(problem(file, message));
            return None;
        }
    };
    let version = match SpecVersion::of(&root) {
        Ok(version) => version,
        Err(message) => {
            problems.push(problem(file, message));
            return None;
        }
    };
    let reader: &Reader<'_> = &read;
    let bundled = bundle::bundle(root, file, folder, reader);
    problems.extend(bundled.problems.into_iter().map(|found| CatalogueProblem {
        file: found.file,
        pointer: found.pointer,
        message: found.message,
    }));
    if !bundled.root["paths"].is_object() && !bundled.root["webhooks"].is_object() {
        problems.push(CatalogueProblem {
            file: file.to_owned(),
            pointer: "/paths".into(),
            message: "the document has no `paths` (nor `webhooks`): there is nothing to show".into(),
        });
    }
    Some(ApiDocument::new(bundled.root, version))
}

/// Reads a JSON or YAML file (by its extension) into a value, within the size bound.
pub fn read(file: &Path) -> Result<Value, String> {
    let size = std::fs::metadata(file)
        .map_err(|error| format!("cannot read it ({error})"))?
        .len();
    if size > MAX_DOCUMENT_BYTES {
        return Err(format!(
            "it is {size} bytes; the largest document read is {MAX_DOCUMENT_BYTES} bytes"
        ));
    }
    let text =
        std::fs::read_to_string(file).map_err(|error| format!("cannot read it as UTF-8 text ({error})"))?;
    let is_yaml = file
        .extension()
        .is_some_and(|extension| extension == "yaml" || extension == "yml");
    if is_yaml {
        parse_yaml(&text)
    } else {
        parse_json(&text)
    }
}

/// JSON text into a value; the message gives line and column.
pub fn parse_json(text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|error| format!("not valid JSON: {error}"))
}

/// YAML text into a value, with alias expansion bounded (a "billion laughs" file is refused).
pub fn parse_yaml(text: &str) -> Result<Value, String> {
    // The library's defaults bound aliases (count and expansion ratio) already; events and
    // nodes are raised to fit the size bound, since API descriptions are larger than configs.
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_events: 20_000_000,
            max_nodes: 5_000_000,
            max_depth: 256,
        },
    };
    serde_saphyr::from_str_with_options(text, options).map_err(|error| format!("not valid YAML: {error}"))
}

fn problem(file: &Path, message: String) -> CatalogueProblem {
    CatalogueProblem {
        file: file.to_owned(),
        pointer: String::new(),
        message,
    }
}

fn display_name(file: &Path) -> String {
    file.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}
