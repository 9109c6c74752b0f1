//! Operator commands: `portal backup` (a consistent copy of the SQLite database) and
//! `portal migrate` (a SQLite portal's data moved into an empty PostgreSQL database).

pub mod backup;
pub mod migrate;

use crate::config::{Config, ConfigError};
use crate::crypto::key::KEY_FILE;
use crate::db::Database;
use secrecy::ExposeSecret;
use sqlx::sqlite::SqliteConnectOptions;
use std::path::PathBuf;
use std::str::FromStr;

/// The database the configuration points at.
enum Source {
    /// A SQLite file that exists.
    Sqlite {
        /// Its sqlx URL.
        url: String,
        /// The file.
        file: PathBuf,
    },
    /// A PostgreSQL server (the URL is never needed, nor shown).
    Postgres,
}

/// Where the configured database is; a SQLite file must already exist (these commands never
/// make an empty portal).
fn configured_source(config: &Config) -> Result<Source, ConfigError> {
    let (url, origin) = match &config.database_url {
        Some(url) if url.expose_secret().starts_with("sqlite:") => {
            (url.expose_secret().to_owned(), "PORTAL_DATABASE_URL")
        }
        Some(_) => return Ok(Source::Postgres),
        None => (Database::sqlite_url(&config.data_dir), "PORTAL_DATA_DIR"),
    };
    let file = SqliteConnectOptions::from_str(&url)
        .map_err(|_| ConfigError {
            origin: origin.into(),
            reason: "is not a usable SQLite database URL".into(),
        })?
        .get_filename()
        .to_path_buf();
    if !file.is_file() {
        let advice = match origin {
            "PORTAL_DATA_DIR" => "; set PORTAL_DATA_DIR to the portal's data folder",
            _ => "",
        };
        return Err(ConfigError {
            origin: origin.into(),
            reason: format!("there is no portal database at `{}`{advice}", file.display()),
        });
    }
    Ok(Source::Sqlite { url, file })
}

/// Where this portal's key comes from, in words an operator can act on.
fn key_source(config: &Config) -> String {
    if config.secret_key.is_some() {
        "PORTAL_SECRET_KEY".to_owned()
    } else {
        format!("`{}`", config.data_dir.join(KEY_FILE).display())
    }
}
