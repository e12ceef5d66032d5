//! Message stores: find, list, create, rename or change languages (with a preview), and a
//! language's default voice.

use super::*;

pub async fn list_stores(
    db: &Db,
    customer: Option<&str>,
    project: Option<&str>,
) -> Result<Vec<StoreRow>> {
    sql::stores(&mut db.conn().await?, None, customer, project).await
}

pub async fn store(db: &Db, store_id: i64) -> Result<StoreRow> {
    read_store(&mut db.conn().await?, store_id).await
}

/// The store `store_id` read on `c` (a write reads it inside its transaction); NOT_FOUND when
/// no store has that id.
pub(super) async fn read_store(c: &mut Conn, store_id: i64) -> Result<StoreRow> {
    sql::stores(c, Some(store_id), None, None)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| missing_store(store_id))
}

/// NOT_FOUND for a store id that names no store.
pub(super) fn missing_store(store_id: i64) -> Error {
    Error::not_found(format!(
        "message store {store_id} does not exist; pick one of the stores"
    ))
    .with_remedy(Remedy::ListMessageStores)
}

/// The store of a company project (the first when it has several).
pub async fn store_of_project(db: &Db, customer: &str, project: &str) -> Result<StoreRow> {
    sql::stores(&mut db.conn().await?, None, Some(customer), Some(project))
        .await?
        .into_iter()
        .find(|s| s.is_active)
        .ok_or_else(|| {
            Error::not_found(format!(
                "company project {customer}/{project} has no message store; create one for it first"
            ))
            .with_remedy(Remedy::CreateMessageStore {
                customer: customer.to_owned(),
                project: project.to_owned(),
            })
        })
}

pub async fn create_store(w: &Writable<'_>, req: CreateStore) -> Result<StoreRow> {
    let mut errors = FieldErrors::default();
    rules::check_name(
        &mut errors,
        "name",
        Some(&req.name),
        true,
        rules::MAX_NAME_LEN,
    );
    errors.into_result("the message store")?;
    w.db()
        .transaction(async |c| {
            let dict = sql::dictionaries(c).await?;
            let active = dict.language_codes();
            rules::validate_store_languages(&req.allowed_languages, &req.default_language, &active)?;
            let projects = sql::company_projects(
                c,
                Some(&req.customer),
                Some(&req.project),
                req.environment.as_deref(),
            )
            .await?;
            let cp = match projects.as_slice() {
                [] => {
                    return Err(Error::not_found(format!(
                        "company project {}/{} does not exist (or is inactive); an admin adds it to cfg_Dic_CompanyProject",
                        req.customer, req.project
                    )))
                }
                [one] => one.clone(),
                many => {
                    let names = many.iter().filter_map(|p| p.environment_code.as_deref()).collect::<Vec<_>>().join(", ");
                    return Err(Error::validation(format!(
                        "company project {}/{} exists in several environments ({names}); name one of them",
                        req.customer, req.project,
                    ))
                    .at_field("environment", format!("name one of {names}")))
                }
            };
            let allowed = to_json(&req.allowed_languages);
            let after = audit::text(&StoreCreated {
                name: req.name.clone(),
                company_project_id: cp.company_project_id,
                allowed_languages: req.allowed_languages.clone(),
                default_language: req.default_language.clone(),
            });
            let id = sql::insert_store(
                c,
                w.actor(),
                &req.name,
                cp.company_project_id,
                &allowed,
                &req.default_language,
                &after,
            )
            .await?;
            read_store(c, id).await
        })
        .await
}

/// Renames a store or changes its languages (policy: `ivr_domain::message` docs — nothing is
/// deleted; added languages make existing versions incomplete until a new version is written).
pub async fn update_store(w: &Writable<'_>, req: UpdateStore) -> Result<StoreUpdated> {
    w.db()
        .transaction(async |c| {
            let plan = plan_store_update(c, &req).await?;
            let (store, name, allowed, default, change) = (
                plan.store,
                plan.name,
                plan.allowed,
                plan.default_language,
                plan.change,
            );
            let before = audit::text(&StoreSettings {
                name: store.name.clone(),
                allowed_languages: store.allowed_languages.clone(),
                default_language: store.default_language.clone(),
                effect: None,
            });
            let after = audit::text(&StoreSettings {
                name: name.clone(),
                allowed_languages: allowed.clone(),
                default_language: default.clone(),
                effect: Some(change.effect.clone()),
            });
            let allowed_json = to_json(&allowed);
            sql::update_store(
                c,
                w.actor(),
                store.id,
                &name,
                &allowed_json,
                &default,
                &before,
                &after,
            )
            .await?;
            Ok(StoreUpdated {
                store: read_store(c, req.store_id).await?,
                change,
            })
        })
        .await
}

/// What [`update_store`] would do, checked the same way, writing nothing: the language change
/// and its effect on existing versions, for the confirmation shown before saving.
pub async fn preview_store_update(db: &Db, req: UpdateStore) -> Result<StoreUpdated> {
    let plan = plan_store_update(&mut db.conn().await?, &req).await?;
    let mut store = plan.store;
    store.name = plan.name;
    store.allowed_languages = plan.allowed;
    store.default_language = plan.default_language;
    Ok(StoreUpdated {
        store,
        change: plan.change,
    })
}

struct StorePlan {
    store: StoreRow,
    name: String,
    allowed: Vec<String>,
    default_language: String,
    change: LanguageChange,
}

/// The checks of a store update (name, languages against the dictionary, default among them)
/// and the language change it makes, read on `c` (the update's transaction, or the preview's
/// connection).
async fn plan_store_update(c: &mut Conn, req: &UpdateStore) -> Result<StorePlan> {
    let store = read_store(c, req.store_id).await?;
    let name = req.name.clone().unwrap_or_else(|| store.name.clone());
    let allowed = req
        .allowed_languages
        .clone()
        .unwrap_or_else(|| store.allowed_languages.clone());
    let default = req
        .default_language
        .clone()
        .unwrap_or_else(|| store.default_language.clone());
    let mut errors = FieldErrors::default();
    rules::check_name(&mut errors, "name", Some(&name), true, rules::MAX_NAME_LEN);
    errors.into_result("the message store")?;
    let dict = sql::dictionaries(c).await?;
    let active = dict.language_codes();
    rules::validate_store_languages(&allowed, &default, &active)?;
    let change = rules::language_change(
        (&store.allowed_languages, &store.default_language),
        (&allowed, &default),
    );
    Ok(StorePlan {
        store,
        name,
        allowed,
        default_language: default,
        change,
    })
}

/// Sets the default voice of a store's language; the voice must speak that language.
pub async fn set_voice(
    w: &Writable<'_>,
    store_id: i64,
    language: &str,
    voice_code: &str,
) -> Result<StoreRow> {
    w.db()
        .transaction(async |c| {
            let store = read_store(c, store_id).await?;
            let dict = sql::dictionaries(c).await?;
            let voice = dict.voices.iter().find(|v| v.code == voice_code).ok_or_else(|| {
                Error::validation(format!(
                    "voice {voice_code} is not an active voice of the dictionary; voices for {language}: {}",
                    dict.voices.iter().filter(|v| v.language == language).map(|v| v.code.as_str()).collect::<Vec<_>>().join(", ")
                ))
            })?;
            rules::check_voice(
                language,
                &voice.code,
                &voice.language,
                &store.allowed_languages,
            )?;
            let before = store
                .voices
                .iter()
                .find(|v| v.language == language)
                .map(|v| {
                    audit::text(&VoiceChoice {
                        language: language.to_owned(),
                        voice: v.voice_code.clone(),
                    })
                });
            let after = audit::text(&VoiceChoice {
                language: language.to_owned(),
                voice: voice.code.clone(),
            });
            sql::set_default_voice(
                c,
                w.actor(),
                store_id,
                language,
                voice.voice_id,
                before.as_deref(),
                &after,
            )
            .await?;
            read_store(c, store_id).await
        })
        .await
}
