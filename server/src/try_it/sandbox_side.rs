//! What the embedded sandbox itself knows of a console exchange with it: the request log's
//! record (its precise reason, the app it was filed under, the request id both share) and the
//! token inspector's view of a token it issued. The console and the log so explain a request
//! from one source.

use crate::metrics::http::current_request_id;
use crate::oauth::Sandbox;
use crate::oauth::inspect;
use crate::request_log::explain::explain;
use crate::request_log::record::Endpoint;
use app::model::inspection::Inspection;
use app::ssr::console::Exchange;
use secrecy::{ExposeSecret, SecretString};

/// After an exchange with the embedded sandbox: its request id, the request log's precise
/// explanation when it failed, and, when it was filed under one of `account_id`'s apps, that
/// app (so the exchange links to its log entry).
pub async fn attach_record(sandbox: &Sandbox, account_id: Option<&str>, exchange: &mut Exchange) {
    let Some(status) = exchange.response.as_ref().map(|response| response.status) else {
        return; // It never reached the sandbox.
    };
    let Some(request_id) = current_request_id().and_then(|id| id.to_str().ok().map(str::to_owned)) else {
        return;
    };
    exchange.request_id = Some(request_id.clone());
    // The console's calls of one request share its id: the record is this call's endpoint's.
    let Some(endpoint) = url_path(&exchange.request.url).and_then(Endpoint::of_path) else {
        return;
    };
    exchange.endpoint = Some(endpoint.as_str().to_owned());
    let Some(record) = sandbox
        .requests
        .recent_console_call(&request_id, endpoint)
        .filter(|record| record.status == status)
    else {
        return;
    };
    if record.failed() {
        exchange.explanation = explain(&record);
    }
    if let Some(account_id) = account_id
        && !record.client_id.is_empty()
        && matches!(
            sandbox.db.client(&record.client_id).await,
            Ok(Some(client)) if client.account_id.as_deref() == Some(account_id)
        )
    {
        exchange.client_id = Some(record.client_id);
    }
}

/// The path of an absolute URL.
fn url_path(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    Some(rest.find('/').map_or("/", |at| &rest[at..]))
}

/// Adds the inspector's view of `token`, just obtained from the embedded sandbox, to the
/// exchange's token panel, when the token is one of `account_id`'s apps'.
pub async fn attach_inspection(
    sandbox: &Sandbox,
    account_id: Option<&str>,
    exchange: &mut Exchange,
    token: &SecretString,
) {
    let (Some(account_id), Some(summary)) = (account_id, exchange.token.as_mut()) else {
        return;
    };
    if let Ok(inspection @ Inspection::Decoded(_)) =
        inspect::inspect(sandbox, account_id, token.expose_secret()).await
    {
        // The panel shows the checks as they were when the token came. Its decoded parts are
        // in the summary already, its uses in the inspector and the log: kept here, they
        // would only weigh on the session.
        let inspection = match inspection {
            Inspection::Decoded(mut decoded) => {
                decoded.header.clear();
                decoded.claims.clear();
                if let Some(app) = decoded.app.as_mut() {
                    app.uses.clear();
                }
                Inspection::Decoded(decoded)
            }
            other => other,
        };
        summary.inspection = Some(inspection);
    }
}

#[cfg(test)]
mod tests {
    use app::ssr::console::ConsoleState;

    #[test]
    fn console_state_kept_by_an_older_version_still_reads() {
        let older = r#"{"environment":"sandbox","credentials":"None","latest_v2":1,"latest_v1":null,
            "latest_call":null,"next_id":1,"history":[{"id":1,"at":0,"title":"v2 token",
            "environment":"Embedded sandbox","environment_id":"sandbox",
            "request":{"method":"POST","url":"u","headers":[],"body":null,"body_truncated_from":null},
            "response":null,"elapsed_ms":1,
            "explanation":{"tone":"Ok","title":"t","detail":"d","next_step":null},
            "token":{"expires_at":10,"scope":null,"claims":null},
            "snippets":[],"replay":{"Token":{"api":"v2","scope":null}}}]}"#;
        let state: ConsoleState = serde_json::from_str(older).expect("an older session reads");
        let exchange = &state.history[0];
        assert_eq!(
            (exchange.request_id.as_deref(), exchange.log_entry_url()),
            (None, None)
        );
        assert!(
            exchange
                .token
                .as_ref()
                .is_some_and(|token| token.inspection.is_none() && token.header.is_none())
        );
    }
}
