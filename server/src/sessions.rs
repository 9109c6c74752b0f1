//! Sessions (tower-sessions): stored in SQLite or PostgreSQL beside the portal's data, or in
//! Redis when `PORTAL_REDIS_URL` is set, so several instances share them. The cookie is
//! `HttpOnly`, `SameSite=Lax`, `Secure` (and `__Host-` prefixed) behind HTTPS, expires after
//! a spell of inactivity, and the id is cycled at sign-in (see `app::ssr::session`).

use crate::db::Backend;
use async_trait::async_trait;
use fred::prelude::Pool as RedisPool;
use std::time::Duration;
use tower_sessions::cookie::SameSite;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_redis_store::RedisStore;
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

/// How long a session lasts without a request.
pub const IDLE_TIMEOUT: time::Duration = time::Duration::hours(12);

/// Where sessions live.
#[derive(Debug, Clone)]
pub enum PortalSessionStore {
    /// The SQLite database file.
    Sqlite(SqliteStore),
    /// The PostgreSQL database.
    Postgres(PostgresStore),
    /// Redis (shared by every instance).
    Redis(RedisStore<RedisPool>),
}

impl PortalSessionStore {
    /// Opens the store: Redis when a pool is given, else the portal's own database.
    pub async fn open(
        database_url: &str,
        backend: Backend,
        redis: Option<RedisPool>,
    ) -> Result<Self, String> {
        if let Some(pool) = redis {
            return Ok(Self::Redis(RedisStore::new(pool)));
        }
        let describe = |error: sqlx::Error| error.to_string().lines().next().unwrap_or_default().to_owned();
        match backend {
            Backend::Sqlite => {
                let pool = sqlx::sqlite::SqlitePoolOptions::new()
                    .max_connections(4)
                    .connect(database_url)
                    .await
                    .map_err(describe)?;
                let store = SqliteStore::new(pool);
                store.migrate().await.map_err(describe)?;
                Ok(Self::Sqlite(store))
            }
            Backend::Postgres => {
                let pool = sqlx::postgres::PgPoolOptions::new()
                    .max_connections(8)
                    .connect(database_url)
                    .await
                    .map_err(describe)?;
                let store = PostgresStore::new(pool);
                store.migrate().await.map_err(describe)?;
                Ok(Self::Postgres(store))
            }
        }
    }

    /// Deletes expired sessions now and then (Redis expires its keys by itself).
    pub async fn delete_expired_periodically(self) {
        let mut ticks = tokio::time::interval(Duration::from_secs(600));
        loop {
            ticks.tick().await;
            let result = match &self {
                Self::Sqlite(store) => store.delete_expired().await,
                Self::Postgres(store) => store.delete_expired().await,
                Self::Redis(_) => return,
            };
            if let Err(error) = result {
                tracing::warn!(%error, "could not delete expired sessions");
            }
        }
    }

    /// The layer that loads and saves sessions for the routes it wraps.
    pub fn layer(self, https: bool) -> SessionManagerLayer<Self> {
        SessionManagerLayer::new(self)
            .with_name(if https {
                "__Host-portal-session"
            } else {
                "portal_session"
            })
            .with_http_only(true)
            .with_same_site(SameSite::Lax)
            .with_secure(https)
            .with_path("/")
            .with_expiry(Expiry::OnInactivity(IDLE_TIMEOUT))
    }
}

#[async_trait]
impl SessionStore for PortalSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Self::Sqlite(store) => store.create(record).await,
            Self::Postgres(store) => store.create(record).await,
            Self::Redis(store) => store.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Self::Sqlite(store) => store.save(record).await,
            Self::Postgres(store) => store.save(record).await,
            Self::Redis(store) => store.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Self::Sqlite(store) => store.load(id).await,
            Self::Postgres(store) => store.load(id).await,
            Self::Redis(store) => store.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Self::Sqlite(store) => store.delete(id).await,
            Self::Postgres(store) => store.delete(id).await,
            Self::Redis(store) => store.delete(id).await,
        }
    }
}

/// Connects to Redis (`redis://…`), for sessions and rate-limit counters.
pub async fn connect_redis(url: &str) -> Result<RedisPool, String> {
    use fred::prelude::*;
    let config = Config::from_url(url).map_err(|_| "is not a valid redis:// URL".to_owned())?;
    let pool = Builder::from_config(config)
        .with_connection_config(|connection| {
            connection.connection_timeout = Duration::from_secs(5);
        })
        .set_policy(ReconnectPolicy::new_exponential(0, 100, 5_000, 2))
        .build_pool(4)
        .map_err(|error| format!("cannot set up the connection ({error})"))?;
    pool.init()
        .await
        .map_err(|error| format!("cannot connect ({})", error.details()))?;
    Ok(pool)
}
