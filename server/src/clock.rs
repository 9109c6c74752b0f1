//! Time, as a port: the system clock in production, a hand-moved clock in tests, so token
//! expiry, rate-limit windows and attachment processing can be tested without sleeping.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// A source of the current time, in whole seconds since the Unix epoch.
pub trait Clock: Send + Sync + 'static {
    /// Seconds since 1970-01-01T00:00:00Z.
    fn now(&self) -> i64;
}

/// The clock every component shares.
pub type SharedClock = Arc<dyn Clock>;

/// The real time.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        time::OffsetDateTime::now_utc().unix_timestamp()
    }
}

/// A clock that only moves when told to (for tests).
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<AtomicI64>);

impl ManualClock {
    /// A clock standing at `now`.
    pub fn starting_at(now: i64) -> Self {
        Self(Arc::new(AtomicI64::new(now)))
    }

    /// Moves the clock forward by `seconds`.
    pub fn advance(&self, seconds: i64) {
        self.0.fetch_add(seconds, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// Formats seconds since the epoch as RFC 3339 (`2026-11-29T10:15:00Z`).
pub fn rfc3339(seconds: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .and_then(|at| at.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_advanced() {
        let clock = ManualClock::starting_at(1_000);
        assert_eq!(clock.now(), 1_000);
        clock.advance(5);
        assert_eq!(clock.now(), 1_005);
    }

    #[test]
    fn times_are_formatted_as_rfc3339_utc() {
        assert_eq!(rfc3339(1_795_947_300), "2026-11-29T10:15:00Z");
    }
}
