//! A list of content pages as cards (home page and section indexes).

use crate::ssr::content::{PageSummary, Section};
use leptos::prelude::*;

/// Cards linking to `pages`; their titles are `<h2>`s, or `<h3>`s under a section heading.
/// With `show_kind`, each card says whether it is a FAQ or a guide.
#[component]
pub fn PageCards(
    pages: Vec<PageSummary>,
    #[prop(optional)] nested: bool,
    #[prop(optional)] show_kind: bool,
) -> impl IntoView {
    view! {
        <ul class="card-list">
            {pages
                .into_iter()
                .map(|page| {
                    let href = page.path();
                    let kind = show_kind.then(|| if page.section == Section::Faq { "FAQ" } else { "Guide" });
                    let link = view! { <a href=href>{page.title}</a> };
                    view! {
                        <li class="card">
                            {kind.map(|kind| view! { <p class="card-kind">{kind}</p> })}
                            {if nested { view! { <h3>{link}</h3> }.into_any() } else { view! { <h2>{link}</h2> }.into_any() }}
                            <p>{page.summary}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
