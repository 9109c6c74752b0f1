//! The portal's configuration, in one place: defaults in code, then an optional `portal.toml`,
//! then `PORTAL_*` environment variables (which win). Read once, in `main`.
//!
//! Every problem names the variable (or file key) it concerns, so the portal can stop with a
//! one-line message and exit code 2.

mod ciam;
mod environments;
mod file;
mod request_log;
mod units;
mod variables;

pub use ciam::CiamSettings;
pub(crate) use ciam::is_loopback;
pub use environments::{
    BodyFormat, ClientAuthMethod, EnvironmentSettings, SANDBOX_ID as SANDBOX_ENVIRONMENT_ID,
};
pub use variables::{CONFIG_FILE_VARIABLE, VARIABLES, Variable, variables_help};

use crate::claims::attachments::ClaimsStorage;
use crate::http::client_address::TrustedProxies;
use crate::http::serve::ConnectionLimits;
use crate::rate_limit::{Limit, Limits};
use crate::request_log::RequestLogSettings;
use file::{FileSettings, read_file};
use secrecy::SecretString;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use tracing_subscriber::EnvFilter;
use variables::*;

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// The validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// `PORTAL_ADDR`: where to listen.
    pub addr: SocketAddr,
    /// `PORTAL_METRICS_ADDR`: where the separate Prometheus listener binds; `None` (the
    /// default) is no listener and no metrics recorded.
    pub metrics_addr: Option<SocketAddr>,
    /// `PORTAL_PUBLIC_URL`: the base URL without a trailing slash; derived from the bound
    /// address when unset.
    pub public_url: Option<String>,
    /// `PORTAL_CONTENT_DIR`: the Markdown content.
    pub content_dir: PathBuf,
    /// `PORTAL_DATA_DIR`: the database and generated key (created if missing).
    pub data_dir: PathBuf,
    /// `PORTAL_SITE_DIR`: the built browser assets.
    pub site_dir: PathBuf,
    /// `PORTAL_DATABASE_URL`: PostgreSQL or SQLite; `None` is SQLite in the data folder.
    pub database_url: Option<SecretString>,
    /// `PORTAL_SECRET_KEY`: the portal key; `None` is the key file in the data folder.
    pub secret_key: Option<SecretString>,
    /// `PORTAL_REDIS_URL`: sessions and rate limits in Redis.
    pub redis_url: Option<SecretString>,
    /// Every rate limit: `PORTAL_TOKEN_RATE_LIMIT`, `PORTAL_TOKEN_IP_RATE_LIMIT`,
    /// `PORTAL_TOKEN_FAILURE_LIMIT`, `PORTAL_SIGNUP_RATE_LIMIT`, `PORTAL_SIGNIN_RATE_LIMIT`,
    /// `PORTAL_SIGNIN_ACCOUNT_RATE_LIMIT`, `PORTAL_CONSOLE_RATE_LIMIT`, `PORTAL_CLAIMS_RATE_LIMIT`.
    pub limits: Limits,
    /// `PORTAL_CLAIMS_QUOTA` and `PORTAL_CLAIMS_RETENTION`: the sandbox's attachment storage.
    pub claims: ClaimsStorage,
    /// `PORTAL_REQUEST_LOG`, `PORTAL_REQUEST_LOG_RETENTION`, `PORTAL_REQUEST_LOG_MAX_PER_APP`,
    /// `PORTAL_REQUEST_LOG_QUEUE`, `PORTAL_REQUEST_LOG_FLUSH`, `PORTAL_REQUEST_LOG_APP_RATE`:
    /// the sandbox's request log.
    pub request_log: RequestLogSettings,
    /// `PORTAL_TRUSTED_PROXIES`: whose forwarding headers to believe.
    pub trusted_proxies: TrustedProxies,
    /// `PORTAL_HEADER_READ_TIMEOUT`, `PORTAL_MAX_CONNECTIONS`, `PORTAL_MAX_CONNECTIONS_PER_IP`,
    /// `PORTAL_SHUTDOWN_GRACE`.
    pub connections: ConnectionLimits,
    /// `PORTAL_ENVIRONMENTS` or `[[environments]]`: the console's extra environments.
    pub environments: Vec<EnvironmentSettings>,
    /// `PORTAL_CIAM_ISSUER`, `PORTAL_CIAM_AUDIENCE`, `PORTAL_CIAM_CLIENT_ID`,
    /// `PORTAL_CIAM_CLIENT_SECRET` or `[ciam]`: the CIAM identity provider; `None` is none.
    pub ciam: Option<CiamSettings>,
    /// `PORTAL_LOG`: the log filter.
    pub log_filter: String,
    /// `PORTAL_LOG_FORMAT`.
    pub log_format: LogFormat,
}

/// A configuration value that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}: {reason}")]
pub struct ConfigError {
    /// Where the value came from: `PORTAL_ADDR`, or `portal.toml: addr`.
    pub origin: String,
    /// What is wrong and what would be right.
    pub reason: String,
}

impl ConfigError {
    fn new(origin: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            origin: origin.into(),
            reason: reason.into(),
        }
    }
}

/// Looks settings up: environment first, then the file.
struct Sources<'a> {
    env: &'a dyn Fn(&str) -> Option<String>,
    file: FileSettings,
}

impl Sources<'_> {
    /// The value and where it came from, or `None` for the default.
    fn get(&self, variable: &Variable) -> Option<(String, String)> {
        if let Some(value) = (self.env)(variable.name).filter(|v| !v.trim().is_empty()) {
            return Some((value, variable.name.to_owned()));
        }
        self.file.values.get(variable.key).map(|value| {
            (
                value.clone(),
                format!("{}: {}", self.file.path.display(), variable.key),
            )
        })
    }

    fn parse<T>(
        &self,
        variable: &Variable,
        default: T,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<T, ConfigError> {
        match self.get(variable) {
            None => Ok(default),
            Some((value, origin)) => parse(value.trim()).map_err(|reason| ConfigError::new(origin, reason)),
        }
    }

    /// A rate limit (`120/min`), or the variable's documented default.
    fn limit(&self, variable: &Variable) -> Result<Limit, ConfigError> {
        let default = variable.default.parse().expect("the default limits are valid");
        self.parse(variable, default, |value| value.parse())
    }
}

impl Config {
    /// Reads the configuration from the process environment and `portal.toml`.
    pub fn from_env(config_file: Option<&Path>) -> Result<Self, ConfigError> {
        Self::load(&|name| std::env::var(name).ok(), config_file)
    }

    /// Reads the configuration from `env` (a variable lookup) and the optional file. Without
    /// an explicit file, `PORTAL_CONFIG` or else `./portal.toml` is read if it exists.
    pub fn load(
        env: &dyn Fn(&str) -> Option<String>,
        config_file: Option<&Path>,
    ) -> Result<Self, ConfigError> {
        let file = match config_file.map(Path::to_path_buf).or_else(|| {
            env(CONFIG_FILE_VARIABLE)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        }) {
            Some(path) => read_file(&path, true)?,
            None => read_file(Path::new("portal.toml"), false)?,
        };
        let sources = Sources { env, file };

        let addr = sources.parse(&ADDR, default_addr(), |value| {
            value.parse::<SocketAddr>().map_err(|_| {
                format!("`{value}` is not an address and port; write it like 127.0.0.1:3000 or [::1]:8080")
            })
        })?;
        let metrics_addr = sources.parse(&METRICS_ADDR, None, |value| {
            let metrics = value
                .parse::<SocketAddr>()
                .map_err(|_| format!("`{value}` is not an address and port; write it like 127.0.0.1:9100"))?;
            if metrics == addr && addr.port() != 0 {
                return Err(format!(
                    "`{value}` is PORTAL_ADDR too; metrics need a port of their own"
                ));
            }
            Ok(Some(metrics))
        })?;
        let public_url = sources.parse(&PUBLIC_URL, None, |value| parse_public_url(value).map(Some))?;
        let content_dir = sources.parse(&CONTENT_DIR, PathBuf::from(CONTENT_DIR.default), |value| {
            Ok(PathBuf::from(value))
        })?;
        if !content_dir.is_dir() {
            let origin = sources
                .get(&CONTENT_DIR)
                .map_or(CONTENT_DIR.name.to_owned(), |(_, origin)| origin);
            return Err(ConfigError::new(
                origin,
                format!(
                    "`{}` is not a folder; point it at the content folder (with faq/ and docs/)",
                    content_dir.display()
                ),
            ));
        }
        let data_dir = sources.parse(&DATA_DIR, PathBuf::from(DATA_DIR.default), |value| {
            Ok(PathBuf::from(value))
        })?;
        let site_dir = sources.parse(&SITE_DIR, PathBuf::from(SITE_DIR.default), |value| {
            Ok(PathBuf::from(value))
        })?;
        let database_url = sources.parse(&DATABASE_URL, None, |value| {
            if ["postgres://", "postgresql://", "sqlite:"].iter().any(|scheme| value.starts_with(scheme)) {
                Ok(Some(SecretString::from(value.to_owned())))
            } else {
                Err("must start with postgres://, postgresql:// or sqlite: (the value is not shown: it may hold a password)".into())
            }
        })?;
        let secret_key = sources.parse(&SECRET_KEY, None, |value| {
            Ok(Some(SecretString::from(value.to_owned())))
        })?;
        let redis_url = sources.parse(&REDIS_URL, None, |value| {
            if value.starts_with("redis://") || value.starts_with("rediss://") {
                Ok(Some(SecretString::from(value.to_owned())))
            } else {
                Err(
                    "must start with redis:// or rediss:// (the value is not shown: it may hold a password)"
                        .into(),
                )
            }
        })?;
        let limits = Limits {
            tokens_per_client: sources.limit(&TOKEN_RATE_LIMIT)?,
            oauth_per_source: sources.limit(&TOKEN_IP_RATE_LIMIT)?,
            token_failures: sources.limit(&TOKEN_FAILURE_LIMIT)?,
            sign_ups_per_source: sources.limit(&SIGN_UP_RATE_LIMIT)?,
            sign_ins_per_source: sources.limit(&SIGN_IN_RATE_LIMIT)?,
            sign_in_failures: sources.limit(&SIGN_IN_ACCOUNT_RATE_LIMIT)?,
            console: sources.limit(&CONSOLE_RATE_LIMIT)?,
            claims_per_client: sources.limit(&CLAIMS_RATE_LIMIT)?,
        };
        let claims = ClaimsStorage {
            quota_bytes: sources.parse(
                &CLAIMS_QUOTA,
                units::bytes(CLAIMS_QUOTA.default).expect("the defaults are valid"),
                units::bytes,
            )?,
            retention: sources.parse(
                &CLAIMS_RETENTION,
                units::duration(CLAIMS_RETENTION.default).expect("the defaults are valid"),
                units::duration,
            )?,
        };
        let trusted_proxies =
            sources.parse(&TRUSTED_PROXIES, TrustedProxies::default(), |value| value.parse())?;
        let count = units::count;
        let request_log = request_log::read(&sources)?;
        let connections = ConnectionLimits {
            header_read_timeout: sources.parse(
                &HEADER_READ_TIMEOUT,
                units::duration(HEADER_READ_TIMEOUT.default).expect("the defaults are valid"),
                units::duration,
            )?,
            max_connections: sources.parse(
                &MAX_CONNECTIONS,
                count(MAX_CONNECTIONS.default).expect("the defaults are valid"),
                count,
            )?,
            max_connections_per_ip: sources.parse(
                &MAX_CONNECTIONS_PER_IP,
                count(MAX_CONNECTIONS_PER_IP.default).expect("the defaults are valid"),
                count,
            )?,
            shutdown_grace: sources.parse(
                &SHUTDOWN_GRACE,
                units::duration_or_zero(SHUTDOWN_GRACE.default).expect("the defaults are valid"),
                units::duration_or_zero,
            )?,
        };
        let environments = match (env)(ENVIRONMENTS.name).filter(|value| !value.trim().is_empty()) {
            Some(json) => environments::parse_json(&json)
                .map_err(|reason| ConfigError::new(ENVIRONMENTS.name, reason))?,
            None => sources.file.environments.clone(),
        };
        let ciam = read_ciam(&sources)?;
        let log_filter = sources.parse(&LOG, LOG.default.to_owned(), |value| {
            EnvFilter::try_new(value)
                .map(|_| value.to_owned())
                .map_err(|error| {
                    format!("`{value}` is not a log filter ({error}); try `info` or `server=debug`")
                })
        })?;
        let log_format = sources.parse(&LOG_FORMAT, LogFormat::Text, |value| match value {
            "text" => Ok(LogFormat::Text),
            "json" => Ok(LogFormat::Json),
            other => Err(format!("`{other}` is not a log format; use `text` or `json`")),
        })?;

        Ok(Self {
            addr,
            metrics_addr,
            public_url,
            content_dir,
            data_dir,
            site_dir,
            database_url,
            secret_key,
            redis_url,
            limits,
            claims,
            request_log,
            trusted_proxies,
            connections,
            environments,
            ciam,
            log_filter,
            log_format,
        })
    }

    /// The public base URL: as configured, or `http://` plus the address actually bound.
    pub fn public_url_for(&self, bound: SocketAddr) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{bound}"))
    }

    /// Whether people reach the portal over HTTPS (so cookies are `Secure` and HSTS is sent).
    pub fn is_https(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|url| url.starts_with("https://"))
    }
}

/// The CIAM settings: none without an issuer; with one, an audience too, and a client id and
/// secret both or neither.
fn read_ciam(sources: &Sources<'_>) -> Result<Option<CiamSettings>, ConfigError> {
    let text = |value: &str| Ok(Some(value.to_owned()));
    let issuer = sources.parse(&CIAM_ISSUER, None, |value| ciam::parse_issuer(value).map(Some))?;
    let audience = sources.parse(&CIAM_AUDIENCE, None, text)?;
    let client_id = sources.parse(&CIAM_CLIENT_ID, None, text)?;
    let client_secret = sources.parse(&CIAM_CLIENT_SECRET, None, |value| {
        Ok(Some(SecretString::from(value.to_owned())))
    })?;
    let origin = |variable: &Variable| {
        sources
            .get(variable)
            .map_or(variable.name.to_owned(), |(_, origin)| origin)
    };
    let Some(issuer) = issuer else {
        for variable in [&CIAM_AUDIENCE, &CIAM_CLIENT_ID, &CIAM_CLIENT_SECRET] {
            if sources.get(variable).is_some() {
                return Err(ConfigError::new(
                    origin(variable),
                    "is set but PORTAL_CIAM_ISSUER is not; set the issuer too, or remove it",
                ));
            }
        }
        return Ok(None);
    };
    let audience = audience.ok_or_else(|| {
        ConfigError::new(
            CIAM_AUDIENCE.name,
            "is required with PORTAL_CIAM_ISSUER: the audience the sandbox APIs require in CIAM tokens",
        )
    })?;
    match (&client_id, &client_secret) {
        (Some(_), None) => {
            return Err(ConfigError::new(
                CIAM_CLIENT_SECRET.name,
                "is required with PORTAL_CIAM_CLIENT_ID (the value is never shown)",
            ));
        }
        (None, Some(_)) => {
            return Err(ConfigError::new(
                CIAM_CLIENT_ID.name,
                "is required with PORTAL_CIAM_CLIENT_SECRET",
            ));
        }
        _ => {}
    }
    Ok(Some(CiamSettings {
        issuer,
        audience,
        client_id,
        client_secret,
    }))
}

fn default_addr() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 3000))
}

fn parse_public_url(value: &str) -> Result<String, String> {
    let url = url::Url::parse(value).map_err(|error| {
        format!("`{value}` is not a URL ({error}); write it like https://portal.example.com")
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "`{value}` must start with https:// (or http:// for local use)"
        ));
    }
    if url.host().is_none() || !url.username().is_empty() || url.password().is_some() {
        return Err(format!(
            "`{value}` must name a host and carry no user name or password"
        ));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "`{value}` must be a bare origin, without a path, query or fragment"
        ));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn load(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let content = env!("CARGO_MANIFEST_DIR").to_owned() + "/../content";
        let lookup = move |name: &str| {
            vars.get(name)
                .cloned()
                .or_else(|| (name == "PORTAL_CONTENT_DIR").then(|| content.clone()))
        };
        Config::load(&lookup, None)
    }

    #[test]
    fn defaults_apply_when_nothing_is_set() {
        let config = load(&[]).expect("defaults are valid");
        assert_eq!(config.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(config.public_url, None);
        assert_eq!(config.public_url_for(config.addr), "http://127.0.0.1:3000");
        assert_eq!(config.log_format, LogFormat::Text);
    }

    #[test]
    fn a_bad_address_names_its_variable() {
        let error = load(&[("PORTAL_ADDR", "localhost")]).expect_err("invalid");
        assert_eq!(error.origin, "PORTAL_ADDR");
        assert!(
            error
                .to_string()
                .starts_with("PORTAL_ADDR: `localhost` is not an address")
        );
        assert!(!error.to_string().contains('\n'));
    }

    #[test]
    fn metrics_are_off_unless_an_address_of_their_own_is_given() {
        assert_eq!(load(&[]).expect("defaults").metrics_addr, None);
        let on = load(&[("PORTAL_METRICS_ADDR", "127.0.0.1:9100")]).expect("valid");
        assert_eq!(on.metrics_addr, Some("127.0.0.1:9100".parse().expect("addr")));
        for bad in ["9100", "localhost:9100", "127.0.0.1:3000"] {
            let error = load(&[("PORTAL_METRICS_ADDR", bad)]).expect_err(bad);
            assert_eq!(error.origin, "PORTAL_METRICS_ADDR", "{bad}");
        }
    }

    #[test]
    fn public_urls_must_be_bare_http_origins() {
        let ok = load(&[("PORTAL_PUBLIC_URL", "https://portal.example.com/")]).expect("valid");
        assert_eq!(ok.public_url.as_deref(), Some("https://portal.example.com"));
        assert!(ok.is_https());
        for bad in [
            "ftp://x",
            "https://x/portal",
            "https://u:p@x",
            "not a url",
            "https://x/?q=1",
        ] {
            let error = load(&[("PORTAL_PUBLIC_URL", bad)]).expect_err(bad);
            assert_eq!(error.origin, "PORTAL_PUBLIC_URL", "{bad}");
        }
    }

    #[test]
    fn a_missing_content_folder_is_refused() {
        let error = load(&[("PORTAL_CONTENT_DIR", "/definitely/not/here")]).expect_err("missing");
        assert_eq!(error.origin, "PORTAL_CONTENT_DIR");
    }

    #[test]
    fn bad_log_settings_are_refused() {
        assert_eq!(
            load(&[("PORTAL_LOG_FORMAT", "xml")]).expect_err("format").origin,
            "PORTAL_LOG_FORMAT"
        );
        assert_eq!(
            load(&[("PORTAL_LOG", "[[[")]).expect_err("filter").origin,
            "PORTAL_LOG"
        );
    }

    #[test]
    fn empty_variables_count_as_unset() {
        assert!(load(&[("PORTAL_ADDR", "")]).is_ok());
    }

    #[test]
    fn the_file_is_read_and_the_environment_wins() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("portal.toml");
        std::fs::write(&file, "addr = \"127.0.0.1:4000\"\nlog_format = \"json\"\n").expect("write");
        let file_text = file.display().to_string();
        let config = load(&[("PORTAL_CONFIG", &file_text), ("PORTAL_LOG_FORMAT", "text")]).expect("valid");
        assert_eq!(config.addr.port(), 4000);
        assert_eq!(config.log_format, LogFormat::Text);
    }

    #[test]
    fn file_errors_name_the_file_and_key() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("portal.toml");
        std::fs::write(&file, "addr = \"nope\"\n").expect("write");
        let error = load(&[("PORTAL_CONFIG", &file.display().to_string())]).expect_err("bad addr");
        assert!(error.origin.ends_with("portal.toml: addr"), "{error}");

        std::fs::write(&file, "adress = \"127.0.0.1:1\"\n").expect("write");
        let error = load(&[("PORTAL_CONFIG", &file.display().to_string())]).expect_err("typo");
        assert!(error.reason.contains("unknown key `adress`"), "{error}");
    }

    #[test]
    fn an_explicit_file_must_exist() {
        let error = load(&[("PORTAL_CONFIG", "/no/such/portal.toml")]).expect_err("missing file");
        assert!(error.reason.contains("cannot read"));
    }

    #[test]
    fn database_urls_must_name_a_supported_backend_without_echoing_the_value() {
        let ok = load(&[("PORTAL_DATABASE_URL", "postgres://u:pw@127.0.0.1/db")]).expect("valid");
        assert!(ok.database_url.is_some());
        assert!(!format!("{ok:?}").contains("pw@"), "the URL never prints");
        let error = load(&[("PORTAL_DATABASE_URL", "mysql://u:hunter2@x/db")]).expect_err("mysql");
        assert_eq!(error.origin, "PORTAL_DATABASE_URL");
        assert!(!error.to_string().contains("hunter2"));
    }

    #[test]
    fn rate_limits_are_read_in_readable_units() {
        let config = load(&[("PORTAL_TOKEN_RATE_LIMIT", "10/s")]).expect("valid");
        assert_eq!(config.limits.tokens_per_client, Limit { max: 10, per_secs: 1 });
        assert_eq!(
            config.limits.oauth_per_source,
            Limit {
                max: 1200,
                per_secs: 60
            }
        );
        assert_eq!(
            load(&[("PORTAL_TOKEN_IP_RATE_LIMIT", "lots")])
                .expect_err("bad")
                .origin,
            "PORTAL_TOKEN_IP_RATE_LIMIT"
        );
    }

    #[test]
    fn abuse_settings_have_safe_defaults_and_name_their_variable_when_bad() {
        let config = load(&[]).expect("defaults");
        assert!(
            config.trusted_proxies.is_empty(),
            "no proxy is trusted by default"
        );
        assert_eq!(
            config.claims.retention,
            std::time::Duration::from_secs(7 * 86_400)
        );
        assert_eq!(config.connections.max_connections_per_ip, 256);
        let trusted = load(&[("PORTAL_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1")]).expect("valid");
        assert!(trusted.trusted_proxies.contains("10.1.2.3".parse().expect("ip")));
        for (variable, bad) in [
            ("PORTAL_TRUSTED_PROXIES", "lb.example"),
            ("PORTAL_CLAIMS_QUOTA", "lots"),
            ("PORTAL_CLAIMS_RETENTION", "forever"),
            ("PORTAL_HEADER_READ_TIMEOUT", "0s"),
            ("PORTAL_MAX_CONNECTIONS", "-1"),
            ("PORTAL_TOKEN_FAILURE_LIMIT", "many"),
        ] {
            assert_eq!(load(&[(variable, bad)]).expect_err(bad).origin, variable);
        }
    }

    #[test]
    fn no_ciam_is_configured_by_default() {
        assert!(load(&[]).expect("defaults").ciam.is_none());
    }

    #[test]
    fn a_ciam_needs_a_valid_issuer_and_an_audience() {
        let config = load(&[
            ("PORTAL_CIAM_ISSUER", "https://login.example.com/t/"),
            ("PORTAL_CIAM_AUDIENCE", "https://api.example.com"),
        ])
        .expect("valid");
        let ciam = config.ciam.expect("configured");
        assert_eq!(ciam.issuer, "https://login.example.com/t");
        assert_eq!(ciam.audience, "https://api.example.com");
        assert!(ciam.client_id.is_none() && ciam.client_secret.is_none());

        let error = load(&[("PORTAL_CIAM_ISSUER", "https://login.example.com")]).expect_err("no aud");
        assert_eq!(error.origin, "PORTAL_CIAM_AUDIENCE");
        for bad in ["http://login.example.com", "not a url", "https://x/?q=1"] {
            let error = load(&[("PORTAL_CIAM_ISSUER", bad), ("PORTAL_CIAM_AUDIENCE", "a")]).expect_err(bad);
            assert_eq!(error.origin, "PORTAL_CIAM_ISSUER", "{bad}");
            assert!(!error.to_string().contains('\n'));
        }
        let loopback = load(&[
            ("PORTAL_CIAM_ISSUER", "http://127.0.0.1:4000"),
            ("PORTAL_CIAM_AUDIENCE", "a"),
        ]);
        assert!(loopback.is_ok());
        let error = load(&[("PORTAL_CIAM_AUDIENCE", "a")]).expect_err("no issuer");
        assert_eq!(error.origin, "PORTAL_CIAM_AUDIENCE");
    }

    #[test]
    fn a_ciam_client_needs_its_id_and_secret_together_and_the_secret_never_prints() {
        let base = [
            ("PORTAL_CIAM_ISSUER", "https://login.example.com"),
            ("PORTAL_CIAM_AUDIENCE", "a"),
        ];
        let with = |extra: &[(&'static str, &'static str)]| {
            let mut vars = base.to_vec();
            vars.extend_from_slice(extra);
            load(&vars)
        };
        let error = with(&[("PORTAL_CIAM_CLIENT_ID", "portal")]).expect_err("no secret");
        assert_eq!(error.origin, "PORTAL_CIAM_CLIENT_SECRET");
        let error = with(&[("PORTAL_CIAM_CLIENT_SECRET", "hunter2")]).expect_err("no id");
        assert_eq!(error.origin, "PORTAL_CIAM_CLIENT_ID");
        assert!(!error.to_string().contains("hunter2"));
        let config = with(&[
            ("PORTAL_CIAM_CLIENT_ID", "portal"),
            ("PORTAL_CIAM_CLIENT_SECRET", "hunter2"),
        ])
        .expect("valid");
        assert_eq!(
            config.ciam.as_ref().and_then(|c| c.client_id.as_deref()),
            Some("portal")
        );
        assert!(!format!("{config:?}").contains("hunter2"));
    }

    #[test]
    fn the_ciam_table_of_the_file_is_read_and_the_environment_wins() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("portal.toml");
        std::fs::write(
            &file,
            "[ciam]\nissuer = \"https://login.example.com\"\naudience = \"from-file\"\nclient_id = \"portal\"\nclient_secret = \"s\"\n",
        )
        .expect("write");
        let path = file.display().to_string();
        let config = load(&[("PORTAL_CONFIG", &path), ("PORTAL_CIAM_AUDIENCE", "from-env")]).expect("valid");
        let ciam = config.ciam.expect("configured");
        assert_eq!(ciam.issuer, "https://login.example.com");
        assert_eq!(ciam.audience, "from-env");
        assert_eq!(ciam.client_id.as_deref(), Some("portal"));

        std::fs::write(
            &file,
            "[ciam]\nissuer = \"http://login.example.com\"\naudience = \"a\"\n",
        )
        .expect("write");
        let error = load(&[("PORTAL_CONFIG", &path)]).expect_err("http");
        assert!(error.origin.ends_with("portal.toml: ciam.issuer"), "{error}");
        std::fs::write(&file, "[ciam]\nissuers = \"https://x\"\n").expect("write");
        let error = load(&[("PORTAL_CONFIG", &path)]).expect_err("typo");
        assert!(error.reason.contains("unknown key `issuers`"), "{error}");
    }

    #[test]
    fn help_lists_every_variable() {
        let help = variables_help();
        for variable in VARIABLES {
            assert!(help.contains(variable.name), "{}", variable.name);
        }
    }
}
