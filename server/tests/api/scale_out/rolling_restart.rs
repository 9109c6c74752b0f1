//! Restarting each instance in turn under load, as a deployment does, fails no request: the
//! stopping instance leaves nginx's rotation (`/readyz` 503, reads answered 503 for nginx to
//! retry elsewhere), stops accepting, finishes what it started; the new one listens only once
//! it is ready.

use super::cluster::Cluster;
use crate::process::create_client;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

const TEST: &str = "restarting_each_instance_under_load_fails_no_request";
/// Simulated developers sending requests at once.
const WORKERS: usize = 12;
/// How long nginx keeps an instance out of rotation after a failure (`fail_timeout` in
/// deploy/nginx.conf), plus a margin: an operator waits this long after an instance is ready
/// before restarting the next.
const BACK_IN_ROTATION: Duration = Duration::from_millis(5_500);

#[derive(Default)]
struct Tally {
    sent: AtomicUsize,
    failed: AtomicUsize,
    failures: std::sync::Mutex<Vec<String>>,
}

impl Tally {
    fn record(&self, what: &str, outcome: Result<u16, String>, expected: u16) {
        self.sent.fetch_add(1, Ordering::Relaxed);
        match outcome {
            Ok(status) if status == expected => {}
            other => {
                self.failed.fetch_add(1, Ordering::Relaxed);
                if let Ok(mut failures) = self.failures.lock()
                    && failures.len() < 10
                {
                    failures.push(format!("{what}: {other:?}"));
                }
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restarting_each_instance_under_load_fails_no_request() {
    let unlimited = [
        ("PORTAL_TOKEN_RATE_LIMIT", "1000000/min"),
        ("PORTAL_TOKEN_IP_RATE_LIMIT", "1000000/min"),
        ("PORTAL_CLAIMS_RATE_LIMIT", "1000000/min"),
    ];
    let Some(mut cluster) = Cluster::start(TEST, &unlimited).await else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let env: Vec<(&str, &str)> = cluster.database_env();
    let (client_id, secret) = create_client(dir.path(), &env);

    let tally = Arc::new(Tally::default());
    let stop = Arc::new(AtomicBool::new(false));
    let mut workers = Vec::new();
    for worker in 0..WORKERS {
        let http = cluster
            .balancer
            .client(&format!("127.0.{}.{}", 10 + worker / 200, 1 + worker % 200));
        let base = cluster.balancer.url.clone();
        let (tally, stop) = (tally.clone(), stop.clone());
        let (client_id, secret) = (client_id.clone(), secret.clone());
        workers.push(tokio::spawn(async move {
            let status = |result: reqwest::Result<reqwest::Response>| {
                result
                    .map(|response| response.status().as_u16())
                    .map_err(|error| format!("{error:?}"))
            };
            while !stop.load(Ordering::Relaxed) {
                let page = http
                    .get(format!("{base}/faq/security-and-authorization"))
                    .send()
                    .await;
                tally.record("GET /faq/…", status(page), 200);
                let answer = http
                    .post(format!("{base}/apip/auth/v2/token"))
                    .basic_auth(&client_id, Some(&secret))
                    .form(&[("grant_type", "client_credentials")])
                    .send()
                    .await;
                let token = match answer {
                    Ok(response) if response.status() == 200 => {
                        let body: serde_json::Value = response.json().await.unwrap_or_default();
                        tally.record("POST token", Ok(200), 200);
                        body["access_token"].as_str().unwrap_or_default().to_owned()
                    }
                    other => {
                        tally.record("POST token", status(other), 200);
                        continue;
                    }
                };
                let call = http
                    .get(format!("{base}/claims/attachments/v1/status/att_none"))
                    .bearer_auth(token)
                    .send()
                    .await;
                tally.record("GET status", status(call), 404);
            }
        }));
    }

    tokio::time::sleep(Duration::from_secs(1)).await;
    let before = tally.sent.load(Ordering::Relaxed);
    for index in 0..2 {
        cluster.restart(index).await;
        tokio::time::sleep(BACK_IN_ROTATION).await;
    }
    stop.store(true, Ordering::Relaxed);
    for worker in workers {
        worker.await.expect("worker");
    }
    let sent = tally.sent.load(Ordering::Relaxed);
    let failures = tally.failures.lock().expect("failures").clone();
    assert!(
        sent > before + 100,
        "the load kept going through the restarts ({sent} requests)"
    );
    assert_eq!(
        tally.failed.load(Ordering::Relaxed),
        0,
        "no request failed during the restarts, of {sent}: {failures:#?}"
    );
}
