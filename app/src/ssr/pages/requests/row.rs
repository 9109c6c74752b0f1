//! One request as a row of the log's table, rendered for the page and, as markup, for the
//! live updates (the same renderer escapes every text and attribute in both).

use crate::model::requests::RequestRowView;
use crate::ssr::paths::request_entry_url;
use leptos::prelude::*;

/// The table's column headings, in row order.
pub const COLUMNS: [&str; 9] = [
    "Time (UTC)",
    "Endpoint",
    "Method",
    "Status",
    "Error code",
    "What happened",
    "Source",
    "Client address",
    "Latency",
];

/// One row; its "what happened" links to the request's detail view.
#[component]
pub fn RequestRow(row: RequestRowView, #[prop(into)] client_id: String) -> impl IntoView {
    let href = request_entry_url(&client_id, &row.request_id);
    let badge = match row.status {
        200..=299 => "badge badge-ok",
        400.. => "badge badge-error",
        _ => "badge badge-muted",
    };
    view! {
        <tr>
            <td class="nowrap"><time datetime=row.when_iso>{row.when}</time></td>
            <td>{row.endpoint}</td>
            <td><code>{row.method}</code></td>
            <td><span class=badge>{row.status.to_string()}</span></td>
            <td>{row.error_code.map(|code| view! { <code>{code}</code> })}</td>
            <td><a href=href>{row.reason}</a></td>
            <td>{row.source}</td>
            <td><code>{row.client_address}</code></td>
            <td class="num">{row.latency}</td>
        </tr>
    }
}

/// The markup of one row, for a live update.
pub fn row_html(row: RequestRowView, client_id: &str) -> String {
    let client_id = client_id.to_owned();
    Owner::new().with(|| view! { <RequestRow row client_id /> }.to_html())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_escapes_what_it_shows() {
        let row = RequestRowView {
            request_id: "0f3a9c7e-1b2d-4c5e-8f90-a1b2c3d4e5f6".into(),
            when: "2026-11-29 10:00:00 UTC".into(),
            when_iso: "2026-11-29T10:00:00Z".into(),
            endpoint: "v2 token".into(),
            method: "POST".into(),
            status: 401,
            error_code: Some("invalid_client".into()),
            reason: "<img src=x onerror=alert(1)>".into(),
            source: "Outside".into(),
            client_address: "\"><script>".into(),
            latency: "1.0 ms".into(),
        };
        let html = row_html(row, "mnc_x");
        assert!(html.starts_with("<tr"), "{html}");
        assert!(html.contains("/sandbox/apps/mnc_x/requests/0f3a9c7e-1b2d-4c5e-8f90-a1b2c3d4e5f6"));
        assert!(!html.contains("<img") && !html.contains("<script"), "{html}");
        assert!(html.contains("&lt;img"), "{html}");
        assert!(!html.contains('\n') && !html.contains('\r'));
    }
}
