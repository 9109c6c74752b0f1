//! The Claims Attachment V1 sandbox APIs: submit an attachment, follow its status, retrieve
//! it. Bearer-protected (RFC 6750); a client only ever sees its own submissions.

mod bearer;
pub mod error;
mod retrieve;
pub mod schema;
mod status;
mod submit;

use crate::state::AppState;
use axum::extract::DefaultBodyLimit;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The largest submission body read: a 5 MiB document in base64 plus its fields.
pub const SUBMISSION_BODY_LIMIT: usize = 7 * 1024 * 1024 + 64 * 1024;

/// The Claims Attachment routes, documented for `/openapi.json`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(submit::submit_attachment))
        .routes(routes!(status::attachment_status))
        .routes(routes!(retrieve::retrieve_attachment))
        .layer(DefaultBodyLimit::max(SUBMISSION_BODY_LIMIT))
}
