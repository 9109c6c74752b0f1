//! The console's user sign-in against the real OpenID Connect provider: the code flow with
//! PKCE run by the portal's server, the claims on the console, a Claims call with the user
//! token, sign-out, and refused callbacks; no code, `state` or token in pages, URLs or logs.

use crate::helpers::{Browser, TestApp, TestOptions, captured_logs, spawn_app_with};
use crate::oidc::{AUDIENCE, CLIENT_ID, CLIENT_SECRET, free_port};
use serde_json::{Value, json};
use std::process::Stdio;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

const SUBMISSION: &str = r#"{"claimReference":"CIAM-1","attachmentType":"other","fileName":"a.pdf","contentType":"application/pdf","document":"JVBERi0xLjQK"}"#;

/// The provider with the portal's redirect URIs registered (the shared helper registers
/// placeholder ones), and the portal configured for it.
struct Setup {
    app: TestApp,
    issuer: String,
    _provider: Child,
    _dir: tempfile::TempDir,
}

fn provider_dir() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/support/oidc-provider")
}

async fn launch(port: u16, jwks: &std::path::Path, portal: &str) -> Child {
    let mut child = Command::new("node")
        .arg(provider_dir().join("provider.mjs"))
        .current_dir(provider_dir())
        .env("OIDC_PORT", port.to_string())
        .env("OIDC_JWKS_FILE", jwks)
        .env("OIDC_CLIENT_ID", CLIENT_ID)
        .env("OIDC_CLIENT_SECRET", CLIENT_SECRET)
        .env("OIDC_REDIRECT_URIS", format!("{portal}/try-it/ciam/callback"))
        .env("OIDC_POST_LOGOUT_REDIRECT_URIS", format!("{portal}/try-it"))
        .env("OIDC_AUDIENCE", AUDIENCE)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("node starts the provider");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let ready = tokio::time::timeout(std::time::Duration::from_secs(30), async {
        while let Ok(Some(line)) = lines.next_line().await {
            if line.starts_with("ready ") {
                return true;
            }
        }
        false
    })
    .await;
    assert_eq!(ready.ok(), Some(true), "the provider is ready");
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    child
}

/// A provider first (so the portal discovers it at start), then the same provider again with
/// the portal's own callback registered.
async fn setup() -> Setup {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = Command::new("node")
        .arg(provider_dir().join("keys.mjs"))
        .args(["ES256", "console-key"])
        .output()
        .await
        .expect("node runs");
    let key: Value = serde_json::from_slice(&key.stdout).expect("a key");
    let jwks = dir.path().join("jwks.json");
    std::fs::write(&jwks, json!({ "keys": [key["jwk"]] }).to_string()).expect("jwks");
    let port = free_port();
    let issuer = format!("http://127.0.0.1:{port}");
    let first = launch(port, &jwks, "http://127.0.0.1:9").await;
    let app = spawn_app_with(TestOptions {
        ciam: Some(server::config::CiamSettings {
            issuer: issuer.clone(),
            audience: AUDIENCE.to_owned(),
            client_id: Some(CLIENT_ID.to_owned()),
            client_secret: Some(CLIENT_SECRET.to_owned().into()),
        }),
        ..TestOptions::default()
    })
    .await;
    // The sandbox has discovered the provider (and cached its keys) before it restarts.
    for _ in 0..100 {
        let ready = app
            .client
            .get(format!("{}/readyz", app.address))
            .send()
            .await
            .expect("readyz");
        if !ready.text().await.unwrap_or_default().contains("unavailable") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    drop(first);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let provider = launch(port, &jwks, &app.address).await;
    Setup {
        app,
        issuer,
        _provider: provider,
        _dir: dir,
    }
}

fn absolute(base: &str, location: &str) -> String {
    url::Url::parse(base)
        .and_then(|base| base.join(location))
        .map(|url| url.to_string())
        .expect("a location")
}

fn attribute<'a>(html: &'a str, marker: &str) -> Option<&'a str> {
    let start = html.find(marker)? + marker.len();
    html[start..].split('"').next()
}

/// Presses "Sign in with the CIAM", logs in at the provider's own login page as `login`, and
/// returns the callback URL the provider sends the browser to (not followed yet).
async fn sign_in_at_provider(browser: &Browser, setup: &Setup, login: &str) -> String {
    let csrf = browser.csrf_token("/try-it").await;
    let response = browser
        .submit_plain("/try-it/ciam/sign-in", "/try-it", &[("csrf_token", &csrf)])
        .await;
    assert_eq!(response.status().as_u16(), 303, "the sign-in redirects");
    let mut url = response.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    assert!(
        url.starts_with(&format!("{}/", setup.issuer)),
        "to the provider: {url}"
    );
    for parameter in [
        "code_challenge=",
        "code_challenge_method=S256",
        "state=",
        "nonce=",
        "resource=",
    ] {
        assert!(url.contains(parameter), "{parameter} in {url}");
    }
    let callback = format!("{}/try-it/ciam/callback", setup.app.address);
    for _ in 0..12 {
        if url.starts_with(&callback) {
            return url;
        }
        let response = browser.http.get(&url).send().await.expect("sent");
        if response.status().is_redirection() {
            let location = response.headers()["location"]
                .to_str()
                .expect("location")
                .to_owned();
            url = absolute(&url, &location);
            continue;
        }
        // The provider's own pages: its login form, then its consent form if it asks.
        let page = response.text().await.expect("page");
        let prompt = attribute(&page, "name=\"prompt\" value=\"")
            .unwrap_or_default()
            .to_owned();
        let action = absolute(&url, attribute(&page, "action=\"").expect("a form action"));
        let fields: Vec<(&str, &str)> = match prompt.as_str() {
            "login" => vec![("prompt", "login"), ("login", login), ("password", "any")],
            "consent" => vec![("prompt", "consent")],
            _ => panic!("an unexpected page at the provider: {page}"),
        };
        let response = browser
            .http
            .post(&action)
            .form(&fields)
            .send()
            .await
            .expect("sent");
        assert!(response.status().is_redirection(), "the {prompt} form is taken");
        let location = response.headers()["location"]
            .to_str()
            .expect("location")
            .to_owned();
        url = absolute(&action, &location);
    }
    panic!("the provider never sent the browser back to the portal (last at {url})");
}

async fn signed_in(browser: &Browser, setup: &Setup, login: &str) -> String {
    let callback = sign_in_at_provider(browser, setup, login).await;
    let sessions_before = setup.app.session_ids().await;
    let response = browser.http.get(&callback).send().await.expect("sent");
    assert_eq!(response.status().as_u16(), 303, "the callback redirects");
    let sessions_after = setup.app.session_ids().await;
    assert!(
        sessions_after.iter().any(|id| !sessions_before.contains(id))
            && sessions_before.iter().any(|id| !sessions_after.contains(id)),
        "the session gets a new id once it holds a user's tokens"
    );
    assert_eq!(
        response.headers()["location"],
        "/try-it#user-token",
        "to a clean URL"
    );
    callback
}

fn query_value(url: &str, name: &str) -> String {
    url::Url::parse(url)
        .expect("url")
        .query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn signing_in_shows_the_user_tokens_claims_and_never_the_code_state_or_tokens() {
    let setup = setup().await;
    let browser = Browser::new(&setup.app);
    let page = browser.page("/try-it", 200).await;
    assert!(page.contains("User token (CIAM)") && page.contains("Sign in with the CIAM"));

    let callback = signed_in(&browser, &setup, "ada-lovelace").await;

    let page = browser.page("/try-it", 200).await;
    assert!(page.contains("Signed in as ada-lovelace"), "the acting user");
    assert!(page.contains("ID token claims") && page.contains("Access token claims"));
    assert!(page.contains(AUDIENCE), "the access token's audience is shown");
    assert!(page.contains("expires in"), "the expiry in words");
    assert!(!page.contains("eyJ"), "no raw token in the page");
    let (code, state) = (query_value(&callback, "code"), query_value(&callback, "state"));
    assert!(!code.is_empty() && !state.is_empty());
    let logs = captured_logs();
    for secret in [&code, &state] {
        assert!(
            !page.contains(secret.as_str()),
            "neither code nor state in the page"
        );
        assert!(
            !logs.contains(secret.as_str()),
            "neither code nor state in the logs"
        );
    }
    assert!(!logs.contains("eyJ"), "no token in the logs");
}

#[tokio::test]
async fn a_claims_call_with_the_user_token_records_the_acting_user() {
    let setup = setup().await;
    let browser = Browser::new(&setup.app);
    signed_in(&browser, &setup, "grace-hopper").await;

    let submit = browser
        .console_call(&[
            ("environment", "sandbox"),
            ("api", "claims-attachments"),
            ("operation", "submit-attachment"),
            ("credentials", "user"),
            ("body.0", SUBMISSION),
        ])
        .await;
    assert_eq!(submit.status().as_u16(), 303);
    let page = browser.page("/try-it", 200).await;
    assert!(
        page.contains("201 Created"),
        "submitted with the user token: {}",
        page.split("id=\"call-results\"")
            .nth(1)
            .unwrap_or_default()
            .chars()
            .take(3000)
            .collect::<String>()
    );
    let attachment = page
        .split("att_")
        .nth(1)
        .and_then(|rest| {
            rest.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                .next()
        })
        .map(|id| format!("att_{id}"))
        .expect("an attachment id");
    let status = browser
        .console_call(&[
            ("environment", "sandbox"),
            ("api", "claims-attachments"),
            ("operation", "attachment-status"),
            ("credentials", "user"),
            ("param.path.id", &attachment),
        ])
        .await;
    assert_eq!(status.status().as_u16(), 303);
    let page = browser.page("/try-it", 200).await;
    assert!(
        page.contains("submittedBy") && page.contains("grace-hopper"),
        "the acting user is shown"
    );
    assert!(
        !page.contains("eyJ"),
        "the request shows the Authorization header masked"
    );
}

#[tokio::test]
async fn signing_out_forgets_the_tokens_and_signs_out_at_the_provider() {
    let setup = setup().await;
    let browser = Browser::new(&setup.app);
    signed_in(&browser, &setup, "alan-turing").await;

    let csrf = browser.csrf_token("/try-it").await;
    let response = browser
        .submit_plain("/try-it/ciam/sign-out", "/try-it", &[("csrf_token", &csrf)])
        .await;

    assert_eq!(response.status().as_u16(), 303);
    let location = response.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    assert!(location.starts_with(&format!("{}/", setup.issuer)), "{location}");
    assert!(location.contains("id_token_hint=") && location.contains("post_logout_redirect_uri="));
    assert_eq!(
        query_value(&location, "post_logout_redirect_uri"),
        format!("{}/try-it", setup.app.address)
    );
    let page = browser.page("/try-it", 200).await;
    assert!(page.contains("Sign in with the CIAM") && !page.contains("Signed in as alan-turing"));
    browser
        .console_call(&[
            ("environment", "sandbox"),
            ("api", "claims-attachments"),
            ("operation", "submit-attachment"),
            ("credentials", "user"),
            ("body.0", SUBMISSION),
        ])
        .await;
    let page = browser.page("/try-it", 200).await;
    assert!(
        page.contains("Sign in with the CIAM first"),
        "no user token any more"
    );
}

#[tokio::test]
async fn a_wrong_or_replayed_state_and_a_provider_error_are_refused_with_a_page() {
    let setup = setup().await;
    let browser = Browser::new(&setup.app);
    let callback = sign_in_at_provider(&browser, &setup, "eve").await;
    let state = query_value(&callback, "state");

    let wrong = callback.replace(&format!("state={state}"), "state=not-the-state");
    let response = browser.http.get(&wrong).send().await.expect("sent");
    assert_eq!(response.status().as_u16(), 400);
    assert!(response.text().await.expect("page").contains("its state differs"));

    // The pending sign-in was taken out by that answer: the right one now comes too late.
    let response = browser.http.get(&callback).send().await.expect("sent");
    assert_eq!(response.status().as_u16(), 400);
    assert!(
        response
            .text()
            .await
            .expect("page")
            .contains("not pending in your session")
    );

    let callback = sign_in_at_provider(&browser, &setup, "eve").await;
    let other = Browser::new(&setup.app);
    let response = other.http.get(&callback).send().await.expect("sent");
    assert_eq!(
        response.status().as_u16(),
        400,
        "another session's browser is refused"
    );

    let ok = browser.http.get(&callback).send().await.expect("sent");
    assert_eq!(
        ok.status().as_u16(),
        303,
        "the session that started it finishes it"
    );
    let replay = browser.http.get(&callback).send().await.expect("sent");
    assert_eq!(replay.status().as_u16(), 400, "a replayed callback is refused");

    let csrf = browser.csrf_token("/try-it").await;
    let started = browser
        .submit_plain("/try-it/ciam/sign-in", "/try-it", &[("csrf_token", &csrf)])
        .await;
    let state = query_value(started.headers()["location"].to_str().expect("location"), "state");
    let denied = format!(
        "{}/try-it/ciam/callback?error=access_denied&state={state}",
        setup.app.address
    );
    let response = browser.http.get(&denied).send().await.expect("sent");
    assert_eq!(response.status().as_u16(), 400);
    assert!(
        response
            .text()
            .await
            .expect("page")
            .contains("did not sign you in (access_denied)")
    );
}

#[tokio::test]
async fn without_a_ciam_the_panel_says_how_to_configure_one() {
    let app = spawn_app_with(TestOptions::default()).await;
    let page = Browser::new(&app).page("/try-it", 200).await;
    assert!(page.contains("User token (CIAM)") && page.contains("PORTAL_CIAM_ISSUER"));
    let response = app
        .client
        .get(format!("{}/try-it/ciam/callback?code=x&state=y", app.address))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status().as_u16(), 404);
}
