//! Verify: the status and the live schema's drift from the model, in one report.

use super::status::{analyze, read_history};
use super::{check_engine, creates, Migration, MigrationSet};
use crate::catalog;
use crate::Db;
use ivr_domain::migration::{PendingObject, VerifyReport};
use ivr_domain::schema::drift::DriftItem;
use ivr_domain::Result;

/// Checksums, recorded failures, unknown and pending versions, and drift of the live schema from
/// the model, in one report. `clean` is what CI fails on.
pub async fn verify(db: &Db, set: &MigrationSet) -> Result<VerifyReport> {
    check_engine(db, set)?;
    let mut conn = db.conn().await?;
    let history = read_history(&mut conn).await?;
    let status = analyze(db, set, history);
    // The history table is the engine's own; catalog::drift leaves it out (IGNORED_TABLES).
    let live_drift: Vec<DriftItem> = catalog::drift(&mut conn).await?;
    let pending: Vec<u64> = status.pending.iter().map(|p| p.version).collect();
    let (pending_objects, drift) = split_pending_drift(set, &pending, live_drift);
    Ok(VerifyReport::new(status, pending_objects, drift))
}

/// Separates the missing objects a pending migration creates (the first such migration, in
/// version order) from the rest of the drift.
fn split_pending_drift(
    set: &MigrationSet,
    pending: &[u64],
    drift: Vec<DriftItem>,
) -> (Vec<PendingObject>, Vec<DriftItem>) {
    let created: Vec<(&Migration, Vec<creates::CreatedObject>)> = pending
        .iter()
        .filter_map(|v| set.get(*v))
        .map(|m| (m, creates::created_objects(&m.sql, set.engine)))
        .collect();
    let mut pending_objects = Vec::new();
    let mut rest = Vec::new();
    for item in drift {
        let by = (item.kind == ivr_domain::schema::drift::DriftKind::Missing)
            .then(|| {
                created.iter().find(|(_, objs)| {
                    objs.iter()
                        .any(|o| o.covers(item.object, &item.table, &item.name))
                })
            })
            .flatten();
        match by {
            Some((m, _)) => pending_objects.push(PendingObject {
                version: m.version,
                file_name: m.file_name.clone(),
                item,
            }),
            None => rest.push(item),
        }
    }
    (pending_objects, rest)
}
