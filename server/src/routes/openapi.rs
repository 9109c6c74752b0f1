//! `GET /openapi.json`: the OpenAPI 3.1 document of the sandbox (token endpoints and Claims
//! Attachment V1), generated from the handlers themselves, so it lists exactly the routes served.

use super::{claims, oauth};
use crate::state::AppState;
use axum::Router;
use axum::response::IntoResponse;
use axum::routing::get;
use http::{HeaderValue, header};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
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
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "An access token from /apip/auth/v2/token or /apip/auth/v1/token.",
                    ))
                    .build(),
            ),
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
    let value: serde_json::Value = serde_json::from_str(&body).expect("the document is JSON");
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
