//! The Try It console's form endpoints: `POST /try-it/token`, `/try-it/call` (multipart, for the
//! document upload), `/try-it/history/rerun` and `/try-it/history/clear`. The form guard has
//! checked and parsed each form ([`VerifiedForm`]); each runs on the server, records the
//! exchange in the session and answers with a redirect to `/try-it` (post/redirect/get), which
//! shows the result; the enhancer makes that happen in place.

use crate::http::error_page;
use crate::http::form_guard::VerifiedForm;
use crate::rate_limit::{Bucket, Decision};
use crate::state::AppState;
use crate::try_it::environments::Environment;
use crate::try_it::{ConsoleService, Credentials, TokenApi, tokens};
use app::error::AppError;
use app::ssr::console::{ConsoleState, CredentialChoice, Explanation, OperationView, Replay, Tone};
use app::ssr::request::ClientAddress;
use app::ssr::session::{PortalSession, SessionAccount};
use axum::Router;
use axum::extract::State;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use tower_sessions::Session;

/// Where the API-call form is sent (the one console form that may carry a file).
pub const CALL_PATH: &str = "/try-it/call";
/// The largest API-call form: a 5 MiB document plus the JSON body.
pub const CALL_BODY_LIMIT: usize = 7 * 1024 * 1024;
/// The most the console's state in a session may take (as JSON); older history goes first.
pub const CONSOLE_STATE_BUDGET_BYTES: usize = 192 * 1024;

/// The console's routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/try-it/token", post(request_token))
        .route(CALL_PATH, post(call_api))
        .route("/try-it/history/rerun", post(rerun))
        .route("/try-it/history/clear", post(clear_history))
}

/// What the console handlers work with.
struct Context {
    session: PortalSession,
    account: Option<SessionAccount>,
    state: ConsoleState,
    /// Who the console's calls are made for: the signed-in person, else the browser's address.
    on_behalf_of: ClientAddress,
}

async fn context(app: &AppState, parts: &Parts, session: Session) -> Result<Context, AppError> {
    let session = PortalSession::new(session);
    let account = session.account(app.sandbox.clock.now()).await?;
    let state = session.get(ConsoleState::SESSION_KEY).await?.unwrap_or_default();
    let client = parts
        .extensions
        .get::<ClientAddress>()
        .cloned()
        .ok_or(AppError::Internal)?;
    let on_behalf_of = ClientAddress {
        key: match &account {
            Some(account) => format!("account:{}", account.id),
            None => client.key,
        },
        ip: client.ip,
    };
    Ok(Context {
        session,
        account,
        state,
        on_behalf_of,
    })
}

impl Context {
    async fn save(&mut self, anchor: &str) -> Result<Response, AppError> {
        self.state.trim_until(|state| {
            serde_json::to_vec(state).map_or(0, |json| json.len()) <= CONSOLE_STATE_BUDGET_BYTES
        });
        self.session
            .insert(ConsoleState::SESSION_KEY, &self.state)
            .await?;
        Ok(Redirect::to(&format!("/try-it#{anchor}")).into_response())
    }

    /// Per-person (account, else session) and per-address limits.
    async fn limit(&self, app: &AppState, parts: &Parts) -> Result<(), AppError> {
        let person = match &self.account {
            Some(account) => account.id.clone(),
            None => self.session.csrf_token().await?,
        };
        let address = parts
            .extensions
            .get::<ClientAddress>()
            .ok_or(AppError::Internal)?;
        for (bucket, key) in [
            (Bucket::ConsolePerson, person.as_str()),
            (Bucket::ConsoleSource, &address.key),
        ] {
            if let Decision::Limited { retry_after } = app.limiter.check(bucket, key).await {
                return Err(AppError::TooManyRequests {
                    retry_after_secs: retry_after,
                });
            }
        }
        Ok(())
    }
}

/// Answers an error as a page (plain form) or JSON.
async fn answer(app: &AppState, parts: &Parts, result: Result<Response, AppError>) -> Response {
    match result {
        Ok(response) => response,
        Err(error) => error_page::respond(app, parts, error).await,
    }
}

/// The token form (the pasted secret never prints).
#[derive(Debug, Deserialize)]
struct TokenForm {
    environment: String,
    api: String,
    credentials: Option<String>,
    client_id: Option<String>,
    client_secret: Option<SecretString>,
    scope: Option<String>,
}

async fn request_token(
    State(app): State<AppState>,
    session: Session,
    parts: Parts,
    form: VerifiedForm,
) -> Response {
    let result = async {
        let form: TokenForm = form.parse()?;
        let mut context = context(&app, &parts, session).await?;
        context.limit(&app, &parts).await?;
        run_token(&app, &mut context, form).await
    }
    .await;
    answer(&app, &parts, result).await
}

async fn run_token(app: &AppState, context: &mut Context, form: TokenForm) -> Result<Response, AppError> {
    let console = &app.console;
    let environment = console
        .environment(&form.environment)
        .ok_or_else(|| AppError::BadRequest("That environment is not configured.".into()))?;
    let api = match form.api.as_str() {
        "v1" => TokenApi::V1,
        "v2" => TokenApi::V2,
        _ => return Err(AppError::BadRequest("Choose the v2 or the v1 token API.".into())),
    };
    let scope = form
        .scope
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty() && api == TokenApi::V2);
    context.state.environment = environment.id.clone();
    let replay = Replay::Token {
        api: api.as_str().into(),
        scope: scope.map(str::to_owned),
    };
    let credentials = match credentials(app, context, environment, &form).await {
        Ok(credentials) => credentials,
        Err(explanation) => {
            let title = format!("{} token", api.as_str());
            let exchange = console.unsent(environment, &title, explanation, replay);
            context.state.record(exchange);
            return context.save("token-results").await;
        }
    };
    context.state.credentials = match form.credentials.as_deref() {
        Some("paste") => CredentialChoice::Pasted {
            client_id: credentials.client_id.clone(),
        },
        _ => CredentialChoice::App {
            client_id: credentials.client_id.clone(),
        },
    };
    let (exchange, obtained) = console
        .token(environment, api, &credentials, scope, &context.on_behalf_of)
        .await;
    if let Some(obtained) = obtained {
        tokens::keep(
            &context.session,
            &app.sealer,
            &environment.id,
            &credentials.client_id,
            &obtained.token,
            obtained.expires_at,
        )
        .await?;
    }
    context.state.record(exchange);
    context.save("token-results").await
}

/// The credentials a token form chose: an app of the account (its sealed secret, and only for
/// the embedded sandbox, which issued it), or pasted.
async fn credentials(
    app: &AppState,
    context: &Context,
    environment: &Environment,
    form: &TokenForm,
) -> Result<Credentials, Explanation> {
    let problem = |title: &str, detail: &str| Explanation {
        tone: Tone::Error,
        title: title.into(),
        detail: detail.into(),
        next_step: None,
    };
    match form.credentials.as_deref() {
        Some("paste") => {
            let client_id = form.client_id.as_deref().map(str::trim).unwrap_or_default();
            let secret = form
                .client_secret
                .as_ref()
                .map(|secret| secret.expose_secret().trim())
                .unwrap_or_default();
            if client_id.is_empty() || secret.is_empty() {
                return Err(problem(
                    "Enter a client id and secret",
                    "Paste both your MN-ClientId and MN-ClientSecret, or choose one of your apps.",
                ));
            }
            Ok(Credentials {
                client_id: client_id.to_owned(),
                secret: SecretString::from(secret.to_owned()),
            })
        }
        Some(choice) if choice.starts_with("app:") => {
            let client_id = &choice["app:".len()..];
            let Some(account) = &context.account else {
                return Err(problem(
                    "Sign in to use your apps",
                    "Your session has ended: sign in again, or paste a client id and secret.",
                ));
            };
            if !environment.embedded {
                return Err(problem(
                    "Your apps work only in the sandbox",
                    "Sandbox apps were issued by the embedded sandbox, so their secrets are sent only there. For this environment, paste the client id and secret it issued you.",
                ));
            }
            let owned = matches!(app.sandbox.db.client(client_id).await, Ok(Some(client)) if client.account_id.as_deref() == Some(account.id.as_str()));
            if !owned {
                return Err(problem(
                    "That app is not yours",
                    "Choose one of the apps listed in the form.",
                ));
            }
            let secret = app.sandbox.clients.broker_secret(client_id).await.map_err(|_| {
                problem("This app cannot be used", "The app has been revoked, or its secret could not be opened. Add a new app on your sandbox page.")
            })?;
            Ok(Credentials {
                client_id: client_id.to_owned(),
                secret,
            })
        }
        _ => Err(problem(
            "Choose credentials",
            "Choose one of your apps, or paste a client id and secret.",
        )),
    }
}

async fn call_api(
    State(app): State<AppState>,
    session: Session,
    parts: Parts,
    form: VerifiedForm,
) -> Response {
    let result = async {
        let mut context = context(&app, &parts, session).await?;
        context.limit(&app, &parts).await?;
        run_call(&app, &mut context, &form).await
    }
    .await;
    answer(&app, &parts, result).await
}

async fn run_call(app: &AppState, context: &mut Context, form: &VerifiedForm) -> Result<Response, AppError> {
    let console = &app.console;
    let environment = console
        .environment(form.field("environment").unwrap_or_default())
        .ok_or_else(|| AppError::BadRequest("That environment is not configured.".into()))?;
    let operation = console
        .operation(form.field("operation").unwrap_or_default())
        .cloned()
        .ok_or_else(|| AppError::BadRequest("That operation does not exist.".into()))?;
    let attachment_id = form
        .field("attachment_id")
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_owned);
    let body = match prepare_body(&operation, form) {
        Ok(body) => body,
        Err(explanation) => {
            let replay = Replay::Call {
                operation: operation.id.clone(),
                attachment_id,
                body: None,
            };
            context
                .state
                .record(console.unsent(environment, &operation.summary, explanation, replay));
            return context.save("call-results").await;
        }
    };
    call_with_token(
        app,
        context,
        environment,
        &operation,
        attachment_id.as_deref(),
        body,
    )
    .await?;
    context.save("call-results").await
}

/// Sends an API call with the session's token, getting a fresh one for an app when needed.
async fn call_with_token(
    app: &AppState,
    context: &mut Context,
    environment: &Environment,
    operation: &OperationView,
    attachment_id: Option<&str>,
    body: Option<String>,
) -> Result<(), AppError> {
    let console: &ConsoleService = &app.console;
    let now = app.sandbox.clock.now();
    let client_id = context.state.credentials.client_id().map(str::to_owned);
    let mut token = match &client_id {
        Some(client_id) => {
            tokens::usable(&context.session, &app.sealer, &environment.id, client_id, now).await?
        }
        None => None,
    };
    if token.is_none()
        && let CredentialChoice::App { client_id } = context.state.credentials.clone()
        && context.account.is_some()
    {
        // Refresh: the app's secret is on the server, so a new token can be had.
        let form = TokenForm {
            environment: environment.id.clone(),
            api: "v2".into(),
            credentials: Some(format!("app:{client_id}")),
            client_id: None,
            client_secret: None,
            scope: None,
        };
        if let Ok(credentials) = credentials(app, context, environment, &form).await {
            let (exchange, obtained) = console
                .token(
                    environment,
                    TokenApi::V2,
                    &credentials,
                    None,
                    &context.on_behalf_of,
                )
                .await;
            if let Some(obtained) = obtained {
                tokens::keep(
                    &context.session,
                    &app.sealer,
                    &environment.id,
                    &client_id,
                    &obtained.token,
                    obtained.expires_at,
                )
                .await?;
                token = Some(obtained.token);
            }
            context.state.record(exchange);
        }
    }
    let Some(token) = token else {
        let replay = Replay::Call {
            operation: operation.id.clone(),
            attachment_id: attachment_id.map(str::to_owned),
            body: body.filter(|b| b.len() <= crate::try_it::KEPT_BODY_BYTES),
        };
        let explanation = Explanation {
            tone: Tone::Error,
            title: "Get a token first".into(),
            detail: format!(
                "There is no valid token for {} in this session. A pasted secret is used once and not kept, so the console cannot get a new token by itself.",
                environment.name
            ),
            next_step: Some("Request a v2 or v1 token above, then send this request again.".into()),
        };
        context
            .state
            .record(console.unsent(environment, &operation.summary, explanation, replay));
        return Ok(());
    };
    let exchange = console
        .call(
            environment,
            operation,
            &token,
            attachment_id,
            body,
            &context.on_behalf_of,
        )
        .await;
    if operation.id == "submit"
        && let Some(response) = &exchange.response
        && response.status == 201
        && let Ok(json) = serde_json::from_str::<serde_json::Value>(&response.body)
        && let Some(id) = json["attachmentId"].as_str()
    {
        context.state.last_attachment_id = Some(id.to_owned());
    }
    context.state.record(exchange);
    Ok(())
}

/// The JSON body to send: the textarea's JSON, with an uploaded file as its base64 `document`.
fn prepare_body(operation: &OperationView, form: &VerifiedForm) -> Result<Option<String>, Explanation> {
    if operation.method != "POST" {
        return Ok(None);
    }
    let problem = |title: &str, detail: String| Explanation {
        tone: Tone::Error,
        title: title.into(),
        detail,
        next_step: None,
    };
    let text = form.field("body").unwrap_or_default();
    let mut json: serde_json::Value = serde_json::from_str(text).map_err(|error| {
        problem(
            "The request body is not valid JSON",
            format!("{error}. Fix it and send again."),
        )
    })?;
    if let Some(document) = form.file("document") {
        if document.bytes.len() > crate::claims::attachments::MAX_DOCUMENT_BYTES {
            return Err(problem(
                "The document is too large",
                format!(
                    "It is {} bytes; the limit is 5 MiB (5242880 bytes).",
                    document.bytes.len()
                ),
            ));
        }
        json["document"] = serde_json::json!(STANDARD.encode(&document.bytes));
        if let Some(file_name) = &document.file_name {
            json["fileName"] = serde_json::json!(file_name);
        }
        if let Some(content_type) = document
            .content_type
            .as_deref()
            .filter(|t| ["application/pdf", "image/tiff", "image/jpeg", "image/png"].contains(t))
        {
            json["contentType"] = serde_json::json!(content_type);
        }
    }
    Ok(Some(json.to_string()))
}

/// A history entry to run again (a pasted secret, for a token request, never prints).
#[derive(Debug, Deserialize)]
struct RerunForm {
    entry: u64,
    client_secret: Option<SecretString>,
}

async fn rerun(State(app): State<AppState>, session: Session, parts: Parts, form: VerifiedForm) -> Response {
    let result = async {
        let form: RerunForm = form
            .parse()
            .map_err(|_| AppError::BadRequest("Choose an entry of the history to run again.".into()))?;
        let mut context = context(&app, &parts, session).await?;
        context.limit(&app, &parts).await?;
        run_rerun(&app, &mut context, form).await
    }
    .await;
    answer(&app, &parts, result).await
}

async fn run_rerun(app: &AppState, context: &mut Context, form: RerunForm) -> Result<Response, AppError> {
    let entry = context
        .state
        .history
        .iter()
        .find(|exchange| exchange.id == form.entry)
        .cloned()
        .ok_or_else(|| {
            AppError::NotFound("That history entry is gone (the history keeps the last 20).".into())
        })?;
    let environment = app
        .console
        .environment(&entry.environment_id)
        .ok_or_else(|| AppError::BadRequest("That environment is no longer configured.".into()))?;
    match entry.replay {
        Replay::Token { api, scope } => {
            let credentials = match &context.state.credentials {
                CredentialChoice::App { client_id } => Some(format!("app:{client_id}")),
                CredentialChoice::Pasted { .. } => Some("paste".to_owned()),
                CredentialChoice::None => None,
            };
            let token_form = TokenForm {
                environment: environment.id.clone(),
                api,
                credentials,
                client_id: context.state.credentials.client_id().map(str::to_owned),
                client_secret: form.client_secret,
                scope,
            };
            run_token(app, context, token_form).await
        }
        Replay::Call {
            operation,
            attachment_id,
            body,
        } => {
            let operation = app
                .console
                .operation(&operation)
                .cloned()
                .ok_or(AppError::Internal)?;
            call_with_token(
                app,
                context,
                environment,
                &operation,
                attachment_id.as_deref(),
                body,
            )
            .await?;
            context.save("call-results").await
        }
        Replay::None => Err(AppError::BadRequest(
            "That request was too large to keep, so it cannot be run again.".into(),
        )),
    }
}

async fn clear_history(
    State(app): State<AppState>,
    session: Session,
    parts: Parts,
    _form: VerifiedForm,
) -> Response {
    let result = async {
        let mut context = context(&app, &parts, session).await?;
        context.state.clear();
        context.save("history").await
    }
    .await;
    answer(&app, &parts, result).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_console_forms_never_print_a_pasted_secret() {
        let token: TokenForm = serde_urlencoded::from_str(
            "environment=sandbox&api=v2&credentials=paste&client_id=mnc_a&client_secret=mns_hush",
        )
        .expect("form");
        assert!(!format!("{token:?}").contains("mns_hush"));
        let rerun: RerunForm = serde_urlencoded::from_str("entry=3&client_secret=mns_hush").expect("form");
        assert!(!format!("{rerun:?}").contains("mns_hush"));
    }
}
