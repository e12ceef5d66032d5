//! Each `ivr messages` answer worded for people (`--json` prints the value itself).

use ivr_domain::message::{KeyWithVersions, StoreRow};
use std::fmt::Write as _;

pub(super) fn store_text(s: &StoreRow) -> String {
    let voices: Vec<String> = s
        .voices
        .iter()
        .map(|v| format!("{}={}", v.language, v.voice_code))
        .collect();
    format!(
        "{}  {}  {}/{}  languages {} (default {})  {} key(s){}{}",
        s.id,
        s.name,
        s.customer_id,
        s.project_id,
        s.allowed_languages.join(","),
        s.default_language,
        s.key_count,
        if voices.is_empty() {
            String::new()
        } else {
            format!("  voices {}", voices.join(" "))
        },
        if s.is_active { "" } else { "  (inactive)" }
    )
}

pub(super) fn key_text(k: &KeyWithVersions) -> String {
    let mut t = format!(
        "{}  {} / {}  published: {}  rowVersion {}{}\n",
        k.key.key,
        k.key.message_type,
        k.key.category,
        k.key
            .published_version
            .map(|v| v.to_string())
            .unwrap_or_else(|| "none".into()),
        k.key.row_version,
        if k.key.is_active { "" } else { "  (deleted)" }
    );
    if let Some(d) = &k.key.display_name {
        let _ = writeln!(t, "  {d}");
    }
    for v in &k.versions {
        let mark = if Some(v.version) == k.key.published_version {
            "*"
        } else {
            " "
        };
        let _ = writeln!(
            t,
            "{mark} v{}{}  {} by {}",
            v.version,
            v.name
                .as_ref()
                .map(|n| format!(" \"{n}\""))
                .unwrap_or_default(),
            v.created_at,
            v.created_by
        );
        for c in &v.contents {
            let _ = writeln!(t, "      {}: {}", c.language, c.content);
        }
    }
    t
}
