//! The Try It console's form endpoints: `POST /try-it/token`, `/try-it/call` (multipart, for the
//! document upload), `/try-it/history/rerun` and `/try-it/history/clear`. Each runs on the
//! server, records the exchange in the session and answers with a redirect to `/try-it`
//! (post/redirect/get), which shows the result; the enhancer makes that happen in place.

use crate::console::{ConsoleService, Credentials, TokenApi, tokens};
use crate::http::error_page;
use crate::rate_limit::Decision;
use crate::state::AppState;
use app::error::AppError;
use app::ssr::console::{ConsoleState, CredentialChoice, Explanation, OperationView, Replay, Tone};
use app::ssr::session::{PortalSession, SessionAccount};
use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Multipart, Request, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use secrecy::SecretString;
use serde::Deserialize;
use std::net::SocketAddr;
use tower_sessions::Session;

/// The largest API-call form: a 5 MiB document plus the JSON body.
pub const CALL_BODY_LIMIT: usize = 7 * 1024 * 1024;

/// The console's routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/try-it/token", post(request_token))
        .route(
            "/try-it/call",
            post(call_api).layer(DefaultBodyLimit::max(CALL_BODY_LIMIT)),
        )
        .route("/try-it/history/rerun", post(rerun))
        .route("/try-it/history/clear", post(clear_history))
}

/// What the console handlers work with.
struct Context {
    session: PortalSession,
    account: Option<SessionAccount>,
    state: ConsoleState,
}

async fn context(app: &AppState, session: Session) -> Result<Context, AppError> {
    let session = PortalSession::new(session);
    let account = session.account(app.sandbox.clock.now()).await?;
    let state = session.get(ConsoleState::SESSION_KEY).await?.unwrap_or_default();
    Ok(Context {
        session,
        account,
        state,
    })
}

impl Context {
    async fn save(&self, anchor: &str) -> Result<Response, AppError> {
        self.session
            .insert(ConsoleState::SESSION_KEY, &self.state)
            .await?;
        Ok(Redirect::to(&format!("/try-it#{anchor}")).into_response())
    }
}

/// Per-person (account, else session) and per-IP limits.
async fn limit(app: &AppState, parts: &Parts, context: &Context) -> Result<(), AppError> {
    let ip = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_default();
    let person = match &context.account {
        Some(account) => account.id.clone(),
        None => context.session.csrf_token().await?,
    };
    for (bucket, key) in [("console-person", person), ("console-ip", ip)] {
        if let Decision::Limited { retry_after } = app.limiter.check(bucket, &key, app.limits.console).await {
            return Err(AppError::TooManyRequests {
                retry_after_secs: retry_after,
            });
        }
    }
    Ok(())
}

/// Answers an error as a page (plain form) or JSON.
async fn refuse(app: &AppState, parts: &Parts, error: AppError) -> Response {
    error_page::respond(app, parts, error).await
}

/// The token form.
#[derive(Debug, Deserialize)]
struct TokenForm {
    environment: String,
    api: String,
    credentials: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    scope: Option<String>,
}

async fn request_token(State(app): State<AppState>, session: Session, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let bytes = match axum::body::to_bytes(body, 64 * 1024).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return refuse(
                &app,
                &parts,
                AppError::BadRequest("The form is too large.".into()),
            )
            .await;
        }
    };
    let form: TokenForm = match serde_urlencoded::from_bytes(&bytes) {
        Ok(form) => form,
        Err(_) => {
            return refuse(
                &app,
                &parts,
                AppError::BadRequest("The token form was incomplete. Reload the page and try again.".into()),
            )
            .await;
        }
    };
    match run_token(&app, &parts, session, form).await {
        Ok(response) => response,
        Err(error) => refuse(&app, &parts, error).await,
    }
}

async fn run_token(
    app: &AppState,
    parts: &Parts,
    session: Session,
    form: TokenForm,
) -> Result<Response, AppError> {
    let mut context = context(app, session).await?;
    limit(app, parts, &context).await?;
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
    let credentials = match credentials(app, &context, &form).await {
        Ok(credentials) => credentials,
        Err(explanation) => {
            let exchange = console.unsent(
                environment,
                &format!("{} token", api.as_str()),
                explanation,
                replay,
            );
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
    let (exchange, obtained) = console.token(environment, api, &credentials, scope).await;
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

/// The credentials a token form chose: an app of the account (its sealed secret), or pasted.
async fn credentials(
    app: &AppState,
    context: &Context,
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
            let secret = form.client_secret.as_deref().map(str::trim).unwrap_or_default();
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

async fn call_api(State(app): State<AppState>, session: Session, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let request = Request::from_parts(parts.clone(), body);
    let multipart =
        match <Multipart as axum::extract::FromRequest<AppState>>::from_request(request, &app).await {
            Ok(multipart) => multipart,
            Err(_) => {
                return refuse(
                    &app,
                    &parts,
                    AppError::BadRequest("Send the API form as multipart/form-data.".into()),
                )
                .await;
            }
        };
    match run_call(&app, &parts, session, multipart).await {
        Ok(response) => response,
        Err(error) => refuse(&app, &parts, error).await,
    }
}

/// The API-call form's fields.
#[derive(Default)]
struct CallForm {
    csrf_token: String,
    environment: String,
    operation: String,
    attachment_id: Option<String>,
    body: Option<String>,
    document: Option<(Vec<u8>, Option<String>, Option<String>)>,
}

async fn read_call_form(mut multipart: Multipart) -> Result<CallForm, AppError> {
    let too_large =
        || AppError::BadRequest("The form is larger than allowed: documents may be at most 5 MiB.".into());
    let mut form = CallForm::default();
    while let Some(field) = multipart.next_field().await.map_err(|_| too_large())? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "document" {
            let file_name = field.file_name().map(str::to_owned).filter(|n| !n.is_empty());
            let content_type = field.content_type().map(str::to_owned);
            let bytes = field.bytes().await.map_err(|_| too_large())?;
            if !bytes.is_empty() {
                form.document = Some((bytes.to_vec(), file_name, content_type));
            }
            continue;
        }
        let text = field.text().await.map_err(|_| too_large())?;
        match name.as_str() {
            "csrf_token" => form.csrf_token = text,
            "environment" => form.environment = text,
            "operation" => form.operation = text,
            "attachment_id" => form.attachment_id = Some(text.trim().to_owned()).filter(|t| !t.is_empty()),
            "body" => form.body = Some(text),
            _ => {}
        }
    }
    Ok(form)
}

async fn run_call(
    app: &AppState,
    parts: &Parts,
    session: Session,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let form = read_call_form(multipart).await?;
    let mut context = context(app, session).await?;
    // Multipart bodies are not read by the form guard; the token is checked here instead.
    if !context.session.csrf_matches(&form.csrf_token).await? {
        return Err(AppError::Forbidden(
            "This form had expired, so it was not accepted. Reload the page and try again.".into(),
        ));
    }
    limit(app, parts, &context).await?;
    let console = &app.console;
    let environment = console
        .environment(&form.environment)
        .ok_or_else(|| AppError::BadRequest("That environment is not configured.".into()))?;
    let operation = console
        .operation(&form.operation)
        .cloned()
        .ok_or_else(|| AppError::BadRequest("That operation does not exist.".into()))?;
    let body = match prepare_body(&operation, form.body, form.document) {
        Ok(body) => body,
        Err(explanation) => {
            let replay = Replay::Call {
                operation: operation.id.clone(),
                attachment_id: form.attachment_id.clone(),
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
        &mut context,
        environment,
        &operation,
        form.attachment_id.as_deref(),
        body,
    )
    .await?;
    context.save("call-results").await
}

/// Sends an API call with the session's token, getting a fresh one for an app when needed.
async fn call_with_token(
    app: &AppState,
    context: &mut Context,
    environment: &crate::console::environments::Environment,
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
        if let Ok(credentials) = credentials(app, context, &form).await {
            let (exchange, obtained) = console.token(environment, TokenApi::V2, &credentials, None).await;
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
    let replay = Replay::Call {
        operation: operation.id.clone(),
        attachment_id: attachment_id.map(str::to_owned),
        body: body.clone(),
    };
    let Some(token) = token else {
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
        .call(environment, operation, &token, attachment_id, body)
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
fn prepare_body(
    operation: &OperationView,
    body: Option<String>,
    document: Option<(Vec<u8>, Option<String>, Option<String>)>,
) -> Result<Option<String>, Explanation> {
    if operation.method != "POST" {
        return Ok(None);
    }
    let problem = |title: &str, detail: String| Explanation {
        tone: Tone::Error,
        title: title.into(),
        detail,
        next_step: None,
    };
    let text = body.unwrap_or_default();
    let mut json: serde_json::Value = serde_json::from_str(&text).map_err(|error| {
        problem(
            "The request body is not valid JSON",
            format!("{error}. Fix it and send again."),
        )
    })?;
    if let Some((bytes, file_name, content_type)) = document {
        if bytes.len() > crate::sandbox::attachments::MAX_DOCUMENT_BYTES {
            return Err(problem(
                "The document is too large",
                format!("It is {} bytes; the limit is 5 MiB (5242880 bytes).", bytes.len()),
            ));
        }
        json["document"] = serde_json::json!(STANDARD.encode(&bytes));
        if let Some(file_name) = file_name {
            json["fileName"] = serde_json::json!(file_name);
        }
        if let Some(content_type) = content_type
            .filter(|t| ["application/pdf", "image/tiff", "image/jpeg", "image/png"].contains(&t.as_str()))
        {
            json["contentType"] = serde_json::json!(content_type);
        }
    }
    Ok(Some(json.to_string()))
}

/// A history entry to run again.
#[derive(Debug, Deserialize)]
struct RerunForm {
    entry: u64,
    client_secret: Option<String>,
}

async fn rerun(State(app): State<AppState>, session: Session, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024).await.unwrap_or_default();
    let Ok(form) = serde_urlencoded::from_bytes::<RerunForm>(&bytes) else {
        return refuse(
            &app,
            &parts,
            AppError::BadRequest("Choose an entry of the history to run again.".into()),
        )
        .await;
    };
    match run_rerun(&app, &parts, session, form).await {
        Ok(response) => response,
        Err(error) => refuse(&app, &parts, error).await,
    }
}

async fn run_rerun(
    app: &AppState,
    parts: &Parts,
    session: Session,
    form: RerunForm,
) -> Result<Response, AppError> {
    let mut context = context(app, session).await?;
    limit(app, parts, &context).await?;
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
            drop(context);
            run_token(app, parts, session_of(parts)?, token_form).await
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
                &mut context,
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

fn session_of(parts: &Parts) -> Result<Session, AppError> {
    parts
        .extensions
        .get::<Session>()
        .cloned()
        .ok_or(AppError::Internal)
}

async fn clear_history(State(app): State<AppState>, session: Session, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let result = async {
        let mut context = context(&app, session).await?;
        context.state.history.clear();
        context.state.v2 = None;
        context.state.v1 = None;
        context.state.call = None;
        context.save("history").await
    }
    .await;
    match result {
        Ok(response) => response,
        Err(error) => refuse(&app, &parts, error).await,
    }
}
