//! Claims Attachment V1: field-by-field validation of a submission, the outcome it will reach
//! (decided from its content when it arrives), and the status it shows as time passes.

use serde_json::{Map, Value};

/// The largest decoded document accepted: 5 MiB.
pub const MAX_DOCUMENT_BYTES: usize = 5 * 1024 * 1024;

/// What the sandbox keeps of attachments: at most `quota_bytes` of documents per client, each
/// for `retention` after it was received (the housekeeping task deletes older ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClaimsStorage {
    /// `PORTAL_CLAIMS_QUOTA`.
    pub quota_bytes: u64,
    /// `PORTAL_CLAIMS_RETENTION`.
    pub retention: std::time::Duration,
}
/// The attachment types the sandbox accepts.
pub const ATTACHMENT_TYPES: [&str; 6] = [
    "medical-records",
    "itemized-bill",
    "explanation-of-benefits",
    "referral",
    "prior-authorization",
    "other",
];
/// The document media types the sandbox accepts, with the file extensions that fit each.
pub const CONTENT_TYPES: [(&str, &[&str]); 4] = [
    ("application/pdf", &["pdf"]),
    ("image/tiff", &["tif", "tiff"]),
    ("image/jpeg", &["jpg", "jpeg"]),
    ("image/png", &["png"]),
];
/// Seconds after receipt that processing starts.
pub const PROCESSING_AFTER_SECS: i64 = 2;
/// Seconds after receipt that processing ends.
pub const DECIDED_AFTER_SECS: i64 = 6;
const MAX_CLAIM_REFERENCE_CHARS: usize = 64;
const MAX_FILE_NAME_CHARS: usize = 255;
const FIELDS: [&str; 5] = [
    "claimReference",
    "attachmentType",
    "fileName",
    "contentType",
    "document",
];

/// One thing wrong with a submission.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// The JSON field concerned.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

fn problem(field: &str, message: impl Into<String>) -> Problem {
    Problem {
        field: field.to_owned(),
        message: message.into(),
    }
}

/// A submission that passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidSubmission {
    /// The claim it supports.
    pub claim_reference: String,
    /// One of [`ATTACHMENT_TYPES`].
    pub attachment_type: String,
    /// The file name.
    pub file_name: String,
    /// One of [`CONTENT_TYPES`].
    pub content_type: String,
    /// The decoded document.
    pub document: Vec<u8>,
}

/// Why a submission was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubmissionError {
    /// One or more fields break the rules (400).
    Invalid(Vec<Problem>),
    /// The decoded document is larger than [`MAX_DOCUMENT_BYTES`] (413).
    TooLarge(usize),
}

/// Validates a submission's JSON object, reporting every problem at once.
pub fn validate(body: &Map<String, Value>) -> Result<ValidSubmission, SubmissionError> {
    let mut problems: Vec<Problem> = body
        .keys()
        .filter(|key| !FIELDS.contains(&key.as_str()))
        .map(|key| {
            problem(
                key,
                format!("Unknown field. The fields are {}.", FIELDS.join(", ")),
            )
        })
        .collect();
    let mut text = |field: &str| -> Option<String> {
        match body.get(field) {
            None | Some(Value::Null) => {
                problems.push(problem(field, "Is required."));
                None
            }
            Some(Value::String(value)) if value.trim().is_empty() => {
                problems.push(problem(field, "Must not be empty."));
                None
            }
            Some(Value::String(value)) => Some(value.clone()),
            Some(_) => {
                problems.push(problem(field, "Must be a string."));
                None
            }
        }
    };
    let claim_reference = text("claimReference");
    let attachment_type = text("attachmentType");
    let file_name = text("fileName");
    let content_type = text("contentType");
    let document = text("document");

    if let Some(reference) = &claim_reference
        && (reference.chars().count() > MAX_CLAIM_REFERENCE_CHARS
            || !reference
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)))
    {
        problems.push(problem(
            "claimReference",
            "Must be at most 64 characters: letters, digits, '-', '_' or '.'.",
        ));
    }
    if let Some(kind) = &attachment_type
        && !ATTACHMENT_TYPES.contains(&kind.as_str())
    {
        problems.push(problem(
            "attachmentType",
            format!("Must be one of {}.", ATTACHMENT_TYPES.join(", ")),
        ));
    }
    let known_content_type = content_type
        .as_deref()
        .and_then(|wanted| CONTENT_TYPES.iter().find(|(name, _)| *name == wanted));
    if content_type.is_some() && known_content_type.is_none() {
        let names: Vec<_> = CONTENT_TYPES.iter().map(|(name, _)| *name).collect();
        problems.push(problem(
            "contentType",
            format!("Must be one of {}.", names.join(", ")),
        ));
    }
    if let Some(name) = &file_name
        && let Some(message) = file_name_problem(name, known_content_type)
    {
        problems.push(problem("fileName", message));
    }
    let mut decoded = None;
    if let Some(encoded) = &document {
        match decode_document(encoded) {
            Ok(bytes) if bytes.len() > MAX_DOCUMENT_BYTES => {
                return Err(SubmissionError::TooLarge(bytes.len()));
            }
            Ok(bytes) => decoded = Some(bytes),
            Err(message) => problems.push(problem("document", message)),
        }
    }

    match (claim_reference, attachment_type, file_name, content_type, decoded) {
        (
            Some(claim_reference),
            Some(attachment_type),
            Some(file_name),
            Some(content_type),
            Some(document),
        ) if problems.is_empty() => Ok(ValidSubmission {
            claim_reference,
            attachment_type,
            file_name,
            content_type,
            document,
        }),
        _ => Err(SubmissionError::Invalid(problems)),
    }
}

fn file_name_problem(name: &str, content_type: Option<&(&str, &[&str])>) -> Option<String> {
    if name.chars().count() > MAX_FILE_NAME_CHARS {
        return Some("Must be at most 255 characters.".into());
    }
    if name.contains(['/', '\\']) || name.chars().any(char::is_control) || name == "." || name == ".." {
        return Some("Must be a plain file name, without folders or control characters.".into());
    }
    let (content_type, extensions) = content_type?;
    let extension = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    (!extensions.contains(&extension.as_str())).then(|| {
        format!(
            "Must end in .{} to match contentType {content_type}.",
            extensions.join(" or .")
        )
    })
}

fn decode_document(encoded: &str) -> Result<Vec<u8>, String> {
    use base64::Engine;
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    const STANDARD_EITHER_PADDING: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    if encoded.starts_with("data:") {
        return Err("Must be plain base64, without a data: URL prefix.".into());
    }
    // An upper bound on the decoded size, so a huge document is refused before decoding.
    if encoded.len() / 4 * 3 > MAX_DOCUMENT_BYTES + 3 {
        return Ok(vec![0; encoded.len() / 4 * 3]);
    }
    let bytes = STANDARD_EITHER_PADDING
        .decode(encoded.as_bytes())
        .map_err(|_| "Is not valid base64 (standard alphabet, padding optional).".to_owned())?;
    if bytes.is_empty() {
        return Err("Must not be empty.".into());
    }
    Ok(bytes)
}

/// Where processing of a document will end, decided from its content: it is rejected when
/// its bytes are not the declared type (checked by their signature), accepted otherwise.
pub fn outcome(content_type: &str, document: &[u8]) -> (&'static str, Option<String>) {
    let looks_right = match content_type {
        "application/pdf" => document.starts_with(b"%PDF-"),
        "image/png" => document.starts_with(b"\x89PNG\r\n\x1a\n"),
        "image/jpeg" => document.starts_with(b"\xFF\xD8\xFF"),
        "image/tiff" => document.starts_with(b"II*\0") || document.starts_with(b"MM\0*"),
        _ => false,
    };
    if looks_right {
        ("accepted", None)
    } else {
        (
            "rejected",
            Some(format!(
                "The document is not a valid {content_type} file: its first bytes do not match that type."
            )),
        )
    }
}

/// An attachment's status at a moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusAt {
    /// `received`, `processing`, `accepted` or `rejected`.
    pub status: &'static str,
    /// When it entered that status.
    pub updated_at: i64,
    /// Every status so far with when it was entered, oldest first.
    pub history: Vec<(&'static str, i64)>,
}

/// The status of an attachment received at `received_at` and bound for `outcome`, at `now`.
pub fn status_at(received_at: i64, outcome: &str, now: i64) -> StatusAt {
    let final_status = if outcome == "accepted" {
        "accepted"
    } else {
        "rejected"
    };
    let steps = [
        ("received", received_at),
        ("processing", received_at + PROCESSING_AFTER_SECS),
        (final_status, received_at + DECIDED_AFTER_SECS),
    ];
    let history: Vec<_> = steps
        .into_iter()
        .filter(|(_, at)| *at <= now.max(received_at))
        .collect();
    let (status, updated_at) = *history.last().unwrap_or(&steps[0]);
    StatusAt {
        status,
        updated_at,
        history,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn submission(overrides: Value) -> Map<String, Value> {
        let mut body = json!({
            "claimReference": "TEST-CLAIM-0001",
            "attachmentType": "medical-records",
            "fileName": "report.pdf",
            "contentType": "application/pdf",
            "document": "JVBERi0xLjQK",
        });
        for (key, value) in overrides.as_object().expect("object") {
            body[key] = value.clone();
        }
        body.as_object().expect("object").clone()
    }

    fn fields(error: SubmissionError) -> Vec<String> {
        match error {
            SubmissionError::Invalid(problems) => problems.into_iter().map(|p| p.field).collect(),
            SubmissionError::TooLarge(_) => vec!["<too large>".into()],
        }
    }

    #[test]
    fn a_valid_submission_is_decoded() {
        let valid = validate(&submission(json!({}))).expect("valid");
        assert_eq!(valid.document, b"%PDF-1.4\n");
        assert_eq!(valid.claim_reference, "TEST-CLAIM-0001");
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let body = submission(json!({
            "claimReference": "",
            "attachmentType": "selfie",
            "fileName": "../x.pdf",
            "contentType": "text/plain",
            "document": "***",
            "extra": 1,
        }));
        let mut found = fields(validate(&body).expect_err("invalid"));
        found.sort();
        assert_eq!(
            found,
            [
                "attachmentType",
                "claimReference",
                "contentType",
                "document",
                "extra",
                "fileName"
            ]
        );
    }

    #[test]
    fn missing_and_mistyped_fields_are_named() {
        let mut body = submission(json!({ "fileName": 42 }));
        body.remove("document");
        assert_eq!(
            fields(validate(&body).expect_err("invalid")),
            ["fileName", "document"]
        );
    }

    #[test]
    fn the_extension_must_match_the_content_type() {
        let body = submission(json!({ "fileName": "scan.png" }));
        let Err(SubmissionError::Invalid(problems)) = validate(&body) else {
            panic!("expected problems")
        };
        assert_eq!(
            problems[0].message,
            "Must end in .pdf to match contentType application/pdf."
        );
    }

    #[test]
    fn data_urls_and_oversized_documents_are_refused() {
        assert_eq!(
            fields(
                validate(&submission(
                    json!({ "document": "data:application/pdf;base64,JVBE" })
                ))
                .expect_err("data url")
            ),
            ["document"]
        );
        let huge = "A".repeat((MAX_DOCUMENT_BYTES / 3 + 2) * 4);
        assert!(matches!(
            validate(&submission(json!({ "document": huge }))),
            Err(SubmissionError::TooLarge(_))
        ));
    }

    #[test]
    fn unpadded_base64_is_accepted() {
        assert!(validate(&submission(json!({ "document": "JVBERi0xLjQ" }))).is_ok());
    }

    #[test]
    fn the_outcome_follows_the_documents_signature() {
        assert_eq!(outcome("application/pdf", b"%PDF-1.7").0, "accepted");
        assert_eq!(outcome("image/png", b"\x89PNG\r\n\x1a\nrest").0, "accepted");
        let (status, reason) = outcome("image/png", b"%PDF-1.7");
        assert_eq!(status, "rejected");
        assert!(reason.expect("reason").contains("image/png"));
    }

    #[test]
    fn the_status_moves_from_received_to_processing_to_final() {
        assert_eq!(status_at(100, "accepted", 100).status, "received");
        assert_eq!(status_at(100, "accepted", 102).status, "processing");
        let done = status_at(100, "rejected", 500);
        assert_eq!(done.status, "rejected");
        assert_eq!(done.updated_at, 106);
        assert_eq!(
            done.history,
            vec![("received", 100), ("processing", 102), ("rejected", 106)]
        );
    }
}
