//! The command line: `portal [serve]` and the administration subcommands.

use clap::{Parser, Subcommand};
use secrecy::SecretString;
use std::path::PathBuf;

/// The API marketplace developer portal, with its embedded OAuth 2.0 sandbox.
#[derive(Debug, Parser)]
#[command(name = "portal", version, about, after_help = crate::config::variables_help())]
pub struct Cli {
    /// Read settings from this TOML file (default: ./portal.toml if it exists).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// What to do; `serve` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the portal (the default).
    Serve,
    /// Check the content and every API document without serving: print each problem and
    /// exit 1 if there is any.
    Check,
    /// Manage sandbox clients (for scripts and tests).
    #[command(subcommand)]
    Client(ClientCommand),
    /// Write a consistent copy of the SQLite database to a new file.
    ///
    /// Safe while the portal serves. The copy does not hold the portal key: keep `secret.key`
    /// (or `PORTAL_SECRET_KEY`) with it. On PostgreSQL, use `pg_dump` instead.
    Backup {
        /// The file to write; it must not exist yet, and its folder must.
        #[arg(long, value_name = "FILE")]
        to: PathBuf,
    },
    /// Copy this SQLite portal into an empty PostgreSQL database.
    ///
    /// Accounts, clients, their history, unexpired token revocations and settings (the key
    /// fingerprint among them) are copied in one transaction: everything or nothing. Sandbox
    /// attachments and sessions are not copied. Start the portal on PostgreSQL afterwards with
    /// the same portal key.
    Migrate {
        /// The target database, `postgres://…` (never printed). PORTAL_MIGRATE_TO keeps it
        /// out of the process list.
        #[arg(
            long,
            value_name = "URL",
            env = "PORTAL_MIGRATE_TO",
            hide_env_values = true,
            value_parser = secret
        )]
        to: SecretString,
    },
}

/// Keeps a command-line value that may hold a password out of `Debug` output.
fn secret(value: &str) -> Result<SecretString, std::convert::Infallible> {
    Ok(SecretString::from(value.to_owned()))
}

/// `portal client …`.
#[derive(Debug, Subcommand)]
pub enum ClientCommand {
    /// Create a client and print its id and secret (the secret is shown only here).
    Create {
        /// A name to recognise the client by.
        #[arg(long)]
        name: String,
        /// Space-separated scopes (default: all sandbox scopes).
        #[arg(long)]
        scope: Option<String>,
        /// Print `{"client_id", "client_secret"}` as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List clients (never their secrets).
    List {
        /// Print a JSON array.
        #[arg(long)]
        json: bool,
    },
    /// Revoke a client for good: its secret and tokens stop working.
    Revoke {
        /// The client id.
        client_id: String,
    },
    /// Suspend a client: token requests get `unauthorized_client` until it is resumed.
    Suspend {
        /// The client id.
        client_id: String,
    },
    /// Lift a suspension.
    Resume {
        /// The client id.
        client_id: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn serve_is_the_default() {
        let cli = Cli::try_parse_from(["portal"]).expect("parses");
        assert!(cli.command.is_none());
    }

    #[test]
    fn client_create_takes_a_name_scopes_and_json() {
        let cli = Cli::try_parse_from([
            "portal",
            "client",
            "create",
            "--name",
            "ci",
            "--scope",
            "claims.attachments.read",
            "--json",
        ])
        .expect("parses");
        assert!(matches!(
            cli.command,
            Some(Command::Client(ClientCommand::Create { ref name, json: true, .. })) if name == "ci"
        ));
        assert!(
            Cli::try_parse_from(["portal", "client", "create"]).is_err(),
            "a name is required"
        );
    }

    #[test]
    fn backup_and_migrate_take_a_target_that_debug_never_shows() {
        let cli = Cli::try_parse_from(["portal", "backup", "--to", "copy.db"]).expect("parses");
        assert!(
            matches!(cli.command, Some(Command::Backup { ref to }) if to == std::path::Path::new("copy.db"))
        );
        let url = "postgres://portal:hunter2@db.internal/portal";
        let cli = Cli::try_parse_from(["portal", "migrate", "--to", url]).expect("parses");
        assert!(matches!(cli.command, Some(Command::Migrate { .. })));
        assert!(!format!("{cli:?}").contains("hunter2"), "{cli:?}");
        assert!(
            Cli::try_parse_from(["portal", "backup"]).is_err(),
            "a target is required"
        );
    }

    #[test]
    fn help_lists_the_variables() {
        let help = Cli::command().render_help().to_string();
        assert!(help.contains("PORTAL_ADDR"), "{help}");
        assert!(help.contains("serve"), "{help}");
    }
}
