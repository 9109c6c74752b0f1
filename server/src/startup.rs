//! `Application`: binds the listener, loads content, assembles the router and its middleware.

use crate::assets::Assets;
use crate::config::Config;
use crate::content::Library;
use crate::routes;
use crate::security::with_security_headers;
use crate::state::AppState;
use anyhow::Context;
use app::ssr::services::{Services, SiteInfo};
use app::{App, shell};
use axum::Router;
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

/// The largest request body a page or server function accepts.
const PAGE_BODY_LIMIT: usize = 64 * 1024;
/// How long any request may take before it is answered 408.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The portal, bound to its address and ready to serve.
pub struct Application {
    listener: TcpListener,
    router: Router,
    local_addr: SocketAddr,
}

impl Application {
    /// Binds the address, loads and renders the content, and builds the router.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(config.addr)
            .await
            .with_context(|| format!("failed to listen on {}", config.addr))?;
        let local_addr = listener
            .local_addr()
            .context("failed to read the bound address")?;
        let public_url = config.public_url_for(local_addr);

        let content_dir = config.content_dir.clone();
        let library = tokio::task::spawn_blocking(move || Library::load(&content_dir))
            .await
            .context("content loading panicked")?
            .context("failed to load the content")?;
        let (link_problems, _) = library.check_links();
        for problem in &link_problems {
            tracing::warn!(%problem, "broken link in content");
        }

        let assets = Assets::discover(&config.site_dir).with_context(|| {
            format!(
                "failed to read the site assets in {}",
                config.site_dir.display()
            )
        })?;
        if !assets.has_bundle {
            tracing::warn!(
                site_dir = %config.site_dir.display(),
                "no wasm bundle found: pages render, but interactive pages will not hydrate (run scripts/serve to build it)"
            );
        }

        let leptos_options = LeptosOptions::builder()
            .output_name("portal")
            .site_root(config.site_dir.display().to_string())
            .site_pkg_dir(assets.pkg_path())
            .site_addr(local_addr)
            .build();
        let services = Services {
            content: Arc::new(library),
            site: Arc::new(SiteInfo { public_url }),
        };
        let state = AppState {
            leptos_options,
            services,
        };
        let router = router(state, &assets, config.is_https());
        Ok(Self {
            listener,
            router,
            local_addr,
        })
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Serves until `shutdown` completes, then finishes in-flight requests.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await
    }
}

/// Every route and the middleware around them.
fn router(state: AppState, assets: &Assets, https: bool) -> Router {
    let services = state.services.clone();
    let provide_services = move || provide_context(services.clone());
    let leptos_options = state.leptos_options.clone();
    let render_shell = move || shell(leptos_options.clone());

    let pages = Router::new()
        .leptos_routes_with_context(
            &state,
            generate_route_list(App),
            provide_services.clone(),
            render_shell.clone(),
        )
        .layer(RequestBodyLimitLayer::new(PAGE_BODY_LIMIT));

    let not_found = {
        let handler = leptos_axum::render_app_async_with_context(provide_services, render_shell);
        tower::service_fn(move |request: Request| {
            let handler = handler.clone();
            async move { Ok::<Response, Infallible>(handler(request).await.into_response()) }
        })
    };

    let router = Router::new()
        .merge(routes::health::router())
        .merge(pages)
        .merge(assets.bundle_router())
        .with_state(state);
    let router = assets.with_public_files(router, not_found);
    with_security_headers(router, https)
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(http::StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request| {
                    tracing::info_span!("request", method = %request.method(), path = %request.uri().path())
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
}
