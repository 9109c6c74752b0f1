//! An operation's security as Postman auth (bearer, `apikey`, `basic`, `noauth`), and the
//! collection-level pre-request script that fetches the bearer token.

use super::{Builder, text_of};
use crate::catalogue::reference::requirements;
use serde_json::{Value, json};

/// The sandbox's v2 token endpoint, under `{{baseUrl}}`, for schemes that name no token URL.
const SANDBOX_TOKEN_PATH: &str = "/apip/auth/v2/token";

/// Fetches a v2 token when the request is not known to use another kind of auth and no
/// unexpired token is held.
pub(super) const TOKEN_SCRIPT: &str = r#"// Gets a token with MN-ClientId and MN-ClientSecret when none is held.
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
pub(super) struct Token {
    /// The token endpoint (the `{{tokenUrl}}` variable).
    pub(super) url: String,
    /// The OAuth 2.0 scopes the requests need (the `{{tokenScope}}` variable).
    pub(super) scopes: Vec<String>,
}

impl Builder<'_> {
    /// The request's auth, from the first way of authenticating the portal can express.
    pub(super) fn auth(
        &mut self,
        operation: &Value,
        header: &mut Vec<Value>,
        query: &mut Vec<Value>,
    ) -> Value {
        let document = self.document;
        let scheme_of = |name: &str| {
            document
                .at(&format!(
                    "/components/securitySchemes/{}",
                    crate::catalogue::refs::escape(name)
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
