//! `AppState`: what every handler can reach, built once at start-up.

use crate::console::ConsoleService;
use crate::crypto::sealing::Sealer;
use crate::rate_limit::{Limit, RateLimiter};
use crate::sandbox::Sandbox;
use app::ssr::services::Services;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

/// The shared state of the HTTP server.
#[derive(Clone, FromRef)]
pub struct AppState {
    /// Leptos' rendering options (output name, asset paths).
    pub leptos_options: LeptosOptions,
    /// The ports the server functions call.
    pub services: Services,
    /// The embedded authorization server and sandbox APIs.
    pub sandbox: Arc<Sandbox>,
    /// Request counting for rate limits.
    pub limiter: Arc<RateLimiter>,
    /// The configured limits.
    pub limits: Limits,
    /// The public base URL, without a trailing slash (the OAuth issuer).
    pub public_url: Arc<str>,
    /// The Try It console.
    pub console: Arc<ConsoleService>,
    /// Seals what the server keeps for people (console tokens) with the portal key.
    pub sealer: Arc<Sealer>,
}

/// The rate limits the handlers apply.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Token requests per client.
    pub token_per_client: Limit,
    /// Token requests per IP address.
    pub token_per_ip: Limit,
    /// Sign-ups per IP address.
    pub sign_up_per_ip: Limit,
    /// Sign-in attempts per IP address.
    pub sign_in_per_ip: Limit,
    /// Sign-in attempts per e-mail address.
    pub sign_in_per_account: Limit,
    /// Console requests per person and per IP address.
    pub console: Limit,
}
