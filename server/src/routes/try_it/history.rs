//! The console's history: run an entry again (`POST /try-it/history/rerun`; a pasted secret
//! is asked for again, never kept) and forget it all (`POST /try-it/history/clear`).

use super::token::{TokenForm, run_token};
use super::{Context, answer, context};
use crate::http::form_guard::VerifiedForm;
use crate::state::AppState;
use app::error::AppError;
use app::ssr::console::{CredentialChoice, Replay};
use axum::extract::State;
use axum::http::request::Parts;
use axum::response::Response;
use secrecy::SecretString;
use serde::Deserialize;
use tower_sessions::Session;

/// A history entry to run again (a pasted secret, for a token request, never prints).
#[derive(Debug, Deserialize)]
struct RerunForm {
    entry: u64,
    client_secret: Option<SecretString>,
}

pub(super) async fn rerun(
    State(app): State<AppState>,
    session: Session,
    parts: Parts,
    form: VerifiedForm,
) -> Response {
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
                CredentialChoice::User => Some("user".to_owned()),
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
        Replay::Operation { fields, .. } => {
            context.state.environment = environment.id.clone();
            let mut fields = fields;
            if let Some(secret) = form.client_secret {
                fields.push(("client_secret".into(), secrecy::ExposeSecret::expose_secret(&secret).to_owned()));
            }
            super::call::run_call(app, context, &VerifiedForm::replayed(fields)).await
        }
        Replay::Call { .. } => Err(AppError::BadRequest(
            "That request was made by an earlier version of the console: send it again from its operation page under APIs.".into(),
        )),
        Replay::None => Err(AppError::BadRequest(
            "That request was too large to keep, so it cannot be run again.".into(),
        )),
    }
}

pub(super) async fn clear_history(
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
