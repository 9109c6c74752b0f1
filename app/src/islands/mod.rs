//! The interactive parts of pages: each `#[island]` is rendered on the server (so it works
//! without JavaScript) and hydrated in the browser, where its forms update in place.

pub mod apps;
pub mod credentials;
pub mod form_kit;
pub mod sign_in;
pub mod sign_up;
