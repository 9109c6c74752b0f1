//! Accounts: sign-up, sign-in, sessions, CSRF and rate limits — on SQLite, PostgreSQL and with
//! sessions in Redis.

use crate::helpers::{Backend, Browser, START, TestApp, csrf_in, on_every_session_store};
use fred::prelude::KeysInterface;
use serde_json::Value;

const SIGN_UP: &str = "/api/account/sign-up";
const SIGN_IN: &str = "/api/account/sign-in";
const SIGN_OUT: &str = "/api/account/sign-out";
const PASSWORD: &str = "correct horse battery staple";

fn unique_email() -> String {
    crate::helpers::unique_email("dev")
}

fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("portal_session="))
        .map(str::to_owned)
}

on_every_session_store! {
    /// Sign-up without JavaScript: redirect to /sandbox, which shows working credentials once.
    async fn a_plain_sign_up_shows_working_credentials_once(app: TestApp) {
        let browser = Browser::new(&app);
        let (client_id, secret) = browser.sign_up(&unique_email()).await;
        assert!(client_id.starts_with("mnc_") && secret.starts_with("mns_"));
        assert_eq!(app.token_status(&client_id, &secret).await, 200, "the new credentials work");
        let again = browser.page("/sandbox", 200).await;
        assert!(again.contains(&client_id), "the app is listed");
        assert!(!again.contains(&secret), "the secret is never shown twice");
        assert!(again.contains("Signed in as <strong>Jane Doe</strong>"));
    }

    /// Sign-up from the island: the answer carries the credentials; the session is signed in.
    async fn a_javascript_sign_up_answers_with_the_credentials(app: TestApp) {
        let browser = Browser::new(&app);
        let csrf = browser.csrf_token("/sandbox/signup").await;
        let email = unique_email();
        let response = browser.call(SIGN_UP, &[("csrf_token", &csrf), ("name", "Ann"), ("email", &email), ("organisation", "Acme"), ("password", PASSWORD), ("accept_terms", "yes")]).await;
        assert_eq!(response.status().as_u16(), 200);
        let body: Value = response.json().await.expect("json");
        let created = &body["Created"];
        let (id, secret) = (created["client_id"].as_str().expect("id"), created["client_secret"].as_str().expect("secret"));
        assert_eq!(app.token_status(id, secret).await, 200);
        let sandbox = browser.page("/sandbox", 200).await;
        assert!(sandbox.contains(id));
        assert!(!sandbox.contains(secret), "the island showed it; the page never does");
    }

    /// Every problem is shown next to its field, the values are kept, never the password.
    async fn sign_up_problems_are_shown_with_the_values_kept(app: TestApp) {
        let browser = Browser::new(&app);
        let csrf = browser.csrf_token("/sandbox/signup").await;
        let response = browser.submit_plain(SIGN_UP, "/sandbox/signup", &[("csrf_token", &csrf), ("name", "Jane"), ("email", "not-an-email"), ("organisation", ""), ("password", "hunter2hunter")]).await;
        assert_eq!(response.headers()["location"], "/sandbox/signup");
        let page = browser.page("/sandbox/signup", 200).await;
        assert!(page.contains("class=\"error-summary\""));
        for (field, message) in [
            ("email", "Enter an e-mail address like name@example.com."),
            ("organisation", "Enter your organisation"),
            ("accept_terms", "Accept the sandbox terms to continue."),
        ] {
            assert!(page.contains(message), "{message}");
            assert!(page.contains(&format!("id=\"field-{field}-error\"")), "{field} error has an id");
        }
        assert!(page.contains("aria-describedby=\"field-email-error\""), "the error is linked to its field");
        assert!(page.contains("value=\"not-an-email\""), "values are kept");
        assert!(!page.contains("hunter2hunter"), "the password is never sent back");
        assert!(!browser.page("/sandbox/signup", 200).await.contains("error-summary"), "errors show once");
    }

    /// Weak passwords are refused with a reason.
    async fn weak_passwords_are_refused(app: TestApp) {
        let browser = Browser::new(&app);
        let csrf = browser.csrf_token("/sandbox/signup").await;
        for (password, reason) in [("short", "at least 12"), ("password1234", "too common"), ("jane.doe.rocks!", "e-mail address")] {
            let response = browser.call(SIGN_UP, &[("csrf_token", &csrf), ("name", "Jane"), ("email", "jane.doe@example.com"), ("organisation", "Acme"), ("password", password), ("accept_terms", "yes")]).await;
            let body: Value = response.json().await.expect("json");
            let errors = body["Invalid"]["errors"]["fields"].as_array().expect("errors");
            let message = errors.iter().find(|e| e["field"] == "password").expect("a password error")["message"].as_str().expect("text").to_owned();
            assert!(message.contains(reason), "{password}: {message}");
        }
    }

    /// E-mail addresses are unique whatever their case; passwords are stored as argon2id only.
    async fn emails_are_unique_and_passwords_are_hashed(app: TestApp) {
        let email = unique_email();
        Browser::new(&app).sign_up(&email).await;
        let browser = Browser::new(&app);
        let csrf = browser.csrf_token("/sandbox/signup").await;
        let response = browser.call(SIGN_UP, &[("csrf_token", &csrf), ("name", "Other"), ("email", &email.to_uppercase()), ("organisation", "X"), ("password", PASSWORD), ("accept_terms", "yes")]).await;
        let body: Value = response.json().await.expect("json");
        assert_eq!(body["Invalid"]["errors"]["fields"][0]["field"], "email", "{body}");
        let stored = app.sandbox.db.account_by_email(&email).await.expect("db").expect("account");
        assert!(stored.password_hash.starts_with("$argon2id$"));
        assert!(!stored.password_hash.contains(PASSWORD));
    }

    /// Signing in cycles the session id; signing out clears the session.
    async fn sign_in_cycles_the_session_and_sign_out_clears_it(app: TestApp) {
        let email = unique_email();
        Browser::new(&app).sign_up(&email).await;
        let browser = Browser::new(&app);
        let before = browser.http.get(format!("{}/login", app.address)).send().await.expect("sent");
        let anonymous = session_cookie(&before).expect("the sign-in form's CSRF token starts a session");
        let csrf = csrf_in(&before.text().await.expect("body")).expect("csrf");
        let response = browser.submit_plain(SIGN_IN, "/login", &[("csrf_token", &csrf), ("email", &email), ("password", PASSWORD)]).await;
        assert_eq!(response.headers()["location"], "/sandbox");
        let cycled = session_cookie(&response).expect("a new session cookie at sign-in");
        assert!(cycled.contains("HttpOnly") && cycled.contains("SameSite=Lax"), "{cycled}");
        let id = |cookie: &str| cookie.split(';').next().map(str::to_owned);
        assert_ne!(id(&anonymous), id(&cycled), "signing in issues a new session id");
        let page = browser.page("/sandbox", 200).await;
        let csrf = csrf_in(&page).expect("csrf");
        assert_ne!(csrf, "", "signed-in pages carry a token");
        let out = browser.submit_plain(SIGN_OUT, "/sandbox", &[("csrf_token", &csrf)]).await;
        assert_eq!(out.headers()["location"], "/");
        let response = browser.http.get(format!("{}/sandbox", app.address)).send().await.expect("sent");
        assert_eq!(response.headers()["location"], "/login", "signed out");
    }

    /// A wrong password and an unknown address get the same answer.
    async fn sign_in_failures_do_not_reveal_which_part_was_wrong(app: TestApp) {
        let email = unique_email();
        Browser::new(&app).sign_up(&email).await;
        let browser = Browser::new(&app);
        let csrf = browser.csrf_token("/login").await;
        let mut answers = Vec::new();
        for (address, password) in [(email.as_str(), "wrong password here"), ("nobody@example.com", PASSWORD)] {
            let body: Value = browser.call(SIGN_IN, &[("csrf_token", &csrf), ("email", address), ("password", password)]).await.json().await.expect("json");
            answers.push(body["Invalid"]["errors"].clone());
        }
        assert_eq!(answers[0], answers[1]);
        assert!(answers[0]["summary"].as_str().expect("summary").contains("not right"));
    }

    /// Forms without the session's CSRF token, or from another site, get a clear 403 page.
    async fn forms_without_a_valid_csrf_token_are_refused(app: TestApp) {
        let browser = Browser::new(&app);
        let csrf = browser.csrf_token("/sandbox/signup").await;
        for fields in [vec![("name", "x")], vec![("csrf_token", "0".repeat(64).leak() as &str), ("name", "x")]] {
            let response = browser.submit_plain(SIGN_UP, "/sandbox/signup", &fields).await;
            assert_eq!(response.status().as_u16(), 403);
            let page = response.text().await.expect("body");
            assert!(page.contains("<h1 id=\"error-title\">Not allowed</h1>") && page.contains("Reload the page"), "{page}");
        }
        let cross_site = browser
            .http
            .post(format!("{}{SIGN_UP}", app.address))
            .header("origin", "https://evil.example")
            .header("accept", "text/html")
            .form(&[("csrf_token", csrf.as_str()), ("name", "x")])
            .send()
            .await
            .expect("sent");
        assert_eq!(cross_site.status().as_u16(), 403);
        assert!(cross_site.text().await.expect("body").contains("another website"));
        let json = browser.call(SIGN_UP, &[("name", "x")]).await;
        assert_eq!(json.status().as_u16(), 403);
        let error: Value = json.json().await.expect("an AppError the island can show");
        assert!(error["Forbidden"].is_string(), "{error}");
    }
}

#[tokio::test]
async fn sign_up_and_sign_in_are_rate_limited_with_a_friendly_page() {
    let app = rate_limited_app(Backend::Sqlite, START).await;
    sign_up_and_sign_in_are_rate_limited(&app).await;
}

/// The same limits, counted in Redis: the counters are there, not in the portal's memory.
#[tokio::test]
async fn sign_up_and_sign_in_are_rate_limited_in_redis() {
    let Some(redis_url) = crate::helpers::redis_test_url() else {
        return crate::helpers::skipped("Redis", "sign_up_and_sign_in_are_rate_limited_in_redis");
    };
    // Counters outlive a test run in a shared Redis: start the clock in a window of its own.
    let start = START + i64::from(rand::random::<u16>()) * 86_400;
    let app = rate_limited_app(Backend::Redis, start).await;
    sign_up_and_sign_in_are_rate_limited(&app).await;

    let redis = server::redis_pool::connect(&redis_url).await.expect("redis");
    let window = start - start.rem_euclid(3600);
    let sign_ups: Option<i64> = redis
        .get(format!("rl:sign-up-source:127.0.0.1:{window}"))
        .await
        .expect("read the counter");
    assert_eq!(sign_ups, Some(2), "both sign-up attempts were counted in Redis");
}

async fn rate_limited_app(backend: Backend, clock_start: i64) -> TestApp {
    use server::rate_limit::Limit;
    crate::helpers::spawn_app_with(crate::helpers::TestOptions {
        backend: Some(backend),
        clock_start: Some(clock_start),
        sign_up_rate_limit: Some(Limit {
            max: 1,
            per_secs: 3600,
        }),
        sign_in_account_rate_limit: Some(Limit {
            max: 2,
            per_secs: 900,
        }),
        ..Default::default()
    })
    .await
}

async fn sign_up_and_sign_in_are_rate_limited(app: &TestApp) {
    let browser = Browser::new(app);
    let email = unique_email();
    browser.sign_up(&email).await;
    let csrf = browser.csrf_token("/sandbox/signup").await;
    let refused = browser
        .submit_plain(
            SIGN_UP,
            "/sandbox/signup",
            &[("csrf_token", &csrf), ("name", "x")],
        )
        .await;
    assert_eq!(refused.status().as_u16(), 429);
    assert!(
        refused.headers()["retry-after"]
            .to_str()
            .expect("ascii")
            .parse::<u64>()
            .is_ok_and(|s| s > 0)
    );
    assert!(refused.text().await.expect("body").contains("Slow down a little"));

    let other = Browser::new(app);
    let csrf = other.csrf_token("/login").await;
    for _ in 0..2 {
        let response = other
            .call(
                SIGN_IN,
                &[
                    ("csrf_token", &csrf),
                    ("email", &email),
                    ("password", "wrong password here"),
                ],
            )
            .await;
        assert_eq!(response.status().as_u16(), 200);
    }
    let limited = other
        .call(
            SIGN_IN,
            &[
                ("csrf_token", &csrf),
                ("email", &email.to_uppercase()),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(
        limited.status().as_u16(),
        429,
        "the per-account limit counts the address in any case"
    );
    let error: Value = limited.json().await.expect("json");
    assert!(
        error["TooManyRequests"]["retry_after_secs"].as_u64().is_some(),
        "{error}"
    );
}

#[tokio::test]
async fn behind_https_the_session_cookie_is_secure_and_host_prefixed() {
    let app = crate::helpers::spawn_app_with(crate::helpers::TestOptions {
        public_url: Some("https://portal.example.com".into()),
        ..Default::default()
    })
    .await;
    let response = app.get("/sandbox/signup").await;
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("__Host-portal-session="))
        .expect("a __Host- session cookie")
        .to_owned();
    for attribute in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attribute), "{attribute} in {cookie}");
    }
    assert!(!cookie.contains("Domain="), "{cookie}");
}

#[tokio::test]
async fn content_pages_set_no_cookie_for_anonymous_readers() {
    let app = crate::helpers::spawn_app().await;
    for path in ["/", "/faq/security-and-authorization", "/search?q=token"] {
        assert!(
            app.get(path).await.headers().get("set-cookie").is_none(),
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_sign_in_ends_after_its_absolute_lifetime() {
    let app = crate::helpers::spawn_app().await;
    let browser = Browser::new(&app);
    browser.sign_up(&unique_email()).await;
    app.clock.advance(app::ssr::session::ABSOLUTE_LIFETIME_SECS - 60);
    assert!(
        browser.page("/sandbox", 200).await.contains("Your sandbox"),
        "still signed in"
    );
    app.clock.advance(120);
    let response = browser
        .http
        .get(format!("{}/sandbox", app.address))
        .send()
        .await
        .expect("sent");
    assert_eq!(
        response.headers()["location"],
        "/login",
        "signed out after seven days, whatever the activity"
    );
}

/// Reading the session costs no write: a second visit to a form page sets no cookie.
#[tokio::test]
async fn pages_only_save_the_session_when_it_changed() {
    let app = crate::helpers::spawn_app().await;
    let browser = Browser::new(&app);
    let first = browser
        .http
        .get(format!("{}/login", app.address))
        .send()
        .await
        .expect("sent");
    assert!(
        session_cookie(&first).is_some(),
        "the form's CSRF token starts a session"
    );
    let again = browser
        .http
        .get(format!("{}/login", app.address))
        .send()
        .await
        .expect("sent");
    assert_eq!(session_cookie(&again), None, "nothing changed, nothing saved");
}

/// Signed-in activity pushes the inactivity expiry out, with one write every few minutes.
#[tokio::test]
async fn signed_in_activity_keeps_the_session_alive() {
    let app = crate::helpers::spawn_app().await;
    let browser = Browser::new(&app);
    browser.sign_up(&unique_email()).await;
    let faq = format!("{}/faq/security-and-authorization", app.address);
    let soon = browser.http.get(&faq).send().await.expect("sent");
    assert_eq!(session_cookie(&soon), None, "just signed in: no write needed");
    app.clock.advance(app::ssr::session::ACTIVITY_WRITE_INTERVAL_SECS);
    let later = browser.http.get(&faq).send().await.expect("sent");
    let renewed = session_cookie(&later).expect("the session is saved again, with a new expiry");
    assert!(renewed.contains("Max-Age=43200"), "twelve more hours: {renewed}");
    let page = later.text().await.expect("body");
    assert!(page.contains("Signed in as"), "content pages know who is reading");
}

/// The 404 page, and the page of a refused form, still show who is signed in.
#[tokio::test]
async fn error_pages_show_who_is_signed_in() {
    let app = crate::helpers::spawn_app().await;
    let browser = Browser::new(&app);
    browser.sign_up(&unique_email()).await;
    let missing = browser
        .http
        .get(format!("{}/no/such/page", app.address))
        .send()
        .await
        .expect("sent");
    assert_eq!(missing.status().as_u16(), 404);
    assert!(missing.text().await.expect("body").contains("Signed in as"));
    let refused = browser
        .submit_plain(SIGN_OUT, "/sandbox", &[("csrf_token", "wrong")])
        .await;
    assert_eq!(refused.status().as_u16(), 403);
    assert!(refused.text().await.expect("body").contains("Signed in as"));
}

/// A server function called with missing or malformed fields answers 400 with the reason —
/// JSON for scripts, a full error page for plain forms — never a 500 or a silent redirect.
#[tokio::test]
async fn malformed_server_function_calls_get_a_clear_400() {
    let app = crate::helpers::spawn_app().await;
    let browser = Browser::new(&app);
    let csrf = browser.csrf_token("/login").await;
    let json = browser
        .call(SIGN_IN, &[("csrf_token", &csrf), ("email", "a@example.com")])
        .await;
    assert_eq!(json.status().as_u16(), 400);
    let error: Value = json.json().await.expect("json");
    assert!(
        error["BadRequest"]
            .as_str()
            .expect("a BadRequest")
            .contains("password"),
        "{error}"
    );
    let page = browser
        .submit_plain(
            SIGN_IN,
            "/login",
            &[("csrf_token", &csrf), ("email", "a@example.com")],
        )
        .await;
    assert_eq!(page.status().as_u16(), 400);
    assert_eq!(
        page.headers().get("location"),
        None,
        "no redirect hides the problem"
    );
    let html = page.text().await.expect("body");
    assert!(
        html.contains("That request could not be handled") && html.contains("password"),
        "{html}"
    );
}
