//! The `portal` binary: parse the command line, read the configuration, run the command.

use clap::Parser;
use server::cli::{Cli, Command};
use server::config::Config;
use server::startup::Application;
use std::process::ExitCode;

// Rendering pages allocates many short-lived strings; mimalloc handles that pattern better
// than the system allocator (see bench/content.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::from_env(cli.config.as_deref()) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("portal: configuration error: {error}");
            return ExitCode::from(2);
        }
    };
    server::telemetry::init(&config.log_filter, config.log_format);

    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("portal: failed to start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => runtime.block_on(serve(config)),
        Command::Check => match server::check::run(&config, &mut std::io::stdout().lock()) {
            Ok(true) => Ok(()),
            Ok(false) => return ExitCode::from(1),
            Err(error) => Err(error),
        },
        Command::Client(command) => runtime.block_on(server::client_commands::run(
            &config,
            command,
            &mut std::io::stdout().lock(),
        )),
        Command::Backup { to } => runtime.block_on(server::operator::backup::run(
            &config,
            &to,
            &mut std::io::stdout().lock(),
        )),
        Command::Migrate { to } => runtime.block_on(server::operator::migrate::run(
            &config,
            &to,
            &mut std::io::stdout().lock(),
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => match error.downcast_ref::<server::config::ConfigError>() {
            Some(config_error) => {
                eprintln!("portal: configuration error: {config_error}");
                ExitCode::from(2)
            }
            None => {
                eprintln!("portal: {error:#}");
                ExitCode::FAILURE
            }
        },
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let application = Application::build(config).await?;
    tracing::info!(address = %application.local_addr(), "portal is listening");
    application.run_until_stopped(shutdown_signal()).await?;
    tracing::info!("portal stopped");
    Ok(())
}

/// Completes on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
