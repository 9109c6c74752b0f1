//! `GET /apis/{api}/openapi.json`: an API's document as the catalogue resolved it (external
//! references brought inside), for tools and Postman; and `GET /apis/{api}/postman-collection.json`:
//! a Postman collection generated from it (`crate::catalogue::postman`).

use crate::state::AppState;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::{HeaderValue, StatusCode, header};

/// The catalogue's document routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/apis/{api}/openapi.json", get(document))
        .route("/apis/{api}/postman-collection.json", get(postman_collection))
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))],
        r#"{"error":"not_found","error_description":"There is no API with this name in the catalogue, or its document could not be read."}"#,
    )
        .into_response()
}

async fn postman_collection(State(state): State<AppState>, Path(api): Path<String>) -> Response {
    let Some((entry, collection)) = state.catalogue.api(&api).and_then(|entry| {
        crate::catalogue::postman::collection(entry, &state.public_url).map(|collection| (entry, collection))
    }) else {
        return not_found();
    };
    let disposition = format!("attachment; filename=\"{}.postman_collection.json\"", entry.slug);
    let Ok(disposition) = HeaderValue::from_str(&disposition) else {
        return not_found();
    };
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
            (header::CONTENT_DISPOSITION, disposition),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            ),
        ],
        serde_json::to_string_pretty(&collection).unwrap_or_default(),
    )
        .into_response()
}

async fn document(State(state): State<AppState>, Path(api): Path<String>) -> Response {
    let Some(document) = state
        .catalogue
        .api(&api)
        .and_then(|entry| entry.document.as_ref())
    else {
        return not_found();
    };
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            ),
        ],
        document.json.to_string(),
    )
        .into_response()
}
