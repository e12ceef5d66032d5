//! Small helpers shared by the repositories.

use crate::value::{Row, Value};
use ivr_domain::connection::Engine;
use ivr_domain::{
    quote, Constraint, ConstraintKind, Error, ErrorCode, ErrorDetail, Remedy, Result,
};

/// The error for a database rule, the same words on both engines: a unique or primary-key index
/// is ALREADY_EXISTS, any other rule VALIDATION; `detail.constraint` says which rule.
pub(crate) fn constraint_error(c: Constraint, text: &str) -> Error {
    let which = c
        .name
        .as_deref()
        .map(|n| format!(" ({n})"))
        .unwrap_or_default();
    let e = match c.kind {
        ConstraintKind::Unique | ConstraintKind::PrimaryKey => Error::already_exists(format!(
            "a row with the same key already exists{which}; nothing was changed"
        )),
        _ => Error::validation(format!(
            "the database refused the change{which}: {}",
            quote(text)
        )),
    };
    e.with_detail(ErrorDetail {
        constraint: Some(c),
        ..Default::default()
    })
}

/// A statement named a table the database does not have, and its migrations were never deployed
/// (no `__schema_history`, or no row in it): the same words on both engines, with the remedy to
/// deploy them (only `local` is migrated on open, another environment by its admin).
pub(crate) fn not_deployed() -> Error {
    Error::new(
        ErrorCode::NotDeployed,
        "this environment's database has none of the app's tables: its migrations were never deployed; deploy them first",
    )
    .with_remedy(Remedy::DeployMigrations)
}

/// The `N` result sets of one batch (`what` names it in the error when the database answered
/// with another number of sets).
pub(crate) fn take_sets<const N: usize>(sets: Vec<Vec<Row>>, what: &str) -> Result<[Vec<Row>; N]> {
    let got = sets.len();
    <[Vec<Row>; N]>::try_from(sets).map_err(|_| {
        Error::internal(format!(
            "loading the {what} returned {got} result sets, {N} expected"
        ))
    })
}

/// Splits a "page, then total" answer (two result sets) into rows and the total.
pub(crate) fn page_and_total(mut sets: Vec<Vec<Row>>) -> Result<(Vec<Row>, i64)> {
    if sets.len() < 2 {
        return Err(Error::internal(format!(
            "a paged list returned {} result sets instead of 2",
            sets.len()
        )));
    }
    let total_set = sets.pop().unwrap_or_default();
    let rows = sets.pop().unwrap_or_default();
    let total = match total_set.first() {
        Some(r) => r.i64("Total")?,
        None => 0,
    };
    Ok((rows, total))
}

/// The row-version token as the engine compares it: ROWVERSION bytes on SQL Server (the token is
/// their hex), the integer on SQLite. A token that is not one is a VALIDATION error.
pub fn row_version_param(engine: Engine, token: &str) -> Result<Value> {
    let bad = || {
        Error::validation(format!(
            "`{token}` is not a row version from this environment; read the row again and use its rowVersion"
        ))
    };
    match engine {
        Engine::Mssql => hex::decode(token)
            .ok()
            .filter(|b| b.len() == 8)
            .map(Value::Bytes)
            .ok_or_else(bad),
        Engine::Sqlite => token.parse::<i64>().map(Value::Int).map_err(|_| bad()),
    }
}

/// A search term as a LIKE pattern matching it anywhere, with `ESCAPE '\'`: the user's `%`, `_`
/// and `[` (special on SQL Server) are matched literally.
pub fn like_contains(term: &str) -> String {
    let mut p = String::with_capacity(term.len() + 2);
    p.push('%');
    for c in term.chars() {
        if matches!(c, '\\' | '%' | '_' | '[') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_match_literally() {
        assert_eq!(like_contains("a%b_c[d]\\"), "%a\\%b\\_c\\[d]\\\\%");
        assert_eq!(like_contains(""), "%%");
    }

    #[test]
    fn row_version_tokens_per_engine() {
        assert_eq!(
            row_version_param(Engine::Sqlite, "7").unwrap(),
            Value::Int(7)
        );
        assert_eq!(
            row_version_param(Engine::Mssql, "00000000000007d1").unwrap(),
            Value::Bytes(vec![0, 0, 0, 0, 0, 0, 7, 0xd1])
        );
        for (engine, bad) in [
            (Engine::Sqlite, "x"),
            (Engine::Mssql, "7"),
            (Engine::Mssql, "zz00000000000000"),
        ] {
            let e = row_version_param(engine, bad).unwrap_err();
            assert_eq!(e.code, ivr_domain::ErrorCode::Validation);
        }
    }
}
