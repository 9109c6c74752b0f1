//! The Try It console as the page shows it: environments, operations, and the exchanges the
//! server ran (kept in the session between requests; never a secret or a token in here).

use crate::model::inspection::Inspection;
use serde::{Deserialize, Serialize};

/// The most exchanges the history keeps.
pub const HISTORY_LENGTH: usize = 20;

/// An environment the console may call, as people see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvironmentView {
    /// The id the forms send.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The v2 token endpoint's real URL.
    pub v2_token_url: String,
    /// The v1 token endpoint's real URL, if any.
    pub v1_token_url: Option<String>,
    /// The API base URL.
    pub api_base_url: String,
    /// The catalogue APIs it serves.
    pub apis: Vec<String>,
}

/// Which credentials the console uses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum CredentialChoice {
    /// Nothing chosen yet.
    #[default]
    None,
    /// One of the signed-in account's apps (the server opens its sealed secret).
    App {
        /// The app's client id.
        client_id: String,
    },
    /// A client id and secret pasted into the page (the secret is used once, never kept).
    Pasted {
        /// The pasted client id.
        client_id: String,
    },
    /// The user token the console got by signing in to the CIAM (kept sealed on the server).
    User,
}

impl CredentialChoice {
    /// The client id, if one is chosen.
    pub fn client_id(&self) -> Option<&str> {
        match self {
            Self::None | Self::User => None,
            Self::App { client_id } | Self::Pasted { client_id } => Some(client_id),
        }
    }
}

/// The person's sign-in to the CIAM, as the console shows it: the decoded claims of the ID
/// token and the access token, never the tokens themselves (those stay sealed on the server).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSignIn {
    /// The ID token's `sub`: the acting user.
    pub subject: String,
    /// The ID token's claims (pretty JSON).
    pub id_token_claims: String,
    /// The access token's claims (pretty JSON), when it is a JWT.
    #[serde(default)]
    pub access_token_claims: Option<String>,
    /// The scopes granted.
    #[serde(default)]
    pub scope: Option<String>,
    /// When the access token expires (seconds since the epoch).
    pub expires_at: i64,
    /// Whether the console can renew the access token by itself (it holds a refresh token).
    #[serde(default)]
    pub refreshable: bool,
}

/// How an explanation reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tone {
    /// It worked.
    Ok,
    /// It worked, with something to know.
    Info,
    /// It did not work.
    Error,
}

/// A plain-words account of what happened and what to do next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    /// How it reads.
    pub tone: Tone,
    /// One line.
    pub title: String,
    /// What it means.
    pub detail: String,
    /// What to do next, if anything.
    pub next_step: Option<String>,
}

/// The request as it was sent (secrets masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownRequest {
    /// `GET`, `POST`.
    pub method: String,
    /// The real URL.
    pub url: String,
    /// The headers sent (Authorization masked).
    pub headers: Vec<(String, String)>,
    /// The body sent (secrets masked; long documents shortened; cut when very long).
    pub body: Option<String>,
    /// How many bytes the shown body had before it was cut, when it was.
    pub body_truncated_from: Option<usize>,
}

/// The response as received (filtered headers, pretty body, possibly truncated for display).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownResponse {
    /// The status code.
    pub status: u16,
    /// Its reason phrase.
    pub reason: String,
    /// The allow-listed headers.
    pub headers: Vec<(String, String)>,
    /// The body, pretty-printed when JSON (tokens masked).
    pub body: String,
    /// How many bytes the full body had, when the shown one is cut.
    pub truncated_from: Option<usize>,
}

/// A token the console holds for the session (shown without the token itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenSummary {
    /// When it expires (seconds since the epoch).
    pub expires_at: i64,
    /// Its scopes.
    pub scope: Option<String>,
    /// The decoded JWT claims (pretty JSON), if it is a JWT.
    pub claims: Option<String>,
    /// The decoded JOSE header (pretty JSON), if it is a JWT.
    #[serde(default)]
    pub header: Option<String>,
    /// What the token inspector found when the token was obtained from the embedded sandbox
    /// for one of the signed-in account's apps (its signature, issuer, audience and app).
    #[serde(default)]
    pub inspection: Option<Inspection>,
}

/// One code snippet that makes the same request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snippet {
    /// `curl`, `Python`, `JavaScript`, `Rust`.
    pub language: String,
    /// The code (real URL, the secret and token as placeholders).
    pub code: String,
}

/// What a history entry can replay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Replay {
    /// A token request.
    Token {
        /// `v2` or `v1`.
        api: String,
        /// The requested scope (v2).
        scope: Option<String>,
    },
    /// An API call.
    Call {
        /// The operation id.
        operation: String,
        /// The attachment id, for status and retrieval.
        attachment_id: Option<String>,
        /// The request body, when it was small enough to keep.
        body: Option<String>,
    },
    /// A catalogue operation's call, from its Try It form.
    Operation {
        /// The API's slug.
        api: String,
        /// The operation's slug.
        operation: String,
        /// The form's values (never a credential), when small enough to keep.
        fields: Vec<(String, String)>,
    },
    /// Too large to keep.
    None,
}

/// One request the console ran and what came of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exchange {
    /// Its number in this session.
    pub id: u64,
    /// When it ran (seconds since the epoch).
    pub at: i64,
    /// What it was (`v2 token`, `Submit an attachment`).
    pub title: String,
    /// The environment's name.
    pub environment: String,
    /// The environment's id (for replays).
    pub environment_id: String,
    /// The request sent.
    pub request: ShownRequest,
    /// The response, unless the request failed on the way.
    pub response: Option<ShownResponse>,
    /// How long it took.
    pub elapsed_ms: u64,
    /// What it means.
    pub explanation: Explanation,
    /// The token obtained, for token requests that worked.
    pub token: Option<TokenSummary>,
    /// The same request in code.
    pub snippets: Vec<Snippet>,
    /// How to run it again.
    pub replay: Replay,
    /// How the answer differs from what the operation documents (an undocumented status, a
    /// body that does not match its schema, with JSON pointers); empty when it matches.
    #[serde(default)]
    pub checks: Vec<String>,
    /// Why a request was not sent, field by field: (form field, what is wrong), shown next to
    /// the inputs of the operation's form.
    #[serde(default)]
    pub field_problems: Vec<(String, String)>,
    /// The request id the embedded sandbox filed the request under (the console request's).
    #[serde(default)]
    pub request_id: Option<String>,
    /// The signed-in account's app the embedded sandbox filed the request under, so the
    /// exchange links to its entry in the app's request log.
    #[serde(default)]
    pub client_id: Option<String>,
    /// Which sandbox endpoint it called, as the request log names it (`token_v2`): one console
    /// action may make two calls under one request id.
    #[serde(default)]
    pub endpoint: Option<String>,
}

impl Exchange {
    /// The exchange's entry in its app's request log, when it has one.
    pub fn log_entry_url(&self) -> Option<String> {
        match (&self.client_id, &self.request_id) {
            (Some(client_id), Some(request_id)) => Some(super::paths::request_call_url(
                client_id,
                request_id,
                self.endpoint.as_deref(),
            )),
            _ => None,
        }
    }
}

/// The console's memory for one session.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleState {
    /// The environment last used.
    pub environment: String,
    /// The credentials last used.
    pub credentials: CredentialChoice,
    /// The id of the latest v2 token exchange (in the history).
    pub latest_v2: Option<u64>,
    /// The id of the latest v1 token exchange.
    pub latest_v1: Option<u64>,
    /// The id of the latest API call.
    pub latest_call: Option<u64>,
    /// Newest first, at most [`HISTORY_LENGTH`] (the latest of each kind always kept).
    pub history: Vec<Exchange>,
    /// The next exchange's number.
    pub next_id: u64,
    /// Whether older history entries were dropped early to keep the session within its budget.
    #[serde(default)]
    pub history_trimmed: bool,
    /// The person's sign-in to the CIAM, when they signed in from the console.
    #[serde(default)]
    pub user: Option<UserSignIn>,
}

impl ConsoleState {
    /// The session key the state is kept under.
    pub const SESSION_KEY: &'static str = "console";

    /// Records an exchange: latest of its kind, and first in the history.
    pub fn record(&mut self, mut exchange: Exchange) {
        self.next_id += 1;
        exchange.id = self.next_id;
        match &exchange.replay {
            Replay::Token { api, .. } if api == "v1" => self.latest_v1 = Some(exchange.id),
            Replay::Token { .. } => self.latest_v2 = Some(exchange.id),
            _ => self.latest_call = Some(exchange.id),
        }
        self.history.insert(0, exchange);
        while self.history.len() > HISTORY_LENGTH && self.drop_oldest_unreferenced() {}
    }

    /// The latest v2 token exchange.
    pub fn v2(&self) -> Option<&Exchange> {
        self.find(self.latest_v2)
    }

    /// The latest v1 token exchange.
    pub fn v1(&self) -> Option<&Exchange> {
        self.find(self.latest_v1)
    }

    /// The latest API call.
    pub fn call(&self) -> Option<&Exchange> {
        self.find(self.latest_call)
    }

    /// The newest call of one catalogue operation.
    pub fn latest_of(&self, api: &str, operation: &str) -> Option<&Exchange> {
        self.history.iter().find(|exchange| {
            matches!(&exchange.replay, Replay::Operation { api: a, operation: o, .. } if a == api && o == operation)
        })
    }

    fn find(&self, id: Option<u64>) -> Option<&Exchange> {
        id.and_then(|id| self.history.iter().find(|exchange| exchange.id == id))
    }

    /// Forgets every exchange.
    pub fn clear(&mut self) {
        self.history.clear();
        self.latest_v2 = None;
        self.latest_v1 = None;
        self.latest_call = None;
        self.history_trimmed = false;
    }

    /// Drops the oldest history entries (never the latest of a kind) until `fits` says the
    /// state is small enough, and notes that it did.
    pub fn trim_until(&mut self, fits: impl Fn(&Self) -> bool) {
        while !fits(self) && self.drop_oldest_unreferenced() {
            self.history_trimmed = true;
        }
    }

    fn drop_oldest_unreferenced(&mut self) -> bool {
        let latest = [self.latest_v2, self.latest_v1, self.latest_call];
        match self
            .history
            .iter()
            .rposition(|exchange| !latest.contains(&Some(exchange.id)))
        {
            Some(index) => {
                self.history.remove(index);
                true
            }
            None => false,
        }
    }
}
