//! `ivr messages key …`, `version …`, `publish`, `rollback`, `resolve`, `audit` and `where-used`.

use super::text::key_text;
use super::{KeyCommand, KeyListArgs, PointerArgs, TextArgs, VersionCommand};
use crate::cmd::Reply;
use ivr_app::messages::{
    self, parse_store_ref, AddVersion, CreateKey, KeyRef, SetPublished, UpdateKey,
};
use ivr_app::{Db, OpenEnvironment};
use ivr_domain::message::{KeyFilter, LanguageContent};
use ivr_domain::{Error, Result};
use serde::Serialize;
use std::fmt::Write as _;

pub(super) async fn key(env: &OpenEnvironment, c: KeyCommand) -> Result<Reply> {
    let db = &env.db;
    match c {
        KeyCommand::List(args) => list(db, args).await,
        KeyCommand::Show {
            store,
            key,
            deleted,
        } => {
            let s = messages::find_store(db, &store).await?;
            let k = messages::key(db, s.id, &key, deleted).await?;
            let text = key_text(&k);
            Ok(Reply::new(&k, text))
        }
        KeyCommand::Create {
            store,
            key,
            message_type,
            category,
            display_name,
            version_name,
            text,
        } => {
            let s = messages::find_store(db, &store).await?;
            let k = messages::create_key(
                &env.writable()?,
                CreateKey {
                    store_id: s.id,
                    key,
                    message_type,
                    category,
                    display_name,
                    contents: contents(&text)?,
                    version_name,
                },
            )
            .await?;
            let text = key_text(&k);
            Ok(Reply::new(&k, text))
        }
        KeyCommand::Update {
            store,
            key,
            display_name,
            category,
            message_type,
            row_version,
        } => {
            let s = messages::find_store(db, &store).await?;
            let k = messages::update_key(
                &env.writable()?,
                UpdateKey {
                    store_id: s.id,
                    key,
                    display_name,
                    category,
                    message_type,
                    expected_row_version: row_version,
                },
            )
            .await?;
            let text = key_text(&k);
            Ok(Reply::new(&k, text))
        }
        KeyCommand::Delete {
            store,
            key,
            row_version,
        } => {
            let s = messages::find_store(db, &store).await?;
            messages::delete_key(
                &env.writable()?,
                KeyRef {
                    store_id: s.id,
                    key: key.clone(),
                    expected_row_version: row_version,
                },
            )
            .await?;
            let text = format!("deleted {key} (its history and audit are kept)");
            Ok(Reply::new(&KeyDeleted { deleted: key }, text))
        }
    }
}

async fn list(db: &Db, a: KeyListArgs) -> Result<Reply> {
    let s = messages::find_store(db, &a.store).await?;
    let page = messages::list_keys(
        db,
        s.id,
        KeyFilter {
            text: a.search,
            category: a.category,
            message_type: a.message_type,
            missing_language: a.missing_language,
            newer_than_published: a.newer_than_published,
            include_deleted: a.deleted,
            unused: Some(a.unused),
            content: a.text,
            offset: a.offset.into(),
            limit: a.limit.into(),
        },
    )
    .await?;
    let mut t = String::new();
    for k in &page.items {
        let _ = writeln!(
            t,
            "{}  {}/{}  published {}  latest {}  {} version(s){}",
            k.key,
            k.message_type,
            k.category,
            k.published_version
                .map(|v| v.to_string())
                .unwrap_or_else(|| "-".into()),
            k.latest_version
                .map(|v| v.to_string())
                .unwrap_or_else(|| "-".into()),
            k.version_count,
            if k.is_active { "" } else { "  (deleted)" }
        );
    }
    let _ = write!(
        t,
        "{} of {} key(s) from {}",
        page.items.len(),
        page.total,
        page.offset
    );
    Ok(Reply::new(&page, t))
}

pub(super) async fn version(env: &OpenEnvironment, c: VersionCommand) -> Result<Reply> {
    let db = &env.db;
    match c {
        VersionCommand::Add {
            store,
            key,
            copy_from,
            name,
            text,
        } => {
            let s = messages::find_store(db, &store).await?;
            let v = messages::add_version(
                &env.writable()?,
                AddVersion {
                    store_id: s.id,
                    key: key.clone(),
                    copy_from,
                    contents: contents(&text)?,
                    version_name: name,
                },
            )
            .await?;
            let t = format!("{key}: version {} added (not published)", v.version);
            Ok(Reply::new(&v, t))
        }
        VersionCommand::Delete {
            store,
            key,
            version,
            row_version,
        } => {
            let s = messages::find_store(db, &store).await?;
            let k = messages::delete_version(
                &env.writable()?,
                KeyRef {
                    store_id: s.id,
                    key,
                    expected_row_version: row_version,
                },
                version,
            )
            .await?;
            let text = key_text(&k);
            Ok(Reply::new(&k, text))
        }
    }
}

/// Publish and rollback take the same arguments; the app audits them as different actions.
pub(super) async fn move_pointer(
    env: &OpenEnvironment,
    p: PointerArgs,
    rollback: bool,
) -> Result<Reply> {
    let db = &env.db;
    let s = messages::find_store(db, &p.store).await?;
    let req = SetPublished {
        store_id: s.id,
        key: p.key,
        version: p.version,
        expected_row_version: p.row_version,
    };
    let k = if rollback {
        messages::rollback(&env.writable()?, req).await?
    } else {
        messages::publish(&env.writable()?, req).await?
    };
    let text = key_text(&k);
    Ok(Reply::new(&k, text))
}

pub(super) async fn resolve(db: &Db, store: &str, key: &str, language: &str) -> Result<Reply> {
    let store_ref = parse_store_ref(store)?;
    let r = messages::resolve(db, &store_ref, key, language).await?;
    let text = format!(
        "{} v{} [{}{}] {}{}\nsettings {}",
        r.key,
        r.version,
        r.language,
        if r.fell_back {
            format!(", fallback for {}", r.requested_language)
        } else {
            String::new()
        },
        r.content,
        r.voice
            .as_ref()
            .map(|v| format!("\nvoice {v}"))
            .unwrap_or_default(),
        r.settings.get()
    );
    Ok(Reply::new(&r, text))
}

/// The `--json` answer of `messages key delete`.
#[derive(Serialize)]
struct KeyDeleted {
    deleted: String,
}

pub(super) async fn audit(
    db: &Db,
    store: &str,
    key: Option<&str>,
    offset: u32,
    limit: u32,
) -> Result<Reply> {
    let s = messages::find_store(db, store).await?;
    let page = messages::audit(db, s.id, key, offset.into(), limit.into()).await?;
    let mut t = String::new();
    for a in page.items.iter().map(|i| &i.row) {
        let _ = writeln!(
            t,
            "{}  {}  {}  {}{}",
            a.action_at,
            a.action_by,
            a.action,
            a.key,
            if a.key_is_active { "" } else { " (deleted)" }
        );
    }
    let _ = write!(t, "{} of {} audit row(s)", page.items.len(), page.total);
    Ok(Reply::new(&page, t))
}

pub(super) async fn where_used(db: &Db, store: &str, key: &str, all_flows: bool) -> Result<Reply> {
    let s = messages::find_store(db, store).await?;
    let used = messages::where_used(db, s.id, key, all_flows).await?;
    let mut t = String::new();
    for u in &used {
        let _ = writeln!(
            t,
            "{}  {}  {}  {}{}",
            u.routing_id,
            u.segment_name,
            u.segment_type,
            u.config_key,
            u.change_set_id
                .as_ref()
                .map(|c| format!("  (draft {c})"))
                .unwrap_or_default()
        );
    }
    if used.is_empty() {
        let _ = write!(t, "{key} is named by no segment");
    }
    Ok(Reply::new(&used, t))
}

fn split_pair<'a>(s: &'a str, what: &str) -> Result<(&'a str, &'a str)> {
    s.split_once('=').ok_or_else(|| {
        Error::validation(format!(
            "{what} '{s}' must be written LANG=VALUE (e.g. nl-BE=Welkom)"
        ))
    })
}

/// The contents `--text`, `--text-file` and `--settings` give, one per language.
fn contents(t: &TextArgs) -> Result<Vec<LanguageContent>> {
    let mut out: Vec<LanguageContent> = Vec::new();
    for s in &t.texts {
        let (l, text) = split_pair(s, "--text")?;
        out.push(LanguageContent {
            language: l.into(),
            content: text.into(),
            type_settings: None,
        });
    }
    for s in &t.text_files {
        let (l, path) = split_pair(s, "--text-file")?;
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::validation(format!("cannot read {path}: {e}")))?;
        out.push(LanguageContent {
            language: l.into(),
            content: text,
            type_settings: None,
        });
    }
    for s in &t.settings {
        let (l, json) = split_pair(s, "--settings")?;
        match out.iter_mut().find(|c| c.language == l) {
            Some(c) => c.type_settings = Some(json.into()),
            None => {
                return Err(Error::validation(format!(
                    "--settings {l}=… needs a --text or --text-file for {l} too"
                )))
            }
        }
    }
    Ok(out)
}
