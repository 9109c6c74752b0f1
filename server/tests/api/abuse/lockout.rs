//! Knowing a client id or an e-mail address is not enough to lock its owner out: failures are
//! counted per (client id or e-mail, source address), and only issued tokens count against a
//! client's own limit.

use crate::helpers::{Browser, TestOptions, spawn_app_with, unique_email};
use server::rate_limit::Limit;

fn client_from(source: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(source.parse::<std::net::IpAddr>().expect("ip"))
        .build()
        .expect("client")
}

async fn token_status(http: &reqwest::Client, url: &str, id: &str, secret: &str) -> u16 {
    http.post(url)
        .basic_auth(id, Some(secret))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .expect("sent")
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_flood_of_wrong_secrets_for_a_client_id_does_not_lock_out_its_owner() {
    let app = spawn_app_with(TestOptions {
        token_rate_limit: Some(Limit { max: 5, per_secs: 60 }),
        ..TestOptions::default()
    })
    .await;
    let victim = app.create_client(None).await;
    let url = app.url("/apip/auth/v2/token");

    let attacker = client_from("127.0.0.1");
    let mut attacker_statuses = Vec::new();
    for _ in 0..40 {
        attacker_statuses.push(token_status(&attacker, &url, &victim.id, "mns_wrong").await);
    }
    assert!(
        attacker_statuses.iter().all(|status| [401, 429].contains(status)),
        "{attacker_statuses:?}"
    );
    assert_eq!(
        attacker_statuses.last(),
        Some(&429),
        "the failing source is slowed down"
    );

    let owner = client_from("127.0.0.5");
    for attempt in 1..=5 {
        assert_eq!(
            token_status(&owner, &url, &victim.id, &victim.secret).await,
            200,
            "the owner's token request {attempt} from another address is served"
        );
    }
    assert_eq!(
        token_status(&owner, &url, &victim.id, &victim.secret).await,
        429,
        "issued tokens are still limited per client"
    );
}

#[tokio::test]
async fn wrong_passwords_from_one_address_do_not_lock_the_owner_out() {
    let app = spawn_app_with(TestOptions {
        sign_in_account_rate_limit: Some(Limit {
            max: 10,
            per_secs: 900,
        }),
        ..TestOptions::default()
    })
    .await;
    let email = unique_email("owner");
    Browser::at(&app, "127.0.0.3").sign_up(&email).await;

    let attacker = Browser::at(&app, "127.0.0.2");
    let mut statuses = Vec::new();
    for _ in 0..12 {
        let csrf = attacker.csrf_token("/login").await;
        let response = attacker
            .call(
                "/api/account/sign-in",
                &[
                    ("csrf_token", &csrf),
                    ("email", &email),
                    ("password", "not the password at all"),
                ],
            )
            .await;
        statuses.push(response.status().as_u16());
    }
    assert_eq!(
        statuses.last(),
        Some(&429),
        "the guessing address is refused: {statuses:?}"
    );

    let owner = Browser::at(&app, "127.0.0.4");
    let csrf = owner.csrf_token("/login").await;
    let response = owner
        .submit_plain(
            "/api/account/sign-in",
            "/login",
            &[
                ("csrf_token", &csrf),
                ("email", &email),
                ("password", "correct horse battery staple"),
            ],
        )
        .await;
    assert!(
        response.status().is_redirection(),
        "the owner signs in from elsewhere: {}",
        response.status()
    );
    assert_eq!(response.headers()["location"], "/sandbox");
}

#[tokio::test]
async fn successful_sign_ins_do_not_use_up_the_accounts_failure_allowance() {
    let app = spawn_app_with(TestOptions {
        sign_in_account_rate_limit: Some(Limit {
            max: 3,
            per_secs: 900,
        }),
        ..TestOptions::default()
    })
    .await;
    let email = unique_email("regular");
    Browser::new(&app).sign_up(&email).await;
    for attempt in 1..=6 {
        let browser = Browser::new(&app);
        let csrf = browser.csrf_token("/login").await;
        let response = browser
            .submit_plain(
                "/api/account/sign-in",
                "/login",
                &[
                    ("csrf_token", &csrf),
                    ("email", &email),
                    ("password", "correct horse battery staple"),
                ],
            )
            .await;
        assert_eq!(
            response.headers().get("location").map(|l| l.as_bytes()),
            Some(&b"/sandbox"[..]),
            "sign-in {attempt}"
        );
    }
}

#[tokio::test]
async fn counters_in_redis_have_bounded_keys_that_expire_with_their_window() {
    let Some(redis_url) = crate::helpers::redis_test_url() else {
        return crate::helpers::skipped(
            "Redis",
            "counters_in_redis_have_bounded_keys_that_expire_with_their_window",
        );
    };
    // A window of its own in the shared Redis.
    let start = crate::helpers::START + i64::from(rand::random::<u16>()) * 86_400;
    let app = spawn_app_with(TestOptions {
        backend: Some(crate::helpers::Backend::Redis),
        clock_start: Some(start),
        ..TestOptions::default()
    })
    .await;
    let huge_id = "x".repeat(4096);
    let status = token_status(
        &client_from("127.0.0.1"),
        &app.url("/apip/auth/v2/token"),
        &huge_id,
        "wrong",
    )
    .await;
    assert_eq!(status, 401);

    use fred::prelude::*;
    let redis = server::redis_pool::connect(&redis_url).await.expect("redis");
    let window = start - start.rem_euclid(900);
    let keys: Vec<String> = redis
        .next()
        .custom(fred::cmd!("KEYS"), vec![format!("rl:token-failures:*:{window}")])
        .await
        .expect("keys");
    assert_eq!(keys.len(), 1, "{keys:?}");
    assert!(
        keys[0].len() <= server::rate_limit::MAX_KEY_BYTES,
        "{} bytes",
        keys[0].len()
    );
    let ttl: i64 = redis.ttl(&keys[0]).await.expect("ttl");
    assert!((1..=901).contains(&ttl), "the key expires with its window: {ttl}");
}
