//! The console's user sign-in: `POST /try-it/ciam/sign-in` (starts the code flow and sends
//! the browser to the CIAM), `GET /try-it/ciam/callback` (checks `state`, exchanges the code,
//! keeps the tokens sealed and sends the browser back to a clean URL) and
//! `POST /try-it/ciam/sign-out` (forgets the tokens and signs out at the CIAM too).

use super::{Context, answer, context};
use crate::http::form_guard::VerifiedForm;
use crate::state::AppState;
use crate::try_it::user_sign_in::pending::{self, PendingFlow, Refusal};
use crate::try_it::user_sign_in::{SignInError, UserSignIn, kept};
use app::error::AppError;
use app::ssr::console::{CredentialChoice, Explanation, Tone};
use axum::extract::{Query, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use secrecy::SecretString;
use serde::Deserialize;
use std::sync::Arc;
use tower_sessions::Session;

/// Where the console's user panel is.
const PANEL: &str = "user-token";

/// What the CIAM sends back (the code and `state` are never logged or shown).
#[derive(Deserialize)]
pub(super) struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

fn configured(app: &AppState) -> Result<&Arc<UserSignIn>, AppError> {
    app.user_sign_in.as_ref().ok_or_else(|| {
        AppError::NotFound("No CIAM is configured for the console's sign-in on this portal.".into())
    })
}

pub(super) async fn sign_in(
    State(app): State<AppState>,
    session: Session,
    parts: Parts,
    _form: VerifiedForm,
) -> Response {
    let result = async {
        let sign_in = configured(&app)?;
        let context = context(&app, &parts, session).await?;
        context.limit(&app, &parts).await?;
        let started = sign_in
            .begin(&app.sealer, app.sandbox.clock.now())
            .await
            .map_err(to_app_error)?;
        // One pending sign-in per session: a new one replaces the last.
        context
            .session
            .insert(pending::SESSION_KEY, &started.pending)
            .await?;
        Ok(Redirect::to(&started.authorization_url).into_response())
    }
    .await;
    answer(&app, &parts, result).await
}

pub(super) async fn callback(
    State(app): State<AppState>,
    session: Session,
    parts: Parts,
    Query(query): Query<CallbackQuery>,
) -> Response {
    let result = async {
        let sign_in = configured(&app)?;
        let mut context = context(&app, &parts, session).await?;
        // Taken out whatever comes next, so each `state` is answered once.
        let pending: Option<PendingFlow> = context.session.remove(pending::SESSION_KEY).await?;
        let now = app.sandbox.clock.now();
        let secrets = pending::check(&app.sealer, pending, query.state.as_deref(), now)
            .map_err(|refusal| to_app_error(SignInError::Refused(refusal)))?;
        if let Some(error) = query.error {
            let code = Some(error)
                .filter(|code| code.len() <= 64 && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
            return Err(to_app_error(SignInError::Provider(code)));
        }
        let code = query.code.filter(|code| !code.is_empty()).ok_or_else(|| {
            AppError::BadRequest("The CIAM sent no authorization code: start the sign-in again.".into())
        })?;
        let completed = sign_in.finish(secrets, &code, now).await.map_err(to_app_error)?;
        // The session now holds a user's tokens: a new id, so one fixed beforehand is useless.
        context.session.renew_id().await?;
        kept::keep(&context.session, &app.sealer, &completed.tokens).await?;
        tracing::info!(
            ciam.issuer = sign_in.issuer(),
            "console user signed in to the CIAM"
        );
        context.state.user = Some(completed.view);
        context.save(PANEL).await
    }
    .await;
    answer(&app, &parts, result).await
}

pub(super) async fn sign_out(
    State(app): State<AppState>,
    session: Session,
    parts: Parts,
    _form: VerifiedForm,
) -> Response {
    let result = async {
        let sign_in = configured(&app)?;
        let mut context = context(&app, &parts, session).await?;
        let tokens = kept::forget(&context.session, &app.sealer).await?;
        context.state.user = None;
        if context.state.credentials == CredentialChoice::User {
            context.state.credentials = CredentialChoice::None;
        }
        let at_provider = match &tokens {
            Some(tokens) => sign_in.sign_out_url(Some(&tokens.id_token)).await,
            None => None,
        };
        match at_provider {
            Some(url) => context.save_to(&url).await,
            None => context.save(PANEL).await,
        }
    }
    .await;
    answer(&app, &parts, result).await
}

/// The signed-in person's access token for a call, renewed with the refresh token when it
/// has expired.
pub(super) async fn ensure_user_token(
    app: &AppState,
    context: &mut Context,
) -> Result<SecretString, Explanation> {
    let Some(sign_in) = &app.user_sign_in else {
        return Err(problem(
            "No CIAM is configured",
            "This portal has no CIAM for the console's user sign-in: paste a user token instead.",
        ));
    };
    let not_signed_in = || {
        problem(
            "Sign in with the CIAM first",
            "The console holds no user token for you: use “Sign in with the CIAM” on the Try It page, or paste a token.",
        )
    };
    let tokens = kept::open(&context.session, &app.sealer)
        .await
        .ok()
        .flatten()
        .ok_or_else(not_signed_in)?;
    let now = app.sandbox.clock.now();
    if tokens.fresh(now) {
        return Ok(tokens.access);
    }
    let previous = context.state.user.clone().ok_or_else(not_signed_in)?;
    match sign_in.refresh(&tokens, &previous, now).await {
        Ok(completed) => {
            kept::keep(&context.session, &app.sealer, &completed.tokens)
                .await
                .map_err(|_| problem("The user token could not be kept", "Try again in a moment."))?;
            context.state.user = Some(completed.view);
            Ok(completed.tokens.access)
        }
        Err(error) => {
            tracing::warn!(error = %error_chain(&error), "console user token could not be renewed");
            Err(problem(
                "Your user token has expired",
                "The console could not renew it: sign in with the CIAM again on the Try It page.",
            ))
        }
    }
}

fn problem(title: &str, detail: &str) -> Explanation {
    Explanation {
        tone: Tone::Error,
        title: title.into(),
        detail: detail.into(),
        next_step: None,
    }
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// A sign-in failure as the page says it (the cause logged once, here).
fn to_app_error(error: SignInError) -> AppError {
    tracing::warn!(error = %error_chain(&error), "console user sign-in failed");
    let again = "Start again with “Sign in with the CIAM” on the Try It page.";
    match error {
        SignInError::Discovery(_) => AppError::Unavailable(
            "The CIAM cannot be reached right now, or its configuration is not usable: try again later."
                .into(),
        ),
        SignInError::Refused(Refusal::NonePending) => AppError::BadRequest(format!(
            "This sign-in is not pending in your session: it was finished already, or started in another browser. {again}"
        )),
        SignInError::Refused(Refusal::Expired) => {
            AppError::BadRequest(format!("The sign-in took too long and has lapsed. {again}"))
        }
        SignInError::Refused(Refusal::WrongState) => AppError::BadRequest(format!(
            "The CIAM's answer does not belong to the sign-in this session started (its state differs), so it was refused. {again}"
        )),
        SignInError::Provider(code) => AppError::BadRequest(match code {
            Some(code) => format!("The CIAM did not sign you in ({code}). {again}"),
            None => format!("The CIAM did not sign you in. {again}"),
        }),
        SignInError::Exchange(_) => AppError::BadRequest(format!(
            "The CIAM did not give the console tokens for this sign-in. {again}"
        )),
        SignInError::IdToken(_) => AppError::BadRequest(format!(
            "The CIAM's ID token could not be verified (signature, issuer, audience, nonce or expiry), so the sign-in was refused. {again}"
        )),
    }
}
