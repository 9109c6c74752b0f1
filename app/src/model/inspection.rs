//! What the token inspector found in a token: its decoded parts, each check (signature,
//! issuer, audience, revocation) and, for the signed-in account's own app, the app and the
//! token's last uses. Never the token itself: only what can be shown.

use serde::{Deserialize, Serialize};

/// The answer the inspector gives, before or after decoding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Inspection {
    /// Nothing that could be read as a JWT: why, in words.
    Unreadable {
        /// What was wrong with the input.
        message: String,
    },
    /// Genuinely signed by this sandbox, for an app that is not the viewer's: nothing else
    /// about it is shown.
    NotYours,
    /// Decoded, and checked as far as it could be.
    Decoded(Box<Decoded>),
}

/// How one finding reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Level {
    /// As it should be.
    Pass,
    /// A reason the sandbox refuses the token.
    Fail,
    /// Neither: something to know (an unverified claim).
    Note,
}

/// What a check was about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Subject {
    /// The signature, against the sandbox's published key.
    Signature,
    /// The `iss` claim.
    Issuer,
    /// The `aud` claim.
    Audience,
    /// Whether the token, its app or its secret was revoked, suspended or rotated.
    Revocation,
}

impl Subject {
    /// The label the page shows.
    pub fn label(self) -> &'static str {
        match self {
            Self::Signature => "Signature",
            Self::Issuer => "Issuer",
            Self::Audience => "Audience",
            Self::Revocation => "Revoked",
        }
    }
}

/// One check and what it found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// What was checked.
    pub subject: Subject,
    /// How it came out.
    pub level: Level,
    /// What was found, in words.
    pub text: String,
}

/// A decoded token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decoded {
    /// Whether this sandbox issued it (its signature verified with the sandbox's key): when
    /// not, every decoded part is unverified.
    pub issued_here: bool,
    /// Whether the sandbox would accept it now.
    pub accepted: bool,
    /// One line: the verdict.
    pub title: String,
    /// What the verdict means.
    pub detail: String,
    /// The JOSE header, pretty JSON.
    pub header: String,
    /// The claims, pretty JSON (empty when the payload is not JSON).
    pub claims: String,
    /// Each check, in order.
    pub findings: Vec<Finding>,
    /// The `exp` claim (seconds since the epoch), if there is one.
    pub expires_at: Option<i64>,
    /// That time, for people (`2026-11-29 10:42:07 UTC`).
    pub expires: Option<String>,
    /// The signed-in account's app the token belongs to, when it does.
    pub app: Option<InspectedApp>,
}

impl Decoded {
    /// The finding about `subject`, if it was checked.
    pub fn finding(&self, subject: Subject) -> Option<&Finding> {
        self.findings.iter().find(|finding| finding.subject == subject)
    }
}

/// The app a token was issued to, as its owner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InspectedApp {
    /// MN-ClientId.
    pub client_id: String,
    /// The app's name.
    pub name: String,
    /// The scopes the token grants.
    pub scopes: String,
    /// When the token was issued, for people.
    pub issued: String,
    /// When it was issued, RFC 3339 (for `<time datetime>`).
    pub issued_iso: String,
    /// The app's request log.
    pub log_url: String,
    /// The token's latest uses (its issue included), newest first.
    pub uses: Vec<TokenUse>,
}

/// One request that concerned the token, from the request log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenUse {
    /// When, for people.
    pub when: String,
    /// When, RFC 3339.
    pub when_iso: String,
    /// Which endpoint (`v2 token`, `Attachment status`).
    pub what: String,
    /// The status answered.
    pub status: u16,
    /// What it came to, in words (the request log's explanation's title).
    pub outcome: String,
    /// `console` or `outside`.
    pub source: String,
    /// The entry's detail view.
    pub url: String,
}
