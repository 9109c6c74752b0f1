//! `GET /apis/{api}/openapi.json`: an API's document as the catalogue resolved it (external
//! references brought inside), for tools and Postman.

use crate::state::AppState;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::{HeaderValue, StatusCode, header};

/// The catalogue's document routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/apis/{api}/openapi.json", get(document))
}

async fn document(State(state): State<AppState>, Path(api): Path<String>) -> Response {
    let Some(document) = state
        .catalogue
        .api(&api)
        .and_then(|entry| entry.document.as_ref())
    else {
        return (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))],
            r#"{"error":"not_found","error_description":"There is no API with this name in the catalogue, or its document could not be read."}"#,
        )
            .into_response();
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
