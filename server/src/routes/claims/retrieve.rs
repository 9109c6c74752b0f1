//! `GET /claims/attachments/v1/{id}`: an attachment's metadata and document.

use super::bearer::Bearer;
use super::error::ApiError;
use super::schema::{ApiErrorBody, Attachment};
use crate::claims::attachments;
use crate::clock::rfc3339;
use crate::oauth::scopes;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// Returns an attachment with its document.
#[utoipa::path(
    get,
    path = "/claims/attachments/v1/{id}",
    tag = "Claims Attachments V1",
    summary = "Retrieve an attachment",
    description = "Needs the claims.attachments.read scope.",
    params(("id" = String, Path, description = "The attachment id from the submission", example = "att_5qL0dU2rHcA3Bn1xFm7wTg")),
    responses(
        (status = 200, description = "The attachment.", body = Attachment),
        (status = 401, description = "Missing, invalid, expired or revoked token.", body = ApiErrorBody,
            example = json!({"error": "invalid_token", "error_description": "The access token is not valid."})),
        (status = 403, description = "The token lacks claims.attachments.read.", body = ApiErrorBody,
            example = json!({"error": "insufficient_scope", "error_description": "This operation needs the claims.attachments.read scope: request a token that includes it."})),
        (status = 404, description = "No such attachment for this client (or it was deleted after the retention period).", body = ApiErrorBody,
            example = json!({"error": "not_found", "error_description": "There is no attachment with that id for this client."})),
        (status = 429, description = "Too many calls from this client; see Retry-After.", body = ApiErrorBody,
            example = json!({"error": "rate_limited", "error_description": "Too many calls from this client. Retry after 30 seconds."}))
    ),
    security(("oauth2" = ["claims.attachments.read"]))
)]
pub async fn retrieve_attachment(
    State(state): State<AppState>,
    bearer: Bearer,
    Path(id): Path<String>,
) -> Result<Json<Attachment>, ApiError> {
    let claims = bearer.require(scopes::READ)?;
    let row = state
        .sandbox
        .db
        .attachment(&claims.client_id, &id, true)
        .await?
        .ok_or(ApiError::NotFound)?;
    let at = attachments::status_at(row.received_at, &row.outcome, state.sandbox.clock.now());
    Ok(Json(Attachment {
        attachment_id: row.id,
        claim_reference: row.claim_reference,
        attachment_type: row.attachment_type,
        file_name: row.file_name,
        content_type: row.content_type,
        size_bytes: row.size_bytes,
        sha256: row.sha256,
        status: at.status,
        received_at: rfc3339(row.received_at),
        updated_at: rfc3339(at.updated_at),
        document: STANDARD.encode(&row.document),
        submitted_by: row.acting_user,
    }))
}
