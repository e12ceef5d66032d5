//! The runtime lookup: what a caller hears, with the language fallback and the effective
//! settings and voice.

use super::*;

/// Runtime resolution in one statement; NOT_FOUND when the key has no published version.
pub async fn resolve(db: &Db, store: &StoreRef, key: &str, language: &str) -> Result<Resolved> {
    let row = sql::resolve(db, store, key, language).await?.ok_or_else(|| {
        Error::not_found(format!(
            "no published message {key} in {}: the key does not exist, is deleted, or has no published version",
            match store {
                StoreRef::Id(id) => format!("message store {id}"),
                StoreRef::Project { customer, project } => format!("company project {customer}/{project}"),
            }
        ))
    })?;
    let settings = rules::effective_settings(
        row.default_settings.as_deref(),
        row.type_settings.as_deref(),
    );
    let voice = rules::effective_voice(
        rules::ContentKind::from_code(&row.message_type),
        &settings,
        row.voice.as_deref(),
    );
    Ok(Resolved {
        store_id: row.store_id,
        key: row.key,
        version: row.version,
        requested_language: language.to_owned(),
        fell_back: row.language != language,
        language: row.language,
        message_type: row.message_type,
        content: row.content,
        settings,
        voice,
    })
}
