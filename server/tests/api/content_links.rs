//! Fails the build on any broken internal link or anchor in `content/`, naming file and line.

use crate::helpers::{content_dir, spawn_app};
use server::content::Library;

#[tokio::test]
async fn every_internal_link_and_anchor_in_the_content_resolves() {
    let library = Library::load(&content_dir()).unwrap_or_else(|error| panic!("{error}"));
    let (mut problems, app_links) = library.check_links();
    let problems_text: Vec<String> = problems.drain(..).map(|p| p.to_string()).collect();

    let app = spawn_app().await;
    let mut broken = problems_text;
    for link in app_links {
        let status = app.get(&link.path).await.status().as_u16();
        if status == 404 || status >= 500 {
            broken.push(format!(
                "{}:{}: broken link `{}`: the portal answers {status}",
                link.file.display(),
                link.line,
                link.path
            ));
        }
    }
    assert!(
        broken.is_empty(),
        "broken links in content:\n{}",
        broken.join("\n")
    );
}

#[test]
fn every_api_document_in_the_content_loads_without_problems() {
    let (_, generated) = server::routes::openapi::router("http://127.0.0.1");
    let catalogue = server::catalogue::Catalogue::load(
        &content_dir().join("apis"),
        server::catalogue::sandbox_entries(&generated),
    );
    let problems: Vec<String> = catalogue.problems().iter().map(ToString::to_string).collect();
    assert!(
        problems.is_empty(),
        "problems in the API catalogue:\n{}",
        problems.join("\n")
    );
}
