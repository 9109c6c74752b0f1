//! Small named settings the portal keeps in its database (the key fingerprint).

use super::{Database, StoreError};

impl Database {
    /// The stored value of `name`, if any.
    pub async fn setting(&self, name: &str) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar("SELECT value FROM settings WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Stores `value` under `name` unless a value is already there; returns the stored value.
    pub async fn setting_or_insert(&self, name: &str, value: &str) -> Result<String, StoreError> {
        sqlx::query("INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
            .bind(name)
            .bind(value)
            .execute(&self.pool)
            .await?;
        Ok(self.setting(name).await?.unwrap_or_else(|| value.to_owned()))
    }
}
