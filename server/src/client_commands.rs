//! `portal client …`: create, list, revoke, suspend and resume sandbox clients from the shell.

use crate::cli::ClientCommand;
use crate::clock::SystemClock;
use crate::config::Config;
use crate::oauth::Sandbox;
use crate::oauth::clients::ClientError;
use crate::oauth::tokens::DEFAULT_LIFETIME_SECS;
use crate::startup::open_storage;
use secrecy::ExposeSecret;
use serde_json::json;
use std::io::Write;
use std::sync::Arc;

/// Runs one client command, writing its output to `out`.
pub async fn run(config: &Config, command: ClientCommand, out: &mut impl Write) -> anyhow::Result<()> {
    let (db, key) = open_storage(config).await?;
    let issuer = config.public_url_for(config.addr);
    let sandbox = Sandbox::new(db, &key, issuer, DEFAULT_LIFETIME_SECS, Arc::new(SystemClock));
    let clients = &sandbox.clients;
    let result = match command {
        ClientCommand::Create { name, scope, json } => {
            let credentials = clients
                .create(&name, None, scope.as_deref())
                .await
                .map_err(explain)?;
            if json {
                let body = json!({
                    "client_id": credentials.client_id,
                    "client_secret": credentials.client_secret.expose_secret(),
                });
                writeln!(out, "{body}")?;
            } else {
                writeln!(out, "Created sandbox client \"{}\".", name.trim())?;
                writeln!(out, "  MN-ClientId:     {}", credentials.client_id)?;
                writeln!(
                    out,
                    "  MN-ClientSecret: {}",
                    credentials.client_secret.expose_secret()
                )?;
                writeln!(out, "The secret is shown only now: store it somewhere safe.")?;
            }
            Ok(())
        }
        ClientCommand::List { json } => {
            let rows = clients.list(None).await.map_err(explain)?;
            if json {
                let list: Vec<_> = rows
                    .iter()
                    .map(|row| {
                        json!({
                            "client_id": row.id, "name": row.name, "scope": row.scopes, "status": row.status,
                            "created_at": crate::clock::rfc3339(row.created_at),
                            "last_used_at": row.last_used_at.map(crate::clock::rfc3339),
                        })
                    })
                    .collect();
                writeln!(out, "{}", serde_json::Value::from(list))?;
            } else if rows.is_empty() {
                writeln!(
                    out,
                    "No clients yet. Create one with: portal client create --name NAME"
                )?;
            } else {
                for row in rows {
                    writeln!(
                        out,
                        "{}  {:<9}  {}  ({})",
                        row.id, row.status, row.name, row.scopes
                    )?;
                }
            }
            Ok(())
        }
        ClientCommand::Revoke { client_id } => {
            clients.revoke(&client_id).await.map_err(explain)?;
            writeln!(out, "Revoked {client_id}: its secret and tokens no longer work.")?;
            Ok(())
        }
        ClientCommand::Suspend { client_id } => {
            clients.suspend(&client_id).await.map_err(explain)?;
            writeln!(out, "Suspended {client_id}.")?;
            Ok(())
        }
        ClientCommand::Resume { client_id } => {
            clients.resume(&client_id).await.map_err(explain)?;
            writeln!(out, "Resumed {client_id}.")?;
            Ok(())
        }
    };
    sandbox.db.close().await;
    result
}

fn explain(error: ClientError) -> anyhow::Error {
    match error {
        ClientError::Store(store) => anyhow::Error::new(store).context("the database failed"),
        other => anyhow::anyhow!("{other}"),
    }
}
