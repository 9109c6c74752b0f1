//! The console's "User token (CIAM)" panel: how to configure a CIAM when there is none; else
//! "Sign in with the CIAM" (a plain form post: the portal's server runs the code flow), and
//! once signed in the ID token's and access token's claims (never the tokens), the expiry in
//! words and "Sign out".

use crate::model::time_words::expiry_in_words;
use crate::ssr::components::forms::CsrfField;
use crate::ssr::console::UserSignIn;
use leptos::prelude::*;

/// The panel.
#[component]
pub fn UserTokenPanel(
    /// The CIAM issuer the console signs people in with, if configured.
    issuer: Option<String>,
    /// The person's sign-in, if any.
    user: Option<UserSignIn>,
    /// The session's CSRF token.
    csrf: String,
    /// The portal's clock.
    now: Option<i64>,
) -> impl IntoView {
    let body = match (issuer, user) {
        (None, _) => view! {
            <p class="notice">
                "No CIAM is configured for the console, so it cannot get a user token here. An operator sets "
                <code>"PORTAL_CIAM_ISSUER"</code>", "<code>"PORTAL_CIAM_AUDIENCE"</code>", "
                <code>"PORTAL_CIAM_CLIENT_ID"</code>" and "<code>"PORTAL_CIAM_CLIENT_SECRET"</code>
                " (or the " <code>"[ciam]"</code> " table of portal.toml), and registers "
                <code>"{public URL}/try-it/ciam/callback"</code> " as the client's redirect URI."
            </p>
        }
        .into_any(),
        (Some(issuer), None) => view! {
            <p>
                {format!("Sign in at {issuer} and the portal's server gets a user token for you (authorization code with PKCE): ")}
                "the token stays on the server, and calls that need a user's token use it."
            </p>
            <form class="form" method="post" action="/try-it/ciam/sign-in">
                <CsrfField token=csrf />
                <button type="submit" class="button primary">"Sign in with the CIAM"</button>
            </form>
        }
        .into_any(),
        (Some(_), Some(user)) => {
            let expiry = now.map(|now| expiry_in_words(user.expires_at, now)).unwrap_or_default();
            let renewal = if user.refreshable {
                " The console renews it by itself when it expires."
            } else {
                " Sign in again when it expires."
            };
            view! {
                <p class="message success" role="status">
                    {format!("Signed in as {}. The access token {expiry}.{renewal}", user.subject)}
                </p>
                {user.scope.map(|scope| view! { <p>"Scope: " <code>{scope}</code></p> })}
                <details open="">
                    <summary>"ID token claims"</summary>
                    <pre tabindex="0"><code>{user.id_token_claims}</code></pre>
                </details>
                {user.access_token_claims.map(|claims| view! {
                    <details>
                        <summary>"Access token claims"</summary>
                        <pre tabindex="0"><code>{claims}</code></pre>
                    </details>
                })}
                <form class="form" method="post" action="/try-it/ciam/sign-out">
                    <CsrfField token=csrf />
                    <button type="submit" class="button secondary">"Sign out"</button>
                </form>
            }
            .into_any()
        }
    };
    view! {
        <section class="panel" id="user-token" aria-labelledby="user-token-title">
            <div class="panel-header"><h2 id="user-token-title">"User token (CIAM)"</h2></div>
            <p class="field-hint">"For APIs that need user context: a token the CIAM issues for you, next to the v2 and v1 platform tokens above."</p>
            {body}
        </section>
    }
}
