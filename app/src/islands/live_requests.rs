//! The request log's live updates: with JavaScript, requests made after the page loaded
//! appear at the top of the list as they arrive (server-sent events carrying rows the server
//! rendered and escaped), a polite live region counts them, and a button pauses and resumes.
//! Without JavaScript the island is a line of text and the page's Refresh link does the job.

use leptos::prelude::*;

/// The id of the log's `<tbody>`, where new rows go.
pub const ROWS_ID: &str = "request-rows";
/// The id of the table's wrapper, shown when the first row arrives in an empty log.
pub const TABLE_ID: &str = "request-table";
/// The id of the empty state, hidden when the first row arrives.
pub const EMPTY_ID: &str = "request-log-empty";

/// Where the live updates stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    not(feature = "hydrate"),
    expect(dead_code, reason = "only the browser's stream reaches Live and Stopped")
)]
enum Link {
    /// Not started: the page as rendered (and as it stays without JavaScript).
    Off,
    /// Opening, or reconnecting after the stream ended.
    Connecting,
    /// Receiving.
    Live,
    /// Paused by the reader.
    Paused,
    /// Refused or ended for good (signed out, too many open log pages).
    Stopped,
}

impl Link {
    fn describe(self) -> &'static str {
        match self {
            Self::Off => "Live updates need JavaScript: use Refresh to see new requests.",
            Self::Connecting => "Connecting to live updates…",
            Self::Live => "Live: new requests appear at the top of the list as they arrive.",
            Self::Paused => "Live updates are paused.",
            Self::Stopped => {
                "Live updates stopped (you may have signed out, or have too many log pages open): use Refresh to see new requests."
            }
        }
    }
}

/// Live updates of the log whose events are at `events`, starting after the cursor `after`.
#[island]
pub fn LiveRequests(events: String, after: String) -> impl IntoView {
    let arrived = RwSignal::new(0usize);
    let link = RwSignal::new(Link::Off);
    let cursor = StoredValue::new(after);
    let events = StoredValue::new(events);
    let connect = move || {
        link.set(Link::Connecting);
        #[cfg(feature = "hydrate")]
        browser::open(&events.get_value(), cursor, arrived, link);
        #[cfg(not(feature = "hydrate"))]
        let _ = (events, cursor, arrived);
    };
    Effect::new(move |_| connect());
    let toggle = move |_| {
        if matches!(link.get_untracked(), Link::Paused | Link::Stopped) {
            connect();
        } else {
            #[cfg(feature = "hydrate")]
            browser::close();
            link.set(Link::Paused);
        }
    };
    let announcement = move || match arrived.get() {
        0 => String::new(),
        1 => "1 new request at the top of the list.".to_owned(),
        count => format!("{count} new requests at the top of the list."),
    };
    view! {
        <div class="live-requests">
            <p class="field-hint">{move || link.get().describe()}</p>
            <p class="live-count" role="status" aria-live="polite" aria-atomic="true">{announcement}</p>
            <button type="button" class="button secondary small" hidden=move || link.get() == Link::Off on:click=toggle>
                {move || if matches!(link.get(), Link::Paused | Link::Stopped) { "Resume live updates" } else { "Pause live updates" }}
            </button>
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::{EMPTY_ID, Link, ROWS_ID, TABLE_ID};
    use leptos::prelude::*;
    use std::cell::RefCell;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use web_sys::{Event, EventSource, HtmlElement, MessageEvent};

    /// The open stream and its listeners (dropped together).
    struct Open {
        source: EventSource,
        _on_request: Closure<dyn Fn(MessageEvent)>,
        _on_open: Closure<dyn Fn(Event)>,
        _on_error: Closure<dyn Fn(Event)>,
    }

    thread_local! {
        static OPEN: RefCell<Option<Open>> = const { RefCell::new(None) };
    }

    /// Opens the stream after `cursor`, replacing any open one.
    pub fn open(events: &str, cursor: StoredValue<String>, arrived: RwSignal<usize>, link: RwSignal<Link>) {
        close();
        let url = format!("{events}?after={}", cursor.get_value());
        let Ok(source) = EventSource::new(&url) else {
            link.set(Link::Stopped);
            return;
        };
        let on_request = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            let Some(markup) = event.data().as_string() else {
                return;
            };
            if insert(&markup) {
                let id = event.last_event_id();
                if !id.is_empty() {
                    cursor.update_value(|cursor| *cursor = id);
                }
                arrived.update(|count| *count += 1);
            }
        });
        let on_open = Closure::<dyn Fn(Event)>::new(move |_: Event| link.set(Link::Live));
        let stream = source.clone();
        let on_error = Closure::<dyn Fn(Event)>::new(move |_: Event| {
            if link.get_untracked() == Link::Paused {
                return;
            }
            // A closed source was refused (401, 404, 429) and does not retry; an open one is
            // reconnecting by itself (the server ends each stream after a while).
            link.set(if stream.ready_state() == EventSource::CLOSED {
                Link::Stopped
            } else {
                Link::Connecting
            });
        });
        let _ = source.add_event_listener_with_callback("request", on_request.as_ref().unchecked_ref());
        source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        OPEN.with(|open| {
            *open.borrow_mut() = Some(Open {
                source,
                _on_request: on_request,
                _on_open: on_open,
                _on_error: on_error,
            });
        });
    }

    /// Closes the stream, if one is open.
    pub fn close() {
        if let Some(open) = OPEN.with(|open| open.borrow_mut().take()) {
            open.source.close();
        }
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
