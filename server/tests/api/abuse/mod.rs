//! Abuse resistance: each module holds the regression tests of one way the portal was found to
//! give way to an attacker (issue 9), named for the rule that now holds.

mod claims_limits;
mod client_address;
mod connections;
mod console_state;
mod forms;
mod lockout;
mod panics;
mod rotation;
mod small_rules;
mod upstream_paths;

use crate::helpers::Browser;

/// Signs a new person up and has the console fetch a v2 token with their first app, so later
/// API calls in the console are sent; returns the app's client id.
pub(crate) async fn signed_up_with_console_token(browser: &Browser) -> String {
    let (client_id, _) = browser.sign_up(&crate::helpers::unique_email("console")).await;
    let csrf = browser.csrf_token("/try-it").await;
    let response = browser
        .submit_plain(
            "/try-it/token",
            "/try-it",
            &[
                ("csrf_token", &csrf),
                ("environment", "sandbox"),
                ("api", "v2"),
                ("credentials", &format!("app:{client_id}")),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303, "the console's token request");
    client_id
}
