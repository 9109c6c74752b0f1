//! The interactive parts of pages. There is one island, the enhancer: every form and page is
//! rendered by the server and works without JavaScript, and the enhancer only changes how
//! they travel (in place, without a full reload). Keeping the browser side this small keeps
//! the wasm bundle small.

pub mod enhance;
