//! Keys and their versions: read, check a name, create, edit, delete and restore a key; add
//! and delete a version.

use super::*;

/// A key with its versions (deleted keys too when asked: their history stays readable).
pub async fn key(
    db: &Db,
    store_id: i64,
    key: &str,
    include_deleted: bool,
) -> Result<KeyWithVersions> {
    read_key(&mut db.conn().await?, store_id, key, include_deleted).await
}

/// [`key`] read on `c` (a write reads it inside its transaction); NOT_FOUND when the store has
/// no such key (no active one, unless `include_deleted`).
pub(super) async fn read_key(
    c: &mut Conn,
    store_id: i64,
    key: &str,
    include_deleted: bool,
) -> Result<KeyWithVersions> {
    sql::key_detail(c, store_id, key, include_deleted)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| missing_key(store_id, key))
}

/// A key's display name: optional, at most [`rules::MAX_NAME_LEN`] characters (the first field
/// problems of creating or editing a key).
fn display_name_errors(name: Option<&str>) -> FieldErrors {
    let mut errors = FieldErrors::default();
    rules::check_name(&mut errors, "displayName", name, false, rules::MAX_NAME_LEN);
    errors
}

pub async fn create_key(w: &Writable<'_>, req: CreateKey) -> Result<KeyWithVersions> {
    rules::validate_message_key(&req.key)?;
    w.db()
        .transaction(async |c| {
            let store = read_store(c, req.store_id).await?;
            let dict = sql::dictionaries(c).await?;
            let mut errors = display_name_errors(req.display_name.as_deref());
            let ty = find_type(&dict, &req.message_type, &mut errors);
            let category = find_category(&dict, &req.category, &mut errors);
            errors.into_result("the message key")?;
            let (Some(ty), Some(category_id)) = (ty, category) else {
                return Err(Error::internal("type or category lookup failed"));
            };
            let mut set = WriteSet::default();
            set.keys.push(NewKey {
                key: req.key.clone(),
                type_id: ty.message_type_id,
                category_id,
                display_name: req.display_name.clone(),
            });
            let after = KeyState::Created {
                key: req.key.clone(),
                message_type: ty.code.clone(),
                category: req.category.clone(),
                display_name: req.display_name.clone(),
            };
            set.audit.push(audit_item(
                &req.key,
                None,
                "created",
                store.id,
                None,
                Some(after),
            ));
            if !req.contents.is_empty() {
                rules::validate_version(
                    &ty,
                    &store.allowed_languages,
                    &req.contents,
                    req.version_name.as_deref(),
                )?;
                push_version(
                    &mut set,
                    &req.key,
                    1,
                    req.version_name.clone(),
                    &req.contents,
                    store.id,
                );
            }
            // A taken name: the unique index refuses the write, in this transaction (see `write`),
            // so the name is decided by the same statement that takes it.
            write(c, w, store.id, &set, &req.key).await?;
            read_key(c, store.id, &req.key, false).await
        })
        .await
}

/// What [`create_key`] says about a name before anything is written: the key rule
/// (UPPER_SNAKE_CASE, at most 64 characters), then whether an active key of the store has it.
/// One statement when the name is well-formed, none otherwise.
pub async fn check_key_name(db: &Db, store_id: i64, key: &str) -> Result<KeyNameCheck> {
    if let Err(problem) = rules::check_message_key(key) {
        return Ok(KeyNameCheck {
            key: key.to_owned(),
            problem: Some(problem),
            taken: false,
        });
    }
    let found = {
        let mut conn = db.conn().await?;
        sql::key_detail(&mut conn, store_id, key, false).await?
    };
    let taken = !found.is_empty();
    Ok(KeyNameCheck {
        key: key.to_owned(),
        problem: taken.then(|| taken_message(key)),
        taken,
    })
}

/// The words `write` puts at the messageKey field for a taken name.
fn taken_message(key: &str) -> String {
    format!("{key} already exists in this store; choose another name")
}

/// Adds a version: the next free number (at most 10), content for every allowed language,
/// optionally starting as a copy of an existing version.
pub async fn add_version(w: &Writable<'_>, req: AddVersion) -> Result<VersionRow> {
    w.db()
        .transaction(async |c| {
            let store = read_store(c, req.store_id).await?;
            let dict = sql::dictionaries(c).await?;
            let current = read_key(c, store.id, &req.key, false).await?;
            let ty = dict
                .message_types
                .iter()
                .find(|t| t.message_type_id == current.key.type_id)
                .cloned()
                .ok_or_else(|| {
                    Error::internal("the key's message type is not in the dictionary")
                })?;
            let contents = match req.copy_from {
                None => req.contents.clone(),
                Some(n) => {
                    let source = current
                        .versions
                        .iter()
                        .find(|v| v.version == n)
                        .ok_or_else(|| {
                            Error::not_found(format!(
                                "{} has no version {n} to copy; its versions are {}",
                                req.key,
                                version_list(&current)
                            ))
                        })?;
                    // The copy keeps only the current languages; given contents replace languages.
                    let mut merged: Vec<LanguageContent> = source
                        .contents
                        .iter()
                        .filter(|c| store.allowed_languages.contains(&c.language))
                        .filter(|c| !req.contents.iter().any(|o| o.language == c.language))
                        .cloned()
                        .collect();
                    merged.extend(req.contents.iter().cloned());
                    merged
                }
            };
            rules::validate_version(
                &ty,
                &store.allowed_languages,
                &contents,
                req.version_name.as_deref(),
            )?;
            let numbers: Vec<i32> = current.versions.iter().map(|v| v.version).collect();
            let n = rules::next_version_number(&numbers, current.key.published_version)?;
            let mut set = WriteSet::default();
            push_version(
                &mut set,
                &req.key,
                n,
                req.version_name.clone(),
                &contents,
                store.id,
            );
            write(c, w, store.id, &set, &req.key).await?;
            let after = read_key(c, store.id, &req.key, false).await?;
            after
                .versions
                .into_iter()
                .find(|v| v.version == n)
                .ok_or_else(|| Error::internal("the new version was not found after writing it"))
        })
        .await
}

/// Writes a set of one key inside the caller's transaction; a unique index that refuses it is
/// said in the key's words (a taken name: ALREADY_EXISTS at the messageKey field; a version
/// number taken meanwhile: CONFLICT).
async fn write(
    c: &mut Conn,
    w: &Writable<'_>,
    store_id: i64,
    set: &WriteSet,
    key: &str,
) -> Result<()> {
    sql::write_set(c, w.actor(), store_id, set)
        .await
        .map_err(|e| {
            if e.violates(sql::KEY_INDEX) {
                // Shown at the key field of a form; the index that refused it stays in the detail.
                let constraint = e.constraint();
                let mut taken = Error::already_exists(format!(
                    "{key} already exists in this message store; open that key, or choose another name"
                ))
                .at_field("messageKey", taken_message(key));
                let d = taken.detail_mut();
                d.key = Some(key.to_owned());
                d.constraint = constraint;
                taken.cause = e.cause;
                taken
            } else if e.violates(sql::VERSION_INDEX) {
                Error::conflict(format!(
                    "{key} changed meanwhile (someone added a version at the same time); reload it and try again"
                ))
                .with_detail(ErrorDetail {
                    key: Some(key.to_owned()),
                    ..Default::default()
                })
            } else {
                e
            }
        })?;
    Ok(())
}

/// Changes a key's display name or category.
pub async fn update_key(w: &Writable<'_>, req: UpdateKey) -> Result<KeyWithVersions> {
    w.db()
        .transaction(async |c| {
            let store = read_store(c, req.store_id).await?;
            let current = read_key(c, store.id, &req.key, false).await?;
            let dict = sql::dictionaries(c).await?;
            let mut errors = display_name_errors(req.display_name.as_deref());
            let category_id = match &req.category {
                Some(cat) => find_category(&dict, cat, &mut errors),
                None => Some(current.key.category_id),
            };
            let new_type = match &req.message_type {
                Some(t) if *t != current.key.message_type => find_type(&dict, t, &mut errors),
                _ => None,
            };
            if let Some(ty) = &new_type {
                let versions = current
                    .versions
                    .iter()
                    .map(|v| (v.version, &v.contents[..]));
                errors
                    .0
                    .extend(rules::type_change_problems(ty, versions)?.0);
            }
            errors.into_result("the message key")?;
            let category_id = category_id.unwrap_or(current.key.category_id);
            let type_id = new_type
                .as_ref()
                .map_or(current.key.type_id, |t| t.message_type_id);
            let type_code = new_type
                .as_ref()
                .map_or(&current.key.message_type, |t| &t.code);
            let display_name = req
                .display_name
                .clone()
                .or(current.key.display_name.clone());
            let expected = check_expected(&current, req.expected_row_version.as_deref())?;
            let before = KeyState::Fields(KeyFields {
                display_name: current.key.display_name.clone(),
                category: current.key.category.clone(),
                message_type: current.key.message_type.clone(),
            });
            let after = KeyState::Fields(KeyFields {
                display_name: display_name.clone(),
                category: req
                    .category
                    .clone()
                    .unwrap_or_else(|| current.key.category.clone()),
                message_type: type_code.clone(),
            });
            let audit = audit_item(
                &req.key,
                None,
                "edited",
                store.id,
                Some(before),
                Some(after),
            );
            let change = KeyChange {
                key_id: current.key.id,
                expected_row_version: expected,
                published_version: current.key.published_version,
                display_name,
                category_id,
                type_id,
                is_active: true,
                audit,
            };
            guarded(c, w, &change, &req.key).await?;
            read_key(c, store.id, &req.key, false).await
        })
        .await
}

/// Soft-deletes a key: its rows and audit stay; runtime stops finding it; the name is free.
pub async fn delete_key(w: &Writable<'_>, req: KeyRef) -> Result<()> {
    w.db()
        .transaction(async |c| {
            let store = read_store(c, req.store_id).await?;
            let current = read_key(c, store.id, &req.key, false).await?;
            let expected = check_expected(&current, req.expected_row_version.as_deref())?;
            let before = KeyState::Deleted(Box::new(current.clone()));
            let change = KeyChange {
                key_id: current.key.id,
                expected_row_version: expected,
                published_version: current.key.published_version,
                display_name: current.key.display_name.clone(),
                category_id: current.key.category_id,
                type_id: current.key.type_id,
                is_active: false,
                audit: audit_item(&req.key, None, "deleted", store.id, Some(before), None),
            };
            guarded(c, w, &change, &req.key).await?;
            Ok(())
        })
        .await
}

/// Brings back the most recently deleted key of that name, with its versions and published
/// pointer as they were. Refused (ALREADY_EXISTS) while an active key has the name; NOT_FOUND when no
/// deleted key has it. Audited as `restored`.
pub async fn restore_key(w: &Writable<'_>, req: KeyRef) -> Result<KeyWithVersions> {
    w.db()
        .transaction(async |c| {
            let store = read_store(c, req.store_id).await?;
            let found = sql::key_detail(c, store.id, &req.key, true).await?;
            if found.iter().any(|k| k.key.is_active) {
                return Err(Error::already_exists(format!(
                    "{} is in use by another key of this store; a deleted key comes back only while its name is free: delete that key first",
                    req.key
                )));
            }
            let current = found.into_iter().next().ok_or_else(|| {
                Error::not_found(format!(
                    "message store {} has no deleted key {}; nothing to restore",
                    store.id, req.key
                ))
            })?;
            let expected = check_expected(&current, req.expected_row_version.as_deref())?;
            let audit = audit_item(
                &req.key,
                None,
                "restored",
                store.id,
                Some(KeyState::Inactive { is_active: false }),
                Some(KeyState::Restored {
                    is_active: true,
                    published_version: current.key.published_version,
                }),
            );
            sql::restore_key(c, w.actor(), current.key.id, &expected, &audit)
                .await?
                .ok_or_else(|| stale(&req.key))?;
            read_key(c, store.id, &req.key, false).await
        })
        .await
}

/// Deletes a version that is not published, freeing its slot; the audit keeps its content.
pub async fn delete_version(
    w: &Writable<'_>,
    req: KeyRef,
    version: i32,
) -> Result<KeyWithVersions> {
    w.db()
        .transaction(async |c| {
            let store = read_store(c, req.store_id).await?;
            let current = read_key(c, store.id, &req.key, false).await?;
            let target = find_version(&current, &req.key, version)?;
            rules::check_version_deletable(version, current.key.published_version)?;
            let expected = check_expected(&current, req.expected_row_version.as_deref())?;
            let before = KeyState::Version(VersionImage {
                created_at: Some(target.created_at.clone()),
                created_by: Some(target.created_by.clone()),
                ..VersionImage::added(target.version, target.name.as_deref(), &target.contents)
            });
            let before_text = audit::text(&before);
            let data = audit::text(&VersionDeletedData {
                store_id: store.id,
                key: req.key.clone(),
                change: VERSION_DELETED.into(),
                before,
            });
            sql::delete_version(
                c,
                w.actor(),
                current.key.id,
                &expected,
                target.id,
                Uuid::new_v4(),
                &data,
                &before_text,
            )
            .await?
            .ok_or_else(|| stale(&req.key))?;
            read_key(c, store.id, &req.key, false).await
        })
        .await
}
