//! Tests of the snippets: exact output for typical requests, and quoting edge cases per language.

use super::*;

fn request(method: &str, url: &str, auth: SnippetAuth, body: SnippetBody) -> SnippetRequest {
    SnippetRequest {
        method: method.into(),
        url: url.into(),
        headers: vec![("Accept".into(), "application/json".into())],
        auth,
        body,
    }
}

fn get_with_api_key() -> SnippetRequest {
    let mut request = request(
        "GET",
        "https://api.example.com/v1/claims?status=open&limit=10",
        SnippetAuth::None,
        SnippetBody::None,
    );
    request.headers.push(("X-API-Key".into(), "$API_KEY".into()));
    request
}

fn json_post() -> SnippetRequest {
    let body = SnippetBody::Json(r#"{"claimReference":"C-1"}"#.into());
    request(
        "POST",
        "https://api.example.com/v1/claims",
        SnippetAuth::Bearer,
        body,
    )
}

fn token_request() -> SnippetRequest {
    let body = SnippetBody::Form(vec![("grant_type".into(), "client_credentials".into())]);
    let url = "https://api.example.com/apip/auth/v2/token";
    request("POST", url, SnippetAuth::Basic("mnc_abc".into()), body)
}

fn upload() -> SnippetRequest {
    let body = SnippetBody::Multipart(vec![
        MultipartPart::Text {
            name: "claimReference".into(),
            value: "C-1".into(),
        },
        MultipartPart::File {
            name: "document".into(),
            file_name: "a.pdf".into(),
            content_type: Some("application/pdf".into()),
        },
    ]);
    request(
        "POST",
        "https://api.example.com/v1/attachments",
        SnippetAuth::Bearer,
        body,
    )
}

/// The snippet of `language` for `request`.
fn code(request: &SnippetRequest, language: &str) -> String {
    all(request)
        .into_iter()
        .find(|snippet| snippet.language == language)
        .map(|snippet| snippet.code)
        .expect(language)
}

#[test]
fn get_with_query_and_api_key_header() {
    let request = get_with_api_key();
    assert_eq!(
        code(&request, "curl"),
        "curl -X GET 'https://api.example.com/v1/claims?status=open&limit=10' \\
  -H 'Accept: application/json' \\
  -H \"X-API-Key: $API_KEY\""
    );
    let lines = [
        (
            "Python",
            r#"    headers={"Accept": "application/json", "X-API-Key": os.environ["API_KEY"]},"#,
        ),
        ("JavaScript", r#"    "X-API-Key": process.env.API_KEY,"#),
        ("Rust", r#"    .header("X-API-Key", std::env::var("API_KEY")?)"#),
        ("Go", "\treq.Header.Set(\"X-API-Key\", os.Getenv(\"API_KEY\"))"),
        (
            "Java",
            r#"                .header("X-API-Key", System.getenv("API_KEY"))"#,
        ),
        (
            "C#",
            r#"request.Headers.TryAddWithoutValidation("X-API-Key", Environment.GetEnvironmentVariable("API_KEY"));"#,
        ),
    ];
    for (language, line) in lines {
        let code = code(&request, language);
        assert!(code.lines().any(|l| l == line), "{language}:\n{code}");
    }
}

#[test]
fn json_post_with_bearer() {
    let request = json_post();
    assert_eq!(
        code(&request, "Python"),
        r#"import os

import requests

response = requests.post(
    "https://api.example.com/v1/claims",
    headers={"Authorization": f"Bearer {os.environ['ACCESS_TOKEN']}", "Accept": "application/json", "Content-Type": "application/json"},
    data="{\"claimReference\":\"C-1\"}".encode(),
    timeout=10,
)
print(response.status_code, response.text)"#
    );
    let java = code(&request, "Java");
    let line =
        r#"                .POST(HttpRequest.BodyPublishers.ofString("{\"claimReference\":\"C-1\"}"))"#;
    assert!(java.lines().any(|l| l == line), "{java}");
    let rust = code(&request, "Rust");
    assert!(
        rust.contains("    .bearer_auth(std::env::var(\"ACCESS_TOKEN\")?)\n"),
        "{rust}"
    );
    assert!(
        rust.contains("    .body(r#\"{\"claimReference\":\"C-1\"}\"#)\n"),
        "{rust}"
    );
}

#[test]
fn form_post_with_basic() {
    let request = token_request();
    assert_eq!(
        code(&request, "curl"),
        "curl -X POST 'https://api.example.com/apip/auth/v2/token' \\
  -u \"mnc_abc:$MN_CLIENT_SECRET\" \\
  -H 'Accept: application/json' \\
  --data-urlencode 'grant_type=client_credentials'"
    );
    assert_eq!(
        code(&request, "Rust"),
        r#"let response = reqwest::Client::new()
    .post("https://api.example.com/apip/auth/v2/token")
    .basic_auth("mnc_abc", Some(std::env::var("MN_CLIENT_SECRET")?))
    .header("Accept", "application/json")
    .form(&[("grant_type", "client_credentials")])
    .send()
    .await?;
println!("{} {}", response.status(), response.text().await?);"#
    );
    assert_eq!(
        code(&request, "C#"),
        r#"using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;

using var client = new HttpClient();
using var request = new HttpRequestMessage(HttpMethod.Post, "https://api.example.com/apip/auth/v2/token");
request.Headers.Authorization = new AuthenticationHeaderValue(
    "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("mnc_abc:" + Environment.GetEnvironmentVariable("MN_CLIENT_SECRET"))));
request.Headers.TryAddWithoutValidation("Accept", "application/json");
request.Content = new FormUrlEncodedContent(new[]
{
    KeyValuePair.Create("grant_type", "client_credentials"),
});
using var response = await client.SendAsync(request);
Console.WriteLine($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");"#
    );
    for snippet in all(&request) {
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
fn multipart_upload() {
    let request = upload();
    assert_eq!(
        code(&request, "curl"),
        "curl -X POST 'https://api.example.com/v1/attachments' \\
  -H \"Authorization: Bearer $ACCESS_TOKEN\" \\
  -H 'Accept: application/json' \\
  --form-string 'claimReference=C-1' \\
  -F 'document=@a.pdf;type=application/pdf'"
    );
    assert_eq!(
        code(&request, "JavaScript"),
        r#"// Node.js 18+ (server-side: keep secrets out of browsers).
import { readFileSync } from "node:fs";

const form = new FormData();
form.append("claimReference", "C-1");
form.append("document", new Blob([readFileSync("a.pdf")], { type: "application/pdf" }), "a.pdf");

const response = await fetch("https://api.example.com/v1/attachments", {
  method: "POST",
  headers: {
    Authorization: `Bearer ${process.env.ACCESS_TOKEN}`,
    Accept: "application/json",
  },
  body: form,
});
console.log(response.status, await response.text());"#
    );
    let lines = [
        (
            "Python",
            r#"    files={"document": ("a.pdf", open("a.pdf", "rb"), "application/pdf")},"#,
        ),
        ("Rust", r#"            .text("claimReference", "C-1")"#),
        (
            "Go",
            "\taddFile(form, \"document\", \"a.pdf\", \"application/pdf\")",
        ),
        (
            "Go",
            "\treq.Header.Set(\"Content-Type\", form.FormDataContentType())",
        ),
        (
            "Java",
            r#"                        HttpRequest.BodyPublishers.ofFile(Path.of("a.pdf")),"#,
        ),
        ("C#", r#"form.Add(new StringContent("C-1"), "claimReference");"#),
        ("C#", "}, \"document\", \"a.pdf\");"),
    ];
    for (language, line) in lines {
        let code = code(&request, language);
        assert!(code.lines().any(|l| l == line), "{language}:\n{code}");
    }
}

#[test]
fn large_bodies_are_read_from_a_file_in_every_language() {
    let body = format!("{{\"claimReference\":\"{}\"}}", "X".repeat(INLINE_BODY_BYTES));
    let request = request(
        "PUT",
        "https://x/claims",
        SnippetAuth::Bearer,
        SnippetBody::Json(body),
    );
    for snippet in all(&request) {
        assert!(snippet.code.contains(BODY_FILE), "{}", snippet.language);
        assert!(!snippet.code.contains("XXXX"), "{}", snippet.language);
        assert!(snippet.code.len() < 1500, "{} stays small", snippet.language);
    }
    assert!(code(&request, "curl").ends_with("  --data-binary @request-body.json"));
}

#[test]
fn json_bodies_with_the_secret_read_it_from_the_environment() {
    let json = SnippetBody::Json(r#"{"clientSecret":"$MN_CLIENT_SECRET"}"#.into());
    let request = request("POST", "https://x/apip/auth/v1/token", SnippetAuth::None, json);
    let expected = [
        (
            "curl",
            r#"  --data-raw "{\"clientSecret\":\"$MN_CLIENT_SECRET\"}""#,
        ),
        (
            "Python",
            r#"    data=f"{{\"clientSecret\":\"{os.environ['MN_CLIENT_SECRET']}\"}}".encode(),"#,
        ),
        (
            "JavaScript",
            r#"  body: `{\"clientSecret\":\"${process.env.MN_CLIENT_SECRET}\"}`,"#,
        ),
        (
            "Rust",
            r##"    .body(format!(r#"{{"clientSecret":"{mn_client_secret}"}}"#, mn_client_secret = std::env::var("MN_CLIENT_SECRET")?))"##,
        ),
    ];
    for (language, line) in expected {
        let code = code(&request, language);
        assert!(code.lines().any(|l| l == line), "{language}:\n{code}");
    }
}

#[test]
fn quoting_survives_quotes_backslashes_newlines_dollars_and_unicode() {
    let mut request = get_with_api_key();
    request.headers = vec![("X-Note".into(), "'\"\\\n$x é $API_KEY!".into())];
    let expected = [
        ("curl", "  -H \"X-Note: '\\\"\\\\\n\\$x é $API_KEY\"'!'\"\""),
        (
            "Python",
            r#"    headers={"X-Note": f"'\"\\\n$x é {os.environ['API_KEY']}!"},"#,
        ),
        (
            "JavaScript",
            r#"    "X-Note": `'\"\\\n\$x é ${process.env.API_KEY}!`,"#,
        ),
        (
            "Rust",
            r#"    .header("X-Note", format!("'\"\\\n$x é {api_key}!", api_key = std::env::var("API_KEY")?))"#,
        ),
        (
            "Go",
            r#"	req.Header.Set("X-Note", "'\"\\\n$x é " + os.Getenv("API_KEY") + "!")"#,
        ),
        (
            "Java",
            r#"                .header("X-Note", "'\"\\\n$x \u00e9 " + System.getenv("API_KEY") + "!")"#,
        ),
        (
            "C#",
            r#"request.Headers.TryAddWithoutValidation("X-Note", "'\"\\\n$x é " + Environment.GetEnvironmentVariable("API_KEY") + "!");"#,
        ),
    ];
    for (language, text) in expected {
        let code = code(&request, language);
        assert!(code.contains(text), "{language}:\n{code}");
    }
    request.headers = vec![("X-Plain".into(), "'\"\\\n$x".into())];
    assert!(code(&request, "curl").ends_with("  -H 'X-Plain: '\\''\"\\\n$x'"));
    assert!(code(&request, "Rust").contains(r#".header("X-Plain", "'\"\\\n$x")"#));
}

#[test]
fn placeholders_are_dollar_and_capitals() {
    use quote::Piece::{Text, Var};
    assert_eq!(
        quote::pieces("a$B_C1$d$"),
        vec![Text("a".into()), Var("B_C".into()), Text("1$d$".into())]
    );
    assert_eq!(curl::shell_quote(&quote::pieces("$B_Cx")), "\"${B_C}x\"");
    assert_eq!(quote::form_encode("a b&é"), "a+b%26%C3%A9");
}

#[test]
fn every_language_in_order() {
    let languages: Vec<String> = all(&json_post()).into_iter().map(|s| s.language).collect();
    assert_eq!(
        languages,
        ["curl", "Python", "JavaScript", "Rust", "Go", "Java", "C#"]
    );
}
