//! `ivr messages store …`, `voice set` and `dict`.

use super::text::store_text;
use super::{StoreCommand, VoiceCommand};
use crate::cmd::Reply;
use ivr_app::messages::{self, CreateStore, UpdateStore};
use ivr_app::Db;
use ivr_app::OpenEnvironment;
use ivr_domain::Result;
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
    let mut t = String::new();
    let _ = writeln!(
        t,
        "types: {}",
        d.types
            .iter()
            .map(|x| x.code.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(
        t,
        "categories: {}",
        d.categories
            .iter()
            .map(|x| x.code.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(t, "languages: {}", d.languages.join(", "));
    for v in &d.voices {
        let _ = writeln!(t, "voice {}  {}  {}", v.code, v.language, v.engine);
    }
    Ok(Reply::new(&d, t))
}
