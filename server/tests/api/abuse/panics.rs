//! Text cut at a byte count never panics, and a panic anywhere answers with the portal's 500
//! page (or JSON) carrying a request id instead of dropping the connection.

use crate::helpers::{Browser, TestOptions, spawn_app_with};
use crate::upstream;

#[tokio::test]
async fn a_document_of_multibyte_characters_gets_an_answer_not_a_dropped_connection() {
    let app = spawn_app_with(TestOptions::default()).await;
    let browser = Browser::new(&app);
    super::signed_up_with_console_token(&browser).await;
    let body = serde_json::json!({
        "claimReference": "TEST-1",
        "attachmentType": "medical-records",
        "fileName": "x.pdf",
        "contentType": "application/pdf",
        "document": "€".repeat(41),
    })
    .to_string();
    let response = browser
        .console_call(&[
            ("environment", "sandbox"),
            ("api", "claims-attachments"),
            ("operation", "submit-attachment"),
            ("body.0", &body),
        ])
        .await;
    assert_eq!(
        response.status().as_u16(),
        303,
        "the portal answers instead of dropping the connection"
    );
    let page = browser.page("/try-it", 200).await;
    assert!(page.contains("€"), "the request is shown with its document");
}

#[tokio::test]
async fn a_token_of_multibyte_characters_is_shown_masked_without_a_panic() {
    let stub = upstream::start().await;
    let app = spawn_app_with(TestOptions {
        environments: vec![upstream::environment(
            "multibyte",
            &format!("{stub}/multibyte-token"),
        )],
        ..TestOptions::default()
    })
    .await;
    let browser = Browser::new(&app);
    let page = browser.pasted_token("multibyte", "v2", "a", "b").await;
    assert!(page.contains("kept on the portal"), "the token is masked");
}
