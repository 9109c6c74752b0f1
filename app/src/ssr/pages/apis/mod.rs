//! The API catalogue's pages: the list (`/apis`), an API's overview (`/apis/{slug}`) and one
//! operation's reference (`/apis/{slug}/{operation}`). All server-rendered, complete without
//! JavaScript.

pub mod catalogue;
pub mod operation;
pub mod overview;
pub mod try_it_panel;

use crate::ssr::catalogue::OperationLink;
use leptos::prelude::*;

/// An operation's method as a badge.
#[component]
pub fn MethodBadge(method: String) -> impl IntoView {
    let class = format!("method method-{}", method.to_ascii_lowercase());
    view! { <span class=class>{method}</span> }
}

/// A link to an operation of the API `api`: method, path and summary.
#[component]
pub fn OperationLinkView(api: String, operation: OperationLink) -> impl IntoView {
    let href = format!("/apis/{api}/{}", operation.slug);
    view! {
        <a class="operation-link" href=href>
            <MethodBadge method=operation.method />
            <code class="operation-path">{operation.path}</code>
            <span class="operation-summary">{operation.summary}</span>
            {operation.deprecated.then(|| view! { <span class="badge deprecated">"deprecated"</span> })}
        </a>
    }
}
