//! The API catalogue against the running portal: the built-in APIs, documents dropped into
//! `content/apis/`, the real-world documents of `@readme/oas-examples`, and documents that
//! cannot be used.

mod documents;
mod examples_suite;
mod pages;
mod postman;
mod try_it;

use std::path::{Path, PathBuf};

/// A content folder: the repository's FAQ and docs, plus `apis` (slug → files to write).
pub fn content_with_apis(apis: &[(&str, &[(&str, &str)])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for section in ["faq", "docs"] {
        copy_folder(
            &crate::helpers::content_dir().join(section),
            &dir.path().join(section),
        );
    }
    for (slug, files) in apis {
        let folder = dir.path().join("apis").join(slug);
        std::fs::create_dir_all(&folder).expect("an API folder");
        for (name, text) in *files {
            std::fs::write(folder.join(name), text).expect("a file written");
        }
    }
    dir
}

/// A portal serving the repository's content plus `apis`; keep the folder while it runs.
pub async fn spawn_with_apis(
    apis: &[(&str, &[(&str, &str)])],
) -> (crate::helpers::TestApp, tempfile::TempDir) {
    spawn_with_apis_and(apis, Vec::new()).await
}

/// The same, with these environments configured.
pub async fn spawn_with_apis_and(
    apis: &[(&str, &[(&str, &str)])],
    environments: Vec<server::config::EnvironmentSettings>,
) -> (crate::helpers::TestApp, tempfile::TempDir) {
    let content = content_with_apis(apis);
    let app = crate::helpers::spawn_app_with(crate::helpers::TestOptions {
        content_dir: Some(content.path().to_owned()),
        environments,
        ..crate::helpers::TestOptions::default()
    })
    .await;
    (app, content)
}

/// The vendored `@readme/oas-examples` documents.
pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/oas-examples")
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a folder");
    for entry in std::fs::read_dir(from).expect("a readable folder") {
        let path = entry.expect("an entry").path();
        if path.is_file() {
            std::fs::copy(&path, to.join(path.file_name().expect("a name"))).expect("copied");
        }
    }
}

/// Every `id` in a page.
pub fn ids(html: &str) -> std::collections::HashSet<String> {
    html.split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect()
}

/// Every in-page link target (`href="#…"`) of a page.
pub fn fragment_links(html: &str) -> Vec<String> {
    html.split("href=\"#")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect()
}
