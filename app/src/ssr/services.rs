//! The ports (traits) that the server implements for the server functions, bundled as `Services`.

use super::content::{ContentPage, PageSummary, SearchResults, Section};
use super::session::{SealedCredentials, SessionAccount};
use crate::error::AppError;
use crate::model::account::SignUpValues;
use crate::model::apps::{AppAction, AppsOverview, AppsUpdate};
use crate::model::forms::{FormErrors, NewCredentials};
use crate::model::inspection::Inspection;
use crate::model::requests::{RequestDetail, RequestLogPage, RequestLogQuery};
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// A boxed future, so the ports can be trait objects.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Read access to the rendered FAQ and docs, and their search index.
pub trait ContentLibrary: Send + Sync + 'static {
    /// One page, if its slug exists in the section.
    fn page(&self, section: Section, slug: &str) -> Option<ContentPage>;
    /// Every page of every section, in section then front-matter order.
    fn pages(&self) -> Vec<PageSummary>;
    /// Ranked FAQ entries and doc sections matching a free-text query.
    fn search(&self, query: &str) -> SearchResults;
}

/// A sign-up's result: the signed-in account and its first app's credentials, or what to fix.
pub type SignUpOutcome = Result<(SessionAccount, NewCredentials), FormErrors>;
/// A sign-in's result: the account, or what to fix.
pub type SignInOutcome = Result<SessionAccount, FormErrors>;

/// A sign-up as submitted.
pub struct SignUpInput {
    /// Everything but the password.
    pub values: SignUpValues,
    /// The chosen password.
    pub password: String,
}

/// Accounts and their sandbox apps.
pub trait AccountsPort: Send + Sync + 'static {
    /// Creates an account and its first app, or says what to fix.
    fn sign_up(&self, input: SignUpInput) -> BoxFuture<'_, Result<SignUpOutcome, AppError>>;
    /// Checks an e-mail address and password (the same answer for both mistakes), for a
    /// person at `source` (their client address's rate-limit key): failures are counted per
    /// (e-mail, source), so guesses from one address never lock the owner out elsewhere.
    fn sign_in(
        &self,
        email: String,
        password: String,
        source: String,
    ) -> BoxFuture<'_, Result<SignInOutcome, AppError>>;
    /// The account's apps and their history.
    fn overview<'a>(&'a self, account_id: &'a str) -> BoxFuture<'a, Result<AppsOverview, AppError>>;
    /// Applies an action to one of the account's apps.
    fn apply<'a>(
        &'a self,
        account_id: &'a str,
        action: AppAction,
    ) -> BoxFuture<'a, Result<AppsUpdate, AppError>>;
    /// Seals new credentials to wait in the session for the page that shows them.
    fn seal_credentials(&self, credentials: &NewCredentials) -> SealedCredentials;
    /// Opens sealed credentials (`None` if they cannot be opened).
    fn open_credentials(&self, sealed: &SealedCredentials) -> Option<NewCredentials>;
    /// The current time (seconds since the epoch), from the portal's clock.
    fn now(&self) -> i64;
}

/// What the Try It pages list: the environments they may call.
pub trait ConsolePort: Send + Sync + 'static {
    /// The configured environments, the embedded sandbox first.
    fn environments(&self) -> Vec<super::console::EnvironmentView>;
    /// The CIAM issuer the console signs people in with, when one is configured for it.
    fn user_sign_in_issuer(&self) -> Option<String> {
        None
    }
}

/// The API catalogue's pages, built from the OpenAPI documents.
pub trait CataloguePort: Send + Sync + 'static {
    /// Every API, in catalogue order.
    fn apis(&self) -> Vec<super::catalogue::ApiCard>;
    /// An API's overview, if the slug exists.
    fn overview(&self, api: &str) -> Option<super::catalogue::ApiOverview>;
    /// One operation's reference, if both slugs exist.
    fn operation(&self, api: &str, operation: &str) -> Option<super::catalogue::OperationReference>;
}

/// The request logs of the signed-in account's apps. An app of another account, or none,
/// is `AppError::NotFound` alike, so its existence is never revealed.
pub trait RequestLogPort: Send + Sync + 'static {
    /// A page of the app's log, newest first, as `query` filters and positions it.
    fn page<'a>(
        &'a self,
        account_id: &'a str,
        client_id: &'a str,
        query: RequestLogQuery,
    ) -> BoxFuture<'a, Result<RequestLogPage, AppError>>;
    /// One request of the app's log, by its request id, and the call to `endpoint` (the
    /// log's name for it) when that request made several.
    fn entry<'a>(
        &'a self,
        account_id: &'a str,
        client_id: &'a str,
        request_id: &'a str,
        endpoint: Option<&'a str>,
    ) -> BoxFuture<'a, Result<RequestDetail, AppError>>;
}

/// The token inspector: what a pasted token is, checked against this sandbox.
pub trait InspectorPort: Send + Sync + 'static {
    /// Decodes and checks `token` for the signed-in `account_id`: the app, scopes and last
    /// uses only when the token is one of that account's apps'. The token is neither kept
    /// nor logged.
    fn inspect<'a>(
        &'a self,
        account_id: &'a str,
        token: &'a str,
    ) -> BoxFuture<'a, Result<Inspection, AppError>>;
}

/// Facts about this portal instance that pages need.
#[derive(Debug, Clone)]
pub struct SiteInfo {
    /// The public base URL without a trailing slash (`https://portal.example.com`).
    pub public_url: String,
}

/// Everything the server functions may call, provided to them by the server as context.
#[derive(Clone)]
pub struct Services {
    /// The FAQ and docs.
    pub content: Arc<dyn ContentLibrary>,
    /// Accounts and apps.
    pub accounts: Arc<dyn AccountsPort>,
    /// The Try It console's environments and operations.
    pub console: Arc<dyn ConsolePort>,
    /// The API catalogue.
    pub catalogue: Arc<dyn CataloguePort>,
    /// The apps' request logs.
    pub requests: Arc<dyn RequestLogPort>,
    /// The token inspector.
    pub inspector: Arc<dyn InspectorPort>,
    /// Facts about this instance.
    pub site: Arc<SiteInfo>,
}

/// The `Services` of the current request.
pub fn use_services() -> Result<Services, AppError> {
    use_context::<Services>().ok_or(AppError::Internal)
}
