//! Token-endpoint bodies, form or JSON, under any Content-Type: parsed or refused with an OAuth
//! error, never a panic.
#![no_main]

use http::{HeaderMap, HeaderValue, header};
use libfuzzer_sys::fuzz_target;
use server::routes::oauth::params;

fuzz_target!(|input: (&[u8], &[u8])| {
    let (content_type, body) = input;
    let mut headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_bytes(content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    let _ = params::read(&headers, &axum::body::Bytes::copy_from_slice(body));
});
