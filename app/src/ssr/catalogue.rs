//! The API catalogue as pages see it: cards, an API's overview and one operation's reference.
//! The server builds these from the OpenAPI documents; descriptions and the reference body
//! arrive as HTML already rendered and sanitised by the server's Markdown pipeline.

use super::content::TocEntry;
use serde::{Deserialize, Serialize};

/// One API as the catalogue lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiCard {
    /// Its URL segment.
    pub slug: String,
    /// Its name.
    pub title: String,
    /// One sentence about it.
    pub summary: String,
    /// The document's `info.version` (empty when the document could not be read).
    pub version: String,
    /// `3.0` or `3.1`.
    pub openapi: String,
    /// How many operations it has.
    pub operation_count: usize,
    /// Tags to filter by.
    pub tags: Vec<String>,
    /// What is wrong with its document, for its author (`file at #/pointer: message`).
    pub problems: Vec<String>,
}

impl ApiCard {
    /// The overview page's path.
    pub fn path(&self) -> String {
        format!("/apis/{}", self.slug)
    }
}

/// An operation as a link in lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperationLink {
    /// Its URL segment under the API.
    pub slug: String,
    /// `GET`, `POST` …
    pub method: String,
    /// The path template.
    pub path: String,
    /// What it does.
    pub summary: String,
    /// Whether it is deprecated.
    pub deprecated: bool,
}

/// The operations of one tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperationGroup {
    /// The tag.
    pub tag: String,
    /// The tag's description, rendered.
    pub description_html: String,
    /// Its operations, in document order.
    pub operations: Vec<OperationLink>,
}

/// A server the document names (shown, never used as a destination).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerView {
    /// The URL template.
    pub url: String,
    /// What it is.
    pub description: String,
    /// Its variables (`name`: default, and the allowed values if listed).
    pub variables: Vec<(String, String)>,
}

/// A security scheme of the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecuritySchemeView {
    /// Its name in `components.securitySchemes`.
    pub name: String,
    /// What it is, in words (`OAuth 2.0 client credentials`, `API key in header X-Key` …).
    pub kind: String,
    /// Its description, rendered.
    pub description_html: String,
}

/// An API's overview page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiOverview {
    /// The card.
    pub card: ApiCard,
    /// The introduction from `index.md`, rendered.
    pub introduction_html: Option<String>,
    /// The document's `info.description`, rendered.
    pub description_html: String,
    /// The document's servers.
    pub servers: Vec<ServerView>,
    /// Its security schemes.
    pub security: Vec<SecuritySchemeView>,
    /// Its operations by tag.
    pub groups: Vec<OperationGroup>,
}

/// One operation's reference page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperationReference {
    /// The API it belongs to.
    pub api: ApiCard,
    /// The operation.
    pub operation: OperationLink,
    /// Its description, rendered.
    pub description_html: String,
    /// Security, parameters, request body, responses and a curl example, rendered.
    pub body_html: String,
    /// The headings of the body, for the table of contents.
    pub sections: Vec<TocEntry>,
    /// The operation before it in the document.
    pub previous: Option<OperationLink>,
    /// The operation after it.
    pub next: Option<OperationLink>,
    /// Its Try It form.
    pub try_it: TryItForm,
}

/// How one value is entered in a Try It form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum InputKind {
    /// A text input.
    Text,
    /// A number input (`step` 1 for integers), with its bounds.
    Number {
        /// Whether only whole numbers are allowed.
        integer: bool,
        /// The smallest value, if bounded.
        min: Option<String>,
        /// The largest value, if bounded.
        max: Option<String>,
    },
    /// A checkbox (true when ticked).
    Boolean,
    /// A choice among the allowed values.
    Select(Vec<String>),
    /// JSON text (objects).
    Json,
    /// A file.
    File,
}

/// One labelled input of a Try It form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormInput {
    /// The form field name (`param.query.limit`, `field.name`, `file.document`).
    pub field: String,
    /// The element id (unique on the page).
    pub id: String,
    /// The label: the parameter's or property's name.
    pub label: String,
    /// `path`, `query`, `header`, `cookie`, or `body`.
    pub location: String,
    /// Whether a value is required.
    pub required: bool,
    /// How it is entered.
    pub kind: InputKind,
    /// Whether several values can be given (arrays: one input per value, plus one empty).
    pub repeatable: bool,
    /// The values pre-filled (the default or example), one per input.
    pub values: Vec<String>,
    /// A short hint (type and constraints, or the description's first sentence).
    pub hint: String,
    /// What was wrong with the value last sent, if anything.
    #[serde(default)]
    pub error: Option<String>,
}

/// How one request media type's body is entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BodyEditor {
    /// Text (JSON pretty-printed from the example, or generated from the schema), with
    /// optional files for `format: byte` properties (sent base64 in the JSON).
    Text {
        /// Its form field.
        field: String,
        /// The pre-filled text.
        text: String,
        /// Files that fill top-level base64 properties.
        files: Vec<FormInput>,
        /// What was wrong with the body last sent, if anything.
        #[serde(default)]
        error: Option<String>,
    },
    /// Fields, for form-encoded and multipart bodies.
    Fields(Vec<FormInput>),
}

/// One media type a request body can be sent as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyInput {
    /// `application/json` …
    pub media_type: String,
    /// How it is entered.
    pub editor: BodyEditor,
}

/// What a request needs to authenticate, as the form asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CredentialNeed {
    /// Nothing (`security: []`, or only optional credentials).
    None,
    /// An OAuth 2.0 client-credentials token (from one of your apps or pasted credentials),
    /// with these scopes.
    ClientCredentials {
        /// The scopes the operation asks for.
        scopes: Vec<String>,
    },
    /// A bearer token: the one the console holds, or one pasted.
    Bearer,
    /// A user's token (OpenID Connect, or OAuth 2.0 with the authorization-code flow): the
    /// one the console got when the person signed in to the CIAM, or one pasted.
    UserToken,
    /// An API key, pasted, sent in the header or query parameter `name`.
    ApiKey {
        /// The security scheme's name.
        scheme: String,
        /// `header`, `query` or `cookie`.
        location: String,
        /// The header or parameter name.
        name: String,
    },
    /// HTTP Basic, a user and password pasted.
    Basic,
    /// A scheme the console cannot use (OpenID Connect, mutual TLS…): said, not sent.
    Unsupported(String),
}

/// An operation's Try It form, generated from the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TryItForm {
    /// Path, query, header and cookie parameters.
    pub parameters: Vec<FormInput>,
    /// The request body's media types (empty when it has none), the first selected.
    pub bodies: Vec<BodyInput>,
    /// Whether the body is required.
    pub body_required: bool,
    /// What the request needs to authenticate (all of them together).
    pub credentials: Vec<CredentialNeed>,
}

impl TryItForm {
    /// The form pre-filled with the values last sent (the session kept them), so a person
    /// changes one value and sends again instead of starting over. Fields never kept
    /// (credentials) stay empty.
    pub fn with_sent(mut self, sent: &[(String, String)]) -> Self {
        if sent.is_empty() {
            return self;
        }
        let values_of = |field: &str| -> Vec<String> {
            sent.iter()
                .filter(|(name, _)| name == field)
                .map(|(_, value)| value.clone())
                .collect()
        };
        let refill = |input: &mut FormInput| {
            if input.kind != InputKind::File {
                input.values = values_of(&input.field)
                    .into_iter()
                    .filter(|value| !value.is_empty())
                    .collect();
            }
        };
        self.parameters.iter_mut().for_each(refill);
        for body in &mut self.bodies {
            match &mut body.editor {
                BodyEditor::Text { field, text, .. } => {
                    if let Some(sent_text) = values_of(field).into_iter().next() {
                        *text = sent_text;
                    }
                }
                BodyEditor::Fields(inputs) => inputs.iter_mut().for_each(refill),
            }
        }
        self
    }
}

impl TryItForm {
    /// The form with the problems of the request last refused shown at their inputs
    /// (`body` problems at the body editor of the media type sent).
    pub fn with_problems(mut self, problems: &[(String, String)], media_type: Option<&str>) -> Self {
        let joined = |field: &str| -> Option<String> {
            let found: Vec<&str> = problems
                .iter()
                .filter(|(name, _)| name == field)
                .map(|(_, message)| message.as_str())
                .collect();
            (!found.is_empty()).then(|| found.join("; "))
        };
        let mark = |input: &mut FormInput| input.error = joined(&input.field);
        self.parameters.iter_mut().for_each(mark);
        let first = self.bodies.first().map(|body| body.media_type.clone());
        for body in &mut self.bodies {
            let is_sent = media_type.map(str::to_owned).or_else(|| first.clone()).as_deref()
                == Some(body.media_type.as_str());
            match &mut body.editor {
                BodyEditor::Text { error, files, .. } => {
                    if is_sent {
                        *error = joined("body");
                    }
                    files.iter_mut().for_each(mark);
                }
                BodyEditor::Fields(inputs) => inputs.iter_mut().for_each(mark),
            }
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::{BodyEditor, BodyInput, FormInput, InputKind, TryItForm};

    fn input(field: &str, values: &[&str]) -> FormInput {
        FormInput {
            field: field.into(),
            id: field.into(),
            label: field.into(),
            location: "query".into(),
            required: false,
            kind: InputKind::Text,
            repeatable: values.len() > 1,
            values: values.iter().map(|value| (*value).to_owned()).collect(),
            hint: String::new(),
            error: None,
        }
    }

    #[test]
    fn the_form_keeps_what_was_sent() {
        let form = TryItForm {
            parameters: vec![
                input("param.path.id", &["example"]),
                input("param.query.tags", &["a", "b"]),
            ],
            bodies: vec![BodyInput {
                media_type: "application/json".into(),
                editor: BodyEditor::Text {
                    field: "body.0".into(),
                    text: "{}".into(),
                    files: Vec::new(),
                    error: None,
                },
            }],
            body_required: false,
            credentials: Vec::new(),
        };
        let sent = [
            ("param.path.id", "att_1"),
            ("param.query.tags", "x"),
            ("param.query.tags", ""),
            ("body.0", "{\"a\": 1}"),
        ]
        .map(|(name, value)| (name.to_owned(), value.to_owned()));
        let form = form.with_sent(&sent);
        assert_eq!(form.parameters[0].values, ["att_1"]);
        assert_eq!(form.parameters[1].values, ["x"]);
        let BodyEditor::Text { text, .. } = &form.bodies[0].editor else {
            panic!("text")
        };
        assert_eq!(text, "{\"a\": 1}");
    }
}
