//! Accounts: sign-up (an account and its first sandbox app, atomically), sign-in, and the
//! account's apps. Implements the UI's `AccountsPort`.

mod passwords;
mod validation;

use crate::clock::{SharedClock, rfc3339};
use crate::crypto::random;
use crate::crypto::sealing::Sealer;
use crate::db::{AccountRow, ClientEventRow, ClientRow, StoreError};
use crate::oauth::Sandbox;
use crate::oauth::clients::{ClientError, Credentials};
use crate::rate_limit::{Bucket, Decision, RateLimiter, joined};
use app::api::apps::{AppAction, AppEvent, AppView, AppsOverview, AppsUpdate};
use app::api::forms::{FormErrors, NewCredentials, OneTimeSecret};
use app::error::AppError;
use app::ssr::services::{AccountsPort, BoxFuture, SignInOutcome, SignUpInput, SignUpOutcome};
use app::ssr::session::{SealedCredentials, SessionAccount};
use secrecy::{ExposeSecret, SecretString};
use std::sync::Arc;

/// The name given to the app created at sign-up.
const FIRST_APP_NAME: &str = "First sandbox app";

/// Accounts over the sandbox's storage.
pub struct AccountService {
    sandbox: Arc<Sandbox>,
    sealer: Arc<Sealer>,
    limiter: Arc<RateLimiter>,
    clock: SharedClock,
}

impl AccountService {
    /// A service over `sandbox`, sealing one-time credentials with `sealer` and counting
    /// failed sign-ins with `limiter`.
    pub fn new(sandbox: Arc<Sandbox>, sealer: Arc<Sealer>, limiter: Arc<RateLimiter>) -> Self {
        let clock = sandbox.clock.clone();
        Self {
            sandbox,
            sealer,
            limiter,
            clock,
        }
    }

    async fn sign_up_inner(&self, input: SignUpInput) -> Result<SignUpOutcome, AppError> {
        let SignUpInput { values, password } = input;
        let mut errors = validation::sign_up(&values, &password);
        if !errors.is_empty() {
            return Ok(Err(errors));
        }
        let email = validation::normalise_email(&values.email);
        if self
            .sandbox
            .db
            .account_by_email(&email)
            .await
            .map_err(store)?
            .is_some()
        {
            errors.add("email", EMAIL_TAKEN);
            return Ok(Err(errors));
        }
        let password_hash = passwords::hash(password).await.map_err(password_error)?;
        let account = AccountRow {
            id: random::token::<12>("acc_"),
            email,
            name: values.name.trim().to_owned(),
            organisation: values.organisation.trim().to_owned(),
            password_hash,
            created_at: self.clock.now(),
        };
        let (credentials, prepared) = self
            .sandbox
            .clients
            .prepare(FIRST_APP_NAME, Some(&account.id), None)
            .map_err(client_error)?;
        match self
            .sandbox
            .db
            .insert_account_with_client(&account, &prepared.as_new())
            .await
        {
            Ok(()) => {}
            Err(StoreError::Conflict) => {
                errors.add("email", EMAIL_TAKEN);
                return Ok(Err(errors));
            }
            Err(error) => return Err(store(error)),
        }
        tracing::info!(account.id = %account.id, client.id = %credentials.client_id, "account created");
        Ok(Ok((
            session_account(&account, self.clock.now()),
            one_time(FIRST_APP_NAME, credentials),
        )))
    }

    async fn sign_in_inner(
        &self,
        email: String,
        password: String,
        source: String,
    ) -> Result<SignInOutcome, AppError> {
        let mut errors = FormErrors::default();
        if email.trim().is_empty() {
            errors.add("email", "Enter your e-mail address.");
        }
        if password.is_empty() {
            errors.add("password", "Enter your password.");
        }
        if !errors.is_empty() {
            return Ok(Err(errors));
        }
        let email = validation::normalise_email(&email);
        let failures_key = joined(&[&email, &source]);
        if let Decision::Limited { retry_after } =
            self.limiter.peek(Bucket::SignInFailures, &failures_key).await
        {
            return Err(AppError::TooManyRequests {
                retry_after_secs: retry_after,
            });
        }
        let account = self.sandbox.db.account_by_email(&email).await.map_err(store)?;
        // Verify against a decoy when the address is unknown: same answer, similar time.
        let hash = account
            .as_ref()
            .map_or_else(|| passwords::DECOY_HASH.to_owned(), |a| a.password_hash.clone());
        let matches = passwords::verify(password, hash).await.map_err(password_error)?;
        match account {
            Some(account) if matches => {
                tracing::info!(account.id = %account.id, "signed in");
                Ok(Ok(session_account(&account, self.clock.now())))
            }
            _ => {
                self.limiter.record(Bucket::SignInFailures, &failures_key).await;
                Ok(Err(FormErrors::summary(
                    "The e-mail address or the password is not right. Check both and try again.",
                )))
            }
        }
    }

    async fn overview_inner(&self, account_id: &str) -> Result<AppsOverview, AppError> {
        let clients = self
            .sandbox
            .clients
            .list(Some(account_id))
            .await
            .map_err(client_error)?;
        let events = self
            .sandbox
            .db
            .client_events(Some(account_id))
            .await
            .map_err(store)?;
        let name_of = |id: &str| {
            clients
                .iter()
                .find(|c| c.id == id)
                .map(|c| c.name.clone())
                .unwrap_or_default()
        };
        Ok(AppsOverview {
            events: events
                .iter()
                .map(|event| app_event(event, name_of(&event.client_id)))
                .collect(),
            apps: clients.iter().map(app_view).collect(),
        })
    }

    async fn apply_inner(&self, account_id: &str, action: AppAction) -> Result<AppsUpdate, AppError> {
        let clients = &self.sandbox.clients;
        let mut update = AppsUpdate::default();
        match action {
            AppAction::Create { name } => match clients.create(&name, Some(account_id), None).await {
                Ok(credentials) => {
                    update.message = Some(format!("Added “{}”.", name.trim()));
                    update.credentials = Some(one_time(name.trim(), credentials));
                }
                Err(ClientError::BadName) => update
                    .errors
                    .add("name", "Give the app a name of 1 to 80 characters."),
                Err(other) => return Err(client_error(other)),
            },
            AppAction::Rename { client_id, name } => {
                self.owned(account_id, &client_id).await?;
                match clients.rename(&client_id, &name).await {
                    Ok(()) => update.message = Some(format!("Renamed to “{}”.", name.trim())),
                    Err(ClientError::BadName) => {
                        update.errors = FormErrors::summary("Give the app a name of 1 to 80 characters.");
                    }
                    Err(other) => return Err(client_error(other)),
                }
            }
            AppAction::Rotate { client_id } => {
                let app = self.owned(account_id, &client_id).await?;
                let credentials = clients.rotate(&client_id).await.map_err(client_error)?;
                update.message = Some(format!(
                    "Rotated the secret of “{}”. The old secret no longer works.",
                    app.name
                ));
                update.credentials = Some(one_time(&app.name, credentials));
            }
            AppAction::Revoke { client_id } => {
                let app = self.owned(account_id, &client_id).await?;
                clients.revoke(&client_id).await.map_err(client_error)?;
                update.message = Some(format!(
                    "Revoked “{}”. Its secret and tokens no longer work.",
                    app.name
                ));
            }
        }
        update.overview = self.overview_inner(account_id).await?;
        Ok(update)
    }

    /// The client, if it belongs to the account (another account's looks like a missing one).
    async fn owned(&self, account_id: &str, client_id: &str) -> Result<ClientRow, AppError> {
        match self.sandbox.db.client(client_id).await.map_err(store)? {
            Some(client) if client.account_id.as_deref() == Some(account_id) => Ok(client),
            _ => Err(AppError::NotFound("There is no such app in your account.".into())),
        }
    }
}

const EMAIL_TAKEN: &str =
    "An account with this e-mail address already exists. Sign in instead, or use another address.";

impl AccountsPort for AccountService {
    fn sign_up(&self, input: SignUpInput) -> BoxFuture<'_, Result<SignUpOutcome, AppError>> {
        Box::pin(self.sign_up_inner(input))
    }

    fn sign_in(
        &self,
        email: String,
        password: String,
        source: String,
    ) -> BoxFuture<'_, Result<SignInOutcome, AppError>> {
        Box::pin(self.sign_in_inner(email, password, source))
    }

    fn overview<'a>(&'a self, account_id: &'a str) -> BoxFuture<'a, Result<AppsOverview, AppError>> {
        Box::pin(self.overview_inner(account_id))
    }

    fn apply<'a>(
        &'a self,
        account_id: &'a str,
        action: AppAction,
    ) -> BoxFuture<'a, Result<AppsUpdate, AppError>> {
        Box::pin(self.apply_inner(account_id, action))
    }

    fn seal_credentials(&self, credentials: &NewCredentials) -> SealedCredentials {
        let secret = SecretString::from(credentials.client_secret.0.clone());
        SealedCredentials {
            app_name: credentials.app_name.clone(),
            client_id: credentials.client_id.clone(),
            sealed_secret: self
                .sealer
                .seal(&secret, &format!("flash:{}", credentials.client_id)),
        }
    }

    fn open_credentials(&self, sealed: &SealedCredentials) -> Option<NewCredentials> {
        let secret = self
            .sealer
            .open(&sealed.sealed_secret, &format!("flash:{}", sealed.client_id))
            .ok()?;
        Some(NewCredentials {
            app_name: sealed.app_name.clone(),
            client_id: sealed.client_id.clone(),
            client_secret: OneTimeSecret(secret.expose_secret().to_owned()),
        })
    }

    fn now(&self) -> i64 {
        self.clock.now()
    }
}

fn session_account(account: &AccountRow, now: i64) -> SessionAccount {
    SessionAccount {
        id: account.id.clone(),
        name: account.name.clone(),
        email: account.email.clone(),
        signed_in_at: now,
    }
}

fn one_time(app_name: &str, credentials: Credentials) -> NewCredentials {
    NewCredentials {
        app_name: app_name.to_owned(),
        client_id: credentials.client_id,
        client_secret: OneTimeSecret(credentials.client_secret.expose_secret().to_owned()),
    }
}

fn app_view(client: &ClientRow) -> AppView {
    AppView {
        client_id: client.id.clone(),
        name: client.name.clone(),
        scopes: client.scopes.clone(),
        status: client.status.clone(),
        created: human_time(client.created_at),
        last_used: client.last_used_at.map(human_time),
    }
}

fn app_event(event: &ClientEventRow, app_name: String) -> AppEvent {
    let what = match event.kind.as_str() {
        "created" => "Created".to_owned(),
        "renamed" => format!("Renamed to “{}”", event.detail.clone().unwrap_or_default()),
        "rotated" => "Secret rotated".to_owned(),
        "suspended" => "Suspended".to_owned(),
        "resumed" => "Resumed".to_owned(),
        "revoked" => "Revoked".to_owned(),
        other => other.to_owned(),
    };
    AppEvent {
        app_name,
        client_id: event.client_id.clone(),
        what,
        when: human_time(event.at),
        when_iso: rfc3339(event.at),
    }
}

/// `29 Nov 2026, 10:15 UTC`.
fn human_time(seconds: i64) -> String {
    let format = time::macros::format_description!(
        "[day padding:none] [month repr:short] [year], [hour]:[minute] UTC"
    );
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .and_then(|at| at.format(format).ok())
        .unwrap_or_default()
}

fn store(error: StoreError) -> AppError {
    match error {
        StoreError::Unavailable(cause) => {
            tracing::warn!(error = %cause, "database unavailable");
            AppError::Unavailable("The portal's database is busy. Please try again in a moment.".into())
        }
        other => {
            tracing::error!(error = %other, source = ?std::error::Error::source(&other), "account storage failed");
            AppError::Internal
        }
    }
}

fn password_error(error: passwords::PasswordError) -> AppError {
    match error {
        passwords::PasswordError::Busy => {
            AppError::Unavailable("The portal is busy right now. Please try again in a moment.".into())
        }
        passwords::PasswordError::Failed(reason) => {
            tracing::error!(%reason, "password hashing failed");
            AppError::Internal
        }
    }
}

fn client_error(error: ClientError) -> AppError {
    match error {
        ClientError::Store(error) => store(error),
        ClientError::NotFound => AppError::NotFound("There is no such app in your account.".into()),
        ClientError::Revoked => {
            AppError::BadRequest("That app has been revoked and cannot be changed.".into())
        }
        other => {
            tracing::error!(error = %other, "client operation failed");
            AppError::Internal
        }
    }
}

#[cfg(test)]
mod tests {
    use super::human_time;

    #[test]
    fn times_read_naturally() {
        assert_eq!(human_time(1_795_947_300), "29 Nov 2026, 10:15 UTC");
    }
}
