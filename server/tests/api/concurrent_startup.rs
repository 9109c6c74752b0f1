//! Pages render while other portals start in the same process. Building a portal lists its
//! routes by running the app once with resource loading suppressed, and Leptos keeps that
//! switch in one process-wide flag: a page whose data started loading during another
//! portal's start-up used to wait forever (answered 408 after 30 s). Several portals in one
//! process is how the tests run, and how an embedder would run one per tenant.

use crate::helpers::{Browser, spawn_app};

/// How many portals start while the first one renders pages.
const STARTUPS: usize = 6;

#[tokio::test]
async fn pages_with_data_render_while_other_portals_start() {
    let app = spawn_app().await;
    let browser = Browser::new(&app);
    // Another thread with its own runtime, so the start-ups truly overlap the renders.
    let starting = std::thread::spawn(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async {
            let mut started = 0;
            for _ in 0..STARTUPS {
                drop(spawn_app().await);
                started += 1;
            }
            started
        })
    });
    let mut rendered = 0;
    while !starting.is_finished() {
        let page = browser.page("/try-it", 200).await;
        assert!(page.contains("Try It"), "the Try It page rendered");
        rendered += 1;
    }
    assert_eq!(starting.join().expect("the portals started"), STARTUPS);
    assert!(rendered > 0, "pages were requested during the start-ups");
}
