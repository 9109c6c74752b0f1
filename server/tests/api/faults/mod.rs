//! Faults, each with its own copy of the service it breaks (a Redis or a PostgreSQL cluster on
//! a spare loopback port, never the machine's shared ones): Redis stops, PostgreSQL restarts,
//! an instance is killed in the middle of sign-ups.

mod crash_during_sign_ups;
mod own_services;
mod postgres_restart;
mod redis_outage;
