//! Sign-up, sign-in and sign-out.

use super::forms::{FormErrors, NewCredentials, Password};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The sign-up form's values, except the password, which is never sent back.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignUpValues {
    /// The person's name.
    pub name: String,
    /// Their e-mail address.
    pub email: String,
    /// Their organisation.
    pub organisation: String,
    /// Whether they accepted the sandbox terms.
    pub accept_terms: bool,
}

/// The sign-in form's values, except the password.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInValues {
    /// The e-mail address.
    pub email: String,
}

/// What a sign-up came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignUpResult {
    /// Fix these and try again.
    Invalid {
        /// What was entered.
        values: SignUpValues,
        /// What is wrong.
        errors: FormErrors,
    },
    /// The account and its first app exist; the person is signed in.
    Created(NewCredentials),
}

/// What a sign-in came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignInResult {
    /// Wrong e-mail or password (never saying which), or a field left empty.
    Invalid {
        /// What was entered.
        values: SignInValues,
        /// What is wrong.
        errors: FormErrors,
    },
    /// Signed in: go here next.
    SignedIn {
        /// The page to open.
        next: String,
    },
}

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
