//! `/faq` and `/docs`: the pages of a section, in their front-matter order.

use crate::error::ErrorView;
use crate::ssr::components::page_cards::PageCards;
use crate::ssr::components::page_meta::PageMeta;
use crate::ssr::content::Section;
use crate::ssr::services::use_services;
use leptos::prelude::*;

/// Lists every page of one section.
#[component]
pub fn SectionIndex(section: Section) -> impl IntoView {
    let pages = use_services().map(|services| services.content.pages());
    let (title, description) = match section {
        Section::Faq => (
            "Frequently asked questions",
            "Answers about security, authorization and the sandbox.",
        ),
        Section::Docs => (
            "Documentation",
            "Guides for the sandbox, the token API, security protocols and Postman.",
        ),
    };
    view! {
        <PageMeta title=title description=description />
        <div class="page">
            <h1>{title}</h1>
            <p class="lede">{description}</p>
            {match pages {
                        Ok(pages) => {
                            let pages = pages.into_iter().filter(|page| page.section == section).collect();
                            view! { <PageCards pages /> }
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorView error /> }.into_any(),
            }}
        </div>
    }
}
