//! Prometheus metrics, off unless `PORTAL_METRICS_ADDR` is set. Then [`install`] puts the
//! exporter's recorder in place (once per process: it is global) and [`listener`] serves its
//! text at `GET /metrics` on that separate address, never on the portal's own. Without the
//! recorder the `metrics` macros do nothing, and the counting helpers below and the request
//! middleware ([`http::track`]) return before building a label ([`enabled`]), so metrics cost
//! nothing when they are off.
//!
//! Every metric's name is here, in one place. Labels stay bounded: a route is its axum
//! template (`/claims/attachments/v1/status/{id}`, never the raw path; `unmatched` for the
//! fallback), a method one of the standard ones (else `other`), an environment a configured
//! id, a status a three-digit code, a bucket or a reason one of a fixed list.

pub mod gauges;
pub mod http;
pub mod listener;

use crate::oauth::tokens::TokenApi;
use crate::rate_limit::Bucket;
use crate::routes::oauth::error::OAuthError;
use crate::try_it::proxy::{Failure, Incoming};
use anyhow::Context;
use axum::response::Response;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::{Mutex, OnceLock};

/// Requests answered, by `route`, `method` and `status`.
pub const HTTP_REQUESTS: &str = "portal_http_requests_total";
/// Time to each response's head, by `route`, `method` and `status` (a histogram).
pub const HTTP_REQUEST_DURATION: &str = "portal_http_request_duration_seconds";
/// Access tokens issued, by `api` (`v1`, `v2`).
pub const TOKENS_ISSUED: &str = "portal_tokens_issued_total";
/// Token requests refused, by `api` and `reason` (the OAuth error code, or `rate_limited`).
pub const TOKENS_REFUSED: &str = "portal_tokens_refused_total";
/// The console's upstream calls, by `environment` and `outcome` (`2xx`…, or why no answer came).
pub const CONSOLE_UPSTREAM_CALLS: &str = "portal_console_upstream_calls_total";
/// Requests refused by a rate limit, by `bucket`.
pub const RATE_LIMIT_REFUSALS: &str = "portal_rate_limit_refusals_total";
/// The database pool's connections, by `state` (`idle`, `in_use`).
pub const DB_POOL_CONNECTIONS: &str = "portal_db_pool_connections";
/// 1 while Redis has a live connection, else 0 (only when Redis is configured).
pub const REDIS_UP: &str = "portal_redis_up";
/// Unexpired sessions in the database (not reported when sessions live in Redis).
pub const SESSIONS_ACTIVE: &str = "portal_sessions_active";
/// Request-log records dropped because the log's queue was full.
pub const REQUEST_LOG_DROPPED: &str = "portal_request_log_dropped_total";
/// Always 1, labelled with the portal's `version`.
pub const BUILD_INFO: &str = "portal_build_info";

/// Upper bounds (seconds) of the request-duration buckets: 1 ms up to the 30 s request timeout.
const DURATION_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// The installed recorder's handle.
static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the Prometheus recorder for this process, or returns the one already installed
/// (tests run many portals in one process; the recorder is global).
pub fn install() -> anyhow::Result<PrometheusHandle> {
    static INSTALLING: Mutex<()> = Mutex::new(());
    let _one_at_a_time = INSTALLING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(handle) = HANDLE.get() {
        return Ok(handle.clone());
    }
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Full(HTTP_REQUEST_DURATION.to_owned()), DURATION_BUCKETS)
        .context("failed to set the request-duration buckets")?
        .install_recorder()
        .context("failed to install the metrics recorder")?;
    describe();
    Ok(HANDLE.get_or_init(|| handle).clone())
}

/// Whether metrics are being recorded (the recorder is installed).
pub fn enabled() -> bool {
    HANDLE.get().is_some()
}

/// The `# HELP` lines.
fn describe() {
    use metrics::{Unit, describe_counter, describe_gauge, describe_histogram};
    describe_counter!(
        HTTP_REQUESTS,
        "HTTP requests answered, by route template, method and status."
    );
    describe_histogram!(
        HTTP_REQUEST_DURATION,
        Unit::Seconds,
        "Time from a request's arrival to its response's head, by route template, method and status."
    );
    describe_counter!(
        TOKENS_ISSUED,
        "Access tokens issued by the sandbox, by token API."
    );
    describe_counter!(
        TOKENS_REFUSED,
        "Token requests refused, by token API and reason (the OAuth error code, or rate_limited)."
    );
    describe_counter!(
        CONSOLE_UPSTREAM_CALLS,
        "Try It console calls to an environment, by environment and outcome (status class or failure)."
    );
    describe_counter!(
        RATE_LIMIT_REFUSALS,
        "Requests refused by a rate limit, by bucket."
    );
    describe_counter!(
        REQUEST_LOG_DROPPED,
        "Request-log records dropped because the log's queue was full (requests are never held up)."
    );
    describe_gauge!(DB_POOL_CONNECTIONS, "Database pool connections, by state.");
    describe_gauge!(REDIS_UP, "1 while Redis has a live connection, else 0.");
    describe_gauge!(SESSIONS_ACTIVE, "Unexpired sessions in the session table.");
    describe_gauge!(BUILD_INFO, "Always 1; the version label says which build runs.");
}

/// Counts a request-log record dropped by a full queue.
pub fn count_request_log_drop() {
    if enabled() {
        metrics::counter!(REQUEST_LOG_DROPPED).increment(1);
    }
}

/// Counts a token endpoint's answer: a token issued, or refused and why.
pub fn count_token_answer(api: TokenApi, answer: &Result<Response, OAuthError>) {
    if !enabled() {
        return;
    }
    let api = match api {
        TokenApi::V1 => "v1",
        TokenApi::V2 => "v2",
    };
    match answer {
        Ok(_) => metrics::counter!(TOKENS_ISSUED, "api" => api).increment(1),
        Err(error) => {
            metrics::counter!(TOKENS_REFUSED, "api" => api, "reason" => refusal_reason(error)).increment(1)
        }
    }
}

/// The OAuth error code, except that every 429 is `rate_limited` (its code,
/// `temporarily_unavailable`, is also the 503 of a storage outage).
fn refusal_reason(error: &OAuthError) -> &'static str {
    if error.status() == ::http::StatusCode::TOO_MANY_REQUESTS {
        "rate_limited"
    } else {
        error.code()
    }
}

/// Counts one of the console's upstream calls to `environment` (a configured id).
pub fn count_upstream_call(environment: &str, result: &Result<Incoming, Failure>) {
    if enabled() {
        metrics::counter!(
            CONSOLE_UPSTREAM_CALLS,
            "environment" => environment.to_owned(),
            "outcome" => upstream_outcome(result)
        )
        .increment(1);
    }
}

/// The answer's status class, or why there was no (usable) answer.
fn upstream_outcome(result: &Result<Incoming, Failure>) -> &'static str {
    match result {
        Ok(incoming) => status_class(incoming.status),
        Err(Failure::Redirect { status, .. }) => status_class(*status),
        Err(Failure::Refused) => "connect_refused",
        Err(Failure::Dns) => "dns_error",
        Err(Failure::Tls) => "tls_error",
        Err(Failure::Timeout) => "timeout",
        Err(Failure::TooLarge) => "too_large",
        Err(Failure::Network) => "network_error",
    }
}

fn status_class(status: u16) -> &'static str {
    match status {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        500..=599 => "5xx",
        _ => "other",
    }
}

/// Counts a request refused by `bucket`'s limit.
pub fn count_rate_limit_refusal(bucket: Bucket) {
    if enabled() {
        metrics::counter!(RATE_LIMIT_REFUSALS, "bucket" => bucket.name()).increment(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upstream_outcomes_are_a_short_fixed_list() {
        let answered = |status| {
            Ok(Incoming {
                status,
                reason: String::new(),
                headers: Vec::new(),
                body: Vec::new(),
            })
        };
        assert_eq!(upstream_outcome(&answered(200)), "2xx");
        assert_eq!(upstream_outcome(&answered(404)), "4xx");
        assert_eq!(upstream_outcome(&answered(503)), "5xx");
        assert_eq!(upstream_outcome(&answered(999)), "other");
        let redirect = Failure::Redirect {
            location: "https://elsewhere.example/".into(),
            status: 302,
        };
        assert_eq!(upstream_outcome(&Err(redirect)), "3xx");
        assert_eq!(upstream_outcome(&Err(Failure::Timeout)), "timeout");
        assert_eq!(upstream_outcome(&Err(Failure::Refused)), "connect_refused");
        assert_eq!(upstream_outcome(&Err(Failure::TooLarge)), "too_large");
    }

    #[test]
    fn a_rate_limited_token_request_is_told_from_an_outage() {
        assert_eq!(
            refusal_reason(&OAuthError::rate_limited("Too many.", 3)),
            "rate_limited"
        );
        assert_eq!(
            refusal_reason(&OAuthError::unavailable()),
            "temporarily_unavailable"
        );
        assert_eq!(
            refusal_reason(&OAuthError::invalid_client("No.")),
            "invalid_client"
        );
        assert_eq!(refusal_reason(&OAuthError::invalid_scope("No.")), "invalid_scope");
    }
}
