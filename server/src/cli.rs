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
    fn help_lists_the_variables() {
        let help = Cli::command().render_help().to_string();
        assert!(help.contains("PORTAL_ADDR"), "{help}");
        assert!(help.contains("serve"), "{help}");
    }
}
