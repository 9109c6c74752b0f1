//! Postman exports for a sandbox app: a Collection Format v2.1 collection (v2 token, v1 token,
//! and the Claims Attachment Submission, Status and Retrieval V1 requests, each with tests)
//! and an environment with the client id and base URL filled in and the secret left empty.

use crate::routes::claims::schema::EXAMPLE_DOCUMENT;
use serde_json::{Value, json};

/// A fresh random UUID (version 4) for Postman's ids.
fn uuid() -> String {
    let mut bytes = crate::crypto::random::bytes::<16>();
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex = hex::encode(bytes);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

fn url(path: &str) -> Value {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    json!({ "raw": format!("{{{{baseUrl}}}}{path}"), "host": ["{{baseUrl}}"], "path": segments })
}

fn tests(lines: &[&str]) -> Value {
    json!([{ "listen": "test", "script": { "type": "text/javascript", "exec": lines } }])
}

/// The collection for the app called `app_name`.
pub fn collection(app_name: &str, base_url: &str) -> Value {
    let bearer = json!({ "type": "bearer", "bearer": [{ "key": "token", "value": "{{accessToken}}", "type": "string" }] });
    let submission_body = json!({
        "claimReference": "TEST-CLAIM-0001",
        "attachmentType": "medical-records",
        "fileName": "test-report.pdf",
        "contentType": "application/pdf",
        "document": EXAMPLE_DOCUMENT,
    });
    json!({
        "info": {
            "_postman_id": uuid(),
            "name": format!("API Marketplace sandbox: {app_name}"),
            "description": "Claims Attachment V1 in the sandbox. Set MN-ClientSecret in your environment's current value only (never commit it). Use test data only: never real PHI or PII.",
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
        },
        "variable": [
            { "key": "baseUrl", "value": base_url },
            { "key": "accessToken", "value": "" },
            { "key": "attachmentId", "value": "" }
        ],
        "item": [
            {
                "name": "Token (v2, OAuth 2.0 client credentials)",
                "item": [{
                    "name": "Get an access token (v2)",
                    "event": tests(&[
                        "pm.test('the token request succeeds', () => pm.response.to.have.status(200));",
                        "const body = pm.response.json();",
                        "pm.test('it is a bearer token', () => pm.expect(body.token_type).to.eql('Bearer'));",
                        "pm.test('it has access_token', () => pm.expect(body.access_token).to.be.a('string').and.not.empty);",
                        "pm.collectionVariables.set('accessToken', body.access_token);"
                    ]),
                    "request": {
                        "method": "POST",
                        "auth": { "type": "basic", "basic": [
                            { "key": "username", "value": "{{MN-ClientId}}", "type": "string" },
                            { "key": "password", "value": "{{MN-ClientSecret}}", "type": "string" }
                        ]},
                        "header": [{ "key": "Content-Type", "value": "application/x-www-form-urlencoded" }],
                        "body": { "mode": "urlencoded", "urlencoded": [{ "key": "grant_type", "value": "client_credentials" }] },
                        "url": url("/apip/auth/v2/token")
                    }
                }]
            },
            {
                "name": "Token (v1, legacy)",
                "item": [{
                    "name": "Get an access token (v1)",
                    "event": tests(&[
                        "pm.test('the token request succeeds', () => pm.response.to.have.status(200));",
                        "const body = pm.response.json();",
                        "pm.test('it has accessToken and no access_token', () => { pm.expect(body.accessToken).to.be.a('string'); pm.expect(body).to.not.have.property('access_token'); });"
                    ]),
                    "request": {
                        "method": "POST",
                        "header": [{ "key": "Content-Type", "value": "application/json" }],
                        "body": { "mode": "raw", "raw": "{\"clientId\": \"{{MN-ClientId}}\", \"clientSecret\": \"{{MN-ClientSecret}}\"}", "options": { "raw": { "language": "json" } } },
                        "url": url("/apip/auth/v1/token")
                    }
                }]
            },
            {
                "name": "Claims Attachment Submission V1",
                "item": [{
                    "name": "Submit an attachment",
                    "event": tests(&[
                        "pm.test('the attachment is received', () => pm.response.to.have.status(201));",
                        "const body = pm.response.json();",
                        "pm.test('it has an id', () => pm.expect(body.attachmentId).to.be.a('string').and.not.empty);",
                        "pm.collectionVariables.set('attachmentId', body.attachmentId);"
                    ]),
                    "request": {
                        "method": "POST",
                        "auth": bearer.clone(),
                        "header": [{ "key": "Content-Type", "value": "application/json" }],
                        "body": { "mode": "raw", "raw": serde_json::to_string_pretty(&submission_body).unwrap_or_default(), "options": { "raw": { "language": "json" } } },
                        "url": url("/claims/attachments/v1/submissions")
                    }
                }]
            },
            {
                "name": "Claims Attachment Status V1",
                "item": [{
                    "name": "Check the status",
                    "event": tests(&[
                        "pm.test('the status is found', () => pm.response.to.have.status(200));",
                        "const body = pm.response.json();",
                        "pm.test('it is a known status', () => pm.expect(['received', 'processing', 'accepted', 'rejected']).to.include(body.status));"
                    ]),
                    "request": { "method": "GET", "auth": bearer.clone(), "url": url("/claims/attachments/v1/status/{{attachmentId}}") }
                }]
            },
            {
                "name": "Claims Attachment Retrieval V1",
                "item": [{
                    "name": "Retrieve the attachment",
                    "event": tests(&[
                        "pm.test('the attachment is found', () => pm.response.to.have.status(200));",
                        "const body = pm.response.json();",
                        "pm.test('it has the document', () => pm.expect(body.document).to.be.a('string').and.not.empty);",
                        "pm.test('it is the same attachment', () => pm.expect(body.attachmentId).to.eql(pm.collectionVariables.get('attachmentId')));"
                    ]),
                    "request": { "method": "GET", "auth": bearer, "url": url("/claims/attachments/v1/{{attachmentId}}") }
                }]
            }
        ]
    })
}

/// The environment for one app: id and base URL filled in, the secret deliberately empty.
pub fn environment(app_name: &str, client_id: &str, base_url: &str) -> Value {
    json!({
        "id": uuid(),
        "name": format!("API Marketplace sandbox: {app_name}"),
        "values": [
            { "key": "baseUrl", "value": base_url, "type": "default", "enabled": true },
            { "key": "MN-ClientId", "value": client_id, "type": "default", "enabled": true },
            { "key": "MN-ClientSecret", "value": "", "type": "secret", "enabled": true }
        ],
        "_postman_variable_scope": "environment"
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_collection_has_the_five_folders_in_order() {
        let collection = collection("My app", "http://127.0.0.1:3000");
        let names: Vec<&str> = collection["item"]
            .as_array()
            .expect("items")
            .iter()
            .map(|i| i["name"].as_str().expect("name"))
            .collect();
        assert_eq!(names.len(), 5);
        assert!(names[0].contains("v2") && names[1].contains("v1"));
        assert_eq!(
            &names[2..],
            [
                "Claims Attachment Submission V1",
                "Claims Attachment Status V1",
                "Claims Attachment Retrieval V1"
            ]
        );
        assert!(collection.to_string().contains("{{MN-ClientSecret}}"));
        assert_eq!(
            collection["info"]["schema"],
            "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
        );
    }

    #[test]
    fn the_environment_leaves_the_secret_empty() {
        let environment = environment("My app", "mnc_1", "http://x");
        let secret = environment["values"]
            .as_array()
            .expect("values")
            .iter()
            .find(|v| v["key"] == "MN-ClientSecret")
            .expect("secret");
        assert_eq!(secret["value"], "");
        assert_eq!(uuid().len(), 36);
    }
}
