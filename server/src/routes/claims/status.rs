//! `GET /claims/attachments/v1/status/{id}`: where an attachment is in processing.

use super::bearer::Bearer;
use super::error::ApiError;
use super::schema::{ApiErrorBody, AttachmentStatus, StatusChange};
use crate::claims::attachments;
use crate::clock::rfc3339;
use crate::oauth::scopes;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};

/// Reports an attachment's status.
#[utoipa::path(
    get,
    path = "/claims/attachments/v1/status/{id}",
    tag = "Claims Attachments V1",
    summary = "Check an attachment's status",
    description = "Needs the claims.attachments.read scope. Statuses move received, processing, then accepted or rejected.",
    params(("id" = String, Path, description = "The attachment id from the submission", example = "att_5qL0dU2rHcA3Bn1xFm7wTg")),
    responses(
        (status = 200, description = "The status.", body = AttachmentStatus,
            example = json!({"attachmentId": "att_5qL0dU2rHcA3Bn1xFm7wTg", "status": "processing", "receivedAt": "2026-11-29T10:15:00Z",
                "updatedAt": "2026-11-29T10:15:02Z", "history": [{"status": "received", "at": "2026-11-29T10:15:00Z"}, {"status": "processing", "at": "2026-11-29T10:15:02Z"}]})),
        (status = 401, description = "Missing, invalid, expired or revoked token.", body = ApiErrorBody,
            example = json!({"error": "invalid_token", "error_description": "The access token has been revoked."})),
        (status = 403, description = "The token lacks claims.attachments.read.", body = ApiErrorBody,
            example = json!({"error": "insufficient_scope", "error_description": "This operation needs the claims.attachments.read scope: request a token that includes it."})),
        (status = 404, description = "No such attachment for this client (or it was deleted after the retention period).", body = ApiErrorBody,
            example = json!({"error": "not_found", "error_description": "There is no attachment with that id for this client."})),
        (status = 429, description = "Too many calls from this client; see Retry-After.", body = ApiErrorBody,
            example = json!({"error": "rate_limited", "error_description": "Too many calls from this client. Retry after 30 seconds."}))
    ),
    security(("oauth2" = ["claims.attachments.read"]))
)]
pub async fn attachment_status(
    State(state): State<AppState>,
    bearer: Bearer,
    Path(id): Path<String>,
) -> Result<Json<AttachmentStatus>, ApiError> {
    let claims = bearer.require(scopes::READ)?;
    let row = state
        .sandbox
        .db
        .attachment(&claims.client_id, &id, false)
        .await?
        .ok_or(ApiError::NotFound)?;
    let now = state.sandbox.clock.now();
    let at = attachments::status_at(row.received_at, &row.outcome, now);
    Ok(Json(AttachmentStatus {
        attachment_id: row.id,
        status: at.status,
        received_at: rfc3339(row.received_at),
        updated_at: rfc3339(at.updated_at),
        reason: (at.status == "rejected").then_some(row.outcome_reason).flatten(),
        submitted_by: row.acting_user,
        history: at
            .history
            .into_iter()
            .map(|(status, at)| StatusChange {
                status,
                at: rfc3339(at),
            })
            .collect(),
    }))
}
