//! Server functions grouped by feature, and the wire types they return.

pub mod content;
