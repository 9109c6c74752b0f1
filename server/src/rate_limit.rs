//! Rate limits: fixed-window counters per (bucket, key), e.g. token requests per client and
//! per IP. Counters live in memory for a single instance, or in Redis when instances share
//! their limits. Both stores count the same way, so limits behave alike wherever they live.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::Mutex;

/// At most `max` requests per `per_secs` seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// Requests allowed in a window.
    pub max: u32,
    /// The window, in seconds.
    pub per_secs: u32,
}

impl FromStr for Limit {
    type Err = String;

    /// Parses `120/min`, `5/s`, `1000/hour` or `10/30s`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{text}` is not a rate limit; write it like 120/min, 5/s or 1000/hour");
        let (max, per) = text.trim().split_once('/').ok_or_else(bad)?;
        let max: u32 = max.trim().parse().map_err(|_| bad())?;
        let per = per.trim();
        let (count, unit) = per.split_at(per.find(|c: char| !c.is_ascii_digit()).unwrap_or(per.len()));
        let count: u32 = if count.is_empty() {
            1
        } else {
            count.parse().map_err(|_| bad())?
        };
        let unit_secs = match unit {
            "s" | "sec" | "second" => 1,
            "m" | "min" | "minute" => 60,
            "h" | "hour" => 3600,
            "d" | "day" => 86_400,
            _ => return Err(bad()),
        };
        if max == 0 || count == 0 {
            return Err(bad());
        }
        Ok(Self {
            max,
            per_secs: count * unit_secs,
        })
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}s", self.max, self.per_secs)
    }
}

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

/// Counts requests in memory (one instance).
#[derive(Debug, Default)]
pub struct MemoryCounters {
    windows: Mutex<HashMap<String, (i64, u32)>>,
}

/// Entries kept before expired windows are swept.
const SWEEP_AT: usize = 10_000;

impl MemoryCounters {
    /// Counts one request against `key` in the window starting at `window_start`; returns the
    /// count so far.
    pub fn increment(&self, key: &str, window_start: i64, now: i64) -> u32 {
        let Ok(mut windows) = self.windows.lock() else {
            return 0;
        };
        if windows.len() >= SWEEP_AT {
            windows.retain(|_, (start, _)| *start + 86_400 > now);
        }
        let entry = windows.entry(key.to_owned()).or_insert((window_start, 0));
        if entry.0 != window_start {
            *entry = (window_start, 0);
        }
        entry.1 = entry.1.saturating_add(1);
        entry.1
    }
}

/// Where a window starts and the key it is counted under.
pub fn window(bucket: &str, key: &str, limit: Limit, now: i64) -> (i64, String) {
    let per = i64::from(limit.per_secs);
    let start = now - now.rem_euclid(per);
    (start, format!("rl:{bucket}:{key}:{start}"))
}

/// The decision once a window's count is known.
pub fn decide(count: u32, limit: Limit, window_start: i64, now: i64) -> Decision {
    if count <= limit.max {
        Decision::Allowed
    } else {
        let reset = window_start + i64::from(limit.per_secs);
        Decision::Limited {
            retry_after: (reset - now).max(1) as u64,
        }
    }
}

/// Decides whether a request may go ahead.
pub struct RateLimiter {
    counters: Counters,
    clock: crate::clock::SharedClock,
}

enum Counters {
    Memory(MemoryCounters),
    Redis(fred::prelude::Pool),
}

impl RateLimiter {
    /// A limiter counting in this process's memory.
    pub fn in_memory(clock: crate::clock::SharedClock) -> Self {
        Self {
            counters: Counters::Memory(MemoryCounters::default()),
            clock,
        }
    }

    /// A limiter counting in Redis, shared by every instance.
    pub fn in_redis(pool: fred::prelude::Pool, clock: crate::clock::SharedClock) -> Self {
        Self {
            counters: Counters::Redis(pool),
            clock,
        }
    }

    /// Counts a request of `key` (a client id, an IP address…) in `bucket` against `limit`.
    pub async fn check(&self, bucket: &str, key: &str, limit: Limit) -> Decision {
        let now = self.clock.now();
        let (start, counter) = window(bucket, key, limit, now);
        let count = match &self.counters {
            Counters::Memory(counters) => counters.increment(&counter, start, now),
            Counters::Redis(pool) => match redis_increment(pool, &counter, limit).await {
                Ok(count) => count,
                Err(error) => {
                    // Failing open: a Redis hiccup must not lock everyone out.
                    tracing::warn!(%error, "rate-limit counter unavailable; allowing the request");
                    return Decision::Allowed;
                }
            },
        };
        decide(count, limit, start, now)
    }
}

/// `INCR key` and, for a new window, `EXPIRE key per NX`, in one round trip.
async fn redis_increment(
    pool: &fred::prelude::Pool,
    key: &str,
    limit: Limit,
) -> Result<u32, fred::error::Error> {
    use fred::prelude::*;
    use fred::types::ExpireOptions;
    let pipeline = pool.next().pipeline();
    let () = pipeline.incr(key).await?;
    let () = pipeline
        .expire(key, i64::from(limit.per_secs) + 1, Some(ExpireOptions::NX))
        .await?;
    let (count, _): (i64, i64) = pipeline.all().await?;
    Ok(u32::try_from(count).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_parse_in_readable_units() {
        assert_eq!(
            "120/min".parse(),
            Ok(Limit {
                max: 120,
                per_secs: 60
            })
        );
        assert_eq!("5/s".parse(), Ok(Limit { max: 5, per_secs: 1 }));
        assert_eq!(
            "10/30s".parse(),
            Ok(Limit {
                max: 10,
                per_secs: 30
            })
        );
        assert_eq!(
            "1000/hour".parse(),
            Ok(Limit {
                max: 1000,
                per_secs: 3600
            })
        );
        for bad in ["", "10", "x/min", "0/min", "10/fortnight", "10/0s"] {
            assert!(bad.parse::<Limit>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_window_allows_max_requests_then_says_when_to_retry() {
        let counters = MemoryCounters::default();
        let limit = Limit { max: 2, per_secs: 60 };
        let now = 1_000_030;
        let (start, key) = window("token", "c1", limit, now);
        assert_eq!(start, 1_000_020);
        let decisions: Vec<_> = (0..3)
            .map(|_| decide(counters.increment(&key, start, now), limit, start, now))
            .collect();
        assert_eq!(
            decisions,
            [
                Decision::Allowed,
                Decision::Allowed,
                Decision::Limited { retry_after: 50 }
            ]
        );
    }

    #[test]
    fn a_new_window_starts_afresh() {
        let counters = MemoryCounters::default();
        let limit = Limit { max: 1, per_secs: 10 };
        let (start, key) = window("b", "k", limit, 100);
        assert_eq!(counters.increment(&key, start, 100), 1);
        let (start, key) = window("b", "k", limit, 110);
        assert_eq!(counters.increment(&key, start, 110), 1);
    }
}
