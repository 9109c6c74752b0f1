//! Sign-up, sign-in and sign-out.

use crate::error::AppError;
pub use crate::model::account::{SignInResult, SignInValues, SignUpResult, SignUpValues};
#[cfg(feature = "ssr")]
use crate::model::forms::FormErrors;
use crate::model::forms::Password;
use leptos::prelude::*;

/// Creates an account and its first sandbox app, signs the person in, and returns the app's
/// credentials (the secret, this once). The CSRF layer checks `csrf_token` before this runs.
#[server(endpoint = "account/sign-up")]
pub async fn sign_up(
    csrf_token: String,
    name: String,
    email: String,
    organisation: String,
    password: Password,
    accept_terms: Option<String>,
) -> Result<SignUpResult, AppError> {
    use crate::ssr::request::RequestMeta;
    use crate::ssr::services::{SignUpInput, use_services};
    use crate::ssr::session::{Flash, PortalSession};
    let _ = csrf_token;
    let (services, meta, session) = (
        use_services()?,
        RequestMeta::current()?,
        PortalSession::current()?,
    );
    let values = SignUpValues {
        name,
        email,
        organisation,
        accept_terms: accept_terms.is_some(),
    };
    let outcome = services
        .accounts
        .sign_up(SignUpInput {
            values: values.clone(),
            password: password.0,
        })
        .await?;
    match outcome {
        Ok((account, credentials)) => {
            session.sign_in(account).await?;
            let flash = || {
                let sealed = services.accounts.seal_credentials(&credentials);
                Some(Flash::Apps {
                    message: None,
                    errors: FormErrors::default(),
                    sealed_credentials: Some(sealed),
                })
            };
            meta.redirect_plain_form(&session, flash, "/sandbox").await?;
            Ok(SignUpResult::Created(credentials))
        }
        Err(errors) => {
            let flash = || {
                Some(Flash::SignUp {
                    values: values.clone(),
                    errors: errors.clone(),
                })
            };
            meta.redirect_plain_form(&session, flash, "/sandbox/signup")
                .await?;
            Ok(SignUpResult::Invalid { values, errors })
        }
    }
}

/// Signs in with an e-mail address and password. The CSRF layer checks `csrf_token`.
#[server(endpoint = "account/sign-in")]
pub async fn sign_in(
    csrf_token: String,
    email: String,
    password: Password,
) -> Result<SignInResult, AppError> {
    use crate::ssr::request::{ClientAddress, RequestMeta};
    use crate::ssr::services::use_services;
    use crate::ssr::session::{Flash, PortalSession};
    let _ = csrf_token;
    let (services, meta, session, client) = (
        use_services()?,
        RequestMeta::current()?,
        PortalSession::current()?,
        ClientAddress::current()?,
    );
    let values = SignInValues {
        email: email.trim().to_owned(),
    };
    match services.accounts.sign_in(email, password.0, client.key).await? {
        Ok(account) => {
            session.sign_in(account).await?;
            let next = "/sandbox".to_owned();
            meta.redirect_plain_form(&session, || None, &next).await?;
            Ok(SignInResult::SignedIn { next })
        }
        Err(errors) => {
            let flash = || {
                Some(Flash::SignIn {
                    values: values.clone(),
                    errors: errors.clone(),
                })
            };
            meta.redirect_plain_form(&session, flash, "/login").await?;
            Ok(SignInResult::Invalid { values, errors })
        }
    }
}

/// Signs out and returns to the home page. The CSRF layer checks `csrf_token`.
#[server(endpoint = "account/sign-out")]
pub async fn sign_out(csrf_token: String) -> Result<(), AppError> {
    use crate::ssr::request::RequestMeta;
    use crate::ssr::session::PortalSession;
    let _ = csrf_token;
    let session = PortalSession::current()?;
    session.sign_out().await?;
    RequestMeta::current()?
        .redirect_plain_form(&session, || None, "/")
        .await
}
