//! SQL for both engines and nothing else: the executor, the migration engine, and repositories.
//! Rules live in `ivr-domain` and `ivr-app`, so both engines behave the same.

pub mod audit;
pub mod catalog;
pub mod db;
pub mod dict;
pub mod file_lock;
pub mod info;
pub mod message;
pub mod migrate;
pub mod mssql;
pub mod routing;
pub mod segment;
pub mod sql;
mod sqlite;
pub mod usage;
mod util;
pub mod value;

pub use db::{Conn, Db};
pub use sql::Query;
pub use sqlite::register_functions as register_sqlite_functions;
pub use util::{like_contains, row_version_param};
pub use value::{Row, Value};

/// Every application query, for the static checks (T-SQL parser, schema model).
pub fn all_queries() -> Vec<&'static Query> {
    let lists: &[&[&Query]] = &[
        catalog::ALL,
        info::ALL,
        message::ALL,
        migrate::ALL,
        audit::ALL,
        routing::ALL,
        dict::ALL,
        segment::ALL,
        usage::ALL,
    ];
    lists.iter().flat_map(|l| l.iter().copied()).collect()
}
