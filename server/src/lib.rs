//! The `portal` server: configuration, the HTTP application and everything it serves.
//!
//! `main.rs` stays thin over this library so tests can boot the real application.

pub mod accounts;
pub mod catalogue;
pub mod check;
pub mod ciam;
pub mod claims;
pub mod cli;
pub mod client_commands;
pub mod clock;
pub mod config;
pub mod content;
pub mod crypto;
pub mod db;
pub mod http;
pub mod metrics;
pub mod oauth;
pub mod operator;
pub mod postman;
pub mod rate_limit;
pub mod redis_pool;
pub mod request_log;
pub mod routes;
pub mod sessions;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod text;
pub mod try_it;
