use super::collection;
use crate::catalogue::{Api, ApiDocument, SpecVersion};
use serde_json::{Value, json};
use std::path::PathBuf;

fn api(root: Value) -> Api {
    Api {
        slug: "pets".to_owned(),
        title: "Pets".to_owned(),
        summary: "Pets to adopt.".to_owned(),
        order: 0,
        tags: Vec::new(),
        introduction_html: None,
        source: PathBuf::from("pets/openapi.json"),
        document: Some(ApiDocument::new(root, SpecVersion::V31)),
        problems: Vec::new(),
    }
}

fn pets() -> Api {
    api(json!({
        "openapi": "3.1.0",
        "info": {"title": "Pets", "version": "1"},
        "servers": [{"url": "/pets-api"}],
        "tags": [{"name": "Pets", "description": "The pets."}, {"name": "Health"}],
        "security": [{"key": []}],
        "paths": {
            "/health": {"get": {"tags": ["Health"], "summary": "Check health", "security": [],
                "responses": {"200": {"description": "ok"}}}},
            "/pets/{petId}": {"get": {"tags": ["Pets"], "summary": "Get a pet",
                "parameters": [
                    {"name": "petId", "in": "path", "required": true,
                        "schema": {"type": "string"}, "example": "pet_1"},
                    {"name": "fields", "in": "query", "schema": {"type": "string", "default": "name"}},
                    {"name": "X-Trace", "in": "header", "required": true,
                        "schema": {"type": "string", "example": "t1"}}
                ],
                "responses": {"200": {"description": "ok"}, "404": {"description": "no"}}}},
            "/pets": {"post": {"tags": ["Pets"], "summary": "Add a pet",
                "requestBody": {"content": {"application/json": {"example": {"name": "Rex"}}}},
                "responses": {"201": {"description": "made",
                    "headers": {"Location": {"schema": {"type": "string"}}}}}}},
            "/tags": {"post": {"summary": "Add a tag", "security": [{"bearer": []}],
                "requestBody": {"content": {"application/x-www-form-urlencoded":
                    {"example": {"tag": "cute", "n": 2}}}}}}
        },
        "components": {"securitySchemes": {
            "key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
            "bearer": {"type": "http", "scheme": "bearer"}
        }}
    }))
}

fn names(items: &Value) -> Vec<&str> {
    items
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["name"].as_str().expect("a name"))
        .collect()
}

#[test]
fn folders_follow_the_document_tags_and_creating_requests_come_first() {
    let collection = collection(&pets(), "http://portal.test/").expect("a collection");
    assert_eq!(collection["info"]["schema"], super::SCHEMA);
    assert_eq!(collection["info"]["name"], "Pets");
    assert_eq!(names(&collection["item"]), ["Pets", "Health", "default"]);
    assert_eq!(names(&collection["item"][0]["item"]), ["Add a pet", "Get a pet"]);
    assert_eq!(names(&collection["item"][1]["item"]), ["Check health"]);
    assert_eq!(names(&collection["item"][2]["item"]), ["Add a tag"]);
    let id = collection["info"]["_postman_id"].as_str().expect("an id");
    assert_eq!(id.len(), 36);
    let again = super::collection(&pets(), "http://other.test").expect("again");
    assert_eq!(again["info"]["_postman_id"], id);
    let base = &collection["variable"][0];
    assert_eq!(
        *base,
        json!({"key": "baseUrl", "value": "http://portal.test/pets-api"})
    );
}

#[test]
fn parameters_become_path_variables_query_and_headers() {
    let collection = collection(&pets(), "http://portal.test").expect("a collection");
    let request = &collection["item"][0]["item"][1]["request"];
    assert_eq!(request["method"], "GET");
    let url = &request["url"];
    assert_eq!(url["raw"], "{{baseUrl}}/pets/:petId");
    assert_eq!(url["host"], json!(["{{baseUrl}}"]));
    assert_eq!(url["path"], json!(["pets", ":petId"]));
    assert_eq!(url["variable"][0]["key"], "petId");
    assert_eq!(url["variable"][0]["value"], "{{petId}}");
    let variable = collection["variable"]
        .as_array()
        .expect("variables")
        .iter()
        .find(|variable| variable["key"] == "petId")
        .expect("the path parameter's variable");
    assert_eq!(variable["value"], "pet_1");
    assert_eq!(url["query"][0]["key"], "fields");
    assert_eq!(url["query"][0]["value"], "name");
    assert_eq!(url["query"][0]["disabled"], true);
    let header = &request["header"][0];
    assert_eq!(
        (&header["key"], &header["value"], &header["disabled"]),
        (&json!("X-Trace"), &json!("t1"), &json!(false))
    );
    assert_eq!(
        request["auth"],
        json!({"type": "apikey", "apikey": [
            {"key": "key", "value": "X-Api-Key", "type": "string"},
            {"key": "value", "value": "{{apiKey}}", "type": "string"},
            {"key": "in", "value": "header", "type": "string"}
        ]})
    );
    let tests = collection["item"][0]["item"][1]["event"][0]["script"]["exec"][0]
        .as_str()
        .expect("a test");
    assert!(tests.contains("oneOf([200])"), "{tests}");
}

#[test]
fn bodies_and_auth_follow_the_operation() {
    let collection = collection(&pets(), "http://portal.test").expect("a collection");
    let add = &collection["item"][0]["item"][0];
    let request = &add["request"];
    assert_eq!(request["url"]["raw"], "{{baseUrl}}/pets");
    assert_eq!(
        request["body"],
        json!({"mode": "raw", "raw": "{\n  \"name\": \"Rex\"\n}", "options": {"raw": {"language": "json"}}})
    );
    assert_eq!(
        request["header"][0],
        json!({"key": "Content-Type", "value": "application/json"})
    );
    assert_eq!(request["auth"]["type"], "apikey");
    let script = add["event"][0]["script"]["exec"].as_array().expect("lines");
    assert!(
        script
            .iter()
            .any(|line| line.as_str().is_some_and(|l| l.contains("Location")))
    );
    assert!(
        script
            .iter()
            .any(|line| line.as_str().is_some_and(|l| l.contains(r"\\/pets\\/([^/]+)$")))
    );

    let health = &collection["item"][1]["item"][0]["request"];
    assert_eq!(health["auth"], json!({"type": "noauth"}));
    assert_eq!(health["url"]["raw"], "{{baseUrl}}/health");

    let tag = &collection["item"][2]["item"][0]["request"];
    assert_eq!(
        tag["body"],
        json!({"mode": "urlencoded", "urlencoded": [
            {"key": "tag", "value": "cute"},
            {"key": "n", "value": "2"}
        ]})
    );
    assert_eq!(tag["auth"]["type"], "bearer");
    assert_eq!(tag["auth"]["bearer"][0]["value"], "{{accessToken}}");
    // A bearer operation brings the token script and its variables.
    assert_eq!(collection["event"][0]["listen"], "prerequest");
    let script = collection["event"][0]["script"]["exec"]
        .as_array()
        .expect("lines")
        .len();
    assert!(script > 5);
    let keys: Vec<&str> = collection["variable"]
        .as_array()
        .expect("variables")
        .iter()
        .filter_map(|variable| variable["key"].as_str())
        .collect();
    assert_eq!(
        keys,
        [
            "baseUrl",
            "accessToken",
            "accessTokenExpiresAt",
            "tokenUrl",
            "tokenScope",
            "petId",
            "apiKey"
        ]
    );
    let token_url = collection["variable"][3]["value"].as_str().expect("a URL");
    assert_eq!(token_url, "{{baseUrl}}/apip/auth/v2/token");
}

#[test]
fn without_a_bearer_operation_there_is_no_token_script_and_basic_uses_the_app() {
    let collection = collection(
        &api(json!({
            "openapi": "3.1.0",
            "info": {"title": "T", "version": "1"},
            "servers": [{"url": "https://{host}.example.com/v1/", "variables": {"host": {"default": "api"}}}],
            "paths": {"/token": {"post": {"summary": "Token", "security": [{"basic": []}]}}},
            "components": {"securitySchemes": {"basic": {"type": "http", "scheme": "basic"}}}
        })),
        "http://portal.test",
    )
    .expect("a collection");
    assert_eq!(collection["event"], json!([]));
    assert_eq!(collection["variable"][0]["value"], "https://api.example.com/v1");
    let auth = &collection["item"][0]["item"][0]["request"]["auth"];
    assert_eq!(auth["type"], "basic");
    assert_eq!(auth["basic"][0]["value"], "{{basicUser}}");
    assert_eq!(collection["variable"][1]["value"], "{{MN-ClientId}}");
    assert_eq!(collection["variable"][2]["value"], "{{MN-ClientSecret}}");
}

#[test]
fn an_api_without_a_document_has_no_collection() {
    let mut api = pets();
    api.document = None;
    assert!(collection(&api, "http://portal.test").is_none());
}
