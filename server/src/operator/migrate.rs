//! `portal migrate --to postgres://…`: copies a SQLite portal's accounts, clients, their
//! history, unexpired token revocations and settings (the key fingerprint among them) into an
//! empty PostgreSQL database, in one transaction there. Sandbox attachments and sessions stay
//! behind. The target URL is a secret: it is never printed.

use super::Source;
use crate::clock::{Clock, SystemClock};
use crate::config::{Config, ConfigError};
use crate::db::Database;
use crate::db::export::{Export, ImportOutcome};
use crate::startup::open_storage;
use anyhow::Context;
use secrecy::{ExposeSecret, SecretString};
use std::io::Write;

/// Copies the configured SQLite portal into the empty PostgreSQL database at `to` and prints
/// what was copied and what to do next.
pub async fn run(config: &Config, to: &SecretString, out: &mut impl Write) -> anyhow::Result<()> {
    match super::configured_source(config)? {
        Source::Sqlite { .. } => {}
        Source::Postgres => anyhow::bail!(
            "migrate copies a SQLite portal into PostgreSQL, and this portal already runs on PostgreSQL \
             (PORTAL_DATABASE_URL); to move it to another server use pg_dump and pg_restore"
        ),
    }
    let target_url = to.expose_secret();
    if !(target_url.starts_with("postgres://") || target_url.starts_with("postgresql://")) {
        return Err(to_error(
            "must be the postgres:// (or postgresql://) URL of an empty PostgreSQL database \
             (the value is not shown: it may hold a password)",
        )
        .into());
    }
    // Opening the source as the portal does checks that this is the key its secrets were
    // made under, so the copy is only ever made with the key it will need.
    let (source, _key) = open_storage(config).await?;
    let copied = copy(&source, target_url).await;
    source.close().await;
    let export = copied?;
    write_summary(config, &export, out)?;
    Ok(())
}

/// Reads the source and writes it into the target (migrated first); nothing is written there
/// unless everything is.
async fn copy(source: &Database, target_url: &str) -> anyhow::Result<Export> {
    let target = Database::connect(target_url).await.map_err(|reason| {
        to_error(format!(
            "{reason} (the value is not shown: it may hold a password)"
        ))
    })?;
    let result = async {
        let export = source
            .export(SystemClock.now())
            .await
            .context("failed to read the SQLite database")?;
        let outcome = target
            .import_into_empty(&export)
            .await
            .context("failed to copy into PostgreSQL; nothing was copied there")?;
        match outcome {
            ImportOutcome::Imported => Ok(export),
            ImportOutcome::NotEmpty { accounts, clients } => anyhow::bail!(
                "the PostgreSQL database given with --to already holds {accounts} account(s) and \
                 {clients} client(s); migrate copies into an empty portal database only, and nothing was changed"
            ),
            ImportOutcome::OtherKey => anyhow::bail!(
                "the PostgreSQL database given with --to was set up by a portal with a different key; \
                 migrate into a new, empty database (nothing was changed)"
            ),
        }
    }
    .await;
    target.close().await;
    result
}

fn write_summary(config: &Config, export: &Export, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "Copied the SQLite portal into the PostgreSQL database given with --to, in one transaction:"
    )?;
    for (count, what) in [
        (export.accounts.len(), "accounts"),
        (export.clients.len(), "clients"),
        (export.client_events.len(), "client history events"),
        (
            export.revoked_tokens.len(),
            "token revocations (those not expired yet)",
        ),
        (export.settings.len(), "settings (with the key fingerprint)"),
    ] {
        writeln!(out, "  {count:>6}  {what}")?;
    }
    writeln!(
        out,
        "Not copied: {} sandbox attachment(s) (test data, kept only for PORTAL_CLAIMS_RETENTION) \
         and sessions (people sign in again).",
        export.attachments_left_out
    )?;
    writeln!(
        out,
        "Next: stop the portal, then start it with PORTAL_DATABASE_URL set to that URL and the same key \
         ({}); a portal started with another key refuses the database.",
        key_advice(config)
    )?;
    Ok(())
}

/// How to start the PostgreSQL portal with this portal's key.
fn key_advice(config: &Config) -> String {
    if config.secret_key.is_some() {
        "the same PORTAL_SECRET_KEY".to_owned()
    } else {
        format!(
            "keep {} in PORTAL_DATA_DIR, or set PORTAL_SECRET_KEY to its contents",
            super::key_source(config)
        )
    }
}

fn to_error(reason: impl Into<String>) -> ConfigError {
    ConfigError {
        origin: "--to".into(),
        reason: reason.into(),
    }
}
