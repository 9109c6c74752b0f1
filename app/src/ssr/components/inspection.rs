//! A token as the inspector sees it: the verdict, each check, the expiry in words, the app and
//! its last uses (for the account's own tokens) and the decoded header and claims. The
//! inspector page shows all of it; the console's token panel a compact part.

use crate::model::inspection::{Decoded, Finding, InspectedApp, Inspection, Level, Subject};
use crate::model::time_words::expiry_in_words;
use leptos::prelude::*;

/// The whole report on one token, as of `now` (seconds since the epoch).
#[component]
pub fn InspectionReport(inspection: Inspection, now: i64) -> impl IntoView {
    let body = match inspection {
        Inspection::Unreadable { message } => view! {
            <div class="message error" role="alert">
                <p><strong>"This cannot be read as a token"</strong></p>
                <p>{message}</p>
            </div>
        }
        .into_any(),
        // Nothing else: neither the claims nor the app of another account's token.
        Inspection::NotYours => view! {
            <div class="message info" role="status">
                <p><strong>"Valid signature, not one of your apps"</strong></p>
            </div>
        }
        .into_any(),
        Inspection::Decoded(decoded) => view! { <DecodedReport decoded=*decoded now /> }.into_any(),
    };
    view! {
        <section class="panel" id="inspection" aria-labelledby="inspection-title" data-focus-after-update="">
            <div class="panel-header"><h2 id="inspection-title">"What this token is"</h2></div>
            {body}
        </section>
    }
}

#[component]
fn DecodedReport(decoded: Decoded, now: i64) -> impl IntoView {
    let tone = if decoded.accepted {
        "message ok"
    } else {
        "message error"
    };
    let unverified = !decoded.issued_here;
    let app = decoded.app.clone();
    view! {
        <div class=tone role="status">
            <p><strong>{decoded.title.clone()}</strong></p>
            <p>{decoded.detail.clone()}</p>
        </div>
        <Checks decoded=decoded.clone() now compact=false />
        {app.map(|app| view! { <AppReport app /> })}
        <h3>{if unverified { "JOSE header (unverified)" } else { "JOSE header" }}</h3>
        <pre tabindex="0"><code>{decoded.header}</code></pre>
        <h3>{if unverified { "Claims (unverified)" } else { "Claims" }}</h3>
        <pre tabindex="0"><code>{decoded.claims}</code></pre>
    }
}

/// Each check and the expiry in words, as a list; `compact` leaves out what changes after
/// the token was issued (its standing) and the app's name.
#[component]
pub fn Checks(decoded: Decoded, now: i64, compact: bool) -> impl IntoView {
    let findings: Vec<Finding> = decoded
        .findings
        .into_iter()
        .filter(|finding| !(compact && finding.subject == Subject::Revocation))
        .collect();
    let expiry = decoded.expires_at.map(|expires_at| {
        let words = expiry_in_words(expires_at, now);
        let (badge, label) = match (expires_at > now, decoded.issued_here) {
            (false, _) => ("badge badge-error", "expired"),
            (true, true) => ("badge badge-ok", "ok"),
            (true, false) => ("badge badge-muted", "unverified"),
        };
        let at = decoded
            .expires
            .map(|at| format!(" (at {at})"))
            .unwrap_or_default();
        view! {
            <dt>"Expiry"</dt>
            <dd><span class=badge>{label}</span> " " <span class="expiry-words">{words}</span> {at}</dd>
        }
    });
    let app = decoded.app.filter(|_| compact).map(|app| {
        view! {
            <dt>"App"</dt>
            <dd>{app.name} " (" <code>{app.client_id}</code> ")"</dd>
        }
    });
    view! {
        <dl class="kv inspection-checks">
            {findings
                .into_iter()
                .map(|finding| {
                    let (badge, label) = match finding.level {
                        Level::Pass => ("badge badge-ok", "ok"),
                        Level::Fail => ("badge badge-error", "refused"),
                        Level::Note => ("badge badge-muted", "unverified"),
                    };
                    view! {
                        <dt>{finding.subject.label()}</dt>
                        <dd><span class=badge>{label}</span> " " {finding.text}</dd>
                    }
                })
                .collect_view()}
            {expiry}
            {app}
        </dl>
    }
}

/// The account's app the token belongs to, and the token's last uses.
#[component]
fn AppReport(app: InspectedApp) -> impl IntoView {
    let InspectedApp {
        client_id,
        name,
        scopes,
        issued,
        issued_iso,
        log_url,
        uses,
    } = app;
    let uses_view = if uses.is_empty() {
        view! { <p>"No recorded use yet: its requests appear here within a second of being made."</p> }
            .into_any()
    } else {
        view! {
            <div class="table-scroll">
                <table class="data">
                    <caption class="visually-hidden">"The token's last uses, newest first"</caption>
                    <thead>
                        <tr><th scope="col">"When"</th><th scope="col">"Request"</th><th scope="col">"Status"</th><th scope="col">"What it came to"</th><th scope="col">"From"</th></tr>
                    </thead>
                    <tbody>
                        {uses
                            .into_iter()
                            .map(|used| {
                                let label = format!("{} at {}", used.what, used.when);
                                view! {
                                    <tr>
                                        <td><time datetime=used.when_iso>{used.when}</time></td>
                                        <td><a href=used.url aria-label=label>{used.what}</a></td>
                                        <td class="num">{used.status}</td>
                                        <td>{used.outcome}</td>
                                        <td>{used.source}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <h3>"Your app"</h3>
        <dl class="kv">
            <dt>"App"</dt>
            <dd>{name} " (" <code>{client_id}</code> ")"</dd>
            <dt>"Scopes"</dt>
            <dd>{if scopes.is_empty() { "none".to_owned() } else { scopes }}</dd>
            <dt>"Issued"</dt>
            <dd><time datetime=issued_iso>{issued}</time></dd>
        </dl>
        <h3>"Last uses"</h3>
        {uses_view}
        <p><a href=log_url>"The app's whole request log"</a></p>
    }
}
