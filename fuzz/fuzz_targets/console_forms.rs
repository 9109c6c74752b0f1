//! The console's forms as the form guard reads them — plain and multipart — and the upstream
//! paths built from their values: parsed or refused, never a panic, and a built path never
//! leaves the operation's template.
#![no_main]

use libfuzzer_sys::fuzz_target;
use server::try_it::upstream_path;
use server::http::form_guard::{read_multipart, read_plain};

fuzz_target!(|input: (&[u8], &[u8], &str)| {
    let (plain, multipart, value) = input;
    let _ = read_plain(plain);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let _ = runtime.block_on(read_multipart(
        axum::body::Bytes::copy_from_slice(multipart),
        "b".into(),
    ));
    if let Ok(url) = upstream_path::build(
        "https://api.example.com/base",
        "/claims/attachments/v1/status/{id}",
        &[("id", value)],
    ) {
        let rest = url
            .strip_prefix("https://api.example.com/base/claims/attachments/v1/status/")
            .expect("inside the template");
        assert!(!rest.contains('/') && rest != "." && rest != "..", "{url}");
    }
});
