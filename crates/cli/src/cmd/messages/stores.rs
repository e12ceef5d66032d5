//! `ivr messages store …`, `voice set` and `dict`.

use super::text::store_text;
use super::{StoreCommand, VoiceCommand};
use crate::cmd::Reply;
use ivr_app::messages::{self, CreateStore, UpdateStore};
use ivr_app::Db;
use ivr_app::OpenEnvironment;
use ivr_domain::dict::MessageDictionaries;
use ivr_domain::Result;
use serde::Serialize;
use serde_json::Value as Json;
use std::fmt::Write as _;

pub(super) async fn store(env: &OpenEnvironment, c: StoreCommand) -> Result<Reply> {
    let db = &env.db;
    match c {
        StoreCommand::List { customer, project } => {
            let stores = messages::list_stores(db, customer.as_deref(), project.as_deref()).await?;
            let text = if stores.is_empty() {
                "no message stores".to_string()
            } else {
                stores.iter().map(store_text).collect::<Vec<_>>().join("\n")
            };
            Ok(Reply::new(&stores, text))
        }
        StoreCommand::Show { store } => {
            let s = messages::find_store(db, &store).await?;
            let text = store_text(&s);
            Ok(Reply::new(&s, text))
        }
        StoreCommand::Create {
            customer,
            project,
            environment,
            name,
            languages,
            default_language,
        } => {
            let s = messages::create_store(
                &env.writable()?,
                CreateStore {
                    customer,
                    project,
                    environment,
                    name,
                    allowed_languages: languages,
                    default_language,
                },
            )
            .await?;
            let text = format!("created message store {}", store_text(&s));
            Ok(Reply::new(&s, text))
        }
        StoreCommand::Update {
            store,
            name,
            languages,
            default_language,
        } => {
            let s = messages::find_store(db, &store).await?;
            let up = messages::update_store(
                &env.writable()?,
                UpdateStore {
                    store_id: s.id,
                    name,
                    allowed_languages: languages,
                    default_language,
                },
            )
            .await?;
            let text = format!("{}\n{}", store_text(&up.store), up.change.effect);
            Ok(Reply::new(&up, text))
        }
    }
}

pub(super) async fn voice(env: &OpenEnvironment, c: VoiceCommand) -> Result<Reply> {
    let VoiceCommand::Set {
        store,
        language,
        voice,
    } = c;
    let s = messages::find_store(&env.db, &store).await?;
    let s = messages::set_voice(&env.writable()?, s.id, &language, &voice).await?;
    let text = store_text(&s);
    Ok(Reply::new(&s, text))
}

pub(super) async fn dict(db: &Db) -> Result<Reply> {
    let d = messages::dictionaries(db).await?;
    let out = DictOutput::of(&d);
    let mut t = String::new();
    let types: Vec<&str> = out.types.iter().map(|x| x.code).collect();
    let _ = writeln!(t, "types: {}", types.join(", "));
    let categories: Vec<&str> = out.categories.iter().map(|x| x.code).collect();
    let _ = writeln!(t, "categories: {}", categories.join(", "));
    let _ = writeln!(t, "languages: {}", out.languages.join(", "));
    for v in &out.voices {
        let _ = writeln!(t, "voice {}  {}  {}", v.code, v.language, v.engine);
    }
    Ok(Reply::new(&out, t))
}

/// The JSON of `ivr messages dict` (a serialization view of this output only, kept as it has
/// always been printed): short field names, and a type's schema and default settings as JSON
/// text rather than as values. The rows themselves are `ivr_domain::dict` types.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DictOutput<'a> {
    types: Vec<TypeOutput<'a>>,
    categories: Vec<CategoryOutput<'a>>,
    /// Active language codes.
    languages: Vec<&'a str>,
    voices: Vec<VoiceOutput<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TypeOutput<'a> {
    id: i64,
    code: &'a str,
    settings_schema: Option<String>,
    default_settings: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CategoryOutput<'a> {
    id: i64,
    code: &'a str,
    display_name: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct VoiceOutput<'a> {
    id: i64,
    code: &'a str,
    engine: &'a str,
    language: &'a str,
    gender: Option<&'a str>,
    display_name: &'a str,
}

impl<'a> DictOutput<'a> {
    fn of(d: &'a MessageDictionaries) -> Self {
        DictOutput {
            types: d
                .message_types
                .iter()
                .map(|t| TypeOutput {
                    id: t.message_type_id,
                    code: &t.code,
                    settings_schema: t.settings_schema.as_ref().map(json_text),
                    default_settings: t.default_settings.as_ref().map(json_text),
                })
                .collect(),
            categories: d
                .message_categories
                .iter()
                .map(|c| CategoryOutput {
                    id: c.category_id,
                    code: &c.code,
                    display_name: &c.display_name,
                })
                .collect(),
            languages: d
                .languages
                .iter()
                .map(|l| l.language_code.as_str())
                .collect(),
            voices: d
                .voices
                .iter()
                .map(|v| VoiceOutput {
                    id: v.voice_id,
                    code: &v.code,
                    engine: &v.engine,
                    language: &v.language,
                    gender: v.gender.as_deref(),
                    display_name: &v.display_name,
                })
                .collect(),
        }
    }
}

/// A dictionary column's JSON as text: compact, keys in stored order (the dictionaries store it
/// compact); stored text that is not JSON reads as a string and is given back as it was.
fn json_text(value: &Json) -> String {
    match value {
        Json::String(s) if serde_json::from_str::<Json>(s).is_err() => s.clone(),
        v => v.to_string(),
    }
}
