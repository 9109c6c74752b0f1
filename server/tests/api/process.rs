//! Real `portal` processes, for what only separate processes can show: the CLI, two instances
//! sharing a database, and durability across `kill -9`.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `portal serve` child process; killed when dropped.
pub struct PortalProcess {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub address: String,
}

/// `portal` with a clean environment pointing at `data_dir`.
pub fn portal(data_dir: &Path, extra_env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_portal"));
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("PORTAL_CONTENT_DIR", crate::helpers::content_dir())
        .env("PORTAL_DATA_DIR", data_dir)
        .env("PORTAL_SITE_DIR", data_dir.join("site"))
        .env("PORTAL_LOG", "warn");
    for (name, value) in extra_env {
        command.env(name, value);
    }
    command
}

/// Runs `portal client create --name NAME --json` and returns (client_id, client_secret).
pub fn create_client(data_dir: &Path, extra_env: &[(&str, &str)]) -> (String, String) {
    let output = portal(data_dir, extra_env)
        .args(["client", "create", "--name", "process test", "--json"])
        .output()
        .expect("portal runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    (
        json["client_id"].as_str().expect("client_id").to_owned(),
        json["client_secret"].as_str().expect("client_secret").to_owned(),
    )
}

impl PortalProcess {
    /// Starts `portal serve` on a free port and waits until `/healthz` answers.
    pub async fn start(data_dir: &Path, extra_env: &[(&str, &str)]) -> Self {
        Self::start_on(free_port(), data_dir, extra_env).await
    }

    /// Starts `portal serve` on `port` and waits until `/healthz` answers.
    pub async fn start_on(port: u16, data_dir: &Path, extra_env: &[(&str, &str)]) -> Self {
        let address = format!("http://127.0.0.1:{port}");
        let child = portal(data_dir, extra_env)
            .env("PORTAL_ADDR", format!("127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("portal starts");
        let process = Self { child, address };
        let deadline = Instant::now() + Duration::from_secs(30);
        let http = reqwest::Client::new();
        while Instant::now() < deadline {
            if let Ok(response) = http.get(format!("{}/healthz", process.address)).send().await
                && response.status().is_success()
            {
                return process;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the portal did not become healthy at {}", process.address);
    }

    /// Asks this instance for a v2 token with HTTP Basic client authentication.
    pub async fn request_token(&self, client_id: &str, secret: &str) -> reqwest::Response {
        reqwest::Client::new()
            .post(format!("{}/apip/auth/v2/token", self.address))
            .basic_auth(client_id, Some(secret))
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .expect("sent")
    }

    /// A v2 access token from this instance.
    pub async fn token(&self, client_id: &str, secret: &str) -> String {
        let response = self.request_token(client_id, secret).await;
        assert_eq!(response.status().as_u16(), 200, "a token");
        let body: serde_json::Value = response.json().await.expect("json");
        body["access_token"].as_str().expect("access_token").to_owned()
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.address
            .rsplit(':')
            .next()
            .and_then(|port| port.parse().ok())
            .expect("a port")
    }

    /// Whether the process is still running.
    pub fn child_is_running(&mut self) -> bool {
        self.child.try_wait().is_ok_and(|status| status.is_none())
    }

    /// Sends SIGTERM, as a service manager stopping it would, without waiting.
    pub fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "SIGTERM sent");
    }

    /// Waits (at most `limit`) for the process to exit, and says whether it exited cleanly.
    pub async fn wait_for_exit(&mut self, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.success();
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("the portal at {} did not exit within {limit:?}", self.address);
    }

    /// Kills the process at once (SIGKILL), as a crash would.
    pub fn kill_hard(mut self) {
        self.child.kill().expect("kill");
        self.child.wait().expect("wait");
    }
}

/// A port nothing listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("a free port")
        .local_addr()
        .expect("addr")
        .port()
}

impl Drop for PortalProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
