//! Field-by-field validation of the sign-up and sign-in forms.

use super::passwords;
use app::api::account::SignUpValues;
use app::api::forms::FormErrors;

/// The longest name accepted.
const MAX_NAME_CHARS: usize = 100;
/// The longest organisation accepted.
const MAX_ORGANISATION_CHARS: usize = 120;

/// An e-mail address as stored: trimmed and lowercased.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Every problem with a sign-up, in form order.
pub fn sign_up(values: &SignUpValues, password: &str) -> FormErrors {
    let mut errors = FormErrors::default();
    let name = values.name.trim();
    if name.is_empty() {
        errors.add("name", "Enter your name.");
    } else if name.chars().count() > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        errors.add("name", "Use at most 100 characters, without control characters.");
    }
    if let Some(problem) = email_problem(&values.email) {
        errors.add("email", problem);
    }
    let organisation = values.organisation.trim();
    if organisation.is_empty() {
        errors.add("organisation", "Enter your organisation (or “Independent”).");
    } else if organisation.chars().count() > MAX_ORGANISATION_CHARS
        || organisation.chars().any(char::is_control)
    {
        errors.add(
            "organisation",
            "Use at most 120 characters, without control characters.",
        );
    }
    if password.is_empty() {
        errors.add("password", "Choose a password.");
    } else if let Some(problem) = passwords::problem(password, &values.email) {
        errors.add("password", problem);
    }
    if !values.accept_terms {
        errors.add("accept_terms", "Accept the sandbox terms to continue.");
    }
    errors
}

/// What is wrong with an e-mail address, if anything (a deliberately simple check: the
/// address is a login name here, not a mailbox we write to).
pub fn email_problem(email: &str) -> Option<&'static str> {
    let email = email.trim();
    if email.is_empty() {
        return Some("Enter your e-mail address.");
    }
    let valid = email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && local.len() <= 64
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
        });
    (!valid).then_some("Enter an e-mail address like name@example.com.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(name: &str, email: &str, organisation: &str, accept_terms: bool) -> SignUpValues {
        SignUpValues {
            name: name.into(),
            email: email.into(),
            organisation: organisation.into(),
            accept_terms,
        }
    }

    #[test]
    fn a_complete_sign_up_has_no_problems() {
        assert!(
            sign_up(
                &values("Jane Doe", "jane@example.com", "Acme", true),
                "correct horse battery"
            )
            .is_empty()
        );
    }

    #[test]
    fn every_missing_field_is_reported_in_form_order() {
        let errors = sign_up(&values(" ", "", "", false), "");
        let fields: Vec<_> = errors.fields.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["name", "email", "organisation", "password", "accept_terms"]
        );
    }

    #[test]
    fn malformed_addresses_are_refused() {
        for bad in [
            "jane",
            "jane@",
            "@example.com",
            "jane@example",
            "jane doe@example.com",
            "a@b@c.com",
            "jane@.example.com",
            "jane@example..com",
        ] {
            assert!(email_problem(bad).is_some(), "{bad}");
        }
        assert!(email_problem(" Jane.Doe+sandbox@Example.co.uk ").is_none());
        assert_eq!(normalise_email(" Jane@Example.COM "), "jane@example.com");
    }
}
