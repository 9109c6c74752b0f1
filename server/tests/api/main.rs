//! Integration tests: the real portal on a random port, driven over HTTP, on SQLite and (when
//! `PORTAL_TEST_DATABASE_URL` is set) PostgreSQL.

mod abuse;
mod accounts;
mod apps;
mod catalogue;
mod ciam;
mod ciam_console;
mod claims;
mod cli;
mod concurrent_startup;
mod console;
mod content_links;
mod faults;
mod helpers;
mod inspector;
mod interop;
mod logs;
mod metrics;
mod multi_instance;
mod oauth_introspection;
mod oauth_metadata;
mod oauth_token;
mod oidc;
mod openapi;
mod operator;
mod page_cache;
mod pages;
mod process;
mod request_log;
mod request_log_pages;
mod scale_out;
mod search;
mod security_headers;
mod shutdown;
mod static_assets;
mod upstream;
