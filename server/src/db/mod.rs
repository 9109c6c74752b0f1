//! Storage: one interface over SQLite (the default, a file in the data folder, WAL journal)
//! and PostgreSQL (when `PORTAL_DATABASE_URL` is `postgres://…`), through sqlx's `Any` driver.
//! Queries are written once, with `$N` placeholders both backends accept; each backend has its
//! own migrations in `server/migrations/{sqlite,postgres}`.

mod accounts;
mod attachments;
mod clients;
pub mod export;
mod request_log;
mod revocations;
mod settings;

pub use accounts::AccountRow;
pub use attachments::{AttachmentRow, NewAttachment};
pub use clients::{ClientEventRow, ClientRow, NewClient};
pub use revocations::TokenStanding;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, ConnectOptions, Executor};
use std::str::FromStr;
use std::time::Duration;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// Which database is behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A local SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// A storage failure, mapped at the edge: `Unavailable` → 503, `Conflict` → 409 or a field
/// error, anything else → 500 with the cause logged.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The pool had no connection in time, or the server went away.
    #[error("the database is unavailable")]
    Unavailable(#[source] sqlx::Error),
    /// A unique constraint was violated.
    #[error("a record with the same key already exists")]
    Conflict,
    /// Anything else.
    #[error("database error")]
    Other(#[source] sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                Self::Unavailable(error)
            }
            sqlx::Error::Database(db) if db.is_unique_violation() => Self::Conflict,
            _ => Self::Other(error),
        }
    }
}

/// The portal's database.
#[derive(Debug, Clone)]
pub struct Database {
    pool: AnyPool,
    backend: Backend,
}

impl Database {
    /// Connects to `url` (`sqlite://…` or `postgres://…`) and brings the schema up to date.
    /// The error text never contains the URL (it may carry a password).
    pub async fn connect(url: &str) -> Result<Self, String> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err("must start with postgres:// or sqlite://".into());
        };
        let options = AnyConnectOptions::from_str(url)
            .map_err(|error| format!("is not a usable database URL ({})", describe(&error)))?
            .disable_statement_logging();
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(3))
            .after_connect(move |connection, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers run beside the writer; NORMAL sync keeps every
                        // committed write across a process crash (kill -9).
                        connection
                            .execute(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                                 PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
                            )
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(|error| format!("cannot connect ({})", describe(&error)))?;
        let migrator = match backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator
            .run(&pool)
            .await
            .map_err(|error| format!("cannot bring the schema up to date ({error})"))?;
        Ok(Self { pool, backend })
    }

    /// The SQLite database file for a data folder.
    pub fn sqlite_url(data_dir: &std::path::Path) -> String {
        format!("sqlite://{}?mode=rwc", data_dir.join("portal.db").display())
    }

    /// Which backend this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The connection pool, for the metrics' gauges (its size, the sessions table).
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Whether the database answers (for the health check).
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Closes every connection (at shutdown).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// A one-line description of a connection error that never includes the URL.
fn describe(error: &sqlx::Error) -> String {
    match error {
        sqlx::Error::Io(io) => io.to_string(),
        sqlx::Error::Database(db) => db.message().to_owned(),
        sqlx::Error::Configuration(_) => "invalid settings in the URL".to_owned(),
        sqlx::Error::Tls(_) => "TLS handshake failed".to_owned(),
        sqlx::Error::PoolTimedOut => "timed out".to_owned(),
        other => other.to_string().lines().next().unwrap_or_default().to_owned(),
    }
}
