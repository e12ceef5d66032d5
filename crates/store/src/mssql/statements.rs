//! A statement on a pooled client: parameters bound, result sets read into rows, and a failure
//! mapped (the connection marked broken when it cannot be trusted any more).

use super::errors::{map_error, INVALID_OBJECT_NAME};
use super::PooledClient;
use crate::value::{Row, Value};
use ivr_domain::{Error, Result};
use std::sync::Arc;
use tiberius::{ColumnData, FromSql, ToSql};

fn bind_params(params: &[Value]) -> Vec<Box<dyn ToSql + '_>> {
    params
        .iter()
        .map(|p| -> Box<dyn ToSql + '_> {
            match p {
                Value::Null => Box::new(Option::<&str>::None),
                Value::Bool(b) => Box::new(*b),
                Value::Int(i) => Box::new(*i),
                Value::Float(f) => Box::new(*f),
                Value::Text(s) => Box::new(s.as_str()),
                Value::Uuid(u) => Box::new(*u),
                Value::Bytes(b) => Box::new(b.as_slice()),
            }
        })
        .collect()
}

pub(crate) async fn query(
    c: &mut PooledClient,
    sql: &str,
    params: &[Value],
) -> Result<Vec<Vec<Row>>> {
    let boxed = bind_params(params);
    let refs: Vec<&dyn ToSql> = boxed.iter().map(|b| b.as_ref()).collect();
    let result = async {
        let stream = c.client.query(sql, &refs).await?;
        stream.into_results().await
    }
    .await;
    match result {
        Ok(sets) => sets
            .into_iter()
            .map(|set| set.into_iter().map(convert_row).collect())
            .collect(),
        Err(e) => Err(fail_statement(c, e).await),
    }
}

pub(crate) async fn execute(c: &mut PooledClient, sql: &str, params: &[Value]) -> Result<u64> {
    let boxed = bind_params(params);
    let refs: Vec<&dyn ToSql> = boxed.iter().map(|b| b.as_ref()).collect();
    match c.client.execute(sql, &refs).await {
        Ok(r) => Ok(r.rows_affected().iter().sum()),
        Err(e) => Err(fail_statement(c, e).await),
    }
}

pub(crate) async fn simple(c: &mut PooledClient, text: &str) -> Result<()> {
    let result = async { c.client.simple_query(text).await?.into_results().await }.await;
    result.map(|_| ()).map_err(|e| fail(c, e))
}

fn fail(c: &mut PooledClient, e: tiberius::error::Error) -> Error {
    if matches!(
        e,
        tiberius::error::Error::Io { .. }
            | tiberius::error::Error::Tls(_)
            | tiberius::error::Error::Protocol(_)
    ) {
        c.broken = true;
    }
    map_error(e)
}

/// As [`fail`], for an application statement: one that names a table the database does not have
/// (208), on a database whose migrations were never deployed, is NOT_DEPLOYED, as on SQLite. The
/// history is read on the same connection and only on this failure path (no statement counted).
async fn fail_statement(c: &mut PooledClient, e: tiberius::error::Error) -> Error {
    let missing_table =
        matches!(&e, tiberius::error::Error::Server(t) if t.code() == INVALID_OBJECT_NAME);
    let err = fail(c, e);
    if missing_table && !migrations_deployed(c).await {
        let mut deploy = crate::util::not_deployed();
        deploy.cause = err.cause.clone();
        return deploy;
    }
    err
}

/// Whether the migration history exists and has a row; a history that cannot be read counts as
/// deployed (the original error then stands). Straight on the client: this is the failure path of
/// [`query`] and [`execute`].
async fn migrations_deployed(c: &mut PooledClient) -> bool {
    use crate::migrate::history::{HISTORY_EXISTS, HISTORY_READ};
    let present = match first_set(c, HISTORY_EXISTS.mssql).await {
        Some(rows) => rows
            .first()
            .and_then(|r| r.try_get::<i32, _>("present").ok().flatten())
            .is_none_or(|p| p != 0),
        None => true,
    };
    present
        && first_set(c, HISTORY_READ.mssql)
            .await
            .is_none_or(|rows| !rows.is_empty())
}

async fn first_set(c: &mut PooledClient, sql: &str) -> Option<Vec<tiberius::Row>> {
    let stream = c.client.query(sql, &[]).await.ok()?;
    stream.into_first_result().await.ok()
}

fn convert_row(row: tiberius::Row) -> Result<Row> {
    let columns: Arc<[String]> = row.columns().iter().map(|c| c.name().to_string()).collect();
    let mut values = Vec::with_capacity(columns.len());
    for data in row.into_iter() {
        values.push(convert_cell(data)?);
    }
    Ok(Row::new(columns, values))
}

fn convert_cell(data: ColumnData<'static>) -> Result<Value> {
    Ok(match data {
        ColumnData::U8(v) => v.map_or(Value::Null, |v| Value::Int(v.into())),
        ColumnData::I16(v) => v.map_or(Value::Null, |v| Value::Int(v.into())),
        ColumnData::I32(v) => v.map_or(Value::Null, |v| Value::Int(v.into())),
        ColumnData::I64(v) => v.map_or(Value::Null, Value::Int),
        ColumnData::F32(v) => v.map_or(Value::Null, |v| Value::Float(v.into())),
        ColumnData::F64(v) => v.map_or(Value::Null, Value::Float),
        ColumnData::Bit(v) => v.map_or(Value::Null, Value::Bool),
        ColumnData::String(v) => v.map_or(Value::Null, |s| Value::Text(s.into_owned())),
        ColumnData::Guid(v) => v.map_or(Value::Null, Value::Uuid),
        ColumnData::Binary(v) => v.map_or(Value::Null, |b| Value::Bytes(b.into_owned())),
        ColumnData::Numeric(v) => v.map_or(Value::Null, |n| Value::Float(f64::from(n))),
        ColumnData::Xml(v) => v.map_or(Value::Null, |x| Value::Text(x.to_string())),
        d @ (ColumnData::DateTime(_)
        | ColumnData::SmallDateTime(_)
        | ColumnData::DateTime2(_)
        | ColumnData::Date(_)
        | ColumnData::Time(_)) => {
            let t = chrono::NaiveDateTime::from_sql(&d).map_err(map_error)?;
            t.map_or(Value::Null, |t| {
                Value::Text(t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
            })
        }
        d @ ColumnData::DateTimeOffset(_) => {
            let t = chrono::DateTime::<chrono::Utc>::from_sql(&d).map_err(map_error)?;
            t.map_or(Value::Null, |t| {
                Value::Text(t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
            })
        }
    })
}
