//! Client authentication at the token endpoint: any Authorization header and body decode to
//! credentials or to an OAuth error, never a panic.
#![no_main]

use http::{HeaderMap, HeaderValue, header};
use libfuzzer_sys::fuzz_target;
use server::routes::oauth::{client_auth, params};

fuzz_target!(|input: (&[u8], &[u8])| {
    let (authorization, body) = input;
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-www-form-urlencoded"),
    );
    if let Ok(value) = HeaderValue::from_bytes(authorization) {
        headers.insert(header::AUTHORIZATION, value);
    }
    if let Ok(parsed) = params::read(&headers, &axum::body::Bytes::copy_from_slice(body)) {
        for spellings in [client_auth::V2_FIELDS, client_auth::V1_FIELDS] {
            let _ = client_auth::presented(&headers, &parsed, spellings);
        }
    }
});
