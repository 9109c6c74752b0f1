//! The Try It panel of an operation page: the form generated from the operation (environment,
//! credentials as its security asks, a labelled input per parameter, a body editor per media
//! type, "send anyway") and the latest answer to it. It posts as a plain form to the portal's
//! server, which sends the request; with JavaScript the enhancer keeps the page in place.

use crate::model::apps::AppsOverview;
use crate::ssr::catalogue::{BodyEditor, BodyInput, CredentialNeed, FormInput, InputKind, TryItForm};
use crate::ssr::components::credential_choice::CredentialChoices;
use crate::ssr::components::exchange::ExchangeView;
use crate::ssr::components::forms::CsrfField;
use crate::ssr::console::{CredentialChoice, EnvironmentView, Exchange};
use leptos::prelude::*;

/// Where the form posts (the console's upload route: it may carry files).
pub const CALL_ACTION: &str = "/try-it/call";

/// What the panel shows.
pub struct PanelData {
    /// The API's slug.
    pub api: String,
    /// The operation's slug.
    pub operation: String,
    /// The generated form.
    pub form: TryItForm,
    /// The environments that serve the API.
    pub environments: Vec<EnvironmentView>,
    /// The environment chosen last.
    pub selected: String,
    /// The session's CSRF token.
    pub csrf: String,
    /// The signed-in account's apps.
    pub apps: Option<AppsOverview>,
    /// The credentials chosen last.
    pub choice: CredentialChoice,
    /// The latest answer to this operation in the session.
    pub result: Option<Exchange>,
    /// The acting user (`sub`) when the person signed in to the CIAM from the console.
    pub user: Option<String>,
}

/// The panel.
#[component]
pub fn TryItPanel(data: PanelData) -> impl IntoView {
    let PanelData {
        api,
        operation,
        form,
        environments,
        selected,
        csrf,
        apps,
        choice,
        result,
        user,
    } = data;
    let result_view = match result {
        Some(exchange) => view! { <ExchangeView exchange id="try-it-result" /> }.into_any(),
        None => {
            view! { <p class="field-hint">"Nothing sent yet: fill in the form and send the request."</p> }
                .into_any()
        }
    };
    if environments.is_empty() {
        return view! {
            <section class="panel try-it" aria-labelledby="try-it">
                <div class="panel-header"><h2 id="try-it">"Try it"</h2></div>
                <p class="notice">"No environment of this portal serves this API, so it cannot be called from here. An operator adds it to an environment's " <code>"apis"</code> " list."</p>
            </section>
        }
        .into_any();
    }
    let TryItForm {
        parameters,
        bodies,
        body_required,
        credentials,
    } = form;
    let several_bodies = bodies.len() > 1;
    view! {
        <section class="panel try-it" aria-labelledby="try-it">
            <div class="panel-header"><h2 id="try-it">"Try it"</h2></div>
            <p>"The portal's server sends this request to the environment you choose and shows what came back: no CORS errors, and your secrets never reach the page."</p>
            <form class="form" method="post" action=CALL_ACTION enctype="multipart/form-data" data-enhance="">
                <CsrfField token=csrf />
                <input type="hidden" name="api" value=api />
                <input type="hidden" name="operation" value=operation />
                <div class="field">
                    <label for="try-environment">"Environment"</label>
                    <select id="try-environment" name="environment">
                        {environments.into_iter().map(|environment| {
                            let is_selected = environment.id == selected;
                            view! { <option value=environment.id selected=is_selected>{environment.name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <Credentials needs=credentials apps choice user />
                {(!parameters.is_empty()).then(|| view! {
                    <fieldset class="field-group">
                        <legend>"Parameters"</legend>
                        {parameters.into_iter().map(|input| view! { <Input input /> }).collect_view()}
                    </fieldset>
                })}
                {(!bodies.is_empty()).then(|| view! {
                    <fieldset class="field-group">
                        <legend>{if body_required { "Request body (required)" } else { "Request body (optional)" }}</legend>
                        {several_bodies.then(|| view! { <MediaChoice bodies=bodies.clone() /> })}
                        {bodies.into_iter().map(|body| view! { <BodyView body /> }).collect_view()}
                    </fieldset>
                })}
                <div class="checkbox">
                    <input type="checkbox" id="try-send-anyway" name="send_anyway" value="true" />
                    <label for="try-send-anyway">"Send anyway, even if the values do not match the documented schema (to see the API's own errors)"</label>
                </div>
                <button type="submit" class="button primary">"Send request"</button>
            </form>
            <div id="try-it-results" aria-live="polite">{result_view}</div>
        </section>
    }
    .into_any()
}

/// The credentials the operation's security asks for.
#[component]
fn Credentials(
    needs: Vec<CredentialNeed>,
    apps: Option<AppsOverview>,
    choice: CredentialChoice,
    user: Option<String>,
) -> impl IntoView {
    needs
        .into_iter()
        .map(|need| match need {
            CredentialNeed::None => view! { <p class="field-hint">"This operation needs no credentials."</p> }.into_any(),
            CredentialNeed::ClientCredentials { scopes } => {
                view! { <ClientCredentials scopes apps=apps.clone() choice=choice.clone() user=user.clone() /> }.into_any()
            }
            CredentialNeed::Bearer => view! {
                <div class="field">
                    <label for="try-bearer">"Bearer token"</label>
                    <p class="field-hint" id="try-bearer-hint">"Used for this request only, never stored or shown. Leave empty to use the token the console holds for this environment."</p>
                    <input id="try-bearer" name="auth.bearer" type="password" autocomplete="off" aria-describedby="try-bearer-hint" />
                </div>
            }
            .into_any(),
            CredentialNeed::UserToken => {
                let hint = match &user {
                    Some(subject) => format!("Leave empty to use your user token (signed in to the CIAM as {subject}); the portal's server sends it. Or paste one, used for this request only."),
                    None => "A user's token: sign in with the CIAM on the Try It page and the console uses yours, or paste one (used for this request only, never stored).".to_owned(),
                };
                view! {
                    <div class="field">
                        <label for="try-bearer">"User token"</label>
                        <p class="field-hint" id="try-bearer-hint">{hint}</p>
                        {user.is_none().then(|| view! { <p class="field-hint"><a href="/try-it#user-token">"Sign in with the CIAM on the Try It page"</a></p> })}
                        <input id="try-bearer" name="auth.bearer" type="password" autocomplete="off" aria-describedby="try-bearer-hint" />
                    </div>
                }
                .into_any()
            }
            CredentialNeed::ApiKey { scheme, location, name } => {
                let field = format!("auth.api_key.{scheme}");
                let id = format!("try-api-key-{}", crate::ssr::pages::apis::overview::anchor_of(&scheme));
                let hint_id = format!("{id}-hint");
                view! {
                    <div class="field">
                        <label for=id.clone()>{format!("API key ({name})")}</label>
                        <p class="field-hint" id=hint_id.clone()>{format!("Sent in the {location} {name} for this request only; never stored or shown.")}</p>
                        <input id=id name=field type="password" autocomplete="off" aria-describedby=hint_id />
                    </div>
                }
                .into_any()
            }
            CredentialNeed::Basic => view! {
                <fieldset class="field">
                    <legend>"HTTP Basic credentials (for this request only; never stored)"</legend>
                    <div class="field">
                        <label for="try-basic-user">"User"</label>
                        <input id="try-basic-user" name="auth.basic_user" type="text" autocomplete="off" />
                    </div>
                    <div class="field">
                        <label for="try-basic-password">"Password"</label>
                        <input id="try-basic-password" name="auth.basic_password" type="password" autocomplete="off" />
                    </div>
                </fieldset>
            }
            .into_any(),
            CredentialNeed::Unsupported(what) => view! {
                <p class="notice">{format!("This operation asks for {what}, which the console cannot provide: the request is sent without it.")}</p>
            }
            .into_any(),
        })
        .collect_view()
}

/// OAuth 2.0 client credentials: one of your apps, or a pasted client id and secret.
#[component]
fn ClientCredentials(
    scopes: Vec<String>,
    apps: Option<AppsOverview>,
    choice: CredentialChoice,
    user: Option<String>,
) -> impl IntoView {
    let scope_note = if scopes.is_empty() {
        "An OAuth 2.0 access token (client credentials).".to_owned()
    } else {
        format!(
            "An OAuth 2.0 access token (client credentials) with scope {}.",
            scopes.join(", ")
        )
    };
    view! {
        <fieldset class="field">
            <legend>"Credentials"</legend>
            <p class="field-hint">{scope_note} " The console uses the token it holds for them, or gets one."</p>
            <CredentialChoices
                prefix="try"
                apps
                choice
                user
                secret_hint="Only needed when the console holds no token for this client; used once, never stored."
            />
        </fieldset>
    }
}

/// The media type to send, when there are several.
#[component]
fn MediaChoice(bodies: Vec<BodyInput>) -> impl IntoView {
    view! {
        <div class="field">
            <label for="try-media-type">"Send the body as"</label>
            <select id="try-media-type" name="media_type">
                {bodies.into_iter().map(|body| {
                    let label = body.media_type.clone();
                    view! { <option value=body.media_type>{label}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// One media type's editor.
#[component]
fn BodyView(body: BodyInput) -> impl IntoView {
    let id = format!(
        "try-body-{}",
        crate::ssr::pages::apis::overview::anchor_of(&body.media_type)
    );
    match body.editor {
        BodyEditor::Text { field, text, files, error } => view! {
            <div class="field">
                <label for=id.clone()>{format!("Body ({})", body.media_type)}</label>
                {error.clone().map(|error| view! { <p class="field-error" id=format!("{id}-error")>{error}</p> })}
                <textarea id=id.clone() name=field rows="12" spellcheck="false" aria-invalid=error.is_some().then_some("true") aria-describedby=error.is_some().then(|| format!("{id}-error"))>{text}</textarea>
            </div>
            {files.into_iter().map(|input| view! { <Input input /> }).collect_view()}
        }
        .into_any(),
        BodyEditor::Fields(inputs) => view! {
            <fieldset class="field">
                <legend>{format!("Body fields ({})", body.media_type)}</legend>
                {inputs.into_iter().map(|input| view! { <Input input /> }).collect_view()}
            </fieldset>
        }
        .into_any(),
    }
}

/// One labelled input (or, for arrays, one per value plus an empty one).
#[component]
fn Input(input: FormInput) -> impl IntoView {
    let hint_id = format!("{}-hint", input.id);
    let label = if input.required {
        format!("{} (required)", input.label)
    } else {
        input.label.clone()
    };
    let hint = (!input.hint.is_empty())
        .then(|| view! { <p class="field-hint" id=hint_id.clone()>{input.hint.clone()}</p> });
    // The problem with the value last sent, announced with the input it concerns.
    let error_id = format!("{}-error", input.id);
    let invalid = input.error.is_some();
    let error = input
        .error
        .clone()
        .map(|error| view! { <p class="field-error" id=error_id.clone()>{error}</p> });
    let hint_id = if invalid {
        format!("{hint_id} {error_id}")
    } else {
        hint_id
    };
    if input.repeatable {
        let mut values = input.values.clone();
        values.push(String::new());
        return view! {
            <fieldset class="field repeatable">
                <legend>{label}</legend>
                {hint}
                {error}
                {values.into_iter().enumerate().map(|(index, value)| {
                    let id = format!("{}-{}", input.id, index + 1);
                    view! {
                        <div class="field">
                            <label for=id.clone()>{format!("{} value {}", input.label, index + 1)}</label>
                            <Control kind=input.kind.clone() field=input.field.clone() id value required=true hint=hint_id.clone() invalid />
                        </div>
                    }
                }).collect_view()}
            </fieldset>
        }
        .into_any();
    }
    let value = input.values.first().cloned().unwrap_or_default();
    view! {
        <div class="field">
            <label for=input.id.clone()>{label}</label>
            {hint}
            {error}
            <Control kind=input.kind field=input.field id=input.id value required=input.required hint=hint_id invalid />
        </div>
    }
    .into_any()
}

/// The control itself (`required` only decides whether a select offers "not sent"; nothing is
/// marked required for the browser, so "send anyway" can test the API's own checks).
#[component]
fn Control(
    kind: InputKind,
    field: String,
    id: String,
    value: String,
    required: bool,
    hint: String,
    invalid: bool,
) -> impl IntoView {
    let invalid = invalid.then_some("true");
    match kind {
        InputKind::Select(options) => view! {
            <select id=id name=field aria-describedby=hint aria-invalid=invalid>
                {(!required).then(|| view! { <option value="" selected=value.is_empty()>"(not sent)"</option> })}
                {options.into_iter().map(|option| {
                    let selected = option == value;
                    let label = option.clone();
                    view! { <option value=option selected=selected>{label}</option> }
                }).collect_view()}
            </select>
        }
        .into_any(),
        InputKind::Number { integer, min, max } => view! {
            <input id=id name=field type="number" step=if integer { "1" } else { "any" } min=min max=max value=value aria-describedby=hint aria-invalid=invalid />
        }
        .into_any(),
        InputKind::Boolean => view! {
            <input id=id name=field type="checkbox" value="true" checked=value == "true" aria-describedby=hint aria-invalid=invalid />
        }
        .into_any(),
        InputKind::Json => view! {
            <textarea id=id name=field rows="4" spellcheck="false" aria-describedby=hint aria-invalid=invalid>{value}</textarea>
        }
        .into_any(),
        InputKind::File => view! { <input id=id name=field type="file" aria-describedby=hint aria-invalid=invalid /> }.into_any(),
        InputKind::Text => view! {
            <input id=id name=field type="text" autocomplete="off" spellcheck="false" value=value aria-describedby=hint aria-invalid=invalid />
        }
        .into_any(),
    }
}
