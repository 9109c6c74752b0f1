//! A sandbox account's apps as pages and server functions exchange them: each app, its
//! history, and the actions on it.

use super::forms::{FormErrors, NewCredentials};
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
    pub(crate) fn needs_confirmation(&self) -> Option<&'static str> {
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
