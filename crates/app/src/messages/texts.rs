//! The published texts of the message keys a flow names, for the designer's nodes and inspector:
//! one statement for every key, instead of one key read each.

use super::*;
use ivr_domain::message::texts::{MessageTexts, MAX_TEXT_KEYS};

/// Which keys' published texts to read, in one store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeyTextsRequest {
    pub store_id: i64,
    /// Message key names (UPPER_SNAKE_CASE), at most [`MAX_TEXT_KEYS`]; a name given twice is
    /// answered once.
    pub keys: Vec<String>,
}

/// The published text per language of each key asked for (or that it is unknown in the store or
/// has nothing published). One statement, whatever the number of keys; none when a name is
/// refused. Too many keys or a name that is not a message key: VALIDATION, every bad name at its
/// field (`keys[3]`); a store that does not exist: NOT_FOUND.
pub async fn key_texts(db: &Db, req: &KeyTextsRequest) -> Result<MessageTexts> {
    if req.keys.len() > MAX_TEXT_KEYS {
        return Err(Error::validation(format!(
            "{} message keys were asked for at once; ask for at most {MAX_TEXT_KEYS}",
            req.keys.len()
        ))
        .at_field("keys", format!("at most {MAX_TEXT_KEYS} keys")));
    }
    let mut errors = FieldErrors::default();
    let mut seen = BTreeSet::new();
    let mut keys = Vec::with_capacity(req.keys.len());
    for (i, key) in req.keys.iter().enumerate() {
        if let Err(problem) = rules::check_message_key(key) {
            errors.push(format!("keys[{i}]"), problem);
        } else if seen.insert(key.as_str()) {
            keys.push(key.clone());
        }
    }
    errors.into_result("the list of message keys")?;
    sql::key_texts(db, req.store_id, &keys)
        .await?
        .ok_or_else(|| missing_store(req.store_id))
}
