//! Sessions (tower-sessions): stored in SQLite or PostgreSQL beside the portal's data, or in
//! Redis when `PORTAL_REDIS_URL` is set, so several instances share them. The cookie is
//! `HttpOnly`, `SameSite=Lax`, `Secure` (and `__Host-` prefixed) behind HTTPS, expires after
//! a spell of inactivity, and the id is cycled at sign-in (see `app::ssr::session`).
//!
//! The store knows whether it is reachable: while Redis has no live connection every operation
//! fails at once (nothing waits for a timeout), and a failure is remembered for a moment so the
//! portal can answer "try again shortly" (see `http::session_outage`) instead of a bare 500.

use crate::db::Backend;
use async_trait::async_trait;
use fred::prelude::Pool as RedisPool;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tower_sessions::cookie::SameSite;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_redis_store::RedisStore;
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

/// How long a session lasts without a request.
pub const IDLE_TIMEOUT: time::Duration = time::Duration::hours(12);

/// How long after a failed store operation the store counts as unavailable (unless a later
/// operation succeeds first).
const OUTAGE_MEMORY: Duration = Duration::from_secs(2);
/// How long a request waits for a database connection before its session counts as
/// unavailable (the database is down or saturated).
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

/// Where sessions live, and whether that place is reachable now.
#[derive(Debug, Clone)]
pub struct PortalSessionStore {
    store: Store,
    health: Arc<StoreHealth>,
}

#[derive(Debug, Clone)]
enum Store {
    /// The SQLite database file.
    Sqlite(SqliteStore),
    /// The PostgreSQL database.
    Postgres(PostgresStore),
    /// Redis (shared by every instance).
    Redis(RedisStore<RedisPool>, RedisPool),
}

/// When the store last failed, as milliseconds since `started` (0: never).
#[derive(Debug)]
struct StoreHealth {
    started: Instant,
    last_failure_ms: AtomicU64,
}

impl StoreHealth {
    fn now_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis())
            .unwrap_or(u64::MAX)
            .max(1)
    }

    fn record<T>(&self, result: session_store::Result<T>) -> session_store::Result<T> {
        match &result {
            Ok(_) => self.last_failure_ms.store(0, Ordering::Relaxed),
            Err(_) => self.last_failure_ms.store(self.now_ms(), Ordering::Relaxed),
        }
        result
    }

    fn failed_within(&self, window: Duration) -> bool {
        let last = self.last_failure_ms.load(Ordering::Relaxed);
        last != 0
            && self.now_ms().saturating_sub(last) <= u64::try_from(window.as_millis()).unwrap_or(u64::MAX)
    }

    fn failed_since(&self, since: Instant) -> bool {
        let last = self.last_failure_ms.load(Ordering::Relaxed);
        last != 0 && Duration::from_millis(last) >= since.saturating_duration_since(self.started)
    }
}

impl PortalSessionStore {
    /// Opens the store: Redis when a pool is given, else the portal's own database.
    pub async fn open(
        database_url: &str,
        backend: Backend,
        redis: Option<RedisPool>,
    ) -> Result<Self, String> {
        let store = Self::open_store(database_url, backend, redis).await?;
        Ok(Self {
            store,
            health: Arc::new(StoreHealth {
                started: Instant::now(),
                last_failure_ms: AtomicU64::new(0),
            }),
        })
    }

    async fn open_store(
        database_url: &str,
        backend: Backend,
        redis: Option<RedisPool>,
    ) -> Result<Store, String> {
        if let Some(pool) = redis {
            return Ok(Store::Redis(RedisStore::new(pool.clone()), pool));
        }
        let describe = |error: sqlx::Error| error.to_string().lines().next().unwrap_or_default().to_owned();
        match backend {
            Backend::Sqlite => {
                let pool = sqlx::sqlite::SqlitePoolOptions::new()
                    .max_connections(4)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .connect(database_url)
                    .await
                    .map_err(describe)?;
                let store = SqliteStore::new(pool);
                store.migrate().await.map_err(describe)?;
                Ok(Store::Sqlite(store))
            }
            Backend::Postgres => {
                let pool = sqlx::postgres::PgPoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .connect(database_url)
                    .await
                    .map_err(describe)?;
                let store = PostgresStore::new(pool);
                store.migrate().await.map_err(describe)?;
                Ok(Store::Postgres(store))
            }
        }
    }

    /// Whether sessions can be read and written now, as far as this instance knows without a
    /// round trip: Redis has a live connection, and no store operation failed a moment ago.
    pub fn is_available(&self) -> bool {
        let connected = match &self.store {
            Store::Redis(_, pool) => crate::redis_pool::is_up(pool),
            Store::Sqlite(_) | Store::Postgres(_) => true,
        };
        connected && !self.health.failed_within(OUTAGE_MEMORY)
    }

    /// Whether a store operation failed at or after `since` (during one request, say).
    pub fn failed_since(&self, since: Instant) -> bool {
        self.health.failed_since(since)
    }

    /// Whether the store answers now (a round trip; for readiness checks).
    pub async fn answers(&self) -> bool {
        let answered = match &self.store {
            Store::Redis(_, pool) => crate::redis_pool::answers(pool).await,
            Store::Sqlite(store) => store.load(&Id::default()).await.is_ok(),
            Store::Postgres(store) => store.load(&Id::default()).await.is_ok(),
        };
        let outcome = if answered {
            Ok(())
        } else {
            Err(session_store::Error::Backend("no answer".into()))
        };
        self.health.record(outcome).is_ok()
    }

    /// Deletes expired sessions now and then (Redis expires its keys by itself).
    pub async fn delete_expired_periodically(self) {
        let mut ticks = tokio::time::interval(Duration::from_secs(600));
        loop {
            ticks.tick().await;
            let result = match &self.store {
                Store::Sqlite(store) => store.delete_expired().await,
                Store::Postgres(store) => store.delete_expired().await,
                Store::Redis(..) => return,
            };
            if let Err(error) = result {
                tracing::warn!(%error, "could not delete expired sessions");
            }
        }
    }

    /// Closes the store's connections (at shutdown).
    pub async fn close(&self) {
        match &self.store {
            Store::Sqlite(_) | Store::Postgres(_) => {}
            Store::Redis(_, pool) => {
                let _ = fred::prelude::ClientLike::quit(pool).await;
            }
        }
    }

    /// The session cookie's name.
    pub fn cookie_name(https: bool) -> &'static str {
        if https {
            "__Host-portal-session"
        } else {
            "portal_session"
        }
    }

    /// The layer that loads and saves sessions for the routes it wraps.
    pub fn layer(self, https: bool) -> SessionManagerLayer<Self> {
        SessionManagerLayer::new(self)
            .with_name(Self::cookie_name(https))
            .with_http_only(true)
            .with_same_site(SameSite::Lax)
            .with_secure(https)
            .with_path("/")
            .with_expiry(Expiry::OnInactivity(IDLE_TIMEOUT))
    }

    /// The store to use, or an error at once while Redis has no live connection (rather than
    /// queue a command).
    fn reachable(&self) -> session_store::Result<&dyn SessionStore> {
        match &self.store {
            Store::Redis(_, pool) if !crate::redis_pool::is_up(pool) => {
                Err(session_store::Error::Backend("Redis is not connected".into()))
            }
            Store::Sqlite(store) => Ok(store),
            Store::Postgres(store) => Ok(store),
            Store::Redis(store, _) => Ok(store),
        }
    }
}

#[async_trait]
impl SessionStore for PortalSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let result = match self.reachable() {
            Ok(store) => store.create(record).await,
            Err(error) => Err(error),
        };
        self.health.record(result)
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let result = match self.reachable() {
            Ok(store) => store.save(record).await,
            Err(error) => Err(error),
        };
        self.health.record(result)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let result = match self.reachable() {
            Ok(store) => store.load(id).await,
            Err(error) => Err(error),
        };
        self.health.record(result)
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        let result = match self.reachable() {
            Ok(store) => store.delete(id).await,
            Err(error) => Err(error),
        };
        self.health.record(result)
    }
}
