//! Logging: readable lines locally, JSON in production, always on stderr (stdout is for
//! command output). Never bodies, secrets or cookies.

use crate::config::LogFormat;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::{EnvFilter, fmt, prelude::*};

/// Starts the global subscriber on stderr. Call once, early in `main`.
pub fn init(filter: &str, format: LogFormat) {
    init_with_writer(filter, format, std::io::stderr);
}

/// Starts the global subscriber writing to `writer` (tests capture the logs this way).
pub fn init_with_writer<W>(filter: &str, format: LogFormat, writer: W)
where
    W: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let registry = tracing_subscriber::registry().with(filter);
    let result = match format {
        LogFormat::Text => registry
            .with(
                fmt::layer()
                    .with_writer(writer)
                    .with_target(false)
                    .with_ansi(false),
            )
            .try_init(),
        LogFormat::Json => registry
            .with(fmt::layer().with_writer(writer).json().flatten_event(true))
            .try_init(),
    };
    // A second call (tests) keeps the first subscriber.
    drop(result);
}
