//! The console's credentials choice, shared by the token form and every operation's Try It
//! form: a radio per active app of the signed-in account (its secret stays on the server), or
//! "paste a client id and secret" with the two inputs (the secret used once, never kept), and
//! on operation forms "use my user token" when the person signed in to the CIAM.

use crate::model::apps::AppsOverview;
use crate::ssr::console::CredentialChoice;
use leptos::prelude::*;

/// The choices, inside the caller's fieldset; element ids start with `prefix`.
#[component]
pub fn CredentialChoices(
    /// The id prefix (`console`, `try`).
    prefix: &'static str,
    /// The signed-in account's apps.
    apps: Option<AppsOverview>,
    /// What was chosen last.
    choice: CredentialChoice,
    /// The hint under the secret's input.
    secret_hint: &'static str,
    /// Whether to suggest signing up or in when there are no apps.
    #[prop(default = false)]
    sign_up_hint: bool,
    /// The acting user (`sub`) of the console's CIAM sign-in, to offer their user token.
    #[prop(default = None)]
    user: Option<String>,
) -> impl IntoView {
    let user_checked = user.is_some() && choice == CredentialChoice::User;
    let active: Vec<_> = apps
        .map(|a| a.apps)
        .unwrap_or_default()
        .into_iter()
        .filter(|a| a.status == "active")
        .collect();
    let has_apps = !active.is_empty();
    let chosen_app = match &choice {
        CredentialChoice::App { client_id } => Some(client_id.clone()),
        _ => None,
    };
    let pasted_id = match &choice {
        CredentialChoice::Pasted { client_id } => client_id.clone(),
        _ => String::new(),
    };
    let paste_checked = !user_checked && (!has_apps || matches!(choice, CredentialChoice::Pasted { .. }));
    let (paste_id, client_id, secret_id) = (
        format!("{prefix}-paste"),
        format!("{prefix}-client-id"),
        format!("{prefix}-client-secret"),
    );
    let secret_hint_id = format!("{secret_id}-hint");
    let user_id = format!("{prefix}-user");
    view! {
        {user.map(|subject| view! {
            <div class="checkbox">
                <input type="radio" id=user_id.clone() name="credentials" value="user" checked=user_checked />
                <label for=user_id.clone()>{format!("Use my user token (signed in to the CIAM as {subject})")}</label>
            </div>
        })}
        {active
            .into_iter()
            .enumerate()
            .map(|(index, app)| {
                let id = format!("{prefix}-app-{index}");
                let checked = chosen_app.as_deref() == Some(app.client_id.as_str()) || (chosen_app.is_none() && index == 0 && !paste_checked && !user_checked);
                view! {
                    <div class="checkbox">
                        <input type="radio" id=id.clone() name="credentials" value=format!("app:{}", app.client_id) checked=checked />
                        <label for=id>{format!("{} ({})", app.name, app.client_id)}</label>
                    </div>
                }
            })
            .collect_view()}
        <div class="checkbox">
            <input type="radio" id=paste_id.clone() name="credentials" value="paste" checked=paste_checked />
            <label for=paste_id>"Paste a client id and secret"</label>
        </div>
        {(sign_up_hint && !has_apps).then(|| view! {
            <p class="field-hint">
                <a href="/sandbox/signup">"Sign up"</a> " or " <a href="/login">"sign in"</a>
                " to use your apps without pasting a secret."
            </p>
        })}
        <div class="field">
            <label for=client_id.clone()>"MN-ClientId"</label>
            <input id=client_id name="client_id" type="text" autocomplete="off" spellcheck="false" value=pasted_id />
        </div>
        <div class="field">
            <label for=secret_id.clone()>"MN-ClientSecret"</label>
            <p class="field-hint" id=secret_hint_id.clone()>{secret_hint}</p>
            <input id=secret_id name="client_secret" type="password" autocomplete="off" aria-describedby=secret_hint_id />
        </div>
    }
}
