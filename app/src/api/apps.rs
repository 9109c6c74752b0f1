//! The signed-in account's sandbox apps: list, add, rename, rotate the secret, revoke.

use crate::error::AppError;
pub use crate::model::apps::{AppAction, AppEvent, AppView, AppsOverview, AppsUpdate};
#[cfg(feature = "ssr")]
use crate::model::forms::FormErrors;
use leptos::prelude::*;

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
