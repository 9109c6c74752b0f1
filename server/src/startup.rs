//! `Application`: binds the listener, opens storage, loads content, and assembles the router
//! with its middleware in one place.

use crate::accounts::AccountService;
use crate::catalogue::{self, Catalogue};
use crate::claims::attachments::ClaimsStorage;
use crate::clock::{SharedClock, SystemClock};
use crate::config::{Config, ConfigError};
use crate::content::Library;
use crate::crypto::PortalKey;
use crate::crypto::sealing::Sealer;
use crate::db::Database;
use crate::http::assets::Assets;
use crate::http::client_address::{ClientAddressLayer, ClientAddressing, ConsoleAttribution, TrustedProxies};
use crate::http::draining::Readiness;
use crate::http::page_cache::{self, NotFromPageCache, PageCache};
use crate::http::serve::{ConnectionLimits, serve};
use crate::http::{draining, error_page, form_guard, page_session, panics, security_headers, session_outage};
use crate::oauth::Sandbox;
use crate::oauth::tokens::DEFAULT_LIFETIME_SECS;
use crate::rate_limit::RateLimiter;
use crate::routes;
use crate::sessions::PortalSessionStore;
use crate::state::AppState;
use crate::try_it::ConsoleService;
use crate::try_it::environments::Environment;
use anyhow::Context;
use app::ssr::request::{ClientAddress, REQUEST_ID_HEADER};
use app::ssr::services::{Services, SiteInfo};
use app::{App, shell};
use axum::Router;
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use http::HeaderName;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use secrecy::ExposeSecret;
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, LazyLock};
use std::time::Duration;
use tokio::net::{TcpListener, TcpSocket};
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::request_id::PropagateRequestIdLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

/// How long any request may take before it is answered 408.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// The pages' routes, listed once per process. Listing runs the app with resource loading
/// suppressed through a process-wide flag, so a page whose data began loading while another
/// portal of the same process listed its routes would wait forever; listed once, before any
/// portal serves, nothing can overlap it.
static PAGE_ROUTES: LazyLock<Vec<AxumRouteListing>> = LazyLock::new(|| generate_route_list(App));

/// How often pending "last used" times are written.
const LAST_USED_FLUSH_EVERY: Duration = Duration::from_secs(5);
/// Pruning runs every this many housekeeping ticks (ten minutes).
const PRUNE_EVERY_TICKS: u64 = 120;

/// The portal's storage, opened and checked.
pub struct Storage {
    /// The database.
    pub db: Database,
    /// The portal key.
    pub key: PortalKey,
    /// Where sessions are kept.
    pub sessions: PortalSessionStore,
    /// Redis, when configured (sessions and rate limits).
    pub redis: Option<fred::prelude::Pool>,
}

/// Opens the database and the portal key and checks they belong together. Failures are
/// configuration errors (exit code 2), naming the variable to fix.
pub async fn open_storage(config: &Config) -> Result<(Database, PortalKey), ConfigError> {
    let data_dir_error = |reason: String| ConfigError {
        origin: "PORTAL_DATA_DIR".into(),
        reason,
    };
    std::fs::create_dir_all(&config.data_dir)
        .map_err(|error| data_dir_error(format!("cannot create `{}`: {error}", config.data_dir.display())))?;
    let key =
        PortalKey::load_or_generate(config.secret_key.as_ref(), &config.data_dir).map_err(
            |error| match error {
                crate::crypto::KeyError::BadFormat => ConfigError {
                    origin: "PORTAL_SECRET_KEY".into(),
                    reason: error
                        .to_string()
                        .trim_start_matches("PORTAL_SECRET_KEY: ")
                        .to_owned(),
                },
                other => data_dir_error(other.to_string()),
            },
        )?;
    let db = Database::connect(&database_url(config))
        .await
        .map_err(database_error)?;
    let stored = db
        .setting_or_insert("key_fingerprint", &key.fingerprint())
        .await
        .map_err(|error| database_error(format!("cannot read the portal settings ({error})")))?;
    if stored != key.fingerprint() {
        return Err(ConfigError {
            origin: "PORTAL_SECRET_KEY".into(),
            reason:
                "this database was set up with a different portal key; start every instance with the same \
                     PORTAL_SECRET_KEY (or the same data folder's secret.key)"
                    .into(),
        });
    }
    Ok((db, key))
}

fn database_url(config: &Config) -> String {
    match &config.database_url {
        Some(url) => url.expose_secret().to_owned(),
        None => Database::sqlite_url(&config.data_dir),
    }
}

fn database_error(reason: String) -> ConfigError {
    ConfigError {
        origin: "PORTAL_DATABASE_URL".into(),
        reason,
    }
}

/// [`open_storage`] plus the session store and Redis, for serving.
async fn open_serving_storage(config: &Config) -> Result<Storage, ConfigError> {
    let (db, key) = open_storage(config).await?;
    let redis = match &config.redis_url {
        Some(url) => Some(
            crate::redis_pool::connect(url.expose_secret())
                .await
                .map_err(|reason| ConfigError {
                    origin: "PORTAL_REDIS_URL".into(),
                    reason,
                })?,
        ),
        None => None,
    };
    let sessions = PortalSessionStore::open(&database_url(config), db.backend(), redis.clone())
        .await
        .map_err(|reason| database_error(format!("cannot set up the session store ({reason})")))?;
    Ok(Storage {
        db,
        key,
        sessions,
        redis,
    })
}

/// The portal, bound to its address and ready to serve.
pub struct Application {
    listener: TcpListener,
    router: Router,
    local_addr: SocketAddr,
    sandbox: Arc<Sandbox>,
    sessions: PortalSessionStore,
    readiness: Readiness,
    connections: ConnectionLimits,
    trusted_proxies: TrustedProxies,
    claims: ClaimsStorage,
    metrics: Option<crate::metrics::listener::MetricsListener>,
}

/// The console's user sign-in, when the CIAM is configured with the portal's client.
fn user_sign_in(
    config: &Config,
    public_url: &str,
) -> anyhow::Result<Option<Arc<crate::try_it::user_sign_in::UserSignIn>>> {
    use crate::try_it::user_sign_in::{SignInSettings, UserSignIn};
    let Some(ciam) = &config.ciam else {
        return Ok(None);
    };
    let (Some(client_id), Some(client_secret)) = (&ciam.client_id, &ciam.client_secret) else {
        return Ok(None);
    };
    let settings = SignInSettings {
        issuer: ciam.issuer.clone(),
        audience: ciam.audience.clone(),
        client_id: client_id.clone(),
        client_secret: client_secret.clone(),
        public_url: public_url.trim_end_matches('/').to_owned(),
    };
    let sign_in = UserSignIn::new(settings).context("failed to set up the console's CIAM client")?;
    Ok(Some(Arc::new(sign_in)))
}

impl Application {
    /// Binds the address, opens storage, loads and renders the content, and builds the router.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        Self::build_with_clock(config, Arc::new(SystemClock)).await
    }

    /// [`Application::build`] with a given clock (tests move time by hand).
    pub async fn build_with_clock(config: Config, clock: SharedClock) -> anyhow::Result<Self> {
        // Bound now (so the address is known), listening only once everything is ready: until
        // then connections are refused, and a balancer sends them to another instance at once.
        let socket = bind(config.addr).with_context(|| format!("failed to listen on {}", config.addr))?;
        let local_addr = socket.local_addr().context("failed to read the bound address")?;
        let public_url = config.public_url_for(local_addr);
        let storage = open_serving_storage(&config).await?;
        let sandbox = Arc::new(
            Sandbox::new(
                storage.db,
                &storage.key,
                public_url.clone(),
                DEFAULT_LIFETIME_SECS,
                clock.clone(),
            )
            .with_request_log(config.request_log),
        );
        let metrics =
            crate::metrics::listener::bind(config.metrics_addr, &sandbox.db, storage.redis.clone()).await?;

        let content_dir = config.content_dir.clone();
        let mut library = tokio::task::spawn_blocking(move || Library::load(&content_dir))
            .await
            .context("content loading panicked")?
            .context("failed to load the content")?;
        let (link_problems, _) = library.check_links();
        for problem in &link_problems {
            tracing::warn!(%problem, "broken link in content");
        }

        let assets = Assets::discover(&config.site_dir)
            .with_context(|| format!("failed to read the site assets in {}", config.site_dir.display()))?;
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
        let (sandbox_api, openapi_document) = routes::openapi::router(&public_url);
        let catalogue = {
            let apis_dir = config.content_dir.join("apis");
            let builtin = catalogue::sandbox_entries(&openapi_document);
            Arc::new(
                tokio::task::spawn_blocking(move || Catalogue::load(&apis_dir, builtin))
                    .await
                    .context("reading the API catalogue panicked")?,
            )
        };
        for problem in catalogue.problems() {
            tracing::warn!(%problem, "problem in the API catalogue");
        }
        library.index_more(catalogue.findable());
        let mut environments = vec![Environment::sandbox(&public_url, local_addr)];
        environments.extend(config.environments.iter().map(Environment::configured));
        let attribution = Arc::new(ConsoleAttribution::new(&storage.key));
        let user_sign_in = user_sign_in(&config, &public_url)?;
        let console = Arc::new(
            ConsoleService::new(environments, attribution.clone(), clock.clone())
                .context("failed to set up the console's HTTP client")?
                .with_user_sign_in_issuer(user_sign_in.as_ref().map(|sign_in| sign_in.issuer().to_owned())),
        );
        let limiter = Arc::new(match storage.redis {
            Some(pool) => RateLimiter::in_redis(pool, config.limits, clock.clone()),
            None => RateLimiter::in_memory(config.limits, clock.clone()),
        });
        let sealer = Arc::new(Sealer::new(&storage.key));
        let readiness = Readiness::default();
        let ciam = match config.ciam.clone() {
            Some(settings) => Some(crate::ciam::Ciam::start(settings, clock.clone())?),
            None => None,
        };
        let services = Services {
            content: Arc::new(library),
            accounts: Arc::new(AccountService::new(
                sandbox.clone(),
                sealer.clone(),
                limiter.clone(),
            )),
            console: console.clone(),
            catalogue: catalogue.clone(),
            requests: Arc::new(routes::request_log::RequestLogService::new(
                sandbox.clone(),
                catalogue.clone(),
            )),
            inspector: Arc::new(crate::oauth::inspect::Inspector::new(sandbox.clone())),
            site: Arc::new(SiteInfo {
                public_url: public_url.clone(),
            }),
        };
        let state = AppState {
            leptos_options,
            services,
            sandbox: sandbox.clone(),
            limiter,
            claims: config.claims,
            public_url: public_url.into(),
            catalogue,
            console,
            user_sign_in,
            sealer,
            sessions: storage.sessions.clone(),
            readiness: readiness.clone(),
            ciam,
        };
        let addressing = ClientAddressing {
            trusted: config.trusted_proxies.clone(),
            attribution,
            clock,
        };
        let router = router(
            state,
            addressing,
            sandbox_api,
            &assets,
            storage.sessions.clone(),
            config.is_https(),
        );
        // Everything is loaded: from now on connections are taken (and queue until served).
        let listener = socket.listen(LISTEN_BACKLOG).context("failed to listen")?;
        Ok(Self {
            listener,
            router,
            local_addr,
            sandbox,
            sessions: storage.sessions,
            readiness,
            connections: config.connections,
            trusted_proxies: config.trusted_proxies,
            claims: config.claims,
            metrics,
        })
    }

    /// The sandbox this application serves (tests and tools reach it directly).
    pub fn sandbox(&self) -> Arc<Sandbox> {
        self.sandbox.clone()
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
        let housekeeping = tokio::spawn(housekeeping(self.sandbox.clone(), self.claims));
        let request_log_writer = self.sandbox.requests.spawn_writer();
        let metrics = self.metrics.map(crate::metrics::listener::MetricsListener::spawn);
        let session_cleanup = tokio::spawn(self.sessions.clone().delete_expired_periodically());
        let readiness = self.readiness.clone();
        let grace = self.connections.shutdown_grace;
        let stop_accepting = async move {
            shutdown.await;
            readiness.start_draining();
            tracing::info!(
                grace_ms = grace.as_millis(),
                "shutting down: not ready for new work"
            );
            tokio::time::sleep(grace).await;
        };
        let served = serve(
            self.listener,
            self.router,
            self.connections,
            self.trusted_proxies,
            stop_accepting,
        )
        .await;
        housekeeping.abort();
        // What the last requests recorded is written before the database closes.
        self.sandbox.requests.stop();
        if let Some(writer) = request_log_writer {
            let _ = writer.await;
        }
        if let Some(metrics) = metrics {
            metrics.stop().await;
        }
        session_cleanup.abort();
        self.sessions.close().await;
        if let Err(error) = self.sandbox.clients.flush_last_used().await {
            tracing::warn!(%error, "could not record last-used times at shutdown");
        }
        self.sandbox.db.close().await;
        served
    }
}

/// Pending connections the kernel holds while the portal is busy accepting.
const LISTEN_BACKLOG: u32 = 1024;

/// A socket bound to `addr` (reusing the address, so a restarted instance can bind at once),
/// not yet listening.
fn bind(addr: SocketAddr) -> std::io::Result<TcpSocket> {
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    Ok(socket)
}

/// Background chores: record when clients were last used (every few seconds); forget expired
/// revocations and delete sandbox attachments past their retention (every ten minutes, and
/// once at start).
async fn housekeeping(sandbox: Arc<Sandbox>, claims: ClaimsStorage) {
    let mut ticks = tokio::time::interval(LAST_USED_FLUSH_EVERY);
    let mut count: u64 = 0;
    loop {
        ticks.tick().await;
        if let Err(error) = sandbox.clients.flush_last_used().await {
            tracing::warn!(%error, "could not record last-used times");
        }
        if count.is_multiple_of(PRUNE_EVERY_TICKS) {
            prune(&sandbox, claims).await;
        }
        count += 1;
    }
}

/// Deletes what has outlived its time: revocations of expired tokens, and attachments past
/// the retention period.
pub async fn prune(sandbox: &Sandbox, claims: ClaimsStorage) {
    let now = sandbox.clock.now();
    if let Err(error) = sandbox.db.prune_revoked_tokens(now).await {
        tracing::warn!(%error, "could not prune revoked tokens");
    }
    match sandbox.requests.prune().await {
        Ok(0) => {}
        Ok(deleted) => tracing::info!(deleted, "deleted request-log records past their retention"),
        Err(error) => tracing::warn!(%error, "could not trim the request log"),
    }
    let cutoff = now - i64::try_from(claims.retention.as_secs()).unwrap_or(i64::MAX);
    match sandbox.db.delete_attachments_received_before(cutoff).await {
        Ok(0) => {}
        Ok(deleted) => tracing::info!(deleted, "deleted sandbox attachments past their retention"),
        Err(error) => tracing::warn!(%error, "could not delete expired sandbox attachments"),
    }
}

/// Every route and the middleware around them.
fn router(
    state: AppState,
    addressing: ClientAddressing,
    sandbox_api: Router<AppState>,
    assets: &Assets,
    sessions: PortalSessionStore,
    https: bool,
) -> Router {
    let services = state.services.clone();
    let provide_services = move || provide_context(services.clone());
    let leptos_options = state.leptos_options.clone();
    let render_shell = move || shell(leptos_options.clone());

    // What renders a page reads the session first (pages render synchronously).
    let load_page_session = axum::middleware::from_fn_with_state(state.clone(), page_session::load);
    // Every state-changing form, whatever its content type: CSRF, body kind and size, form limits.
    let form_guard = axum::middleware::from_fn_with_state(state.clone(), form_guard::guard);
    // While the session store is down: pages as for anonymous readers, 503 for what needs it.
    let session_outage = axum::middleware::from_fn_with_state(state.clone(), session_outage::guard);
    // Only what reads or writes the session pays for it: the pages and server functions, the
    // console and the 404 page (not the sandbox APIs, the checks or the static files).
    let with_sessions = tower::ServiceBuilder::new()
        .layer(session_outage)
        .layer(sessions.layer(https));

    // Pages and server functions: sessions, the form guard, error answers with their real
    // status.
    let pages = Router::new()
        .leptos_routes_with_context(
            &state,
            PAGE_ROUTES.clone(),
            provide_services.clone(),
            render_shell.clone(),
        )
        .layer(load_page_session.clone())
        .merge(routes::postman::router())
        .merge(routes::inspect::router())
        .merge(routes::request_log::router())
        .merge(routes::catalogue::router())
        // One `Router::layer` for the stack (see `every_answer` below), outermost first.
        .layer(
            tower::ServiceBuilder::new()
                .layer(with_sessions.clone())
                .layer(form_guard.clone())
                .layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    error_page::server_fn_errors,
                )),
        );

    // The console's forms: the same guard (which reads each within its route's limit).
    let console = routes::try_it::router().layer(
        tower::ServiceBuilder::new()
            .layer(with_sessions.clone())
            .layer(form_guard),
    );

    // Pages that are the same for every anonymous reader, and the 404 page: rendered once.
    let page_cache = PageCache::new(
        state.services.clone(),
        state.leptos_options.clone(),
        page_cache::cacheable_paths(
            state.services.content.as_ref(),
            state.catalogue.apis().iter().map(|api| api.slug.clone()),
        ),
        PortalSessionStore::cookie_name(https),
    );
    let not_found = {
        let handler = leptos_axum::render_app_async_with_context(provide_services, render_shell);
        let render = tower::service_fn(move |request: Request| {
            let handler = handler.clone();
            async move { Ok::<Response, Infallible>(handler(request).await.into_response()) }
        });
        tower::ServiceBuilder::new()
            .layer(page_cache.not_found_layer())
            .layer(with_sessions)
            .layer(load_page_session)
            .service(render)
    };

    let answer_panics = axum::middleware::from_fn_with_state(state.clone(), panics::answer_panics);
    // Once shutdown begins: reads answered 503 for a balancer to retry elsewhere.
    let draining_gate = axum::middleware::from_fn_with_state(state.readiness.clone(), draining::gate);
    let router = Router::new();
    // Unit tests show what a panicking handler's caller gets; no build outside them has this.
    #[cfg(test)]
    let router = router.route(tests::PANIC_PATH, axum::routing::get(tests::panic_on_purpose));
    let router = router
        .merge(routes::health::router())
        // Every request to the sandbox's endpoints goes into its app's request log.
        .merge(sandbox_api.layer(axum::middleware::from_fn_with_state(
            state.sandbox.clone(),
            crate::request_log::layer::record,
        )))
        .merge(pages)
        .merge(console)
        .merge(assets.bundle_router())
        .with_state(state);
    let router = assets.with_public_files(router, not_found);

    // What every answer goes through, outermost first. One `Router::layer` for all of them:
    // axum boxes each layer it applies, so one stack costs one box per request, not one per layer.
    let every_answer = tower::ServiceBuilder::new()
        .layer(ClientAddressLayer::new(addressing))
        .layer(PropagateRequestIdLayer::new(HeaderName::from_static(
            REQUEST_ID_HEADER,
        )))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        // Inside the router (the matched route is known) and outside the layers that answer
        // for the handler (408, panics), so it counts the status the client gets.
        .layer(axum::middleware::from_fn(crate::metrics::http::track))
        .layer(TimeoutLayer::with_status_code(
            http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(CompressionLayer::new().compress_when(DefaultPredicate::new().and(NotFromPageCache)))
        .layer(answer_panics)
        .layer(panics::catch_panics())
        .layer(security_headers::layer(https))
        .layer(draining_gate)
        .layer(page_cache.layer());
    router.layer(every_answer)
}

/// The span of one request: its id, client address, method and path (formatted only when
/// the span is recorded).
fn request_span(request: &Request) -> tracing::Span {
    let id = request
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let client = request
        .extensions()
        .get::<ClientAddress>()
        .map(|client| tracing::field::display(client.ip));
    tracing::info_span!("request", request_id = %id, client.addr = client, method = %request.method(), path = %request.uri().path())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The route that panics in unit-test builds.
    pub const PANIC_PATH: &str = "/__test/panic";

    /// Its handler.
    pub async fn panic_on_purpose() -> Response {
        panic!("a handler panicked on purpose")
    }

    #[tokio::test]
    async fn a_panicking_handler_gets_the_500_page_with_a_request_id_and_the_connection_lives_on() {
        let data = tempfile::tempdir().expect("data dir");
        let data_dir = data.path().display().to_string();
        let content_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../content").to_owned();
        let lookup = move |name: &str| match name {
            "PORTAL_ADDR" => Some("127.0.0.1:0".to_owned()),
            "PORTAL_DATA_DIR" | "PORTAL_SITE_DIR" => Some(data_dir.clone()),
            "PORTAL_CONTENT_DIR" => Some(content_dir.clone()),
            _ => None,
        };
        let config = Config::load(&lookup, None).expect("config");
        let application = Application::build(config).await.expect("built");
        let base = format!("http://{}", application.local_addr());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let serving = tokio::spawn(application.run_until_stopped(async {
            let _ = stopped.await;
        }));
        // One connection for every request below.
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(1)
            .build()
            .expect("client");

        let page = client
            .get(format!("{base}{PANIC_PATH}"))
            .header("accept", "text/html")
            .send()
            .await
            .expect("an answer, not a dropped connection");
        assert_eq!(page.status().as_u16(), 500);
        let id = page.headers()["x-request-id"].to_str().expect("ascii").to_owned();
        let body = page.text().await.expect("page");
        assert!(body.contains("Something went wrong"), "the portal's own 500 page");
        assert!(body.contains(&id), "the page shows the request id to quote");

        let json = client
            .get(format!("{base}{PANIC_PATH}"))
            .header("accept", "application/json")
            .send()
            .await
            .expect("an answer");
        assert_eq!(json.status().as_u16(), 500);
        assert_eq!(json.text().await.expect("body"), "\"Internal\"");

        let after = client
            .get(format!("{base}/healthz"))
            .send()
            .await
            .expect("still serving");
        assert_eq!(after.status().as_u16(), 200);
        let _ = stop.send(());
        serving.await.expect("joined").expect("stopped cleanly");
    }
}
