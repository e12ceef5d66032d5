//! SQL Server's errors as stable codes, by error number (never by message text); the driver's
//! error stays the cause.

use super::{is_transient, MssqlTarget};
use ivr_domain::{quote, Constraint, ConstraintKind, Error, ErrorCode, ErrorDetail};

/// SQL Server error numbers that mean "try again shortly" (Azure failover, database starting).
const TRANSIENT: &[u32] = &[
    4060, 40197, 40501, 40613, 49918, 49919, 49920, 4221, 10928, 10929, 233, 64,
];

/// Chosen as a deadlock victim (the server rolled the transaction back).
const DEADLOCK: u32 = 1205;

/// Lock request time out period exceeded (`SET LOCK_TIMEOUT`).
const LOCK_TIMEOUT: u32 = 1222;

/// Duplicate key: a UNIQUE / PRIMARY KEY constraint, and a unique index.
const UNIQUE_CONSTRAINT: u32 = 2627;

const UNIQUE_INDEX: u32 = 2601;

/// A FOREIGN KEY or CHECK constraint (547 names which kind in its text).
const CONSTRAINT_CONFLICT: u32 = 547;

/// Invalid object name: the statement names a table or view the database does not have.
pub(super) const INVALID_OBJECT_NAME: u32 = 208;

/// Cannot insert NULL into a NOT NULL column.
const NOT_NULL: u32 = 515;

pub(super) fn map_error_for(target: &MssqlTarget, e: tiberius::error::Error) -> Error {
    let mut err = map_error(e);
    if matches!(err.code, ErrorCode::Connection | ErrorCode::Busy) {
        err.message = format!(
            "{} (SQL Server at {}:{})",
            err.message, target.host, target.port
        );
        let transient = is_transient(&err);
        let detail = ErrorDetail {
            host: Some(target.host.clone()),
            port: Some(target.port),
            transient: Some(transient),
            sql_error: err.detail.as_ref().and_then(|d| d.sql_error),
            retryable: (err.code == ErrorCode::Busy).then_some(true),
            ..Default::default()
        };
        err.detail = Some(Box::new(detail));
    }
    err
}

/// Maps tiberius errors to stable codes; the message names what to do next. The driver's error
/// is kept as the cause (for logs).
pub(crate) fn map_error(e: tiberius::error::Error) -> Error {
    use tiberius::error::Error as T;
    let mapped = match &e {
        T::Server(token) => map_server_error(token.code(), token.message()),
        T::Io { kind, message } => Error::connection(format!("connection to SQL Server failed: {message}"))
            .with_detail(ErrorDetail {
                transient: Some(!matches!(kind, std::io::ErrorKind::PermissionDenied)),
                ..Default::default()
            }),
        T::Tls(m) => Error::connection(format!(
            "TLS with SQL Server failed: {m}; if the server uses a self-signed certificate, set trust_server_certificate for this (non-prd) environment"
        )),
        other => Error::connection(format!("SQL Server: {other}")),
    };
    mapped.with_cause(e)
}

/// Maps an error number SQL Server sent (with its text) to a stable code, by the number (never by
/// the text). Separate from [`map_error`] because tiberius offers no way to build its error token
/// outside a connection: the unit tests below call this, and no SQL Server runs on the build
/// machine, so the numbers and message shapes are taken from SQL Server's documentation
/// (sys.messages), not verified against a server here.
fn map_server_error(n: u32, msg: &str) -> Error {
    let sql = ErrorDetail {
        sql_error: Some(n),
        ..Default::default()
    };
    let busy = |what: &str| {
        Error::busy(format!(
            "{what}; nothing was changed, try again ({})",
            quote(msg)
        ))
        .with_detail(ErrorDetail {
            sql_error: Some(n),
            retryable: Some(true),
            transient: Some(true),
            ..Default::default()
        })
    };
    match n {
        18456 => Error::connection(format!(
            "login failed for this user: check the user name and the password stored for this environment ({msg})"
        ))
        .with_detail(ErrorDetail {
            sql_error: Some(n),
            transient: Some(false),
            ..Default::default()
        }),
        UNIQUE_CONSTRAINT | UNIQUE_INDEX => {
            // 2627: "Violation of PRIMARY KEY|UNIQUE KEY constraint 'PK_x'. …";
            // 2601: "Cannot insert duplicate key row in object 'ivr.t' with unique index 'UX_x'. …"
            // The number decides the code; the name (and PK vs UNIQUE) come from the message's
            // fixed English shape. A server in another language yields no name: the code stays
            // ALREADY_EXISTS, only `violates(name)` cannot tell which index.
            let kind = if n == UNIQUE_CONSTRAINT && msg.contains("PRIMARY KEY") {
                ConstraintKind::PrimaryKey
            } else {
                ConstraintKind::Unique
            };
            let name = if n == UNIQUE_INDEX {
                quoted_after(msg, "unique index ")
            } else {
                quoted_after(msg, "constraint ")
            };
            crate::util::constraint_error(Constraint { kind, name, engine_code: i64::from(n) },
                msg,
            )
        }
        CONSTRAINT_CONFLICT => {
            // "The INSERT statement conflicted with the FOREIGN KEY|CHECK constraint "FK_x". …"
            let kind = if msg.contains("CHECK constraint") {
                ConstraintKind::Check
            } else {
                ConstraintKind::ForeignKey
            };
            let name = quoted_after(msg, "constraint ");
            crate::util::constraint_error(Constraint { kind, name, engine_code: i64::from(n) },
                msg,
            )
        }
        NOT_NULL => crate::util::constraint_error(Constraint { kind: ConstraintKind::NotNull, name: None, engine_code: i64::from(n) },
            msg,
        ),
        8152 | 2628 => Error::validation(format!("the database refused the change ({})", quote(msg)))
            .with_detail(sql),
        DEADLOCK => busy("SQL Server chose this request as a deadlock victim"),
        LOCK_TIMEOUT => busy("SQL Server could not get a lock in time (another writer holds it)"),
        _ if TRANSIENT.contains(&n) => busy("SQL Server is not available yet"),
        _ => Error::internal(format!("SQL Server error {n}: {}", quote(msg))).with_detail(sql),
    }
}

/// The name in quotes (`'x'` or `"x"`) right after `after` in a server message.
fn quoted_after(msg: &str, after: &str) -> Option<String> {
    let rest = &msg[msg.find(after)? + after.len()..];
    let q = rest.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let body = &rest[1..];
    Some(body[..body.find(q)?].to_string())
}

#[cfg(test)]
mod server_error_tests {
    use super::super::{worth_retrying, RetryPolicy};
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_wrong_password_is_a_connection_error_that_says_what_to_check() {
        // The text SQL Server sends for error 18456 names the login, never the password.
        let e = map_server_error(18456, "Login failed for user 'ivr_app'.");
        assert_eq!(e.code, ErrorCode::Connection);
        assert!(
            e.message.contains("check the user name and the password"),
            "{}",
            e.message
        );
        assert!(e.message.contains("ivr_app"), "{}", e.message);
        let detail = e.detail_json();
        assert_eq!(detail["sqlError"], 18456);
        assert_eq!(detail["transient"], false);
    }

    // The message texts below are SQL Server's (sys.messages, English) as documented; this
    // machine has no SQL Server, so they are not verified against a live server here.

    #[test]
    fn server_errors_keep_their_stable_codes() {
        assert_eq!(map_server_error(2627, "dup").code, ErrorCode::AlreadyExists);
        assert_eq!(map_server_error(547, "fk").code, ErrorCode::Validation);
        assert_eq!(map_server_error(515, "null").code, ErrorCode::Validation);
        assert_eq!(map_server_error(50000, "other").code, ErrorCode::Internal);
    }

    #[test]
    fn deadlocks_lock_timeouts_and_transient_errors_are_busy_and_retryable() {
        for n in [1205, 1222, 40501, 40613, 49918, 10928] {
            let e = map_server_error(n, "Transaction (Process ID 57) was deadlocked");
            assert_eq!(e.code, ErrorCode::Busy, "{n}");
            assert!(e.code.is_retryable());
            assert!(e.message.contains("try again"), "{}", e.message);
            let d = e.detail_json();
            assert_eq!(
                (d["sqlError"].as_u64(), d["retryable"].as_bool()),
                (Some(u64::from(n)), Some(true))
            );
            // Still tried again while a connection is being opened.
            assert_eq!(d["transient"], true);
        }
    }

    #[test]
    fn constraints_are_named_from_the_error_number_and_its_fixed_message_shape() {
        let e = map_server_error(
            2601,
            "Cannot insert duplicate key row in object 'ivr.rt_RoutingTable' with unique index 'IX_RoutingTable_SourceId'. The duplicate key value is (+3225550100).",
        );
        assert_eq!(e.code, ErrorCode::AlreadyExists);
        assert!(e.violates("IX_RoutingTable_SourceId"));
        assert_eq!(
            e.constraint().unwrap(),
            Constraint {
                kind: ConstraintKind::Unique,
                name: Some("IX_RoutingTable_SourceId".into()),
                engine_code: 2601
            }
        );
        let e = map_server_error(
            2627,
            "Violation of PRIMARY KEY constraint 'PK_cfg_Dic_Language'. Cannot insert duplicate key in object 'dbo.cfg_Dic_Language'. The duplicate key value is (de-CH).",
        );
        let c = e.constraint().unwrap();
        assert_eq!(
            (c.kind, c.name.as_deref()),
            (ConstraintKind::PrimaryKey, Some("PK_cfg_Dic_Language"))
        );
        let e = map_server_error(
            547,
            "The INSERT statement conflicted with the FOREIGN KEY constraint \"FK_rt_RoutingTable_CompanyProject\". The conflict occurred in database \"ivr\", table \"dbo.cfg_Dic_CompanyProject\", column 'CompanyProjectId'.",
        );
        assert_eq!(e.code, ErrorCode::Validation);
        let c = e.constraint().unwrap();
        assert_eq!(
            (c.kind, c.name.as_deref()),
            (
                ConstraintKind::ForeignKey,
                Some("FK_rt_RoutingTable_CompanyProject")
            )
        );
        let e = map_server_error(
            547,
            "The UPDATE statement conflicted with the CHECK constraint \"CK_x\". The conflict occurred in database \"ivr\", table \"ivr.t\", column 'c'.",
        );
        assert_eq!(e.constraint().unwrap().kind, ConstraintKind::Check);
        assert!(e.violates("CK_x"));
    }

    #[test]
    fn a_transient_server_error_is_busy_and_still_retried_while_opening() {
        let e = map_server_error(
            40613,
            "Database 'ivr' on server 'x' is not currently available. Please retry the connection later.",
        );
        assert_eq!(e.code, ErrorCode::Busy);
        let retry = RetryPolicy::default();
        let left = Some(Duration::from_secs(5));
        assert!(worth_retrying(&e, &retry, 1, left));
        assert!(
            !worth_retrying(&e, &retry, retry.attempts, left),
            "the attempts are used up"
        );
        assert!(
            !worth_retrying(&e, &retry, 1, Some(Duration::ZERO)),
            "the budget is spent"
        );
        let login = map_server_error(18456, "Login failed for user 'u'.");
        assert!(!worth_retrying(&login, &retry, 1, left));
    }

    #[test]
    fn a_long_server_message_is_quoted_capped() {
        let e = map_server_error(50000, &"x".repeat(1_000_000));
        assert!(e.message.len() < 400, "{}", e.message.len());
        assert!(e.message.contains("more characters not shown"));
    }
}
