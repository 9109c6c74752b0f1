//! The configured CIAM identity provider, as the sandbox sees it: its discovery document, its
//! signing keys (cached by `kid`, refreshed when an unknown one appears — at most once per
//! [`REFRESH_MIN_INTERVAL_SECS`] — and every [`PERIODIC_REFRESH`]) and the check of its access
//! tokens. An unreachable CIAM never stops the portal: discovery is retried in the background,
//! `/readyz` reports it, and its tokens are refused meanwhile.

mod discovery;
mod keys;
mod verify;

pub use verify::{CiamClaims, CiamError, LEEWAY_SECS, unverified_issuer};

use crate::clock::SharedClock;
use crate::config::CiamSettings;
use anyhow::Context;
use keys::KeySet;
use std::sync::{Arc, RwLock, Weak};
use std::time::Duration;

/// The least time between two refreshes caused by tokens (unknown `kid`s), in seconds.
pub const REFRESH_MIN_INTERVAL_SECS: i64 = 30;
/// How often the keys are refreshed anyway.
pub const PERIODIC_REFRESH: Duration = Duration::from_secs(600);
/// The longest wait between two discovery attempts while the CIAM is unavailable.
const MAX_RETRY: Duration = Duration::from_secs(30);

/// The CIAM verifier every request shares.
pub struct Ciam {
    settings: CiamSettings,
    http: reqwest::Client,
    clock: SharedClock,
    cache: RwLock<Cache>,
    /// One refresh at a time; a request that needs one waits for the one under way.
    refreshing: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct Cache {
    jwks_uri: Option<String>,
    keys: Option<Arc<KeySet>>,
    /// When (portal clock) the last refresh was tried.
    last_attempt: Option<i64>,
}

impl Ciam {
    /// The verifier for `settings`, with its background refresh started (it ends when the last
    /// reference to the verifier goes).
    pub fn start(settings: CiamSettings, clock: SharedClock) -> anyhow::Result<Arc<Self>> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(3))
            .timeout(Duration::from_secs(5))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .context("failed to build the CIAM's HTTP client")?;
        let ciam = Arc::new(Self {
            settings,
            http,
            clock,
            cache: RwLock::new(Cache::default()),
            refreshing: tokio::sync::Mutex::new(()),
        });
        tokio::spawn(refresh_periodically(Arc::downgrade(&ciam)));
        Ok(ciam)
    }

    /// The configured issuer (tokens whose `iss` is this are checked here).
    pub fn issuer(&self) -> &str {
        &self.settings.issuer
    }

    /// Whether the CIAM's keys are loaded (for `/readyz`).
    pub fn is_available(&self) -> bool {
        self.cache.read().is_ok_and(|cache| cache.keys.is_some())
    }

    /// Checks a token that names the CIAM as its issuer.
    pub async fn verify(&self, token: &str) -> Result<CiamClaims, CiamError> {
        let header = verify::header(token)?;
        let check = |keys: &KeySet| {
            verify::verify(
                token,
                &header,
                keys,
                &self.settings.issuer,
                &self.settings.audience,
                self.clock.now(),
            )
        };
        if let Some(keys) = self.keys() {
            match check(&keys) {
                Err(CiamError::UnknownKey(_)) => {}
                done => return done,
            }
        }
        // Unknown key or no keys yet: refresh (unless one was tried moments ago) and retry.
        self.refresh_if_due().await;
        let keys = self.keys().ok_or(CiamError::Unavailable)?;
        check(&keys)
    }

    fn keys(&self) -> Option<Arc<KeySet>> {
        self.cache.read().ok().and_then(|cache| cache.keys.clone())
    }

    /// Refreshes unless a refresh was tried in the last [`REFRESH_MIN_INTERVAL_SECS`].
    async fn refresh_if_due(&self) {
        let attempted = self.cache.read().ok().and_then(|cache| cache.last_attempt);
        let _one_at_a_time = self.refreshing.lock().await;
        let now = self.clock.now();
        let latest = self.cache.read().ok().and_then(|cache| cache.last_attempt);
        // Another request refreshed while this one waited: its result stands.
        if latest != attempted {
            return;
        }
        if latest.is_some_and(|at| now - at < REFRESH_MIN_INTERVAL_SECS) {
            return;
        }
        if let Err(error) = self.refresh_now(now).await {
            tracing::warn!(ciam.issuer = %self.settings.issuer, error = format!("{error:#}"), "could not refresh the CIAM's keys");
        }
    }

    /// Discovers (when not done yet) and fetches the keys. The caller holds `refreshing`.
    async fn refresh_now(&self, now: i64) -> anyhow::Result<()> {
        let known_uri = {
            let mut cache = self
                .cache
                .write()
                .map_err(|_| anyhow::anyhow!("the CIAM cache is poisoned"))?;
            cache.last_attempt = Some(now);
            cache.jwks_uri.clone()
        };
        let jwks_uri = match known_uri {
            Some(uri) => uri,
            None => {
                discovery::discover(&self.http, &self.settings.issuer)
                    .await?
                    .jwks_uri
            }
        };
        let keys = keys::fetch(&self.http, &jwks_uri).await?;
        let count = keys.len();
        let mut cache = self
            .cache
            .write()
            .map_err(|_| anyhow::anyhow!("the CIAM cache is poisoned"))?;
        let first = cache.keys.is_none();
        cache.jwks_uri = Some(jwks_uri);
        cache.keys = Some(Arc::new(keys));
        drop(cache);
        if first {
            tracing::info!(ciam.issuer = %self.settings.issuer, keys = count, "CIAM available: its tokens are accepted");
        } else {
            tracing::debug!(ciam.issuer = %self.settings.issuer, keys = count, "CIAM keys refreshed");
        }
        Ok(())
    }
}

/// Discovers at once, retries with a growing pause while the CIAM is unavailable, then
/// refreshes the keys every [`PERIODIC_REFRESH`].
async fn refresh_periodically(ciam: Weak<Ciam>) {
    let mut retry = Duration::from_secs(1);
    let mut warned = false;
    loop {
        let pause = {
            let Some(ciam) = ciam.upgrade() else { return };
            let guard = ciam.refreshing.lock().await;
            let result = ciam.refresh_now(ciam.clock.now()).await;
            drop(guard);
            match result {
                Ok(()) => {
                    retry = Duration::from_secs(1);
                    warned = false;
                    PERIODIC_REFRESH
                }
                Err(error) if !ciam.is_available() => {
                    if !warned {
                        tracing::warn!(
                            ciam.issuer = %ciam.settings.issuer,
                            error = format!("{error:#}"),
                            "the CIAM is unavailable: its tokens are refused until discovery succeeds (retrying)"
                        );
                        warned = true;
                    }
                    let pause = retry;
                    retry = (retry * 2).min(MAX_RETRY);
                    pause
                }
                Err(error) => {
                    tracing::warn!(ciam.issuer = %ciam.settings.issuer, error = format!("{error:#}"), "could not refresh the CIAM's keys; keeping the ones known");
                    MAX_RETRY
                }
            }
        };
        tokio::time::sleep(pause).await;
    }
}
