//! A Postman collection (Collection Format v2.1) for one API of the catalogue, generated from
//! its OpenAPI document and served at `/apis/{slug}/postman-collection.json`.
//!
//! It follows the conventions of the sandbox app's hand-written collection (`crate::postman`),
//! so the environment downloaded from the sandbox page drives it: URLs start with `{{baseUrl}}`,
//! bearer requests send `{{accessToken}}`, and a collection-level pre-request script fetches
//! that token (OAuth 2.0 client credentials, the v2 token endpoint, with `{{MN-ClientId}}` and
//! `{{MN-ClientSecret}}`) whenever none is held or it has expired.
//!
//! - One folder per tag, in the document's `tags` order and then in the order tags are met;
//!   an operation with several tags goes in the first one's folder.
//! - One request per operation, named by its summary. Inside a folder, requests that create
//!   (`POST`) come first and those that delete last, so a run in order creates before it reads;
//!   otherwise document order is kept.
//! - Path parameters become Postman path variables (`/pets/:id`) whose value is a collection
//!   variable of the same name (`{{id}}`), holding the document's example. When a response
//!   carries a `Location` header the request's test script matches it against the API's path
//!   templates and stores the parameters it finds, so the next requests use the new resource.
//! - Query and header parameters carry their example (or default); optional ones are disabled.
//! - The body is the request example (`examples::media_example`): raw JSON, urlencoded or
//!   form-data, or raw text for other media types.
//! - Auth follows the operation's security: OAuth 2.0 / OpenID Connect / HTTP bearer → bearer
//!   `{{accessToken}}`; API key → `apikey` auth with an `{{apiKey}}` variable (in a header, the
//!   query or a cookie); HTTP Basic → `{{basicUser}}` / `{{basicPassword}}` (by default the
//!   sandbox app's client id and secret); `security: []` → `noauth`.
//! - Every request tests that the answer has one of the operation's documented 2xx statuses.

use super::examples::{self, Direction, media_example};
use super::reference::{parameters, requirements};
use super::{Api, ApiDocument, Operation};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

#[cfg(test)]
mod tests;

/// The Collection Format the collections follow.
pub const SCHEMA: &str = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";
/// The sandbox's v2 token endpoint, under `{{baseUrl}}`, for schemes that name no token URL.
const SANDBOX_TOKEN_PATH: &str = "/apip/auth/v2/token";

/// The collection for `api`, with `base_url` (the portal's public URL) as the default of
/// `{{baseUrl}}` when the document names no absolute server; `None` without a usable document.
pub fn collection(api: &Api, base_url: &str) -> Option<Value> {
    let document = api.document.as_ref()?;
    let mut builder = Builder {
        document,
        variables: Vec::new(),
        token: None,
    };
    let mut folders: Vec<(String, Vec<(usize, Value)>)> = document.root["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|tag| tag["name"].as_str())
        .map(|name| (name.to_owned(), Vec::new()))
        .collect();
    for operation in &document.operations {
        let tag = operation
            .tags
            .first()
            .cloned()
            .unwrap_or_else(|| "default".to_owned());
        let position = match folders.iter().position(|(name, _)| *name == tag) {
            Some(position) => position,
            None => {
                folders.push((tag, Vec::new()));
                folders.len() - 1
            }
        };
        let request = builder.item(api, base_url, operation);
        folders[position]
            .1
            .push((method_rank(&operation.method), request));
    }
    let item: Vec<Value> = folders
        .into_iter()
        .filter(|(_, requests)| !requests.is_empty())
        .map(|(name, mut requests)| {
            requests.sort_by_key(|(rank, _)| *rank);
            let description = tag_description(document, &name);
            let item: Vec<Value> = requests.into_iter().map(|(_, request)| request).collect();
            json!({ "name": name, "description": description, "item": item })
        })
        .collect();
    let mut variables = vec![json!({ "key": "baseUrl", "value": default_base_url(document, base_url) })];
    let mut events = Vec::new();
    if let Some(token) = &builder.token {
        variables.extend([
            json!({ "key": "accessToken", "value": "" }),
            json!({ "key": "accessTokenExpiresAt", "value": "" }),
            json!({ "key": "tokenUrl", "value": token.url }),
            json!({ "key": "tokenScope", "value": token.scopes.join(" ") }),
        ]);
        events.push(script(
            "prerequest",
            TOKEN_SCRIPT.lines().map(str::to_owned).collect(),
        ));
    }
    variables.append(&mut builder.variables);
    let description = format!(
        "{} Generated from {}/apis/{}/openapi.json. Set MN-ClientSecret in your environment's \
         current value only (never commit it). Use test data only: never real PHI or PII.",
        api.summary,
        base_url.trim_end_matches('/'),
        api.slug
    );
    Some(json!({
        "info": {
            "_postman_id": stable_id(&api.slug),
            "name": api.title,
            "description": description,
            "schema": SCHEMA
        },
        "auth": { "type": "noauth" },
        "event": events,
        "variable": variables,
        "item": item
    }))
}

/// Fetches a v2 token when the request is not known to use another kind of auth and no
/// unexpired token is held.
const TOKEN_SCRIPT: &str = r#"// Gets a token with MN-ClientId and MN-ClientSecret when none is held.
const type = pm.request.auth ? pm.request.auth.type : undefined;
const held = pm.collectionVariables.get('accessToken');
const expiresAt = Number(pm.collectionVariables.get('accessTokenExpiresAt') || 0);
if (!['noauth', 'apikey', 'basic'].includes(type) && (!held || Date.now() > expiresAt - 30000)) {
  const form = [
    { key: 'grant_type', value: 'client_credentials' },
    { key: 'client_id', value: pm.variables.replaceIn('{{MN-ClientId}}') },
    { key: 'client_secret', value: pm.variables.replaceIn('{{MN-ClientSecret}}') }
  ];
  const scope = pm.variables.replaceIn('{{tokenScope}}');
  if (scope && scope !== '{{tokenScope}}') form.push({ key: 'scope', value: scope });
  pm.sendRequest({
    url: pm.variables.replaceIn('{{tokenUrl}}'),
    method: 'POST',
    header: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: { mode: 'urlencoded', urlencoded: form }
  }, (error, response) => {
    if (error || response.code !== 200) {
      console.warn('The token request failed: ' + (error || response.code + ' ' + response.text()));
      return;
    }
    const body = response.json();
    pm.collectionVariables.set('accessToken', body.access_token);
    pm.collectionVariables.set('accessTokenExpiresAt', String(Date.now() + 1000 * (body.expires_in || 300)));
  });
}"#;

/// Where the bearer token comes from.
struct Token {
    url: String,
    scopes: Vec<String>,
}

struct Builder<'a> {
    document: &'a ApiDocument,
    /// Collection variables met on the way (path parameters, API keys, Basic credentials).
    variables: Vec<Value>,
    token: Option<Token>,
}

impl Builder<'_> {
    fn variable(&mut self, key: &str, value: &str, description: &str) {
        if !self.variables.iter().any(|variable| variable["key"] == key) {
            self.variables
                .push(json!({ "key": key, "value": value, "description": description }));
        }
    }

    fn item(&mut self, api: &Api, base_url: &str, operation: &Operation) -> Value {
        let document = self.document;
        let root = &document.root;
        let value = document.at(&operation.pointer).unwrap_or(&Value::Null);
        let mut path = String::new();
        let mut path_variables = Vec::new();
        let mut query = Vec::new();
        let mut header = Vec::new();
        let parameters = parameters(document, operation);
        for segment in operation.path.trim_start_matches('/').split('/') {
            path.push('/');
            match segment.strip_prefix('{').and_then(|rest| rest.strip_suffix('}')) {
                Some(name) if !name.contains(['{', '}']) => {
                    path.push(':');
                    path.push_str(name);
                    let parameter = parameters.iter().find(|p| p["name"] == name && p["in"] == "path");
                    let example = parameter
                        .map(|p| parameter_example(document, p))
                        .unwrap_or_default();
                    let description = parameter.map(|p| text_of(&p["description"])).unwrap_or_default();
                    self.variable(name, &example, &description);
                    let value = format!("{{{{{name}}}}}");
                    path_variables.push(json!({ "key": name, "value": value, "description": description }));
                }
                _ => path.push_str(&segment.replace('{', "{{").replace('}', "}}")),
            }
        }
        for parameter in &parameters {
            let name = text_of(&parameter["name"]);
            let entry = |value: String| {
                json!({
                    "key": name,
                    "value": value,
                    "description": text_of(&parameter["description"]),
                    "disabled": parameter["required"] != true
                })
            };
            match parameter["in"].as_str() {
                Some("query") => match parameter_example_value(document, parameter) {
                    Value::Array(items) => query.extend(items.iter().map(|item| entry(text_of(item)))),
                    other => query.push(entry(text_of(&other))),
                },
                Some("header")
                    if !["accept", "content-type", "authorization"]
                        .contains(&name.to_ascii_lowercase().as_str()) =>
                {
                    header.push(entry(parameter_example(document, parameter)));
                }
                Some("path" | "header") | None => {}
                Some(other) => {
                    // Cookies and unknown locations: sent as a header, to be filled in.
                    let value = parameter_example(document, parameter);
                    if other == "cookie" {
                        let (value, disabled) = (format!("{name}={value}"), parameter["required"] != true);
                        header.push(json!({ "key": "Cookie", "value": value, "disabled": disabled }));
                    }
                }
            }
        }
        let body = self.body(root, value, &mut header);
        let auth = self.auth(value, &mut header, &mut query);
        let query_string: Vec<String> = query
            .iter()
            .filter(|entry| entry["disabled"] != true)
            .map(|entry| format!("{}={}", text_of(&entry["key"]), text_of(&entry["value"])))
            .collect();
        let mut raw = format!("{{{{baseUrl}}}}{path}");
        if !query_string.is_empty() {
            raw = format!("{raw}?{}", query_string.join("&"));
        }
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let mut url = json!({ "raw": raw, "host": ["{{baseUrl}}"], "path": segments });
        if !query.is_empty() {
            url["query"] = Value::Array(query);
        }
        if !path_variables.is_empty() {
            url["variable"] = Value::Array(path_variables);
        }
        let mut description = text_of(&value["description"]);
        description.push_str(&format!(
            "\n\nReference: {}/apis/{}/{}",
            base_url.trim_end_matches('/'),
            api.slug,
            operation.slug
        ));
        let mut request = json!({
            "method": operation.method,
            "auth": auth,
            "header": header,
            "url": url,
            "description": description.trim()
        });
        if let Some(body) = body {
            request["body"] = body;
        }
        json!({
            "name": operation.summary,
            "event": [script("test", self.tests(operation, value))],
            "request": request
        })
    }

    /// The request body from the first JSON, urlencoded, form-data or other media type.
    fn body(&self, root: &Value, operation: &Value, header: &mut Vec<Value>) -> Option<Value> {
        let content = self.document.resolve(&operation["requestBody"])["content"].as_object()?;
        let is_json = |media: &str| media == "application/json" || media.ends_with("+json");
        let (media, entry) = content
            .iter()
            .find(|(media, _)| is_json(media))
            .or_else(|| {
                content
                    .iter()
                    .find(|(media, _)| *media == "application/x-www-form-urlencoded")
            })
            .or_else(|| content.iter().find(|(media, _)| *media == "multipart/form-data"))
            .or_else(|| content.iter().next())?;
        let example = media_example(root, entry, Direction::Request).unwrap_or(Value::Null);
        let fields = |example: &Value, file: bool| -> Vec<Value> {
            let schema = self.document.resolve(&entry["schema"]);
            example
                .as_object()
                .into_iter()
                .flatten()
                .map(|(key, value)| {
                    let property = self.document.resolve(&schema["properties"][key]);
                    if file && (property["format"] == "binary" || property.get("contentMediaType").is_some())
                    {
                        json!({ "key": key, "type": "file", "src": [] })
                    } else if file {
                        json!({ "key": key, "value": text_of(value), "type": "text" })
                    } else {
                        json!({ "key": key, "value": text_of(value) })
                    }
                })
                .collect()
        };
        Some(match media.as_str() {
            "application/x-www-form-urlencoded" => {
                json!({ "mode": "urlencoded", "urlencoded": fields(&example, false) })
            }
            "multipart/form-data" => json!({ "mode": "formdata", "formdata": fields(&example, true) }),
            media => {
                header.push(json!({ "key": "Content-Type", "value": media }));
                if is_json(media) {
                    let raw = serde_json::to_string_pretty(&example).unwrap_or_default();
                    json!({ "mode": "raw", "raw": raw, "options": { "raw": { "language": "json" } } })
                } else {
                    json!({ "mode": "raw", "raw": text_of(&example) })
                }
            }
        })
    }

    /// The request's auth, from the first way of authenticating the portal can express.
    fn auth(&mut self, operation: &Value, header: &mut Vec<Value>, query: &mut Vec<Value>) -> Value {
        let document = self.document;
        let scheme_of = |name: &str| {
            document
                .at(&format!(
                    "/components/securitySchemes/{}",
                    super::refs::escape(name)
                ))
                .cloned()
                .unwrap_or(Value::Null)
        };
        let key_schemes = document.root["components"]["securitySchemes"]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(_, scheme)| document.resolve(scheme)["type"] == "apiKey")
            .count();
        let known = |scheme: &Value| {
            matches!(
                scheme["type"].as_str(),
                Some("oauth2" | "openIdConnect" | "apiKey")
            ) || (scheme["type"] == "http"
                && ["basic", "bearer"].contains(&text_of(&scheme["scheme"]).to_ascii_lowercase().as_str()))
        };
        let requirement = requirements(document, operation).into_iter().find(|requirement| {
            requirement.is_empty() || requirement.iter().all(|(name, _)| known(&scheme_of(name)))
        });
        let mut auth = json!({ "type": "noauth" });
        for (name, scopes) in requirement.unwrap_or_default() {
            let scheme = scheme_of(&name);
            let first = auth["type"] == "noauth";
            let kind = text_of(&scheme["type"]);
            if kind == "apiKey" {
                let variable = if key_schemes > 1 {
                    format!("apiKey-{name}")
                } else {
                    "apiKey".to_owned()
                };
                self.variable(&variable, "", &format!("The API key of `{name}`."));
                let (key, place) = (text_of(&scheme["name"]), text_of(&scheme["in"]));
                let value = format!("{{{{{variable}}}}}");
                if place == "cookie" {
                    header.push(json!({ "key": "Cookie", "value": format!("{key}={value}") }));
                } else if first {
                    let place = if place == "query" { "query" } else { "header" };
                    auth = json!({ "type": "apikey", "apikey": [
                        { "key": "key", "value": key, "type": "string" },
                        { "key": "value", "value": value, "type": "string" },
                        { "key": "in", "value": place, "type": "string" }
                    ]});
                } else if place == "query" {
                    query.push(json!({ "key": key, "value": value }));
                } else {
                    header.push(json!({ "key": key, "value": value }));
                }
            } else if kind == "http" && text_of(&scheme["scheme"]).eq_ignore_ascii_case("basic") {
                if first {
                    self.variable(
                        "basicUser",
                        "{{MN-ClientId}}",
                        "The Basic user name (by default the sandbox app's client id).",
                    );
                    self.variable(
                        "basicPassword",
                        "{{MN-ClientSecret}}",
                        "The Basic password (by default the sandbox app's client secret).",
                    );
                    auth = json!({ "type": "basic", "basic": [
                        { "key": "username", "value": "{{basicUser}}", "type": "string" },
                        { "key": "password", "value": "{{basicPassword}}", "type": "string" }
                    ]});
                }
            } else if first {
                let token = self.token.get_or_insert_with(|| Token {
                    url: token_url(&scheme),
                    scopes: Vec::new(),
                });
                if kind == "oauth2" {
                    for scope in scopes {
                        if !token.scopes.contains(&scope) {
                            token.scopes.push(scope);
                        }
                    }
                }
                let token = json!({ "key": "token", "value": "{{accessToken}}", "type": "string" });
                auth = json!({ "type": "bearer", "bearer": [token] });
            }
        }
        auth
    }

    /// The test script: a documented success status, and the `Location` header's parameters
    /// stored for the next requests.
    fn tests(&self, operation: &Operation, value: &Value) -> Vec<String> {
        let responses = value["responses"].as_object();
        let codes: Vec<u16> = responses
            .into_iter()
            .flatten()
            .filter_map(|(code, _)| code.parse::<u16>().ok())
            .filter(|code| (200..300).contains(code))
            .collect();
        let name = serde_json::to_string(&format!("{}: a documented success status", operation.summary))
            .unwrap_or_default();
        let mut lines = vec![if codes.is_empty() {
            format!("pm.test({name}, () => pm.expect(pm.response.code).to.be.within(200, 299));")
        } else {
            format!("pm.test({name}, () => pm.expect(pm.response.code).to.be.oneOf({codes:?}));")
        }];
        let locates = responses.into_iter().flatten().any(|(_, response)| {
            self.document.resolve(response)["headers"]
                .as_object()
                .is_some_and(|headers| headers.keys().any(|key| key.eq_ignore_ascii_case("location")))
        });
        let templates = self.templates();
        if locates && !templates.is_empty() {
            let templates = serde_json::to_string(&templates).unwrap_or_default();
            lines.extend([
                "// Keeps the new resource's path parameters for the next requests.".to_owned(),
                "const location = pm.response.headers.get('Location');".to_owned(),
                "if (location) {".to_owned(),
                "  const path = location.replace(/^[a-z][a-z0-9+.-]*:\\/\\/[^/]+/i, '')".to_owned(),
                "    .split(/[?#]/)[0];".to_owned(),
                format!("  const match = {templates}"),
                "    .map(([pattern, names]) => [path.match(new RegExp(pattern)), names])".to_owned(),
                "    .find(([found]) => found);".to_owned(),
                "  if (match) match[1].forEach((name, i) =>".to_owned(),
                "    pm.collectionVariables.set(name, decodeURIComponent(match[0][i + 1])));".to_owned(),
                "}".to_owned(),
            ]);
        }
        lines
    }

    /// Every path template with parameters as `[regular expression, parameter names]`, the most
    /// specific (longest literal text) first.
    fn templates(&self) -> Vec<(String, Vec<String>)> {
        let mut templates: Vec<(usize, String, Vec<String>)> = Vec::new();
        for operation in &self.document.operations {
            let (mut pattern, mut names, mut literal) = (String::new(), Vec::new(), 0);
            let mut rest = operation.path.as_str();
            while let Some(start) = rest.find('{') {
                let Some(end) = rest[start..].find('}') else { break };
                pattern.push_str(&regex_escape(&rest[..start]));
                literal += start;
                pattern.push_str("([^/]+)");
                names.push(rest[start + 1..start + end].to_owned());
                rest = &rest[start + end + 1..];
            }
            if names.is_empty() {
                continue;
            }
            pattern.push_str(&regex_escape(rest));
            pattern.push('$');
            literal += rest.len();
            if !templates.iter().any(|(_, other, _)| *other == pattern) {
                templates.push((literal, pattern, names));
            }
        }
        templates.sort_by_key(|template| std::cmp::Reverse(template.0));
        templates
            .into_iter()
            .map(|(_, pattern, names)| (pattern, names))
            .collect()
    }
}

/// Where to fetch a bearer token: the client credentials flow's `tokenUrl` (under
/// `{{baseUrl}}` when relative), else the sandbox's v2 token endpoint.
fn token_url(scheme: &Value) -> String {
    match scheme["flows"]["clientCredentials"]["tokenUrl"].as_str() {
        Some(url) if url.contains("://") => url.to_owned(),
        Some(url) => format!("{{{{baseUrl}}}}/{}", url.trim_start_matches('/')),
        None => format!("{{{{baseUrl}}}}{SANDBOX_TOKEN_PATH}"),
    }
}

/// The first server's URL (its variables at their defaults), made absolute against `base_url`.
fn default_base_url(document: &ApiDocument, base_url: &str) -> String {
    let base_url = base_url.trim_end_matches('/');
    let server = &document.root["servers"][0];
    let Some(mut url) = server["url"].as_str().map(str::to_owned) else {
        return base_url.to_owned();
    };
    for (name, variable) in server["variables"].as_object().into_iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &text_of(&variable["default"]));
    }
    let url = url.trim_end_matches('/');
    if url.contains("://") {
        url.to_owned()
    } else {
        format!("{base_url}/{}", url.trim_start_matches('/'))
            .trim_end_matches('/')
            .to_owned()
    }
}

fn tag_description(document: &ApiDocument, tag: &str) -> String {
    document.root["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|entry| entry["name"] == tag)
        .map(|entry| text_of(&entry["description"]))
        .unwrap_or_default()
}

/// Creating requests first, deleting ones last.
fn method_rank(method: &str) -> usize {
    [
        "POST", "GET", "HEAD", "OPTIONS", "PUT", "PATCH", "TRACE", "DELETE",
    ]
    .iter()
    .position(|known| known.eq_ignore_ascii_case(method))
    .unwrap_or(8)
}

/// A parameter's example: `example`, the first of `examples`, else one from its schema (or content).
fn parameter_example_value(document: &ApiDocument, parameter: &Value) -> Value {
    if let Some(example) = parameter.get("example") {
        return example.clone();
    }
    let named = parameter["examples"]
        .as_object()
        .into_iter()
        .flatten()
        .find_map(|(_, entry)| document.resolve(entry).get("value").cloned());
    if let Some(named) = named {
        return named;
    }
    if let Some(schema) = parameter.get("schema") {
        return examples::example(&document.root, schema, Direction::Request);
    }
    parameter["content"]
        .as_object()
        .and_then(|content| content.values().next())
        .and_then(|media| media_example(&document.root, media, Direction::Request))
        .unwrap_or(Value::Null)
}

fn parameter_example(document: &ApiDocument, parameter: &Value) -> String {
    match parameter_example_value(document, parameter) {
        Value::Array(items) => items.iter().map(text_of).collect::<Vec<_>>().join(","),
        other => text_of(&other),
    }
}

/// A value as text: strings as they are, `null` empty, anything else as JSON.
fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn script(listen: &str, exec: Vec<String>) -> Value {
    json!({ "listen": listen, "script": { "type": "text/javascript", "exec": exec } })
}

fn regex_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\^$.|?*+()[]{}/".contains(c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// A UUID-shaped id derived from the slug, so a re-downloaded collection replaces the old one.
fn stable_id(slug: &str) -> String {
    let digest = Sha256::digest(format!("portal postman collection {slug}").as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex = hex::encode(bytes);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}
