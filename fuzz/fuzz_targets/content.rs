//! Markdown pages, front matter and body: any source renders or is refused, never panics, and
//! never lets a script through.
#![no_main]

use app::ssr::content::Section;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|source: &str| {
    if let Ok((page, _)) = server::content::render_source(Section::Faq, Path::new("faq/fuzzed.md"), source) {
        assert!(
            !page.html.to_ascii_lowercase().contains("<script"),
            "a script reached the page"
        );
    }
});
