//! The interactive parts of pages. Every form and page is rendered by the server and works
//! without JavaScript: the enhancer only changes how forms travel (in place, without a full
//! reload), and the request log's live updates only add rows the server rendered. Keeping the
//! browser side this small keeps the wasm bundle small.

pub mod enhance;
pub mod live_requests;
