//! Interoperability: the Rust `oauth2` crate's client-credentials flow, with Basic and with
//! body authentication, obtains tokens the sandbox APIs accept.

use crate::helpers::spawn_app;
use oauth2::basic::BasicClient;
use oauth2::{AuthType, ClientId, ClientSecret, Scope, TokenResponse, TokenUrl};

#[tokio::test]
async fn the_oauth2_crate_gets_tokens_with_basic_and_body_authentication() {
    let app = spawn_app().await;
    let client = app.create_client(None).await;
    let http = oauth2::reqwest::ClientBuilder::new()
        .redirect(oauth2::reqwest::redirect::Policy::none())
        .build()
        .expect("http client");
    for auth_type in [AuthType::BasicAuth, AuthType::RequestBody] {
        let oauth = BasicClient::new(ClientId::new(client.id.clone()))
            .set_client_secret(ClientSecret::new(client.secret.clone()))
            .set_auth_type(auth_type.clone())
            .set_token_uri(TokenUrl::new(app.url("/apip/auth/v2/token")).expect("url"));
        let token = oauth
            .exchange_client_credentials()
            .add_scope(Scope::new("claims.attachments.read".into()))
            .request_async(&http)
            .await
            .unwrap_or_else(|error| panic!("{auth_type:?}: {error:?}"));
        assert_eq!(token.expires_in(), Some(std::time::Duration::from_secs(3600)));
        let scopes: Vec<String> = token
            .scopes()
            .expect("scopes")
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(scopes, ["claims.attachments.read"]);
        let api = app
            .get_with_token(
                "/claims/attachments/v1/status/att_none",
                token.access_token().secret(),
            )
            .await;
        assert_eq!(
            api.status().as_u16(),
            404,
            "{auth_type:?}: the token is accepted (and nothing is there)"
        );
    }
}

#[tokio::test]
async fn the_oauth2_crate_reports_invalid_client_as_a_standard_error() {
    let app = spawn_app().await;
    let http = oauth2::reqwest::Client::new();
    let oauth = BasicClient::new(ClientId::new("mnc_unknown".into()))
        .set_client_secret(ClientSecret::new("mns_wrong".into()))
        .set_token_uri(TokenUrl::new(app.url("/apip/auth/v2/token")).expect("url"));
    let error = oauth
        .exchange_client_credentials()
        .request_async(&http)
        .await
        .expect_err("refused");
    match error {
        oauth2::RequestTokenError::ServerResponse(response) => {
            assert_eq!(
                response.error(),
                &oauth2::basic::BasicErrorResponseType::InvalidClient
            );
        }
        other => panic!("expected a standard error response, got {other:?}"),
    }
}
