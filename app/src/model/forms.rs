//! What a form submission can come back with: field errors and a summary, shared by every form.

use serde::{Deserialize, Serialize};

/// One field's problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The form field's `name`.
    pub field: String,
    /// What is wrong, for the person filling the form.
    pub message: String,
}

/// Everything wrong with a submission.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormErrors {
    /// A problem with the form as a whole (shown at the top of the error summary).
    pub summary: Option<String>,
    /// Problems with single fields, in form order.
    pub fields: Vec<FieldError>,
}

impl FormErrors {
    /// No problems at all.
    pub fn is_empty(&self) -> bool {
        self.summary.is_none() && self.fields.is_empty()
    }

    /// Adds a field problem.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.fields.push(FieldError {
            field: field.to_owned(),
            message: message.into(),
        });
    }

    /// A form-level problem only.
    pub fn summary(message: impl Into<String>) -> Self {
        Self {
            summary: Some(message.into()),
            fields: Vec::new(),
        }
    }

    /// The message for `field`, if it has one.
    pub fn for_field(&self, field: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|error| error.field == field)
            .map(|error| error.message.as_str())
    }
}

/// A client secret on its way to the one page that shows it. It is never logged, never
/// stored in the browser, and shown only in the answer to the action that created it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OneTimeSecret(pub String);

impl std::fmt::Debug for OneTimeSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OneTimeSecret([redacted])")
    }
}

/// A password as typed into a form, on its way to be hashed or checked: never printed (the
/// server-function argument structs derive `Debug`).
#[derive(Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Password(pub String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password([redacted])")
    }
}

/// Freshly issued credentials of a sandbox app, to show once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCredentials {
    /// The app's name.
    pub app_name: String,
    /// MN-ClientId.
    pub client_id: String,
    /// MN-ClientSecret.
    pub client_secret: OneTimeSecret,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_time_secrets_and_passwords_never_print() {
        let secret = OneTimeSecret("mns_abc".into());
        assert!(!format!("{secret:?}").contains("mns_abc"));
        let password = Password("correct horse battery staple".into());
        assert!(!format!("{password:?}").contains("horse"));
    }

    #[test]
    fn field_errors_are_found_by_field() {
        let mut errors = FormErrors::default();
        assert!(errors.is_empty());
        errors.add("email", "Enter an email address.");
        assert_eq!(errors.for_field("email"), Some("Enter an email address."));
        assert_eq!(errors.for_field("name"), None);
    }
}
