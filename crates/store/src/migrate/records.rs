//! What a baseline or a repair writes besides the history: its `sys_AuditLog` rows (typed
//! payloads that keep the bytes earlier builds stored) and the statements' JSON input.

use super::history::{AUDIT_EXISTS, AUDIT_INSERT};
use super::RunOptions;
use crate::{Conn, Value};
use ivr_domain::Result;
use serde::Serialize;

/// One migration's `sys_AuditLog` row of a baseline or a repair (entity `migration`, id its
/// version); `before`/`after` are JSON texts of the typed payloads below.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct MigrationAudit {
    pub(super) entity_id: String,
    pub(super) before: Option<String>,
    pub(super) after: Option<String>,
}

/// What a baseline records of a migration it marks as applied without running it.
#[derive(Serialize)]
pub(super) struct MarkedApplied<'a> {
    pub(super) version: u64,
    pub(super) file: &'a str,
    pub(super) checksum: &'a str,
    pub(super) success: bool,
    pub(super) executed: bool,
}

/// A file's checksum on either side of a repair that accepted its change.
#[derive(Serialize)]
pub(super) struct FileChecksum<'a> {
    pub(super) file: &'a str,
    pub(super) checksum: &'a str,
}

/// A history row a baseline writes, and a checksum a repair accepts (the statements' JSON input).
#[derive(Serialize)]
pub(super) struct BaselineRow<'a> {
    pub(super) version: u64,
    pub(super) name: &'a str,
    pub(super) checksum: &'a str,
}

#[derive(Serialize)]
pub(super) struct AcceptedChecksum<'a> {
    pub(super) version: u64,
    pub(super) checksum: &'a str,
}

pub(super) fn to_json<T: Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// Writes the audit rows of a baseline or a repair (one statement for all of them).
pub(super) async fn write_audit(
    conn: &mut Conn,
    run: &RunOptions,
    action: &str,
    rows: &[MigrationAudit],
) -> Result<()> {
    conn.execute(
        &AUDIT_INSERT,
        &[
            Value::Text(run.actor.clone()),
            Value::Text(run.environment.clone()),
            Value::Text(action.into()),
            Value::Text(to_json(rows)),
        ],
    )
    .await?;
    Ok(())
}

pub(super) async fn audit_table_present(conn: &mut Conn) -> Result<bool> {
    Ok(conn
        .query(&AUDIT_EXISTS, &[])
        .await?
        .first()
        .map(|r| r.i64("present"))
        .transpose()?
        .unwrap_or(0)
        != 0)
}

#[cfg(test)]
mod audit_payload_tests {
    use super::*;

    /// The typed payloads write the bytes earlier builds wrote with `json!` (keys in this order),
    /// so rows already in users' databases and new ones read alike.
    #[test]
    fn audit_payloads_keep_the_bytes_already_stored() {
        let marked = to_json(&MarkedApplied {
            version: 20260120000000,
            file: "V20260120000000__a.sql",
            checksum: "ab12",
            success: true,
            executed: false,
        });
        assert_eq!(
            marked,
            r#"{"version":20260120000000,"file":"V20260120000000__a.sql","checksum":"ab12","success":true,"executed":false}"#
        );
        let rows = [MigrationAudit {
            entity_id: "20260120000000".into(),
            before: None,
            after: Some(marked),
        }];
        assert_eq!(
            to_json(&rows[..]),
            r#"[{"entityId":"20260120000000","before":null,"after":"{\"version\":20260120000000,\"file\":\"V20260120000000__a.sql\",\"checksum\":\"ab12\",\"success\":true,\"executed\":false}"}]"#
        );
        assert_eq!(
            to_json(&FileChecksum {
                file: "V1__a.sql",
                checksum: "cd"
            }),
            r#"{"file":"V1__a.sql","checksum":"cd"}"#
        );
        assert_eq!(
            to_json(&[BaselineRow {
                version: 1,
                name: "a",
                checksum: "cd"
            }]),
            r#"[{"version":1,"name":"a","checksum":"cd"}]"#
        );
        assert_eq!(
            to_json(&[AcceptedChecksum {
                version: 1,
                checksum: "cd"
            }]),
            r#"[{"version":1,"checksum":"cd"}]"#
        );
    }
}
