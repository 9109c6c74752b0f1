//! The `portal` server: configuration, the HTTP application and everything it serves.
//!
//! `main.rs` stays thin over this library so tests can boot the real application.

pub mod assets;
pub mod cli;
pub mod client_commands;
pub mod clock;
pub mod config;
pub mod content;
pub mod crypto;
pub mod db;
pub mod rate_limit;
pub mod routes;
pub mod sandbox;
pub mod security;
pub mod startup;
pub mod state;
pub mod telemetry;
