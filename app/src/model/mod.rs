//! The types the pages, the server functions and the server's ports share: form values,
//! outcomes and errors, and a sandbox account's apps. A leaf: it depends on nothing else in
//! the crate, so `api` and `ssr` both use it without depending on each other for types.

pub mod account;
pub mod apps;
pub mod forms;
pub mod inspection;
pub mod requests;
pub mod time_words;
