//! The command line: `portal [serve]` and the administration subcommands.

use clap::{Parser, Subcommand};
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
    fn help_lists_the_variables() {
        let help = Cli::command().render_help().to_string();
        assert!(help.contains("PORTAL_ADDR"), "{help}");
        assert!(help.contains("serve"), "{help}");
    }
}
