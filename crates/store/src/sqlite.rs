//! SQLite side of the executor: binding, row reading and error mapping.

use crate::value::{Row, Value};
use ivr_domain::{Error, ErrorCode, Result};
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
        let mut stmt = conn.prepare_cached(text).map_err(map_error)?;
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
            out.changes += stmt.raw_execute().map_err(map_error)? as u64;
            continue;
        }
        let writes = !stmt.readonly();
        let columns: Arc<[String]> = stmt.column_names().iter().map(|c| c.to_string()).collect();
        let width = columns.len();
        let mut rows = stmt.raw_query();
        let mut set = Vec::new();
        while let Some(row) = rows.next().map_err(map_error)? {
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

/// Maps SQLite errors to stable codes. Constraint failures are CONFLICT/VALIDATION so that a rule
/// the database enforces reads the same as one the application checked first.
pub(crate) fn map_error(e: rusqlite::Error) -> Error {
    use rusqlite::ffi::ErrorCode as C;
    if let rusqlite::Error::SqliteFailure(f, msg) = &e {
        let text = msg.clone().unwrap_or_else(|| f.to_string());
        return match f.code {
            C::ConstraintViolation => {
                if text.contains("UNIQUE") {
                    Error::conflict(format!("a row with the same key already exists ({text})"))
                } else {
                    Error::validation(format!("the database refused the change ({text})"))
                }
            }
            C::DatabaseBusy | C::DatabaseLocked => Error::new(
                ErrorCode::Conflict,
                format!("the local database is busy with another writer; try again ({text})"),
            ),
            C::CannotOpen | C::NotADatabase => {
                Error::connection(format!("cannot use the local database: {text}"))
            }
            _ => Error::internal(format!("SQLite: {text}")),
        };
    }
    Error::internal(format!("SQLite: {e}"))
}
