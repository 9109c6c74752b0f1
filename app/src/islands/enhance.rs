//! The enhancer island: with JavaScript, forms marked `data-enhance` are sent with `fetch`
//! and the server's answer (the same page a browser without JavaScript would get) replaces
//! the header and main content in place; focus moves to what changed and a live region
//! announces it. It also runs copy buttons (`data-copy-target`), expiry countdowns
//! (`data-expires-at`) and the request log's live updates (`data-live-events`).

use leptos::prelude::*;

/// Mount once per interactive page (the layout does).
#[island]
pub fn Enhancer() -> impl IntoView {
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        browser::install();
    });
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::{document, window};
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{
        Document, DomParser, Element, FormData, HtmlButtonElement, HtmlElement, HtmlFormElement, RequestInit,
        Response, SubmitEvent, SupportedType, UrlSearchParams,
    };

    /// Sets up the document-wide listeners (once per page load).
    pub fn install() {
        let document = document();
        let on_submit = Closure::<dyn Fn(SubmitEvent)>::new(|event: SubmitEvent| {
            let Some(form) = event.target().and_then(|t| t.dyn_into::<HtmlFormElement>().ok()) else {
                return;
            };
            if !form.has_attribute("data-enhance") {
                return;
            }
            event.prevent_default();
            let submitter = event
                .submitter()
                .and_then(|s| s.dyn_into::<HtmlButtonElement>().ok());
            wasm_bindgen_futures::spawn_local(submit(form, submitter));
        });
        let _ = document.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
        on_submit.forget();

        let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(|event: web_sys::MouseEvent| {
            let Some(button) = event
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|e| e.closest("[data-copy-target]").ok().flatten())
            else {
                return;
            };
            copy(&button);
        });
        let _ = document.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
        on_click.forget();

        let on_popstate = Closure::<dyn Fn()>::new(|| {
            let _ = window().location().reload();
        });
        window().set_onpopstate(Some(on_popstate.as_ref().unchecked_ref()));
        on_popstate.forget();

        let tick = Closure::<dyn Fn()>::new(update_countdowns);
        let _ = window()
            .set_interval_with_callback_and_timeout_and_arguments_0(tick.as_ref().unchecked_ref(), 1000);
        tick.forget();

        reveal_js_only(&document);
        update_countdowns();
        super::super::live_requests::start();
        // Lets styles and tests know the page is enhanced.
        if let Some(root) = document.document_element() {
            let _ = root.set_attribute("data-enhanced", "");
        }
    }

    /// Shows the controls that need JavaScript (rendered `hidden`, marked `data-js-only`).
    fn reveal_js_only(document: &Document) {
        if let Ok(nodes) = document.query_selector_all("[data-js-only]") {
            for i in 0..nodes.length() {
                if let Some(element) = nodes.item(i).and_then(|n| n.dyn_into::<HtmlElement>().ok()) {
                    element.set_hidden(false);
                }
            }
        }
    }

    async fn submit(form: HtmlFormElement, submitter: Option<HtmlButtonElement>) {
        let document = document();
        set_busy(&form, submitter.as_ref(), true);
        announce(&document, "Sending…");
        let Ok(data) = FormData::new_with_form(&form) else {
            return fallback(&form);
        };
        if let Some(button) = submitter.as_ref().filter(|b| !b.name().is_empty()) {
            let _ = data.append_with_str(&button.name(), &button.value());
        }
        let init = RequestInit::new();
        init.set_method("POST");
        if form.enctype() == "multipart/form-data" {
            init.set_body(&data);
        } else {
            match UrlSearchParams::new_with_str_sequence_sequence(&data) {
                Ok(params) => init.set_body(&params),
                Err(_) => return fallback(&form),
            }
        }
        let headers = web_sys::Headers::new().ok();
        if let Some(headers) = &headers {
            let _ = headers.set("Accept", "text/html");
            init.set_headers(headers);
        }
        let response = JsFuture::from(window().fetch_with_str_and_init(&form.action(), &init)).await;
        let Some(response) = response.ok().and_then(|r| r.dyn_into::<Response>().ok()) else {
            set_busy(&form, submitter.as_ref(), false);
            announce(
                &document,
                "The portal could not be reached. Check your connection and try again.",
            );
            return;
        };
        let final_url = response.url();
        let text = match response.text().ok().map(JsFuture::from) {
            Some(future) => future.await.ok().and_then(|t| t.as_string()),
            None => None,
        };
        let Some(text) = text else { return fallback(&form) };
        if !swap(&document, &text) {
            return fallback(&form);
        }
        if !final_url.is_empty()
            && final_url != window().location().href().unwrap_or_default()
            && let Ok(history) = window().history()
        {
            let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&final_url));
        }
        reveal_js_only(&document);
        update_countdowns();
        super::super::live_requests::start();
        focus_what_changed(&document);
    }

    /// Replaces the title, header and main content with the new page's.
    fn swap(document: &Document, html: &str) -> bool {
        let Ok(parser) = DomParser::new() else {
            return false;
        };
        let Ok(page) = parser.parse_from_string(html, SupportedType::TextHtml) else {
            return false;
        };
        let mut swapped = false;
        for selector in ["header.site-header", "main"] {
            if let (Ok(Some(old)), Ok(Some(new))) =
                (document.query_selector(selector), page.query_selector(selector))
            {
                old.replace_with_with_node_1(&new).ok();
                swapped = true;
            }
        }
        document.set_title(&page.title());
        swapped
    }

    /// Moves focus to the error summary, else the page's message, else its heading, and
    /// announces it.
    fn focus_what_changed(document: &Document) {
        for selector in [
            ".error-summary",
            "[data-focus-after-update]",
            ".message",
            "main h1",
        ] {
            if let Ok(Some(element)) = document.query_selector(selector)
                && let Ok(element) = element.dyn_into::<HtmlElement>()
            {
                if !element.has_attribute("tabindex") {
                    let _ = element.set_attribute("tabindex", "-1");
                }
                let _ = element.focus();
                announce(document, &element.inner_text());
                return;
            }
        }
    }

    fn set_busy(form: &HtmlFormElement, submitter: Option<&HtmlButtonElement>, busy: bool) {
        let _ = form.set_attribute("aria-busy", if busy { "true" } else { "false" });
        if let Some(button) = submitter {
            button.set_disabled(busy);
        }
    }

    /// Falls back to a normal form submission.
    fn fallback(form: &HtmlFormElement) {
        let _ = form.remove_attribute("data-enhance");
        let _ = form.submit();
    }

    fn announce(document: &Document, text: &str) {
        if let Ok(Some(region)) = document.query_selector("#announcer") {
            region.set_text_content(Some(text));
        }
    }

    fn copy(button: &Element) {
        let Some(target) = button.get_attribute("data-copy-target") else {
            return;
        };
        let Ok(Some(source)) = document().query_selector(&format!("#{target}")) else {
            return;
        };
        let text = source.text_content().unwrap_or_default();
        let _ = window().navigator().clipboard().write_text(&text);
        button.set_text_content(Some("Copied"));
        announce(&document(), "Copied to the clipboard");
    }

    /// Rewrites every `data-expires-at` (seconds since the epoch) as the time left.
    fn update_countdowns() {
        let Ok(nodes) = document().query_selector_all("[data-expires-at]") else {
            return;
        };
        let now = (js_sys::Date::now() / 1000.0) as i64;
        for i in 0..nodes.length() {
            let Some(element) = nodes.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                continue;
            };
            let Some(expires) = element
                .get_attribute("data-expires-at")
                .and_then(|v| v.parse::<i64>().ok())
            else {
                continue;
            };
            let left = expires - now;
            let text = if left <= 0 {
                "expired".to_owned()
            } else {
                format!("expires in {}:{:02}", left / 60, left % 60)
            };
            element.set_text_content(Some(&text));
        }
    }
}
