//! Claim attachments submitted to the sandbox APIs.

use super::{Database, StoreError};

/// An attachment as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AttachmentRow {
    /// The attachment id.
    pub id: String,
    /// The client that submitted it (the only one that may see it).
    pub client_id: String,
    /// The claim it supports.
    pub claim_reference: String,
    /// The kind of document.
    pub attachment_type: String,
    /// The file name as submitted.
    pub file_name: String,
    /// The declared media type.
    pub content_type: String,
    /// Decoded size.
    pub size_bytes: i64,
    /// SHA-256 of the document, hex.
    pub sha256: String,
    /// The document.
    pub document: Vec<u8>,
    /// Where processing ends: `accepted` or `rejected` (decided from the content at receipt).
    pub outcome: String,
    /// Why it is rejected, if it is.
    pub outcome_reason: Option<String>,
    /// When it was received.
    pub received_at: i64,
    /// The acting user (`sub` of the CIAM user token it was submitted with), if any.
    pub acting_user: Option<String>,
}

/// What a new attachment is made of.
pub struct NewAttachment<'a> {
    /// The attachment id.
    pub id: &'a str,
    /// The submitting client.
    pub client_id: &'a str,
    /// The claim.
    pub claim_reference: &'a str,
    /// The kind of document.
    pub attachment_type: &'a str,
    /// The file name.
    pub file_name: &'a str,
    /// The media type.
    pub content_type: &'a str,
    /// SHA-256, hex.
    pub sha256: &'a str,
    /// The document.
    pub document: &'a [u8],
    /// `accepted` or `rejected`.
    pub outcome: &'a str,
    /// Why it will be rejected.
    pub outcome_reason: Option<&'a str>,
    /// Now.
    pub received_at: i64,
    /// The acting user of the token, if it carries one.
    pub acting_user: Option<&'a str>,
}

impl Database {
    /// Stores a new attachment.
    pub async fn insert_attachment(&self, new: &NewAttachment<'_>) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO attachments (id, client_id, claim_reference, attachment_type, file_name, \
             content_type, size_bytes, sha256, document, outcome, outcome_reason, received_at, acting_user) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(new.id)
        .bind(new.client_id)
        .bind(new.claim_reference)
        .bind(new.attachment_type)
        .bind(new.file_name)
        .bind(new.content_type)
        .bind(new.document.len() as i64)
        .bind(new.sha256)
        .bind(new.document)
        .bind(new.outcome)
        .bind(new.outcome_reason)
        .bind(new.received_at)
        .bind(new.acting_user)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// An attachment of `client_id` (another client's is `None`, like a missing one).
    /// Without the document unless `with_document`.
    pub async fn attachment(
        &self,
        client_id: &str,
        id: &str,
        with_document: bool,
    ) -> Result<Option<AttachmentRow>, StoreError> {
        let document = match (with_document, self.backend) {
            (true, _) => "document",
            (false, super::Backend::Sqlite) => "X'' AS document",
            (false, super::Backend::Postgres) => "''::bytea AS document",
        };
        Ok(sqlx::query_as(&format!(
            "SELECT id, client_id, claim_reference, attachment_type, file_name, content_type, size_bytes, \
             sha256, {document}, outcome, outcome_reason, received_at, acting_user \
             FROM attachments WHERE id = $1 AND client_id = $2"
        ))
        .bind(id)
        .bind(client_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The bytes of documents `client_id` has stored.
    pub async fn attachment_bytes(&self, client_id: &str) -> Result<u64, StoreError> {
        let (total,): (Option<i64>,) =
            sqlx::query_as("SELECT CAST(SUM(size_bytes) AS BIGINT) FROM attachments WHERE client_id = $1")
                .bind(client_id)
                .fetch_one(&self.pool)
                .await?;
        Ok(u64::try_from(total.unwrap_or(0)).unwrap_or(0))
    }

    /// Deletes the attachments received before `cutoff`; returns how many went.
    pub async fn delete_attachments_received_before(&self, cutoff: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM attachments WHERE received_at < $1")
            .bind(cutoff)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }
}
