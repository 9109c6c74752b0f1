//! `AppError`, the one error type of every server function, and the view that shows it.

use leptos::prelude::*;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

/// What went wrong, in words that are safe to show to the person using the portal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The thing asked for does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The request was malformed or failed validation.
    #[error("{0}")]
    BadRequest(String),
    /// The body is not of a kind this endpoint takes.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// The body is larger than this endpoint takes.
    #[error("{0}")]
    TooLarge(String),
    /// The caller must sign in first.
    #[error("{0}")]
    Unauthorized(String),
    /// The caller is signed in but may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// Too many requests; try again after the given number of seconds.
    #[error("Too many requests. Please wait {retry_after_secs} seconds and try again.")]
    TooManyRequests {
        /// Seconds until the caller may try again.
        retry_after_secs: u64,
    },
    /// A dependency is down for a moment.
    #[error("{0}")]
    Unavailable(String),
    /// Something failed on the server; the details were logged, not sent.
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Internal,
    /// The request never reached the server function, or its answer could not be read.
    #[error("The portal could not be reached: {0}")]
    Transport(String),
}

impl AppError {
    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            Self::NotFound(_) => 404,
            Self::BadRequest(_) => 400,
            Self::UnsupportedMediaType(_) => 415,
            Self::TooLarge(_) => 413,
            Self::Unauthorized(_) => 401,
            Self::Forbidden(_) => 403,
            Self::TooManyRequests { .. } => 429,
            Self::Unavailable(_) => 503,
            Self::Internal => 500,
            Self::Transport(_) => 502,
        }
    }

    /// A short heading for the error page.
    pub fn title(&self) -> &'static str {
        match self {
            Self::NotFound(_) => "Page not found",
            Self::BadRequest(_) | Self::UnsupportedMediaType(_) => "That request could not be handled",
            Self::TooLarge(_) => "That is too large",
            Self::Unauthorized(_) => "Please sign in",
            Self::Forbidden(_) => "Not allowed",
            Self::TooManyRequests { .. } => "Slow down a little",
            Self::Unavailable(_) => "Temporarily unavailable",
            Self::Internal => "Something went wrong",
            Self::Transport(_) => "Connection problem",
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(message) | ServerFnErrorErr::MissingArg(message) => {
                Self::BadRequest(format!("The request was not understood: {message}"))
            }
            ServerFnErrorErr::Request(message) | ServerFnErrorErr::Response(message) => {
                Self::Transport(message)
            }
            _ => Self::Internal,
        }
    }
}

/// Shows an error as a page section, and on the server answers with the error's status.
#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    set_response_status(error.status());
    let title = error.title();
    let message = error.to_string();
    let not_found = matches!(error, AppError::NotFound(_));
    let request_id = current_request_id();
    view! {
        <Title text=title />
        <section class="error-view" aria-labelledby="error-title">
            <h1 id="error-title">{title}</h1>
            <p>{message}</p>
            {not_found
                .then(|| {
                    view! {
                        <p>
                            "Try the "<a href="/search">"search"</a>", the "
                            <a href="/faq/security-and-authorization">"Security and Authorization FAQ"</a>
                            " or the "<a href="/">"home page"</a>"."
                        </p>
                    }
                })}
            {request_id
                .map(|id| {
                    view! {
                        <p class="request-id">
                            "If you report this, quote the request id "<code>{id}</code>"."
                        </p>
                    }
                })}
        </section>
    }
}

/// The id of the request being answered (none in the browser).
fn current_request_id() -> Option<String> {
    #[cfg(feature = "ssr")]
    return crate::ssr::request::request_id();
    #[cfg(not(feature = "ssr"))]
    None
}

/// Sets the HTTP status of the page being rendered (a no-op in the browser).
pub fn set_response_status(status: u16) {
    #[cfg(feature = "ssr")]
    crate::ssr::response::set_status(status);
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}
