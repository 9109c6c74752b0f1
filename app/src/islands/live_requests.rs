//! The request log's live updates: with JavaScript, requests made after the page loaded
//! appear at the top of the list as they arrive (server-sent events carrying rows the server
//! rendered and escaped), a polite live region counts them, and a button pauses and resumes.
//!
//! No island of its own and no reactive rendering, so the wasm bundle barely grows: the page
//! renders the controls (`data-live-events` on their wrapper, the toggle `hidden`), and the
//! enhancer starts the stream when it finds them. Without JavaScript the wrapper says to use
//! the page's Refresh link, which is all it needs.

/// The id of the log's `<tbody>`, where new rows go.
pub const ROWS_ID: &str = "request-rows";
/// The id of the table's wrapper, shown when the first row arrives in an empty log.
pub const TABLE_ID: &str = "request-table";
/// The id of the empty state, hidden when the first row arrives.
pub const EMPTY_ID: &str = "request-log-empty";
/// What the controls say before JavaScript starts them (and without JavaScript).
pub const WITHOUT_JAVASCRIPT: &str = "Live updates need JavaScript: use Refresh to see new requests.";

/// Where the live updates stand.
#[cfg(feature = "hydrate")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    /// Opening, or reconnecting after the stream ended.
    Connecting,
    /// Receiving.
    Live,
    /// Paused by the reader.
    Paused,
    /// Refused or ended for good (signed out, too many open log pages).
    Stopped,
}

#[cfg(feature = "hydrate")]
impl Link {
    fn describe(self) -> &'static str {
        match self {
            Self::Connecting => "Connecting to live updates…",
            Self::Live => "Live: new requests appear at the top of the list as they arrive.",
            Self::Paused => "Live updates are paused.",
            Self::Stopped => {
                "Live updates stopped (you may have signed out, or have too many log pages open): use Refresh to see new requests."
            }
        }
    }
}

#[cfg(feature = "hydrate")]
pub use browser::start;

#[cfg(feature = "hydrate")]
mod browser {
    use super::{EMPTY_ID, Link, ROWS_ID, TABLE_ID};
    use leptos::prelude::document;
    use std::cell::RefCell;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use web_sys::{Element, Event, EventSource, HtmlElement, MessageEvent};

    /// The controls and the stream, if this page has a live log.
    struct Live {
        controls: Element,
        events: String,
        cursor: String,
        arrived: usize,
        link: Link,
        source: Option<Open>,
    }

    /// An open stream and its listeners (dropped together).
    struct Open {
        source: EventSource,
        _on_request: Closure<dyn Fn(MessageEvent)>,
        _on_open: Closure<dyn Fn(Event)>,
        _on_error: Closure<dyn Fn(Event)>,
    }

    thread_local! {
        static LIVE: RefCell<Option<Live>> = const { RefCell::new(None) };
        static TOGGLE: Closure<dyn Fn(Event)> = Closure::new(|_: Event| toggle());
    }

    /// Starts the live updates of the page's log, if it has one (after a page load, and after
    /// the enhancer replaced the content); stops any stream of a previous content.
    pub fn start() {
        stop();
        let Some(controls) = document().query_selector("[data-live-events]").ok().flatten() else {
            return;
        };
        let events = controls.get_attribute("data-live-events").unwrap_or_default();
        let cursor = controls.get_attribute("data-live-after").unwrap_or_default();
        if let Some(button) = controls.query_selector("[data-live-toggle]").ok().flatten() {
            TOGGLE.with(|toggle| {
                let _ = button.add_event_listener_with_callback("click", toggle.as_ref().unchecked_ref());
            });
            if let Ok(button) = button.dyn_into::<HtmlElement>() {
                button.set_hidden(false);
            }
        }
        LIVE.with(|live| {
            *live.borrow_mut() = Some(Live {
                controls,
                events,
                cursor,
                arrived: 0,
                link: Link::Connecting,
                source: None,
            });
        });
        connect();
    }

    fn stop() {
        if let Some(Live {
            source: Some(open), ..
        }) = LIVE.with(|live| live.borrow_mut().take())
        {
            open.source.close();
        }
    }

    fn with_live<T>(f: impl FnOnce(&mut Live) -> T) -> Option<T> {
        LIVE.with(|live| live.borrow_mut().as_mut().map(f))
    }

    fn toggle() {
        let link = with_live(|live| live.link);
        if matches!(link, Some(Link::Paused | Link::Stopped)) {
            connect();
        } else {
            with_live(|live| {
                if let Some(open) = live.source.take() {
                    open.source.close();
                }
            });
            show(Link::Paused);
        }
    }

    /// Opens the stream after the newest row shown.
    fn connect() {
        let Some(url) = with_live(|live| format!("{}?after={}", live.events, live.cursor)) else {
            return;
        };
        show(Link::Connecting);
        let Ok(source) = EventSource::new(&url) else {
            return show(Link::Stopped);
        };
        let on_request = Closure::<dyn Fn(MessageEvent)>::new(|event: MessageEvent| {
            let Some(markup) = event.data().as_string() else {
                return;
            };
            if insert(&markup) {
                let id = event.last_event_id();
                with_live(|live| {
                    if !id.is_empty() {
                        live.cursor = id;
                    }
                    live.arrived += 1;
                });
                announce();
            }
        });
        let on_open = Closure::<dyn Fn(Event)>::new(|_: Event| show(Link::Live));
        let stream = source.clone();
        let on_error = Closure::<dyn Fn(Event)>::new(move |_: Event| {
            if with_live(|live| live.link) == Some(Link::Paused) {
                return;
            }
            // A closed source was refused (401, 404, 429) and does not retry; an open one is
            // reconnecting by itself (the server ends each stream after a while).
            show(if stream.ready_state() == EventSource::CLOSED {
                Link::Stopped
            } else {
                Link::Connecting
            });
        });
        let _ = source.add_event_listener_with_callback("request", on_request.as_ref().unchecked_ref());
        source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        with_live(|live| {
            live.source = Some(Open {
                source,
                _on_request: on_request,
                _on_open: on_open,
                _on_error: on_error,
            });
        });
    }

    /// Says where the live updates stand, and what the toggle does.
    fn show(link: Link) {
        with_live(|live| {
            live.link = link;
            if let Some(state) = live.controls.query_selector("[data-live-state]").ok().flatten() {
                state.set_text_content(Some(link.describe()));
            }
            if let Some(button) = live.controls.query_selector("[data-live-toggle]").ok().flatten() {
                button.set_text_content(Some(if matches!(link, Link::Paused | Link::Stopped) {
                    "Resume live updates"
                } else {
                    "Pause live updates"
                }));
            }
        });
    }

    /// Counts the new rows in the polite live region.
    fn announce() {
        with_live(|live| {
            let text = match live.arrived {
                1 => "1 new request at the top of the list.".to_owned(),
                count => format!("{count} new requests at the top of the list."),
            };
            if let Some(count) = live.controls.query_selector("[data-live-count]").ok().flatten() {
                count.set_text_content(Some(&text));
            }
        });
    }

    /// Puts one row (markup the server rendered and escaped) at the top of the list, and
    /// shows the table if the log was empty.
    fn insert(markup: &str) -> bool {
        let document = document();
        let Some(rows) = document.get_element_by_id(ROWS_ID) else {
            return false;
        };
        if rows.insert_adjacent_html("afterbegin", markup).is_err() {
            return false;
        }
        if let Some(row) = rows.first_element_child() {
            let _ = row.set_attribute("data-new", "");
        }
        for (id, hidden) in [(TABLE_ID, false), (EMPTY_ID, true)] {
            if let Some(element) = document
                .get_element_by_id(id)
                .and_then(|element| element.dyn_into::<HtmlElement>().ok())
            {
                element.set_hidden(hidden);
            }
        }
        true
    }
}
