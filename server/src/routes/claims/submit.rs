//! `POST /claims/attachments/v1/submissions`: validate, decide the outcome, store, 201.

use super::bearer::Bearer;
use super::error::ApiError;
use super::schema::{ApiErrorBody, EXAMPLE_DOCUMENT, ReceiptLinks, SubmissionReceipt, SubmissionRequest};
use crate::claims::attachments::{self, MAX_DOCUMENT_BYTES, SubmissionError};
use crate::clock::rfc3339;
use crate::crypto::random;
use crate::db::NewAttachment;
use crate::oauth::scopes;
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, HeaderValue, StatusCode, header};
use sha2::{Digest, Sha256};

/// Accepts a claim attachment.
#[utoipa::path(
    post,
    path = "/claims/attachments/v1/submissions",
    tag = "Claims Attachments V1",
    summary = "Submit an attachment",
    description = "Needs the claims.attachments.write scope. Use test data only: never real PHI or PII. \
                   Sandbox attachments are deleted after the retention period (7 days by default), and each \
                   client may store a limited amount of documents (50 MiB by default).",
    request_body(content(
        (SubmissionRequest = "application/json", example = json!({
            "claimReference": "TEST-CLAIM-0001",
            "attachmentType": "medical-records",
            "fileName": "test-report.pdf",
            "contentType": "application/pdf",
            "document": EXAMPLE_DOCUMENT
        }))
    )),
    responses(
        (status = 201, description = "Received. Location points at the attachment.", body = SubmissionReceipt,
            headers(("Location" = String, description = "The attachment's URL")),
            example = json!({"attachmentId": "att_5qL0dU2rHcA3Bn1xFm7wTg", "status": "received", "receivedAt": "2026-11-29T10:15:00Z",
                "links": {"status": "/claims/attachments/v1/status/att_5qL0dU2rHcA3Bn1xFm7wTg", "self": "/claims/attachments/v1/att_5qL0dU2rHcA3Bn1xFm7wTg"}})),
        (status = 400, description = "Validation failed; every problem is listed.", body = ApiErrorBody,
            example = json!({"error": "invalid_request", "error_description": "The submission has 1 problem.",
                "problems": [{"field": "contentType", "message": "Must be one of application/pdf, image/tiff, image/jpeg, image/png."}]})),
        (status = 401, description = "Missing, invalid, expired or revoked token.", body = ApiErrorBody,
            example = json!({"error": "invalid_token", "error_description": "The access token has expired."})),
        (status = 403, description = "The token lacks claims.attachments.write.", body = ApiErrorBody,
            example = json!({"error": "insufficient_scope", "error_description": "This operation needs the claims.attachments.write scope: request a token that includes it."})),
        (status = 413, description = "The document is over 5 MiB (payload_too_large), or the client's sandbox storage quota is used up (quota_exceeded).", body = ApiErrorBody,
            example = json!({"error": "payload_too_large", "error_description": "The document is 6291456 bytes; the limit is 5242880 bytes (5 MiB)."})),
        (status = 415, description = "Not application/json.", body = ApiErrorBody,
            example = json!({"error": "invalid_request", "error_description": "Send the submission as Content-Type: application/json."})),
        (status = 429, description = "Too many calls from this client; see Retry-After.", body = ApiErrorBody,
            example = json!({"error": "rate_limited", "error_description": "Too many calls from this client. Retry after 30 seconds."}))
    ),
    security(("oauth2" = ["claims.attachments.write"]))
)]
pub async fn submit_attachment(
    State(state): State<AppState>,
    bearer: Bearer,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let claims = bearer.require(scopes::WRITE)?;
    let body = body.map_err(|_| {
        ApiError::TooLarge(format!(
            "The request body is over {} bytes; the document may be at most {MAX_DOCUMENT_BYTES} bytes (5 MiB) decoded.",
            super::SUBMISSION_BODY_LIMIT
        ))
    })?;
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .split(';')
                .next()
                .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
        });
    if !is_json {
        return Err(ApiError::UnsupportedMediaType);
    }
    let object: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(&body).map_err(|_| {
        ApiError::BadJson("The body must be a JSON object with the submission's fields.".into())
    })?;
    let submission = attachments::validate(&object).map_err(|error| match error {
        SubmissionError::Invalid(problems) => ApiError::Invalid(problems),
        SubmissionError::TooLarge(size) => ApiError::TooLarge(format!(
            "The document is {size} bytes; the limit is {MAX_DOCUMENT_BYTES} bytes (5 MiB)."
        )),
    })?;

    let stored = state.sandbox.db.attachment_bytes(&claims.client_id).await?;
    let quota = state.claims.quota_bytes;
    if stored + submission.document.len() as u64 > quota {
        return Err(ApiError::QuotaExceeded(format!(
            "This client's sandbox storage is full: it holds {stored} bytes of documents and may hold {quota}. \
             Attachments are deleted {} days after they were received; use another app, or wait.",
            state.claims.retention.as_secs() / 86_400
        )));
    }

    let id = random::token::<16>("att_");
    let received_at = state.sandbox.clock.now();
    let (outcome, reason) = attachments::outcome(&submission.content_type, &submission.document);
    let sha256 = hex::encode(Sha256::digest(&submission.document));
    state
        .sandbox
        .db
        .insert_attachment(&NewAttachment {
            id: &id,
            client_id: &claims.client_id,
            claim_reference: &submission.claim_reference,
            attachment_type: &submission.attachment_type,
            file_name: &submission.file_name,
            content_type: &submission.content_type,
            sha256: &sha256,
            document: &submission.document,
            outcome,
            outcome_reason: reason.as_deref(),
            received_at,
            acting_user: claims.user.as_deref(),
        })
        .await?;
    tracing::info!(client.id = %claims.client_id, attachment.id = %id, size = submission.document.len(), "attachment received");

    let location = format!("/claims/attachments/v1/{id}");
    let receipt = SubmissionReceipt {
        status: "received",
        received_at: rfc3339(received_at),
        links: ReceiptLinks {
            status: format!("/claims/attachments/v1/status/{id}"),
            this: location.clone(),
        },
        attachment_id: id,
    };
    let mut response = (StatusCode::CREATED, Json(receipt)).into_response();
    if let Ok(location) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}
