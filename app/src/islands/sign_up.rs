//! The sign-up form: with JavaScript it answers in place (errors, then the new credentials);
//! without, it posts and the page shows the outcome after a redirect.

use super::credentials::CredentialsPanel;
use super::form_kit::{CsrfField, ErrorSummary, SubmitButton, TextField};
use crate::api::account::{SignUp, SignUpResult, SignUpValues};
use crate::api::forms::FormErrors;
use leptos::prelude::*;

/// The sign-up form, pre-filled with `values` and showing `errors` (after a plain form post).
#[island]
pub fn SignUpForm(csrf_token: String, values: SignUpValues, errors: FormErrors) -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    let server_rendered_errors = !errors.is_empty();
    let (values, set_values) = signal(values);
    let (errors, set_errors) = signal(errors);
    let created = RwSignal::new(None);
    Effect::new(move |_| match action.value().get() {
        Some(Ok(SignUpResult::Invalid { values, errors })) => {
            set_values.set(values);
            set_errors.set(errors);
        }
        Some(Ok(SignUpResult::Created(credentials))) => created.set(Some(credentials)),
        Some(Err(error)) => set_errors.set(FormErrors::summary(error.to_string())),
        None => {}
    });
    let error_of = move |field: &'static str| {
        Signal::derive(move || errors.with(|e| e.for_field(field).map(str::to_owned)))
    };
    let pending = action.pending();
    let csrf_token = StoredValue::new(csrf_token);

    view! {
        <div aria-live="polite">
            {move || created.get().map(|credentials| view! {
                <p class="message ok">"Your sandbox account is ready and you are signed in."</p>
                <CredentialsPanel credentials />
            })}
        </div>
        <Show when=move || created.with(Option::is_none)>
            <ErrorSummary errors=errors autofocus=server_rendered_errors />
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <CsrfField token=csrf_token.get_value() />
                <TextField name="name" label="Full name" autocomplete="name" value=Signal::derive(move || values.with(|v| v.name.clone())) error=error_of("name") max_length=100 />
                <TextField name="email" label="Work e-mail" input_type="email" autocomplete="email" value=Signal::derive(move || values.with(|v| v.email.clone())) error=error_of("email") max_length=254 />
                <TextField name="organisation" label="Organisation" autocomplete="organization" value=Signal::derive(move || values.with(|v| v.organisation.clone())) error=error_of("organisation") max_length=120 />
                <TextField
                    name="password"
                    label="Password"
                    input_type="password"
                    autocomplete="new-password"
                    hint="At least 12 characters. Not your e-mail address, and not a common password."
                    error=error_of("password")
                    min_length=12
                    max_length=128
                />
                <div class="field checkbox" class:field-invalid=move || error_of("accept_terms").get().is_some()>
                    {move || error_of("accept_terms").get().map(|message| view! { <p class="field-error" id="field-accept_terms-error">{message}</p> })}
                    <input
                        type="checkbox"
                        id="field-accept_terms"
                        name="accept_terms"
                        value="yes"
                        required=true
                        prop:checked=move || values.with(|v| v.accept_terms)
                        checked=move || values.with(|v| v.accept_terms)
                        aria-invalid=move || error_of("accept_terms").get().is_some().then_some("true")
                        aria-describedby=move || error_of("accept_terms").get().map(|_| "field-accept_terms-error")
                    />
                    <label for="field-accept_terms">
                        "I accept the sandbox terms: test data only, never real patient or personal information."
                    </label>
                </div>
                <SubmitButton label="Create sandbox account" busy_label="Creating your account…" pending=pending />
            </ActionForm>
        </Show>
    }
}
