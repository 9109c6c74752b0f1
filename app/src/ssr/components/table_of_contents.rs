//! A page's table of contents, linking to each heading's anchor.

use crate::ssr::content::TocEntry;
use leptos::prelude::*;

/// The "On this page" navigation of a content page.
#[component]
pub fn TableOfContents(entries: Vec<TocEntry>) -> impl IntoView {
    (!entries.is_empty()).then(|| {
        view! {
            <nav class="toc" aria-labelledby="toc-title">
                <h2 id="toc-title">"On this page"</h2>
                <ol>
                    {entries
                        .into_iter()
                        .map(|entry| {
                            let class = format!("toc-level-{}", entry.level);
                            let href = format!("#{}", entry.anchor);
                            view! {
                                <li class=class>
                                    <a href=href>{entry.text}</a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
            </nav>
        }
    })
}
