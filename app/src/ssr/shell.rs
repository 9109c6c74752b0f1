//! The HTML document around every page: head, stylesheet, security policy and, on
//! interactive pages only, the hydration scripts.

use super::{csp, response, services::Services};
use crate::ssr::paths::is_interactive;
use crate::ssr::routes::App;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use leptos_meta::MetaTags;

/// Renders the document for the current request.
///
/// Content pages are plain server-rendered HTML: no wasm, no hydration data. Only the
/// routes that [`is_interactive`] names load the bundle and hydrate.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let path = response::request_path();
    let interactive = is_interactive(&path);

    leptos::nonce::provide_nonce();
    let nonce = leptos::nonce::use_nonce()
        .map(|nonce| nonce.to_string())
        .unwrap_or_default();
    let mut policy = csp::page_policy(&nonce, interactive);
    // The console's CIAM sign-in forms are answered with a redirect to the CIAM.
    if path == "/try-it"
        && let Some(issuer) =
            use_context::<Services>().and_then(|services| services.console.user_sign_in_issuer())
    {
        policy = csp::with_form_target(&policy, &issuer);
    }
    if let (Some(response), Ok(policy)) = (
        use_context::<ResponseOptions>(),
        http::HeaderValue::from_str(&policy),
    ) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, policy);
        // Pages carry a per-response nonce and, once signed in, personal data.
        response.insert_header(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("no-store"),
        );
    }
    if !interactive {
        // Nothing will hydrate this page, so resources need not be serialised into it.
        if let Some(context) = Owner::current_shared_context() {
            context.set_is_hydrating(false);
        }
    }

    let canonical = use_context::<Services>()
        .map(|services| format!("{}{}", services.site.public_url, canonical_path(&path)));
    let stylesheet = format!("/{}/portal.css", options.site_pkg_dir);

    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <link rel="stylesheet" href=stylesheet />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                {canonical.map(|href| view! { <link rel="canonical" href=href /> })}
                {interactive.then(|| view! { <HydrationScripts options=options.clone() islands=true /> })}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The path a page is canonically known by: without a trailing slash, except the root.
fn canonical_path(path: &str) -> &str {
    match path.trim_end_matches('/') {
        "" => "/",
        trimmed => trimmed,
    }
}

#[cfg(test)]
mod tests {
    use super::canonical_path;

    #[test]
    fn canonical_path_drops_trailing_slashes_but_keeps_the_root() {
        assert_eq!(canonical_path("/"), "/");
        assert_eq!(canonical_path("/faq/"), "/faq");
        assert_eq!(canonical_path("/docs/getting-started"), "/docs/getting-started");
    }
}
