//! User-context tokens: the sandbox APIs accept the CIAM's access tokens (checked against a
//! real OpenID Connect provider started on loopback) next to the platform's, refuse bad ones
//! with RFC 6750 answers, pick up a rotated key, and keep working while the CIAM is down.

use crate::helpers::{TestApp, TestOptions, spawn_app_with};
use crate::oidc::{AUDIENCE, OidcProvider, SigningKey, free_port};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::{Value, json};

const SUBMIT: &str = "/claims/attachments/v1/submissions";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n";

/// The real time: the provider stamps its tokens with it, so the portal's clock starts there.
fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs() as i64
}

async fn portal_for(provider: &OidcProvider) -> TestApp {
    spawn_app_with(TestOptions {
        ciam: Some(provider.ciam_settings()),
        clock_start: Some(now()),
        ..TestOptions::default()
    })
    .await
}

async fn submit(app: &TestApp, token: &str) -> reqwest::Response {
    let body = json!({
        "claimReference": "TEST-CLAIM-0001",
        "attachmentType": "medical-records",
        "fileName": "report.pdf",
        "contentType": "application/pdf",
        "document": STANDARD.encode(PDF),
    });
    app.post_json(SUBMIT, &body, Some(&format!("Bearer {token}")))
        .await
}

/// The 401's `WWW-Authenticate` challenge, after checking it is `invalid_token`.
async fn refused(response: reqwest::Response) -> String {
    assert_eq!(response.status().as_u16(), 401);
    let challenge = response.headers()["www-authenticate"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(challenge.contains("error=\"invalid_token\""), "{challenge}");
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["error"], "invalid_token");
    challenge
}

#[tokio::test]
async fn the_sandbox_accepts_the_ciam_providers_access_token() {
    let provider = OidcProvider::start().await;
    let app = portal_for(&provider).await;
    let token = provider.client_credentials_token().await;

    let response = submit(&app, &token).await;

    assert_eq!(response.status().as_u16(), 201);
    let receipt: Value = response.json().await.expect("json");
    let id = receipt["attachmentId"].as_str().expect("id");
    let status = app
        .get_with_token(&format!("/claims/attachments/v1/status/{id}"), &token)
        .await;
    assert_eq!(status.status().as_u16(), 200);
    let status: Value = status.json().await.expect("json");
    assert!(
        status.get("submittedBy").is_none(),
        "a client's own token has no acting user"
    );
}

#[tokio::test]
async fn a_submission_with_a_user_token_records_and_shows_the_acting_user() {
    let provider = OidcProvider::start().await;
    let app = portal_for(&provider).await;
    let token = provider.sign(&provider.user_claims("alice", now()));

    let response = submit(&app, &token).await;

    assert_eq!(response.status().as_u16(), 201);
    let receipt: Value = response.json().await.expect("json");
    let id = receipt["attachmentId"].as_str().expect("id");
    for path in [
        format!("/claims/attachments/v1/status/{id}"),
        format!("/claims/attachments/v1/{id}"),
    ] {
        let answer = app.get_with_token(&path, &token).await;
        assert_eq!(answer.status().as_u16(), 200, "{path}");
        let answer: Value = answer.json().await.expect("json");
        assert_eq!(answer["submittedBy"], "alice", "{path}");
    }
    // The same CIAM client sees it with its own token too; a sandbox app does not.
    let own = provider.client_credentials_token().await;
    let path = format!("/claims/attachments/v1/{id}");
    assert_eq!(app.get_with_token(&path, &own).await.status().as_u16(), 200);
    let client = app.create_client(None).await;
    let platform = app.token(&client, None).await;
    assert_eq!(app.get_with_token(&path, &platform).await.status().as_u16(), 404);
}

#[tokio::test]
async fn an_expired_ciam_token_is_refused() {
    let provider = OidcProvider::start().await;
    let app = portal_for(&provider).await;
    let token = provider.client_credentials_token().await;
    assert_eq!(submit(&app, &token).await.status().as_u16(), 201);

    // 300 s of life, plus the 60 s leeway, plus the time the test took so far.
    app.clock.advance(400);

    let challenge = refused(submit(&app, &token).await).await;
    assert!(challenge.contains("expired"), "{challenge}");
}

#[tokio::test]
async fn ciam_tokens_with_a_wrong_audience_or_issuer_are_refused() {
    let provider = OidcProvider::start().await;
    let app = portal_for(&provider).await;
    let mut claims = provider.user_claims("alice", now());
    claims["aud"] = json!("https://another.api.example");
    let wrong_audience = provider.sign(&claims);
    let mut claims = provider.user_claims("alice", now());
    claims["iss"] = json!(format!("http://127.0.0.1:{}", free_port()));
    let wrong_issuer = provider.sign(&claims);

    let audience = refused(submit(&app, &wrong_audience).await).await;
    refused(submit(&app, &wrong_issuer).await).await;

    assert!(audience.contains("audience"), "{audience}");
    // An audience array naming the sandbox is fine.
    let mut claims = provider.user_claims("alice", now());
    claims["aud"] = json!(["https://another.api.example", AUDIENCE]);
    assert_eq!(submit(&app, &provider.sign(&claims)).await.status().as_u16(), 201);
}

#[tokio::test]
async fn unsigned_hmac_and_unknown_key_ciam_tokens_are_refused() {
    let provider = OidcProvider::start().await;
    let app = portal_for(&provider).await;
    let claims = provider.user_claims("mallory", now());
    let encode = |value: &Value| URL_SAFE_NO_PAD.encode(value.to_string());
    let unsigned = format!("{}.{}.", encode(&json!({"alg": "none"})), encode(&claims));
    let hmac = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(b"the public key, as a secret"),
    )
    .expect("signs");
    let stranger = SigningKey::generate("ES256", "stranger").await.sign(&claims);

    let unsigned = refused(submit(&app, &unsigned).await).await;
    let hmac = refused(submit(&app, &hmac).await).await;
    let stranger = refused(submit(&app, &stranger).await).await;

    assert!(unsigned.contains("algorithm"), "{unsigned}");
    assert!(hmac.contains("algorithm"), "{hmac}");
    assert!(stranger.contains("key"), "{stranger}");
    // A signature made by another key under the provider's kid does not verify either.
    let mut forged = SigningKey::generate("ES256", &provider.keys[0].kid).await;
    forged.kid = provider.keys[0].kid.clone();
    refused(submit(&app, &forged.sign(&claims)).await).await;
}

#[tokio::test]
async fn a_rotated_signing_key_is_picked_up_when_the_keys_are_refreshed() {
    let mut provider = OidcProvider::start().await;
    let app = portal_for(&provider).await;
    assert_eq!(
        submit(&app, &provider.client_credentials_token().await)
            .await
            .status()
            .as_u16(),
        201
    );
    let retired = provider.keys[0].clone();
    let rotated = SigningKey::generate("RS256", "second").await;
    provider.restart_with(vec![rotated, retired]).await;
    let token = provider.client_credentials_token().await;

    // The keys were fetched moments ago: no refresh yet, so the new key is unknown.
    let early = refused(submit(&app, &token).await).await;
    app.clock.advance(31);
    let later = submit(&app, &token).await;

    assert!(early.contains("key"), "{early}");
    assert_eq!(
        later.status().as_u16(),
        201,
        "the new key is known after a refresh"
    );
}

#[tokio::test]
async fn the_portal_starts_with_an_unreachable_ciam_and_platform_tokens_still_work() {
    let issuer = format!("http://127.0.0.1:{}", free_port());
    let app = spawn_app_with(TestOptions {
        ciam: Some(server::config::CiamSettings {
            issuer: issuer.clone(),
            audience: AUDIENCE.into(),
            client_id: None,
            client_secret: None,
        }),
        clock_start: Some(now()),
        ..TestOptions::default()
    })
    .await;

    let ready = app.get("/readyz").await;
    assert_eq!(
        ready.status().as_u16(),
        200,
        "the CIAM does not make the portal unready"
    );
    let ready: Value = ready.json().await.expect("json");
    assert_eq!(ready["status"], "ready");
    assert_eq!(ready["checks"]["ciam"], "unavailable");

    let client = app.create_client(None).await;
    let platform = app.token(&client, None).await;
    assert_eq!(submit(&app, &platform).await.status().as_u16(), 201);

    let key = SigningKey::generate("ES256", "k").await;
    let token = key.sign(&json!({
        "iss": issuer, "aud": AUDIENCE, "sub": "alice", "client_id": "c",
        "scope": "claims.attachments.write", "exp": now() + 300,
    }));
    let challenge = refused(submit(&app, &token).await).await;
    assert!(challenge.contains("unavailable"), "{challenge}");
}

#[tokio::test]
async fn readiness_reports_a_reachable_ciam() {
    let provider = OidcProvider::start().await;
    let app = portal_for(&provider).await;
    // A token makes sure the first discovery has finished.
    submit(&app, &provider.client_credentials_token().await).await;

    let ready: Value = app.get("/readyz").await.json().await.expect("json");

    assert_eq!(ready["checks"]["ciam"], "ok");
}
