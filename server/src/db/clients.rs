//! Sandbox clients (the apps that hold an MN-ClientId / MN-ClientSecret) and their history.

use super::{Database, StoreError};

/// A client as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClientRow {
    /// The client id.
    pub id: String,
    /// The owning account, if it was made by sign-up (not by the CLI).
    pub account_id: Option<String>,
    /// A name people recognise it by.
    pub name: String,
    /// The keyed hash of the current secret.
    pub secret_hash: String,
    /// The console broker's sealed copy of the current secret.
    pub secret_sealed: Option<String>,
    /// Space-separated scopes the client may request.
    pub scopes: String,
    /// `active`, `suspended` or `revoked`.
    pub status: String,
    /// When it was made.
    pub created_at: i64,
    /// When its secret was last replaced.
    pub secret_rotated_at: Option<i64>,
    /// When it was revoked.
    pub revoked_at: Option<i64>,
    /// When it last obtained a token.
    pub last_used_at: Option<i64>,
    /// The generation of its secret: 0 at first, one more at each rotation.
    pub secret_version: i64,
    /// The keyed hash of the secret the last rotation replaced (to tell a rotated secret
    /// from a wrong one in the request log; it authenticates nothing).
    pub previous_secret_hash: Option<String>,
}

/// One entry of a client's history.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClientEventRow {
    /// The client.
    pub client_id: String,
    /// `created`, `renamed`, `rotated`, `suspended`, `resumed` or `revoked`.
    pub kind: String,
    /// Extra words (the new name of a rename).
    pub detail: Option<String>,
    /// When.
    pub at: i64,
}

/// What a new client is made of.
pub struct NewClient<'a> {
    /// The client id.
    pub id: &'a str,
    /// The owning account.
    pub account_id: Option<&'a str>,
    /// Its name.
    pub name: &'a str,
    /// The keyed hash of its secret.
    pub secret_hash: &'a str,
    /// The sealed copy of its secret.
    pub secret_sealed: Option<&'a str>,
    /// Space-separated scopes.
    pub scopes: &'a str,
    /// Now.
    pub created_at: i64,
}

const COLUMNS: &str = "id, account_id, name, secret_hash, secret_sealed, scopes, status, \
                       created_at, secret_rotated_at, revoked_at, last_used_at, secret_version, \
                       previous_secret_hash";

impl Database {
    /// Stores a new, active client and its `created` event, together.
    pub async fn insert_client(&self, client: &NewClient<'_>) -> Result<(), StoreError> {
        let mut transaction = self.pool.begin().await?;
        insert_client_in(&mut transaction, client).await?;
        transaction.commit().await?;
        Ok(())
    }

    /// One client by id.
    pub async fn client(&self, id: &str) -> Result<Option<ClientRow>, StoreError> {
        Ok(
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM clients WHERE id = $1"))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Every client, or every client of one account, newest first.
    pub async fn clients(&self, account_id: Option<&str>) -> Result<Vec<ClientRow>, StoreError> {
        let query = match account_id {
            Some(_) => {
                format!("SELECT {COLUMNS} FROM clients WHERE account_id = $1 ORDER BY created_at DESC, id")
            }
            None => format!("SELECT {COLUMNS} FROM clients ORDER BY created_at DESC, id"),
        };
        let mut query = sqlx::query_as(&query);
        if let Some(account_id) = account_id {
            query = query.bind(account_id);
        }
        Ok(query.fetch_all(&self.pool).await?)
    }

    /// The history of one account's clients (or of all clients), newest first.
    pub async fn client_events(&self, account_id: Option<&str>) -> Result<Vec<ClientEventRow>, StoreError> {
        let sql = "SELECT e.client_id, e.kind, e.detail, e.at FROM client_events e \
                   JOIN clients c ON c.id = e.client_id";
        let query = match account_id {
            Some(_) => format!("{sql} WHERE c.account_id = $1 ORDER BY e.at DESC, e.id DESC"),
            None => format!("{sql} ORDER BY e.at DESC, e.id DESC"),
        };
        let mut query = sqlx::query_as(&query);
        if let Some(account_id) = account_id {
            query = query.bind(account_id);
        }
        Ok(query.fetch_all(&self.pool).await?)
    }

    /// Replaces an active client's secret; returns whether a client was changed.
    pub async fn replace_client_secret(
        &self,
        id: &str,
        secret_hash: &str,
        secret_sealed: Option<&str>,
        at: i64,
    ) -> Result<bool, StoreError> {
        let update = sqlx::query(
            "UPDATE clients SET previous_secret_hash = secret_hash, secret_hash = $2, \
             secret_sealed = $3, secret_rotated_at = $4, \
             secret_version = secret_version + 1 WHERE id = $1 AND status <> 'revoked'",
        )
        .bind(id)
        .bind(secret_hash)
        .bind(secret_sealed)
        .bind(at);
        self.change_with_event(update, id, "rotated", None, at).await
    }

    /// Moves a client to `status` (`active`, `suspended` or `revoked`) and records the event
    /// `kind`. A revoked client stays revoked. Returns whether a client was changed.
    pub async fn set_client_status(
        &self,
        id: &str,
        status: &str,
        kind: &str,
        at: i64,
    ) -> Result<bool, StoreError> {
        let update = sqlx::query(
            "UPDATE clients SET status = $2, \
             revoked_at = CASE WHEN $2 = 'revoked' THEN $3 ELSE revoked_at END, \
             secret_sealed = CASE WHEN $2 = 'revoked' THEN NULL ELSE secret_sealed END \
             WHERE id = $1 AND status <> 'revoked' AND status <> $2",
        )
        .bind(id)
        .bind(status)
        .bind(at);
        self.change_with_event(update, id, kind, None, at).await
    }

    /// Renames a client that is not revoked; returns whether a client was changed.
    pub async fn rename_client(&self, id: &str, name: &str, at: i64) -> Result<bool, StoreError> {
        let update = sqlx::query("UPDATE clients SET name = $2 WHERE id = $1 AND status <> 'revoked'")
            .bind(id)
            .bind(name);
        self.change_with_event(update, id, "renamed", Some(name), at)
            .await
    }

    /// Runs `update` and, if it changed a client, records the event `kind` with it, atomically.
    async fn change_with_event<'q>(
        &self,
        update: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
        id: &str,
        kind: &str,
        detail: Option<&str>,
        at: i64,
    ) -> Result<bool, StoreError> {
        let mut transaction = self.pool.begin().await?;
        let changed = update.execute(&mut *transaction).await?.rows_affected() > 0;
        if changed {
            insert_event(&mut transaction, id, kind, detail, at).await?;
        }
        transaction.commit().await?;
        Ok(changed)
    }

    /// Records when clients last obtained a token (written in batches, off the hot path).
    pub async fn record_last_used(&self, uses: &[(String, i64)]) -> Result<(), StoreError> {
        let mut transaction = self.pool.begin().await?;
        for (id, at) in uses {
            sqlx::query(
                "UPDATE clients SET last_used_at = $2 WHERE id = $1 \
                 AND (last_used_at IS NULL OR last_used_at < $2)",
            )
            .bind(id)
            .bind(*at)
            .execute(&mut *transaction)
            .await?;
        }
        transaction.commit().await?;
        Ok(())
    }
}

/// Inserts a client and its `created` event within `transaction`.
pub(super) async fn insert_client_in(
    transaction: &mut sqlx::Transaction<'_, sqlx::Any>,
    client: &NewClient<'_>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO clients (id, account_id, name, secret_hash, secret_sealed, scopes, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'active', $7)",
    )
    .bind(client.id)
    .bind(client.account_id)
    .bind(client.name)
    .bind(client.secret_hash)
    .bind(client.secret_sealed)
    .bind(client.scopes)
    .bind(client.created_at)
    .execute(&mut **transaction)
    .await?;
    insert_event(transaction, client.id, "created", None, client.created_at).await
}

async fn insert_event(
    transaction: &mut sqlx::Transaction<'_, sqlx::Any>,
    client_id: &str,
    kind: &str,
    detail: Option<&str>,
    at: i64,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO client_events (client_id, kind, detail, at) VALUES ($1, $2, $3, $4)")
        .bind(client_id)
        .bind(kind)
        .bind(detail)
        .bind(at)
        .execute(&mut **transaction)
        .await?;
    Ok(())
}
