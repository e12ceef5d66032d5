//! Pure rules of the IVR routing data layer. No SQL, no IO.

pub mod connection;
pub mod error;
pub mod flow;
pub mod message;
pub mod schema;

pub use error::{Error, ErrorCode, Result};
