//! One entry of the request log, and the names its fields take: which endpoint, where the
//! request came from, how the answer is filtered. What a record may hold is fixed here: never
//! a secret, a token, a body or a header value beyond the user agent.

use super::reason::Reason;

/// The sandbox endpoints that are recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// `POST /apip/auth/v2/token`.
    TokenV2,
    /// `POST /apip/auth/v1/token`.
    TokenV1,
    /// `POST /apip/auth/v2/introspect`.
    Introspect,
    /// `POST /apip/auth/v2/revoke`.
    Revoke,
    /// `POST /claims/attachments/v1/submissions`.
    Submit,
    /// `GET /claims/attachments/v1/status/{id}`.
    Status,
    /// `GET /claims/attachments/v1/{id}`.
    Retrieve,
}

impl Endpoint {
    /// Every endpoint, in the order the filters list them.
    pub const ALL: [Self; 7] = [
        Self::TokenV2,
        Self::TokenV1,
        Self::Introspect,
        Self::Revoke,
        Self::Submit,
        Self::Status,
        Self::Retrieve,
    ];

    /// The endpoint a matched route template is, if it is recorded at all.
    pub fn of_route(template: &str) -> Option<Self> {
        Some(match template {
            "/apip/auth/v2/token" => Self::TokenV2,
            "/apip/auth/v1/token" => Self::TokenV1,
            "/apip/auth/v2/introspect" => Self::Introspect,
            "/apip/auth/v2/revoke" => Self::Revoke,
            "/claims/attachments/v1/submissions" => Self::Submit,
            "/claims/attachments/v1/status/{id}" => Self::Status,
            "/claims/attachments/v1/{id}" => Self::Retrieve,
            _ => return None,
        })
    }

    /// The endpoint a request's actual path (not its template) goes to.
    pub fn of_path(path: &str) -> Option<Self> {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        if let Some(endpoint) = Self::of_route(path) {
            return Some(endpoint);
        }
        let id = |rest: &str| !rest.is_empty() && !rest.contains('/');
        if path
            .strip_prefix("/claims/attachments/v1/status/")
            .is_some_and(id)
        {
            Some(Self::Status)
        } else if path.strip_prefix("/claims/attachments/v1/").is_some_and(id) {
            Some(Self::Retrieve)
        } else {
            None
        }
    }

    /// The stored name (also the filter's value).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TokenV2 => "token_v2",
            Self::TokenV1 => "token_v1",
            Self::Introspect => "introspect",
            Self::Revoke => "revoke",
            Self::Submit => "submit",
            Self::Status => "status",
            Self::Retrieve => "retrieve",
        }
    }

    /// The endpoint a stored name stands for.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|endpoint| endpoint.as_str() == name)
    }

    /// How people know it: `v2 token`, `Submit an attachment`.
    pub fn label(self) -> &'static str {
        match self {
            Self::TokenV2 => "v2 token",
            Self::TokenV1 => "v1 token (legacy)",
            Self::Introspect => "Introspect a token",
            Self::Revoke => "Revoke a token",
            Self::Submit => "Submit an attachment",
            Self::Status => "Attachment status",
            Self::Retrieve => "Retrieve an attachment",
        }
    }

    /// The path the endpoint is served at (with `{id}` for the attachment's).
    pub fn path(self) -> &'static str {
        match self {
            Self::TokenV2 => "/apip/auth/v2/token",
            Self::TokenV1 => "/apip/auth/v1/token",
            Self::Introspect => "/apip/auth/v2/introspect",
            Self::Revoke => "/apip/auth/v2/revoke",
            Self::Submit => "/claims/attachments/v1/submissions",
            Self::Status => "/claims/attachments/v1/status/{id}",
            Self::Retrieve => "/claims/attachments/v1/{id}",
        }
    }

    /// Whether it is one of the authorization server's endpoints (not a sandbox API).
    pub fn is_oauth(self) -> bool {
        matches!(
            self,
            Self::TokenV2 | Self::TokenV1 | Self::Introspect | Self::Revoke
        )
    }
}

/// Who sent a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The portal's Try It console (its calls carry a signed attribution).
    Console,
    /// Anything else: curl, Postman, the developer's own code.
    Outside,
}

impl Source {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Console => "console",
            Self::Outside => "outside",
        }
    }

    /// The source a stored name stands for (anything unknown reads as outside).
    pub fn parse(name: &str) -> Self {
        if name == "console" {
            Self::Console
        } else {
            Self::Outside
        }
    }
}

/// One recorded request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The record's own id: sorts by time of writing, unique across instances.
    pub id: String,
    /// The request's `X-Request-Id` (for console calls, the console exchange's).
    pub request_id: String,
    /// The app (client id) it belongs to.
    pub client_id: String,
    /// When it arrived (seconds since the epoch, the portal's clock).
    pub at: i64,
    /// Which endpoint.
    pub endpoint: Endpoint,
    /// `GET`, `POST`, …
    pub method: String,
    /// The HTTP status answered.
    pub status: u16,
    /// The OAuth or API error code answered (`invalid_client`), if it failed.
    pub error_code: Option<String>,
    /// Why, precisely.
    pub reason: Reason,
    /// A time the reason refers to: when the secret was rotated, when the token expired.
    pub reason_at: Option<i64>,
    /// A short non-secret detail: the scope missing, the content type sent, the issuer found.
    pub detail: Option<String>,
    /// The token's id, where there is one (issued, or presented and genuine).
    pub jti: Option<String>,
    /// How long the portal took to answer, in microseconds.
    pub latency_us: i64,
    /// The client address (the browser's, for console calls).
    pub client_address: String,
    /// The `User-Agent`, shortened and stripped of control characters.
    pub user_agent: String,
    /// Console or outside.
    pub source: Source,
}

impl Record {
    /// Whether the request failed (any status from 400 up).
    pub fn failed(&self) -> bool {
        self.status >= 400
    }
}

/// The longest user agent, detail or issuer kept (characters).
pub const MAX_FIELD_CHARS: usize = 200;

/// `value` made safe to keep and show: control characters dropped, at most
/// [`MAX_FIELD_CHARS`] characters (an ellipsis marks a cut).
pub fn bounded(value: &str) -> String {
    let mut kept: String = value
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_FIELD_CHARS + 1)
        .collect();
    if kept.chars().count() > MAX_FIELD_CHARS {
        kept = kept.chars().take(MAX_FIELD_CHARS - 1).collect();
        kept.push('…');
    }
    kept
}

/// A class of statuses, for the log's filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusClass {
    /// 200–299.
    Success,
    /// 400–499.
    ClientError,
    /// 500–599.
    ServerError,
}

impl StatusClass {
    /// The filter's value: `2xx`, `4xx`, `5xx`.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "2xx" => Some(Self::Success),
            "4xx" => Some(Self::ClientError),
            "5xx" => Some(Self::ServerError),
            _ => None,
        }
    }

    /// The filter's value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Success => "2xx",
            Self::ClientError => "4xx",
            Self::ServerError => "5xx",
        }
    }

    /// The statuses it covers, `lowest..=highest`.
    pub fn range(self) -> (u16, u16) {
        match self {
            Self::Success => (200, 299),
            Self::ClientError => (400, 499),
            Self::ServerError => (500, 599),
        }
    }
}

/// Which records a page of the log shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogFilter {
    /// Only this class of status.
    pub status_class: Option<StatusClass>,
    /// Only this endpoint.
    pub endpoint: Option<Endpoint>,
    /// Only failures (400 and up).
    pub failures_only: bool,
    /// Only records at or after this time (seconds).
    pub from: Option<i64>,
    /// Only records before this time (seconds).
    pub to: Option<i64>,
}

/// Where a page of the log starts: after the record `(at, id)`, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// The last record's time.
    pub at: i64,
    /// The last record's id.
    pub id: String,
}

impl Cursor {
    /// The cursor after `record`.
    pub fn after(record: &Record) -> Self {
        Self {
            at: record.at,
            id: record.id.clone(),
        }
    }

    /// `1795946400.0f3a…` → the cursor; anything else → `None`.
    pub fn parse(text: &str) -> Option<Self> {
        let (at, id) = text.split_once('.')?;
        let id_is_plain = !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric());
        Some(Self {
            at: at.parse().ok()?,
            id: id_is_plain.then(|| id.to_owned())?,
        })
    }

    /// The cursor as it goes in a link.
    pub fn to_param(&self) -> String {
        format!("{}.{}", self.at, self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_endpoint_round_trips_through_its_name_and_route() {
        for endpoint in Endpoint::ALL {
            assert_eq!(Endpoint::parse(endpoint.as_str()), Some(endpoint));
            assert_eq!(Endpoint::of_route(endpoint.path()), Some(endpoint));
        }
        assert_eq!(Endpoint::of_route("/apip/auth/v2/.well-known/jwks.json"), None);
        assert_eq!(
            Endpoint::of_path("/claims/attachments/v1/status/att_1?x=1"),
            Some(Endpoint::Status)
        );
        assert_eq!(
            Endpoint::of_path("/claims/attachments/v1/att_1"),
            Some(Endpoint::Retrieve)
        );
        assert_eq!(
            Endpoint::of_path("/claims/attachments/v1/submissions"),
            Some(Endpoint::Submit)
        );
        assert_eq!(Endpoint::of_path("/claims/attachments/v1/a/b"), None);
    }

    #[test]
    fn kept_fields_are_bounded_and_printable() {
        assert_eq!(bounded("curl/8.5\r\nX-Evil: 1"), "curl/8.5X-Evil: 1");
        let long = "a".repeat(500);
        let kept = bounded(&long);
        assert_eq!(kept.chars().count(), MAX_FIELD_CHARS);
        assert!(kept.ends_with('…'));
        assert_eq!(bounded(&"b".repeat(MAX_FIELD_CHARS)), "b".repeat(MAX_FIELD_CHARS));
    }

    #[test]
    fn cursors_round_trip_and_refuse_anything_odd() {
        let cursor = Cursor {
            at: 1_795_946_400,
            id: "0188abcdef".into(),
        };
        assert_eq!(Cursor::parse(&cursor.to_param()), Some(cursor));
        for bad in ["", "x.y", "12.", "12.a'b", "12"] {
            assert_eq!(Cursor::parse(bad), None, "{bad}");
        }
    }
}
