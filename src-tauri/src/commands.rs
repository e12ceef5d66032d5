//! Tauri commands. Each one: parse, call one `ivr_app` function, return its answer or error.

use crate::bindings::{CommandSig, Exporter};
use crate::dialogs::{self, Ask};
use crate::dto::*;
use crate::state::AppState;
use ivr_app::designer::{
    self, CopyRequest, CopyResult, CreateFlowRequest, CreateFlowResult, DiffRequest, DraftRef,
    DuplicateRequest, EditDraftRequest, EditDraftResult, LayoutRequest, OpenDraftRequest,
    OpenVersionRequest, PasteRequest, PasteResult, PublishDraftRequest,
};
use ivr_app::env_draft::{ComposeRequest, ComposedEnvironment};
use ivr_app::flow::{FlowFindings, FlowGraph, FlowRef, FlowView, PublishResult};
use ivr_app::message_files::{FilePreview, FileWritten};
use ivr_app::messages::{
    AddVersion, CreateKey, CreateStore, ImportControl, ImportProgress, KeyNameCheck, KeyRef,
    PublishPreview, SetPublished, StoreCompleteness, StoreUpdated, UpdateKey, UpdateStore,
};
use ivr_app::migrate::{DeployRequest, MigrationLock, MigrationSource};
use ivr_app::routing::{
    DeleteRoutingRequest, GetRoutingRequest, ListRoutingRequest, RestoreRoutingRequest,
    UpdateRoutingRequest,
};
use ivr_app::studio::{ConnectionTest, EnvironmentAdded, EnvironmentInfo, EnvironmentRemoved};
use ivr_app::Target;
use ivr_domain::dict::{
    CompanyProject, CompanyProjectFields, Dictionaries, Language, LanguageFields, Voice,
    VoiceFields,
};
use ivr_domain::flow::layout::Layout;
use ivr_domain::flow::{
    Catalog, ChangeSetRow, FlowDiff, FlowSummary, FlowVersion, ValidationReport,
};
use ivr_domain::message::{KeyListItem, KeyWithVersions, StoreRow, VersionRow, WhereUsed};
use ivr_domain::migration::{DeployReport, Progress, Status, VerifyReport};
use ivr_domain::routing::{
    RoutingEntry, RoutingFields, RoutingHistoryItem, RoutingListItem, RoutingSaved, SegmentChoices,
};
use ivr_domain::{Error, Page};
use std::future::Future;
use std::sync::Arc;
use tauri::Emitter;
use tauri::State;
use ts_rs::{Config, TypeVisitor, TS};

/// The event a deploy emits per migration started, finished or failed.
pub const PROGRESS_EVENT: &str = "migration-progress";

/// The event an import emits before its first statement and after each ([`ImportProgress`]).
pub const IMPORT_PROGRESS_EVENT: &str = "message-import-progress";

/// A future that can be stopped from elsewhere: resolves to `None` once aborted.
fn futures_abortable<F: Future>(fut: F) -> (impl Future<Output = Option<F::Output>>, AbortHandle) {
    let notify = Arc::new(tokio::sync::Notify::new());
    let handle = AbortHandle(notify.clone());
    let wrapped = async move {
        tokio::select! {
            out = fut => Some(out),
            _ = notify.notified() => None,
        }
    };
    (wrapped, handle)
}

/// Runs `fut` with its abort handle in `slot`, so another command can stop it (a server that does not
/// answer must not keep the user waiting). Cancelled: CONNECTION with `detail.cancelled`.
async fn cancellable<T>(
    slot: &std::sync::Mutex<Option<AbortHandle>>,
    what: &str,
    fut: impl Future<Output = Result<T, Error>>,
) -> Result<T, Error> {
    let (fut, handle) = futures_abortable(fut);
    if let Ok(mut s) = slot.lock() {
        *s = Some(handle);
    }
    let out = fut.await;
    if let Ok(mut s) = slot.lock() {
        *s = None;
    }
    out.unwrap_or_else(|| {
        Err(
            Error::connection(format!("{what} was cancelled; nothing was changed")).with_detail(
                ivr_domain::ErrorDetail {
                    cancelled: Some(true),
                    ..Default::default()
                },
            ),
        )
    })
}

/// Stops what runs in `slot`; false when nothing does.
fn cancel(slot: &std::sync::Mutex<Option<AbortHandle>>) -> bool {
    match slot.lock().ok().and_then(|mut s| s.take()) {
        Some(h) => {
            h.abort();
            true
        }
        None => false,
    }
}

pub struct AbortHandle(Arc<tokio::sync::Notify>);

impl AbortHandle {
    pub fn abort(&self) {
        // notify_one stores a permit, so an abort that races ahead of the select still counts.
        self.0.notify_one();
    }
}

/// Declares the commands once: emits each `#[tauri::command]` (its error logged once, here at the
/// boundary, with its cause), the invoke handler, and the signature table the TypeScript generator
/// reads, so a command's types are written only here.
macro_rules! commands {
    ($(
        $(#[doc = $doc:literal])*
        fn $name:ident($state:ident $(, $arg:ident : $argty:ty)?) -> $ret:ty $body:block
    )*) => {
        $(
            $(#[doc = $doc])*
            #[tauri::command]
            pub async fn $name($state: State<'_, AppState> $(, $arg: $argty)?) -> Result<$ret, Error> {
                let answer: Result<$ret, Error> = async { $body }.await;
                if let Err(e) = &answer {
                    ivr_app::log_command_error(stringify!($name), e);
                }
                answer
            }
        )*

        pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }

        pub fn signatures(cfg: &Config, ex: &mut Exporter<'_>) -> Vec<CommandSig> {
            vec![$({
                $( ex.visit::<$argty>(); )?
                ex.visit::<$ret>();
                CommandSig {
                    name: stringify!($name),
                    doc: concat!($($doc, "\n",)* ""),
                    arg: None $( .or(Some((stringify!($arg), <$argty as TS>::name(cfg)))) )?,
                    ret: <$ret as TS>::name(cfg),
                }
            }),*]
        }
    };
}

commands! {
    /// Called by the UI once its first screen is drawn; prints the start-up time for the benchmark.
    fn app_ready(state) -> () {
        let _ = &state;
        if std::env::var_os("IVR_STUDIO_BENCH").is_some() {
            if let Some(t) = crate::STARTED.get() {
                println!("first-screen-ms={}", t.elapsed().as_millis());
            }
        }
        Ok(())
    }

    /// The open environment (`local` is opened, and on first start created with demo data).
    fn session_current(state) -> SessionInfo {
        Ok(SessionInfo::of(&*state.env().await?))
    }

    /// Opens another environment; the previous one stays open until this succeeds. Cancellable.
    fn session_open(state, req: NameArg) -> SessionInfo {
        let studio = state.studio().await?;
        let target = Target::env(req.name);
        let env = cancellable(&state.open_task, "opening the environment", studio.open(&target)).await?;
        let info = SessionInfo::of(&env);
        state.replace_env(env).await;
        Ok(info)
    }

    /// Stops an environment being opened (the previous one stays open); false when none is.
    fn session_open_cancel(state) -> bool {
        Ok(cancel(&state.open_task))
    }

    /// Unlocks a read-only environment for this session when its name is typed exactly.
    fn session_unlock(state, req: UnlockArg) -> SessionInfo {
        let mut env = state.env_mut().await?;
        env.unlock(&req.typed_name)?;
        Ok(SessionInfo::of(&env))
    }

    /// Makes a prd (or read_only) environment read-only again.
    fn session_lock(state) -> SessionInfo {
        let mut env = state.env_mut().await?;
        env.lock();
        Ok(SessionInfo::of(&env))
    }

    /// Every profile, `local` first (the keyring is not asked).
    fn env_list(state) -> Vec<EnvironmentInfo> {
        state.studio().await?.environments()
    }

    /// Adds (no `editing`) or changes an environment from its form, SQL Server or SQLite; a typed
    /// password goes to the OS keyring (or, when the user accepted it, to memory for this session).
    fn env_save(state, req: SaveEnvironmentArgs) -> EnvironmentAdded {
        state.studio().await?.save_environment(&req.draft, req.editing.as_deref(), req.session_only)
    }

    /// Checks an environment's form as saving would, without saving (field by field, on blur).
    fn env_check(state, req: SaveEnvironmentArgs) -> Vec<String> {
        state.studio().await?.check_environment(&req.draft, req.editing.as_deref())
    }

    /// The form of an existing environment, for editing it (never its password).
    fn env_draft(state, req: NameArg) -> ivr_app::env_draft::EnvironmentDraft {
        state.studio().await?.draft_of(&req.name)
    }

    /// Tests an environment's form before saving it; cancellable like `env_test`.
    fn env_test_draft(state, req: TestDraftArgs) -> ConnectionTest {
        let timeout = ivr_app::studio::test_timeout(req.timeout_secs);
        let studio = state.studio().await?;
        cancellable(
            &state.test_task,
            "the connection test",
            studio.test_draft(&req.draft, req.editing.as_deref(), timeout),
        )
        .await
    }

    /// Stores (replaces) the password of a SQL Server environment: in the OS keyring or, when the
    /// user accepted it because the keyring is unavailable, in memory for this session.
    fn env_set_password(state, req: SetPasswordArgs) -> EnvironmentInfo {
        state.studio().await?.set_password(&req.name, &req.password, req.session_only)
    }

    /// Removes a profile and its stored password.
    fn env_remove(state, req: NameArg) -> EnvironmentRemoved {
        state.studio().await?.remove_environment(&req.name)
    }

    /// A new environment's form from a connection string and/or fields, as `ivr env add` composes
    /// it (fields given win over the string). The string's password is not sent back: `passwordAt`
    /// says where it is.
    fn env_compose(state, req: ComposeRequest) -> ComposedEnvironment {
        let _ = &state;
        ivr_app::env_draft::compose(&req)
    }

    /// Connects once and reports the server version and pending migrations; cancellable.
    fn env_test(state, req: TestArg) -> ConnectionTest {
        let studio = state.studio().await?;
        cancellable(&state.test_task, "the connection test", studio.test_named(&req.name, req.timeout_secs)).await
    }

    /// Stops a running connection test; false when none runs.
    fn env_test_cancel(state) -> bool {
        Ok(cancel(&state.test_task))
    }

    /// A page of routing entries (search, project filter, deleted ones on request).
    fn routing_list(state, req: ListRoutingRequest) -> Page<RoutingListItem> {
        ivr_app::routing::list(&state.env().await?.db, &req).await
    }

    /// The segments a flow offers as a first segment (published, and only in open drafts).
    fn routing_segment_choices(state, req: FlowArg) -> SegmentChoices {
        ivr_app::routing::segment_choices(&state.env().await?.db, &req.routing_id).await
    }

    /// The entry for a SourceId.
    fn routing_get(state, req: GetRoutingRequest) -> RoutingEntry {
        ivr_app::routing::get(&state.env().await?.db, &req).await
    }

    /// Creates an entry (validated, versioned, audited); `warnings` name a missing flow or segment.
    fn routing_create(state, req: RoutingFields) -> RoutingSaved {
        ivr_app::routing::create(&state.env().await?.writable()?, &req).await
    }

    /// Updates an entry; a stale rowVersion is CONFLICT with `detail.current`; `warnings` as create.
    fn routing_update(state, req: UpdateRoutingRequest) -> RoutingSaved {
        ivr_app::routing::update(&state.env().await?.writable()?, &req).await
    }

    /// Soft-deletes an entry (IsActive = 0); its history keeps every version.
    fn routing_delete(state, req: DeleteRoutingRequest) -> RoutingEntry {
        ivr_app::routing::delete(&state.env().await?.writable()?, &req).await
    }

    /// Every version of an entry, newest last.
    fn routing_history(state, req: RoutingIdArg) -> Vec<RoutingHistoryItem> {
        ivr_app::routing::history(&state.env().await?.db, req.routing_table_id).await
    }

    /// Makes an earlier version current again (a new version).
    fn routing_restore(state, req: RestoreRoutingRequest) -> RoutingSaved {
        ivr_app::routing::restore(&state.env().await?.writable()?, &req).await
    }

    /// Where a dictionary entry is used (counts and examples), shown before deactivating it.
    fn dict_usage(state, req: ivr_app::impact::DictEntryRef) -> ivr_app::impact::Usage {
        ivr_app::impact::usage(&state.env().await?.db, &req).await
    }

    /// Every dictionary at once.
    fn dict_all(state) -> Dictionaries {
        ivr_app::dict::all(&state.env().await?.db).await
    }

    fn dict_language_add(state, req: LanguageFields) -> Language {
        ivr_app::dict::language_add(&state.env().await?.writable()?, &req).await
    }

    fn dict_language_rename(state, req: LanguageRenameArg) -> Language {
        ivr_app::dict::language_rename(&state.env().await?.writable()?, &req.code, &req.display_name).await
    }

    fn dict_language_set_active(state, req: LanguageActiveArg) -> Language {
        ivr_app::dict::language_set_active(&state.env().await?.writable()?, &req.code, req.active).await
    }

    fn dict_voice_add(state, req: VoiceFields) -> Voice {
        ivr_app::dict::voice_add(&state.env().await?.writable()?, &req).await
    }

    fn dict_voice_edit(state, req: VoiceEditArg) -> Voice {
        ivr_app::dict::voice_edit(&state.env().await?.writable()?, req.voice_id, &req.patch).await
    }

    fn dict_voice_set_active(state, req: VoiceActiveArg) -> Voice {
        ivr_app::dict::voice_set_active(&state.env().await?.writable()?, req.voice_id, req.active).await
    }

    fn dict_project_create(state, req: CompanyProjectFields) -> CompanyProject {
        ivr_app::dict::project_create(&state.env().await?.writable()?, &req).await
    }

    fn dict_project_edit(state, req: ProjectEditArg) -> CompanyProject {
        ivr_app::dict::project_edit(&state.env().await?.writable()?, req.company_project_id, &req.patch).await
    }

    fn dict_project_set_active(state, req: ProjectActiveArg) -> CompanyProject {
        ivr_app::dict::project_set_active(&state.env().await?.writable()?, req.company_project_id, req.active)
            .await
    }

    /// A page of the audit log, filtered by entity, actor, action and time.
    fn audit_list(state, req: ivr_app::audit::ListAuditRequest) -> Page<ivr_domain::audit::AuditEntry> {
        ivr_app::audit::list(&state.env().await?.db, &req).await
    }

    /// The entity types, actors and actions in the audit log (the filters' choices).
    fn audit_facets(state) -> ivr_app::audit::AuditChoices {
        ivr_app::audit::facets(&state.env().await?.db).await
    }

    /// Applied, pending, failed and unknown migrations of the open environment.
    fn schema_status(state) -> Status {
        ivr_app::migrate::status(&state.env().await?.db, &MigrationSource::Embedded).await
    }

    /// What a deploy would run, with its SQL; writes nothing.
    fn schema_plan(state) -> DeployReport {
        ivr_app::migrate::plan(&state.env().await?.db, &MigrationSource::Embedded).await
    }

    /// Applies the pending migrations, emitting `migration-progress` events; refused while one runs.
    fn schema_deploy(state, req: DeployRequest) -> DeployReport {
        let _running = state.deploys.begin()?;
        let handle = state.handle();
        let progress = move |p: &Progress| {
            if let Some(h) = &handle {
                let _ = h.emit(PROGRESS_EVENT, p);
            }
        };
        ivr_app::migrate::deploy(&state.env().await?.writable()?, &req, &progress).await
    }

    /// Whether a deploy holds the migration lock now (a deploy started meanwhile would wait for it).
    fn schema_lock(state) -> MigrationLock {
        ivr_app::migrate::lock(&state.env().await?.db, state.deploys.is_running()).await
    }

    /// Checksums, failures, pending versions and schema drift.
    fn schema_verify(state) -> VerifyReport {
        ivr_app::migrate::verify(&state.env().await?.db, &MigrationSource::Embedded).await
    }

    /// Every flow: published size, live version, open drafts, entry points.
    fn flow_list(state) -> Vec<FlowSummary> {
        ivr_app::flow::list(&state.env().await?.db).await
    }

    /// The published flow (segments, configuration, transitions, layout) with its validation.
    fn flow_show(state, req: FlowArg) -> FlowView {
        ivr_app::flow::show(&state.env().await?.db, &req.routing_id).await
    }

    /// Any state of a flow as the canvas first draws it: `flow_view` without the validation,
    /// which `flow_findings` reads next (the graph is drawn before every segment is validated).
    fn flow_graph(state, req: FlowRef) -> FlowGraph {
        designer::graph(&state.env().await?.db, &req).await
    }

    /// The validation of any state of a flow, with the revision it validated.
    fn flow_findings(state, req: FlowRef) -> FlowFindings {
        designer::findings(&state.env().await?.db, &req).await
    }

    /// The open drafts of a flow, newest first.
    fn flow_drafts(state, req: FlowArg) -> Vec<ChangeSetRow> {
        ivr_app::flow::drafts(&state.env().await?.db, Some(&req.routing_id), false).await
    }

    /// The published versions of a flow, newest first.
    fn flow_versions(state, req: FlowArg) -> Vec<FlowVersion> {
        ivr_app::flow::versions(&state.env().await?.db, &req.routing_id).await
    }

    /// The segment-type catalog the designer reads: per type its category, terminal flag, keys
    /// (type, JSON Schema, required, default) and results (one output handle per result).
    fn flow_catalog(state) -> Catalog {
        designer::catalog(&state.env().await?.db).await
    }

    /// Any state of a flow (live, a draft, an earlier version) with its revision, each segment's
    /// results and its validation.
    fn flow_view(state, req: FlowRef) -> FlowView {
        designer::view(&state.env().await?.db, &req).await
    }

    /// Creates a brand-new flow (a draft with its entry segment), optionally with its routing entry.
    fn flow_create(state, req: CreateFlowRequest) -> CreateFlowResult {
        designer::create_flow(&state.env().await?.writable()?, &req).await
    }

    /// Opens a new draft of a flow (a copy of live).
    fn flow_draft_open(state, req: OpenDraftRequest) -> FlowView {
        designer::open_draft(&state.env().await?.writable()?, &req).await
    }

    /// A draft with its revision and validation.
    fn flow_draft(state, req: DraftRef) -> FlowView {
        designer::draft(&state.env().await?.db, &req).await
    }

    /// One gesture's edits as one batch (all or nothing); a stale revision is CONFLICT. Returns
    /// the changed segments, the new revision, the batch that undoes it and the validation (none
    /// for a layout-only batch on a given revision: the findings did not change).
    fn flow_edit(state, req: EditDraftRequest) -> EditDraftResult {
        designer::edit_draft(&state.env().await?.writable()?, &req).await
    }

    /// Discards an open draft (its rows go; it stays listed as discarded).
    fn flow_draft_discard(state, req: DraftRef) -> () {
        designer::discard(&state.env().await?.writable()?, &req).await
    }

    /// Validates any state of a flow (errors block publish, warnings don't).
    fn flow_validate(state, req: FlowRef) -> ValidationReport {
        designer::validate(&state.env().await?.db, &req).await
    }

    /// Semantic diff between two states of a flow; layout-only changes apart.
    fn flow_diff(state, req: DiffRequest) -> FlowDiff {
        designer::diff(&state.env().await?.db, &req).await
    }

    /// Publishes a draft atomically; CONFLICT when live moved on or the draft changed since its revision.
    fn flow_publish(state, req: PublishDraftRequest) -> PublishResult {
        designer::publish(&state.env().await?.writable()?, &req).await
    }

    /// Opens an earlier published version as a new draft (rollback).
    fn flow_version_open(state, req: OpenVersionRequest) -> FlowView {
        designer::open_version(&state.env().await?.writable()?, &req).await
    }

    /// Copies segments of any state of a flow: the clipboard text (a flow fragment).
    fn flow_copy(state, req: CopyRequest) -> CopyResult {
        designer::copy(&state.env().await?.db, &req).await
    }

    /// Pastes clipboard text into a draft as one batch (names made unique); text that is not a
    /// fragment is VALIDATION. Returns the batch result, the applied ops (redo) and the new names.
    fn flow_paste(state, req: PasteRequest) -> PasteResult {
        designer::paste(&state.env().await?.writable()?, &req).await
    }

    /// Duplicates segments of a draft within it as one batch (names made unique).
    fn flow_duplicate(state, req: DuplicateRequest) -> PasteResult {
        designer::duplicate(&state.env().await?.writable()?, &req).await
    }

    /// Layered auto-layout of a flow or a selection: positions only (apply them as one batch of moves).
    fn flow_layout(state, req: LayoutRequest) -> Layout {
        designer::layout(&state.env().await?.db, &req).await
    }

    /// Every message store with its languages and key count.
    fn messages_store_list(state) -> Vec<StoreRow> {
        ivr_app::messages::list_stores(&state.env().await?.db, None, None)
            .await
    }

    /// Creates a message store for a company project (allowed languages, default language).
    fn messages_store_create(state, req: CreateStore) -> StoreRow {
        ivr_app::messages::create_store(&state.env().await?.writable()?, req).await
    }

    /// What changing a store's name or languages would do to existing versions; writes nothing.
    fn messages_store_preview(state, req: UpdateStore) -> StoreUpdated {
        ivr_app::messages::preview_store_update(&state.env().await?.db, req).await
    }

    /// Changes a store's name or languages (nothing is deleted: see the preview's effect).
    fn messages_store_update(state, req: UpdateStore) -> StoreUpdated {
        ivr_app::messages::update_store(&state.env().await?.writable()?, req).await
    }

    /// Sets the default voice of a store's language; the voice must speak that language.
    fn messages_store_voice(state, req: MessageVoiceArg) -> StoreRow {
        ivr_app::messages::set_voice(&state.env().await?.writable()?, req.store_id, &req.language, &req.voice_code).await
    }

    /// How complete a store is: per language the keys published with it, drafts newer than
    /// published, keys no flow uses.
    fn messages_store_completeness(state, req: MessageStoreArg) -> StoreCompleteness {
        ivr_app::messages::completeness(&state.env().await?.db, req.store_id).await
    }

    /// A page of a store's keys: key substring, category, type, missing translation, newer than published.
    fn messages_key_list(state, req: MessageKeyListArg) -> Page<KeyListItem> {
        ivr_app::messages::list_keys(&state.env().await?.db, req.store_id, req.filter)
            .await
    }

    /// A key with every version and its content per language (a deleted one when asked).
    fn messages_key_get(state, req: MessageKeyArg) -> KeyWithVersions {
        ivr_app::messages::key(&state.env().await?.db, req.store_id, &req.key, req.include_deleted.unwrap_or(false))
            .await
    }

    /// The published text per language of many keys of a store (or that a key is unknown or
    /// unpublished), in one statement: the designer's nodes and inspector.
    fn messages_key_texts(state, req: ivr_app::messages::KeyTextsRequest) -> ivr_domain::message::texts::MessageTexts {
        ivr_app::messages::key_texts(&state.env().await?.db, &req).await
    }

    /// Whether a new key may take a name: the key rule, then whether the store already has it.
    fn messages_key_check(state, req: MessageKeyArg) -> KeyNameCheck {
        ivr_app::messages::check_key_name(&state.env().await?.db, req.store_id, &req.key).await
    }

    /// Creates a key (optionally with version 1); a taken name is CONFLICT on the `messageKey` field.
    fn messages_key_create(state, req: CreateKey) -> KeyWithVersions {
        ivr_app::messages::create_key(&state.env().await?.writable()?, req).await
    }

    /// Changes a key's display name or category; a stale rowVersion is CONFLICT.
    fn messages_key_update(state, req: UpdateKey) -> KeyWithVersions {
        ivr_app::messages::update_key(&state.env().await?.writable()?, req).await
    }

    /// Soft-deletes a key: its versions and audit stay, runtime stops finding it, the name is free.
    fn messages_key_delete(state, req: KeyRef) -> () {
        ivr_app::messages::delete_key(&state.env().await?.writable()?, req).await
    }

    /// Brings back the most recently deleted key of that name, while the name is free.
    fn messages_key_restore(state, req: KeyRef) -> KeyWithVersions {
        ivr_app::messages::restore_key(&state.env().await?.writable()?, req).await
    }

    /// Adds a version (every allowed language, optionally a copy of another version); refused
    /// problems come back as field errors (`content.nl-BE`, `content`, `typeSettings.fr-BE`, ...).
    fn messages_version_add(state, req: AddVersion) -> VersionRow {
        ivr_app::messages::add_version(&state.env().await?.writable()?, req).await
    }

    /// Deletes a version that is not published, freeing its slot; the audit keeps its content.
    fn messages_version_delete(state, req: MessageVersionArg) -> KeyWithVersions {
        let key = KeyRef { store_id: req.store_id, key: req.key, expected_row_version: req.expected_row_version };
        ivr_app::messages::delete_version(&state.env().await?.writable()?, key, req.version).await
    }

    /// The audit trail of a store or of one key, newest first.
    fn messages_audit(state, req: MessageAuditArg) -> Page<ivr_app::messages::audit::KeyAuditItem> {
        ivr_app::messages::audit(&state.env().await?.db, req.store_id, req.key.as_deref(), req.offset, req.limit)
            .await
    }

    /// Segments whose configuration names the key, in the flows that use the store (or in all flows).
    fn messages_where_used(state, req: MessageWhereUsedArg) -> Vec<WhereUsed> {
        ivr_app::messages::where_used(&state.env().await?.db, req.store_id, &req.key, req.all_flows)
            .await
    }

    /// What moving the published pointer to a version does: publish or rollback (decided by the
    /// app), and per language what callers hear now and will hear. Writes nothing.
    fn messages_publish_preview(state, req: MessageVersionArg) -> PublishPreview {
        ivr_app::messages::publish_preview(&state.env().await?.db, req.store_id, &req.key, req.version).await
    }

    /// Moves the published pointer to a version, as the publish or rollback the preview named;
    /// a stale rowVersion (someone moved the pointer) is CONFLICT and changes nothing.
    fn messages_set_published(state, req: SetPublished) -> KeyWithVersions {
        ivr_app::messages::set_published_version(&state.env().await?.writable()?, req).await
    }

    /// Publishes a version (all languages at once); a stale rowVersion is CONFLICT.
    fn messages_publish(state, req: SetPublished) -> KeyWithVersions {
        ivr_app::messages::publish(&state.env().await?.writable()?, req).await
    }

    /// Points a key back at an earlier version; a stale rowVersion is CONFLICT.
    fn messages_rollback(state, req: SetPublished) -> KeyWithVersions {
        ivr_app::messages::rollback(&state.env().await?.writable()?, req).await
    }

    /// Exports a store (full JSON, or the translators' CSV of the latest or published version)
    /// into the file the user picks in the native save dialog; `null` when they cancelled.
    fn messages_export_file(state, req: MessageExportArg) -> Option<FileWritten> {
        let ask = Ask::Save { suggested_name: req.suggested_name, format: req.export.format };
        let Some(path) = dialogs::ask(state.handle(), ask).await? else { return Ok(None) };
        ivr_app::message_files::export_to_file(&state.env().await?.db, &req.export, &path).await.map(Some)
    }

    /// Lets the user pick a CSV or JSON file in the native open dialog and previews importing it
    /// into the store (a dry run: every error with its line); `null` when they cancelled.
    fn messages_import_choose(state, req: MessageStoreArg) -> Option<FilePreview> {
        let Some(path) = dialogs::ask(state.handle(), Ask::Open).await? else { return Ok(None) };
        state.choose_import_file(path.clone());
        ivr_app::message_files::preview_import_file(&state.env().await?.db, req.store_id, &path).await.map(Some)
    }

    /// Previews the chosen file again, as it is now (after it was fixed). Writes nothing.
    fn messages_import_preview(state, req: MessageStoreArg) -> FilePreview {
        let path = state.import_file()?;
        ivr_app::message_files::preview_import_file(&state.env().await?.db, req.store_id, &path).await
    }

    /// Imports the chosen file as previewed: all or nothing in one transaction; a file changed
    /// since its preview is CONFLICT, one with errors VALIDATION; nothing is written then.
    /// Emits `message-import-progress` (keys written of the keys it writes); refused while another
    /// import runs in this window. `messages_import_cancel` stops it: nothing is written then
    /// (CONNECTION with `detail.cancelled`).
    fn messages_import_apply(state, req: MessageImportArg) -> FilePreview {
        let path = state.import_file()?;
        let running = state.imports.begin()?;
        let handle = state.handle();
        let progress = move |p: ImportProgress| {
            if let Some(h) = &handle {
                let _ = h.emit(IMPORT_PROGRESS_EVENT, p);
            }
        };
        let ctl = ImportControl { cancel: running.token(), progress: &progress };
        ivr_app::message_files::import_file_with(&state.env().await?.writable()?, req.store_id, &path, &req.sha256, &ctl).await
    }

    /// Stops the running import (its transaction is rolled back: nothing is written); false when
    /// none runs.
    fn messages_import_cancel(state) -> bool {
        Ok(state.imports.cancel())
    }
}
