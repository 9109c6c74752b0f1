//! Individually revoked access tokens (RFC 7009), kept until they would have expired anyway.

use super::{Database, StoreError};

/// What decides whether a genuine, unexpired token may be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenStanding {
    /// The client's status (`active`, `suspended`, `revoked`).
    pub status: String,
    /// The client's current secret generation.
    pub secret_version: i64,
    /// Whether this token was revoked on its own.
    pub revoked: bool,
    /// When the client's secret was last rotated.
    pub secret_rotated_at: Option<i64>,
}

impl Database {
    /// Records that the token `jti` of `client_id` is revoked.
    pub async fn revoke_token(&self, jti: &str, client_id: &str, expires_at: i64) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO revoked_tokens (jti, client_id, expires_at) VALUES ($1, $2, $3) \
             ON CONFLICT (jti) DO NOTHING",
        )
        .bind(jti)
        .bind(client_id)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Whether a token may still be used: its client's status and secret generation, and
    /// whether it was revoked. `None` when the client no longer exists.
    pub async fn token_standing(
        &self,
        client_id: &str,
        jti: &str,
    ) -> Result<Option<TokenStanding>, StoreError> {
        let row: Option<(String, i64, i64, Option<i64>)> = sqlx::query_as(
            "SELECT c.status, c.secret_version, (SELECT COUNT(*) FROM revoked_tokens r WHERE r.jti = $2), \
             c.secret_rotated_at \
             FROM clients c WHERE c.id = $1",
        )
        .bind(client_id)
        .bind(jti)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(
            |(status, secret_version, revoked, secret_rotated_at)| TokenStanding {
                status,
                secret_version,
                revoked: revoked > 0,
                secret_rotated_at,
            },
        ))
    }

    /// Forgets revocations of tokens that have expired by `now`.
    pub async fn prune_revoked_tokens(&self, now: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM revoked_tokens WHERE expires_at < $1")
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }
}
