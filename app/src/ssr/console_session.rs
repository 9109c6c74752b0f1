//! What the console's pages read from the session before rendering: the console's state
//! (history, chosen environment and credentials) and the signed-in account's apps.

use crate::model::apps::AppsOverview;
use crate::ssr::console::ConsoleState;
use crate::ssr::page_session::PageSession;
use crate::ssr::services::use_services;
use crate::ssr::session::PortalSession;
use leptos::prelude::*;

/// The console's session data.
#[derive(Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct ConsoleData {
    /// The console's state (an empty one when the session has none).
    pub state: ConsoleState,
    /// The signed-in account's apps, if someone is signed in.
    pub apps: Option<AppsOverview>,
}

/// A blocking resource with the current request's console data.
pub fn console_data() -> Resource<ConsoleData> {
    let account = PageSession::current().account;
    let services = use_services();
    Resource::new_blocking(
        || (),
        move |_| {
            let (services, account) = (services.clone(), account.clone());
            async move {
                let state = match PortalSession::current() {
                    Ok(session) => session
                        .get::<ConsoleState>(ConsoleState::SESSION_KEY)
                        .await
                        .ok()
                        .flatten()
                        .unwrap_or_default(),
                    Err(_) => ConsoleState::default(),
                };
                let apps = match (services, account) {
                    (Ok(services), Some(account)) => services.accounts.overview(&account.id).await.ok(),
                    _ => None,
                };
                ConsoleData { state, apps }
            }
        },
    )
}
