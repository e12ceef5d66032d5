//! Rows into domain types, shared by the loads and the lists.

use crate::value::Row;
use ivr_domain::flow::{ChangeSetRow, EntryPoint, Flow, Segment, Transition, UiState};
use ivr_domain::Result;
use std::collections::{BTreeSet, HashMap};

pub(super) fn read_live(rows: &[Row]) -> Result<i32> {
    rows.first().map(|r| r.i32("LiveVersion")).unwrap_or(Ok(0))
}

pub(super) fn read_entries(rows: &[Row]) -> Result<Vec<EntryPoint>> {
    rows.iter()
        .map(|r| {
            Ok(EntryPoint {
                source_id: r.str("SourceId")?,
                init_segment: r.str("InitSegment")?,
            })
        })
        .collect()
}

pub(super) fn read_message_keys(stores: &[Row], keys: &[Row]) -> Result<Option<BTreeSet<String>>> {
    let n = stores.first().map(|r| r.i64("Stores")).unwrap_or(Ok(0))?;
    if n == 0 {
        return Ok(None);
    }
    Ok(Some(
        keys.iter()
            .map(|r| r.str("MessageKey"))
            .collect::<Result<_>>()?,
    ))
}

pub(super) fn read_change_set(r: &Row) -> Result<ChangeSetRow> {
    Ok(ChangeSetRow {
        change_set_id: r.uuid("ChangeSetId")?,
        routing_id: r.str("RoutingId")?,
        based_on_version: r.opt_i32("BasedOnVersion")?,
        status: r.str("Status")?,
        description: r.opt_str("Description")?,
        created_at: r.str("CreatedAt")?,
        created_by: r.str("CreatedBy")?,
        updated_at: r.opt_str("UpdatedAt")?,
        updated_by: r.opt_str("UpdatedBy")?,
    })
}

pub(super) fn read_flow(
    routing_id: &str,
    segs: &[Row],
    keys: &[Row],
    trans: &[Row],
    ui: &[Row],
) -> Result<Flow> {
    let mut flow = Flow::new(routing_id);
    let mut by_name: HashMap<String, Segment> = HashMap::with_capacity(segs.len());
    for r in segs {
        let mut s = Segment::new(r.str("SegmentName")?, r.str("SegmentType")?);
        s.order = r.opt_i32("SegmentOrder")?;
        by_name.insert(s.name.clone(), s);
    }
    for r in keys {
        if let Some(s) = by_name.get_mut(&r.str("SegmentName")?) {
            // A NULL value is "not set".
            if let Some(v) = r.opt_str("Value")? {
                s.config.insert(r.str("KeyName")?, v);
            }
        }
    }
    for r in trans {
        if let Some(s) = by_name.get_mut(&r.str("SegmentName")?) {
            s.transitions.push(Transition {
                result: r.str("ResultName")?,
                context_key: r.opt_str("ContextKey")?,
                next: r.str("NextSegmentName")?,
            });
        }
    }
    for r in ui {
        if let Some(s) = by_name.get_mut(&r.str("SegmentName")?) {
            // The stored text as written (checked when it was written).
            let style = r.opt_str("CustomStyle")?.map(ivr_domain::JsonText::stored);
            s.ui = Some(UiState {
                x: r.f64("PositionX")?,
                y: r.f64("PositionY")?,
                collapsed: r.bool("IsCollapsed")?,
                style,
            });
        }
    }
    flow.segments = by_name.into_values().collect();
    flow.normalize();
    Ok(flow)
}
