//! How `ivr routing` words its answers for people (the `--json` answers are the app's types).

use crate::cmd::table::{self, fields, opt, yes_no};
use ivr_domain::routing::{
    RoutingEntry, RoutingHistoryItem, RoutingListItem, RoutingSaved, RoutingSnapshot,
    RoutingWarningCode,
};
use ivr_domain::JsonText;

/// Formatted for reading; every value exactly as stored.
fn json_text(v: &Option<JsonText>) -> String {
    v.as_ref()
        .map(JsonText::pretty)
        .unwrap_or_else(|| "-".into())
}

/// A row's state column: deleted, or what it points at that does not exist.
pub(super) fn state_text(i: &RoutingListItem) -> String {
    if !i.entry.is_active {
        return "deleted".into();
    }
    i.warnings
        .iter()
        .map(|w| match w.code {
            RoutingWarningCode::FlowMissing => "no such flow",
            RoutingWarningCode::SegmentMissing => "no such segment",
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The saved entry, then each warning on a line of its own.
pub(super) fn saved_text(s: &RoutingSaved) -> String {
    let mut t = entry_text(&s.entry);
    for w in &s.warnings {
        t.push_str(&format!("\nwarning: {}", w.message));
    }
    t
}

pub(super) fn entry_text(e: &RoutingEntry) -> String {
    fields(&[
        ("SourceId", e.source_id.clone()),
        ("RoutingId", e.routing_id.clone()),
        ("InitSegment", e.init_segment.clone()),
        ("Language", e.language_code.clone()),
        ("CompanyProject", e.company_project_id.to_string()),
        ("MessageStore", opt(&e.message_store_id)),
        ("Config", json_text(&e.config)),
        ("FeatureFlags", json_text(&e.feature_flags)),
        ("Active", yes_no(e.is_active)),
        ("Created", format!("{} by {}", e.created_at, e.created_by)),
        (
            "Updated",
            match (&e.updated_at, &e.updated_by) {
                (Some(at), Some(by)) => format!("{at} by {by}"),
                _ => "-".into(),
            },
        ),
        ("Id", e.routing_table_id.to_string()),
        ("RowVersion", e.row_version.clone()),
    ])
}

pub(super) fn history_text(h: &[RoutingHistoryItem]) -> String {
    let rows: Vec<Vec<String>> = h
        .iter()
        .map(|v| {
            let s = |k: fn(&RoutingSnapshot) -> &String| {
                v.snapshot.as_ref().map(k).cloned().unwrap_or_default()
            };
            if let Some(f) = &v.flow {
                // A publish of the entry's flow: an event, not a version of the entry.
                let version = f.version.map(|n| format!(" v{n}")).unwrap_or_default();
                return vec![
                    v.version_number.to_string(),
                    format!("flow {}{version} published", f.routing_id),
                    v.action_at.clone(),
                    v.action_by.clone(),
                    String::new(),
                    f.routing_id.clone(),
                    String::new(),
                    String::new(),
                ];
            }
            vec![
                v.version_number.to_string(),
                v.action_type.clone(),
                v.action_at.clone(),
                v.action_by.clone(),
                s(|e| &e.source_id),
                s(|e| &e.routing_id),
                s(|e| &e.init_segment),
                s(|e| &e.language_code),
            ]
        })
        .collect();
    table::render(
        &[
            "VERSION",
            "ACTION",
            "AT",
            "BY",
            "SOURCE ID",
            "ROUTING ID",
            "INIT SEGMENT",
            "LANGUAGE",
        ],
        &rows,
    )
}
