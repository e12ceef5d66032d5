//! The schema model: the single source of truth for every table, column, key, index and check.
//!
//! The migration files of both engines, the live SQLite and SQL Server catalogs, and the SQL texts
//! the store sends are all compared with this model by tests and by `ivr migrate verify`.
//! Validators read column lengths from here, so a limit is written once.
//!
//! Names are the spec's, exactly. On SQL Server tables live in `dbo` or `ivr`; SQLite has no
//! schemas and uses the bare table names.

pub mod drift;
pub mod tables;

/// Column types as the spec writes them, mapped per engine by [`SqlType::mssql`] / [`SqlType::sqlite`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SqlType {
    Int,
    BigInt,
    Bit,
    Float,
    /// `VARCHAR(n)`; `None` is `VARCHAR(MAX)`.
    VarChar(Option<u32>),
    /// `NVARCHAR(n)`; `None` is `NVARCHAR(MAX)`.
    NVarChar(Option<u32>),
    UniqueIdentifier,
    /// `DATETIME2` (UTC, set by `SYSUTCDATETIME()`); ISO-8601 text on SQLite.
    DateTime2,
    /// Optimistic-concurrency token: `ROWVERSION` on SQL Server, an INTEGER bumped on every update on SQLite.
    RowVersion,
}

impl SqlType {
    /// The T-SQL type as written in DDL.
    pub fn mssql(self) -> String {
        match self {
            SqlType::Int => "INT".into(),
            SqlType::BigInt => "BIGINT".into(),
            SqlType::Bit => "BIT".into(),
            SqlType::Float => "FLOAT".into(),
            SqlType::VarChar(Some(n)) => format!("VARCHAR({n})"),
            SqlType::VarChar(None) => "VARCHAR(MAX)".into(),
            SqlType::NVarChar(Some(n)) => format!("NVARCHAR({n})"),
            SqlType::NVarChar(None) => "NVARCHAR(MAX)".into(),
            SqlType::UniqueIdentifier => "UNIQUEIDENTIFIER".into(),
            SqlType::DateTime2 => "DATETIME2".into(),
            SqlType::RowVersion => "ROWVERSION".into(),
        }
    }

    /// The SQLite declared type (its affinity decides storage).
    pub fn sqlite(self) -> &'static str {
        match self {
            SqlType::Int | SqlType::BigInt | SqlType::Bit | SqlType::RowVersion => "INTEGER",
            SqlType::Float => "REAL",
            SqlType::VarChar(_)
            | SqlType::NVarChar(_)
            | SqlType::UniqueIdentifier
            | SqlType::DateTime2 => "TEXT",
        }
    }

    /// Maximum length in characters, for text types with a limit.
    pub fn max_len(self) -> Option<u32> {
        match self {
            SqlType::VarChar(n) | SqlType::NVarChar(n) => n,
            _ => None,
        }
    }
}

/// Column defaults, engine-neutral.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultValue {
    Int(i64),
    /// `SYSUTCDATETIME()` / `strftime('%Y-%m-%dT%H:%M:%fZ','now')`.
    Now,
    /// `NEWID()`; SQLite has no default (the application supplies the id).
    NewId,
    Text(&'static str),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    pub ty: SqlType,
    pub nullable: bool,
    pub default: Option<DefaultValue>,
    /// `IDENTITY(1,1)` / `INTEGER PRIMARY KEY AUTOINCREMENT`.
    pub identity: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForeignKey {
    pub name: &'static str,
    pub columns: &'static [&'static str],
    /// Table name without schema.
    pub ref_table: &'static str,
    pub ref_columns: &'static [&'static str],
    pub on_delete_cascade: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Index {
    pub name: &'static str,
    pub columns: &'static [&'static str],
    pub unique: bool,
    /// Filter predicate, written the same for both engines (e.g. `IsActive = 1`).
    pub filter: Option<&'static str>,
    /// SQL Server `INCLUDE` columns; SQLite has none (ignored there).
    pub include: &'static [&'static str],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Check {
    pub name: &'static str,
    /// Predicate, written the same for both engines (e.g. `Version BETWEEN 1 AND 10`).
    pub expr: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Table {
    /// `dbo` or `ivr`.
    pub schema: &'static str,
    pub name: &'static str,
    pub columns: &'static [Column],
    pub primary_key_name: &'static str,
    pub primary_key: &'static [&'static str],
    pub foreign_keys: &'static [ForeignKey],
    pub indexes: &'static [Index],
    pub checks: &'static [Check],
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }
    /// `ivr.rt_RoutingTable`
    pub fn qualified(&self) -> String {
        format!("{}.{}", self.schema, self.name)
    }
}

/// Every table of the model, in creation order (referenced tables first).
pub fn tables() -> &'static [Table] {
    tables::TABLES
}

pub fn table(name: &str) -> Option<&'static Table> {
    tables().iter().find(|t| t.name.eq_ignore_ascii_case(name))
}

/// A text index only the SQLite engine has: an FTS5 virtual table over one table's rows (rowid =
/// that table's integer key), kept by triggers on that table. SQL Server has no counterpart (the
/// README's Messages section says why). Drift on SQLite: the virtual table and its triggers must
/// exist; the shadow tables FTS5 keeps for it ([`FTS5_SHADOW_SUFFIXES`]) belong to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SqliteTextSearch {
    pub name: &'static str,
    /// The table whose rows are indexed.
    pub source: &'static str,
    /// The triggers on `source` that keep the index in step with every insert, update and delete.
    pub triggers: &'static [&'static str],
    /// The index's vocabulary: an `fts5vocab` table over it (stores nothing; FTS5 reads the index).
    pub vocabulary: &'static str,
}

/// The message text search indexes (SQLite): every `msg_MessageLanguageContent.Content`,
/// lower-cased by `ivr_lower`, as trigrams (migration `V20261203143000__message_text_search`), and
/// its last two characters followed by two U+0001 (migration
/// `V20261204214500__message_text_search_ends`), each at rowid = the content's id, with their
/// vocabularies (`instance`) to find 1- and 2-character texts.
pub const SQLITE_TEXT_SEARCH: &[SqliteTextSearch] = &[
    SqliteTextSearch {
        name: "msg_MessageContentSearch",
        source: "msg_MessageLanguageContent",
        triggers: &[
            "TR_msg_MessageLanguageContent_SearchInsert",
            "TR_msg_MessageLanguageContent_SearchDelete",
            "TR_msg_MessageLanguageContent_SearchUpdate",
        ],
        vocabulary: "msg_MessageContentTerms",
    },
    SqliteTextSearch {
        name: "msg_MessageContentEnds",
        source: "msg_MessageLanguageContent",
        triggers: &[
            "TR_msg_MessageLanguageContent_EndsInsert",
            "TR_msg_MessageLanguageContent_EndsDelete",
            "TR_msg_MessageLanguageContent_EndsUpdate",
        ],
        vocabulary: "msg_MessageContentEndTerms",
    },
];

/// The tables FTS5 creates for a virtual table `X`: `X_data`, `X_idx`, …
pub const FTS5_SHADOW_SUFFIXES: &[&str] = &["_data", "_idx", "_docsize", "_config", "_content"];

impl SqliteTextSearch {
    /// Is `table` this index, one of its FTS5 shadow tables or its vocabulary?
    pub fn owns(&self, table: &str) -> bool {
        let t = table.to_ascii_lowercase();
        let n = self.name.to_ascii_lowercase();
        t == n
            || t == self.vocabulary.to_ascii_lowercase()
            || FTS5_SHADOW_SUFFIXES.iter().any(|s| t == format!("{n}{s}"))
    }
}

/// The schemas SQL Server needs, created before any table.
pub const SCHEMAS: &[&str] = &["dbo", "ivr"];
