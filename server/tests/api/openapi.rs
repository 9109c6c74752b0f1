//! `/openapi.json`: an OpenAPI 3.1 document for every sandbox route, with working examples.

use crate::helpers::spawn_app;
use serde_json::Value;

async fn document(app: &crate::helpers::TestApp) -> Value {
    let response = app.get("/openapi.json").await;
    assert_eq!(response.status().as_u16(), 200);
    response.json().await.expect("json")
}

#[tokio::test]
async fn the_document_is_openapi_3_1_and_lists_every_sandbox_route() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    assert!(doc["openapi"].as_str().expect("version").starts_with("3.1"));
    assert_eq!(doc["servers"][0]["url"], app.address.as_str());
    let paths: Vec<&str> = doc["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .map(String::as_str)
        .collect();
    for expected in [
        "/apip/auth/v2/token",
        "/apip/auth/v1/token",
        "/apip/auth/v2/introspect",
        "/apip/auth/v2/revoke",
        "/.well-known/oauth-authorization-server",
        "/.well-known/jwks.json",
        "/claims/attachments/v1/submissions",
        "/claims/attachments/v1/status/{id}",
        "/claims/attachments/v1/{id}",
    ] {
        assert!(paths.contains(&expected), "{expected} is documented");
    }
    assert_eq!(paths.len(), 9, "nothing else is documented: {paths:?}");
    let schemes = &doc["components"]["securitySchemes"];
    let client_credentials = &schemes["oauth2"]["flows"]["clientCredentials"];
    assert_eq!(
        client_credentials["tokenUrl"],
        format!("{}/apip/auth/v2/token", app.address),
        "the Claims operations ask for a client-credentials token from the real endpoint"
    );
    assert!(client_credentials["scopes"]["claims.attachments.write"].is_string());
    assert_eq!(schemes["client_secret_basic"]["scheme"], "basic");
}

#[tokio::test]
async fn every_documented_path_is_served() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    for (path, operations) in doc["paths"].as_object().expect("paths") {
        let concrete = path.replace("{id}", "att_none");
        for method in operations.as_object().expect("operations").keys() {
            let response = app
                .client
                .request(method.to_uppercase().parse().expect("method"), app.url(&concrete))
                .send()
                .await
                .expect("sent");
            let status = response.status().as_u16();
            // Unauthenticated calls are refused by the handler (401/400), never by the router.
            assert!(![404, 405].contains(&status), "{method} {path}: {status}");
        }
    }
}

#[tokio::test]
async fn every_request_body_and_response_body_has_an_example() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    for (path, operations) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in operations.as_object().expect("operations") {
            if let Some(content) = operation["requestBody"]["content"].as_object() {
                for (media, body) in content {
                    assert!(
                        body.get("example").is_some() || body.get("examples").is_some(),
                        "{method} {path} {media} request"
                    );
                }
            }
            for (status, response) in operation["responses"].as_object().expect("responses") {
                if let Some(content) = response["content"].as_object() {
                    for (media, body) in content {
                        let schema_example = body["schema"]["$ref"].as_str().and_then(|reference| {
                            let name = reference.rsplit('/').next()?;
                            doc["components"]["schemas"][name]["properties"]
                                .as_object()
                                .map(|props| {
                                    props.values().all(|p| {
                                        p.get("example").is_some()
                                            || p.get("$ref").is_some()
                                            || p.get("items").is_some()
                                            || p.get("oneOf").is_some()
                                    })
                                })
                        });
                        assert!(
                            body.get("example").is_some()
                                || body.get("examples").is_some()
                                || schema_example == Some(true),
                            "{method} {path} {status} {media} response"
                        );
                    }
                }
            }
        }
    }
}

#[tokio::test]
async fn the_submission_example_is_accepted_as_documented() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let operation = &doc["paths"]["/claims/attachments/v1/submissions"]["post"];
    let example = operation["requestBody"]["content"]["application/json"]["example"].clone();
    let client = app.create_client(None).await;
    let token = app.token(&client, None).await;
    let response = app
        .post_json(
            "/claims/attachments/v1/submissions",
            &example,
            Some(&format!("Bearer {token}")),
        )
        .await;
    assert_eq!(response.status().as_u16(), 201);
    let body: Value = response.json().await.expect("json");
    let documented = &operation["responses"]["201"]["content"]["application/json"]["example"];
    let keys = |value: &Value| value.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>());
    assert_eq!(
        keys(&body),
        keys(documented),
        "the answer has the documented shape"
    );
    app.clock.advance(10);
    let status: Value = app
        .get_with_token(
            &format!(
                "/claims/attachments/v1/status/{}",
                body["attachmentId"].as_str().expect("id")
            ),
            &token,
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(status["status"], "accepted", "the example document is a real PDF");
}

#[tokio::test]
async fn the_document_passes_an_openapi_3_1_validator() {
    let app = spawn_app().await;
    let body = app.get("/openapi.json").await.text().await.expect("body");
    let file = tempfile::Builder::new()
        .suffix(".json")
        .tempfile()
        .expect("temp file");
    std::fs::write(file.path(), body).expect("write");
    let output = match std::process::Command::new("openapi-spec-validator")
        .arg(file.path())
        .output()
    {
        Ok(output) => output,
        Err(_) => {
            crate::helpers::skipped(
                "openapi-spec-validator",
                "the_document_passes_an_openapi_3_1_validator",
            );
            return;
        }
    };
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
