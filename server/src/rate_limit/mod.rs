//! Rate limits: fixed-window counters per (bucket, key) — token requests per client, sign-in
//! failures per (e-mail, address), and so on (see [`Bucket`]). Counters live in this process's
//! memory for a single instance, or in Redis when instances share their limits; both count the
//! same way, with the same bounded keys, so limits behave alike wherever they live. While Redis
//! is unreachable, each instance counts in its own memory, so limits still hold (per instance)
//! and nobody waits for Redis.

mod buckets;
mod keys;
mod limit;
pub mod memory;

pub use buckets::{Bucket, Limits};
pub use keys::{MAX_KEY_BYTES, joined};
pub use limit::Limit;

use crate::clock::SharedClock;
use memory::MemoryCounters;
use std::time::Duration;

/// The answer to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Go ahead.
    Allowed,
    /// Over the limit: try again after this many seconds.
    Limited {
        /// Seconds until the window resets.
        retry_after: u64,
    },
}

/// Where a window starts, and how long its counter must live (to its end, plus a second).
fn window(limit: Limit, now: i64) -> (i64, Duration) {
    let per = i64::from(limit.per_secs);
    let start = now - now.rem_euclid(per);
    let remaining = u64::try_from(start + per - now).unwrap_or(0) + 1;
    (start, Duration::from_secs(remaining))
}

/// The decision once a window's count (this request included, when counted) is known.
fn decide(count: u32, allowed: u32, limit: Limit, window_start: i64, now: i64) -> Decision {
    if count <= allowed {
        Decision::Allowed
    } else {
        let reset = window_start + i64::from(limit.per_secs);
        Decision::Limited {
            retry_after: u64::try_from((reset - now).max(1)).unwrap_or(1),
        }
    }
}

/// Decides whether requests may go ahead.
pub struct RateLimiter {
    counters: Counters,
    limits: Limits,
    clock: SharedClock,
}

enum Counters {
    Memory(MemoryCounters),
    /// Redis, shared by every instance; while Redis is unreachable, this instance counts on
    /// its own in `fallback` (limits then hold per instance rather than not at all).
    Redis {
        pool: fred::prelude::Pool,
        fallback: MemoryCounters,
    },
}

impl RateLimiter {
    /// A limiter counting in this process's memory.
    pub fn in_memory(limits: Limits, clock: SharedClock) -> Self {
        Self {
            counters: Counters::Memory(MemoryCounters::default()),
            limits,
            clock,
        }
    }

    /// A limiter counting in Redis, shared by every instance.
    pub fn in_redis(pool: fred::prelude::Pool, limits: Limits, clock: SharedClock) -> Self {
        Self {
            counters: Counters::Redis {
                pool,
                fallback: MemoryCounters::default(),
            },
            limits,
            clock,
        }
    }

    /// The configured limits.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Counts a request of `key` in `bucket` and decides whether it may go ahead.
    pub async fn check(&self, bucket: Bucket, key: &str) -> Decision {
        let limit = self.limits.of(bucket);
        let now = self.clock.now();
        let (start, lives_for) = window(limit, now);
        let counter = keys::counter_key(bucket.name(), key, start);
        let count = self.increment(&counter, lives_for).await;
        let decision = decide(count, limit.max, limit, start, now);
        if decision != Decision::Allowed {
            tracing::warn!(bucket = bucket.name(), "rate limit reached");
            crate::metrics::count_rate_limit_refusal(bucket);
        }
        decision
    }

    /// Whether one more request of `key` would be within `bucket`'s limit, without counting it
    /// (for failures, which are counted with [`RateLimiter::record`] only once they happen).
    pub async fn peek(&self, bucket: Bucket, key: &str) -> Decision {
        let limit = self.limits.of(bucket);
        let now = self.clock.now();
        let (start, _) = window(limit, now);
        let counter = keys::counter_key(bucket.name(), key, start);
        let count = match &self.counters {
            Counters::Memory(counters) => counters.get(&counter),
            Counters::Redis { pool, fallback } => match redis::get(pool, &counter).await {
                Ok(count) => count,
                Err(error) => {
                    crate::redis_pool::warn_unavailable(
                        "rate limits are counted in each instance until it is back",
                        &error,
                    );
                    fallback.get(&counter)
                }
            },
        };
        let decision = decide(count.saturating_add(1), limit.max, limit, start, now);
        if decision != Decision::Allowed {
            tracing::warn!(bucket = bucket.name(), "rate limit reached");
            crate::metrics::count_rate_limit_refusal(bucket);
        }
        decision
    }

    /// Counts an event (a failure) of `key` in `bucket`.
    pub async fn record(&self, bucket: Bucket, key: &str) {
        let limit = self.limits.of(bucket);
        let (start, lives_for) = window(limit, self.clock.now());
        self.increment(&keys::counter_key(bucket.name(), key, start), lives_for)
            .await;
    }

    async fn increment(&self, counter: &str, lives_for: Duration) -> u32 {
        match &self.counters {
            Counters::Memory(counters) => counters.increment(counter, lives_for),
            Counters::Redis { pool, fallback } => match redis::increment(pool, counter, lives_for).await {
                Ok(count) => count,
                Err(error) => {
                    crate::redis_pool::warn_unavailable(
                        "rate limits are counted in each instance until it is back",
                        &error,
                    );
                    fallback.increment(counter, lives_for)
                }
            },
        }
    }
}

mod redis {
    //! The same counters in Redis: `INCR` plus `EXPIRE … NX` for the window's lifetime.

    use fred::prelude::*;
    use fred::types::ExpireOptions;
    use std::time::Duration;

    /// Fails at once, without a round trip, while no connection is up.
    fn connected(pool: &Pool) -> Result<(), Error> {
        if crate::redis_pool::is_up(pool) {
            Ok(())
        } else {
            Err(Error::new(ErrorKind::IO, "not connected"))
        }
    }

    pub async fn increment(pool: &Pool, key: &str, lives_for: Duration) -> Result<u32, Error> {
        connected(pool)?;
        let pipeline = pool.next().pipeline();
        let () = pipeline.incr(key).await?;
        let seconds = i64::try_from(lives_for.as_secs()).unwrap_or(i64::MAX);
        let () = pipeline.expire(key, seconds, Some(ExpireOptions::NX)).await?;
        let (count, _): (i64, i64) = pipeline.all().await?;
        Ok(u32::try_from(count).unwrap_or(u32::MAX))
    }

    pub async fn get(pool: &Pool, key: &str) -> Result<u32, Error> {
        connected(pool)?;
        let count: Option<i64> = pool.get(key).await?;
        Ok(count.map_or(0, |count| u32::try_from(count).unwrap_or(u32::MAX)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;
    use std::sync::Arc;

    fn limits(limit: Limit) -> Limits {
        Limits {
            tokens_per_client: limit,
            oauth_per_source: limit,
            token_failures: limit,
            sign_ups_per_source: limit,
            sign_ins_per_source: limit,
            sign_in_failures: limit,
            console: limit,
            claims_per_client: limit,
        }
    }

    fn limiter(limit: Limit, now: i64) -> (RateLimiter, ManualClock) {
        let clock = ManualClock::starting_at(now);
        (
            RateLimiter::in_memory(limits(limit), Arc::new(clock.clone())),
            clock,
        )
    }

    #[tokio::test]
    async fn a_window_allows_max_requests_then_says_when_to_retry() {
        let (limiter, _) = limiter(Limit { max: 2, per_secs: 60 }, 1_000_030);
        let mut decisions = Vec::new();
        for _ in 0..3 {
            decisions.push(limiter.check(Bucket::TokensIssued, "c1").await);
        }
        assert_eq!(
            decisions,
            [
                Decision::Allowed,
                Decision::Allowed,
                Decision::Limited { retry_after: 50 }
            ]
        );
    }

    #[tokio::test]
    async fn a_new_window_starts_afresh() {
        let (limiter, clock) = limiter(Limit { max: 1, per_secs: 10 }, 100);
        assert_eq!(limiter.check(Bucket::ConsolePerson, "k").await, Decision::Allowed);
        assert_ne!(limiter.check(Bucket::ConsolePerson, "k").await, Decision::Allowed);
        clock.advance(10);
        assert_eq!(limiter.check(Bucket::ConsolePerson, "k").await, Decision::Allowed);
    }

    #[tokio::test]
    async fn failures_are_peeked_before_and_recorded_after() {
        let (limiter, _) = limiter(Limit { max: 2, per_secs: 60 }, 0);
        assert_eq!(
            limiter.peek(Bucket::TokenFailures, "c|ip").await,
            Decision::Allowed
        );
        assert_eq!(
            limiter.peek(Bucket::TokenFailures, "c|ip").await,
            Decision::Allowed,
            "peeking counts nothing"
        );
        limiter.record(Bucket::TokenFailures, "c|ip").await;
        limiter.record(Bucket::TokenFailures, "c|ip").await;
        assert_ne!(
            limiter.peek(Bucket::TokenFailures, "c|ip").await,
            Decision::Allowed
        );
        assert_eq!(
            limiter.peek(Bucket::TokenFailures, "c|other").await,
            Decision::Allowed
        );
    }

    #[tokio::test]
    async fn buckets_count_apart() {
        let (limiter, _) = limiter(Limit { max: 1, per_secs: 60 }, 0);
        assert_eq!(limiter.check(Bucket::SignUpSource, "a").await, Decision::Allowed);
        assert_eq!(limiter.check(Bucket::SignInSource, "a").await, Decision::Allowed);
    }
}
