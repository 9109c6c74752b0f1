//! Portal accounts (people who signed up).

use super::{Database, NewClient, StoreError};

/// An account as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccountRow {
    /// The account id.
    pub id: String,
    /// Lowercased e-mail address (unique).
    pub email: String,
    /// The person's name.
    pub name: String,
    /// Their organisation.
    pub organisation: String,
    /// The argon2id PHC string.
    pub password_hash: String,
    /// When the account was made.
    pub created_at: i64,
}

impl Database {
    /// Stores a new account and its first client in one transaction: both or neither.
    /// `Conflict` when the e-mail address is taken.
    pub async fn insert_account_with_client(
        &self,
        account: &AccountRow,
        client: &NewClient<'_>,
    ) -> Result<(), StoreError> {
        let mut transaction = self.pool.begin().await?;
        insert_account_in(&mut transaction, account).await?;
        super::clients::insert_client_in(&mut transaction, client).await?;
        transaction.commit().await?;
        Ok(())
    }

    /// The account with this (lowercased) e-mail address.
    pub async fn account_by_email(&self, email: &str) -> Result<Option<AccountRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, email, name, organisation, password_hash, created_at FROM accounts WHERE email = $1",
        )
        .bind(email)
        .fetch_optional(&self.pool)
        .await?)
    }
}

/// Inserts an account within `transaction` (sign-up, and copying a portal's accounts).
pub(super) async fn insert_account_in(
    transaction: &mut sqlx::Transaction<'_, sqlx::Any>,
    account: &AccountRow,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO accounts (id, email, name, organisation, password_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&account.id)
    .bind(&account.email)
    .bind(&account.name)
    .bind(&account.organisation)
    .bind(&account.password_hash)
    .bind(account.created_at)
    .execute(&mut **transaction)
    .await?;
    Ok(())
}
