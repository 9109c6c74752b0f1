//! Every setting's environment variable, `portal.toml` key, default and help line.

/// A setting: its variable, its `portal.toml` key, its default and what it is for.
pub struct Variable {
    /// The environment variable (`PORTAL_ADDR`).
    pub name: &'static str,
    /// The key in `portal.toml` (`addr`).
    pub key: &'static str,
    /// The default, as written in help.
    pub default: &'static str,
    /// One line of help.
    pub help: &'static str,
}

pub(super) const ADDR: Variable = Variable {
    name: "PORTAL_ADDR",
    key: "addr",
    default: "127.0.0.1:3000",
    help: "address and port to listen on",
};
pub(super) const METRICS_ADDR: Variable = Variable {
    name: "PORTAL_METRICS_ADDR",
    key: "metrics_addr",
    default: "none: no metrics",
    help: "address and port of a separate listener serving Prometheus metrics at /metrics, e.g. 127.0.0.1:9100 (keep it private)",
};
pub(super) const PUBLIC_URL: Variable = Variable {
    name: "PORTAL_PUBLIC_URL",
    key: "public_url",
    default: "http://<PORTAL_ADDR>",
    help: "the URL people and clients use to reach the portal (the OAuth issuer)",
};
pub(super) const CONTENT_DIR: Variable = Variable {
    name: "PORTAL_CONTENT_DIR",
    key: "content_dir",
    default: "content",
    help: "folder of the FAQ and docs Markdown",
};
pub(super) const DATA_DIR: Variable = Variable {
    name: "PORTAL_DATA_DIR",
    key: "data_dir",
    default: "data",
    help: "folder for the SQLite database and the generated secret key",
};
pub(super) const SITE_DIR: Variable = Variable {
    name: "PORTAL_SITE_DIR",
    key: "site_dir",
    default: "target/site",
    help: "built browser assets (pkg/ with the wasm bundle and CSS, plus public files)",
};
pub(super) const DATABASE_URL: Variable = Variable {
    name: "PORTAL_DATABASE_URL",
    key: "database_url",
    default: "SQLite file portal.db in PORTAL_DATA_DIR",
    help: "postgres://user:password@host/db for PostgreSQL (scale-out), or sqlite://path",
};
pub(super) const SECRET_KEY: Variable = Variable {
    name: "PORTAL_SECRET_KEY",
    key: "secret_key",
    default: "generated into PORTAL_DATA_DIR/secret.key",
    help: "32-byte key (base64 or hex) that hashes and seals client secrets and signs tokens; instances sharing a database must share it",
};
pub(super) const TOKEN_RATE_LIMIT: Variable = Variable {
    name: "PORTAL_TOKEN_RATE_LIMIT",
    key: "token_rate_limit",
    default: "300/min",
    help: "tokens issued per authenticated client (like 300/min, 10/s)",
};
pub(super) const TOKEN_IP_RATE_LIMIT: Variable = Variable {
    name: "PORTAL_TOKEN_IP_RATE_LIMIT",
    key: "token_ip_rate_limit",
    default: "1200/min",
    help: "requests to the OAuth endpoints per client address (IPv6: per /64)",
};
pub(super) const TOKEN_FAILURE_LIMIT: Variable = Variable {
    name: "PORTAL_TOKEN_FAILURE_LIMIT",
    key: "token_failure_limit",
    default: "20/15min",
    help: "failed client authentications per client id from one address, before that address is refused",
};
pub(super) const REDIS_URL: Variable = Variable {
    name: "PORTAL_REDIS_URL",
    key: "redis_url",
    default: "none: sessions in the database, rate limits in memory",
    help: "redis://host:6379 to keep sessions and rate-limit counters in Redis, shared by instances",
};
pub(super) const SIGN_UP_RATE_LIMIT: Variable = Variable {
    name: "PORTAL_SIGNUP_RATE_LIMIT",
    key: "signup_rate_limit",
    default: "10/hour",
    help: "sign-ups allowed per client address",
};
pub(super) const SIGN_IN_RATE_LIMIT: Variable = Variable {
    name: "PORTAL_SIGNIN_RATE_LIMIT",
    key: "signin_rate_limit",
    default: "30/15min",
    help: "sign-in attempts allowed per client address",
};
pub(super) const SIGN_IN_ACCOUNT_RATE_LIMIT: Variable = Variable {
    name: "PORTAL_SIGNIN_ACCOUNT_RATE_LIMIT",
    key: "signin_account_rate_limit",
    default: "10/15min",
    help: "failed sign-ins per e-mail address from one address, before that address is refused for it",
};
pub(super) const CONSOLE_RATE_LIMIT: Variable = Variable {
    name: "PORTAL_CONSOLE_RATE_LIMIT",
    key: "console_rate_limit",
    default: "60/min",
    help: "Try It console requests allowed per person (session) and per IP address",
};
pub(super) const CLAIMS_RATE_LIMIT: Variable = Variable {
    name: "PORTAL_CLAIMS_RATE_LIMIT",
    key: "claims_rate_limit",
    default: "120/min",
    help: "sandbox Claims Attachment API calls allowed per client",
};
pub(super) const CLAIMS_QUOTA: Variable = Variable {
    name: "PORTAL_CLAIMS_QUOTA",
    key: "claims_quota",
    default: "50MiB",
    help: "sandbox attachment storage per client (documents kept until they expire)",
};
pub(super) const CLAIMS_RETENTION: Variable = Variable {
    name: "PORTAL_CLAIMS_RETENTION",
    key: "claims_retention",
    default: "7d",
    help: "how long sandbox attachments are kept before they are deleted (like 7d, 12h)",
};
pub(super) const REQUEST_LOG: Variable = Variable {
    name: "PORTAL_REQUEST_LOG",
    key: "request_log",
    default: "on",
    help: "record every sandbox token request and API call for its app's request log (on or off)",
};
pub(super) const REQUEST_LOG_RETENTION: Variable = Variable {
    name: "PORTAL_REQUEST_LOG_RETENTION",
    key: "request_log_retention",
    default: "7d",
    help: "how long request-log records are kept (like 7d, 12h)",
};
pub(super) const REQUEST_LOG_MAX_PER_APP: Variable = Variable {
    name: "PORTAL_REQUEST_LOG_MAX_PER_APP",
    key: "request_log_max_per_app",
    default: "10000",
    help: "the most request-log records kept per app (the oldest go first)",
};
pub(super) const REQUEST_LOG_QUEUE: Variable = Variable {
    name: "PORTAL_REQUEST_LOG_QUEUE",
    key: "request_log_queue",
    default: "10000",
    help: "the most records waiting to be written; beyond it records are dropped and counted, requests never wait",
};
pub(super) const REQUEST_LOG_FLUSH: Variable = Variable {
    name: "PORTAL_REQUEST_LOG_FLUSH",
    key: "request_log_flush",
    default: "250ms",
    help: "how long records wait to be written together in one batch",
};
pub(super) const REQUEST_LOG_APP_RATE: Variable = Variable {
    name: "PORTAL_REQUEST_LOG_APP_RATE",
    key: "request_log_app_rate",
    default: "100/s",
    help: "the most request-log records one app adds; beyond it its requests are served as ever but not recorded (and counted)",
};
pub(super) const TRUSTED_PROXIES: Variable = Variable {
    name: "PORTAL_TRUSTED_PROXIES",
    key: "trusted_proxies",
    default: "none: the TCP peer is the client",
    help: "addresses or CIDR ranges of the proxies (load balancers) whose X-Forwarded-For / Forwarded to believe",
};
pub(super) const SHUTDOWN_GRACE: Variable = Variable {
    name: "PORTAL_SHUTDOWN_GRACE",
    key: "shutdown_grace",
    default: "0s",
    help: "after SIGTERM, how long to keep serving while /readyz says 503 (reads are answered 503 so a balancer retries them elsewhere) before closing the listener; 2s behind a load balancer",
};
pub(super) const HEADER_READ_TIMEOUT: Variable = Variable {
    name: "PORTAL_HEADER_READ_TIMEOUT",
    key: "header_read_timeout",
    default: "10s",
    help: "time a client has to send a request's headers (also how long an idle connection stays open)",
};
pub(super) const MAX_CONNECTIONS: Variable = Variable {
    name: "PORTAL_MAX_CONNECTIONS",
    key: "max_connections",
    default: "4096",
    help: "open connections at most; further ones wait to be accepted",
};
pub(super) const MAX_CONNECTIONS_PER_IP: Variable = Variable {
    name: "PORTAL_MAX_CONNECTIONS_PER_IP",
    key: "max_connections_per_ip",
    default: "256",
    help: "open connections at most from one address (IPv6: one /64); trusted proxies are exempt",
};
pub(super) const ENVIRONMENTS: Variable = Variable {
    name: "PORTAL_ENVIRONMENTS",
    key: "environments",
    default: "only the embedded sandbox",
    help: "more Try It environments: a JSON array, or [[environments]] tables in portal.toml (see README)",
};
pub(super) const CIAM_ISSUER: Variable = Variable {
    name: "PORTAL_CIAM_ISSUER",
    key: "ciam.issuer",
    default: "none: the sandbox accepts platform tokens only",
    help: "an OpenID Connect issuer whose access tokens the sandbox APIs accept too (https; http only on loopback); or issuer in [ciam]",
};
pub(super) const CIAM_AUDIENCE: Variable = Variable {
    name: "PORTAL_CIAM_AUDIENCE",
    key: "ciam.audience",
    default: "none (required with PORTAL_CIAM_ISSUER)",
    help: "the audience (aud) a CIAM access token must carry for the sandbox APIs; or audience in [ciam]",
};
pub(super) const CIAM_CLIENT_ID: Variable = Variable {
    name: "PORTAL_CIAM_CLIENT_ID",
    key: "ciam.client_id",
    default: "none: no sign-in in Try It",
    help: "the portal's client id at the CIAM, for the console's user sign-in (with PORTAL_CIAM_CLIENT_SECRET); or client_id in [ciam]",
};
pub(super) const CIAM_CLIENT_SECRET: Variable = Variable {
    name: "PORTAL_CIAM_CLIENT_SECRET",
    key: "ciam.client_secret",
    default: "none",
    help: "that client's secret (never printed); or client_secret in [ciam]",
};
pub(super) const LOG: Variable = Variable {
    name: "PORTAL_LOG",
    key: "log",
    default: "info",
    help: "log filter, e.g. `info` or `server=debug,tower_http=info`",
};
pub(super) const LOG_FORMAT: Variable = Variable {
    name: "PORTAL_LOG_FORMAT",
    key: "log_format",
    default: "text",
    help: "`text` for people, `json` for log collectors",
};
/// Where the file comes from when it is not the default `./portal.toml`.
pub const CONFIG_FILE_VARIABLE: &str = "PORTAL_CONFIG";

/// Every setting, in the order help lists them.
pub const VARIABLES: &[Variable] = &[
    ADDR,
    METRICS_ADDR,
    PUBLIC_URL,
    CONTENT_DIR,
    DATA_DIR,
    SITE_DIR,
    DATABASE_URL,
    SECRET_KEY,
    TOKEN_RATE_LIMIT,
    TOKEN_IP_RATE_LIMIT,
    TOKEN_FAILURE_LIMIT,
    REDIS_URL,
    SIGN_UP_RATE_LIMIT,
    SIGN_IN_RATE_LIMIT,
    SIGN_IN_ACCOUNT_RATE_LIMIT,
    CONSOLE_RATE_LIMIT,
    CLAIMS_RATE_LIMIT,
    CLAIMS_QUOTA,
    CLAIMS_RETENTION,
    REQUEST_LOG,
    REQUEST_LOG_RETENTION,
    REQUEST_LOG_MAX_PER_APP,
    REQUEST_LOG_QUEUE,
    REQUEST_LOG_FLUSH,
    REQUEST_LOG_APP_RATE,
    TRUSTED_PROXIES,
    HEADER_READ_TIMEOUT,
    SHUTDOWN_GRACE,
    MAX_CONNECTIONS,
    MAX_CONNECTIONS_PER_IP,
    ENVIRONMENTS,
    CIAM_ISSUER,
    CIAM_AUDIENCE,
    CIAM_CLIENT_ID,
    CIAM_CLIENT_SECRET,
    LOG,
    LOG_FORMAT,
];

/// The help text listing every variable, for `portal --help`.
pub fn variables_help() -> String {
    let mut help =
        String::from("Configuration (environment variables win over the same keys in portal.toml):\n");
    for variable in VARIABLES {
        help.push_str(&format!(
            "  {:<30} {} [default: {}]\n",
            variable.name, variable.help, variable.default
        ));
    }
    help.push_str(&format!(
        "  {CONFIG_FILE_VARIABLE:<30} the configuration file [default: ./portal.toml, if present]\n"
    ));
    help
}
