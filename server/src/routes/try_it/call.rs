//! `POST /try-it/call`: an operation page's Try It form. The API, operation and environment
//! are named, never a URL: the environment must serve the API, the request is built from the
//! operation in the document, and the credentials come from what its security asks for.

use super::token::{Chosen, ensure_token};
use super::user_sign_in::ensure_user_token;
use super::{Context, answer, context};
use crate::catalogue::reference::parameters;
use crate::catalogue::reference::try_it_form::{self, body_file_field};
use crate::catalogue::{ApiDocument, Operation};
use crate::http::form_guard::VerifiedForm;
use crate::state::AppState;
use crate::try_it::environments::Environment;
use crate::try_it::operation_call::{Credential, OperationCall};
use crate::try_it::request::{Submitted, UploadedFile, parameter_field};
use app::error::AppError;
use app::ssr::catalogue::CredentialNeed;
use app::ssr::console::{CredentialChoice, Explanation, Replay, Tone};
use axum::extract::State;
use axum::http::request::Parts;
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use secrecy::SecretString;
use tower_sessions::Session;

/// The most a call's form fields may take to be kept for "run again".
const KEPT_FIELDS_BYTES: usize = 16 * 1024;
/// Form fields never kept: the CSRF token and every credential.
const SECRET_FIELDS: [&str; 2] = ["csrf_token", "client_secret"];

pub(super) async fn call_api(
    State(app): State<AppState>,
    session: Session,
    parts: Parts,
    form: VerifiedForm,
) -> Response {
    let result = async {
        let mut context = context(&app, &parts, session).await?;
        context.limit(&app, &parts).await?;
        run_call(&app, &mut context, &form).await
    }
    .await;
    answer(&app, &parts, result).await
}

/// Runs an operation form (also for "run again", with the kept fields).
pub(super) async fn run_call(
    app: &AppState,
    context: &mut Context,
    form: &VerifiedForm,
) -> Result<Response, AppError> {
    let api_slug = form.field("api").unwrap_or_default();
    let operation_slug = form.field("operation").unwrap_or_default();
    let api = app.catalogue.api(api_slug).ok_or_else(|| {
        AppError::NotFound(format!("There is no API called “{api_slug}” in the catalogue."))
    })?;
    let document = api.document.as_ref().ok_or_else(|| {
        AppError::BadRequest(
            "This API's document could not be read, so its operations cannot be called.".into(),
        )
    })?;
    let operation = document.operation(operation_slug).ok_or_else(|| {
        AppError::NotFound(format!(
            "The API “{api_slug}” has no operation called “{operation_slug}”."
        ))
    })?;
    let environment = app
        .console
        .environment(form.field("environment").unwrap_or_default())
        .ok_or_else(|| AppError::BadRequest("That environment is not configured.".into()))?;
    if !environment.serves(api_slug) {
        return Err(AppError::BadRequest(format!(
            "{} does not serve the {} API: choose an environment the form offers.",
            environment.name, api.title
        )));
    }
    context.state.environment = environment.id.clone();
    let location = format!("/apis/{api_slug}/{operation_slug}#try-it-results");
    let kept_fields = kept_fields(form);
    let needs = try_it_form::form(document, operation).credentials;
    let credentials = match credentials(app, context, environment, &needs, form).await {
        Ok(credentials) => credentials,
        Err(explanation) => {
            let replay = Replay::Operation {
                api: api_slug.to_owned(),
                operation: operation_slug.to_owned(),
                fields: kept_fields,
            };
            let title = format!("{} {}", operation.method, operation.path);
            context
                .state
                .record(app.console.unsent(environment, &title, explanation, replay));
            return context.save_to(&location).await;
        }
    };
    let call = OperationCall {
        environment,
        api: api_slug,
        document,
        operation,
        submitted: submitted(document, operation, form),
        credentials,
        kept_fields,
    };
    let mut exchange = app.console.call_operation(call, &context.on_behalf_of).await;
    context
        .attach_sandbox_side(app, environment, &mut exchange, None)
        .await;
    context.state.record(exchange);
    context.save_to(&location).await
}

/// The form's values as the request builder reads them.
fn submitted(document: &ApiDocument, operation: &Operation, form: &VerifiedForm) -> Submitted {
    let form_inputs = try_it_form::form(document, operation);
    let parameters = parameters(document, operation)
        .into_iter()
        .map(|parameter| {
            let location = parameter["in"].as_str().unwrap_or_default().to_owned();
            let name = parameter["name"].as_str().unwrap_or_default().to_owned();
            let field = parameter_field(&location, &name);
            let mut values: Vec<String> = form.values(&field).into_iter().map(str::to_owned).collect();
            let is_array = form_inputs
                .parameters
                .iter()
                .any(|input| input.field == field && input.repeatable);
            if is_array {
                values.retain(|value| !value.is_empty());
            }
            let is_required_checkbox = form_inputs.parameters.iter().any(|input| {
                input.field == field
                    && input.required
                    && input.kind == app::ssr::catalogue::InputKind::Boolean
            });
            if values.is_empty() && is_required_checkbox {
                values.push("false".into());
            }
            (location, name, values)
        })
        .collect();
    let media_type = form
        .field("media_type")
        .map(str::to_owned)
        .or_else(|| form_inputs.bodies.first().map(|body| body.media_type.clone()));
    let body_text = media_type
        .as_ref()
        .and_then(|media| {
            form_inputs
                .bodies
                .iter()
                .position(|body| &body.media_type == media)
        })
        .and_then(|position| form.field(&try_it_form::body_text_field(position)))
        .map(|text| with_base64_files(text, form));
    let mut fields: Vec<(String, Vec<String>)> = Vec::new();
    for (name, value) in form.fields() {
        if let Some(property) = name.strip_prefix("field.") {
            match fields.iter_mut().find(|(known, _)| known == property) {
                Some((_, values)) => values.push(value.clone()),
                None => fields.push((property.to_owned(), vec![value.clone()])),
            }
        }
    }
    let files = form
        .files()
        .filter_map(|file| {
            file.name.strip_prefix("field.").map(|property| UploadedFile {
                property: property.to_owned(),
                file_name: file.file_name.clone(),
                content_type: file.content_type.clone(),
                bytes: file.bytes.to_vec(),
            })
        })
        .collect();
    Submitted {
        parameters,
        media_type,
        body_text,
        fields,
        files,
        send_anyway: form.field("send_anyway") == Some("true"),
    }
}

/// The JSON body with each uploaded `file.{property}` put in its property, base64-encoded
/// (the text as typed when it is not a JSON object).
fn with_base64_files(text: &str, form: &VerifiedForm) -> String {
    let uploads: Vec<_> = form
        .files()
        .filter(|file| file.name.starts_with("file."))
        .collect();
    if uploads.is_empty() {
        return text.to_owned();
    }
    let Ok(serde_json::Value::Object(mut body)) = serde_json::from_str::<serde_json::Value>(text) else {
        return text.to_owned();
    };
    for file in uploads {
        if let Some(property) = file.name.strip_prefix("file.") {
            debug_assert_eq!(body_file_field(property), file.name);
            body.insert(
                property.to_owned(),
                serde_json::Value::String(STANDARD.encode(&file.bytes)),
            );
        }
    }
    serde_json::Value::Object(body).to_string()
}

/// The form's fields to keep for "run again": never a credential, and nothing when too large.
fn kept_fields(form: &VerifiedForm) -> Vec<(String, String)> {
    let kept: Vec<(String, String)> = form
        .fields()
        .iter()
        .filter(|(name, _)| !SECRET_FIELDS.contains(&name.as_str()) && !name.starts_with("auth."))
        .cloned()
        .collect();
    let size: usize = kept.iter().map(|(name, value)| name.len() + value.len()).sum();
    if size > KEPT_FIELDS_BYTES {
        Vec::new()
    } else {
        kept
    }
}

/// The credentials the operation's security asks for, from the form (pasted, used once) or
/// the session (the console's token).
async fn credentials(
    app: &AppState,
    context: &mut Context,
    environment: &Environment,
    needs: &[CredentialNeed],
    form: &VerifiedForm,
) -> Result<Vec<Credential>, Explanation> {
    let pasted = |name: &str| form.field(name).map(str::trim).filter(|value| !value.is_empty());
    let mut credentials = Vec::new();
    for need in needs {
        match need {
            CredentialNeed::None | CredentialNeed::Unsupported(_) => {}
            CredentialNeed::ClientCredentials { .. } if form.field("credentials") == Some("user") => {
                context.state.credentials = CredentialChoice::User;
                credentials.push(Credential::Bearer(ensure_user_token(app, context).await?));
            }
            CredentialNeed::UserToken => match pasted("auth.bearer") {
                Some(token) => credentials.push(Credential::Bearer(SecretString::from(token.to_owned()))),
                None => credentials.push(Credential::Bearer(ensure_user_token(app, context).await?)),
            },
            CredentialNeed::ClientCredentials { .. } => {
                let chosen = Chosen {
                    choice: form.field("credentials"),
                    client_id: form.field("client_id"),
                    secret: form
                        .field("client_secret")
                        .map(|secret| SecretString::from(secret.to_owned())),
                };
                credentials.push(Credential::Bearer(
                    ensure_token(app, context, environment, chosen).await?,
                ));
            }
            CredentialNeed::Bearer => match pasted("auth.bearer") {
                Some(token) => credentials.push(Credential::Bearer(SecretString::from(token.to_owned()))),
                None => {
                    let chosen = Chosen {
                        choice: None,
                        client_id: None,
                        secret: None,
                    };
                    let token = ensure_token(app, context, environment, chosen)
                        .await
                        .map_err(|_| {
                            missing(
                                "Paste a bearer token",
                                "Paste one in the form, or get a token on the Try It page first.",
                            )
                        })?;
                    credentials.push(Credential::Bearer(token));
                }
            },
            CredentialNeed::ApiKey {
                scheme,
                location,
                name,
            } => {
                let value = pasted(&format!("auth.api_key.{scheme}")).ok_or_else(|| {
                    missing(
                        "Enter the API key",
                        &format!("This operation needs the API key {name} ({scheme})."),
                    )
                })?;
                credentials.push(Credential::ApiKey {
                    location: location.clone(),
                    name: name.clone(),
                    value: SecretString::from(value.to_owned()),
                });
            }
            CredentialNeed::Basic => {
                let (Some(user), Some(password)) = (pasted("auth.basic_user"), pasted("auth.basic_password"))
                else {
                    return Err(missing(
                        "Enter a user and password",
                        "This operation needs HTTP Basic credentials.",
                    ));
                };
                credentials.push(Credential::Basic {
                    user: user.to_owned(),
                    password: SecretString::from(password.to_owned()),
                });
            }
        }
    }
    Ok(credentials)
}

fn missing(title: &str, detail: &str) -> Explanation {
    Explanation {
        tone: Tone::Error,
        title: format!("{title}: the request was not sent"),
        detail: detail.into(),
        next_step: None,
    }
}
