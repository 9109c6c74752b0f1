//! Whole-database copies for `portal migrate`: everything that lasts read from one database in
//! one snapshot, and written into an empty one in one transaction.

use super::{AccountRow, Backend, ClientEventRow, ClientRow, Database, StoreError};

/// A token revoked on its own (RFC 7009) that has not expired yet.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RevokedTokenRow {
    /// The token's id.
    pub jti: String,
    /// The client it was issued to.
    pub client_id: String,
    /// When it would have expired anyway.
    pub expires_at: i64,
}

/// The portal's lasting data, as read by [`Database::export`]: sandbox attachments (kept only
/// for the retention period) and sessions are left out on purpose.
pub struct Export {
    /// Named settings, the key fingerprint among them.
    pub settings: Vec<(String, String)>,
    /// Every account.
    pub accounts: Vec<AccountRow>,
    /// Every client, with its secret's hash and sealed copy.
    pub clients: Vec<ClientRow>,
    /// Every client's history, oldest first.
    pub client_events: Vec<ClientEventRow>,
    /// Revocations of tokens that are still unexpired.
    pub revoked_tokens: Vec<RevokedTokenRow>,
    /// How many sandbox attachments there are (not exported).
    pub attachments_left_out: i64,
}

/// What [`Database::import_into_empty`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportOutcome {
    /// Everything was written, in one transaction.
    Imported,
    /// The database already holds accounts or clients; nothing was written.
    NotEmpty {
        /// Accounts already there.
        accounts: i64,
        /// Clients already there.
        clients: i64,
    },
    /// The database was set up under another portal key; nothing was written.
    OtherKey,
}

/// The setting that identifies the portal key the data was made under.
const KEY_FINGERPRINT: &str = "key_fingerprint";
const ACCOUNT_COLUMNS: &str = "id, email, name, organisation, password_hash, created_at";
const CLIENT_COLUMNS: &str = "id, account_id, name, secret_hash, secret_sealed, scopes, status, \
                              created_at, secret_rotated_at, revoked_at, last_used_at, secret_version, \
                              previous_secret_hash";

impl Database {
    /// Reads everything that lasts in one read transaction, so the copy is consistent even
    /// while a portal is serving from this database; revocations that expired by `now` are
    /// left out (they no longer decide anything).
    pub async fn export(&self, now: i64) -> Result<Export, StoreError> {
        let mut transaction = self.pool.begin().await?;
        let settings = sqlx::query_as("SELECT name, value FROM settings ORDER BY name")
            .fetch_all(&mut *transaction)
            .await?;
        let accounts = sqlx::query_as(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY created_at, id"
        ))
        .fetch_all(&mut *transaction)
        .await?;
        let clients = sqlx::query_as(&format!(
            "SELECT {CLIENT_COLUMNS} FROM clients ORDER BY created_at, id"
        ))
        .fetch_all(&mut *transaction)
        .await?;
        let client_events =
            sqlx::query_as("SELECT client_id, kind, detail, at FROM client_events ORDER BY id")
                .fetch_all(&mut *transaction)
                .await?;
        let revoked_tokens = sqlx::query_as(
            "SELECT jti, client_id, expires_at FROM revoked_tokens WHERE expires_at >= $1 ORDER BY jti",
        )
        .bind(now)
        .fetch_all(&mut *transaction)
        .await?;
        let attachments_left_out = sqlx::query_scalar("SELECT COUNT(*) FROM attachments")
            .fetch_one(&mut *transaction)
            .await?;
        transaction.commit().await?;
        Ok(Export {
            settings,
            accounts,
            clients,
            client_events,
            revoked_tokens,
            attachments_left_out,
        })
    }

    /// Writes `export` into this database in one transaction, unless it already holds
    /// accounts or clients, or was set up under another portal key. History keeps its order.
    pub async fn import_into_empty(&self, export: &Export) -> Result<ImportOutcome, StoreError> {
        let mut transaction = self.pool.begin().await?;
        if self.backend == Backend::Postgres {
            // Holds off a portal serving from this database until the copy is in (or not).
            sqlx::query("LOCK TABLE accounts, clients IN SHARE ROW EXCLUSIVE MODE")
                .execute(&mut *transaction)
                .await?;
        }
        let accounts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM accounts")
            .fetch_one(&mut *transaction)
            .await?;
        let clients: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM clients")
            .fetch_one(&mut *transaction)
            .await?;
        if accounts > 0 || clients > 0 {
            transaction.rollback().await?;
            return Ok(ImportOutcome::NotEmpty { accounts, clients });
        }
        // A portal may have been started on the empty database with another key; it would keep
        // hashing secrets under that key, so the copy is refused rather than made unusable.
        let fingerprint: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE name = $1")
            .bind(KEY_FINGERPRINT)
            .fetch_optional(&mut *transaction)
            .await?;
        let exported = export.settings.iter().find(|(name, _)| name == KEY_FINGERPRINT);
        if let (Some(stored), Some((_, copied))) = (&fingerprint, exported)
            && stored != copied
        {
            transaction.rollback().await?;
            return Ok(ImportOutcome::OtherKey);
        }
        for (name, value) in &export.settings {
            sqlx::query(
                "INSERT INTO settings (name, value) VALUES ($1, $2) \
                 ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            )
            .bind(name)
            .bind(value)
            .execute(&mut *transaction)
            .await?;
        }
        for account in &export.accounts {
            super::accounts::insert_account_in(&mut transaction, account).await?;
        }
        for client in &export.clients {
            sqlx::query(&format!(
                "INSERT INTO clients ({CLIENT_COLUMNS}) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
            ))
            .bind(&client.id)
            .bind(&client.account_id)
            .bind(&client.name)
            .bind(&client.secret_hash)
            .bind(&client.secret_sealed)
            .bind(&client.scopes)
            .bind(&client.status)
            .bind(client.created_at)
            .bind(client.secret_rotated_at)
            .bind(client.revoked_at)
            .bind(client.last_used_at)
            .bind(client.secret_version)
            .bind(&client.previous_secret_hash)
            .execute(&mut *transaction)
            .await?;
        }
        // Inserted oldest first, so the new ids keep the history's order.
        for event in &export.client_events {
            sqlx::query("INSERT INTO client_events (client_id, kind, detail, at) VALUES ($1, $2, $3, $4)")
                .bind(&event.client_id)
                .bind(&event.kind)
                .bind(&event.detail)
                .bind(event.at)
                .execute(&mut *transaction)
                .await?;
        }
        for revoked in &export.revoked_tokens {
            sqlx::query(
                "INSERT INTO revoked_tokens (jti, client_id, expires_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (jti) DO NOTHING",
            )
            .bind(&revoked.jti)
            .bind(&revoked.client_id)
            .bind(revoked.expires_at)
            .execute(&mut *transaction)
            .await?;
        }
        transaction.commit().await?;
        Ok(ImportOutcome::Imported)
    }
}
