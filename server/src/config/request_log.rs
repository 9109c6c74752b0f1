//! Reading the request log's settings (`PORTAL_REQUEST_LOG*`).

use super::units::{self, count};
use super::variables::*;
use super::{ConfigError, Sources};
use crate::request_log::RequestLogSettings;

/// The request log's settings from `sources`, each checked.
pub(super) fn read(sources: &Sources<'_>) -> Result<RequestLogSettings, ConfigError> {
    Ok(RequestLogSettings {
        enabled: sources.parse(&REQUEST_LOG, true, |value| {
            match value.to_ascii_lowercase().as_str() {
                "on" | "true" | "1" | "yes" => Ok(true),
                "off" | "false" | "0" | "no" => Ok(false),
                other => Err(format!("`{other}` is neither on nor off")),
            }
        })?,
        retention: sources.parse(
            &REQUEST_LOG_RETENTION,
            units::duration(REQUEST_LOG_RETENTION.default).expect("the defaults are valid"),
            units::duration,
        )?,
        max_per_app: sources.parse(
            &REQUEST_LOG_MAX_PER_APP,
            count(REQUEST_LOG_MAX_PER_APP.default).expect("the defaults are valid") as u64,
            |value| count(value).map(|n| n as u64),
        )?,
        queue: sources.parse(
            &REQUEST_LOG_QUEUE,
            count(REQUEST_LOG_QUEUE.default).expect("the defaults are valid"),
            count,
        )?,
        flush_every: sources.parse(
            &REQUEST_LOG_FLUSH,
            units::duration(REQUEST_LOG_FLUSH.default).expect("the defaults are valid"),
            units::duration,
        )?,
        per_app: sources.limit(&REQUEST_LOG_APP_RATE)?,
    })
}
