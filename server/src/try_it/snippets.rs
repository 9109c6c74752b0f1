//! Code that makes the same request outside the portal — curl, Python (requests), JavaScript
//! (fetch, server-side) and Rust (reqwest) — always with the environment's real URL, the client
//! id filled in, and the secret and token as placeholders read from the environment.

use app::ssr::console::Snippet;

/// How a snippet's request authenticates.
pub enum SnippetAuth {
    /// HTTP Basic with this client id and `$MN_CLIENT_SECRET`.
    Basic(String),
    /// `Authorization: Bearer $ACCESS_TOKEN`.
    Bearer,
    /// None (the credentials travel in the body).
    None,
}

/// The request to write code for.
pub struct SnippetRequest {
    /// `GET` or `POST`.
    pub method: &'static str,
    /// The real URL.
    pub url: String,
    /// How it authenticates.
    pub auth: SnippetAuth,
    /// Form fields (values; `$MN_CLIENT_SECRET` stands for the secret).
    pub form: Vec<(&'static str, String)>,
    /// A JSON body (with `$MN_CLIENT_SECRET` standing for the secret).
    pub json: Option<String>,
}

const SECRET: &str = "$MN_CLIENT_SECRET";

/// A JSON body longer than this is read from [`BODY_FILE`] in the snippets instead of being
/// written into them (so a large request keeps its snippets small and runnable).
pub const INLINE_BODY_BYTES: usize = 4 * 1024;
/// The file the snippets of a large request read its body from.
pub const BODY_FILE: &str = "request-body.json";

/// Whether `request`'s body is read from [`BODY_FILE`].
fn body_from_file(request: &SnippetRequest) -> bool {
    request
        .json
        .as_ref()
        .is_some_and(|json| json.len() > INLINE_BODY_BYTES && !json.contains(SECRET))
}

/// Every language's snippet for `request`.
pub fn all(request: &SnippetRequest) -> Vec<Snippet> {
    vec![
        Snippet {
            language: "curl".into(),
            code: curl(request),
        },
        Snippet {
            language: "Python".into(),
            code: python(request),
        },
        Snippet {
            language: "JavaScript".into(),
            code: javascript(request),
        },
        Snippet {
            language: "Rust".into(),
            code: rust(request),
        },
    ]
}

fn shell_quote(value: &str) -> String {
    // The secret stays a shell variable, everything else is single-quoted literally.
    if value.contains(SECRET) {
        format!("\"{}\"", value.replace('"', "\\\""))
    } else {
        format!("'{}'", value.replace('\'', "'\\''"))
    }
}

fn curl(request: &SnippetRequest) -> String {
    let mut lines = vec![format!(
        "curl -X {} {}",
        request.method,
        shell_quote(&request.url)
    )];
    match &request.auth {
        SnippetAuth::Basic(client_id) => lines.push(format!("  -u \"{client_id}:{SECRET}\"")),
        SnippetAuth::Bearer => lines.push("  -H \"Authorization: Bearer $ACCESS_TOKEN\"".into()),
        SnippetAuth::None => {}
    }
    lines.push("  -H 'Accept: application/json'".into());
    for (name, value) in &request.form {
        lines.push(format!(
            "  --data-urlencode {}",
            shell_quote(&format!("{name}={value}"))
        ));
    }
    if let Some(json) = &request.json {
        lines.push("  -H 'Content-Type: application/json'".into());
        if body_from_file(request) {
            lines.push(format!("  --data @{BODY_FILE}"));
        } else {
            lines.push(format!("  --data {}", shell_quote(json)));
        }
    }
    let code = lines.join(" \\\n");
    if body_from_file(request) {
        format!("# Save the request body shown above as {BODY_FILE} first.\n{code}")
    } else {
        code
    }
}

/// `"text"` as a Python/JavaScript string, with the secret read from the environment.
fn script_string(value: &str, secret_expression: &str, template: bool) -> String {
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
    if escaped.contains(SECRET) {
        if template {
            format!(
                "`{}`",
                escaped
                    .replace('`', "\\`")
                    .replace(SECRET, &format!("${{{secret_expression}}}"))
            )
        } else {
            format!("\"{escaped}\".replace(\"{SECRET}\", {secret_expression})")
        }
    } else {
        format!("\"{escaped}\"")
    }
}

fn python(request: &SnippetRequest) -> String {
    let secret = "os.environ[\"MN_CLIENT_SECRET\"]";
    let mut arguments = vec![format!("    \"{}\",", request.url)];
    match &request.auth {
        SnippetAuth::Basic(client_id) => arguments.push(format!("    auth=(\"{client_id}\", {secret}),")),
        SnippetAuth::Bearer => arguments
            .push("    headers={\"Authorization\": f\"Bearer {os.environ['ACCESS_TOKEN']}\"},".into()),
        SnippetAuth::None => {}
    }
    if !request.form.is_empty() {
        let fields: Vec<String> = request
            .form
            .iter()
            .map(|(name, value)| format!("\"{name}\": {}", script_string(value, secret, false)))
            .collect();
        arguments.push(format!("    data={{{}}},", fields.join(", ")));
    }
    if body_from_file(request) {
        arguments.push(format!(
            "    json=json.load(open(\"{BODY_FILE}\")),  # the request body shown above"
        ));
    } else if let Some(json) = &request.json {
        arguments.push(format!(
            "    json=json.loads({}),",
            script_string(json, secret, false)
        ));
    }
    arguments.push("    timeout=10,".into());
    let imports = if request.json.is_some() {
        "import json\nimport os\n\nimport requests"
    } else {
        "import os\n\nimport requests"
    };
    format!(
        "{imports}\n\nresponse = requests.{}(\n{}\n)\nprint(response.status_code, response.json())",
        request.method.to_lowercase(),
        arguments.join("\n")
    )
}

fn javascript(request: &SnippetRequest) -> String {
    let secret = "process.env.MN_CLIENT_SECRET";
    let mut headers = vec!["    Accept: \"application/json\",".to_owned()];
    match &request.auth {
        SnippetAuth::Basic(client_id) => headers.push(format!(
            "    Authorization: \"Basic \" + Buffer.from(`{client_id}:${{{secret}}}`).toString(\"base64\"),"
        )),
        SnippetAuth::Bearer => {
            headers.push("    Authorization: `Bearer ${process.env.ACCESS_TOKEN}`,".into())
        }
        SnippetAuth::None => {}
    }
    let body = if !request.form.is_empty() {
        headers.push("    \"Content-Type\": \"application/x-www-form-urlencoded\",".into());
        let fields: Vec<String> = request
            .form
            .iter()
            .map(|(name, value)| format!("{name}: {}", script_string(value, secret, true)))
            .collect();
        format!("\n  body: new URLSearchParams({{ {} }}),", fields.join(", "))
    } else if body_from_file(request) {
        headers.push("    \"Content-Type\": \"application/json\",".into());
        format!(
            "\n  // The request body shown above, saved as {BODY_FILE}.\n  body: (await import(\"node:fs\")).readFileSync(\"{BODY_FILE}\"),"
        )
    } else if let Some(json) = &request.json {
        headers.push("    \"Content-Type\": \"application/json\",".into());
        format!("\n  body: {},", script_string(json, secret, true))
    } else {
        String::new()
    };
    format!(
        "// Node.js 18+ (server-side: keep secrets out of browsers).\nconst response = await fetch(\"{}\", {{\n  method: \"{}\",\n  headers: {{\n{}\n  }},{}\n}});\nconsole.log(response.status, await response.json());",
        request.url,
        request.method,
        headers.join("\n"),
        body
    )
}

fn rust(request: &SnippetRequest) -> String {
    let mut lines = vec![format!(
        "let response = reqwest::Client::new()\n    .{}(\"{}\")",
        request.method.to_lowercase(),
        request.url
    )];
    match &request.auth {
        SnippetAuth::Basic(client_id) => lines.push(format!(
            "    .basic_auth(\"{client_id}\", Some(std::env::var(\"MN_CLIENT_SECRET\")?))"
        )),
        SnippetAuth::Bearer => lines.push("    .bearer_auth(std::env::var(\"ACCESS_TOKEN\")?)".into()),
        SnippetAuth::None => {}
    }
    lines.push("    .header(\"Accept\", \"application/json\")".into());
    if !request.form.is_empty() {
        let fields: Vec<String> = request
            .form
            .iter()
            .map(|(name, value)| {
                let value = if value.contains(SECRET) {
                    "std::env::var(\"MN_CLIENT_SECRET\")?".to_owned()
                } else {
                    format!("\"{value}\".to_owned()")
                };
                format!("(\"{name}\", {value})")
            })
            .collect();
        lines.push(format!("    .form(&[{}])", fields.join(", ")));
    }
    if body_from_file(request) {
        lines.push(format!(
            "    .header(\"Content-Type\", \"application/json\")\n    // The request body shown above, saved as {BODY_FILE}.\n    .body(std::fs::read(\"{BODY_FILE}\")?)"
        ));
    } else if let Some(json) = &request.json {
        let raw = json.replace(SECRET, "{secret}");
        if json.contains(SECRET) {
            lines.push(format!(
                "    .header(\"Content-Type\", \"application/json\")\n    .body(format!(r#\"{}\"#, secret = std::env::var(\"MN_CLIENT_SECRET\")?))",
                raw.replace('{', "{{").replace('}', "}}").replace("{{secret}}", "{secret}")
            ));
        } else {
            lines.push(format!(
                "    .header(\"Content-Type\", \"application/json\")\n    .body(r#\"{raw}\"#)"
            ));
        }
    }
    lines.push("    .send()\n    .await?;".into());
    format!(
        "{}\nprintln!(\"{{}} {{}}\", response.status(), response.text().await?);",
        lines.join("\n")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token_request() -> SnippetRequest {
        SnippetRequest {
            method: "POST",
            url: "https://api.example.com/apip/auth/v2/token".into(),
            auth: SnippetAuth::Basic("mnc_abc".into()),
            form: vec![("grant_type", "client_credentials".into())],
            json: None,
        }
    }

    #[test]
    fn every_language_uses_the_real_url_and_a_secret_placeholder() {
        for snippet in all(&token_request()) {
            assert!(
                snippet
                    .code
                    .contains("https://api.example.com/apip/auth/v2/token"),
                "{}",
                snippet.language
            );
            assert!(snippet.code.contains("mnc_abc"), "{}", snippet.language);
            assert!(snippet.code.contains("MN_CLIENT_SECRET"), "{}", snippet.language);
        }
    }

    #[test]
    fn curl_quotes_literals_and_keeps_the_secret_a_variable() {
        let code = curl(&token_request());
        assert!(code.contains("-u \"mnc_abc:$MN_CLIENT_SECRET\""), "{code}");
        assert!(
            code.contains("--data-urlencode 'grant_type=client_credentials'"),
            "{code}"
        );
    }

    #[test]
    fn large_bodies_are_read_from_a_file_in_every_language() {
        let body = format!("{{\"claimReference\":\"{}\"}}", "X".repeat(INLINE_BODY_BYTES));
        let request = SnippetRequest {
            method: "POST",
            url: "https://x/claims/attachments/v1/submissions".into(),
            auth: SnippetAuth::Bearer,
            form: vec![],
            json: Some(body),
        };
        for snippet in all(&request) {
            assert!(snippet.code.contains(BODY_FILE), "{}", snippet.language);
            assert!(snippet.code.len() < 1024, "{} stays small", snippet.language);
        }
    }

    #[test]
    fn json_bodies_with_the_secret_read_it_from_the_environment() {
        let request = SnippetRequest {
            method: "POST",
            url: "https://x/apip/auth/v1/token".into(),
            auth: SnippetAuth::None,
            form: vec![],
            json: Some(r#"{"clientId":"mnc_abc","clientSecret":"$MN_CLIENT_SECRET"}"#.into()),
        };
        let snippets = all(&request);
        assert!(
            snippets[1]
                .code
                .contains(".replace(\"$MN_CLIENT_SECRET\", os.environ[\"MN_CLIENT_SECRET\"])")
        );
        assert!(snippets[2].code.contains("${process.env.MN_CLIENT_SECRET}"));
        assert!(
            snippets[3]
                .code
                .contains("secret = std::env::var(\"MN_CLIENT_SECRET\")?")
        );
    }
}
