//! One console exchange as the page shows it: the explanation, the token's expiry and claims,
//! the request sent, the response, and the same request as code.

use crate::model::inspection::Inspection;
use crate::model::time_words::expiry_in_words;
use crate::ssr::components::inspection::Checks;
use crate::ssr::console::{Exchange, TokenSummary, Tone};
use crate::ssr::paths::INSPECT_PATH;
use leptos::prelude::*;

/// An exchange; `id` makes its elements' ids unique on the page. With `now` (seconds since
/// the epoch), a token's expiry is also told in words.
#[component]
pub fn ExchangeView(
    exchange: Exchange,
    #[prop(into)] id: String,
    #[prop(default = None)] now: Option<i64>,
) -> impl IntoView {
    let log_entry = exchange.log_entry_url();
    let request_id = exchange.request_id.clone();
    let Exchange {
        title,
        environment,
        request,
        response,
        elapsed_ms,
        explanation,
        token,
        snippets,
        checks,
        ..
    } = exchange;
    let tone = match explanation.tone {
        Tone::Ok => "message ok",
        Tone::Info => "message info",
        Tone::Error => "message error",
    };
    let heading_id = format!("{id}-title");
    let labelled_by = heading_id.clone();
    let status = response
        .as_ref()
        .map(|r| format!("{} {}", r.status, r.reason))
        .unwrap_or_else(|| "No response".into());
    let badge = match response.as_ref().map(|r| r.status) {
        Some(200..=299) => "badge badge-ok",
        Some(_) => "badge badge-error",
        None => "badge badge-warn",
    };
    let sent = !request.url.is_empty();
    view! {
        <article class="exchange" aria-labelledby=labelled_by>
            <h3 id=heading_id>{title}</h3>
            <p class="status-line">
                <span class=badge>{status}</span>
                {sent.then(|| format!(" {elapsed_ms} ms · {environment}"))}
            </p>
            <div class=tone role="note">
                <p><strong>{explanation.title}</strong></p>
                <p>{explanation.detail}</p>
                {explanation.next_step.map(|next| view! { <p>"Next: " {next}</p> })}
            </div>
            {(!checks.is_empty()).then(|| view! {
                <div class="message warning" role="note">
                    <p><strong>"Not as documented"</strong></p>
                    <ul class="checks">{checks.into_iter().map(|check| view! { <li>{check}</li> }).collect_view()}</ul>
                </div>
            })}
            {(log_entry.is_some() || request_id.is_some()).then(|| view! {
                <p class="exchange-log">
                    {request_id.map(|id| view! { "Request id " <code>{id}</code> })}
                    {log_entry.map(|href| view! {
                        " · " <a href=href>"See it in your app's request log"</a>
                    })}
                </p>
            })}
            {token.map(|token| view! { <TokenPanel token now /> })}
            {sent.then(|| view! {
                <details>
                    <summary>"Request sent"</summary>
                    <p><code>{format!("{} {}", request.method, request.url)}</code></p>
                    <Headers headers=request.headers />
                    {request.body_truncated_from.map(|bytes| view! {
                        <p class="notice">{format!("The body was {bytes} bytes; it is shown truncated. The snippets below read it from a file.")}</p>
                    })}
                    {request.body.map(|body| view! { <pre tabindex="0"><code>{body}</code></pre> })}
                </details>
            })}
            {response.map(|response| view! {
                <details open=true>
                    <summary>"Response"</summary>
                    <Headers headers=response.headers />
                    {response.truncated_from.map(|bytes| view! {
                        <p class="notice">{format!("The body was {bytes} bytes; it is shown truncated to its first part.")}</p>
                    })}
                    <pre tabindex="0" class="response-body"><code>{response.body}</code></pre>
                </details>
            })}
            {(!snippets.is_empty()).then(|| view! {
                <details>
                    <summary>"The same request in code"</summary>
                    <p class="field-hint">"The real URL, with your client id; the secret and token come from environment variables."</p>
                    {snippets
                        .into_iter()
                        .enumerate()
                        .map(|(index, snippet)| {
                            let code_id = format!("{id}-code-{index}");
                            view! {
                                <div class="code-block">
                                    <p class="code-lang">{snippet.language.clone()}</p>
                                    <pre tabindex="0"><code id=code_id.clone()>{snippet.code}</code></pre>
                                    <button type="button" class="button small copy-button" hidden=true data-js-only="" data-copy-target=code_id>
                                        "Copy" <span class="visually-hidden">{format!(" the {} code", snippet.language)}</span>
                                    </button>
                                </div>
                            }
                        })
                        .collect_view()}
                </details>
            })}
        </article>
    }
}

/// The token a token request obtained, as the inspector sees it: held by the portal (never
/// shown), its expiry, scopes, checks and decoded parts, and the way to the inspector.
#[component]
fn TokenPanel(token: TokenSummary, now: Option<i64>) -> impl IntoView {
    let TokenSummary {
        expires_at,
        scope,
        claims,
        header,
        inspection,
    } = token;
    // The inspector's checks tell the expiry in words themselves.
    let inspected = now.is_some() && matches!(inspection, Some(Inspection::Decoded(_)));
    let checks = match (inspection, now) {
        (Some(Inspection::Decoded(decoded)), Some(now)) => {
            Some(view! { <Checks decoded=*decoded now compact=true /> })
        }
        _ => None,
    };
    view! {
        <dl class="kv">
            <dt>"Token"</dt>
            <dd>
                "Held by the portal for this session; "
                <span data-expires-at=expires_at.to_string()>{expiry_label(expires_at)}</span>
            </dd>
            {now.filter(|_| !inspected).map(|now| view! {
                <dt>"Expiry"</dt>
                <dd class="expiry-words">{expiry_in_words(expires_at, now)}</dd>
            })}
            {scope.map(|scope| view! { <dt>"Scopes"</dt><dd>{scope}</dd> })}
        </dl>
        {checks}
        {header.map(|header| view! {
            <details>
                <summary>"Decoded JOSE header"</summary>
                <pre tabindex="0"><code>{header}</code></pre>
            </details>
        })}
        {claims.map(|claims| view! {
            <details>
                <summary>"Decoded JWT claims"</summary>
                <pre tabindex="0"><code>{claims}</code></pre>
            </details>
        })}
        <p class="field-hint">
            "Check any token, such as the one your own code holds, in the "
            <a href=INSPECT_PATH>"token inspector"</a>
            ": its revocation status and last uses."
        </p>
    }
}

/// A list of header lines.
#[component]
fn Headers(headers: Vec<(String, String)>) -> impl IntoView {
    (!headers.is_empty()).then(|| view! {
        <dl class="kv headers">
            {headers.into_iter().map(|(name, value)| view! { <dt>{name}</dt><dd><code>{value}</code></dd> }).collect_view()}
        </dl>
    })
}

/// `expires at 10:15:00 UTC` (the enhancer turns it into a live countdown).
fn expiry_label(expires_at: i64) -> String {
    let seconds = expires_at.rem_euclid(86_400);
    format!(
        "expires at {:02}:{:02}:{:02} UTC",
        seconds / 3600,
        seconds % 3600 / 60,
        seconds % 60
    )
}
