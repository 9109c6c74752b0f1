//! Introspection (RFC 7662) and revocation (RFC 7009), and how revocation reaches the APIs.

use crate::helpers::{TestApp, on_every_backend};
use serde_json::Value;

const INTROSPECT: &str = "/apip/auth/v2/introspect";
const REVOKE: &str = "/apip/auth/v2/revoke";
const STATUS: &str = "/claims/attachments/v1/status/att_missing";

async fn introspect(app: &TestApp, client: &crate::helpers::TestClient, token: &str) -> Value {
    let response = app
        .post_form(INTROSPECT, &format!("token={token}"), Some(&client.basic()))
        .await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    response.json().await.expect("json")
}

on_every_backend! {
    /// A client's own live token is active, with its claims.
    async fn an_own_active_token_introspects_as_active(app: TestApp) {
        let client = app.create_client(None).await;
        let token = app.token(&client, Some("claims.attachments.read")).await;
        let answer = introspect(&app, &client, &token).await;
        assert_eq!(answer["active"], true);
        assert_eq!(answer["client_id"], client.id.as_str());
        assert_eq!(answer["scope"], "claims.attachments.read");
        assert_eq!(answer["token_type"], "Bearer");
        assert_eq!(answer["exp"].as_i64(), answer["iat"].as_i64().map(|iat| iat + 3600));
    }

    /// Foreign, garbled and expired tokens are all just inactive.
    async fn foreign_garbled_and_expired_tokens_are_inactive(app: TestApp) {
        let owner = app.create_client(None).await;
        let other = app.create_client(None).await;
        let token = app.token(&owner, None).await;
        assert_eq!(introspect(&app, &other, &token).await, serde_json::json!({"active": false}));
        assert_eq!(introspect(&app, &owner, "not-a-token").await, serde_json::json!({"active": false}));
        app.clock.advance(3600);
        assert_eq!(introspect(&app, &owner, &token).await, serde_json::json!({"active": false}));
    }

    /// Introspection needs client authentication and a token.
    async fn introspection_needs_authentication_and_a_token(app: TestApp) {
        let client = app.create_client(None).await;
        assert_eq!(app.post_form(INTROSPECT, "token=x", None).await.status().as_u16(), 401);
        let missing = app.post_form(INTROSPECT, "", Some(&client.basic())).await;
        assert_eq!(missing.status().as_u16(), 400);
        let body: Value = missing.json().await.expect("json");
        assert_eq!(body["error"], "invalid_request");
    }

    /// A revoked token stops working everywhere; revoking is idempotent and silent for
    /// tokens that are not the caller's.
    async fn revocation_ends_a_token_and_only_the_owner_can_revoke(app: TestApp) {
        let owner = app.create_client(None).await;
        let other = app.create_client(None).await;
        let token = app.token(&owner, None).await;

        let foreign = app.post_form(REVOKE, &format!("token={token}"), Some(&other.basic())).await;
        assert_eq!(foreign.status().as_u16(), 200);
        assert_eq!(introspect(&app, &owner, &token).await["active"], true, "another client cannot revoke it");

        for _ in 0..2 {
            let response = app.post_form(REVOKE, &format!("token={token}&token_type_hint=access_token"), Some(&owner.basic())).await;
            assert_eq!(response.status().as_u16(), 200);
            assert_eq!(response.text().await.expect("body"), "");
        }
        assert_eq!(introspect(&app, &owner, &token).await["active"], false);
        let api = app.get_with_token(STATUS, &token).await;
        assert_eq!(api.status().as_u16(), 401);
        assert!(api.headers()["www-authenticate"].to_str().expect("ascii").contains("error=\"invalid_token\""));
        assert_eq!(app.post_form(REVOKE, "token=garbage", Some(&owner.basic())).await.status().as_u16(), 200);
    }

    /// Revoking or suspending a client ends all its tokens.
    async fn revoking_a_client_ends_its_tokens(app: TestApp) {
        let client = app.create_client(None).await;
        let token = app.token(&client, None).await;
        assert_eq!(app.get_with_token(STATUS, &token).await.status().as_u16(), 404, "the token works before");
        app.sandbox.clients.revoke(&client.id).await.expect("revoke");
        assert_eq!(app.get_with_token(STATUS, &token).await.status().as_u16(), 401);
    }
}
