//! Every document of `@readme/oas-examples` (OpenAPI 3.0 and 3.1 edge cases: polymorphism,
//! circular references, parameter styles, security schemes, webhooks) becomes an API whose
//! overview and every operation page render, with every in-page link pointing at something.

use super::{fragment_links, ids, spawn_with_apis};

#[tokio::test]
async fn every_example_document_loads_and_every_operation_page_renders() {
    let mut documents = Vec::new();
    for version in ["3.0", "3.1"] {
        let folder = super::fixtures().join(version);
        let mut files: Vec<_> = std::fs::read_dir(&folder)
            .expect("the fixtures")
            .map(|entry| entry.expect("an entry").path())
            .collect();
        files.sort();
        for file in files {
            let name = file.file_stem().expect("a name").to_string_lossy().into_owned();
            let extension = file
                .extension()
                .expect("an extension")
                .to_string_lossy()
                .into_owned();
            let suffix = if extension == "json" {
                String::new()
            } else {
                format!("-{extension}")
            };
            let slug = format!("oas{}-{name}{suffix}", version.replace('.', ""));
            let text = std::fs::read_to_string(&file).expect("a readable fixture");
            documents.push((slug, format!("openapi.{extension}"), text));
        }
    }
    let apis: Vec<(&str, Vec<(&str, &str)>)> = documents
        .iter()
        .map(|(slug, file, text)| (slug.as_str(), vec![(file.as_str(), text.as_str())]))
        .collect();
    let borrowed: Vec<(&str, &[(&str, &str)])> = apis
        .iter()
        .map(|(slug, files)| (*slug, files.as_slice()))
        .collect();
    let (app, _content) = spawn_with_apis(&borrowed).await;

    let mut pages = 0;
    for (slug, _, _) in &documents {
        let document: serde_json::Value = app
            .get(&format!("/apis/{slug}/openapi.json"))
            .await
            .json()
            .await
            .expect("the document is served");
        let overview = app.get_page(&format!("/apis/{slug}"), 200).await;
        assert!(
            !overview.contains("has problems"),
            "{slug} loads without problems: {}",
            problems(&overview)
        );
        let links: Vec<String> = overview
            .split(&format!("href=\"/apis/{slug}/"))
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .filter(|link| *link != "openapi.json")
            .map(str::to_owned)
            .collect();
        let has_paths = document["paths"]
            .as_object()
            .is_some_and(|paths| !paths.is_empty());
        assert!(!has_paths || !links.is_empty(), "{slug} lists its operations");
        for link in links {
            let page = app.get_page(&format!("/apis/{slug}/{link}"), 200).await;
            let ids = ids(&page);
            for fragment in fragment_links(&page) {
                assert!(
                    ids.contains(&fragment),
                    "{slug}/{link}: #{fragment} points at nothing"
                );
            }
            pages += 1;
        }
    }
    assert!(pages > 150, "{pages} operation pages rendered");
}

/// The problems an overview lists, for the failure message.
fn problems(page: &str) -> String {
    page.split("<li><code>")
        .skip(1)
        .filter_map(|rest| rest.split("</code>").next())
        .collect::<Vec<_>>()
        .join("\n")
}
