//! `portal backup --to FILE`: a consistent snapshot of the SQLite database (`VACUUM INTO`),
//! safe to take while the portal serves; PostgreSQL is backed up with `pg_dump`.

use super::Source;
use crate::config::{Config, ConfigError};
use anyhow::Context;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::io::Write;
use std::path::Path;
use std::str::FromStr;

/// What to do instead on PostgreSQL (the URL itself is never printed: it may hold a password).
pub const POSTGRES_ADVICE: &str = "backup copies the SQLite database only, and this portal runs on PostgreSQL: \
     back it up with `pg_dump --format=custom --file=portal.dump \"$PORTAL_DATABASE_URL\"`";

/// Writes a copy of the configured SQLite database to `to`, which must not exist yet, and
/// says what was written.
pub async fn run(config: &Config, to: &Path, out: &mut impl Write) -> anyhow::Result<()> {
    let (url, source_file) = match super::configured_source(config)? {
        Source::Sqlite { url, file } => (url, file),
        Source::Postgres => anyhow::bail!(POSTGRES_ADVICE),
    };
    let target = to.to_str().ok_or_else(|| to_error("must be a UTF-8 path"))?;
    create_empty_private_file(to)?;
    match snapshot(&url, target).await {
        Ok(()) => {}
        Err(error) => {
            // Only the empty file made above is removed; nothing else is ever deleted.
            let _ = std::fs::remove_file(to);
            return Err(error);
        }
    }
    let size = std::fs::metadata(to)
        .with_context(|| format!("failed to read the size of `{}`", to.display()))?
        .len();
    writeln!(
        out,
        "Wrote `{}` ({}): a consistent copy of `{}`.",
        to.display(),
        human_size(size),
        source_file.display()
    )?;
    writeln!(
        out,
        "It does not hold the portal key: keep {} with it, or its client secrets cannot be used.",
        super::key_source(config)
    )?;
    Ok(())
}

/// Creates `path` empty and readable by its owner only (the copy holds password and secret
/// hashes), refusing an existing file: `VACUUM INTO` accepts an empty file as its target.
fn create_empty_private_file(path: &Path) -> Result<(), ConfigError> {
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        return Err(to_error(format!(
            "the folder `{}` does not exist; create it first",
            folder.display()
        )));
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => Err(to_error(format!(
            "`{}` already exists; a backup never overwrites a file, so choose a new name",
            path.display()
        ))),
        Err(error) => Err(to_error(format!("cannot create `{}`: {error}", path.display()))),
    }
}

/// Copies the database at `url` into the empty file `target` in one read transaction.
async fn snapshot(url: &str, target: &str) -> anyhow::Result<()> {
    let mut connection = SqliteConnectOptions::from_str(url)
        .context("failed to read the SQLite database URL")?
        .create_if_missing(false)
        .disable_statement_logging()
        .connect()
        .await
        .context("failed to open the SQLite database")?;
    sqlx::query("VACUUM INTO ?1")
        .bind(target)
        .execute(&mut connection)
        .await
        .context("failed to write the copy")?;
    connection
        .close()
        .await
        .context("failed to close the SQLite database")?;
    Ok(())
}

fn to_error(reason: impl Into<String>) -> ConfigError {
    ConfigError {
        origin: "--to".into(),
        reason: reason.into(),
    }
}

/// `512 bytes`, `48.0 KiB`, `3.2 MiB`.
fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 3] = ["KiB", "MiB", "GiB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut size = bytes as f64 / 1024.0;
    let mut unit = 0;
    while size >= 1024.0 && unit + 1 < UNITS.len() {
        size /= 1024.0;
        unit += 1;
    }
    format!("{size:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_shown_in_binary_units() {
        assert_eq!(human_size(512), "512 bytes");
        assert_eq!(human_size(48 * 1024), "48.0 KiB");
        assert_eq!(human_size(3 * 1024 * 1024 + 200 * 1024), "3.2 MiB");
    }

    #[test]
    fn an_existing_file_or_a_missing_folder_is_refused() {
        let dir = tempfile::tempdir().expect("dir");
        let existing = dir.path().join("taken.db");
        std::fs::write(&existing, b"precious").expect("write");
        let error = create_empty_private_file(&existing).expect_err("refused");
        assert!(error.reason.contains("already exists"), "{error}");
        assert_eq!(std::fs::read(&existing).expect("read"), b"precious");
        let error = create_empty_private_file(&dir.path().join("missing/x.db")).expect_err("refused");
        assert!(
            error.reason.contains("does not exist; create it first"),
            "{error}"
        );
    }
}
