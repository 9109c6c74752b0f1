//! The Try It console's server side: it requests tokens (v2 and v1) and calls the sandbox APIs
//! on the person's behalf, in configured environments only, and turns each exchange into what
//! the page shows: the request (secrets masked), the response, timing, a plain-words
//! explanation and code snippets.

pub mod environments;
mod explain;
pub mod operation_call;
pub mod proxy;
pub mod request;
pub mod response_check;
pub mod sandbox_side;
mod snippets;
mod token_request;
pub mod tokens;
pub mod upstream_path;
pub mod user_sign_in;

use crate::http::client_address::{ATTRIBUTION_HEADER, ConsoleAttribution};
use app::ssr::console::{EnvironmentView, Exchange, Explanation, Replay, ShownRequest, ShownResponse};
use app::ssr::request::ClientAddress;
use app::ssr::services::ConsolePort;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use environments::Environment;
use proxy::{Incoming, Proxy};
use secrecy::SecretString;
use serde_json::{Value, json};
use std::sync::Arc;

/// How much of a response body the page shows (and the session keeps).
pub const SHOWN_BODY_BYTES: usize = 32 * 1024;
/// How much of a request body the page shows (and the session keeps).
pub const SHOWN_REQUEST_BYTES: usize = 16 * 1024;
/// How much of a request body the history keeps for a replay.
pub const KEPT_BODY_BYTES: usize = 16 * 1024;
const MASK: &str = "••••••••";

/// Which token API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenApi {
    /// RFC 6749.
    V2,
    /// Legacy.
    V1,
}

impl TokenApi {
    /// `v2` or `v1`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::V2 => "v2",
            Self::V1 => "v1",
        }
    }
}

/// Client credentials for one token request (the secret is used and dropped).
pub struct Credentials {
    /// The client id.
    pub client_id: String,
    /// The secret.
    pub secret: SecretString,
}

/// A token obtained for the session.
pub struct Obtained {
    /// The access token.
    pub token: SecretString,
    /// When it expires (seconds since the epoch).
    pub expires_at: i64,
}

/// The console service.
pub struct ConsoleService {
    environments: Vec<Environment>,
    proxy: Proxy,
    attribution: Arc<ConsoleAttribution>,
    clock: crate::clock::SharedClock,
    user_sign_in_issuer: Option<String>,
}

impl ConsoleService {
    /// The console over `environments`.
    pub fn new(
        environments: Vec<Environment>,
        attribution: Arc<ConsoleAttribution>,
        clock: crate::clock::SharedClock,
    ) -> Result<Self, reqwest::Error> {
        Ok(Self {
            proxy: Proxy::new(&environments)?,
            environments,
            attribution,
            clock,
            user_sign_in_issuer: None,
        })
    }

    /// The console with the CIAM it signs people in with (`None`: no user sign-in).
    pub fn with_user_sign_in_issuer(mut self, issuer: Option<String>) -> Self {
        self.user_sign_in_issuer = issuer;
        self
    }

    /// The headers every request to `environment` carries: `Accept`, and for the embedded
    /// sandbox the signed attribution to the person using the console (so its limits and logs
    /// see them, not the loopback address the call comes from).
    fn base_headers(
        &self,
        environment: &Environment,
        on_behalf_of: &ClientAddress,
    ) -> Vec<(&'static str, String)> {
        let mut headers: Vec<(&'static str, String)> = vec![("accept", "application/json".into())];
        if environment.embedded {
            headers.push((
                ATTRIBUTION_HEADER,
                self.attribution.sign(on_behalf_of, self.clock.now()),
            ));
        }
        headers
    }

    /// The environment with this id (the only way a URL is chosen).
    pub fn environment(&self, id: &str) -> Option<&Environment> {
        self.environments.iter().find(|environment| environment.id == id)
    }

    /// An exchange that was not sent (with why).
    pub fn unsent(
        &self,
        environment: &Environment,
        title: &str,
        explanation: Explanation,
        replay: Replay,
    ) -> Exchange {
        let request = ShownRequest {
            method: String::new(),
            url: String::new(),
            headers: Vec::new(),
            body: None,
            body_truncated_from: None,
        };
        let mut exchange = self.exchange(
            environment,
            title.to_owned(),
            request,
            std::time::Duration::ZERO,
            Vec::new(),
            replay,
        );
        exchange.explanation = explanation;
        exchange
    }

    fn exchange(
        &self,
        environment: &Environment,
        title: String,
        request: ShownRequest,
        elapsed: std::time::Duration,
        snippets: Vec<app::ssr::console::Snippet>,
        replay: Replay,
    ) -> Exchange {
        Exchange {
            id: 0,
            at: self.clock.now(),
            title,
            environment: environment.name.clone(),
            environment_id: environment.id.clone(),
            request,
            response: None,
            elapsed_ms: elapsed.as_millis() as u64,
            explanation: Explanation {
                tone: app::ssr::console::Tone::Info,
                title: String::new(),
                detail: String::new(),
                next_step: None,
            },
            token: None,
            snippets,
            replay,
            checks: Vec::new(),
            field_problems: Vec::new(),
            request_id: None,
            client_id: None,
            endpoint: None,
        }
    }
}

impl ConsolePort for ConsoleService {
    fn environments(&self) -> Vec<EnvironmentView> {
        self.environments.iter().map(Environment::view).collect()
    }

    fn user_sign_in_issuer(&self) -> Option<String> {
        self.user_sign_in_issuer.clone()
    }
}

fn parse_json(body: &[u8]) -> (Value, bool) {
    match serde_json::from_slice::<Value>(body) {
        Ok(value) => (value, true),
        Err(_) => (Value::Null, false),
    }
}

fn header<'a>(incoming: &'a Incoming, name: &str) -> Option<&'a str> {
    incoming
        .headers
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// The response for the page: JSON pretty-printed with the token masked, long bodies cut.
pub fn shown_response(incoming: &Incoming, token_field: Option<&str>) -> ShownResponse {
    let (mut json, is_json) = parse_json(&incoming.body);
    let mut body = if is_json {
        if let Some(field) = token_field
            && let Some(token) = json[field].as_str().map(str::to_owned)
        {
            json[field] = json!(format!(
                "{}… ({} characters, kept on the portal's server)",
                crate::text::cut(&token, 12),
                token.chars().count()
            ));
        }
        if let Some(document) = json["document"].as_str().map(str::to_owned) {
            json["document"] = json!(shorten(&document));
        }
        serde_json::to_string_pretty(&json).unwrap_or_default()
    } else {
        String::from_utf8_lossy(&incoming.body).into_owned()
    };
    let truncated_from = (body.len() > SHOWN_BODY_BYTES).then_some(body.len());
    if truncated_from.is_some() {
        body.truncate(crate::text::cut(&body, SHOWN_BODY_BYTES).len());
    }
    ShownResponse {
        status: incoming.status,
        reason: incoming.reason.clone(),
        headers: incoming.headers.clone(),
        body,
        truncated_from,
    }
}

/// A long base64 document as its start and length.
fn shorten(document: &str) -> String {
    if document.len() <= 120 {
        document.to_owned()
    } else {
        format!(
            "{}… ({} base64 characters)",
            crate::text::cut(document, 80),
            document.len()
        )
    }
}

/// A request body for display, with a long `document` shortened.
pub fn shorten_documents(body: &str) -> String {
    match serde_json::from_str::<Value>(body) {
        Ok(mut json) => {
            if let Some(document) = json["document"].as_str().map(str::to_owned) {
                json["document"] = json!(shorten(&document));
            }
            serde_json::to_string_pretty(&json).unwrap_or_else(|_| body.to_owned())
        }
        Err(_) => body.to_owned(),
    }
}

/// The claims of a JWT, pretty-printed (decoded, not verified: the API verifies).
fn jwt_claims(token: &str) -> Option<String> {
    jwt_part(token, 1)
}

/// The JOSE header of a JWT, pretty-printed (decoded, not verified).
fn jwt_header(token: &str) -> Option<String> {
    jwt_part(token, 0)
}

fn jwt_part(token: &str, index: usize) -> Option<String> {
    let part = token.split('.').nth(index)?;
    let bytes = URL_SAFE_NO_PAD.decode(part).ok()?;
    let value: Value = serde_json::from_slice(&bytes).ok()?;
    serde_json::to_string_pretty(&value).ok()
}

fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|url| {
            url.host_str().map(|host| match url.port() {
                Some(port) => format!("{host}:{port}"),
                None => host.to_owned(),
            })
        })
        .unwrap_or_else(|| url.to_owned())
}

fn form_encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

fn encode_form(fields: &[(&str, String)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields.iter().map(|(k, v)| (*k, v.as_str())))
        .finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_in_shown_bodies_are_masked() {
        let incoming = Incoming {
            status: 200,
            reason: "OK".into(),
            headers: vec![],
            body: br#"{"access_token":"eyJhbGciOiJFZERTQSJ9.e30.c2lnbmF0dXJl","token_type":"Bearer"}"#
                .to_vec(),
        };
        let shown = shown_response(&incoming, Some("access_token"));
        assert!(!shown.body.contains("c2lnbmF0dXJl"), "{}", shown.body);
        assert!(shown.body.contains("kept on the portal's server"));
    }

    #[test]
    fn long_bodies_are_cut_for_display() {
        let incoming = Incoming {
            status: 200,
            reason: "OK".into(),
            headers: vec![],
            body: vec![b'x'; SHOWN_BODY_BYTES * 2],
        };
        let shown = shown_response(&incoming, None);
        assert_eq!(shown.body.len(), SHOWN_BODY_BYTES);
        assert_eq!(shown.truncated_from, Some(SHOWN_BODY_BYTES * 2));
    }

    #[test]
    fn jwt_claims_are_decoded_and_other_tokens_are_not() {
        let token = format!(
            "{}.{}.sig",
            URL_SAFE_NO_PAD.encode("{}"),
            URL_SAFE_NO_PAD.encode(r#"{"sub":"mnc_1"}"#)
        );
        assert!(jwt_claims(&token).expect("claims").contains("mnc_1"));
        assert_eq!(jwt_claims("opaque-token"), None);
    }
}
