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
    browser.app_token(&client_id).await;
    client_id
}
