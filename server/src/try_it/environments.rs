//! The environments the console may call: the embedded sandbox (reached over loopback, shown
//! with its public URLs) and the configured upstream gateways. Nothing else can be reached.

use crate::config::{BodyFormat, ClientAuthMethod, EnvironmentSettings};
use app::ssr::console::EnvironmentView;
use std::net::SocketAddr;
use std::time::Duration;

/// A token endpoint and how to talk to it.
#[derive(Debug, Clone)]
pub struct TokenEndpoint {
    /// The URL people see and use in their code.
    pub display_url: String,
    /// The URL the server connects to (loopback for the embedded sandbox).
    pub upstream_url: String,
    /// How the parameters are sent.
    pub body: BodyFormat,
    /// How the client authenticates.
    pub auth: ClientAuthMethod,
    /// The token's field in the answer.
    pub token_field: String,
}

/// One environment.
#[derive(Debug, Clone)]
pub struct Environment {
    /// The id forms send.
    pub id: String,
    /// The name people see.
    pub name: String,
    /// The v2 (RFC 6749) token endpoint.
    pub v2: TokenEndpoint,
    /// The legacy v1 token endpoint (JSON `clientId`/`clientSecret`, `accessToken` back).
    pub v1: Option<TokenEndpoint>,
    /// The API base URL people see.
    pub api_display_base: String,
    /// The API base URL the server connects to.
    pub api_upstream_base: String,
    /// The connection timeout.
    pub connect_timeout: Duration,
    /// The whole request's timeout.
    pub timeout: Duration,
    /// The catalogue APIs it serves at its API base URL.
    pub apis: Vec<String>,
    /// Whether this is the embedded sandbox (whose apps' secrets the console holds, and whose
    /// calls are attributed to the person using the console).
    pub embedded: bool,
}

impl Environment {
    /// The embedded sandbox: shown at `public_url`, reached at the address the portal is bound to.
    pub fn sandbox(public_url: &str, bound: SocketAddr) -> Self {
        let loopback = if bound.ip().is_unspecified() {
            SocketAddr::new(
                if bound.is_ipv6() {
                    "::1".parse().expect("ip")
                } else {
                    [127, 0, 0, 1].into()
                },
                bound.port(),
            )
        } else {
            bound
        };
        let upstream = format!("http://{loopback}");
        let endpoint = |path: &str, body, token_field: &str| TokenEndpoint {
            display_url: format!("{public_url}{path}"),
            upstream_url: format!("{upstream}{path}"),
            body,
            auth: ClientAuthMethod::Basic,
            token_field: token_field.to_owned(),
        };
        Self {
            id: crate::config::SANDBOX_ENVIRONMENT_ID.to_owned(),
            name: "Embedded sandbox".into(),
            v2: endpoint("/apip/auth/v2/token", BodyFormat::Form, "access_token"),
            v1: Some(endpoint("/apip/auth/v1/token", BodyFormat::Json, "accessToken")),
            api_display_base: public_url.to_owned(),
            api_upstream_base: upstream,
            connect_timeout: Duration::from_secs(3),
            timeout: Duration::from_secs(10),
            apis: crate::catalogue::SANDBOX_APIS
                .iter()
                .map(|&slug| slug.to_owned())
                .collect(),
            embedded: true,
        }
    }

    /// A configured environment.
    pub fn configured(settings: &EnvironmentSettings) -> Self {
        let base = settings.api_base_url.trim_end_matches('/').to_owned();
        Self {
            id: settings.id.clone(),
            name: settings.name.clone(),
            v2: TokenEndpoint {
                display_url: settings.v2_token_url.clone(),
                upstream_url: settings.v2_token_url.clone(),
                body: settings.v2_body,
                auth: settings.v2_client_auth,
                token_field: settings.v2_token_field.clone(),
            },
            v1: settings.v1_token_url.as_ref().map(|url| TokenEndpoint {
                display_url: url.clone(),
                upstream_url: url.clone(),
                body: BodyFormat::Json,
                auth: ClientAuthMethod::Body,
                token_field: "accessToken".into(),
            }),
            api_display_base: base.clone(),
            api_upstream_base: base,
            connect_timeout: Duration::from_millis(settings.connect_timeout_ms),
            timeout: Duration::from_millis(settings.timeout_ms),
            apis: settings.apis.clone(),
            embedded: false,
        }
    }

    /// Whether it serves the catalogue API `slug`.
    pub fn serves(&self, slug: &str) -> bool {
        self.apis.iter().any(|api| api == slug)
    }

    /// How the page shows it.
    pub fn view(&self) -> EnvironmentView {
        EnvironmentView {
            id: self.id.clone(),
            name: self.name.clone(),
            v2_token_url: self.v2.display_url.clone(),
            v1_token_url: self.v1.as_ref().map(|v1| v1.display_url.clone()),
            api_base_url: self.api_display_base.clone(),
            apis: self.apis.clone(),
        }
    }
}
