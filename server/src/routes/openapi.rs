//! `GET /openapi.json`: the OpenAPI 3.1 document of the sandbox (token endpoints and Claims
//! Attachment V1), generated from the handlers themselves, so it lists exactly the routes served.

use super::{claims, oauth};
use crate::oauth::scopes;
use crate::state::AppState;
use axum::Router;
use axum::response::IntoResponse;
use axum::routing::get;
use http::{HeaderValue, header};
use utoipa::openapi::security::{
    ClientCredentials, Flow, HttpAuthScheme, HttpBuilder, OAuth2, Scopes, SecurityScheme,
};
use utoipa::openapi::server::Server;
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "API Marketplace sandbox",
        version = "1.0.0",
        description = "The sandbox embedded in the developer portal: an OAuth 2.0 client credentials \
                       authorization server (v2 and legacy v1 token APIs) and the Claims Attachment V1 APIs. \
                       Use test data only: never real PHI or PII."
    ),
    modifiers(&SecuritySchemes),
    tags(
        (name = "Authorization", description = "Tokens: request, introspect, revoke."),
        (name = "Claims Attachments V1", description = "Submit, follow and retrieve claim attachments.")
    )
)]
struct SandboxApi;

struct SecuritySchemes;

/// The security scheme the Claims operations require (their `security(("oauth2" = …))`).
pub const OAUTH2_SCHEME: &str = "oauth2";
/// The v2 token endpoint, made absolute with the public URL once it is known.
const TOKEN_PATH: &str = "/apip/auth/v2/token";

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "client_secret_basic",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Basic).description(Some(
                "The client id and secret, each form-urlencoded, joined by a colon (RFC 6749 section 2.3.1).",
            )).build()),
        );
        components.add_security_scheme(
            OAUTH2_SCHEME,
            SecurityScheme::OAuth2(OAuth2::with_description(
                [Flow::ClientCredentials(ClientCredentials::new(
                    TOKEN_PATH,
                    Scopes::from_iter([
                        (scopes::READ, "Read attachments and their status."),
                        (scopes::WRITE, "Submit attachments."),
                    ]),
                ))],
                "OAuth 2.0 client credentials: a token from /apip/auth/v2/token (or the legacy \
                 /apip/auth/v1/token), sent as `Authorization: Bearer <token>`.",
            )),
        );
    }
}

/// The sandbox routes plus `/openapi.json` describing them, with `public_url` as the server;
/// and the document itself (the console builds its forms from it).
pub fn router(public_url: &str) -> (Router<AppState>, serde_json::Value) {
    let (router, mut document) = OpenApiRouter::with_openapi(SandboxApi::openapi())
        .merge(oauth::router())
        .merge(claims::router())
        .split_for_parts();
    document.servers = Some(vec![Server::new(public_url)]);
    let body = document.to_json().expect("the OpenAPI document serialises");
    let mut value: serde_json::Value = serde_json::from_str(&body).expect("the document is JSON");
    value["components"]["securitySchemes"][OAUTH2_SCHEME]["flows"]["clientCredentials"]["tokenUrl"] =
        serde_json::Value::String(format!("{public_url}{TOKEN_PATH}"));
    let body = value.to_string();
    let router = router.route(
        "/openapi.json",
        get(move || {
            let body = body.clone();
            async move {
                (
                    [
                        (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
                        (
                            header::CACHE_CONTROL,
                            HeaderValue::from_static("public, max-age=300"),
                        ),
                    ],
                    body,
                )
                    .into_response()
            }
        }),
    );
    (router, value)
}
