//! `AppState`: what every handler can reach, built once at start-up.

use app::ssr::services::Services;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;

/// The shared state of the HTTP server.
#[derive(Clone, FromRef)]
pub struct AppState {
    /// Leptos' rendering options (output name, asset paths).
    pub leptos_options: LeptosOptions,
    /// The ports the server functions call.
    pub services: Services,
}
