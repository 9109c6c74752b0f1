//! Calling one catalogue operation from its Try It form: the request built from the document
//! (values checked against the schema first), the credentials its security asks for added,
//! sent through the proxy to the environment's API base URL only, and the answer shown and
//! checked against the documented responses.

use super::request::{self, Built, FieldProblem, Submitted};
use super::snippets::{self, MultipartPart, SnippetAuth, SnippetBody, SnippetRequest};
use super::{ConsoleService, MASK, SHOWN_REQUEST_BYTES, environments::Environment, explain, response_check};
use crate::catalogue::{ApiDocument, Operation};
use app::ssr::console::{Exchange, Explanation, Replay, ShownRequest, Tone};
use app::ssr::request::ClientAddress;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use secrecy::{ExposeSecret, SecretString};

/// The most problems an unsent request lists.
const MAX_PROBLEMS_SHOWN: usize = 12;

/// A credential to send with the request (never kept, never shown).
pub enum Credential {
    /// `Authorization: Bearer …` (the console's token, or one pasted).
    Bearer(SecretString),
    /// An API key in a header, query parameter or cookie.
    ApiKey {
        /// `header`, `query` or `cookie`.
        location: String,
        /// The header, parameter or cookie name.
        name: String,
        /// The key.
        value: SecretString,
    },
    /// HTTP Basic.
    Basic {
        /// The user.
        user: String,
        /// The password.
        password: SecretString,
    },
}

/// One operation call, as the route prepared it.
pub struct OperationCall<'a> {
    /// Where it goes (an environment that serves the API).
    pub environment: &'a Environment,
    /// The API's slug.
    pub api: &'a str,
    /// The API's document.
    pub document: &'a ApiDocument,
    /// The operation.
    pub operation: &'a Operation,
    /// The values from the form.
    pub submitted: Submitted,
    /// The credentials to send.
    pub credentials: Vec<Credential>,
    /// The form's fields to keep for "run again" (never a credential).
    pub kept_fields: Vec<(String, String)>,
}

impl ConsoleService {
    /// Builds, checks and sends an operation call; the exchange says what happened.
    pub async fn call_operation(&self, call: OperationCall<'_>, on_behalf_of: &ClientAddress) -> Exchange {
        let OperationCall {
            environment,
            api,
            document,
            operation,
            submitted,
            credentials,
            kept_fields,
        } = call;
        let replay = Replay::Operation {
            api: api.to_owned(),
            operation: operation.slug.clone(),
            fields: kept_fields,
        };
        let title = format!("{} {}", operation.method, operation.path);
        let built = match request::build(document, operation, &environment.api_upstream_base, &submitted) {
            Ok(built) => built,
            Err(problems) => {
                let mut exchange = self.unsent(environment, &title, not_sent(&problems), replay);
                exchange.field_problems = problems
                    .iter()
                    .map(|problem| {
                        let at = if problem.pointer.is_empty() {
                            String::new()
                        } else {
                            format!("at {}: ", problem.pointer)
                        };
                        (problem.field.clone(), format!("{at}{}", problem.message))
                    })
                    .collect();
                return exchange;
            }
        };
        let display_url = display_url(environment, &built.url);
        let (built, shown_headers, snippet) = with_credentials(built, &credentials, &display_url);
        let mut headers: Vec<(String, String)> = self
            .base_headers(environment, on_behalf_of)
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value))
            .collect();
        headers.retain(|(name, _)| {
            !built
                .headers
                .iter()
                .any(|(own, _)| own.eq_ignore_ascii_case(name))
        });
        headers.extend(built.headers.iter().cloned());
        let shown_body = built.body.as_ref().map(|body| body.shown.clone());
        let request = ShownRequest {
            method: built.method.to_string(),
            url: display_url.clone(),
            headers: shown_headers,
            body_truncated_from: shown_body
                .as_ref()
                .filter(|body| body.len() > SHOWN_REQUEST_BYTES)
                .map(String::len),
            body: shown_body.map(|body| crate::text::cut(&body, SHOWN_REQUEST_BYTES).to_owned()),
        };
        let overridden = built.overridden.clone();
        let method =
            reqwest::Method::from_bytes(built.method.as_str().as_bytes()).unwrap_or(reqwest::Method::GET);
        let (result, elapsed) = self
            .proxy
            .send(
                environment,
                super::proxy::Outgoing {
                    method,
                    url: built.url.clone(),
                    headers,
                    body: built.body.map(|body| body.bytes),
                },
            )
            .await;
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
                let (json, is_json) = super::parse_json(&incoming.body);
                exchange.explanation = explain::api(
                    incoming.status,
                    &json,
                    is_json,
                    super::header(&incoming, "retry-after"),
                );
                let content_type = super::header(&incoming, "content-type");
                exchange.checks =
                    response_check::check(document, operation, incoming.status, content_type, &incoming.body);
                exchange.response = Some(super::shown_response(&incoming, None));
            }
            Err(failure) => exchange.explanation = explain::failure(&failure, &super::host_of(&display_url)),
        }
        if !overridden.is_empty() {
            let listed: Vec<String> = overridden.iter().take(MAX_PROBLEMS_SHOWN).map(describe).collect();
            exchange
                .checks
                .insert(0, format!("Sent anyway, though: {}", listed.join("; ")));
        }
        exchange
    }
}

/// The URL people see: the environment's public base instead of the one the server connects to.
fn display_url(environment: &Environment, upstream_url: &str) -> String {
    match upstream_url.strip_prefix(environment.api_upstream_base.trim_end_matches('/')) {
        Some(rest) => format!("{}{rest}", environment.api_display_base.trim_end_matches('/')),
        None => upstream_url.to_owned(),
    }
}

/// The request with its credentials, the headers as shown (secrets masked), and its snippet.
fn with_credentials(
    mut built: Built,
    credentials: &[Credential],
    display_url: &str,
) -> (Built, Vec<(String, String)>, SnippetRequest) {
    let mut auth = SnippetAuth::None;
    let mut snippet_url = display_url.to_owned();
    let mut snippet_headers: Vec<(String, String)> = built
        .headers
        .iter()
        .filter(|(name, _)| name != "content-type")
        .cloned()
        .collect();
    let mut masked: Vec<&str> = Vec::new();
    for credential in credentials {
        match credential {
            Credential::Bearer(token) => {
                built.headers.push((
                    "authorization".into(),
                    format!("Bearer {}", token.expose_secret()),
                ));
                masked.push("authorization");
                auth = SnippetAuth::Bearer;
            }
            Credential::Basic { user, password } => {
                let pair = STANDARD.encode(format!("{user}:{}", password.expose_secret()));
                built
                    .headers
                    .push(("authorization".into(), format!("Basic {pair}")));
                masked.push("authorization");
                auth = SnippetAuth::BasicPlaceholder;
            }
            Credential::ApiKey {
                location,
                name,
                value,
            } => match location.as_str() {
                "query" => {
                    built.url = request::append_query(&built.url, name, value.expose_secret());
                    snippet_url = request::append_query(&snippet_url, name, "$API_KEY");
                }
                "cookie" => {
                    built
                        .headers
                        .push(("cookie".into(), format!("{name}={}", value.expose_secret())));
                    snippet_headers.push(("Cookie".into(), format!("{name}=$API_KEY")));
                    masked.push("cookie");
                }
                _ => {
                    built
                        .headers
                        .push((name.to_ascii_lowercase(), value.expose_secret().to_owned()));
                    snippet_headers.push((name.clone(), "$API_KEY".into()));
                    masked.push(name.as_str());
                }
            },
        }
    }
    let shown = built
        .headers
        .iter()
        .map(|(name, value)| {
            if masked.iter().any(|secret| secret.eq_ignore_ascii_case(name)) {
                let scheme = value
                    .split_once(' ')
                    .filter(|_| name == "authorization")
                    .map(|(scheme, _)| format!("{scheme} "));
                (name.clone(), format!("{}{MASK}", scheme.unwrap_or_default()))
            } else {
                (name.clone(), value.clone())
            }
        })
        .collect();
    let body = match &built.body {
        None => SnippetBody::None,
        Some(body) if body.content_type.contains("json") => SnippetBody::Json(body.shown.clone()),
        Some(body) if body.content_type.starts_with("application/x-www-form-urlencoded") => {
            SnippetBody::Form(
                url::form_urlencoded::parse(&body.bytes)
                    .map(|(name, value)| (name.into_owned(), value.into_owned()))
                    .collect(),
            )
        }
        Some(body) if body.content_type.starts_with("multipart/") => {
            SnippetBody::Multipart(multipart_parts(&body.shown))
        }
        Some(body) => SnippetBody::Text {
            content_type: body.content_type.clone(),
            text: body.shown.clone(),
        },
    };
    let snippet = SnippetRequest {
        method: built.method.to_string(),
        url: snippet_url,
        headers: snippet_headers,
        auth,
        body,
    };
    (built, shown, snippet)
}

/// The parts of a multipart body as its shown text lists them (`name: value` or
/// `name: <file …>` lines).
fn multipart_parts(shown: &str) -> Vec<MultipartPart> {
    shown
        .lines()
        .filter_map(|line| line.split_once(": "))
        .map(
            |(name, value)| match value.strip_prefix('<').and_then(|rest| rest.split(',').next()) {
                Some(file_name) if value.ends_with('>') => MultipartPart::File {
                    name: name.to_owned(),
                    file_name: file_name.trim().to_owned(),
                    content_type: None,
                },
                _ => MultipartPart::Text {
                    name: name.to_owned(),
                    value: value.to_owned(),
                },
            },
        )
        .collect()
}

fn describe(problem: &FieldProblem) -> String {
    let at = if problem.pointer.is_empty() {
        String::new()
    } else {
        format!(" at {}", problem.pointer)
    };
    format!("{}{at}: {}", problem.field, problem.message)
}

/// Why the request was not sent, field by field.
fn not_sent(problems: &[FieldProblem]) -> Explanation {
    let mut listed: Vec<String> = problems.iter().take(MAX_PROBLEMS_SHOWN).map(describe).collect();
    if problems.len() > MAX_PROBLEMS_SHOWN {
        listed.push(format!("and {} more", problems.len() - MAX_PROBLEMS_SHOWN));
    }
    Explanation {
        tone: Tone::Error,
        title: format!(
            "The request was not sent: {} value{} to fix",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" }
        ),
        detail: listed.join("; "),
        next_step: Some(
            "Fix the values named above, or tick \"Send anyway\" to send them as they are and see how the API answers."
                .into(),
        ),
    }
}
