//! The console's token requests: the body and headers for the environment's token profile
//! (v2: form or JSON, HTTP Basic or body client authentication; legacy v1: JSON with
//! `clientId`/`clientSecret`), the secret masked in what the page shows and a placeholder in
//! the snippets, and the answer read into a token the session can keep.

use super::environments::{Environment, TokenEndpoint};
use super::proxy::{Incoming, Outgoing};
use super::snippets::{self, SnippetAuth, SnippetBody, SnippetRequest};
use super::{ConsoleService, Credentials, MASK, Obtained, TokenApi, explain};
use crate::config::{BodyFormat, ClientAuthMethod};
use app::ssr::console::{Exchange, Explanation, Replay, ShownRequest, TokenSummary, Tone};
use app::ssr::request::ClientAddress;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};

/// What the snippets write for the secret.
const SECRET_PLACEHOLDER: &str = "$MN_CLIENT_SECRET";
/// How long a token lives when the answer does not say.
const DEFAULT_EXPIRES_IN: i64 = 3600;

/// A token request's body three ways: sent (with the secret), shown (masked), and for the
/// snippets (a placeholder); and the headers it needs.
struct TokenBody {
    sent: String,
    shown: String,
    snippet: SnippetBody,
    headers: Vec<(&'static str, String)>,
}

impl ConsoleService {
    /// Requests a token with `credentials` from `environment`'s v2 or v1 endpoint.
    pub async fn token(
        &self,
        environment: &Environment,
        api: TokenApi,
        credentials: &Credentials,
        scope: Option<&str>,
        on_behalf_of: &ClientAddress,
    ) -> (Exchange, Option<Obtained>) {
        let replay = Replay::Token {
            api: api.as_str().into(),
            scope: scope.map(str::to_owned),
        };
        let endpoint = match (api, &environment.v1) {
            (TokenApi::V2, _) => &environment.v2,
            (TokenApi::V1, Some(v1)) => v1,
            (TokenApi::V1, None) => {
                let explanation = Explanation {
                    tone: Tone::Error,
                    title: "This environment has no v1 token API".into(),
                    detail: "Use the v2 token API: it is the one to build on.".into(),
                    next_step: None,
                };
                return (self.unsent(environment, "v1 token", explanation, replay), None);
            }
        };
        let body = match api {
            TokenApi::V1 => v1_body(credentials),
            TokenApi::V2 => v2_body(endpoint, credentials, scope),
        };
        let basic = api == TokenApi::V2 && endpoint.auth == ClientAuthMethod::Basic;
        let mut headers = self.base_headers(environment, on_behalf_of);
        let mut shown_headers = vec![("Accept".to_owned(), "application/json".to_owned())];
        if basic {
            let pair = format!(
                "{}:{}",
                super::form_encode(&credentials.client_id),
                super::form_encode(credentials.secret.expose_secret())
            );
            headers.push(("authorization", format!("Basic {}", STANDARD.encode(pair))));
            shown_headers.push(("Authorization".into(), format!("Basic {MASK}")));
        }
        for (name, value) in &body.headers {
            headers.push((name, value.clone()));
            shown_headers.push(("Content-Type".into(), value.clone()));
        }
        let snippet = SnippetRequest {
            method: "POST".into(),
            url: endpoint.display_url.clone(),
            headers: vec![("Accept".into(), "application/json".into())],
            auth: if basic {
                SnippetAuth::Basic(credentials.client_id.clone())
            } else {
                SnippetAuth::None
            },
            body: body.snippet,
        };
        let request = ShownRequest {
            method: "POST".into(),
            url: endpoint.display_url.clone(),
            headers: shown_headers,
            body: Some(body.shown),
            body_truncated_from: None,
        };
        let outgoing = Outgoing {
            method: reqwest::Method::POST,
            url: endpoint.upstream_url.clone(),
            headers: headers
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value))
                .collect(),
            body: Some(body.sent.into_bytes()),
        };
        let (result, elapsed) = self.proxy.send(environment, outgoing).await;
        let title = format!("{} token", api.as_str());
        let mut exchange = self.exchange(
            environment,
            title,
            request,
            elapsed,
            snippets::all(&snippet),
            replay,
        );
        match result {
            Ok(incoming) => {
                let obtained = self.read_answer(&mut exchange, &incoming, &endpoint.token_field);
                (exchange, obtained)
            }
            Err(failure) => {
                exchange.explanation = explain::failure(&failure, &super::host_of(&endpoint.display_url));
                (exchange, None)
            }
        }
    }

    /// Reads a token endpoint's answer into the exchange, and the token if there is one.
    fn read_answer(
        &self,
        exchange: &mut Exchange,
        incoming: &Incoming,
        token_field: &str,
    ) -> Option<Obtained> {
        let (json, is_json) = super::parse_json(&incoming.body);
        exchange.explanation = explain::token(
            incoming.status,
            &json,
            is_json,
            super::header(incoming, "retry-after"),
        );
        exchange.response = Some(super::shown_response(incoming, Some(token_field)));
        let succeeded = (200..300).contains(&incoming.status);
        let Some(token) = json[token_field]
            .as_str()
            .filter(|_| succeeded)
            .map(str::to_owned)
        else {
            if succeeded {
                exchange.explanation = Explanation {
                    tone: Tone::Error,
                    title: format!("No {token_field} in the answer"),
                    detail: format!(
                        "The endpoint answered {} but the body has no `{token_field}` field.",
                        incoming.status
                    ),
                    next_step: Some(
                        "Check the environment's token profile (v2 uses access_token, v1 accessToken)."
                            .into(),
                    ),
                };
            }
            return None;
        };
        let expires_in = json["expires_in"]
            .as_i64()
            .or_else(|| json["expiresIn"].as_i64())
            .unwrap_or(DEFAULT_EXPIRES_IN);
        let expires_at = self.clock.now() + expires_in;
        exchange.token = Some(TokenSummary {
            expires_at,
            scope: json["scope"].as_str().map(str::to_owned),
            claims: super::jwt_claims(&token),
            header: super::jwt_header(&token),
            inspection: None,
        });
        Some(Obtained {
            token: SecretString::from(token),
            expires_at,
        })
    }
}

/// The legacy v1 body: JSON `clientId` and `clientSecret`.
fn v1_body(credentials: &Credentials) -> TokenBody {
    let with =
        |secret: &str| json!({ "clientId": credentials.client_id, "clientSecret": secret }).to_string();
    TokenBody {
        sent: with(credentials.secret.expose_secret()),
        shown: with(MASK),
        snippet: SnippetBody::Json(with(SECRET_PLACEHOLDER)),
        headers: vec![("content-type", "application/json".into())],
    }
}

/// The v2 body: `grant_type` (and `scope`), with the client in the body when the endpoint
/// authenticates clients there, as a form or JSON.
fn v2_body(endpoint: &TokenEndpoint, credentials: &Credentials, scope: Option<&str>) -> TokenBody {
    let in_body = endpoint.auth == ClientAuthMethod::Body;
    let fields = |secret: &str| {
        let mut fields: Vec<(&str, String)> = vec![("grant_type", "client_credentials".into())];
        if let Some(scope) = scope {
            fields.push(("scope", scope.to_owned()));
        }
        if in_body {
            fields.push(("client_id", credentials.client_id.clone()));
            fields.push(("client_secret", secret.to_owned()));
        }
        fields
    };
    let (sent, shown, snippet) = (
        fields(credentials.secret.expose_secret()),
        fields(MASK),
        fields(SECRET_PLACEHOLDER),
    );
    match endpoint.body {
        BodyFormat::Form => TokenBody {
            sent: super::encode_form(&sent),
            shown: super::encode_form(&shown),
            snippet: SnippetBody::Form(
                snippet
                    .into_iter()
                    .map(|(name, value)| (name.to_owned(), value))
                    .collect(),
            ),
            headers: vec![("content-type", "application/x-www-form-urlencoded".into())],
        },
        BodyFormat::Json => {
            let object = |pairs: &[(&str, String)]| {
                Value::Object(
                    pairs
                        .iter()
                        .map(|(name, value)| ((*name).to_owned(), json!(value)))
                        .collect(),
                )
                .to_string()
            };
            TokenBody {
                sent: object(&sent),
                shown: object(&shown),
                snippet: SnippetBody::Json(object(&snippet)),
                headers: vec![("content-type", "application/json".into())],
            }
        }
    }
}
