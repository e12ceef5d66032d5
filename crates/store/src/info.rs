//! Questions about the server itself, for "test connection".

crate::queries! {
    /// One row, column `Version`: the SQL Server banner or the SQLite library version.
    SERVER_VERSION {
        mssql: "SELECT @@VERSION AS Version;",
        sqlite: ["SELECT 'SQLite ' || sqlite_version() AS Version"],
    }
}
