//! `AppState`: what every handler can reach, built once at start-up.

use crate::catalogue::Catalogue;
use crate::claims::attachments::ClaimsStorage;
use crate::crypto::sealing::Sealer;
use crate::oauth::Sandbox;
use crate::rate_limit::RateLimiter;
use crate::sessions::PortalSessionStore;
use crate::try_it::ConsoleService;
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
    /// Request counting for rate limits (it holds the configured limits).
    pub limiter: Arc<RateLimiter>,
    /// What the sandbox keeps of attachments (quota and retention).
    pub claims: ClaimsStorage,
    /// The public base URL, without a trailing slash (the OAuth issuer).
    pub public_url: Arc<str>,
    /// The API catalogue (its documents are served at `/apis/{slug}/openapi.json`).
    pub catalogue: Arc<Catalogue>,
    /// The Try It console.
    pub console: Arc<ConsoleService>,
    /// The console's user sign-in to the CIAM, when one is configured for it.
    pub user_sign_in: Option<Arc<crate::try_it::user_sign_in::UserSignIn>>,
    /// Seals what the server keeps for people (console tokens) with the portal key.
    pub sealer: Arc<Sealer>,
    /// Where sessions live (pages ask whether it is reachable before reading one).
    pub sessions: PortalSessionStore,
    /// The CIAM whose access tokens the sandbox APIs accept too; `None` when not configured.
    pub ciam: Option<Arc<crate::ciam::Ciam>>,
    /// Whether this instance takes new work (`/readyz`; false once shutdown has begun).
    pub readiness: crate::http::draining::Readiness,
}
