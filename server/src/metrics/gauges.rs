//! The gauges, sampled each time `/metrics` is scraped: the database pool, Redis, active
//! sessions and the build.
//!
//! Sessions are counted in the database (one `COUNT(*)` of the unexpired rows of
//! tower-sessions' table, given at most [`SAMPLE_TIMEOUT`]). When they live in Redis they are
//! not counted: the Redis store keeps each session under its bare id, in the same keyspace as
//! the rate-limit counters (`rl:…`), so no key pattern selects them and counting them would
//! mean a `SCAN` of every key (whatever its `MATCH`) on each scrape; Redis expires them itself.

use crate::db::{Backend, Database};
use fred::prelude::Pool as RedisPool;
use std::time::Duration;

/// The longest a scrape waits for the sessions count.
pub const SAMPLE_TIMEOUT: Duration = Duration::from_secs(2);

/// What the gauges are read from.
pub struct Gauges {
    db: Database,
    redis: Option<RedisPool>,
}

impl Gauges {
    /// Gauges of `db` and, when configured, Redis (which then holds the sessions).
    pub fn new(db: Database, redis: Option<RedisPool>) -> Self {
        Self { db, redis }
    }

    /// Reads every gauge now.
    pub async fn sample(&self) {
        let pool = self.db.pool();
        let (size, idle) = (pool.size(), pool.num_idle());
        let idle = u32::try_from(idle).unwrap_or(u32::MAX).min(size);
        metrics::gauge!(super::DB_POOL_CONNECTIONS, "state" => "idle").set(f64::from(idle));
        metrics::gauge!(super::DB_POOL_CONNECTIONS, "state" => "in_use").set(f64::from(size - idle));
        metrics::gauge!(super::BUILD_INFO, "version" => env!("CARGO_PKG_VERSION")).set(1.0);
        if let Some(redis) = &self.redis {
            let up = crate::redis_pool::is_up(redis);
            metrics::gauge!(super::REDIS_UP).set(if up { 1.0 } else { 0.0 });
            return;
        }
        match tokio::time::timeout(SAMPLE_TIMEOUT, self.count_sessions()).await {
            Ok(Ok(count)) => metrics::gauge!(super::SESSIONS_ACTIVE).set(count as f64),
            Ok(Err(error)) => tracing::warn!(%error, "could not count the active sessions"),
            Err(_) => tracing::warn!("counting the active sessions took too long"),
        }
    }

    /// Unexpired rows of the session table (tower-sessions-sqlx-store's default names).
    async fn count_sessions(&self) -> Result<i64, sqlx::Error> {
        let pool = self.db.pool();
        match self.db.backend() {
            // The store writes and compares expiry dates as RFC 3339 text in UTC; so does this.
            Backend::Sqlite => {
                let now = time::OffsetDateTime::now_utc()
                    .format(&time::format_description::well_known::Rfc3339)
                    .map_err(|error| sqlx::Error::Encode(Box::new(error)))?;
                sqlx::query_scalar("SELECT COUNT(*) FROM tower_sessions WHERE expiry_date > $1")
                    .bind(now)
                    .fetch_one(pool)
                    .await
            }
            Backend::Postgres => {
                sqlx::query_scalar(
                    r#"SELECT COUNT(*) FROM "tower_sessions"."session" WHERE expiry_date > now()"#,
                )
                .fetch_one(pool)
                .await
            }
        }
    }
}
