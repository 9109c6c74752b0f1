//! `kill -9` of the portal while people sign up: every sign-up it acknowledged exists
//! afterwards with its first app, no account is half made, and the portal starts again on the
//! same data.

use crate::helpers::{Browser, unique_email};
use crate::process::PortalProcess;
use sqlx::Connection;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const WORKERS: usize = 6;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_during_sign_ups_loses_no_acknowledged_account_and_leaves_none_half_made() {
    let dir = tempfile::tempdir().expect("dir");
    let env = [("PORTAL_SIGNUP_RATE_LIMIT", "100000/hour")];
    let portal = PortalProcess::start(dir.path(), &env).await;
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut workers = Vec::new();
    for worker in 0..WORKERS {
        let (address, acknowledged) = (portal.address.clone(), acknowledged.clone());
        workers.push(tokio::spawn(async move {
            let browser = Browser::of(&address, &format!("127.0.20.{}", worker + 1));
            loop {
                let Ok(form) = browser.http.get(format!("{address}/sandbox/signup")).send().await else {
                    return;
                };
                let Ok(page) = form.text().await else { return };
                let Some(csrf) = crate::helpers::csrf_in(&page) else {
                    return;
                };
                let email = unique_email("crash");
                let answer = browser
                    .http
                    .post(format!("{address}/api/account/sign-up"))
                    .header("accept", "text/html")
                    .header("origin", &address)
                    .form(&[
                        ("csrf_token", csrf.as_str()),
                        ("name", "Jane Doe"),
                        ("email", email.as_str()),
                        ("organisation", "Acme"),
                        ("password", "correct horse battery staple"),
                        ("accept_terms", "yes"),
                    ])
                    .send()
                    .await;
                match answer {
                    Ok(response)
                        if response
                            .headers()
                            .get("location")
                            .is_some_and(|to| to == "/sandbox") =>
                    {
                        acknowledged.lock().expect("lock").push(email);
                    }
                    _ => return,
                }
            }
        }));
    }
    // Kill it once sign-ups are flowing.
    for _ in 0..200 {
        if acknowledged.lock().expect("lock").len() >= 10 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    portal.kill_hard();
    for worker in workers {
        let _ = tokio::time::timeout(Duration::from_secs(20), worker).await;
    }
    let acknowledged = acknowledged.lock().expect("lock").clone();
    assert!(
        acknowledged.len() >= 10,
        "sign-ups were under way ({})",
        acknowledged.len()
    );

    let database = format!("sqlite://{}", dir.path().join("portal.db").display());
    let mut db = sqlx::SqliteConnection::connect(&database)
        .await
        .expect("open the database");
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT a.email, COUNT(c.id) FROM accounts a LEFT JOIN clients c ON c.account_id = a.id GROUP BY a.email",
    )
    .fetch_all(&mut db)
    .await
    .expect("query");
    db.close().await.ok();
    for (email, clients) in &rows {
        assert_eq!(
            *clients, 1,
            "{email} has exactly its first app, not half an account"
        );
    }
    for email in &acknowledged {
        assert!(
            rows.iter().any(|(stored, _)| stored == email),
            "the acknowledged sign-up of {email} survived the crash"
        );
    }

    let restarted = PortalProcess::start(dir.path(), &env).await;
    let signed_in = Browser::of(&restarted.address, "127.0.20.99");
    let csrf = signed_in.csrf_token("/login").await;
    let response = signed_in
        .submit_plain(
            "/api/account/sign-in",
            "/login",
            &[
                ("csrf_token", &csrf),
                ("email", &acknowledged[0]),
                ("password", "correct horse battery staple"),
            ],
        )
        .await;
    assert_eq!(
        response.headers()["location"],
        "/sandbox",
        "the portal starts again on the same data"
    );
}
