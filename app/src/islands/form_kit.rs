//! Accessible form pieces shared by the islands: labelled fields with hints and errors linked by
//! `aria-describedby`, an error summary that takes focus, the CSRF field and a busy-aware button.

use crate::api::forms::FormErrors;
use leptos::html::Div;
use leptos::prelude::*;

/// The hidden field that carries the session's CSRF token.
#[component]
pub fn CsrfField(token: String) -> impl IntoView {
    view! { <input type="hidden" name="csrf_token" value=token /> }
}

/// A labelled text input with an optional hint and its error.
#[component]
pub fn TextField(
    /// The form field's name (and, prefixed, its id).
    name: &'static str,
    /// The visible label.
    label: &'static str,
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
    value: Signal<String>,
    /// The field's error, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Minimum length, checked by the browser too.
    #[prop(optional)]
    min_length: Option<u32>,
    /// Maximum length.
    #[prop(optional)]
    max_length: Option<u32>,
    /// A prefix making the id unique when a form appears more than once.
    #[prop(default = "")]
    id_prefix: &'static str,
    /// Extra prefix at run time (per-row forms).
    #[prop(into, optional)]
    id_suffix: String,
) -> impl IntoView {
    let id = format!("{id_prefix}field-{name}{id_suffix}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id.clone()>{hint}</p> })}
            {move || error.get().map(|message| view! { <p class="field-error" id=error_id.clone()>{message}</p> })}
            <input
                id=id.clone()
                name=name
                type=input_type
                autocomplete=autocomplete
                required=true
                minlength=min_length.map(|n| n.to_string())
                maxlength=max_length.map(|n| n.to_string())
                prop:value=move || value.get()
                value=move || value.get()
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described_by
            />
        </div>
    }
}

/// The list of a submission's problems, linking to each field; it takes focus when shown so
/// screen-reader and keyboard users land on it.
#[component]
pub fn ErrorSummary(
    /// The problems.
    #[prop(into)]
    errors: Signal<FormErrors>,
    /// Field name → the id prefix used for that form's fields.
    #[prop(default = "")]
    id_prefix: &'static str,
    /// Whether to take focus when rendered on the server (after a form posted without JavaScript).
    #[prop(default = false)]
    autofocus: bool,
) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    Effect::new(move |_| {
        if !errors.get().is_empty() {
            if let Some(element) = node.get() {
                let _ = element.focus();
            }
        }
    });
    view! {
        <Show when=move || !errors.get().is_empty()>
            <div class="error-summary" role="alert" tabindex="-1" node_ref=node autofocus=autofocus aria-labelledby="error-summary-title">
                <h2 id="error-summary-title">"There is a problem"</h2>
                <ul>
                    {move || errors.get().summary.map(|message| view! { <li>{message}</li> })}
                    {move || {
                        errors
                            .get()
                            .fields
                            .into_iter()
                            .map(|error| {
                                let href = format!("#{id_prefix}field-{}", error.field);
                                view! { <li><a href=href>{error.message}</a></li> }
                            })
                            .collect_view()
                    }}
                </ul>
            </div>
        </Show>
    }
}

/// A submit button that says what it is doing while a request is under way.
#[component]
pub fn SubmitButton(
    /// The label.
    label: &'static str,
    /// The label while busy.
    busy_label: &'static str,
    /// Whether a request is under way.
    #[prop(into)]
    pending: Signal<bool>,
    /// Extra classes (`primary`, `danger`, `small`).
    #[prop(default = "primary")]
    class: &'static str,
) -> impl IntoView {
    view! {
        <button type="submit" class=format!("button {class}") disabled=move || pending.get() aria-busy=move || pending.get().then_some("true")>
            {move || if pending.get() { busy_label } else { label }}
        </button>
    }
}
