//! The Try It console's environments beyond the embedded sandbox: each an upstream gateway with
//! its token endpoints, API base URL, token-endpoint profile and timeouts. The browser only ever
//! names an environment by id; the URLs live here.

use serde::Deserialize;

/// How a token request's parameters are sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyFormat {
    /// `application/x-www-form-urlencoded` (RFC 6749).
    #[default]
    Form,
    /// `application/json` (the marketplace's documented body).
    Json,
}

/// How the client authenticates at the v2 token endpoint.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClientAuthMethod {
    /// HTTP Basic (`client_secret_basic`).
    #[default]
    Basic,
    /// `client_id` and `client_secret` in the body (`client_secret_post`).
    Body,
}

/// One configured environment.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvironmentSettings {
    /// The id the browser sends (`staging`): lowercase letters, digits and `-`.
    pub id: String,
    /// The name people see.
    pub name: String,
    /// Where its APIs live (`https://api.example.com`): each operation's path is appended.
    pub api_base_url: String,
    /// The catalogue APIs (slugs of `content/apis/` or the built-in `auth` and
    /// `claims-attachments`) this environment serves at `api_base_url`; the Try It forms of
    /// other APIs do not offer it.
    #[serde(default = "default_apis")]
    pub apis: Vec<String>,
    /// The v2 token endpoint.
    pub v2_token_url: String,
    /// The legacy v1 token endpoint, if the environment has one.
    #[serde(default)]
    pub v1_token_url: Option<String>,
    /// How the v2 token request's body is sent.
    #[serde(default)]
    pub v2_body: BodyFormat,
    /// How the client authenticates at the v2 endpoint.
    #[serde(default)]
    pub v2_client_auth: ClientAuthMethod,
    /// The token's field in the v2 answer.
    #[serde(default = "default_token_field")]
    pub v2_token_field: String,
    /// The connection timeout, in milliseconds.
    #[serde(default = "default_connect_timeout_ms")]
    pub connect_timeout_ms: u64,
    /// The whole request's timeout, in milliseconds.
    #[serde(default = "default_timeout_ms")]
    pub timeout_ms: u64,
}

/// What an environment serves when it does not say: the marketplace's Claims Attachment API
/// (what every environment served before the catalogue).
fn default_apis() -> Vec<String> {
    vec!["claims-attachments".into()]
}

fn default_token_field() -> String {
    "access_token".into()
}

/// The default connection timeout.
pub fn default_connect_timeout_ms() -> u64 {
    3_000
}

/// The default request timeout.
pub fn default_timeout_ms() -> u64 {
    10_000
}

/// The id of the embedded sandbox, which configured environments may not reuse.
pub const SANDBOX_ID: &str = "sandbox";

/// Checks a list of environments: ids, URLs, timeouts, no repeats.
pub fn validate(environments: &[EnvironmentSettings]) -> Result<(), String> {
    let mut seen = vec![SANDBOX_ID];
    for environment in environments {
        let id = environment.id.as_str();
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(format!("environment id `{id}` must use only a-z, 0-9 and `-`"));
        }
        if seen.contains(&id) {
            return Err(format!(
                "environment id `{id}` is used twice (`sandbox` is the embedded one)"
            ));
        }
        seen.push(id);
        if environment.name.trim().is_empty() {
            return Err(format!("environment `{id}` needs a name"));
        }
        let urls = [
            Some(("api_base_url", &environment.api_base_url)),
            Some(("v2_token_url", &environment.v2_token_url)),
            environment.v1_token_url.as_ref().map(|url| ("v1_token_url", url)),
        ];
        for (field, url) in urls.into_iter().flatten() {
            let parsed = url::Url::parse(url)
                .map_err(|_| format!("environment `{id}`: {field} `{url}` is not a URL"))?;
            if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
                return Err(format!(
                    "environment `{id}`: {field} must be an http:// or https:// URL"
                ));
            }
        }
        if let Some(bad) = environment.apis.iter().find(|slug| {
            slug.is_empty()
                || !slug
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        }) {
            return Err(format!(
                "environment `{id}`: `{bad}` in apis is not an API slug (a-z, 0-9 and `-`, as the folder under content/apis)"
            ));
        }
        if environment.connect_timeout_ms == 0
            || environment.timeout_ms == 0
            || environment.timeout_ms > 120_000
        {
            return Err(format!(
                "environment `{id}`: timeouts must be between 1 and 120000 ms"
            ));
        }
    }
    Ok(())
}

/// Parses `PORTAL_ENVIRONMENTS` (a JSON array of environments).
pub fn parse_json(text: &str) -> Result<Vec<EnvironmentSettings>, String> {
    let environments: Vec<EnvironmentSettings> = serde_json::from_str(text)
        .map_err(|error| format!("is not a JSON array of environments ({error})"))?;
    validate(&environments)?;
    Ok(environments)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = r#"[{"id": "staging", "name": "Staging", "api_base_url": "https://api.example.com",
        "v2_token_url": "https://api.example.com/apip/auth/v2/token", "v2_body": "json", "v2_client_auth": "body"}]"#;

    #[test]
    fn environments_parse_with_defaults() {
        let environments = parse_json(ONE).expect("valid");
        assert_eq!(environments[0].v2_body, BodyFormat::Json);
        assert_eq!(environments[0].v2_client_auth, ClientAuthMethod::Body);
        assert_eq!(environments[0].v2_token_field, "access_token");
        assert_eq!(environments[0].timeout_ms, 10_000);
        assert_eq!(
            environments[0].apis,
            ["claims-attachments"],
            "the Claims API unless it says"
        );
    }

    #[test]
    fn bad_environments_are_refused_with_a_reason() {
        for (bad, reason) in [
            (ONE.replace("staging", "Stag ing"), "a-z"),
            (ONE.replace("staging", "sandbox"), "used twice"),
            (ONE.replace("https://api.example.com\"", "ftp://x\""), "http"),
            (
                ONE.replace("\"v2_body\": \"json\"", "\"v2_body\": \"xml\""),
                "JSON array",
            ),
            (ONE.replace("\"name\"", "\"nmae\""), "JSON array"),
            (
                ONE.replace("\"v2_body\"", "\"apis\": [\"Claims API\"], \"v2_body\""),
                "not an API slug",
            ),
        ] {
            let error = parse_json(&bad).expect_err(&bad);
            assert!(error.contains(reason), "{error}");
        }
    }
}
