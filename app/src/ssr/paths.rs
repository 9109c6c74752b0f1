//! Facts about the site's paths that several parts need: which pages hydrate (load the wasm
//! bundle) and where an app's Postman files and request log live. A leaf, so the route table, the
//! layout and the server can all use it without depending on each other.

/// Path prefixes of the pages that load the wasm bundle and hydrate. Every other page is
/// server-rendered HTML that works, and is complete, without JavaScript.
const INTERACTIVE_PREFIXES: &[&str] = &["/try-it", "/sandbox", "/login"];

/// Where an app's Postman collection is downloaded (served by the server's `routes::postman`).
pub fn postman_collection_url(client_id: &str) -> String {
    format!("/sandbox/apps/{client_id}/postman-collection.json")
}

/// Where an app's Postman environment is downloaded.
pub fn postman_environment_url(client_id: &str) -> String {
    format!("/sandbox/apps/{client_id}/postman-environment.json")
}

/// An app's request log (`GET`, a Leptos page; its exports and events are server routes).
pub fn request_log_url(client_id: &str) -> String {
    format!("/sandbox/apps/{client_id}/requests")
}

/// One request of an app's log.
pub fn request_entry_url(client_id: &str, request_id: &str) -> String {
    format!("/sandbox/apps/{client_id}/requests/{request_id}")
}

/// One call of a request id in an app's request log: the one to `endpoint` (the log's name
/// for it, `token_v2`), when a request made several.
pub fn request_call_url(client_id: &str, request_id: &str, endpoint: Option<&str>) -> String {
    let entry = request_entry_url(client_id, request_id);
    match endpoint.filter(|name| {
        name.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    }) {
        Some(endpoint) => format!("{entry}?endpoint={endpoint}"),
        None => entry,
    }
}

/// An app's request log exported as `extension` (`csv` or `json`).
pub fn request_export_url(client_id: &str, extension: &str) -> String {
    format!("/sandbox/apps/{client_id}/requests.{extension}")
}

/// The live updates (server-sent events) of an app's request log.
pub fn request_events_url(client_id: &str) -> String {
    format!("/sandbox/apps/{client_id}/requests/events")
}

/// The token inspector (`GET` the page, `POST` its form).
pub const INSPECT_PATH: &str = "/sandbox/inspect";

/// Whether the page at `path` hydrates (and so needs the wasm bundle): the console, the
/// account pages, and an operation's page (its Try It form); the catalogue's lists and
/// overviews stay plain HTML.
pub fn is_interactive(path: &str) -> bool {
    let is_operation_page = path
        .strip_prefix("/apis/")
        .is_some_and(|rest| rest.split('/').filter(|segment| !segment.is_empty()).count() == 2);
    is_operation_page || is_account_or_console(path)
}

/// Whether the page at `path` is one of the account pages or the console, which show nothing
/// useful without a session (an operation's page is reference first, its Try It form second).
pub fn is_account_or_console(path: &str) -> bool {
    INTERACTIVE_PREFIXES.iter().any(|prefix| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

#[cfg(test)]
mod tests {
    use super::is_interactive;

    #[test]
    fn console_and_account_pages_are_interactive() {
        for path in [
            "/try-it",
            "/sandbox",
            "/sandbox/signup",
            "/login",
            "/apis/claims-attachments/submit-attachment",
        ] {
            assert!(is_interactive(path), "{path}");
        }
    }

    #[test]
    fn content_pages_are_not_interactive() {
        for path in [
            "/",
            "/faq/security-and-authorization",
            "/docs/x",
            "/search",
            "/try-itx",
            "/sandboxes",
            "/apis",
            "/apis/claims-attachments",
        ] {
            assert!(!is_interactive(path), "{path}");
        }
    }
}
