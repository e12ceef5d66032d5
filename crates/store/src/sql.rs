//! Every SQL text the store sends is a named constant in a [`Query`], one text per engine.
//!
//! Texts are static: values are always parameters (`@P1…` on SQL Server, `?1…` on SQLite), never
//! formatted into the text. That lets the test suite list every SQL Server text the application
//! can send ([`crate::all_queries`]) and check it with Microsoft's parser and the schema model.

/// One logical store operation. On SQL Server `mssql` is a single batch (one round trip, possibly
/// several statements sharing the same `@Pn` parameters); on SQLite the same work is the list of
/// statements in `sqlite`, each using the shared `?N` parameters it needs.
#[derive(Debug)]
pub struct Query {
    pub name: &'static str,
    pub mssql: &'static str,
    pub sqlite: &'static [&'static str],
}

/// Declares queries and an `ALL` list of them:
/// ```ignore
/// queries! {
///     /// doc
///     ROUTING_BY_SOURCE {
///         mssql: "SELECT ... WHERE SourceId = @P1",
///         sqlite: ["SELECT ... WHERE SourceId = ?1"],
///     }
/// }
/// ```
/// `sqlite` is an array of statements, or a macro that expands to one (texts that share their
/// statements with another query, such as `segment`'s flow loads).
#[macro_export]
macro_rules! queries {
    ($( $(#[$meta:meta])* $name:ident { mssql: $ms:expr, sqlite: $sl:expr $(,)? } )*) => {
        $(
            $(#[$meta])*
            pub const $name: $crate::sql::Query = $crate::sql::Query {
                name: concat!(module_path!(), "::", stringify!($name)),
                mssql: $ms,
                sqlite: &$sl,
            };
        )*
        /// Every query declared in this module.
        pub const ALL: &[&$crate::sql::Query] = &[$(&$name),*];
    };
}

/// The spec's rule "a routing entry's message store is its MessageStoreId, else its company
/// project's store", written once as a condition on a routing entry `rt` and a message store `ms`
/// (the same text on both engines). Splice it into a query with `concat!`.
macro_rules! routing_entry_uses_store {
    () => {
        "(rt.MessageStoreId = ms.MessageStoreId OR (rt.MessageStoreId IS NULL AND rt.CompanyProjectId = ms.CompanyProjectId))"
    };
}
pub(crate) use routing_entry_uses_store;
