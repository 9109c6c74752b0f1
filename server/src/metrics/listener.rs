//! The metrics listener: its own address (`PORTAL_METRICS_ADDR`) and one route, `GET /metrics`,
//! answering the Prometheus text format; everything else there is 404. It is served by plain
//! `axum::serve` (an operator's port, for a private interface: none of the portal's middleware
//! or connection limits apply) and stops when the portal does.

use super::gauges::Gauges;
use crate::db::Database;
use anyhow::Context;
use axum::Router;
use axum::extract::State;
use axum::response::IntoResponse;
use axum::routing::get;
use fred::prelude::Pool as RedisPool;
use http::header;
use metrics_exporter_prometheus::PrometheusHandle;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The path metrics are served at.
pub const METRICS_PATH: &str = "/metrics";
/// The Prometheus text exposition format.
const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";
/// How often histogram samples are folded in between scrapes (so memory stays flat when
/// nobody scrapes).
const UPKEEP_EVERY: Duration = Duration::from_secs(5);
/// How long a stopping listener may take to finish a scrape in flight.
const STOP_TIMEOUT: Duration = Duration::from_secs(5);

/// The metrics listener, bound and ready to serve.
pub struct MetricsListener {
    listener: TcpListener,
    local_addr: SocketAddr,
    scrape: Arc<Scrape>,
}

/// What a scrape reads.
struct Scrape {
    handle: PrometheusHandle,
    gauges: Gauges,
}

/// Installs the recorder and binds `addr`, when it is set; `None` (metrics off) otherwise.
pub async fn bind(
    addr: Option<SocketAddr>,
    db: &Database,
    redis: Option<RedisPool>,
) -> anyhow::Result<Option<MetricsListener>> {
    let Some(addr) = addr else {
        return Ok(None);
    };
    let handle = super::install()?;
    let listener = TcpListener::bind(addr)
        .await
        .with_context(|| format!("failed to listen on {addr} (PORTAL_METRICS_ADDR)"))?;
    let local_addr = listener
        .local_addr()
        .context("failed to read the metrics listener's address")?;
    tracing::info!(metrics.addr = %local_addr, "serving Prometheus metrics at http://{local_addr}{METRICS_PATH}");
    Ok(Some(MetricsListener {
        listener,
        local_addr,
        scrape: Arc::new(Scrape {
            handle,
            gauges: Gauges::new(db.clone(), redis),
        }),
    }))
}

impl MetricsListener {
    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Starts serving on a task of its own.
    pub fn spawn(self) -> RunningMetrics {
        let upkeep = {
            let handle = self.scrape.handle.clone();
            tokio::spawn(async move {
                let mut ticks = tokio::time::interval(UPKEEP_EVERY);
                loop {
                    ticks.tick().await;
                    handle.run_upkeep();
                }
            })
        };
        let router = Router::new()
            .route(METRICS_PATH, get(scrape))
            .with_state(self.scrape);
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            let served = axum::serve(self.listener, router)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
            if let Err(error) = served {
                tracing::warn!(%error, "the metrics listener failed");
            }
        });
        RunningMetrics { stop, server, upkeep }
    }
}

/// A metrics listener being served.
pub struct RunningMetrics {
    stop: oneshot::Sender<()>,
    server: JoinHandle<()>,
    upkeep: JoinHandle<()>,
}

impl RunningMetrics {
    /// Stops accepting, lets a scrape in flight finish (briefly), and closes the listener.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        self.upkeep.abort();
        let server = self.server;
        let abort = server.abort_handle();
        if tokio::time::timeout(STOP_TIMEOUT, server).await.is_err() {
            abort.abort();
        }
    }
}

/// `GET /metrics`: the gauges read now, then everything in the text format.
async fn scrape(State(scrape): State<Arc<Scrape>>) -> impl IntoResponse {
    scrape.gauges.sample().await;
    ([(header::CONTENT_TYPE, CONTENT_TYPE)], scrape.handle.render())
}
