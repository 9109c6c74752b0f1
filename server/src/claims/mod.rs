//! The Claims Attachment V1 sandbox API's domain, independent of HTTP: what a submission must
//! hold, the outcome it reaches and the status it shows over time, and what the sandbox keeps
//! of attachments. Its HTTP endpoints are in `routes::claims`; its storage in `db`.

pub mod attachments;
