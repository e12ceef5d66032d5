//! SQL for both engines and nothing else: the executor, the migration engine, and repositories.
//! Rules live in `ivr-domain` and `ivr-app`, so both engines behave the same.

pub mod db;
pub mod info;
pub mod migrate;
pub mod mssql;
pub mod segment;
pub mod sql;
mod sqlite;
pub mod value;

pub use db::{Conn, Db, Engine};
pub use sql::Query;
pub use value::{Row, Value};

/// Every application query, for the static checks (T-SQL parser, schema model).
pub fn all_queries() -> Vec<&'static Query> {
    let lists: &[&[&Query]] = &[info::ALL, migrate::ALL, segment::ALL];
    lists.iter().flat_map(|l| l.iter().copied()).collect()
}
