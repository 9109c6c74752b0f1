//! An app's request log as its pages show it: the filters as they arrive in the URL, a page of
//! rows, and one request in full with its explanation. The server checks the filters and fills
//! these in; the pages only lay them out.

use serde::{Deserialize, Serialize};

/// How many requests one page of the log shows.
pub const PAGE_SIZE: u32 = 50;
/// The most requests one export holds.
pub const EXPORT_LIMIT: u32 = 10_000;

/// The log's filters and position as the URL carries them (a plain GET form), unchecked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestLogQuery {
    /// `2xx`, `4xx`, `5xx`, or empty for any.
    pub status: String,
    /// An endpoint's stored name (`token_v2`), or empty for any.
    pub endpoint: String,
    /// Only failures (status 400 and up).
    pub failures: bool,
    /// From this moment (`datetime-local`, UTC), or empty.
    pub from: String,
    /// Up to the end of this minute (`datetime-local`, UTC), or empty.
    pub to: String,
    /// Older than this cursor (the previous page's last row), or empty for the newest.
    pub before: String,
}

impl RequestLogQuery {
    /// Whether any filter narrows the log.
    pub fn filters_active(&self) -> bool {
        !(self.status.is_empty()
            && self.endpoint.is_empty()
            && !self.failures
            && self.from.is_empty()
            && self.to.is_empty())
    }

    /// The filters as a query string (`status=4xx&failures=1`), empty when there are none,
    /// for the export links and the next page.
    pub fn filter_params(&self) -> String {
        let failures = if self.failures { "1" } else { "" };
        [
            ("status", self.status.as_str()),
            ("endpoint", self.endpoint.as_str()),
            ("failures", failures),
            ("from", self.from.as_str()),
            ("to", self.to.as_str()),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| format!("{name}={}", encode(value)))
        .collect::<Vec<_>>()
        .join("&")
    }

    /// `?` and the filters, or nothing.
    pub fn filter_suffix(&self) -> String {
        let params = self.filter_params();
        if params.is_empty() {
            params
        } else {
            format!("?{params}")
        }
    }

    /// The query string of the page older than `cursor`, with the same filters.
    pub fn older_suffix(&self, cursor: &str) -> String {
        let params = self.filter_params();
        let joiner = if params.is_empty() { "" } else { "&" };
        format!("?{params}{joiner}before={}", encode(cursor))
    }
}

/// `value` percent-encoded for a query string (everything but unreserved characters).
pub fn encode(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// One choice of a filter's select.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterOption {
    /// The value sent.
    pub value: String,
    /// What people read.
    pub label: String,
}

/// One request as a row of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestRowView {
    /// The request's `X-Request-Id` (the detail view's address).
    pub request_id: String,
    /// When it arrived, for people (`2026-11-29 10:42:07 UTC`).
    pub when: String,
    /// When, as RFC 3339 (for `<time datetime>`).
    pub when_iso: String,
    /// The endpoint, as people know it (`v2 token`).
    pub endpoint: String,
    /// `GET`, `POST`, …
    pub method: String,
    /// The status answered.
    pub status: u16,
    /// The OAuth or API error code answered, if it failed.
    pub error_code: Option<String>,
    /// What happened, in one line (the explanation's title).
    pub reason: String,
    /// `Console` or `Outside`.
    pub source: String,
    /// The client address.
    pub client_address: String,
    /// How long the portal took (`3.2 ms`).
    pub latency: String,
}

impl RequestRowView {
    /// Whether the request failed (status 400 and up).
    pub fn failed(&self) -> bool {
        self.status >= 400
    }
}

/// A page of an app's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestLogPage {
    /// The app's client id.
    pub client_id: String,
    /// The app's name.
    pub app_name: String,
    /// The filters as understood (values that could not be read are left out).
    pub query: RequestLogQuery,
    /// What could not be read in the filters, in words.
    pub problems: Vec<String>,
    /// The endpoints the filter offers.
    pub endpoints: Vec<FilterOption>,
    /// The rows, newest first.
    pub rows: Vec<RequestRowView>,
    /// The cursor of the next, older page, if there is one.
    pub older: Option<String>,
    /// Where live updates start (after the newest row shown), on the newest page without
    /// filters; `None` elsewhere.
    pub live_after: Option<String>,
    /// How long records are kept, in words (`7 days`).
    pub retention: String,
}

/// Where "Open in the console" leads for a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleLink {
    /// The console page, pre-filled.
    pub href: String,
    /// What the link says.
    pub label: String,
}

/// One request in full, with what it came to and what to do next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestDetail {
    /// The app's client id.
    pub client_id: String,
    /// The app's name.
    pub app_name: String,
    /// The row's facts.
    pub row: RequestRowView,
    /// The path the request went to (`/apip/auth/v2/token`).
    pub path: String,
    /// The precise reason's stored name (`wrong_secret`).
    pub reason_name: String,
    /// `ok`, `info` or `error`.
    pub tone: String,
    /// What it came to, in one line.
    pub title: String,
    /// What it means.
    pub detail: String,
    /// What to do next, if anything.
    pub next_step: Option<String>,
    /// The token's id (`jti`), if there was one.
    pub jti: Option<String>,
    /// The `User-Agent` sent (shortened, control characters dropped).
    pub user_agent: String,
    /// Where the console can do the same, if it can.
    pub console: Option<ConsoleLink>,
    /// The other calls made under the same request id (a console action that got a token,
    /// then called an API), each with its link.
    pub other_calls: Vec<ConsoleLink>,
}

/// Whether `id` can be a request id: 1–64 letters, digits, `-`, `_` or `.` (the portal's own
/// are UUIDs; a trusted proxy may pass on its own of that shape).
pub fn is_request_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_travel_encoded_and_only_when_set() {
        let mut query = RequestLogQuery::default();
        assert!(!query.filters_active());
        assert_eq!(query.filter_suffix(), "");
        assert_eq!(query.older_suffix("12.ab"), "?before=12.ab");
        query.status = "4xx".into();
        query.failures = true;
        query.from = "2026-11-29T10:00".into();
        assert!(query.filters_active());
        assert_eq!(
            query.filter_suffix(),
            "?status=4xx&failures=1&from=2026-11-29T10%3A00"
        );
        assert_eq!(
            query.older_suffix("12.ab"),
            "?status=4xx&failures=1&from=2026-11-29T10%3A00&before=12.ab"
        );
        assert_eq!(encode("a&b=<c>"), "a%26b%3D%3Cc%3E");
    }

    #[test]
    fn request_ids_are_plain() {
        assert!(is_request_id("0f3a9c7e-1b2d-4c5e-8f90-a1b2c3d4e5f6"));
        for bad in ["", "a/b", "a b", "<script>", &"a".repeat(65)] {
            assert!(!is_request_id(bad), "{bad}");
        }
    }
}
