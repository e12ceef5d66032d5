//! Use cases.
pub mod messages;
