//! SQLite side of the executor: binding, row reading and error mapping.

use crate::value::{Row, Value};
use ivr_domain::{quote, Constraint, ConstraintKind, Error, ErrorDetail, Result};
use rusqlite::types::{ToSqlOutput, ValueRef};
use std::sync::Arc;

pub(crate) struct RunResult {
    pub sets: Vec<Vec<Row>>,
    pub changes: u64,
}

struct Param<'a>(&'a Value);

impl rusqlite::ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self.0 {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Bool(b) => ToSqlOutput::Owned(rusqlite::types::Value::Integer(i64::from(*b))),
            Value::Int(i) => ToSqlOutput::Owned(rusqlite::types::Value::Integer(*i)),
            Value::Float(f) => ToSqlOutput::Owned(rusqlite::types::Value::Real(*f)),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            // UUIDs are stored as lowercase hyphenated text so that equality works in SQL.
            Value::Uuid(u) => ToSqlOutput::Owned(rusqlite::types::Value::Text(u.to_string())),
            Value::Bytes(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
        })
    }
}

/// Runs each statement with the shared parameters it uses (`?N` numbering).
pub(crate) fn run(
    conn: &rusqlite::Connection,
    statements: &[&str],
    params: &[Value],
) -> Result<RunResult> {
    let mut out = RunResult {
        sets: Vec::new(),
        changes: 0,
    };
    for text in statements {
        let mut stmt = conn
            .prepare_cached(text)
            .map_err(|e| map_prepare_error(conn, e))?;
        let failed = |e: rusqlite::Error| map_error_in(conn, e);
        let wanted = stmt.parameter_count();
        if wanted > params.len() {
            return Err(Error::internal(format!(
                "statement needs {wanted} parameters, {} given: {text}",
                params.len()
            )));
        }
        for (i, p) in params.iter().take(wanted).enumerate() {
            stmt.raw_bind_parameter(i + 1, Param(p))
                .map_err(map_error)?;
        }
        if stmt.column_count() == 0 {
            out.changes += stmt.raw_execute().map_err(failed)? as u64;
            continue;
        }
        let writes = !stmt.readonly();
        let columns: Arc<[String]> = stmt.column_names().iter().map(|c| c.to_string()).collect();
        let width = columns.len();
        let mut rows = stmt.raw_query();
        let mut set = Vec::new();
        while let Some(row) = rows.next().map_err(failed)? {
            let mut values = Vec::with_capacity(width);
            for i in 0..width {
                values.push(match row.get_ref(i).map_err(map_error)? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(v) => Value::Int(v),
                    ValueRef::Real(v) => Value::Float(v),
                    ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
                    ValueRef::Blob(b) => Value::Bytes(b.to_vec()),
                });
            }
            set.push(Row::new(columns.clone(), values));
        }
        // `changes()` keeps the count of the last write, so only a writing statement (RETURNING) adds it.
        if writes {
            out.changes += conn.changes();
        }
        out.sets.push(set);
    }
    Ok(out)
}

/// Maps an SQLite error to a stable code by its (extended) result code, never by its text:
/// - busy/locked (another connection holds the lock past the busy timeout) → BUSY, retryable;
/// - a unique or primary-key index → ALREADY_EXISTS, a foreign key, CHECK or NOT NULL rule →
///   VALIDATION, both with `detail.constraint` (kind, name, extended code);
/// - a file that cannot be opened or is not a database → CONNECTION; anything else → INTERNAL.
///
/// The driver's error is kept as the cause (for logs). Without the connection the name of a unique
/// index cannot be looked up; [`map_error_in`] can.
pub(crate) fn map_error(e: rusqlite::Error) -> Error {
    map_error_named(e, |_, _| None)
}

/// [`map_error`], naming the unique index a UNIQUE / PRIMARY KEY failure hit (SQLite reports its
/// columns, `table.a, table.b`; the index with exactly those columns is looked up on `conn`).
pub(crate) fn map_error_in(conn: &rusqlite::Connection, e: rusqlite::Error) -> Error {
    map_error_named(e, |kind, text| unique_index_name(conn, kind, text))
}

fn map_error_named(
    e: rusqlite::Error,
    name_of: impl FnOnce(ConstraintKind, &str) -> Option<String>,
) -> Error {
    use rusqlite::ffi;
    let rusqlite::Error::SqliteFailure(f, msg) = &e else {
        return Error::internal(format!("SQLite: {e}")).with_cause(e);
    };
    let text = msg.clone().unwrap_or_else(|| f.to_string());
    let extended = f.extended_code;
    let mapped = match extended & 0xff {
        ffi::SQLITE_BUSY | ffi::SQLITE_LOCKED => Error::busy(
            "the local database is busy with another writer (another window or command); nothing was changed, try again",
        )
        .with_detail(ErrorDetail {
            retryable: Some(true),
            engine_code: Some(i64::from(extended)),
            ..Default::default()
        }),
        ffi::SQLITE_CONSTRAINT => {
            let kind = match extended {
                ffi::SQLITE_CONSTRAINT_UNIQUE => Some(ConstraintKind::Unique),
                ffi::SQLITE_CONSTRAINT_PRIMARYKEY => Some(ConstraintKind::PrimaryKey),
                ffi::SQLITE_CONSTRAINT_FOREIGNKEY => Some(ConstraintKind::ForeignKey),
                ffi::SQLITE_CONSTRAINT_CHECK => Some(ConstraintKind::Check),
                ffi::SQLITE_CONSTRAINT_NOTNULL => Some(ConstraintKind::NotNull),
                _ => None,
            };
            match kind {
                Some(kind) => {
                    let name = match kind {
                        ConstraintKind::Unique | ConstraintKind::PrimaryKey => name_of(kind, &text),
                        // "CHECK constraint failed: CK_name" names a named CHECK constraint.
                        ConstraintKind::Check => text
                            .split_once(": ")
                            .map(|(_, n)| n.trim().to_string())
                            .filter(|n| is_identifier(n)),
                        _ => None,
                    };
                    crate::util::constraint_error(Constraint {
                            kind,
                            name,
                            engine_code: i64::from(extended),
                        },
                        &text,
                    )
                }
                None => Error::validation(format!(
                    "the database refused the change ({})",
                    quote(&text)
                )),
            }
        }
        ffi::SQLITE_CANTOPEN | ffi::SQLITE_NOTADB => {
            Error::connection(format!("cannot use the local database: {}", quote(&text)))
        }
        _ => Error::internal(format!("SQLite: {}", quote(&text))),
    };
    mapped.with_cause(e)
}

/// A statement SQLite cannot prepare (its generic SQLITE_ERROR, as for a missing table) on a
/// database whose migrations were never deployed (no `__schema_history`, or no row in it) is
/// NOT_DEPLOYED ([`crate::util::not_deployed`]). Anything else maps as [`map_error`]. The history is read on the same
/// connection and only on this failure path, so no statement is counted.
fn map_prepare_error(conn: &rusqlite::Connection, e: rusqlite::Error) -> Error {
    let generic = matches!(&e, rusqlite::Error::SqliteFailure(f, _) if f.extended_code == rusqlite::ffi::SQLITE_ERROR);
    if generic && !migrations_deployed(conn) {
        return crate::util::not_deployed().with_cause(e);
    }
    map_error(e)
}

/// Whether the migration history exists and has a row; a history that cannot be read counts as
/// deployed (the original error then stands).
fn migrations_deployed(conn: &rusqlite::Connection) -> bool {
    use crate::migrate::history::{HISTORY_EXISTS, HISTORY_READ};
    let present = conn
        .query_row(HISTORY_EXISTS.sqlite[0], [], |r| r.get::<_, i64>(0))
        .unwrap_or(1);
    present != 0
        && conn
            .prepare(HISTORY_READ.sqlite[0])
            .and_then(|mut s| s.exists([]))
            .unwrap_or(true)
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The unique index (or `PRIMARY KEY`) whose columns are exactly the ones SQLite reported, in
/// its fixed form `table.col, table.col` (or `index 'name'` for an index on expressions).
fn unique_index_name(
    conn: &rusqlite::Connection,
    kind: ConstraintKind,
    text: &str,
) -> Option<String> {
    let cols = text.split_once(": ")?.1.trim();
    if let Some(name) = cols
        .strip_prefix("index '")
        .and_then(|n| n.strip_suffix('\''))
    {
        return Some(name.to_string());
    }
    let mut table = None;
    let mut wanted = Vec::new();
    for part in cols.split(", ") {
        let (t, c) = part.split_once('.')?;
        if table.is_some_and(|seen| seen != t) {
            return None;
        }
        table = Some(t);
        wanted.push(c.to_string());
    }
    let table = table?;
    if kind == ConstraintKind::PrimaryKey {
        // SQLite keeps no name for a primary key (its index, if any, is `sqlite_autoindex_…`).
        return None;
    }
    // Only indexes the migrations created by name (origin 'c'), not a table's inline UNIQUE.
    let mut list = conn
        .prepare("SELECT name FROM pragma_index_list(?1) WHERE \"unique\" = 1 AND origin = 'c'")
        .ok()?;
    let names: Vec<String> = list
        .query_map([table], |r| r.get(0))
        .ok()?
        .filter_map(|r| r.ok())
        .collect();
    let mut info = conn
        .prepare("SELECT name FROM pragma_index_info(?1) ORDER BY seqno")
        .ok()?;
    let mut matching = names.into_iter().filter(|index| {
        let cols: Vec<String> = info
            .query_map([index], |r| r.get(0))
            .map(|rows| rows.filter_map(|r| r.ok()).collect())
            .unwrap_or_default();
        cols == wanted
    });
    // Two indexes on the same columns (different filters) cannot be told apart: no name then.
    match (matching.next(), matching.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

/// SQL functions the SQLite texts of the registry use, registered on every connection `Db` opens:
/// - `ivr_lower(text)`: the text lower-cased by Unicode rules (SQLite's own `lower` only folds
///   ASCII), so a search for "été" finds "ÉTÉ" as SQL Server's `LOWER` does; NULL stays NULL.
///   The schema uses it too: the triggers that keep the message text index
///   (`msg_MessageContentSearch`) store `ivr_lower(Content)`, so content can only be written on a
///   connection that has it (every `Db` does; a plain `sqlite3` shell does not, and its write
///   fails whole). Innocuous (no side effects), so it may run from triggers even where the
///   schema is not trusted.
///
/// Public (`ivr_store::register_sqlite_functions`) for tools and tests that open a database file
/// with rusqlite directly and write message content or read plans of statements that use it.
pub fn register_functions(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "ivr_lower",
        1,
        FunctionFlags::SQLITE_UTF8
            | FunctionFlags::SQLITE_DETERMINISTIC
            | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| {
            Ok(ctx
                .get_raw(0)
                .as_str_or_null()
                .map_err(|e| rusqlite::Error::UserFunctionError(Box::new(e)))?
                .map(str::to_lowercase))
        },
    )
}
