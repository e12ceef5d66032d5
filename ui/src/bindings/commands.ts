// Generated from src-tauri/src/commands.rs by `UPDATE_BINDINGS=1 cargo test -p ivr-studio --test bindings`. Do not edit.
import { invoke } from "@tauri-apps/api/core";
import type { AddVersion } from "./AddVersion";
import type { AuditChoices } from "./AuditChoices";
import type { AuditEntry } from "./AuditEntry";
import type { ChangeSetRow } from "./ChangeSetRow";
import type { CompanyProject } from "./CompanyProject";
import type { CompanyProjectFields } from "./CompanyProjectFields";
import type { ComposeRequest } from "./ComposeRequest";
import type { ComposedEnvironment } from "./ComposedEnvironment";
import type { ConnectionTest } from "./ConnectionTest";
import type { CopyRequest } from "./CopyRequest";
import type { CopyResult } from "./CopyResult";
import type { CreateFlowRequest } from "./CreateFlowRequest";
import type { CreateFlowResult } from "./CreateFlowResult";
import type { CreateKey } from "./CreateKey";
import type { CreateStore } from "./CreateStore";
import type { DeleteRoutingRequest } from "./DeleteRoutingRequest";
import type { DeployReport } from "./DeployReport";
import type { DeployRequest } from "./DeployRequest";
import type { DictEntryRef } from "./DictEntryRef";
import type { Dictionaries } from "./Dictionaries";
import type { DiffRequest } from "./DiffRequest";
import type { DraftRef } from "./DraftRef";
import type { DuplicateRequest } from "./DuplicateRequest";
import type { EditDraftRequest } from "./EditDraftRequest";
import type { EditDraftResult } from "./EditDraftResult";
import type { EnvironmentAdded } from "./EnvironmentAdded";
import type { EnvironmentDraft } from "./EnvironmentDraft";
import type { EnvironmentInfo } from "./EnvironmentInfo";
import type { EnvironmentRemoved } from "./EnvironmentRemoved";
import type { FilePreview } from "./FilePreview";
import type { FileWritten } from "./FileWritten";
import type { FlowArg } from "./FlowArg";
import type { FlowDiff } from "./FlowDiff";
import type { FlowFindings } from "./FlowFindings";
import type { FlowGraph } from "./FlowGraph";
import type { FlowRef } from "./FlowRef";
import type { FlowSummary } from "./FlowSummary";
import type { FlowVersion } from "./FlowVersion";
import type { FlowView } from "./FlowView";
import type { GetRoutingRequest } from "./GetRoutingRequest";
import type { KeyAuditItem } from "./KeyAuditItem";
import type { KeyListItem } from "./KeyListItem";
import type { KeyNameCheck } from "./KeyNameCheck";
import type { KeyRef } from "./KeyRef";
import type { KeyTextsRequest } from "./KeyTextsRequest";
import type { KeyWithVersions } from "./KeyWithVersions";
import type { Language } from "./Language";
import type { LanguageActiveArg } from "./LanguageActiveArg";
import type { LanguageFields } from "./LanguageFields";
import type { LanguageRenameArg } from "./LanguageRenameArg";
import type { Layout } from "./Layout";
import type { LayoutRequest } from "./LayoutRequest";
import type { ListAuditRequest } from "./ListAuditRequest";
import type { ListRoutingRequest } from "./ListRoutingRequest";
import type { MessageAuditArg } from "./MessageAuditArg";
import type { MessageExportArg } from "./MessageExportArg";
import type { MessageImportArg } from "./MessageImportArg";
import type { MessageKeyArg } from "./MessageKeyArg";
import type { MessageKeyListArg } from "./MessageKeyListArg";
import type { MessageStoreArg } from "./MessageStoreArg";
import type { MessageTexts } from "./MessageTexts";
import type { MessageVersionArg } from "./MessageVersionArg";
import type { MessageVoiceArg } from "./MessageVoiceArg";
import type { MessageWhereUsedArg } from "./MessageWhereUsedArg";
import type { MigrationLock } from "./MigrationLock";
import type { NameArg } from "./NameArg";
import type { OpenDraftRequest } from "./OpenDraftRequest";
import type { OpenVersionRequest } from "./OpenVersionRequest";
import type { Page } from "./Page";
import type { PasteRequest } from "./PasteRequest";
import type { PasteResult } from "./PasteResult";
import type { ProjectActiveArg } from "./ProjectActiveArg";
import type { ProjectEditArg } from "./ProjectEditArg";
import type { PublishDraftRequest } from "./PublishDraftRequest";
import type { PublishPreview } from "./PublishPreview";
import type { PublishResult } from "./PublishResult";
import type { RestoreRoutingRequest } from "./RestoreRoutingRequest";
import type { RoutingEntry } from "./RoutingEntry";
import type { RoutingFields } from "./RoutingFields";
import type { RoutingHistoryItem } from "./RoutingHistoryItem";
import type { RoutingIdArg } from "./RoutingIdArg";
import type { RoutingListItem } from "./RoutingListItem";
import type { RoutingSaved } from "./RoutingSaved";
import type { SaveEnvironmentArgs } from "./SaveEnvironmentArgs";
import type { SegmentCatalog } from "./SegmentCatalog";
import type { SegmentChoices } from "./SegmentChoices";
import type { SessionInfo } from "./SessionInfo";
import type { SetPasswordArgs } from "./SetPasswordArgs";
import type { SetPublished } from "./SetPublished";
import type { Status } from "./Status";
import type { StoreCompleteness } from "./StoreCompleteness";
import type { StoreRow } from "./StoreRow";
import type { StoreUpdated } from "./StoreUpdated";
import type { TestArg } from "./TestArg";
import type { TestDraftArgs } from "./TestDraftArgs";
import type { UnlockArg } from "./UnlockArg";
import type { UpdateKey } from "./UpdateKey";
import type { UpdateRoutingRequest } from "./UpdateRoutingRequest";
import type { UpdateStore } from "./UpdateStore";
import type { Usage } from "./Usage";
import type { ValidationReport } from "./ValidationReport";
import type { VerifyReport } from "./VerifyReport";
import type { VersionRow } from "./VersionRow";
import type { Voice } from "./Voice";
import type { VoiceActiveArg } from "./VoiceActiveArg";
import type { VoiceEditArg } from "./VoiceEditArg";
import type { VoiceFields } from "./VoiceFields";
import type { WhereUsed } from "./WhereUsed";

export const commands = {
  /** Called by the UI once its first screen is drawn; prints the start-up time for the benchmark. */
  appReady: (): Promise<null> => invoke("app_ready"),
  /** The open environment (`local` is opened, and on first start created with demo data). */
  sessionCurrent: (): Promise<SessionInfo> => invoke("session_current"),
  /** Opens another environment; the previous one stays open until this succeeds. Cancellable. */
  sessionOpen: (req: NameArg): Promise<SessionInfo> => invoke("session_open", { req }),
  /** Stops an environment being opened (the previous one stays open); false when none is. */
  sessionOpenCancel: (): Promise<boolean> => invoke("session_open_cancel"),
  /** Unlocks a read-only environment for this session when its name is typed exactly. */
  sessionUnlock: (req: UnlockArg): Promise<SessionInfo> => invoke("session_unlock", { req }),
  /** Makes a prd (or read_only) environment read-only again. */
  sessionLock: (): Promise<SessionInfo> => invoke("session_lock"),
  /** Every profile, `local` first (the keyring is not asked). */
  envList: (): Promise<Array<EnvironmentInfo>> => invoke("env_list"),
  /** Adds (no `editing`) or changes an environment from its form, SQL Server or SQLite; a typed password goes to the OS keyring (or, when the user accepted it, to memory for this session). */
  envSave: (req: SaveEnvironmentArgs): Promise<EnvironmentAdded> => invoke("env_save", { req }),
  /** Checks an environment's form as saving would, without saving (field by field, on blur). */
  envCheck: (req: SaveEnvironmentArgs): Promise<Array<string>> => invoke("env_check", { req }),
  /** The form of an existing environment, for editing it (never its password). */
  envDraft: (req: NameArg): Promise<EnvironmentDraft> => invoke("env_draft", { req }),
  /** Tests an environment's form before saving it; cancellable like `env_test`. */
  envTestDraft: (req: TestDraftArgs): Promise<ConnectionTest> => invoke("env_test_draft", { req }),
  /** Stores (replaces) the password of a SQL Server environment: in the OS keyring or, when the user accepted it because the keyring is unavailable, in memory for this session. */
  envSetPassword: (req: SetPasswordArgs): Promise<EnvironmentInfo> => invoke("env_set_password", { req }),
  /** Removes a profile and its stored password. */
  envRemove: (req: NameArg): Promise<EnvironmentRemoved> => invoke("env_remove", { req }),
  /** A new environment's form from a connection string and/or fields, as `ivr env add` composes it (fields given win over the string). The string's password is not sent back: `passwordAt` says where it is. */
  envCompose: (req: ComposeRequest): Promise<ComposedEnvironment> => invoke("env_compose", { req }),
  /** Connects once and reports the server version and pending migrations; cancellable. */
  envTest: (req: TestArg): Promise<ConnectionTest> => invoke("env_test", { req }),
  /** Stops a running connection test; false when none runs. */
  envTestCancel: (): Promise<boolean> => invoke("env_test_cancel"),
  /** A page of routing entries (search, project filter, deleted ones on request). */
  routingList: (req: ListRoutingRequest): Promise<Page<RoutingListItem>> => invoke("routing_list", { req }),
  /** The segments a flow offers as a first segment (published, and only in open drafts). */
  routingSegmentChoices: (req: FlowArg): Promise<SegmentChoices> => invoke("routing_segment_choices", { req }),
  /** The entry for a SourceId. */
  routingGet: (req: GetRoutingRequest): Promise<RoutingEntry> => invoke("routing_get", { req }),
  /** Creates an entry (validated, versioned, audited); `warnings` name a missing flow or segment. */
  routingCreate: (req: RoutingFields): Promise<RoutingSaved> => invoke("routing_create", { req }),
  /** Updates an entry; a stale rowVersion is CONFLICT with `detail.current`; `warnings` as create. */
  routingUpdate: (req: UpdateRoutingRequest): Promise<RoutingSaved> => invoke("routing_update", { req }),
  /** Soft-deletes an entry (IsActive = 0); its history keeps every version. */
  routingDelete: (req: DeleteRoutingRequest): Promise<RoutingEntry> => invoke("routing_delete", { req }),
  /** Every version of an entry, newest last. */
  routingHistory: (req: RoutingIdArg): Promise<Array<RoutingHistoryItem>> => invoke("routing_history", { req }),
  /** Makes an earlier version current again (a new version). */
  routingRestore: (req: RestoreRoutingRequest): Promise<RoutingSaved> => invoke("routing_restore", { req }),
  /** Where a dictionary entry is used (counts and examples), shown before deactivating it. */
  dictUsage: (req: DictEntryRef): Promise<Usage> => invoke("dict_usage", { req }),
  /** Every dictionary at once. */
  dictAll: (): Promise<Dictionaries> => invoke("dict_all"),
  dictLanguageAdd: (req: LanguageFields): Promise<Language> => invoke("dict_language_add", { req }),
  dictLanguageRename: (req: LanguageRenameArg): Promise<Language> => invoke("dict_language_rename", { req }),
  dictLanguageSetActive: (req: LanguageActiveArg): Promise<Language> => invoke("dict_language_set_active", { req }),
  dictVoiceAdd: (req: VoiceFields): Promise<Voice> => invoke("dict_voice_add", { req }),
  dictVoiceEdit: (req: VoiceEditArg): Promise<Voice> => invoke("dict_voice_edit", { req }),
  dictVoiceSetActive: (req: VoiceActiveArg): Promise<Voice> => invoke("dict_voice_set_active", { req }),
  dictProjectCreate: (req: CompanyProjectFields): Promise<CompanyProject> => invoke("dict_project_create", { req }),
  dictProjectEdit: (req: ProjectEditArg): Promise<CompanyProject> => invoke("dict_project_edit", { req }),
  dictProjectSetActive: (req: ProjectActiveArg): Promise<CompanyProject> => invoke("dict_project_set_active", { req }),
  /** A page of the audit log, filtered by entity, actor, action and time. */
  auditList: (req: ListAuditRequest): Promise<Page<AuditEntry>> => invoke("audit_list", { req }),
  /** The entity types, actors and actions in the audit log (the filters' choices). */
  auditFacets: (): Promise<AuditChoices> => invoke("audit_facets"),
  /** Applied, pending, failed and unknown migrations of the open environment. */
  schemaStatus: (): Promise<Status> => invoke("schema_status"),
  /** What a deploy would run, with its SQL; writes nothing. */
  schemaPlan: (): Promise<DeployReport> => invoke("schema_plan"),
  /** Applies the pending migrations, emitting `migration-progress` events; refused while one runs. */
  schemaDeploy: (req: DeployRequest): Promise<DeployReport> => invoke("schema_deploy", { req }),
  /** Whether a deploy holds the migration lock now (a deploy started meanwhile would wait for it). */
  schemaLock: (): Promise<MigrationLock> => invoke("schema_lock"),
  /** Checksums, failures, pending versions and schema drift. */
  schemaVerify: (): Promise<VerifyReport> => invoke("schema_verify"),
  /** Every flow: published size, live version, open drafts, entry points. */
  flowList: (): Promise<Array<FlowSummary>> => invoke("flow_list"),
  /** The published flow (segments, configuration, transitions, layout) with its validation. */
  flowShow: (req: FlowArg): Promise<FlowView> => invoke("flow_show", { req }),
  /** Any state of a flow as the canvas first draws it: `flow_view` without the validation, which `flow_findings` reads next (the graph is drawn before every segment is validated). */
  flowGraph: (req: FlowRef): Promise<FlowGraph> => invoke("flow_graph", { req }),
  /** The validation of any state of a flow, with the revision it validated. */
  flowFindings: (req: FlowRef): Promise<FlowFindings> => invoke("flow_findings", { req }),
  /** The open drafts of a flow, newest first. */
  flowDrafts: (req: FlowArg): Promise<Array<ChangeSetRow>> => invoke("flow_drafts", { req }),
  /** The published versions of a flow, newest first. */
  flowVersions: (req: FlowArg): Promise<Array<FlowVersion>> => invoke("flow_versions", { req }),
  /** The segment-type catalog the designer reads: per type its category, terminal flag, keys (type, JSON Schema, required, default) and results (one output handle per result). */
  flowCatalog: (): Promise<SegmentCatalog> => invoke("flow_catalog"),
  /** Any state of a flow (live, a draft, an earlier version) with its revision, each segment's results and its validation. */
  flowView: (req: FlowRef): Promise<FlowView> => invoke("flow_view", { req }),
  /** Creates a brand-new flow (a draft with its entry segment), optionally with its routing entry. */
  flowCreate: (req: CreateFlowRequest): Promise<CreateFlowResult> => invoke("flow_create", { req }),
  /** Opens a new draft of a flow (a copy of live). */
  flowDraftOpen: (req: OpenDraftRequest): Promise<FlowView> => invoke("flow_draft_open", { req }),
  /** A draft with its revision and validation. */
  flowDraft: (req: DraftRef): Promise<FlowView> => invoke("flow_draft", { req }),
  /** One gesture's edits as one batch (all or nothing); a stale revision is CONFLICT. Returns the changed segments, the new revision, the batch that undoes it and the validation (none for a layout-only batch on a given revision: the findings did not change). */
  flowEdit: (req: EditDraftRequest): Promise<EditDraftResult> => invoke("flow_edit", { req }),
  /** Discards an open draft (its rows go; it stays listed as discarded). */
  flowDraftDiscard: (req: DraftRef): Promise<null> => invoke("flow_draft_discard", { req }),
  /** Validates any state of a flow (errors block publish, warnings don't). */
  flowValidate: (req: FlowRef): Promise<ValidationReport> => invoke("flow_validate", { req }),
  /** Semantic diff between two states of a flow; layout-only changes apart. */
  flowDiff: (req: DiffRequest): Promise<FlowDiff> => invoke("flow_diff", { req }),
  /** Publishes a draft atomically; CONFLICT when live moved on or the draft changed since its revision. */
  flowPublish: (req: PublishDraftRequest): Promise<PublishResult> => invoke("flow_publish", { req }),
  /** Opens an earlier published version as a new draft (rollback). */
  flowVersionOpen: (req: OpenVersionRequest): Promise<FlowView> => invoke("flow_version_open", { req }),
  /** Copies segments of any state of a flow: the clipboard text (a flow fragment). */
  flowCopy: (req: CopyRequest): Promise<CopyResult> => invoke("flow_copy", { req }),
  /** Pastes clipboard text into a draft as one batch (names made unique); text that is not a fragment is VALIDATION. Returns the batch result, the applied ops (redo) and the new names. */
  flowPaste: (req: PasteRequest): Promise<PasteResult> => invoke("flow_paste", { req }),
  /** Duplicates segments of a draft within it as one batch (names made unique). */
  flowDuplicate: (req: DuplicateRequest): Promise<PasteResult> => invoke("flow_duplicate", { req }),
  /** Layered auto-layout of a flow or a selection: positions only (apply them as one batch of moves). */
  flowLayout: (req: LayoutRequest): Promise<Layout> => invoke("flow_layout", { req }),
  /** Every message store with its languages and key count. */
  messagesStoreList: (): Promise<Array<StoreRow>> => invoke("messages_store_list"),
  /** Creates a message store for a company project (allowed languages, default language). */
  messagesStoreCreate: (req: CreateStore): Promise<StoreRow> => invoke("messages_store_create", { req }),
  /** What changing a store's name or languages would do to existing versions; writes nothing. */
  messagesStorePreview: (req: UpdateStore): Promise<StoreUpdated> => invoke("messages_store_preview", { req }),
  /** Changes a store's name or languages (nothing is deleted: see the preview's effect). */
  messagesStoreUpdate: (req: UpdateStore): Promise<StoreUpdated> => invoke("messages_store_update", { req }),
  /** Sets the default voice of a store's language; the voice must speak that language. */
  messagesStoreVoice: (req: MessageVoiceArg): Promise<StoreRow> => invoke("messages_store_voice", { req }),
  /** How complete a store is: per language the keys published with it, drafts newer than published, keys no flow uses. */
  messagesStoreCompleteness: (req: MessageStoreArg): Promise<StoreCompleteness> => invoke("messages_store_completeness", { req }),
  /** A page of a store's keys: key substring, category, type, missing translation, newer than published. */
  messagesKeyList: (req: MessageKeyListArg): Promise<Page<KeyListItem>> => invoke("messages_key_list", { req }),
  /** A key with every version and its content per language (a deleted one when asked). */
  messagesKeyGet: (req: MessageKeyArg): Promise<KeyWithVersions> => invoke("messages_key_get", { req }),
  /** The published text per language of many keys of a store (or that a key is unknown or unpublished), in one statement: the designer's nodes and inspector. */
  messagesKeyTexts: (req: KeyTextsRequest): Promise<MessageTexts> => invoke("messages_key_texts", { req }),
  /** Whether a new key may take a name: the key rule, then whether the store already has it. */
  messagesKeyCheck: (req: MessageKeyArg): Promise<KeyNameCheck> => invoke("messages_key_check", { req }),
  /** Creates a key (optionally with version 1); a taken name is CONFLICT on the `messageKey` field. */
  messagesKeyCreate: (req: CreateKey): Promise<KeyWithVersions> => invoke("messages_key_create", { req }),
  /** Changes a key's display name or category; a stale rowVersion is CONFLICT. */
  messagesKeyUpdate: (req: UpdateKey): Promise<KeyWithVersions> => invoke("messages_key_update", { req }),
  /** Soft-deletes a key: its versions and audit stay, runtime stops finding it, the name is free. */
  messagesKeyDelete: (req: KeyRef): Promise<null> => invoke("messages_key_delete", { req }),
  /** Brings back the most recently deleted key of that name, while the name is free. */
  messagesKeyRestore: (req: KeyRef): Promise<KeyWithVersions> => invoke("messages_key_restore", { req }),
  /** Adds a version (every allowed language, optionally a copy of another version); refused problems come back as field errors (`content.nl-BE`, `content`, `typeSettings.fr-BE`, ...). */
  messagesVersionAdd: (req: AddVersion): Promise<VersionRow> => invoke("messages_version_add", { req }),
  /** Deletes a version that is not published, freeing its slot; the audit keeps its content. */
  messagesVersionDelete: (req: MessageVersionArg): Promise<KeyWithVersions> => invoke("messages_version_delete", { req }),
  /** The audit trail of a store or of one key, newest first. */
  messagesAudit: (req: MessageAuditArg): Promise<Page<KeyAuditItem>> => invoke("messages_audit", { req }),
  /** Segments whose configuration names the key, in the flows that use the store (or in all flows). */
  messagesWhereUsed: (req: MessageWhereUsedArg): Promise<Array<WhereUsed>> => invoke("messages_where_used", { req }),
  /** What moving the published pointer to a version does: publish or rollback (decided by the app), and per language what callers hear now and will hear. Writes nothing. */
  messagesPublishPreview: (req: MessageVersionArg): Promise<PublishPreview> => invoke("messages_publish_preview", { req }),
  /** Moves the published pointer to a version, as the publish or rollback the preview named; a stale rowVersion (someone moved the pointer) is CONFLICT and changes nothing. */
  messagesSetPublished: (req: SetPublished): Promise<KeyWithVersions> => invoke("messages_set_published", { req }),
  /** Publishes a version (all languages at once); a stale rowVersion is CONFLICT. */
  messagesPublish: (req: SetPublished): Promise<KeyWithVersions> => invoke("messages_publish", { req }),
  /** Points a key back at an earlier version; a stale rowVersion is CONFLICT. */
  messagesRollback: (req: SetPublished): Promise<KeyWithVersions> => invoke("messages_rollback", { req }),
  /** Exports a store (full JSON, or the translators' CSV of the latest or published version) into the file the user picks in the native save dialog; `null` when they cancelled. */
  messagesExportFile: (req: MessageExportArg): Promise<FileWritten | null> => invoke("messages_export_file", { req }),
  /** Lets the user pick a CSV or JSON file in the native open dialog and previews importing it into the store (a dry run: every error with its line); `null` when they cancelled. */
  messagesImportChoose: (req: MessageStoreArg): Promise<FilePreview | null> => invoke("messages_import_choose", { req }),
  /** Previews the chosen file again, as it is now (after it was fixed). Writes nothing. */
  messagesImportPreview: (req: MessageStoreArg): Promise<FilePreview> => invoke("messages_import_preview", { req }),
  /** Imports the chosen file as previewed: all or nothing in one transaction; a file changed since its preview is CONFLICT, one with errors VALIDATION; nothing is written then. Emits `message-import-progress` (keys written of the keys it writes); refused while another import runs in this window. `messages_import_cancel` stops it: nothing is written then (CONNECTION with `detail.cancelled`). */
  messagesImportApply: (req: MessageImportArg): Promise<FilePreview> => invoke("messages_import_apply", { req }),
  /** Stops the running import (its transaction is rolled back: nothing is written); false when none runs. */
  messagesImportCancel: (): Promise<boolean> => invoke("messages_import_cancel"),
};

export type Commands = typeof commands;
