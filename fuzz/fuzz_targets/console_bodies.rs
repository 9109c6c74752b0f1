//! What the console shows of upstream answers and of request bodies: any bytes are shown (cut
//! at a character boundary, tokens masked) without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use server::try_it::proxy::Incoming;
use server::try_it::{SHOWN_BODY_BYTES, shorten_documents, shown_response};

fuzz_target!(|input: (&[u8], &str)| {
    let (body, request) = input;
    let incoming = Incoming {
        status: 200,
        reason: "OK".into(),
        headers: Vec::new(),
        body: body.to_vec(),
    };
    let shown = shown_response(&incoming, Some("access_token"));
    assert!(shown.body.len() <= SHOWN_BODY_BYTES);
    let _ = shorten_documents(request);
});
