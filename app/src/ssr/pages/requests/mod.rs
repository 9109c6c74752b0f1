//! An app's request log: the list (`/sandbox/apps/{client_id}/requests`: filters, pages, live
//! updates, exports) and one request in full (`…/requests/{request_id}`: the explanation and
//! what to do next). Only the signed-in owner of the app sees either; anyone else gets 404.

pub mod detail;
pub mod filters;
pub mod list;
pub mod row;

use crate::ssr::page_session::PageSession;
use crate::ssr::session::SessionAccount;

/// The signed-in account, or a redirect to `/login` (then `None`).
fn signed_in() -> Option<SessionAccount> {
    let account = PageSession::current().account;
    if account.is_none() {
        leptos_axum::redirect("/login");
    }
    account
}
