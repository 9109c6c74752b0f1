//! One module per page.

pub mod apis;
pub mod content_page;
pub mod home;
pub mod inspect;
pub mod not_found;
pub mod requests;
pub mod sandbox;
pub mod search;
pub mod section_index;
pub mod sign_in;
pub mod sign_up;
pub mod try_it;
