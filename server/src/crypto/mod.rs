//! The portal's secrets: its key, and the primitives derived from it (client-secret hashing,
//! sealing of the console's secret copies, token signing seeds, random identifiers).

pub mod key;
pub mod random;
pub mod sealing;
pub mod secret_hash;

pub use key::{KeyError, PortalKey};
