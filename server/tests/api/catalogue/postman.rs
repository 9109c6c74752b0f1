//! `GET /apis/{api}/postman-collection.json`: a Postman collection generated from an API's
//! document, as a download.

use crate::helpers::spawn_app;
use serde_json::Value;

#[tokio::test]
async fn the_claims_api_collection_downloads_with_its_three_operations_and_the_sandbox_credentials() {
    let app = spawn_app().await;
    let response = app.get("/apis/claims-attachments/postman-collection.json").await;
    assert_eq!(response.status().as_u16(), 200);
    let headers = response.headers();
    assert_eq!(headers["content-type"], "application/json");
    assert_eq!(
        headers["content-disposition"],
        "attachment; filename=\"claims-attachments.postman_collection.json\""
    );
    let text = response.text().await.expect("a body");
    let collection: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(
        collection["info"]["schema"],
        "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
    );
    let folders = collection["item"].as_array().expect("folders");
    assert_eq!(folders.len(), 1, "one folder for the API's one tag");
    assert_eq!(folders[0]["name"], "Claims Attachments V1");
    let names: Vec<&str> = folders[0]["item"]
        .as_array()
        .expect("requests")
        .iter()
        .filter_map(|request| request["name"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Submit an attachment",
            "Check an attachment's status",
            "Retrieve an attachment"
        ],
        "submitting comes first, so a run reads what it made"
    );
    let submit = &folders[0]["item"][0]["request"];
    assert_eq!(submit["method"], "POST");
    assert_eq!(
        submit["url"]["raw"],
        "{{baseUrl}}/claims/attachments/v1/submissions"
    );
    assert_eq!(submit["auth"]["bearer"][0]["value"], "{{accessToken}}");
    assert_eq!(submit["body"]["options"]["raw"]["language"], "json");
    let status = &folders[0]["item"][1]["request"];
    assert_eq!(
        status["url"]["raw"],
        "{{baseUrl}}/claims/attachments/v1/status/:id"
    );
    assert!(text.contains("{{MN-ClientId}}") && text.contains("{{MN-ClientSecret}}"));
    assert_eq!(collection["variable"][0]["key"], "baseUrl");
    assert_eq!(collection["variable"][0]["value"], app.address.as_str());
}

#[tokio::test]
async fn an_unknown_api_has_no_collection() {
    let app = spawn_app().await;
    let response = app.get("/apis/no-such-api/postman-collection.json").await;
    assert_eq!(response.status().as_u16(), 404);
    assert_eq!(response.headers()["content-type"], "application/json");
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["error"], "not_found");
}
