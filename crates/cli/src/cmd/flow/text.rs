//! Each `ivr flow` answer worded for people (`--json` prints the value itself).

use ivr_app::flow::FlowView;
use ivr_domain::flow::{FlowDiff, ValidationReport};
use std::fmt::Write as _;

pub(super) fn show_text(v: &FlowView) -> String {
    let mut t = match &v.graph.draft {
        Some(d) => format!(
            "{} — draft {} ({}, based on v{}, live v{})\n",
            v.graph.routing_id,
            d.change_set_id,
            d.status,
            d.based_on_version.unwrap_or(0),
            v.graph.live_version
        ),
        None => format!("{} — live v{}\n", v.graph.routing_id, v.graph.live_version),
    };
    for s in &v.graph.flow.segments {
        let _ = writeln!(t, "{} [{}]", s.name, s.segment_type);
        for (k, val) in &s.config {
            let _ = writeln!(t, "    {k} = {val}");
        }
        for tr in &s.transitions {
            let ctx = tr
                .context_key
                .as_deref()
                .map(|c| format!(" ({c})"))
                .unwrap_or_default();
            let _ = writeln!(t, "    {}{ctx} → {}", tr.result, tr.next);
        }
    }
    t.push_str(&report_text(&v.validation));
    t
}

pub(super) fn report_text(r: &ValidationReport) -> String {
    let mut t = format!(
        "{} error(s), {} warning(s)",
        r.errors.len(),
        r.warnings.len()
    );
    for f in &r.errors {
        let _ = write!(t, "\nerror   {}: {}", f.code, f.message);
    }
    for f in &r.warnings {
        let _ = write!(t, "\nwarning {}: {}", f.code, f.message);
    }
    t
}

pub(super) fn diff_text(d: &FlowDiff) -> String {
    let mut t = String::new();
    for s in &d.segments_added {
        let _ = writeln!(t, "+ segment {} [{}]", s.segment, s.segment_type);
    }
    for s in &d.segments_removed {
        let _ = writeln!(t, "- segment {} [{}]", s.segment, s.segment_type);
    }
    for s in &d.segments_retyped {
        let _ = writeln!(t, "~ segment {}: type {} → {}", s.segment, s.from, s.to);
    }
    for s in &d.segments_reconfigured {
        for k in &s.keys {
            let _ = writeln!(
                t,
                "~ segment {}: {} {} → {}",
                s.segment,
                k.key,
                k.old.as_deref().unwrap_or("(unset)"),
                k.new.as_deref().unwrap_or("(unset)")
            );
        }
    }
    for x in &d.transitions_added {
        let _ = writeln!(t, "+ {}.{} → {}", x.segment, x.result, x.next);
    }
    for x in &d.transitions_removed {
        let _ = writeln!(t, "- {}.{} → {}", x.segment, x.result, x.next);
    }
    for x in &d.transitions_redirected {
        let _ = writeln!(t, "~ {}.{}: {} → {}", x.segment, x.result, x.from, x.to);
    }
    if !d.layout.is_empty() {
        let _ = writeln!(
            t,
            "(layout only: {} segment(s) moved or restyled)",
            d.layout.len()
        );
    }
    if t.is_empty() {
        t.push_str("no changes");
    }
    t
}
