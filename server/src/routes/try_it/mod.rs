//! The Try It console's form endpoints: `POST /try-it/token` (`token`), `/try-it/call` (an
//! operation page's form, multipart for its files: `call`), `/try-it/history/rerun` and
//! `/try-it/history/clear` (`history`), and the user sign-in to the CIAM under `/try-it/ciam/`
//! (`user_sign_in`). The form guard has checked and parsed each form
//! ([`VerifiedForm`]); each runs on the server, records the exchange in the session and answers
//! with a redirect to the page that shows the result (post/redirect/get); the enhancer makes
//! that happen in place.

mod call;
mod history;
mod token;
mod user_sign_in;

use crate::http::error_page;
use crate::rate_limit::{Bucket, Decision};
use crate::state::AppState;
use crate::try_it::environments::Environment;
use crate::try_it::sandbox_side;
use crate::try_it::user_sign_in::CALLBACK_PATH as CIAM_CALLBACK_PATH;
use app::error::AppError;
use app::ssr::console::{ConsoleState, Exchange};
use app::ssr::request::ClientAddress;
use app::ssr::session::{PortalSession, SessionAccount};
use axum::Router;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use secrecy::SecretString;
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
        .route("/try-it/token", post(token::request_token))
        .route(CALL_PATH, post(call::call_api))
        .route("/try-it/history/rerun", post(history::rerun))
        .route("/try-it/history/clear", post(history::clear_history))
        .route("/try-it/ciam/sign-in", post(user_sign_in::sign_in))
        .route(CIAM_CALLBACK_PATH, get(user_sign_in::callback))
        .route("/try-it/ciam/sign-out", post(user_sign_in::sign_out))
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
    /// Keeps the console's state (within its budget) and sends the browser to `location`.
    async fn save_to(&mut self, location: &str) -> Result<Response, AppError> {
        self.state.trim_until(|state| {
            serde_json::to_vec(state).map_or(0, |json| json.len()) <= CONSOLE_STATE_BUDGET_BYTES
        });
        self.session
            .insert(ConsoleState::SESSION_KEY, &self.state)
            .await?;
        Ok(Redirect::to(location).into_response())
    }

    /// Keeps the state and sends the browser back to the Try It page at `anchor`.
    async fn save(&mut self, anchor: &str) -> Result<Response, AppError> {
        self.save_to(&format!("/try-it#{anchor}")).await
    }

    /// Adds what the embedded sandbox knows of an exchange with it: the request log's precise
    /// explanation, the link to the log entry (for the account's own app) and, for a token it
    /// issued (`token`), the inspector's view. Exchanges with other environments are left as they are.
    async fn attach_sandbox_side(
        &self,
        app: &AppState,
        environment: &Environment,
        exchange: &mut Exchange,
        token: Option<&SecretString>,
    ) {
        if !environment.embedded {
            return;
        }
        let account_id = self.account.as_ref().map(|account| account.id.as_str());
        sandbox_side::attach_record(&app.sandbox, account_id, exchange).await;
        if let Some(token) = token {
            sandbox_side::attach_inspection(&app.sandbox, account_id, exchange, token).await;
        }
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
