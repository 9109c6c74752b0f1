//! Accessible form pieces: labelled fields with hints and errors linked by `aria-describedby`,
//! an error summary that takes focus, the CSRF field and submit buttons. Every form posts as
//! a plain HTML form; the enhancer island sends the `data-enhance` ones in place.

use crate::model::forms::FormErrors;
use leptos::prelude::*;

/// The hidden field that carries the session's CSRF token.
#[component]
pub fn CsrfField(#[prop(into)] token: String) -> impl IntoView {
    view! { <input type="hidden" name="csrf_token" value=token /> }
}

/// A labelled text input with an optional hint and its error.
#[component]
pub fn TextField(
    /// The form field's name.
    name: &'static str,
    /// The visible label.
    label: &'static str,
    /// The element id (unique on the page).
    #[prop(into)]
    id: String,
    /// `text`, `email`, `password`…
    #[prop(default = "text")]
    input_type: &'static str,
    /// The `autocomplete` token.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// Help shown under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// The value to show (never a password).
    #[prop(into, optional)]
    value: String,
    /// The field's error, if any.
    #[prop(default = None)]
    error: Option<String>,
    /// Maximum length.
    #[prop(optional)]
    max_length: Option<u32>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = [
        hint.map(|_| hint_id.clone()),
        error.as_ref().map(|_| error_id.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let invalid = error.is_some();
    view! {
        <div class="field" class:field-invalid=invalid>
            <label for=id.clone()>{label}</label>
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id>{hint}</p> })}
            {error.map(|message| view! { <p class="field-error" id=error_id>{message}</p> })}
            <input
                id=id
                name=name
                type=input_type
                autocomplete=autocomplete
                required=true
                maxlength=max_length.map(|n| n.to_string())
                value=(!value.is_empty()).then_some(value)
                aria-invalid=invalid.then_some("true")
                aria-describedby=(!described_by.is_empty()).then_some(described_by)
            />
        </div>
    }
}

/// A checkbox with its label and error.
#[component]
pub fn CheckboxField(
    /// The form field's name.
    name: &'static str,
    /// The element id.
    #[prop(into)]
    id: String,
    /// The label.
    #[prop(into)]
    label: String,
    /// Whether it is ticked.
    #[prop(optional)]
    checked: bool,
    /// Its error, if any.
    #[prop(default = None)]
    error: Option<String>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let invalid = error.is_some();
    view! {
        <div class="field checkbox" class:field-invalid=invalid>
            {error.map(|message| view! { <p class="field-error" id=error_id.clone()>{message}</p> })}
            <input
                type="checkbox"
                id=id.clone()
                name=name
                value="yes"
                required=true
                checked=checked
                aria-invalid=invalid.then_some("true")
                aria-describedby=invalid.then_some(error_id)
            />
            <label for=id>{label}</label>
        </div>
    }
}

/// The list of a submission's problems, linking to each field. It takes focus when it appears
/// (`autofocus` after a plain post; the enhancer moves focus to it after an in-place update).
#[component]
pub fn ErrorSummary(
    /// The problems.
    errors: FormErrors,
    /// Field name → element id of that field on this page.
    #[prop(optional)]
    id_of: Option<fn(&str) -> String>,
) -> impl IntoView {
    (!errors.is_empty()).then(|| {
        let id_of = id_of.unwrap_or(default_field_id);
        view! {
            <div class="error-summary" role="alert" tabindex="-1" autofocus=true aria-labelledby="error-summary-title">
                <h2 id="error-summary-title">"There is a problem"</h2>
                <ul>
                    {errors.summary.map(|message| view! { <li>{message}</li> })}
                    {errors
                        .fields
                        .into_iter()
                        .map(|error| {
                            let href = format!("#{}", id_of(&error.field));
                            view! { <li><a href=href>{error.message}</a></li> }
                        })
                        .collect_view()}
                </ul>
            </div>
        }
    })
}

/// `field-{name}`: the id the single-form pages use.
pub fn default_field_id(name: &str) -> String {
    format!("field-{name}")
}

/// A submit button.
#[component]
pub fn SubmitButton(
    /// The label.
    label: &'static str,
    /// Extra classes (`primary`, `secondary`, `danger`, `small`).
    #[prop(default = "primary")]
    class: &'static str,
) -> impl IntoView {
    view! { <button type="submit" class=format!("button {class}")>{label}</button> }
}
