//! The signed-in account's sandbox apps: list, add, rename, rotate the secret, revoke.

use super::forms::{FormErrors, NewCredentials};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One sandbox app as its owner sees it (never its secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppView {
    /// MN-ClientId.
    pub client_id: String,
    /// Its name.
    pub name: String,
    /// Space-separated scopes.
    pub scopes: String,
    /// `active`, `suspended` or `revoked`.
    pub status: String,
    /// When it was made, for people.
    pub created: String,
    /// When it last obtained a token, for people.
    pub last_used: Option<String>,
}

/// One entry of the apps' history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppEvent {
    /// The app's name.
    pub app_name: String,
    /// The app's client id.
    pub client_id: String,
    /// What happened, in words (`Secret rotated`).
    pub what: String,
    /// When, for people.
    pub when: String,
    /// When, as RFC 3339 (for `<time datetime>`).
    pub when_iso: String,
}

/// The account's apps and their history.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppsOverview {
    /// Newest first.
    pub apps: Vec<AppView>,
    /// Newest first.
    pub events: Vec<AppEvent>,
}

/// The answer to an app action: the fresh overview plus what happened.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppsUpdate {
    /// The apps after the action.
    pub overview: AppsOverview,
    /// What happened, in words.
    pub message: Option<String>,
    /// What went wrong.
    pub errors: FormErrors,
    /// New credentials to show once (after adding an app or rotating its secret).
    pub credentials: Option<NewCredentials>,
}

/// What an app action asks the server to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppAction {
    /// Add an app with this name.
    Create {
        /// The name.
        name: String,
    },
    /// Rename an app.
    Rename {
        /// Which app.
        client_id: String,
        /// The new name.
        name: String,
    },
    /// Replace an app's secret (the old one stops working at once).
    Rotate {
        /// Which app.
        client_id: String,
    },
    /// Revoke an app for good.
    Revoke {
        /// Which app.
        client_id: String,
    },
}

#[cfg(feature = "ssr")]
impl AppAction {
    /// What to tick before a destructive action goes ahead.
    fn needs_confirmation(&self) -> Option<&'static str> {
        match self {
            Self::Rotate { .. } => {
                Some("Tick the box to confirm that the current secret should stop working.")
            }
            Self::Revoke { .. } => {
                Some("Tick the box to confirm that this app and its tokens should stop working.")
            }
            Self::Create { .. } | Self::Rename { .. } => None,
        }
    }
}

/// Adds an app to the signed-in account and returns its credentials (this once).
/// The CSRF layer checks `csrf_token` before any of these functions runs.
#[server(endpoint = "apps/create")]
pub async fn create_app(csrf_token: String, name: String) -> Result<AppsUpdate, AppError> {
    let _ = csrf_token;
    run(AppAction::Create { name }, true).await
}

/// Renames one of the account's apps.
#[server(endpoint = "apps/rename")]
pub async fn rename_app(csrf_token: String, client_id: String, name: String) -> Result<AppsUpdate, AppError> {
    let _ = csrf_token;
    run(AppAction::Rename { client_id, name }, true).await
}

/// Replaces an app's secret; `confirm` must be ticked.
#[server(endpoint = "apps/rotate")]
pub async fn rotate_app_secret(
    csrf_token: String,
    client_id: String,
    confirm: Option<String>,
) -> Result<AppsUpdate, AppError> {
    let _ = csrf_token;
    run(AppAction::Rotate { client_id }, confirm.is_some()).await
}

/// Revokes an app for good; `confirm` must be ticked.
#[server(endpoint = "apps/revoke")]
pub async fn revoke_app(
    csrf_token: String,
    client_id: String,
    confirm: Option<String>,
) -> Result<AppsUpdate, AppError> {
    let _ = csrf_token;
    run(AppAction::Revoke { client_id }, confirm.is_some()).await
}

/// Applies `action` for the signed-in account (or, unconfirmed, only says what to tick).
#[cfg(feature = "ssr")]
async fn run(action: AppAction, confirmed: bool) -> Result<AppsUpdate, AppError> {
    use crate::ssr::services::use_services;
    use crate::ssr::session::PortalSession;
    let (services, session) = (use_services()?, PortalSession::current()?);
    let account = session.require_account(services.accounts.now()).await?;
    let update = match action.needs_confirmation().filter(|_| !confirmed) {
        Some(message) => AppsUpdate {
            overview: services.accounts.overview(&account.id).await?,
            errors: FormErrors::summary(message),
            ..AppsUpdate::default()
        },
        None => services.accounts.apply(&account.id, action).await?,
    };
    finish(update).await
}

/// Answers a plain form with a flash and a redirect to /sandbox; JavaScript gets the update.
#[cfg(feature = "ssr")]
async fn finish(update: AppsUpdate) -> Result<AppsUpdate, AppError> {
    use crate::ssr::request::RequestMeta;
    use crate::ssr::services::use_services;
    use crate::ssr::session::{Flash, PortalSession};
    let services = use_services()?;
    let flash = || {
        let sealed_credentials = update
            .credentials
            .as_ref()
            .map(|c| services.accounts.seal_credentials(c));
        Some(Flash::Apps {
            message: update.message.clone(),
            errors: update.errors.clone(),
            sealed_credentials,
        })
    };
    RequestMeta::current()?
        .redirect_plain_form(&PortalSession::current()?, flash, "/sandbox")
        .await?;
    Ok(update)
}
