//! The published texts of a list of keys (the flow designer's nodes and inspector), one statement.

use super::writes::json_param;
use super::MSG_KEY_TEXTS;
use crate::Db;
use ivr_domain::message::texts::{KeyTextState, KeyTexts, MessageTexts};
use ivr_domain::message::LanguageContent;
use ivr_domain::Result;
use std::collections::HashMap;

/// The published texts of `keys` (distinct; answered in the order given) in store `store_id`; `None` when
/// the store does not exist. One statement, whatever the number of keys.
pub async fn key_texts(db: &Db, store_id: i64, keys: &[String]) -> Result<Option<MessageTexts>> {
    let rows = db
        .query(&MSG_KEY_TEXTS, &[store_id.into(), json_param(&keys)?])
        .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let default_language = first.str("DefaultLanguage")?;
    let mut found: HashMap<String, KeyTextState> = HashMap::new();
    for r in &rows {
        let Some(key) = r.opt_str("MessageKey")? else {
            continue;
        };
        let state = match (r.opt_i64("MessageKeyId")?, r.opt_i32("PublishedVersion")?) {
            (None, _) => KeyTextState::Unknown,
            (Some(_), None) => KeyTextState::Unpublished,
            (Some(_), Some(version)) => KeyTextState::Published {
                version,
                contents: Vec::new(),
            },
        };
        let entry = found.entry(key).or_insert(state);
        if let (KeyTextState::Published { contents, .. }, Some(language)) =
            (entry, r.opt_str("Language")?)
        {
            contents.push(LanguageContent {
                language,
                content: r.str("Content")?,
                type_settings: r.opt_str("TypeSettings")?,
            });
        }
    }
    let keys = keys
        .iter()
        .map(|key| KeyTexts {
            key: key.clone(),
            state: found.remove(key).unwrap_or(KeyTextState::Unknown),
        })
        .collect();
    Ok(Some(MessageTexts {
        default_language,
        keys,
    }))
}
