//! The Redis connection shared by sessions and rate limits, set up so that an outage is
//! noticed at once instead of hanging requests: short connection and command timeouts, a
//! reconnecting pool, and [`is_up`] for callers that would rather not wait for a command to time
//! out.

use fred::prelude::*;
use std::time::Duration;

/// How long connecting to Redis may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// How long any one command may take before it fails (Redis answers in well under a
/// millisecond when it is up; a command queued while the connection is being re-made fails
/// after this).
const COMMAND_TIMEOUT: Duration = Duration::from_millis(750);
/// Connections in the pool.
const POOL_SIZE: usize = 4;

/// Connects to Redis (`redis://…` or `rediss://…`). After this first connection, a lost
/// connection is re-made in the background, retrying with a growing delay (at most 2 s), for
/// as long as it takes.
pub async fn connect(url: &str) -> Result<Pool, String> {
    let config = Config::from_url(url).map_err(|_| "is not a valid redis:// URL".to_owned())?;
    let pool = Builder::from_config(config)
        .with_connection_config(|connection| {
            connection.connection_timeout = CONNECT_TIMEOUT;
            connection.internal_command_timeout = CONNECT_TIMEOUT;
            // A command whose connection drops fails rather than waits for the next one.
            connection.max_command_attempts = 1;
        })
        .with_performance_config(|performance| {
            performance.default_command_timeout = COMMAND_TIMEOUT;
        })
        .set_policy(ReconnectPolicy::new_exponential(0, 100, 2_000, 2))
        .build_pool(POOL_SIZE)
        .map_err(|error| format!("cannot set up the connection ({error})"))?;
    pool.init()
        .await
        .map_err(|error| format!("cannot connect ({})", error.details()))?;
    Ok(pool)
}

/// Whether at least one of the pool's connections is up now (no round trip).
pub fn is_up(pool: &Pool) -> bool {
    pool.clients().iter().any(ClientLike::is_connected)
}

/// Whether Redis answers a `PING` now.
pub async fn answers(pool: &Pool) -> bool {
    is_up(pool) && pool.ping::<String>(None).await.is_ok()
}

/// When [`warn_unavailable`] last logged, in seconds since the Unix epoch.
static LAST_WARNED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
/// At most one "Redis is unavailable" line per this many seconds, however many requests see it.
const WARN_EVERY_SECS: u64 = 10;

/// Logs that Redis could not be used for `what`, at most once every few seconds.
pub fn warn_unavailable(what: &str, error: &Error) {
    use std::sync::atomic::Ordering;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    let last = LAST_WARNED.load(Ordering::Relaxed);
    if now.saturating_sub(last) >= WARN_EVERY_SECS
        && LAST_WARNED
            .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
            .is_ok()
    {
        tracing::warn!(%error, "Redis is unavailable: {what}");
    }
}
