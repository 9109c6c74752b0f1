//! The log's filters as the URL carries them, checked: status class, endpoint, only failures,
//! a time range read as UTC (`datetime-local` values), and the page's cursor. A value that
//! cannot be read is dropped and named, so the page says which filter was not used.

use crate::request_log::record::{Cursor, Endpoint, LogFilter, StatusClass};
use app::model::requests::RequestLogQuery;
use serde::Deserialize;
use time::PrimitiveDateTime;
use time::macros::format_description;

/// The query string of the log's routes, as sent.
#[derive(Debug, Default, Deserialize)]
pub struct Params {
    status: Option<String>,
    endpoint: Option<String>,
    failures: Option<String>,
    from: Option<String>,
    to: Option<String>,
    before: Option<String>,
}

impl From<Params> for RequestLogQuery {
    fn from(params: Params) -> Self {
        Self {
            status: params.status.unwrap_or_default(),
            endpoint: params.endpoint.unwrap_or_default(),
            failures: params.failures.is_some_and(|value| !value.is_empty()),
            from: params.from.unwrap_or_default(),
            to: params.to.unwrap_or_default(),
            before: params.before.unwrap_or_default(),
        }
    }
}

/// A query, checked.
#[derive(Debug)]
pub struct Checked {
    /// What the database filters by.
    pub filter: LogFilter,
    /// Where the page starts (`None`: the newest).
    pub cursor: Option<Cursor>,
    /// The query with only the values that were used.
    pub query: RequestLogQuery,
    /// What could not be used, in words.
    pub problems: Vec<String>,
}

/// Checks `query`.
pub fn check(query: RequestLogQuery) -> Checked {
    let mut problems = Vec::new();
    let mut kept = RequestLogQuery {
        failures: query.failures,
        ..RequestLogQuery::default()
    };
    let status_class = optional(&query.status).and_then(|value| {
        let class = StatusClass::parse(value);
        if class.is_none() {
            problems.push("The status filter must be 2xx, 4xx or 5xx.".to_owned());
        }
        class
    });
    kept.status = status_class
        .map(|class| class.as_str().to_owned())
        .unwrap_or_default();
    let endpoint = optional(&query.endpoint).and_then(|value| {
        let endpoint = Endpoint::parse(value);
        if endpoint.is_none() {
            problems.push("The endpoint filter names no endpoint of the sandbox.".to_owned());
        }
        endpoint
    });
    kept.endpoint = endpoint
        .map(|endpoint| endpoint.as_str().to_owned())
        .unwrap_or_default();
    let mut time = |value: &str, name: &str, end: bool, kept: &mut String| {
        let at = optional(value)?;
        match moment(at) {
            Some((seconds, precision)) => {
                *kept = at.to_owned();
                Some(if end { seconds + precision } else { seconds })
            }
            None => {
                problems.push(format!(
                    "“{name}” must be a date and time such as 2026-11-29T10:42 (UTC)."
                ));
                None
            }
        }
    };
    let from = time(&query.from, "From", false, &mut kept.from);
    let to = time(&query.to, "To", true, &mut kept.to);
    let cursor = optional(&query.before).and_then(|value| {
        let cursor = Cursor::parse(value);
        if cursor.is_none() {
            problems.push("The link to older requests was not understood; the newest are shown.".to_owned());
        }
        cursor
    });
    kept.before = cursor.as_ref().map(Cursor::to_param).unwrap_or_default();
    Checked {
        filter: LogFilter {
            status_class,
            endpoint,
            failures_only: query.failures,
            from,
            to,
        },
        cursor,
        query: kept,
        problems,
    }
}

/// `value` trimmed, unless empty (each reader refuses what is too long to be its kind).
fn optional(value: &str) -> Option<&str> {
    let value = value.trim();
    (!value.is_empty()).then_some(value)
}

/// A `datetime-local` value read as UTC: its first second, and how many seconds it spans
/// (60 for `…T10:42`, 1 for `…T10:42:07`).
fn moment(value: &str) -> Option<(i64, i64)> {
    let minutes = format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let seconds = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    let fraction = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond]");
    let (at, span) = if let Ok(at) = PrimitiveDateTime::parse(value, minutes) {
        (at, 60)
    } else if let Ok(at) = PrimitiveDateTime::parse(value, seconds) {
        (at, 1)
    } else {
        (PrimitiveDateTime::parse(value, fraction).ok()?, 1)
    };
    Some((at.assume_utc().unix_timestamp(), span))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEN_O_CLOCK: i64 = 1_795_946_400;

    fn query(pairs: &[(&str, &str)]) -> RequestLogQuery {
        let text = serde_urlencoded::to_string(pairs).expect("encoded");
        serde_urlencoded::from_str::<Params>(&text)
            .expect("params")
            .into()
    }

    #[test]
    fn every_filter_is_read() {
        let checked = check(query(&[
            ("status", "4xx"),
            ("endpoint", "token_v2"),
            ("failures", "1"),
            ("from", "2026-11-29T10:00"),
            ("to", "2026-11-29T10:05"),
            ("before", "1795946400.0abc"),
        ]));
        assert!(checked.problems.is_empty(), "{:?}", checked.problems);
        assert_eq!(checked.filter.status_class, Some(StatusClass::ClientError));
        assert_eq!(checked.filter.endpoint, Some(Endpoint::TokenV2));
        assert!(checked.filter.failures_only);
        assert_eq!(checked.filter.from, Some(TEN_O_CLOCK));
        assert_eq!(
            checked.filter.to,
            Some(TEN_O_CLOCK + 6 * 60),
            "“To” includes its minute"
        );
        assert_eq!(
            checked.cursor.map(|c| c.to_param()).as_deref(),
            Some("1795946400.0abc")
        );
        assert_eq!(checked.query.status, "4xx");
    }

    #[test]
    fn seconds_are_honoured_and_nothing_is_no_filter() {
        assert_eq!(moment("2026-11-29T10:00:07"), Some((TEN_O_CLOCK + 7, 1)));
        assert_eq!(moment("2026-11-29T10:00:07.250"), Some((TEN_O_CLOCK + 7, 1)));
        let checked = check(RequestLogQuery::default());
        assert_eq!(checked.filter, LogFilter::default());
        assert!(checked.cursor.is_none() && checked.problems.is_empty());
    }

    #[test]
    fn unreadable_values_are_dropped_and_named() {
        let checked = check(query(&[
            ("status", "3xx"),
            ("endpoint", "nope"),
            ("from", "yesterday"),
            ("to", &"9".repeat(500)),
            ("before", "x.y"),
        ]));
        assert_eq!(checked.problems.len(), 5, "{:?}", checked.problems);
        assert_eq!(checked.filter, LogFilter::default());
        assert!(checked.cursor.is_none());
        assert_eq!(checked.query, RequestLogQuery::default());
    }
}
