//! The catalogue, an overview and an operation page for the built-in APIs and a dropped-in
//! document, as a person without JavaScript reads them.

use super::spawn_with_apis;
use crate::helpers::spawn_app;

const WIDGETS: &str = r##"{
  "openapi": "3.0.3",
  "info": {"title": "Widgets", "version": "2.4.0", "description": "Make **widgets**.\n\nMore."},
  "servers": [{"url": "https://{region}.widgets.example/v2", "variables": {"region": {"default": "eu", "enum": ["eu", "us"]}}}],
  "tags": [{"name": "Widgets", "description": "Everything about widgets."}],
  "security": [{"key": []}],
  "paths": {
    "/widgets/{id}": {
      "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
      "get": {
        "tags": ["Widgets"], "operationId": "getWidget", "summary": "Read a widget",
        "parameters": [{"name": "fields", "in": "query", "schema": {"type": "string", "enum": ["all", "some"], "default": "all"}}],
        "responses": {"200": {"description": "The widget", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Widget"}}}},
                      "404": {"description": "No such widget"}}
      },
      "delete": {"tags": ["Widgets"], "summary": "Delete a widget", "deprecated": true, "security": [], "responses": {"204": {"description": "Gone"}}}
    }
  },
  "components": {
    "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Widget-Key"}},
    "schemas": {"Widget": {"type": "object", "required": ["name"], "properties": {
      "name": {"type": "string", "maxLength": 40},
      "parts": {"type": "array", "items": {"$ref": "#/components/schemas/Widget"}}
    }}}
  }
}"##;

const INDEX: &str = "+++\ntitle = \"Widget API\"\nsummary = \"Widgets on demand.\"\norder = 5\ntags = [\"hardware\"]\n+++\n\nStart with **a key**.\n";

#[tokio::test]
async fn the_catalogue_lists_the_built_in_apis_and_a_dropped_in_document() {
    let (app, _content) =
        spawn_with_apis(&[("widgets", &[("openapi.json", WIDGETS), ("index.md", INDEX)])]).await;
    let page = app.get_page("/apis", 200).await;
    for text in [
        "Authorization (OAuth 2.0)",
        "Claims Attachment API",
        "Widget API",
        "Widgets on demand.",
        "Version 2.4.0 · OpenAPI 3.0",
        "2 operations",
    ] {
        assert!(page.contains(text), "the catalogue shows {text:?}");
    }
    let hardware = app.get_page("/apis?tag=hardware", 200).await;
    assert!(
        hardware.contains("Widget API") && !hardware.contains("Claims Attachment API"),
        "the tag filter keeps only tagged APIs"
    );
    assert!(hardware.contains("1 API"));
}

#[tokio::test]
async fn an_overview_shows_introduction_servers_authentication_and_operations_by_tag() {
    let (app, _content) =
        spawn_with_apis(&[("widgets", &[("openapi.json", WIDGETS), ("index.md", INDEX)])]).await;
    let page = app.get_page("/apis/widgets", 200).await;
    for text in [
        "<strong>a key</strong>",
        "<strong>widgets</strong>",
        "https://{region}.widgets.example/v2",
        "default eu, one of eu, us",
        "API key in the header `X-Widget-Key`",
        "Everything about widgets.",
        "href=\"/apis/widgets/getwidget\"",
        "href=\"/apis/widgets/delete-widgets-id\"",
        "href=\"/apis/widgets/openapi.json\"",
    ] {
        assert!(page.contains(text), "the overview shows {text:?}");
    }
    assert!(
        !page.contains("import("),
        "the page loads no script: it needs no JavaScript"
    );
}

#[tokio::test]
async fn an_operation_page_shows_parameters_security_schemas_and_responses() {
    let (app, _content) = spawn_with_apis(&[("widgets", &[("openapi.json", WIDGETS)])]).await;
    let page = app.get_page("/apis/widgets/getwidget", 200).await;
    for text in [
        "Read a widget",
        "/widgets/{id}",
        "id=\"param-path-id\"",
        "id=\"param-query-fields\"",
        "<dt>Default</dt><dd><code>&quot;all&quot;</code></dd>",
        "<code>key</code> (API key in the header `X-Widget-Key`)",
        "id=\"response-200\"",
        "No such widget",
        "<code class=\"property-name\">name</code>",
        "recursive: the same",
        "<dt>Characters at most</dt><dd>40</dd>",
        "curl -X GET",
    ] {
        assert!(page.contains(text), "the operation page shows {text:?}");
    }
    for link in super::fragment_links(&page) {
        assert!(
            super::ids(&page).contains(&link),
            "#{link} points at something on the page"
        );
    }
    let deleted = app.get_page("/apis/widgets/delete-widgets-id", 200).await;
    assert!(deleted.contains("This operation is deprecated"));
    assert!(
        deleted.contains("No credentials: this operation is open."),
        "security: [] needs none"
    );
}

#[tokio::test]
async fn unknown_apis_and_operations_are_404_pages() {
    let app = spawn_app().await;
    let page = app.get_page("/apis/nope", 404).await;
    assert!(page.contains("There is no API called “nope”"));
    let page = app.get_page("/apis/claims-attachments/nope", 404).await;
    assert!(page.contains("has no operation called “nope”"));
    let response = app.get("/apis/nope/openapi.json").await;
    assert_eq!(response.status().as_u16(), 404);
}

#[tokio::test]
async fn the_claims_attachment_api_is_generated_from_the_handlers() {
    let app = spawn_app().await;
    let overview = app.get_page("/apis/claims-attachments", 200).await;
    assert!(overview.contains("Claims Attachments V1"));
    let document: serde_json::Value = app
        .get("/apis/claims-attachments/openapi.json")
        .await
        .json()
        .await
        .expect("JSON");
    let paths: Vec<&String> = document["paths"].as_object().expect("paths").keys().collect();
    assert!(
        paths.iter().all(|path| path.starts_with("/claims/")),
        "only the Claims paths: {paths:?}"
    );
    let operations = document["paths"]
        .as_object()
        .expect("paths")
        .values()
        .flat_map(|item| item.as_object().expect("an item").keys())
        .count();
    assert_eq!(operations, 3, "submit, status and retrieve");
    let auth: serde_json::Value = app
        .get("/apis/auth/openapi.json")
        .await
        .json()
        .await
        .expect("JSON");
    assert!(
        auth["paths"]["/apip/auth/v2/token"]["post"].is_object(),
        "the v2 token endpoint is in the auth API"
    );
}

#[tokio::test]
async fn search_finds_operations_and_schemas_at_their_exact_place() {
    let (app, _content) = spawn_with_apis(&[("widgets", &[("openapi.json", WIDGETS)])]).await;
    let page = app.get_page("/search?q=read+widget", 200).await;
    assert!(
        page.contains("href=\"/apis/widgets/getwidget\""),
        "the operation is found"
    );
    let page = app.get_page("/search?q=Widget+schema", 200).await;
    assert!(
        page.contains("href=\"/apis/widgets/getwidget#schema-widget\""),
        "the schema is found where it is drawn"
    );
    let operation = app.get_page("/apis/widgets/getwidget", 200).await;
    assert!(
        operation.contains("id=\"schema-widget\""),
        "and the anchor is there"
    );
}
