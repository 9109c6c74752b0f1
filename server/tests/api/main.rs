//! Integration tests: the real portal on a random port, driven over HTTP.

mod cli;
mod content_links;
mod helpers;
mod pages;
mod search;
mod security_headers;
mod static_assets;
