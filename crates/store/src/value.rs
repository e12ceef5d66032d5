//! Engine-neutral parameter and column values.
//!
//! Timestamps travel as ISO-8601 UTC text (`2026-01-20T10:00:00.000Z`) on both engines so that the
//! same row reads the same everywhere; the database sets them itself (SYSUTCDATETIME / strftime).

use ivr_domain::{Error, Result};
use std::sync::Arc;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    Uuid(Uuid),
    Bytes(Vec<u8>),
}

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_owned())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(v.clone())
    }
}
impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}
impl From<i32> for Value {
    fn from(v: i32) -> Self {
        Value::Int(v.into())
    }
}
impl From<u32> for Value {
    fn from(v: u32) -> Self {
        Value::Int(v.into())
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}
impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::Float(v)
    }
}
impl From<Uuid> for Value {
    fn from(v: Uuid) -> Self {
        Value::Uuid(v)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// One result row; columns are looked up by name, case-insensitively (SQL Server and SQLite both
/// treat identifiers that way).
#[derive(Debug, Clone)]
pub struct Row {
    columns: Arc<[String]>,
    values: Vec<Value>,
}

impl Row {
    pub fn new(columns: Arc<[String]>, values: Vec<Value>) -> Self {
        Row { columns, values }
    }
    pub fn columns(&self) -> &[String] {
        &self.columns
    }
    pub fn values(&self) -> &[Value] {
        &self.values
    }
    pub fn value(&self, name: &str) -> Result<&Value> {
        self.columns
            .iter()
            .position(|c| c.eq_ignore_ascii_case(name))
            .map(|i| &self.values[i])
            .ok_or_else(|| Error::internal(format!("result has no column {name}")))
    }
    pub fn opt_str(&self, name: &str) -> Result<Option<String>> {
        match self.value(name)? {
            Value::Null => Ok(None),
            Value::Text(s) => Ok(Some(s.clone())),
            Value::Uuid(u) => Ok(Some(u.to_string())),
            Value::Int(i) => Ok(Some(i.to_string())),
            other => Err(type_error(name, "text", other)),
        }
    }
    pub fn str(&self, name: &str) -> Result<String> {
        self.opt_str(name)?.ok_or_else(|| null_error(name))
    }
    pub fn opt_i64(&self, name: &str) -> Result<Option<i64>> {
        match self.value(name)? {
            Value::Null => Ok(None),
            Value::Int(i) => Ok(Some(*i)),
            Value::Bool(b) => Ok(Some(i64::from(*b))),
            Value::Text(s) => s
                .parse()
                .map(Some)
                .map_err(|_| type_error(name, "integer", &Value::Text(s.clone()))),
            other => Err(type_error(name, "integer", other)),
        }
    }
    pub fn i64(&self, name: &str) -> Result<i64> {
        self.opt_i64(name)?.ok_or_else(|| null_error(name))
    }
    pub fn i32(&self, name: &str) -> Result<i32> {
        let v = self.i64(name)?;
        i32::try_from(v)
            .map_err(|_| Error::internal(format!("column {name}: {v} does not fit an INT")))
    }
    pub fn opt_i32(&self, name: &str) -> Result<Option<i32>> {
        self.opt_i64(name)?
            .map(|v| {
                i32::try_from(v)
                    .map_err(|_| Error::internal(format!("column {name}: {v} does not fit an INT")))
            })
            .transpose()
    }
    pub fn opt_f64(&self, name: &str) -> Result<Option<f64>> {
        match self.value(name)? {
            Value::Null => Ok(None),
            Value::Float(f) => Ok(Some(*f)),
            Value::Int(i) => Ok(Some(*i as f64)),
            other => Err(type_error(name, "number", other)),
        }
    }
    pub fn f64(&self, name: &str) -> Result<f64> {
        self.opt_f64(name)?.ok_or_else(|| null_error(name))
    }
    pub fn bool(&self, name: &str) -> Result<bool> {
        match self.value(name)? {
            Value::Bool(b) => Ok(*b),
            Value::Int(i) => Ok(*i != 0),
            Value::Null => Err(null_error(name)),
            other => Err(type_error(name, "bit", other)),
        }
    }
    pub fn opt_uuid(&self, name: &str) -> Result<Option<Uuid>> {
        match self.value(name)? {
            Value::Null => Ok(None),
            Value::Uuid(u) => Ok(Some(*u)),
            Value::Text(s) => Uuid::parse_str(s)
                .map(Some)
                .map_err(|_| type_error(name, "uuid", &Value::Text(s.clone()))),
            Value::Bytes(b) => Uuid::from_slice(b)
                .map(Some)
                .map_err(|_| Error::internal(format!("column {name}: not a uuid"))),
            other => Err(type_error(name, "uuid", other)),
        }
    }
    pub fn uuid(&self, name: &str) -> Result<Uuid> {
        self.opt_uuid(name)?.ok_or_else(|| null_error(name))
    }
    /// A row-version: ROWVERSION bytes on SQL Server, an INTEGER on SQLite; both as an opaque token.
    pub fn row_version(&self, name: &str) -> Result<String> {
        match self.value(name)? {
            Value::Bytes(b) => Ok(hex::encode(b)),
            Value::Int(i) => Ok(i.to_string()),
            Value::Text(s) => Ok(s.clone()),
            other => Err(type_error(name, "row version", other)),
        }
    }
}

fn null_error(name: &str) -> Error {
    Error::internal(format!("column {name} is NULL where a value was expected"))
}
fn type_error(name: &str, want: &str, got: &Value) -> Error {
    Error::internal(format!("column {name}: expected {want}, got {got:?}"))
}
