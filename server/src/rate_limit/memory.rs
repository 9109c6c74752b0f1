//! Counters in this process's memory, for a single instance.
//!
//! A bounded cache (moka) holds one counter per window key. Each entry expires when its window
//! ends, keys are bounded (see `keys`), and the whole store has a hard cap on its estimated size
//! ([`MEMORY_CAP_BYTES`]). Eviction, when full, is moka's TinyLFU: a new key is admitted only if
//! it is estimated to be used more often than the least recently used one it would replace, so a
//! flood of one-off keys (distinct client ids, say) cannot push out the counters that are being
//! hit — the flooder's own address above all. No request ever scans the store; expiry and
//! eviction run in small amortised batches.

use moka::Expiry;
use moka::sync::Cache;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// The most memory the counters may take, as estimated per entry by [`entry_weight`]: about
/// 60,000 counters of the usual size.
pub const MEMORY_CAP_BYTES: u64 = 32 * 1024 * 1024;

/// What one counter costs beyond its key: the count, its expiry and the cache's bookkeeping
/// (measured: 200,000 counters with 62-byte keys took 509 bytes each of resident memory).
const ENTRY_OVERHEAD_BYTES: u32 = 448;

/// One window's count.
#[derive(Debug)]
struct Window {
    count: AtomicU32,
    lives_for: Duration,
}

struct UntilWindowEnds;

impl Expiry<String, Arc<Window>> for UntilWindowEnds {
    fn expire_after_create(
        &self,
        _key: &String,
        window: &Arc<Window>,
        _created_at: Instant,
    ) -> Option<Duration> {
        Some(window.lives_for)
    }
}

#[expect(
    clippy::ptr_arg,
    reason = "moka's weigher is called with the key type, String"
)]
fn entry_weight(key: &String, _window: &Arc<Window>) -> u32 {
    u32::try_from(key.len())
        .unwrap_or(u32::MAX)
        .saturating_add(ENTRY_OVERHEAD_BYTES)
}

/// Counts requests in memory.
pub struct MemoryCounters {
    windows: Cache<String, Arc<Window>>,
}

impl Default for MemoryCounters {
    fn default() -> Self {
        Self::with_cap(MEMORY_CAP_BYTES)
    }
}

impl MemoryCounters {
    /// Counters taking at most about `cap_bytes`.
    pub fn with_cap(cap_bytes: u64) -> Self {
        Self {
            windows: Cache::builder()
                .max_capacity(cap_bytes)
                .weigher(entry_weight)
                .expire_after(UntilWindowEnds)
                .build(),
        }
    }

    /// Adds one to the counter `key`, which lives `lives_for` (until its window ends); returns
    /// the count so far.
    pub fn increment(&self, key: &str, lives_for: Duration) -> u32 {
        let window = self.windows.get_with_by_ref(key, || {
            Arc::new(Window {
                count: AtomicU32::new(0),
                lives_for,
            })
        });
        window.count.fetch_add(1, Ordering::Relaxed).saturating_add(1)
    }

    /// The counter `key` as it is (0 when there is none).
    pub fn get(&self, key: &str) -> u32 {
        self.windows
            .get(key)
            .map_or(0, |window| window.count.load(Ordering::Relaxed))
    }

    /// How many counters are held (after pending expiries and evictions have run).
    pub fn len(&self) -> u64 {
        self.windows.run_pending_tasks();
        self.windows.entry_count()
    }

    /// Whether no counter is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The estimated memory the counters take.
    pub fn weight(&self) -> u64 {
        self.windows.run_pending_tasks();
        self.windows.weighted_size()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_go_up_per_key() {
        let counters = MemoryCounters::default();
        let minute = Duration::from_secs(60);
        assert_eq!(counters.increment("a", minute), 1);
        assert_eq!(counters.increment("a", minute), 2);
        assert_eq!(counters.increment("b", minute), 1);
        assert_eq!(counters.get("a"), 2);
        assert_eq!(counters.get("c"), 0);
    }

    #[test]
    fn entries_expire_with_their_window() {
        let counters = MemoryCounters::default();
        counters.increment("short", Duration::from_millis(50));
        counters.increment("long", Duration::from_secs(60));
        std::thread::sleep(Duration::from_millis(120));
        assert_eq!(counters.get("short"), 0, "the window has ended");
        assert_eq!(counters.get("long"), 1);
        // Memory is given back at the expiry wheel's next tick (about a second).
        std::thread::sleep(Duration::from_millis(1500));
        assert_eq!(counters.len(), 1, "the ended window is gone from memory");
    }

    #[test]
    fn a_flood_of_distinct_keys_stays_under_the_cap_and_keeps_the_busy_counters() {
        let cap = 256 * 1024;
        let counters = MemoryCounters::with_cap(cap);
        let minute = Duration::from_secs(60);
        for round in 0..200_000u32 {
            // The flooder's own address is counted on every request...
            counters.increment("rl:oauth-source:203.0.113.9:0", minute);
            // ...beside a distinct one-off key each time.
            counters.increment(&format!("rl:token-failures:mnc_{round}:0"), minute);
        }
        assert!(counters.weight() <= cap, "{} bytes held", counters.weight());
        assert_eq!(
            counters.get("rl:oauth-source:203.0.113.9:0"),
            200_000,
            "the busy counter was never evicted"
        );
    }
}
