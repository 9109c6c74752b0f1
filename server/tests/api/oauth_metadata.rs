//! RFC 8414 metadata and the JWK Set.

use crate::helpers::{TestOptions, spawn_app, spawn_app_with};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

#[tokio::test]
async fn the_metadata_describes_the_client_credentials_server() {
    let app = spawn_app().await;
    let metadata: Value = app
        .get("/.well-known/oauth-authorization-server")
        .await
        .json()
        .await
        .expect("json");
    let issuer = app.address.clone();
    assert_eq!(
        metadata["issuer"],
        issuer.as_str(),
        "derived from the bound address"
    );
    assert_eq!(metadata["token_endpoint"], format!("{issuer}/apip/auth/v2/token"));
    assert_eq!(
        metadata["introspection_endpoint"],
        format!("{issuer}/apip/auth/v2/introspect")
    );
    assert_eq!(
        metadata["revocation_endpoint"],
        format!("{issuer}/apip/auth/v2/revoke")
    );
    assert_eq!(
        metadata["grant_types_supported"],
        serde_json::json!(["client_credentials"])
    );
    for key in [
        "token_endpoint_auth_methods_supported",
        "introspection_endpoint_auth_methods_supported",
        "revocation_endpoint_auth_methods_supported",
    ] {
        assert_eq!(
            metadata[key],
            serde_json::json!(["client_secret_basic", "client_secret_post"]),
            "{key}"
        );
    }
    assert_eq!(
        metadata["scopes_supported"],
        serde_json::json!(["claims.attachments.read", "claims.attachments.write"])
    );
    assert!(metadata["response_types_supported"].is_array());
}

#[tokio::test]
async fn the_issuer_is_the_configured_public_url() {
    let app = spawn_app_with(TestOptions {
        public_url: Some("https://portal.example.com".into()),
        ..Default::default()
    })
    .await;
    let metadata: Value = app
        .get("/.well-known/oauth-authorization-server")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(metadata["issuer"], "https://portal.example.com");
    assert_eq!(
        metadata["token_endpoint"],
        "https://portal.example.com/apip/auth/v2/token"
    );
}

#[tokio::test]
async fn tokens_verify_against_the_published_key() {
    let app = spawn_app().await;
    let client = app.create_client(None).await;
    let token = app.token(&client, None).await;
    let jwks: Value = app
        .get("/.well-known/jwks.json")
        .await
        .json()
        .await
        .expect("json");
    let key = &jwks["keys"][0];
    assert_eq!(key["kty"], "OKP");
    let header = jsonwebtoken::decode_header(&token).expect("a JWT header");
    assert_eq!(header.kid.as_deref(), key["kid"].as_str());
    assert_eq!(header.alg, jsonwebtoken::Algorithm::EdDSA);
    let decoding = jsonwebtoken::DecodingKey::from_ed_components(key["x"].as_str().expect("x")).expect("key");
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::EdDSA);
    validation.validate_exp = false;
    validation.set_audience(&["claims-attachments-v1"]);
    let data = jsonwebtoken::decode::<Value>(&token, &decoding, &validation).expect("signature verifies");
    assert_eq!(data.claims["client_id"], client.id.as_str());
    assert_eq!(
        URL_SAFE_NO_PAD
            .decode(key["x"].as_str().expect("x"))
            .expect("base64url")
            .len(),
        32
    );
}
