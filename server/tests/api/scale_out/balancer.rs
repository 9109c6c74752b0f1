//! nginx on loopback running `deploy/nginx.conf`, with the test's instance addresses, its own
//! ports and a throw-away certificate swapped in for the lines the file marks `# CHANGE`.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running nginx; stopped when dropped.
pub struct Balancer {
    child: Child,
    /// `https://127.0.0.1:<port>`: where people reach the portal.
    pub url: String,
    /// The certificate nginx serves (PEM), for clients to trust.
    pub certificate: Vec<u8>,
    _dir: tempfile::TempDir,
}

/// The nginx binary, if this machine has one (`scripts/test` installs it).
pub fn nginx_binary() -> Option<PathBuf> {
    ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"]
        .iter()
        .map(PathBuf::from)
        .find(|path| path.exists())
}

impl Balancer {
    /// Starts nginx on `port` in front of the instances on `instance_ports`.
    pub async fn start(nginx: &Path, port: u16, instance_ports: &[u16]) -> Self {
        let dir = tempfile::tempdir().expect("nginx dir");
        let root = dir.path();
        let certificate = self_signed_certificate(root);
        let site = site_config(root, port, instance_ports);
        std::fs::write(root.join("portal.conf"), site).expect("site config");
        let main = format!(
            "daemon off;\nmaster_process off;\nworker_processes 1;\npid {root}/nginx.pid;\n\
             error_log {root}/error.log warn;\nevents {{ worker_connections 1024; }}\n\
             http {{\n  access_log off;\n  client_body_temp_path {root}/body;\n  proxy_temp_path {root}/proxy;\n\
             fastcgi_temp_path {root}/fastcgi;\n  uwsgi_temp_path {root}/uwsgi;\n  scgi_temp_path {root}/scgi;\n\
             include {root}/portal.conf;\n}}\n",
            root = root.display()
        );
        std::fs::write(root.join("nginx.conf"), main).expect("main config");
        let child = Command::new(nginx)
            .arg("-p")
            .arg(root)
            .arg("-c")
            .arg(root.join("nginx.conf"))
            .arg("-e")
            .arg(root.join("error.log"))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("nginx starts");
        let deadline = Instant::now() + Duration::from_secs(10);
        while tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_err() {
            assert!(
                Instant::now() < deadline,
                "nginx did not listen: {}",
                std::fs::read_to_string(root.join("error.log")).unwrap_or_default()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Self {
            child,
            url: format!("https://127.0.0.1:{port}"),
            certificate,
            _dir: dir,
        }
    }

    /// A browser-like client of the balancer from `source`: trusts its certificate, keeps
    /// cookies, never follows redirects.
    pub fn client(&self, source: &str) -> reqwest::Client {
        self.client_with_jar(source).0
    }

    /// [`Balancer::client`] and its cookie jar (to carry its session to an instance directly).
    pub fn client_with_jar(&self, source: &str) -> (reqwest::Client, std::sync::Arc<reqwest::cookie::Jar>) {
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        let client = reqwest::Client::builder()
            .add_root_certificate(reqwest::Certificate::from_pem(&self.certificate).expect("certificate"))
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .local_address(source.parse::<std::net::IpAddr>().expect("an address"))
            .timeout(Duration::from_secs(30))
            .build()
            .expect("client");
        (client, jar)
    }
}

impl Drop for Balancer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `deploy/nginx.conf` with this test's addresses: each replaced line must be found, so the
/// test fails (rather than test another configuration) if the shipped file changes shape.
fn site_config(root: &Path, port: u16, instance_ports: &[u16]) -> String {
    let shipped = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../deploy/nginx.conf"))
        .expect("deploy/nginx.conf");
    let mut servers_written = false;
    let mut replaced = [false; 4];
    let mut out = String::new();
    for line in shipped.lines() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        if trimmed.starts_with("server 127.0.0.1:") {
            if !servers_written {
                for instance in instance_ports {
                    out.push_str(&format!(
                        "{indent}{}\n",
                        trimmed.replacen(
                            trimmed.split_whitespace().nth(1).expect("an address"),
                            &format!("127.0.0.1:{instance}"),
                            1
                        )
                    ));
                }
                servers_written = true;
                replaced[0] = true;
            }
            continue;
        }
        let line = if trimmed == "listen 80;" {
            replaced[1] = true;
            format!("{indent}listen 127.0.0.1:{};", super::cluster::free_port())
        } else if trimmed.starts_with("listen 443 ssl") {
            replaced[2] = true;
            format!(
                "{indent}{}",
                trimmed.replacen("443", &format!("127.0.0.1:{port}"), 1)
            )
        } else if trimmed.starts_with("ssl_certificate") {
            replaced[3] = true;
            let file = if trimmed.starts_with("ssl_certificate_key") {
                "key.pem"
            } else {
                "cert.pem"
            };
            let directive = trimmed.split_whitespace().next().expect("directive");
            format!("{indent}{directive} {};", root.join(file).display())
        } else {
            line.to_owned()
        };
        out.push_str(&line);
        out.push('\n');
    }
    assert!(
        replaced.iter().all(|&done| done),
        "deploy/nginx.conf no longer has the lines this test replaces: {replaced:?}"
    );
    out
}

/// A certificate for 127.0.0.1 signed by a throw-away authority (openssl, from Debian),
/// written to `root` as nginx's `cert.pem` and `key.pem`; the authority's PEM, for clients.
fn self_signed_certificate(root: &Path) -> Vec<u8> {
    let openssl = |args: &[&str]| {
        let status = Command::new("openssl")
            .args(args)
            .current_dir(root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("openssl runs");
        assert!(status.success(), "openssl {args:?}");
    };
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    openssl(
        &[
            &["req", "-x509"][..],
            &ec,
            &[
                "-days",
                "1",
                "-subj",
                "/CN=portal test authority",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
            ],
        ]
        .concat(),
    );
    openssl(
        &[
            &["req"][..],
            &ec,
            &[
                "-subj",
                "/CN=127.0.0.1",
                "-keyout",
                "key.pem",
                "-out",
                "server.csr",
            ],
        ]
        .concat(),
    );
    std::fs::write(
        root.join("server.ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n",
    )
    .expect("ext");
    openssl(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "1",
        "-extfile",
        "server.ext",
        "-out",
        "cert.pem",
    ]);
    std::fs::read(root.join("ca.pem")).expect("authority")
}
