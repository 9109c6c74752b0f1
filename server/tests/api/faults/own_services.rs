//! A Redis and a PostgreSQL cluster of a test's own, on spare loopback ports, that the test
//! may stop and start at will. Both are Debian's (`redis-server`; PostgreSQL's `initdb` and
//! `pg_ctl`); PostgreSQL refuses to run as root, so as root they run as the `postgres` user.

use crate::process::free_port;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Waits (bounded) until something listens on `port`.
async fn wait_for_port(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_err() {
        assert!(
            Instant::now() < deadline,
            "{what} did not start listening on {port}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A Redis server that writes its data to disk when it stops and reads it back when it starts
/// again, as a production Redis with persistence does.
pub struct OwnRedis {
    child: Option<Child>,
    /// Its port.
    pub port: u16,
    dir: tempfile::TempDir,
}

impl OwnRedis {
    /// Starts one, if `redis-server` is installed.
    pub async fn start() -> Option<Self> {
        Command::new("redis-server").arg("--version").output().ok()?;
        let mut redis = Self {
            child: None,
            port: free_port(),
            dir: tempfile::tempdir().expect("dir"),
        };
        redis.resume().await;
        Some(redis)
    }

    /// `redis://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Stops it (SIGTERM: it saves its data and exits) and waits until it has.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status();
            let _ = child.wait();
        }
    }

    /// Starts it again on the same port with the same data.
    pub async fn resume(&mut self) {
        let child = Command::new("redis-server")
            .args(["--bind", "127.0.0.1", "--port", &self.port.to_string()])
            .args(["--save", "3600 1", "--appendonly", "no", "--dir"])
            .arg(self.dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server starts");
        self.child = Some(child);
        wait_for_port(self.port, "Redis").await;
    }
}

impl Drop for OwnRedis {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A PostgreSQL cluster in a temporary folder.
pub struct OwnPostgres {
    bin: PathBuf,
    dir: tempfile::TempDir,
    /// Its port.
    pub port: u16,
}

impl OwnPostgres {
    /// Creates and starts one, if PostgreSQL's server programs are installed.
    pub async fn start() -> Option<Self> {
        let bin = postgres_bin()?;
        let dir = tempfile::tempdir().expect("dir");
        let data = dir.path().join("data");
        std::fs::create_dir(&data).expect("data dir");
        if is_root() {
            let status = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(dir.path())
                .status()
                .expect("chown");
            assert!(status.success());
        }
        let cluster = Self {
            bin,
            dir,
            port: free_port(),
        };
        cluster.run("initdb", |command| {
            command
                .args(["--auth=trust", "--username=postgres", "--no-sync", "-D"])
                .arg(cluster.data());
        });
        cluster.resume().await;
        Some(cluster)
    }

    /// `postgres://postgres@127.0.0.1:<port>/postgres`.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// Stops the cluster (fast shutdown: open connections are ended) and waits until it has.
    pub fn stop(&self) {
        self.run("pg_ctl", |command| {
            command.args(["stop", "-m", "fast", "-w", "-D"]).arg(self.data());
        });
    }

    /// Starts it again on the same port.
    pub async fn resume(&self) {
        let options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -k {} -c fsync=off",
            self.port,
            self.dir.path().display()
        );
        self.run("pg_ctl", |command| {
            command
                .args(["start", "-w", "-l"])
                .arg(self.dir.path().join("postgres.log"))
                .arg("-D")
                .arg(self.data())
                .arg("-o")
                .arg(&options);
        });
        wait_for_port(self.port, "PostgreSQL").await;
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// One of PostgreSQL's programs, as `postgres` when this is root.
    fn command(&self, program: &str) -> Command {
        if is_root() {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(self.bin.join(program));
            command
        } else {
            Command::new(self.bin.join(program))
        }
    }

    /// Runs one of PostgreSQL's programs with the arguments `arguments` adds, asserting it
    /// succeeds.
    fn run(&self, program: &str, arguments: impl FnOnce(&mut Command)) {
        let mut command = self.command(program);
        arguments(&mut command);
        let output = command
            .current_dir(self.dir.path())
            .stdin(Stdio::null())
            .output()
            .expect("PostgreSQL's programs run");
        assert!(
            output.status.success(),
            "{program} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

impl Drop for OwnPostgres {
    fn drop(&mut self) {
        if self.data().join("postmaster.pid").exists() {
            let _ = self
                .command("pg_ctl")
                .args(["stop", "-m", "immediate", "-w", "-D"])
                .arg(self.data())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
    }
}

/// The folder of PostgreSQL's server programs (Debian keeps them out of PATH).
fn postgres_bin() -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| entry.ok().map(|entry| entry.path().join("bin")))
        .filter(|bin| Path::new(&bin.join("pg_ctl")).exists())
        .collect();
    versions.sort();
    versions.pop()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|output| output.stdout.trim_ascii() == b"0")
}
