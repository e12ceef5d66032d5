//! Pure rules of the IVR routing data layer. No SQL, no IO.

pub mod audit;
pub mod connection;
pub mod dict;
pub mod error;
pub mod fields;
pub mod flow;
pub mod ids;
pub mod json_text;
pub mod message;
pub mod migration;
pub mod page;
pub mod routing;
pub mod schema;

pub use error::{
    quote, Constraint, ConstraintKind, Current, Error, ErrorCode, ErrorDetail, Issues, Remedy,
    Result,
};
pub use json_text::{JsonText, RawJson, RawMembers};
pub use page::Page;
