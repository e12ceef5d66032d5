//! Field checks driven by the schema model, so a column's limit is written once (in
//! `schema::tables`) and every validator reads it from there.

use crate::error::FieldErrors;
use crate::schema::{self, SqlType};

/// The declared maximum length of `table.column`, if the model has it.
pub fn max_len(table: &str, column: &str) -> Option<u32> {
    schema::table(table)?.column(column)?.ty.max_len()
}

/// Checks one text value against its column: required (not blank) when `required`, no longer than
/// the column allows (characters), no control characters, and — for `VARCHAR` columns — ASCII only,
/// because SQL Server stores VARCHAR in a single-byte code page and would silently turn other
/// letters into `?`.
///
/// `field` is the name the caller's users know (the request field); the message uses it.
pub fn check_text(
    errors: &mut FieldErrors,
    field: &str,
    value: &str,
    table: &str,
    column: &str,
    required: bool,
) {
    if value.trim().is_empty() {
        if required {
            errors.push(field, "is required");
        } else if !value.is_empty() {
            errors.push(field, "must not be only spaces");
        }
        return;
    }
    if value.trim() != value {
        errors.push(field, "must not start or end with spaces");
    }
    let col = schema::table(table).and_then(|t| t.column(column));
    let Some(col) = col else {
        // A validator naming a column the model lacks is a bug; say so instead of guessing a limit.
        errors.push(
            field,
            format!("cannot be checked: the schema model has no column {table}.{column}"),
        );
        return;
    };
    if let Some(max) = col.ty.max_len() {
        let n = value.chars().count();
        if n > max as usize {
            errors.push(
                field,
                format!("is {n} characters long; at most {max} are allowed"),
            );
        }
    }
    if value.chars().any(|c| c.is_control()) {
        errors.push(
            field,
            "must not contain control characters (tabs, line breaks)",
        );
    } else if matches!(col.ty, SqlType::VarChar(_)) && !value.is_ascii() {
        errors.push(
            field,
            "may only contain ASCII characters (letters a–z, digits, punctuation)",
        );
    }
}

/// A user's JSON object kept as text ([`crate::JsonText`]): valid JSON, an object, no duplicate
/// key, no NUL.
pub fn check_json_text_object(
    errors: &mut FieldErrors,
    field: &str,
    value: Option<&crate::JsonText>,
) {
    if let Some(p) = value.and_then(|v| v.problem(true)) {
        errors.push(field, p);
    }
}

/// `Some(value)` must be a JSON object.
pub fn check_json_object(errors: &mut FieldErrors, field: &str, value: Option<&serde_json::Value>) {
    if let Some(v) = value {
        if !v.is_object() {
            let kind = match v {
                serde_json::Value::Null => "null",
                serde_json::Value::Bool(_) => "a boolean",
                serde_json::Value::Number(_) => "a number",
                serde_json::Value::String(_) => "a string",
                serde_json::Value::Array(_) => "an array",
                serde_json::Value::Object(_) => "an object",
            };
            errors.push(
                field,
                format!("must be a JSON object ({{ … }}), not {kind}"),
            );
        }
    }
}
