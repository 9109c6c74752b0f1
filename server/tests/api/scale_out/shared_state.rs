//! Through the balancer, people and their sessions, tokens, secrets and limits are one: what
//! one instance did, the other honours at once.

use super::cluster::Cluster;
use crate::helpers::{Browser, csrf_in, unique_email};
use reqwest::cookie::CookieStore;

const TEST: &str = "one_user_base_behind_the_balancer";

#[tokio::test]
async fn one_user_base_behind_the_balancer() {
    let Some(cluster) = Cluster::start(TEST, &[("PORTAL_SIGNIN_RATE_LIMIT", "4/15min")]).await else {
        return;
    };
    let source = format!(
        "127.{}.{}.{}",
        rand::random::<u8>() | 1,
        rand::random::<u8>(),
        rand::random::<u8>() | 1
    );
    let (http, jar) = cluster.balancer.client_with_jar(&source);
    let person = Browser {
        http,
        address: cluster.balancer.url.clone(),
    };

    // Sign-up through the balancer: its form, the post and the page after land on both.
    let email = unique_email("scale");
    let (client_id, secret) = person.sign_up(&email).await;
    let balancer_url = cluster.balancer.url.parse().expect("url");
    let cookie = jar.cookies(&balancer_url).expect("a session cookie");
    assert!(
        cookie
            .to_str()
            .expect("ascii")
            .starts_with("__Host-portal-session="),
        "behind TLS the cookie is the __Host- one"
    );
    // The same session, taken to each instance directly.
    let on = |index: usize| {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::COOKIE, cookie.clone());
        Browser {
            http: reqwest::Client::builder()
                .default_headers(headers)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            address: cluster.instances[index].address.clone(),
        }
    };
    for index in 0..2 {
        let page = on(index).page("/sandbox", 200).await;
        assert!(page.contains(&client_id), "instance {index} knows the session");
    }

    // The console's history lives in the session, whichever instance made the call.
    person.app_token(&client_id).await;
    for index in 0..2 {
        let page = on(index).page("/try-it", 200).await;
        assert!(
            page.contains("v2 token"),
            "instance {index} shows the console's history"
        );
    }

    // A token from A works on B; a rotation on A ends the old secret and its tokens on B.
    let token = cluster.instances[0].token(&client_id, &secret).await;
    let status_on_b = |token: String| {
        let url = format!(
            "{}/claims/attachments/v1/status/att_none",
            cluster.instances[1].address
        );
        async move {
            reqwest::Client::new()
                .get(url)
                .bearer_auth(token)
                .send()
                .await
                .expect("sent")
                .status()
                .as_u16()
        }
    };
    assert_eq!(status_on_b(token.clone()).await, 404, "B accepts A's token");
    let revoked = cluster.instances[0].token(&client_id, &secret).await;
    let answer = reqwest::Client::new()
        .post(format!("{}/apip/auth/v2/revoke", cluster.instances[0].address))
        .basic_auth(&client_id, Some(&secret))
        .form(&[("token", revoked.as_str())])
        .send()
        .await
        .expect("sent");
    assert_eq!(answer.status().as_u16(), 200, "revoked on A");
    assert_eq!(
        status_on_b(revoked).await,
        401,
        "B honours A's revocation at once"
    );
    let a = on(0);
    let csrf = csrf_in(&a.page("/sandbox", 200).await).expect("csrf");
    let rotated = a
        .submit_plain(
            "/api/apps/rotate",
            "/sandbox",
            &[
                ("csrf_token", &csrf),
                ("client_id", &client_id),
                ("confirm", "yes"),
            ],
        )
        .await;
    assert_eq!(rotated.headers()["location"], "/sandbox", "rotated on A");
    assert_eq!(
        cluster.instances[1]
            .request_token(&client_id, &secret)
            .await
            .status()
            .as_u16(),
        401,
        "B refuses the old secret at once"
    );
    assert_eq!(
        status_on_b(token).await,
        401,
        "B refuses the old secret's token at once"
    );

    // Sign-in attempts from one address count once, whichever instance took them: four are
    // allowed. Each attempt is a form and a post, and a read between attempts shifts nginx's
    // round robin, so the posts alternate between the instances; counted per instance, the
    // fifth would pass.
    let guesser = Browser {
        http: cluster.balancer.client(&source),
        address: cluster.balancer.url.clone(),
    };
    for attempt in 1..=5 {
        let response = wrong_password(&guesser, &email).await;
        let status = response.status().as_u16();
        if attempt <= 4 {
            assert_ne!(status, 429, "attempt {attempt} is within the limit");
        } else {
            assert_eq!(
                status, 429,
                "the fifth attempt is refused, counted across instances"
            );
            assert!(response.headers().contains_key("retry-after"));
        }
        guesser.page("/healthz", 200).await;
    }

    // The limit counts the person's address (the balancer is a trusted proxy), not the
    // balancer's: someone else is not locked out.
    let other = Browser {
        http: cluster
            .balancer
            .client(&format!("127.{}.0.9", rand::random::<u8>() | 1)),
        address: cluster.balancer.url.clone(),
    };
    let response = wrong_password(&other, &email).await;
    assert_ne!(
        response.status().as_u16(),
        429,
        "another address has its own count"
    );

    // Signing out on B ends the session on A too.
    let b = on(1);
    let csrf = csrf_in(&b.page("/sandbox", 200).await).expect("csrf");
    let out = b
        .submit_plain("/api/account/sign-out", "/sandbox", &[("csrf_token", &csrf)])
        .await;
    assert_eq!(out.headers()["location"], "/");
    let after = on(0)
        .http
        .get(format!("{}/sandbox", cluster.instances[0].address))
        .send()
        .await
        .expect("sent");
    assert_eq!(
        after.headers()["location"],
        "/login",
        "A no longer knows the session"
    );
}

/// A sign-in to `email` with a wrong password, through the form as a browser sends it.
async fn wrong_password(browser: &Browser, email: &str) -> reqwest::Response {
    let csrf = browser.csrf_token("/login").await;
    browser
        .submit_plain(
            "/api/account/sign-in",
            "/login",
            &[
                ("csrf_token", &csrf),
                ("email", email),
                ("password", "not the password"),
            ],
        )
        .await
}
