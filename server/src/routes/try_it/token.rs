//! `POST /try-it/token`: a v2 or v1 token with one of the account's apps or pasted
//! credentials, kept (sealed) in the session for the calls that follow; and the token broker
//! the operation calls use when they need one.

use super::{Context, answer, context};
use crate::http::form_guard::VerifiedForm;
use crate::state::AppState;
use crate::try_it::environments::Environment;
use crate::try_it::{Credentials, TokenApi, tokens};
use app::error::AppError;
use app::ssr::console::{CredentialChoice, Explanation, Replay, Tone};
use axum::extract::State;
use axum::http::request::Parts;
use axum::response::Response;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use tower_sessions::Session;

/// The token form (the pasted secret never prints).
#[derive(Debug, Deserialize)]
pub(super) struct TokenForm {
    pub(super) environment: String,
    pub(super) api: String,
    pub(super) credentials: Option<String>,
    pub(super) client_id: Option<String>,
    pub(super) client_secret: Option<SecretString>,
    pub(super) scope: Option<String>,
}

pub(super) async fn request_token(
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

pub(super) async fn run_token(
    app: &AppState,
    context: &mut Context,
    form: TokenForm,
) -> Result<Response, AppError> {
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
    let (mut exchange, obtained) = console
        .token(environment, api, &credentials, scope, &context.on_behalf_of)
        .await;
    context
        .attach_sandbox_side(
            app,
            environment,
            &mut exchange,
            obtained.as_ref().map(|o| &o.token),
        )
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

/// The credentials an operation call chose (`app:{client id}` or `paste`), and a pasted
/// secret (used once, never kept).
pub(super) struct Chosen<'a> {
    /// `app:…`, `paste`, or none (the credentials last used).
    pub choice: Option<&'a str>,
    /// The pasted client id.
    pub client_id: Option<&'a str>,
    /// The pasted secret.
    pub secret: Option<SecretString>,
}

/// A token for an operation call: the one the session holds for the chosen credentials in
/// `environment`, else a new v2 token (an app's secret is on the server; a pasted one is used
/// once). The token request, when one is made, is recorded in the history.
pub(super) async fn ensure_token(
    app: &AppState,
    context: &mut Context,
    environment: &Environment,
    chosen: Chosen<'_>,
) -> Result<SecretString, Explanation> {
    let choice = match chosen.choice {
        Some(choice) if choice.starts_with("app:") => CredentialChoice::App {
            client_id: choice["app:".len()..].to_owned(),
        },
        Some("paste") => CredentialChoice::Pasted {
            client_id: chosen.client_id.map(str::trim).unwrap_or_default().to_owned(),
        },
        _ => context.state.credentials.clone(),
    };
    let Some(client_id) = choice.client_id().filter(|id| !id.is_empty()).map(str::to_owned) else {
        return Err(problem(
            "Choose credentials",
            "Choose one of your apps, or paste a client id and secret.",
        ));
    };
    context.state.credentials = choice.clone();
    let now = app.sandbox.clock.now();
    if let Ok(Some(token)) =
        tokens::usable(&context.session, &app.sealer, &environment.id, &client_id, now).await
    {
        return Ok(token);
    }
    let form = TokenForm {
        environment: environment.id.clone(),
        api: "v2".into(),
        credentials: Some(match &choice {
            CredentialChoice::App { client_id } => format!("app:{client_id}"),
            _ => "paste".into(),
        }),
        client_id: Some(client_id.clone()),
        client_secret: chosen.secret,
        scope: None,
    };
    if matches!(choice, CredentialChoice::Pasted { .. })
        && form
            .client_secret
            .as_ref()
            .is_none_or(|secret| secret.expose_secret().trim().is_empty())
    {
        return Err(problem(
            "Enter the client secret",
            "The console holds no valid token for this client in this environment, and a pasted secret is never kept: paste MN-ClientSecret to get one.",
        ));
    }
    let credentials = credentials(app, context, environment, &form).await?;
    let (mut exchange, obtained) = app
        .console
        .token(
            environment,
            TokenApi::V2,
            &credentials,
            None,
            &context.on_behalf_of,
        )
        .await;
    context
        .attach_sandbox_side(
            app,
            environment,
            &mut exchange,
            obtained.as_ref().map(|o| &o.token),
        )
        .await;
    context.state.record(exchange);
    let Some(obtained) = obtained else {
        return Err(problem(
            "No token, so the request was not sent",
            "The token request failed: its entry in the history says why.",
        ));
    };
    tokens::keep(
        &context.session,
        &app.sealer,
        &environment.id,
        &client_id,
        &obtained.token,
        obtained.expires_at,
    )
    .await
    .map_err(|_| problem("The token could not be kept", "Try again in a moment."))?;
    Ok(obtained.token)
}

fn problem(title: &str, detail: &str) -> Explanation {
    Explanation {
        tone: Tone::Error,
        title: title.into(),
        detail: detail.into(),
        next_step: None,
    }
}
