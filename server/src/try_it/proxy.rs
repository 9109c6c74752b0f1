//! The console's outbound HTTP: one client per environment (its own timeouts), no redirects
//! followed, no proxies, no cookies, a response size cap, and response headers passed through
//! an allow-list. Requests carry only the headers the console sets itself: nothing the browser
//! sent (its cookies, `Origin`, `Authorization`) ever goes upstream.

use super::environments::Environment;
use std::collections::HashMap;
use std::error::Error as _;
use std::time::{Duration, Instant};

/// The largest response body read from an upstream.
pub const MAX_RESPONSE_BYTES: usize = 8 * 1024 * 1024;

/// Response headers the console shows; everything else (`Set-Cookie` above all) is dropped.
const RESPONSE_HEADERS: &[&str] = &[
    "content-type",
    "content-length",
    "cache-control",
    "pragma",
    "www-authenticate",
    "retry-after",
    "location",
    "date",
    "x-request-id",
];

/// A request to send.
pub struct Outgoing {
    /// `GET` or `POST`.
    pub method: reqwest::Method,
    /// The upstream URL.
    pub url: String,
    /// The headers (set by the console only).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Option<Vec<u8>>,
}

/// What came back.
#[derive(Debug)]
pub struct Incoming {
    /// The status.
    pub status: u16,
    /// Its reason phrase.
    pub reason: String,
    /// The allow-listed headers.
    pub headers: Vec<(String, String)>,
    /// The body (at most [`MAX_RESPONSE_BYTES`]).
    pub body: Vec<u8>,
}

/// Why no response came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Nothing listens at the host and port.
    Refused,
    /// The host name does not resolve.
    Dns,
    /// The TLS handshake failed.
    Tls,
    /// No (complete) answer in time.
    Timeout,
    /// The upstream answered with a redirect, which the console does not follow.
    Redirect {
        /// Where it pointed.
        location: String,
        /// The status.
        status: u16,
    },
    /// The answer was larger than [`MAX_RESPONSE_BYTES`].
    TooLarge,
    /// Anything else on the network.
    Network,
}

/// The outbound client.
pub struct Proxy {
    clients: HashMap<String, reqwest::Client>,
}

impl Proxy {
    /// One client per environment, built once.
    pub fn new(environments: &[Environment]) -> Result<Self, reqwest::Error> {
        let mut clients = HashMap::new();
        for environment in environments {
            let client = reqwest::Client::builder()
                .connect_timeout(environment.connect_timeout)
                .timeout(environment.timeout)
                .redirect(reqwest::redirect::Policy::none())
                .no_proxy()
                .user_agent(concat!(
                    "api-marketplace-portal-console/",
                    env!("CARGO_PKG_VERSION")
                ))
                .build()?;
            clients.insert(environment.id.clone(), client);
        }
        Ok(Self { clients })
    }

    /// Sends `request` within `environment`, returning the answer and the time it took.
    pub async fn send(
        &self,
        environment: &Environment,
        request: Outgoing,
    ) -> (Result<Incoming, Failure>, Duration) {
        let started = Instant::now();
        let result = self.exchange(environment, request).await;
        crate::metrics::count_upstream_call(&environment.id, &result);
        (result, started.elapsed())
    }

    async fn exchange(&self, environment: &Environment, request: Outgoing) -> Result<Incoming, Failure> {
        let client = self.clients.get(&environment.id).ok_or(Failure::Network)?;
        let mut builder = client.request(request.method, &request.url);
        for (name, value) in request.headers {
            builder = builder.header(name, value);
        }
        // The portal's id of the request behind this call, so both sides' logs line up.
        if let Some(id) = crate::metrics::http::current_request_id() {
            builder = builder.header(app::ssr::request::REQUEST_ID_HEADER, id);
        }
        if let Some(body) = request.body {
            builder = builder.body(body);
        }
        let mut response = builder.send().await.map_err(|error| classify(&error))?;
        let status = response.status();
        if status.is_redirection() {
            let location = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|value| value.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            return Err(Failure::Redirect {
                location,
                status: status.as_u16(),
            });
        }
        let headers = response
            .headers()
            .iter()
            .filter(|(name, _)| RESPONSE_HEADERS.contains(&name.as_str()))
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    value.to_str().unwrap_or("(binary)").to_owned(),
                )
            })
            .collect();
        if response
            .content_length()
            .is_some_and(|length| length as usize > MAX_RESPONSE_BYTES)
        {
            return Err(Failure::TooLarge);
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|error| classify(&error))? {
            if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
                return Err(Failure::TooLarge);
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Incoming {
            status: status.as_u16(),
            reason: status.canonical_reason().unwrap_or_default().to_owned(),
            headers,
            body,
        })
    }
}

/// Names a transport failure from reqwest's error and its causes.
fn classify(error: &reqwest::Error) -> Failure {
    if error.is_timeout() {
        return Failure::Timeout;
    }
    let mut causes = Vec::new();
    let mut source = error.source();
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            match io.kind() {
                std::io::ErrorKind::ConnectionRefused => return Failure::Refused,
                std::io::ErrorKind::TimedOut => return Failure::Timeout,
                _ => {}
            }
        }
        causes.push(cause.to_string().to_lowercase());
        source = cause.source();
    }
    let text = causes.join(" | ");
    if text.contains("dns error")
        || text.contains("failed to lookup address")
        || text.contains("name or service not known")
    {
        Failure::Dns
    } else if [
        "tls",
        "certificate",
        "handshake",
        "invalid peer",
        "corrupt message",
    ]
    .iter()
    .any(|word| text.contains(word))
    {
        Failure::Tls
    } else if text.contains("connection refused") {
        Failure::Refused
    } else {
        Failure::Network
    }
}
