//! The Claims Attachment V1 APIs: submission, status lifecycle, retrieval, validation, and
//! the bearer-token rules of RFC 6750.

use crate::helpers::{TestApp, on_every_backend};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

const SUBMIT: &str = "/claims/attachments/v1/submissions";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n";

fn submission(document: &[u8], content_type: &str, file_name: &str) -> Value {
    json!({
        "claimReference": "TEST-CLAIM-0001",
        "attachmentType": "medical-records",
        "fileName": file_name,
        "contentType": content_type,
        "document": STANDARD.encode(document),
    })
}

async fn submit(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    app.post_json(SUBMIT, body, Some(&format!("Bearer {token}")))
        .await
}

async fn json_of(response: reqwest::Response, status: u16) -> Value {
    assert_eq!(response.status().as_u16(), status);
    response.json().await.expect("json")
}

on_every_backend! {
    /// Submit → 201 with Location; the status moves received → processing → accepted; the
    /// document comes back byte for byte.
    async fn an_attachment_is_received_processed_accepted_and_retrievable(app: TestApp) {
        let client = app.create_client(None).await;
        let token = app.token(&client, None).await;
        let response = submit(&app, &token, &submission(PDF, "application/pdf", "report.pdf")).await;
        assert_eq!(response.status().as_u16(), 201);
        let location = response.headers()["location"].to_str().expect("ascii").to_owned();
        let receipt: Value = response.json().await.expect("json");
        let id = receipt["attachmentId"].as_str().expect("id").to_owned();
        assert_eq!(location, format!("/claims/attachments/v1/{id}"));
        assert_eq!(receipt["status"], "received");
        assert_eq!(receipt["receivedAt"], "2026-11-29T10:00:00Z");

        let status_path = format!("/claims/attachments/v1/status/{id}");
        assert_eq!(json_of(app.get_with_token(&status_path, &token).await, 200).await["status"], "received");
        app.clock.advance(2);
        let processing = json_of(app.get_with_token(&status_path, &token).await, 200).await;
        assert_eq!(processing["status"], "processing");
        assert_eq!(processing["updatedAt"], "2026-11-29T10:00:02Z");
        app.clock.advance(4);
        let done = json_of(app.get_with_token(&status_path, &token).await, 200).await;
        assert_eq!(done["status"], "accepted");
        assert_eq!(done["history"].as_array().map(Vec::len), Some(3));

        let attachment = json_of(app.get_with_token(&location, &token).await, 200).await;
        assert_eq!(attachment["fileName"], "report.pdf");
        assert_eq!(attachment["sizeBytes"], PDF.len());
        assert_eq!(STANDARD.decode(attachment["document"].as_str().expect("document")).expect("base64"), PDF);
    }

    /// A document whose bytes are not its declared type ends rejected, with a reason.
    async fn a_mislabelled_document_is_rejected_with_a_reason(app: TestApp) {
        let client = app.create_client(None).await;
        let token = app.token(&client, None).await;
        let receipt = json_of(submit(&app, &token, &submission(PDF, "image/png", "scan.png")).await, 201).await;
        app.clock.advance(10);
        let status = json_of(
            app.get_with_token(&format!("/claims/attachments/v1/status/{}", receipt["attachmentId"].as_str().expect("id")), &token).await,
            200,
        ).await;
        assert_eq!(status["status"], "rejected");
        assert!(status["reason"].as_str().expect("reason").contains("image/png"));
    }

    /// Every field problem is listed at once, with its field.
    async fn invalid_submissions_list_every_problem(app: TestApp) {
        let client = app.create_client(None).await;
        let token = app.token(&client, None).await;
        let body = json!({"claimReference": "", "attachmentType": "selfie", "fileName": "a.pdf", "contentType": "text/plain", "document": "%%%"});
        let error = json_of(submit(&app, &token, &body).await, 400).await;
        assert_eq!(error["error"], "invalid_request");
        let mut fields: Vec<&str> = error["problems"].as_array().expect("problems").iter().map(|p| p["field"].as_str().expect("field")).collect();
        fields.sort_unstable();
        assert_eq!(fields, ["attachmentType", "claimReference", "contentType", "document"]);
        assert_eq!(error["error_description"], "The submission has 4 problems.");
    }

    /// Not JSON, not an object, the wrong media type, or too big: clean 4xx answers.
    async fn malformed_and_oversized_submissions_get_clean_errors(app: TestApp) {
        let client = app.create_client(None).await;
        let token = app.token(&client, None).await;
        let bearer = format!("Bearer {token}");
        let not_json = app.client.post(app.url(SUBMIT)).header("authorization", &bearer).header("content-type", "application/json").body("{oops").send().await.expect("sent");
        assert_eq!(json_of(not_json, 400).await["error"], "invalid_request");
        let form = app.post_form(SUBMIT, "a=b", Some(&bearer)).await;
        assert_eq!(form.status().as_u16(), 415);
        let too_big = vec![b'%'; 5 * 1024 * 1024 + 1];
        let response = submit(&app, &token, &submission(&too_big, "application/pdf", "big.pdf")).await;
        assert_eq!(json_of(response, 413).await["error"], "payload_too_large");
        let huge_body = app.client.post(app.url(SUBMIT)).header("authorization", &bearer).header("content-type", "application/json")
            .body(vec![b' '; 8 * 1024 * 1024]).send().await.expect("sent");
        assert_eq!(huge_body.status().as_u16(), 413);
    }

    /// RFC 6750: no token → 401 with a bare challenge; a bad or expired one → 401 invalid_token.
    async fn missing_garbled_and_expired_tokens_are_refused(app: TestApp) {
        let path = "/claims/attachments/v1/status/att_x";
        let missing = app.get(path).await;
        assert_eq!(missing.status().as_u16(), 401);
        assert_eq!(missing.headers()["www-authenticate"], "Bearer realm=\"sandbox\"");
        assert_eq!(json_of(missing, 401).await["error"], "invalid_token");

        let garbled = app.get_with_token(path, "abc.def.ghi").await;
        assert_eq!(garbled.status().as_u16(), 401);
        assert!(garbled.headers()["www-authenticate"].to_str().expect("ascii").starts_with("Bearer realm=\"sandbox\", error=\"invalid_token\""));

        let weird = app.client.get(app.url(path)).header("authorization", "Bearer two words").send().await.expect("sent");
        assert_eq!(weird.status().as_u16(), 401);

        let client = app.create_client(None).await;
        let token = app.token(&client, None).await;
        app.clock.advance(3600);
        let expired = app.get_with_token(path, &token).await;
        assert_eq!(expired.status().as_u16(), 401);
        let body: Value = expired.json().await.expect("json");
        assert_eq!(body["error_description"], "The access token has expired.");
    }

    /// A token without the needed scope is 403 insufficient_scope, naming the scope.
    async fn the_wrong_scope_is_insufficient_scope(app: TestApp) {
        let client = app.create_client(None).await;
        let reader = app.token(&client, Some("claims.attachments.read")).await;
        let response = submit(&app, &reader, &submission(PDF, "application/pdf", "a.pdf")).await;
        assert_eq!(response.status().as_u16(), 403);
        assert_eq!(
            response.headers()["www-authenticate"],
            "Bearer realm=\"sandbox\", error=\"insufficient_scope\", scope=\"claims.attachments.write\""
        );
        let writer = app.token(&client, Some("claims.attachments.write")).await;
        let receipt = json_of(submit(&app, &writer, &submission(PDF, "application/pdf", "a.pdf")).await, 201).await;
        let status = app.get_with_token(&format!("/claims/attachments/v1/status/{}", receipt["attachmentId"].as_str().expect("id")), &writer).await;
        assert_eq!(status.status().as_u16(), 403);
    }

    /// A client never sees another client's attachments: 404, like a missing one.
    async fn other_clients_attachments_are_not_found(app: TestApp) {
        let owner = app.create_client(None).await;
        let stranger = app.create_client(None).await;
        let owner_token = app.token(&owner, None).await;
        let receipt = json_of(submit(&app, &owner_token, &submission(PDF, "application/pdf", "a.pdf")).await, 201).await;
        let id = receipt["attachmentId"].as_str().expect("id");
        let stranger_token = app.token(&stranger, None).await;
        for path in [format!("/claims/attachments/v1/{id}"), format!("/claims/attachments/v1/status/{id}"), "/claims/attachments/v1/att_nothing".into()] {
            let response = app.get_with_token(&path, &stranger_token).await;
            assert_eq!(json_of(response, 404).await["error"], "not_found", "{path}");
        }
    }

    /// Tokens from the legacy v1 API work on the APIs too.
    async fn v1_tokens_are_accepted_by_the_apis(app: TestApp) {
        let client = app.create_client(None).await;
        let response = app.post_json("/apip/auth/v1/token", &json!({"clientId": client.id, "clientSecret": client.secret}), None).await;
        let token = json_of(response, 200).await["accessToken"].as_str().expect("token").to_owned();
        assert_eq!(submit(&app, &token, &submission(PDF, "application/pdf", "a.pdf")).await.status().as_u16(), 201);
    }
}
