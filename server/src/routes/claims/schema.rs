//! The wire shapes of the Claims Attachment V1 APIs, for `/openapi.json` and the handlers.

use serde::Serialize;
use utoipa::ToSchema;

/// A tiny, valid PDF in base64: the examples' document, accepted by the sandbox.
pub const EXAMPLE_DOCUMENT: &str = "JVBERi0xLjQKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyA+PgplbmRvYmoKdHJhaWxlcgo8PCAvUm9vdCAxIDAgUiA+PgolJUVPRgo=";

/// A submission (`POST /claims/attachments/v1/submissions`).
#[derive(ToSchema)]
#[schema(rename_all = "camelCase")]
#[allow(dead_code, reason = "documents the fields the validator reads by name")]
pub struct SubmissionRequest {
    /// The claim the document supports: up to 64 letters, digits, `-`, `_` or `.`.
    #[schema(
        example = "TEST-CLAIM-0001",
        max_length = 64,
        pattern = "^[A-Za-z0-9._-]{1,64}$"
    )]
    claim_reference: String,
    /// The kind of document.
    #[schema(example = "medical-records")]
    attachment_type: AttachmentType,
    /// The file name; its extension must fit `contentType`.
    #[schema(example = "test-report.pdf", max_length = 255)]
    file_name: String,
    /// The document's media type.
    #[schema(example = "application/pdf")]
    content_type: ContentType,
    /// The file's bytes in standard base64 (padding optional), at most 5 MiB decoded.
    #[schema(example = "JVBERi0xLjQKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyA+PgplbmRvYmoKdHJhaWxlcgo8PCAvUm9vdCAxIDAgUiA+PgolJUVPRgo=", format = Byte)]
    document: String,
}

/// The attachment types the sandbox accepts.
#[derive(ToSchema)]
#[schema(rename_all = "kebab-case")]
#[allow(dead_code, reason = "documents the accepted values")]
pub enum AttachmentType {
    /// Clinical notes, reports.
    MedicalRecords,
    /// An itemised bill.
    ItemizedBill,
    /// An explanation of benefits.
    ExplanationOfBenefits,
    /// A referral.
    Referral,
    /// A prior authorisation.
    PriorAuthorization,
    /// Anything else.
    Other,
}

/// The document media types the sandbox accepts.
#[derive(ToSchema)]
#[allow(dead_code, reason = "documents the accepted values")]
pub enum ContentType {
    /// PDF.
    #[schema(rename = "application/pdf")]
    Pdf,
    /// TIFF.
    #[schema(rename = "image/tiff")]
    Tiff,
    /// JPEG.
    #[schema(rename = "image/jpeg")]
    Jpeg,
    /// PNG.
    #[schema(rename = "image/png")]
    Png,
}

/// The answer to a submission.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SubmissionReceipt {
    /// The new attachment's id.
    #[schema(example = "att_5qL0dU2rHcA3Bn1xFm7wTg")]
    pub attachment_id: String,
    /// Always `received` at first.
    #[schema(example = "received")]
    pub status: &'static str,
    /// When it was received (RFC 3339).
    #[schema(example = "2026-11-29T10:15:00Z")]
    pub received_at: String,
    /// Where to follow it.
    pub links: ReceiptLinks,
}

/// Links from a receipt.
#[derive(Serialize, ToSchema)]
pub struct ReceiptLinks {
    /// The status endpoint.
    #[schema(example = "/claims/attachments/v1/status/att_5qL0dU2rHcA3Bn1xFm7wTg")]
    pub status: String,
    /// The retrieval endpoint.
    #[serde(rename = "self")]
    #[schema(example = "/claims/attachments/v1/att_5qL0dU2rHcA3Bn1xFm7wTg")]
    pub this: String,
}

/// An attachment's processing status.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentStatus {
    /// The attachment.
    #[schema(example = "att_5qL0dU2rHcA3Bn1xFm7wTg")]
    pub attachment_id: String,
    /// `received`, `processing`, `accepted` or `rejected`.
    #[schema(example = "processing")]
    pub status: &'static str,
    /// When it was received.
    #[schema(example = "2026-11-29T10:15:00Z")]
    pub received_at: String,
    /// When it entered its current status.
    #[schema(example = "2026-11-29T10:15:02Z")]
    pub updated_at: String,
    /// Why it was rejected (only when `rejected`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The user who submitted it: the `sub` of the user-context (CIAM) token it was submitted
    /// with. Absent for submissions made with a platform (client credentials) token.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "developer-7f3a")]
    pub submitted_by: Option<String>,
    /// Every status so far, oldest first.
    pub history: Vec<StatusChange>,
}

/// One step of an attachment's history.
#[derive(Serialize, ToSchema)]
pub struct StatusChange {
    /// The status entered.
    #[schema(example = "received")]
    pub status: &'static str,
    /// When (RFC 3339).
    #[schema(example = "2026-11-29T10:15:00Z")]
    pub at: String,
}

/// An attachment with its document.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    /// The attachment.
    #[schema(example = "att_5qL0dU2rHcA3Bn1xFm7wTg")]
    pub attachment_id: String,
    /// The claim it supports.
    #[schema(example = "TEST-CLAIM-0001")]
    pub claim_reference: String,
    /// The kind of document.
    #[schema(example = "medical-records")]
    pub attachment_type: String,
    /// The file name.
    #[schema(example = "test-report.pdf")]
    pub file_name: String,
    /// The media type.
    #[schema(example = "application/pdf")]
    pub content_type: String,
    /// The decoded size in bytes.
    #[schema(example = 77)]
    pub size_bytes: i64,
    /// SHA-256 of the document (hex).
    #[schema(example = "4d3c9a0e5b1f2e7d8c6b5a4938271605f4e3d2c1b0a9988776655443322110ff")]
    pub sha256: String,
    /// The current status.
    #[schema(example = "accepted")]
    pub status: &'static str,
    /// When it was received.
    #[schema(example = "2026-11-29T10:15:00Z")]
    pub received_at: String,
    /// When it entered its current status.
    #[schema(example = "2026-11-29T10:15:06Z")]
    pub updated_at: String,
    /// The document, base64.
    #[schema(example = "JVBERi0xLjQKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyA+PgplbmRvYmoKdHJhaWxlcgo8PCAvUm9vdCAxIDAgUiA+PgolJUVPRgo=", format = Byte)]
    pub document: String,
    /// The user who submitted it: the `sub` of the user-context (CIAM) token it was submitted
    /// with. Absent for submissions made with a platform (client credentials) token.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "developer-7f3a")]
    pub submitted_by: Option<String>,
}

/// An error answer.
#[derive(Serialize, ToSchema)]
#[allow(dead_code, reason = "built by ApiError; listed here for the document")]
pub struct ApiErrorBody {
    /// `invalid_request`, `invalid_token`, `insufficient_scope`, `not_found`, `payload_too_large`…
    #[schema(example = "invalid_request")]
    error: String,
    /// What went wrong, in words.
    #[schema(example = "The submission has 1 problem.")]
    error_description: String,
    /// For validation errors: each problem and its field.
    problems: Option<Vec<crate::claims::attachments::Problem>>,
}
