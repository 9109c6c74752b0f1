//! The sign-in form.

use super::form_kit::{CsrfField, ErrorSummary, SubmitButton, TextField};
use crate::api::account::{SignIn, SignInResult, SignInValues};
use crate::api::forms::FormErrors;
use leptos::prelude::*;

/// The sign-in form, pre-filled with `values` and showing `errors` (after a plain form post).
#[island]
pub fn SignInForm(csrf_token: String, values: SignInValues, errors: FormErrors) -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let server_rendered_errors = !errors.is_empty();
    let (values, set_values) = signal(values);
    let (errors, set_errors) = signal(errors);
    Effect::new(move |_| match action.value().get() {
        Some(Ok(SignInResult::Invalid { values, errors })) => {
            set_values.set(values);
            set_errors.set(errors);
        }
        Some(Ok(SignInResult::SignedIn { next })) => go_to(&next),
        Some(Err(error)) => set_errors.set(FormErrors::summary(error.to_string())),
        None => {}
    });
    let error_of = move |field: &'static str| {
        Signal::derive(move || errors.with(|e| e.for_field(field).map(str::to_owned)))
    };
    view! {
        <ErrorSummary errors=errors autofocus=server_rendered_errors />
        <ActionForm action=action attr:class="form" attr:novalidate=true>
            <CsrfField token=csrf_token />
            <TextField name="email" label="E-mail" input_type="email" autocomplete="username" value=Signal::derive(move || values.with(|v| v.email.clone())) error=error_of("email") max_length=254 />
            <TextField name="password" label="Password" input_type="password" autocomplete="current-password" error=error_of("password") max_length=128 />
            <SubmitButton label="Sign in" busy_label="Signing in…" pending=action.pending() />
        </ActionForm>
    }
}

/// Opens `path` as a full page load (the header must show the signed-in account).
fn go_to(path: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = leptos::prelude::window().location().assign(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}
