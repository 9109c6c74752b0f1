//! Accepting connections and serving them with hyper, with the limits that keep slow or
//! numerous clients from taking the portal down:
//!
//! - a header read timeout, which also closes idle keep-alive connections (hyper's timer starts
//!   whenever a connection waits for a request's headers), so a client sending one byte at a
//!   time is cut off;
//! - a cap on open connections (further ones wait in the kernel's backlog) and one per client
//!   address (IPv6: per /64; trusted proxies exempt), so one client cannot take every slot;
//! - HTTP/2 limits: concurrent streams, header list size, and keep-alive pings;
//! - a graceful shutdown: stop accepting, let in-flight requests finish within a drain timeout.

use crate::http::client_address::{TrustedProxies, rate_key};
use axum::Router;
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// The largest request head (request line and headers) read.
const MAX_HEAD_BYTES: usize = 64 * 1024;
/// Concurrent HTTP/2 streams per connection.
const MAX_STREAMS: u32 = 100;
/// How long in-flight requests may take to finish once shutdown starts.
pub const DRAIN_TIMEOUT: Duration = Duration::from_secs(30);

/// The connection limits (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// `PORTAL_HEADER_READ_TIMEOUT`.
    pub header_read_timeout: Duration,
    /// `PORTAL_MAX_CONNECTIONS`.
    pub max_connections: usize,
    /// `PORTAL_MAX_CONNECTIONS_PER_IP`.
    pub max_connections_per_ip: usize,
    /// `PORTAL_SHUTDOWN_GRACE`: how long a stopping instance keeps accepting while it drains
    /// out of a balancer's pool (see `http::draining`).
    pub shutdown_grace: Duration,
}

/// Open connections per client address.
#[derive(Default)]
struct PerAddress(Mutex<HashMap<String, usize>>);

impl PerAddress {
    /// Takes a slot for `key` if it has fewer than `max`.
    fn claim(&self, key: &str, max: usize) -> bool {
        let Ok(mut open) = self.0.lock() else {
            return true;
        };
        let count = open.entry(key.to_owned()).or_insert(0);
        if *count >= max {
            return false;
        }
        *count += 1;
        true
    }

    fn release(&self, key: &str) {
        if let Ok(mut open) = self.0.lock()
            && let Some(count) = open.get_mut(key)
        {
            *count -= 1;
            if *count == 0 {
                open.remove(key);
            }
        }
    }
}

/// Serves `router` on `listener` until `shutdown` completes, then drains.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    trusted: TrustedProxies,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .max_buf_size(MAX_HEAD_BYTES);
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_concurrent_streams(MAX_STREAMS)
        .max_header_list_size(u32::try_from(MAX_HEAD_BYTES).unwrap_or(u32::MAX))
        .keep_alive_interval(limits.header_read_timeout)
        .keep_alive_timeout(limits.header_read_timeout);
    let builder = Arc::new(builder);
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let per_address = Arc::new(PerAddress::default());
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);

    loop {
        let permit = tokio::select! {
            () = &mut shutdown => break,
            permit = slots.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
        };
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait a moment rather than spin.
                    tracing::warn!(%error, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let key = (!trusted.contains(peer.ip())).then(|| rate_key(peer.ip()));
        if let Some(key) = &key
            && !per_address.claim(key, limits.max_connections_per_ip)
        {
            tracing::warn!(client.addr = %key, "too many connections from one address; closing the newest");
            continue;
        }
        let _ = stream.set_nodelay(true);
        let service = router
            .clone()
            .map_request(move |request: http::Request<hyper::body::Incoming>| {
                let mut request = request.map(axum::body::Body::new);
                request.extensions_mut().insert(ConnectInfo(peer));
                request
            });
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), TowerToHyperService::new(service))
            .into_owned();
        let connection = graceful.watch(connection);
        let per_address = per_address.clone();
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(error = %error, "connection ended with an error");
            }
            if let Some(key) = key {
                per_address.release(&key);
            }
            drop(permit);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(DRAIN_TIMEOUT) => {
            tracing::warn!("in-flight requests did not finish within the drain timeout");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_per_address_are_claimed_and_given_back() {
        let open = PerAddress::default();
        assert!(open.claim("a", 2));
        assert!(open.claim("a", 2));
        assert!(!open.claim("a", 2), "a third one is refused");
        assert!(open.claim("b", 2), "another address has its own");
        open.release("a");
        assert!(open.claim("a", 2));
        open.release("a");
        open.release("a");
        open.release("b");
        assert!(
            open.0.lock().expect("lock").is_empty(),
            "nothing is kept for closed connections"
        );
    }
}
