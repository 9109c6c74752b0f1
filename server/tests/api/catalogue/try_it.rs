//! The generated Try It forms against a stub upstream on loopback: each form's request arrives
//! exactly as the operation specifies (method, path, query, headers, body, credentials), values
//! that do not match the schema are not sent unless "send anyway" is ticked, the answer is
//! checked against the documented responses, and only environments that serve the API are
//! ever reached.

use super::spawn_with_apis_and;
use crate::helpers::Browser;
use axum::Router;
use axum::extract::Request;
use axum::http::header;
use std::sync::{Arc, Mutex};

const WIDGETS: &str = r##"{
  "openapi": "3.1.0",
  "info": {"title": "Widgets", "version": "1.0.0"},
  "paths": {
    "/widgets/{id}": {
      "get": {
        "operationId": "getWidget",
        "security": [{"key": []}],
        "parameters": [
          {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
          {"name": "fields", "in": "query", "schema": {"type": "string", "enum": ["all", "some"]}},
          {"name": "tags", "in": "query", "explode": false, "schema": {"type": "array", "items": {"type": "string"}}},
          {"name": "X-Trace", "in": "header", "schema": {"type": "string"}}
        ],
        "responses": {"200": {"description": "The widget", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Widget"}}}}}
      }
    },
    "/widgets": {
      "post": {
        "operationId": "createWidget",
        "security": [{"basic": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Widget"}}}},
        "responses": {"201": {"description": "Made"}}
      }
    },
    "/widgets/{id}/photo": {
      "put": {
        "operationId": "putPhoto",
        "security": [],
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
        "requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object", "properties": {
          "caption": {"type": "string"},
          "photo": {"type": "string", "format": "binary"}
        }}}}},
        "responses": {"204": {"description": "Stored"}}
      }
    },
    "/widgets/search": {
      "post": {
        "operationId": "search",
        "security": [{"token": []}],
        "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
          "q": {"type": "string"},
          "limit": {"type": "integer", "maximum": 50}
        }}}}},
        "responses": {"200": {"description": "Found"}}
      }
    }
  },
  "components": {
    "securitySchemes": {
      "key": {"type": "apiKey", "in": "header", "name": "X-Widget-Key"},
      "basic": {"type": "http", "scheme": "basic"},
      "token": {"type": "http", "scheme": "bearer"}
    },
    "schemas": {"Widget": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string", "maxLength": 10}}}}
  }
}"##;

/// One request the stub received.
#[derive(Debug, Clone)]
struct Received {
    method: String,
    uri: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

type Log = Arc<Mutex<Vec<Received>>>;

/// A stub API that records every request and answers a widget whose name is not a string.
async fn start_stub() -> (String, Log) {
    let log: Log = Arc::default();
    let seen = log.clone();
    let router = Router::new().fallback(move |request: Request| {
        let seen = seen.clone();
        async move {
            let (parts, body) = request.into_parts();
            let body = axum::body::to_bytes(body, 1 << 20)
                .await
                .expect("a body")
                .to_vec();
            seen.lock().expect("the log").push(Received {
                method: parts.method.to_string(),
                uri: parts.uri.to_string(),
                headers: parts
                    .headers
                    .iter()
                    .map(|(name, value)| {
                        (
                            name.as_str().to_owned(),
                            value.to_str().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect(),
                body,
            });
            ([(header::CONTENT_TYPE, "application/json")], r#"{"name": 7}"#)
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, router).await });
    (address, log)
}

async fn setup() -> (crate::helpers::TestApp, tempfile::TempDir, Log) {
    let (stub, log) = start_stub().await;
    let mut environment = crate::upstream::environment("widgets-stub", &format!("{stub}/token"));
    environment.api_base_url = format!("{stub}/base");
    environment.apis = vec!["widgets".into()];
    let (app, content) =
        spawn_with_apis_and(&[("widgets", &[("openapi.json", WIDGETS)])], vec![environment]).await;
    (app, content, log)
}

fn last(log: &Log) -> Option<Received> {
    log.lock().expect("the log").last().cloned()
}

#[tokio::test]
async fn a_generated_form_sends_exactly_the_specified_request_and_checks_the_answer() {
    let (app, _content, log) = setup().await;
    let browser = Browser::new(&app);
    let page = browser.page("/apis/widgets/getwidget", 200).await;
    for label in [
        "for=\"try-param-path-id\"",
        "name=\"param.query.fields\"",
        "<option value=\"all\"",
        "name=\"param.query.tags\"",
        "name=\"auth.api_key.key\"",
        "API key (X-Widget-Key)",
    ] {
        assert!(page.contains(label), "the form has {label}");
    }
    let response = browser
        .console_call(&[
            ("environment", "widgets-stub"),
            ("api", "widgets"),
            ("operation", "getwidget"),
            ("param.path.id", "../a/b?x=1"),
            ("param.query.fields", "all"),
            ("param.query.tags", "red"),
            ("param.query.tags", "blue"),
            ("param.query.tags", ""),
            ("param.header.X-Trace", "t-1"),
            ("auth.api_key.key", "sekret-key"),
        ])
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(
        response.headers()["location"],
        "/apis/widgets/getwidget#try-it-results"
    );
    let received = last(&log).expect("the stub was called");
    assert_eq!(received.method, "GET");
    assert_eq!(
        received.uri, "/base/widgets/..%2Fa%2Fb%3Fx%3D1?fields=all&tags=red,blue",
        "one segment, query by style"
    );
    assert_eq!(received.header("x-widget-key"), Some("sekret-key"));
    assert_eq!(received.header("x-trace"), Some("t-1"));
    assert_eq!(received.header("cookie"), None, "no browser cookie is passed on");

    let page = browser.page("/apis/widgets/getwidget", 200).await;
    assert!(
        page.contains("200 OK"),
        "the answer is shown on the operation page"
    );
    assert!(
        page.contains("Not as documented") && page.contains("/name: must be a string"),
        "the body check points at the mismatch"
    );
    assert!(!page.contains("sekret-key"), "the API key is never shown");
}

#[tokio::test]
async fn values_that_do_not_match_are_not_sent_unless_sent_anyway() {
    let (app, _content, log) = setup().await;
    let browser = Browser::new(&app);
    let fields = [
        ("environment", "widgets-stub"),
        ("api", "widgets"),
        ("operation", "createwidget"),
        ("body.0", r#"{"name": "far too long a name"}"#),
        ("auth.basic_user", "ann"),
        ("auth.basic_password", "pw"),
    ];
    browser.console_call(&fields).await;
    assert!(last(&log).is_none(), "nothing was sent");
    let page = browser.page("/apis/widgets/createwidget", 200).await;
    assert!(
        page.contains("The request was not sent: 1 value to fix"),
        "the problem is named"
    );
    assert!(
        page.contains("body at /name: must be at most 10 characters"),
        "with its pointer"
    );
    let editor_error = page
        .split("id=\"try-body-application-json-error\"")
        .nth(1)
        .and_then(|rest| rest.split("</p>").next())
        .unwrap_or_default();
    assert!(
        editor_error.ends_with(">at /name: must be at most 10 characters"),
        "and at the body editor itself: {editor_error}"
    );
    assert!(
        page.contains("aria-invalid=\"true\""),
        "the editor is marked invalid"
    );
    assert!(
        page.contains("far too long a name"),
        "the form keeps what was typed"
    );

    let mut anyway = fields.to_vec();
    anyway.push(("send_anyway", "true"));
    browser.console_call(&anyway).await;
    let received = last(&log).expect("sent anyway");
    assert_eq!(
        (received.method.as_str(), received.uri.as_str()),
        ("POST", "/base/widgets")
    );
    assert_eq!(
        received.body, br#"{"name": "far too long a name"}"#,
        "the body exactly as typed"
    );
    assert_eq!(received.header("content-type"), Some("application/json"));
    assert_eq!(
        received.header("authorization"),
        Some("Basic YW5uOnB3"),
        "HTTP Basic ann:pw"
    );
    let page = browser.page("/apis/widgets/createwidget", 200).await;
    assert!(page.contains("Sent anyway, though"));
}

#[tokio::test]
async fn form_and_multipart_bodies_and_pasted_bearer_tokens_arrive_as_specified() {
    let (app, _content, log) = setup().await;
    let browser = Browser::new(&app);
    browser
        .console_call(&[
            ("environment", "widgets-stub"),
            ("api", "widgets"),
            ("operation", "search"),
            ("field.q", "blue & red"),
            ("field.limit", "5"),
            ("auth.bearer", "pasted-token"),
        ])
        .await;
    let received = last(&log).expect("the search was sent");
    assert_eq!(received.body, b"q=blue+%26+red&limit=5");
    assert_eq!(
        received.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(received.header("authorization"), Some("Bearer pasted-token"));

    let csrf = browser.csrf_token("/apis/widgets/putphoto").await;
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", csrf)
        .text("environment", "widgets-stub")
        .text("api", "widgets")
        .text("operation", "putphoto")
        .text("param.path.id", "42")
        .text("field.caption", "front")
        .part(
            "field.photo",
            reqwest::multipart::Part::bytes(vec![0u8, 159, 146, 150])
                .file_name("w.png")
                .mime_str("image/png")
                .expect("mime"),
        );
    let response = browser
        .http
        .post(format!("{}/try-it/call", app.address))
        .header("origin", app.address.clone())
        .multipart(form)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status().as_u16(), 303);
    let received = last(&log).expect("the photo was sent");
    assert_eq!(
        (received.method.as_str(), received.uri.as_str()),
        ("PUT", "/base/widgets/42/photo")
    );
    assert_eq!(
        received.header("authorization"),
        None,
        "security: [] sends no credentials"
    );
    let content_type = received.header("content-type").expect("a content type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("multipart");
    let body = received.body.clone();
    let text = String::from_utf8_lossy(&body);
    assert!(text.contains("name=\"caption\"\r\n\r\nfront\r\n"), "{text}");
    assert!(
        text.contains("name=\"photo\"; filename=\"w.png\"\r\nContent-Type: image/png"),
        "{text}"
    );
    assert!(
        body.windows(4).any(|bytes| bytes == [0u8, 159, 146, 150]),
        "the file's bytes are intact"
    );
    assert!(text.ends_with(&format!("--{boundary}--\r\n")));
}

#[tokio::test]
async fn only_environments_that_serve_the_api_are_offered_or_reached() {
    let (app, _content, log) = setup().await;
    let browser = Browser::new(&app);
    let page = browser.page("/apis/widgets/getwidget", 200).await;
    assert!(
        page.contains("value=\"widgets-stub\"") && !page.contains("<option value=\"sandbox\""),
        "only the stub serves widgets"
    );
    let response = browser
        .console_call(&[
            ("environment", "sandbox"),
            ("api", "widgets"),
            ("operation", "getwidget"),
            ("param.path.id", "1"),
            ("auth.api_key.key", "k"),
        ])
        .await;
    assert_eq!(response.status().as_u16(), 400);
    assert!(
        response
            .text()
            .await
            .expect("a page")
            .contains("does not serve the Widgets API")
    );
    let response = browser
        .console_call(&[
            ("environment", "widgets-stub"),
            ("api", "widgets"),
            ("operation", "nope"),
        ])
        .await;
    assert_eq!(response.status().as_u16(), 404);
    assert!(last(&log).is_none(), "nothing reached any upstream");
    let claims = browser
        .page("/apis/claims-attachments/submit-attachment", 200)
        .await;
    assert!(
        claims.contains("<option value=\"sandbox\"") && !claims.contains("value=\"widgets-stub\""),
        "the stub serves only widgets"
    );
}
