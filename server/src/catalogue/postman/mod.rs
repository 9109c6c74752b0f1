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
//!
//! This file assembles the collection (folders, variables, the collection-level script);
//! `requests` builds one request per operation, `auth` turns security into Postman auth and
//! `scripts` writes the test scripts.

mod auth;
mod requests;
mod scripts;

use self::auth::{TOKEN_SCRIPT, Token};
use self::scripts::script;
use super::{Api, ApiDocument};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

#[cfg(test)]
mod tests;

/// The Collection Format the collections follow.
pub const SCHEMA: &str = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";

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

/// The state of building one collection.
struct Builder<'a> {
    /// The API's document.
    document: &'a ApiDocument,
    /// Collection variables met on the way (path parameters, API keys, Basic credentials).
    variables: Vec<Value>,
    /// Where the bearer token comes from, once a request needs one.
    token: Option<Token>,
}

impl Builder<'_> {
    /// Adds the collection variable `key` unless it is already there.
    fn variable(&mut self, key: &str, value: &str, description: &str) {
        if !self.variables.iter().any(|variable| variable["key"] == key) {
            self.variables
                .push(json!({ "key": key, "value": value, "description": description }));
        }
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

/// The description of the tag `tag` in the document's `tags` (empty when there is none).
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

/// A value as text: strings as they are, `null` empty, anything else as JSON.
fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
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
