//! Exchange files: export a store as JSON or CSV, plan an import (a dry run) and write it.

use super::*;

pub async fn export_json(db: &Db, store_id: i64) -> Result<String> {
    let store = store(db, store_id).await?;
    let keys = {
        let mut conn = db.conn().await?;
        sql::store_content(&mut conn, store_id).await?
    };
    let file = StoreFile {
        format: exchange::FORMAT.into(),
        format_version: exchange::FORMAT_VERSION,
        store: StoreHeader {
            name: store.name.clone(),
            customer_id: Some(store.customer_id.clone()),
            project_id: Some(store.project_id.clone()),
            allowed_languages: store.allowed_languages.clone(),
            default_language: store.default_language.clone(),
            voices: store
                .voices
                .iter()
                .map(|v| VoiceFile {
                    language: v.language.clone(),
                    voice: v.voice_code.clone(),
                })
                .collect(),
        },
        messages: keys
            .iter()
            .map(|k| MessageFile {
                key: k.key.key.clone(),
                message_type: k.key.message_type.clone(),
                category: k.key.category.clone(),
                display_name: k.key.display_name.clone(),
                published_version: k.key.published_version,
                versions: {
                    let mut vs: Vec<VersionFile> = k
                        .versions
                        .iter()
                        .map(|v| VersionFile {
                            version: v.version,
                            name: v.name.clone(),
                            created_at: Some(v.created_at.clone()),
                            created_by: Some(v.created_by.clone()),
                            content: v.contents.iter().map(ContentFile::from_content).collect(),
                        })
                        .collect();
                    vs.sort_by_key(|v| v.version);
                    vs
                },
            })
            .collect(),
    };
    Ok(exchange::export_json(&file))
}

pub async fn export_csv(db: &Db, store_id: i64, source: CsvSource) -> Result<String> {
    let store = store(db, store_id).await?;
    let keys = {
        let mut conn = db.conn().await?;
        sql::store_content(&mut conn, store_id).await?
    };
    let rows: Vec<CsvRow> = keys
        .iter()
        .map(|k| {
            let v = match source {
                CsvSource::Latest => k.versions.last(),
                CsvSource::Published => k
                    .key
                    .published_version
                    .and_then(|p| k.versions.iter().find(|v| v.version == p)),
            };
            CsvRow {
                key: k.key.key.clone(),
                message_type: k.key.message_type.clone(),
                category: k.key.category.clone(),
                display_name: k.key.display_name.clone(),
                version: v.map(|v| v.version),
                contents: v.map(|v| v.contents.clone()).unwrap_or_default(),
            }
        })
        .collect();
    Ok(exchange::export_csv(&store.allowed_languages, &rows))
}

/// Keys an import writes per statement: between two statements it reports its progress and may
/// be cancelled. A file that changes at most this many keys is written in one statement; a larger
/// one in one statement per this many keys, all in the one transaction.
pub const IMPORT_KEYS_PER_STATEMENT: usize = 1_000;

/// How far a running import is: keys written of the keys it writes (unchanged keys not counted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportProgress {
    pub done: u64,
    pub total: u64,
}

/// What a caller can do with a running import: follow it, and stop it. Stopped, the import's
/// transaction is rolled back: nothing is written and nothing audited.
pub struct ImportControl<'a> {
    pub cancel: tokio_util::sync::CancellationToken,
    /// Called with `done = 0` before the first statement and after every statement.
    pub progress: &'a (dyn Fn(ImportProgress) + Send + Sync),
}

impl ImportControl<'_> {
    /// No progress to report, never cancelled.
    pub fn none() -> ImportControl<'static> {
        ImportControl {
            cancel: tokio_util::sync::CancellationToken::new(),
            progress: &|_| {},
        }
    }
}

/// The answer of a cancelled import (CONNECTION with `detail.cancelled`, as every command the user
/// stops): nothing was imported.
pub fn import_cancelled() -> Error {
    Error::connection("the import was cancelled; nothing was imported and the store is as it was")
        .with_detail(ivr_domain::ErrorDetail {
            cancelled: Some(true),
            ..Default::default()
        })
}

/// Plans an import; unless `dry_run`, writes it when it has no error (all or nothing, one
/// transaction, one statement per [`IMPORT_KEYS_PER_STATEMENT`] keys). With errors nothing is
/// written and the answer is VALIDATION with the plan in `detail`.
pub async fn import(
    w: &Writable<'_>,
    store_id: i64,
    format: exchange::ExchangeFormat,
    bytes: &[u8],
) -> Result<ImportResult> {
    import_with(w, store_id, format, bytes, &ImportControl::none()).await
}

/// [`import`], reporting its progress and stoppable through `ctl` (the desktop app's Cancel):
/// cancelled before it commits, it writes nothing and answers [`import_cancelled`]. The plan is
/// made inside the import's transaction, against the store as it is when the import writes.
pub async fn import_with(
    w: &Writable<'_>,
    store_id: i64,
    format: exchange::ExchangeFormat,
    bytes: &[u8],
    ctl: &ImportControl<'_>,
) -> Result<ImportResult> {
    w.db()
        .transaction(async |c| {
            let (store, plan) = import_plan(c, store_id, format, bytes).await?;
            if ctl.cancel.is_cancelled() {
                return Err(import_cancelled());
            }
            if !plan.is_ok() {
                let message = format!(
                    "the file was not imported: {}; first error on line {}: {}",
                    plan.summary(),
                    plan.errors[0].line,
                    plan.errors[0].message
                );
                return Err(Error::validation(message).with_detail(plan.into_detail()));
            }
            if plan.items.iter().any(|i| i.action != PlanAction::Unchanged) {
                write_import(c, w, &store, &plan, ctl).await?;
            }
            Ok(ImportResult {
                dry_run: false,
                applied: true,
                plan,
            })
        })
        .await
}

/// What [`import`] would do, writing nothing (a dry run works on a read-only environment too):
/// the plan with every problem and its line.
pub async fn plan_import(
    db: &Db,
    store_id: i64,
    format: exchange::ExchangeFormat,
    bytes: &[u8],
) -> Result<ImportResult> {
    let (_, plan) = import_plan(&mut db.conn().await?, store_id, format, bytes).await?;
    Ok(ImportResult {
        dry_run: true,
        applied: false,
        plan,
    })
}

/// Reads the store, the dictionaries and the store's content on `c`, and plans the import of
/// `bytes`.
async fn import_plan(
    c: &mut Conn,
    store_id: i64,
    format: exchange::ExchangeFormat,
    bytes: &[u8],
) -> Result<(StoreRow, ImportPlan)> {
    let store = read_store(c, store_id).await?;
    let dict = sql::dictionaries(c).await?;
    let keys = sql::store_content(c, store_id).await?;
    let target = ImportTarget {
        allowed: store.allowed_languages.clone(),
        types: dict.message_types,
        categories: dict.message_categories,
        keys: keys
            .into_iter()
            .map(|k| {
                let latest = k
                    .versions
                    .last()
                    .map(|v| v.contents.clone())
                    .unwrap_or_default();
                (
                    k.key.key.clone(),
                    ExistingKey {
                        type_code: k.key.message_type.clone(),
                        category: k.key.category.clone(),
                        display_name: k.key.display_name.clone(),
                        active: k.key.is_active,
                        versions: k.versions.iter().map(|v| v.version).collect(),
                        published: k.key.published_version,
                        latest,
                    },
                )
            })
            .collect(),
    };
    let plan = match format {
        exchange::ExchangeFormat::Json => match std::str::from_utf8(bytes) {
            Ok(text) => exchange::plan_json(text.strip_prefix('\u{feff}').unwrap_or(text), &target),
            Err(e) => {
                let line = bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count()
                    + 1;
                let mut p = exchange::plan_csv(b"", &ImportTarget::default());
                p.format = exchange::ExchangeFormat::Json;
                p.errors = vec![exchange::LineIssue {
                    line,
                    key: None,
                    field: None,
                    message: "the file is not valid UTF-8; save it as UTF-8".into(),
                }];
                p
            }
        },
        exchange::ExchangeFormat::Csv => exchange::plan_csv(bytes, &target),
    };
    Ok((store, plan))
}

/// Adds the versions an import plan item creates (each with its `edited` audit row).
fn push_planned_versions(set: &mut WriteSet, item: &PlanItem, store_id: i64) {
    for v in &item.new_versions {
        push_version(
            set,
            &item.key,
            v.version,
            v.name.clone(),
            &v.contents,
            store_id,
        );
    }
}

/// Writes an error-free import plan inside the import's transaction: one statement per
/// [`IMPORT_KEYS_PER_STATEMENT`] keys.
async fn write_import(
    c: &mut Conn,
    w: &Writable<'_>,
    store: &StoreRow,
    plan: &ImportPlan,
    ctl: &ImportControl<'_>,
) -> Result<()> {
    let changed: Vec<_> = plan
        .items
        .iter()
        .filter(|i| i.action != PlanAction::Unchanged)
        .collect();
    let total = changed.len() as u64;
    (ctl.progress)(ImportProgress { done: 0, total });
    let mut done = 0u64;
    for items in changed.chunks(IMPORT_KEYS_PER_STATEMENT) {
        if ctl.cancel.is_cancelled() {
            return Err(import_cancelled());
        }
        sql::write_set(c, w.actor(), store.id, &import_set(store, items))
            .await
            .map_err(|e| {
                // A key or version written by someone else since the plan was read (SQL Server's
                // reads lock nothing; on SQLite the transaction holds the write lock).
                if matches!(e.code, ErrorCode::Conflict | ErrorCode::AlreadyExists) {
                    Error::conflict(format!(
                        "the store changed while importing ({}); run the import again",
                        e.message
                    ))
                } else {
                    e
                }
            })?;
        done += items.len() as u64;
        (ctl.progress)(ImportProgress { done, total });
    }
    // The last chance to stop it: after this the transaction commits.
    if ctl.cancel.is_cancelled() {
        return Err(import_cancelled());
    }
    Ok(())
}

/// The keys, versions, contents, pointers and audit rows of some planned items: one statement.
fn import_set(store: &StoreRow, items: &[&PlanItem]) -> WriteSet {
    let mut set = WriteSet::default();
    for item in items {
        match item.action {
            PlanAction::Unchanged => {}
            PlanAction::CreateKey => {
                set.keys.push(NewKey {
                    key: item.key.clone(),
                    type_id: item.type_id,
                    category_id: item.category_id,
                    display_name: item.display_name.clone(),
                });
                set.audit.push(audit_item(
                    &item.key,
                    None,
                    "created",
                    store.id,
                    None,
                    Some(KeyState::Imported {
                        import: true,
                        line: item.line,
                    }),
                ));
                push_planned_versions(&mut set, item, store.id);
                if let Some(p) = item.publish {
                    set.publish.push(PublishPointer {
                        key: item.key.clone(),
                        version: p,
                    });
                    let vid = set.versions[set.versions.len() - item.new_versions.len()..]
                        .iter()
                        .find(|v| v.version == p)
                        .map(|v| v.id);
                    set.audit.push(audit_item(
                        &item.key,
                        vid,
                        "published",
                        store.id,
                        Some(KeyState::Pointer {
                            published_version: None,
                        }),
                        Some(KeyState::Pointer {
                            published_version: Some(p),
                        }),
                    ));
                }
            }
            PlanAction::NewVersion => {
                push_planned_versions(&mut set, item, store.id);
            }
        }
    }
    set
}
