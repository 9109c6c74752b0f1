//! `POST /apip/auth/v2/token` and `/apip/auth/v1/token`, rule by rule (RFC 6749 §4.4, §5).

use crate::helpers::on_every_backend;
use serde_json::{Value, json};

const TOKEN: &str = "/apip/auth/v2/token";
const V1: &str = "/apip/auth/v1/token";

async fn error_of(
    response: reqwest::Response,
    status: u16,
    code: &str,
) -> (reqwest::header::HeaderMap, Value) {
    assert_eq!(response.status().as_u16(), status);
    let headers = response.headers().clone();
    assert_eq!(headers["cache-control"], "no-store", "errors are not cached");
    let body: Value = response.json().await.expect("JSON error");
    assert_eq!(body["error"], code, "{body}");
    let description = body["error_description"].as_str().expect("error_description");
    assert!(
        description
            .bytes()
            .all(|b| (0x20..=0x7E).contains(&b) && b != b'"' && b != b'\\'),
        "RFC 6749 error_description charset: {description}"
    );
    (headers, body)
}

on_every_backend! {
    /// The happy path with HTTP Basic (client_secret_basic).
    async fn basic_authentication_gets_a_bearer_token(app: TestApp) {
        let client = app.create_client(None).await;
        let response = app.post_form(TOKEN, "grant_type=client_credentials", Some(&client.basic())).await;
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(response.headers()["cache-control"], "no-store");
        assert_eq!(response.headers()["pragma"], "no-cache");
        assert!(response.headers()["content-type"].to_str().expect("ascii").starts_with("application/json"));
        let body: Value = response.json().await.expect("json");
        assert_eq!(body["token_type"], "Bearer");
        assert_eq!(body["expires_in"], 3600);
        assert_eq!(body["scope"], "claims.attachments.read claims.attachments.write");
        assert!(body["access_token"].as_str().is_some_and(|t| t.len() > 40));
    }

    /// client_secret_post, and the marketplace's JSON body.
    async fn body_and_json_authentication_get_tokens(app: TestApp) {
        let client = app.create_client(None).await;
        let form = format!("grant_type=client_credentials&client_id={}&client_secret={}", client.id, client.secret);
        assert_eq!(app.post_form(TOKEN, &form, None).await.status().as_u16(), 200);
        let json = json!({"grant_type": "client_credentials", "client_id": client.id, "client_secret": client.secret});
        let response = app.post_json(TOKEN, &json, None).await;
        assert_eq!(response.status().as_u16(), 200);
        let body: Value = response.json().await.expect("json");
        assert!(body["access_token"].is_string());
    }

    /// A subset of scopes may be requested; unknown or unheld ones are invalid_scope.
    async fn scopes_are_granted_only_as_held(app: TestApp) {
        let reader = app.create_client(Some("claims.attachments.read")).await;
        let response = app.post_form(TOKEN, "grant_type=client_credentials&scope=claims.attachments.read", Some(&reader.basic())).await;
        let body: Value = response.json().await.expect("json");
        assert_eq!(body["scope"], "claims.attachments.read");
        let response = app.post_form(TOKEN, "grant_type=client_credentials&scope=claims.attachments.write", Some(&reader.basic())).await;
        error_of(response, 400, "invalid_scope").await;
        let response = app.post_form(TOKEN, "grant_type=client_credentials&scope=admin", Some(&reader.basic())).await;
        error_of(response, 400, "invalid_scope").await;
    }

    /// Wrong secrets, unknown clients and missing authentication are invalid_client (401),
    /// always with a Basic challenge (RFC 9110 §11.6.1); the secret is never echoed.
    async fn failed_client_authentication_is_invalid_client(app: TestApp) {
        let client = app.create_client(None).await;
        let wrong = crate::helpers::TestClient { id: client.id.clone(), secret: "mns_wrong-secret-value".into() };
        let (headers, body) = error_of(app.post_form(TOKEN, "grant_type=client_credentials", Some(&wrong.basic())).await, 401, "invalid_client").await;
        assert!(headers["www-authenticate"].to_str().expect("ascii").starts_with("Basic realm=\"sandbox\""));
        assert!(!body.to_string().contains("wrong-secret-value"));

        let form = format!("grant_type=client_credentials&client_id={}&client_secret=mns_wrong", client.id);
        let (headers, _) = error_of(app.post_form(TOKEN, &form, None).await, 401, "invalid_client").await;
        assert!(headers["www-authenticate"].to_str().expect("ascii").starts_with("Basic realm=\"sandbox\""), "a challenge on every 401");

        let unknown = crate::helpers::TestClient { id: "mnc_nobody".into(), secret: client.secret.clone() };
        error_of(app.post_form(TOKEN, "grant_type=client_credentials", Some(&unknown.basic())).await, 401, "invalid_client").await;
        let (headers, _) = error_of(app.post_form(TOKEN, "grant_type=client_credentials", None).await, 401, "invalid_client").await;
        assert!(headers.contains_key("www-authenticate"), "missing authentication advertises Basic");
        error_of(app.post_form(TOKEN, "grant_type=client_credentials", Some("Basic !!!")).await, 401, "invalid_client").await;
    }

    /// Both methods at once, repeated parameters and missing grant_type are invalid_request.
    async fn malformed_requests_are_invalid_request(app: TestApp) {
        let client = app.create_client(None).await;
        let both = format!("grant_type=client_credentials&client_secret={}", client.secret);
        error_of(app.post_form(TOKEN, &both, Some(&client.basic())).await, 400, "invalid_request").await;
        error_of(app.post_form(TOKEN, "grant_type=client_credentials&grant_type=client_credentials", Some(&client.basic())).await, 400, "invalid_request").await;
        error_of(app.post_form(TOKEN, "scope=claims.attachments.read", Some(&client.basic())).await, 400, "invalid_request").await;
        error_of(app.post_form(TOKEN, "grant_type=client_credentials&x=%FF", Some(&client.basic())).await, 400, "invalid_request").await;
        let text = app.client.post(app.url(TOKEN)).header("content-type", "text/plain").header("authorization", client.basic())
            .body("grant_type=client_credentials").send().await.expect("sent");
        error_of(text, 400, "invalid_request").await;
        let huge = app.post_form(TOKEN, &format!("grant_type=client_credentials&pad={}", "a".repeat(20_000)), Some(&client.basic())).await;
        assert_eq!(huge.status().as_u16(), 413);
        let json = app.post_json(TOKEN, &json!({"grant_type": "client_credentials", "client_id": client.id, "client_secret": 5}), None).await;
        error_of(json, 400, "invalid_request").await;
    }

    /// Any other grant type is unsupported_grant_type.
    async fn other_grant_types_are_unsupported(app: TestApp) {
        let client = app.create_client(None).await;
        for grant in ["password", "authorization_code", "refresh_token", "urn:ietf:params:oauth:grant-type:jwt-bearer"] {
            let body = format!("grant_type={}", grant.replace(':', "%3A"));
            error_of(app.post_form(TOKEN, &body, Some(&client.basic())).await, 400, "unsupported_grant_type").await;
        }
    }

    /// The token endpoint only takes POST.
    async fn the_token_endpoint_only_accepts_post(app: TestApp) {
        let response = app.get(TOKEN).await;
        assert_eq!(response.status().as_u16(), 405);
        assert_eq!(response.headers()["allow"], "POST");
    }

    /// A suspended client gets unauthorized_client; a revoked one invalid_client.
    async fn suspended_and_revoked_clients_get_no_tokens(app: TestApp) {
        let client = app.create_client(None).await;
        app.sandbox.clients.suspend(&client.id).await.expect("suspend");
        error_of(app.post_form(TOKEN, "grant_type=client_credentials", Some(&client.basic())).await, 400, "unauthorized_client").await;
        app.sandbox.clients.resume(&client.id).await.expect("resume");
        assert_eq!(app.post_form(TOKEN, "grant_type=client_credentials", Some(&client.basic())).await.status().as_u16(), 200);
        app.sandbox.clients.revoke(&client.id).await.expect("revoke");
        error_of(app.post_form(TOKEN, "grant_type=client_credentials", Some(&client.basic())).await, 401, "invalid_client").await;
    }

    /// After rotation the old secret stops working at once and the new one works.
    async fn a_rotated_secret_replaces_the_old_one_at_once(app: TestApp) {
        let client = app.create_client(None).await;
        let rotated = app.sandbox.clients.rotate(&client.id).await.expect("rotate");
        error_of(app.post_form(TOKEN, "grant_type=client_credentials", Some(&client.basic())).await, 401, "invalid_client").await;
        let fresh = crate::helpers::TestClient { id: client.id, secret: secrecy::ExposeSecret::expose_secret(&rotated.client_secret).to_owned() };
        assert_eq!(app.post_form(TOKEN, "grant_type=client_credentials", Some(&fresh.basic())).await.status().as_u16(), 200);
    }

    /// The v1 API: camelCase fields and no access_token key, from JSON or a form.
    async fn the_v1_api_answers_in_camel_case(app: TestApp) {
        let client = app.create_client(None).await;
        let response = app.post_json(V1, &json!({"clientId": client.id, "clientSecret": client.secret}), None).await;
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(response.headers()["cache-control"], "no-store");
        let body: Value = response.json().await.expect("json");
        assert_eq!(body["tokenType"], "Bearer");
        assert_eq!(body["expiresIn"], 3600);
        assert!(body["accessToken"].is_string());
        assert!(body.get("access_token").is_none(), "{body}");
        let form = format!("clientId={}&clientSecret={}", client.id, client.secret);
        assert_eq!(app.post_form(V1, &form, None).await.status().as_u16(), 200);
    }

    /// The v1 API's errors.
    async fn the_v1_api_refuses_bad_requests(app: TestApp) {
        let client = app.create_client(None).await;
        error_of(app.post_json(V1, &json!({"clientId": client.id}), None).await, 400, "invalid_request").await;
        error_of(app.post_json(V1, &json!({"clientId": client.id, "clientSecret": "mns_nope"}), None).await, 401, "invalid_client").await;
        error_of(app.post_form(V1, "", Some(&client.basic())).await, 400, "invalid_request").await;
    }
}

/// Token requests are limited per client and per IP address, with Retry-After.
#[tokio::test]
async fn token_requests_are_rate_limited_with_retry_after() {
    use server::rate_limit::Limit;
    let app = crate::helpers::spawn_app_with(crate::helpers::TestOptions {
        token_rate_limit: Some(Limit { max: 2, per_secs: 60 }),
        token_ip_rate_limit: Some(Limit { max: 5, per_secs: 60 }),
        ..Default::default()
    })
    .await;
    let first = app.create_client(None).await;
    let second = app.create_client(None).await;
    for _ in 0..2 {
        assert_eq!(
            app.post_form(TOKEN, "grant_type=client_credentials", Some(&first.basic()))
                .await
                .status()
                .as_u16(),
            200
        );
    }
    let (headers, body) = error_of(
        app.post_form(TOKEN, "grant_type=client_credentials", Some(&first.basic()))
            .await,
        429,
        "temporarily_unavailable",
    )
    .await;
    assert_eq!(headers["retry-after"], "60");
    assert!(
        body["error_description"]
            .as_str()
            .expect("text")
            .contains("issued to this client")
    );
    for _ in 0..2 {
        assert_eq!(
            app.post_form(TOKEN, "grant_type=client_credentials", Some(&second.basic()))
                .await
                .status()
                .as_u16(),
            200
        );
    }
    let (_, body) = error_of(
        app.post_form(TOKEN, "grant_type=client_credentials", Some(&second.basic()))
            .await,
        429,
        "temporarily_unavailable",
    )
    .await;
    assert!(
        body["error_description"]
            .as_str()
            .expect("text")
            .contains("from this address")
    );

    app.clock.advance(60);
    assert_eq!(
        app.post_form(TOKEN, "grant_type=client_credentials", Some(&first.basic()))
            .await
            .status()
            .as_u16(),
        200
    );
}
