//! `portal check`: reads the content and every API document as serving would, without
//! serving, and prints every problem (file, line or JSON pointer, what to fix). Exit code 1
//! when there is any, so a content change can be checked before it is deployed.

use crate::catalogue::{self, Catalogue};
use crate::config::Config;
use crate::content::Library;
use app::ssr::services::ContentLibrary;
use std::io::Write;

/// Checks `config`'s content folder; whether everything is usable.
pub fn run(config: &Config, out: &mut impl Write) -> anyhow::Result<bool> {
    let mut problems: Vec<String> = Vec::new();
    let (_, generated) = crate::routes::openapi::router(&config.public_url_for(config.addr));
    let catalogue = Catalogue::load(
        &config.content_dir.join("apis"),
        catalogue::sandbox_entries(&generated),
    );
    let mut pages = 0;
    match Library::load(&config.content_dir) {
        Ok(library) => {
            pages = library.pages().len();
            let (link_problems, app_links) = library.check_links();
            problems.extend(link_problems.iter().map(ToString::to_string));
            for link in app_links {
                if !catalogue.has_page(&link.path) {
                    problems.push(format!(
                        "{}:{}: broken link `{}`: the catalogue has no such API or operation",
                        link.file.display(),
                        link.line,
                        link.path
                    ));
                }
            }
        }
        Err(error) => problems.push(error.to_string()),
    }
    problems.extend(catalogue.problems().iter().map(ToString::to_string));
    for problem in &problems {
        writeln!(out, "{problem}")?;
    }
    let operations: usize = catalogue
        .apis()
        .iter()
        .filter_map(|api| api.document.as_ref())
        .map(|d| d.operations.len())
        .sum();
    writeln!(
        out,
        "{} problem{} in {pages} content pages and {} APIs ({operations} operations)",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" },
        catalogue.apis().len(),
    )?;
    Ok(problems.is_empty())
}
