//! The sign-up and sign-in forms' values and outcomes, as the server functions and pages
//! exchange them.

use super::forms::{FormErrors, NewCredentials};
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
