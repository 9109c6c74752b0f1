//! Two `portal` instances on one fresh PostgreSQL database and the test Redis, behind the
//! balancer, configured as the deployment guide says: one key, one public URL (the balancer's),
//! the balancer as the trusted proxy, a shutdown grace.

use super::balancer::{Balancer, nginx_binary};
use crate::helpers::{PostgresDatabase, redis_test_url, skipped};
use crate::process::PortalProcess;
pub use crate::process::free_port;
use std::time::Duration;

const KEY: &str = "c2NhbGUtb3V0LXRlc3Qta2V5LTMyLWJ5dGVzLWxvbmc=";

/// The running topology.
pub struct Cluster {
    /// The instances, A and B.
    pub instances: Vec<PortalProcess>,
    /// nginx in front of them.
    pub balancer: Balancer,
    env: Vec<(String, String)>,
    dirs: Vec<tempfile::TempDir>,
    _database: PostgresDatabase,
}

impl Cluster {
    /// Starts the topology with `extra` settings for both instances, or says why it cannot
    /// (no PostgreSQL, Redis or nginx on this machine) and returns `None`.
    pub async fn start(test: &str, extra: &[(&str, &str)]) -> Option<Self> {
        let (Some(nginx), Some(redis)) = (nginx_binary(), redis_test_url()) else {
            skipped("nginx and Redis", test);
            return None;
        };
        let Some(database) = PostgresDatabase::create_if_configured().await else {
            skipped("PostgreSQL", test);
            return None;
        };
        let balancer_port = free_port();
        let ports = [free_port(), free_port()];
        let mut env: Vec<(String, String)> = [
            ("PORTAL_DATABASE_URL", database.url.as_str()),
            ("PORTAL_REDIS_URL", redis.as_str()),
            ("PORTAL_SECRET_KEY", KEY),
            ("PORTAL_PUBLIC_URL", &format!("https://127.0.0.1:{balancer_port}")),
            ("PORTAL_TRUSTED_PROXIES", "127.0.0.1/32"),
            ("PORTAL_SHUTDOWN_GRACE", "1s"),
        ]
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect();
        env.extend(
            extra
                .iter()
                .map(|(name, value)| ((*name).to_owned(), (*value).to_owned())),
        );
        let dirs = vec![
            tempfile::tempdir().expect("dir"),
            tempfile::tempdir().expect("dir"),
        ];
        let mut instances = Vec::new();
        for (dir, port) in dirs.iter().zip(ports) {
            instances.push(PortalProcess::start_on(port, dir.path(), &borrowed(&env)).await);
        }
        let balancer = Balancer::start(&nginx, balancer_port, &ports).await;
        Some(Self {
            instances,
            balancer,
            env,
            dirs,
            _database: database,
        })
    }

    /// Stops instance `index` with SIGTERM (asserting a clean exit), then starts it again on
    /// the same port and waits until it is ready.
    pub async fn restart(&mut self, index: usize) {
        let port = self.instances[index].port();
        self.instances[index].terminate();
        assert!(
            self.instances[index].wait_for_exit(Duration::from_secs(40)).await,
            "the instance exits cleanly after SIGTERM"
        );
        let restarted = PortalProcess::start_on(port, self.dirs[index].path(), &borrowed(&self.env)).await;
        self.instances[index] = restarted;
        self.wait_until_ready(index).await;
    }

    /// The settings that reach the shared database (for `portal client create`).
    pub fn database_env(&self) -> Vec<(&str, &str)> {
        borrowed(&self.env)
            .into_iter()
            .filter(|(name, _)| ["PORTAL_DATABASE_URL", "PORTAL_SECRET_KEY"].contains(name))
            .collect()
    }

    /// Waits until instance `index` answers `/readyz` with 200.
    pub async fn wait_until_ready(&self, index: usize) {
        let http = reqwest::Client::new();
        let url = format!("{}/readyz", self.instances[index].address);
        for _ in 0..300 {
            if let Ok(response) = http.get(&url).send().await
                && response.status() == 200
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("instance {index} did not become ready");
    }
}

fn borrowed(env: &[(String, String)]) -> Vec<(&str, &str)> {
    env.iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect()
}
