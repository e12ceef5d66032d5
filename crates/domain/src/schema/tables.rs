//! The tables of the routing data layer (spec: routing-data-layer.md, DESIGN.md deviations).
//!
//! Conventions applied to every table (deviations from the spec's letter, for the reasons given):
//! - `CreatedAt`/`UpdatedAt`/`ActionAt` are `DATETIME2` set by `SYSUTCDATETIME()` (DESIGN.md: UTC), not
//!   `DATETIME`/`GETDATE()`.
//! - `IsActive` and the other flags are `NOT NULL` (the spec only says `DEFAULT 1`): a NULL flag would
//!   fall out of every `IsActive = 1` filter and filtered index.
//! - `CreatedAt` is `NOT NULL` with its default (the spec gives only the default).
//! - A column the spec marks only "FK" (or "UK") is `NOT NULL`; the spec writes "FK, NULL" where a
//!   reference is optional (`rt_RoutingTable.MessageStoreId`).
//! - Lengths the spec does not give (dictionary tables, history and audit tables) are chosen here and
//!   marked "length not in the spec".
//! - Unique rules are unique indexes named `UX_…`; where the spec's rule would collide with soft-deleted
//!   rows or treat NULLs differently on the two engines, they are filtered (see each table).

use super::*;

const fn col(name: &'static str, ty: SqlType) -> Column {
    Column {
        name,
        ty,
        nullable: false,
        default: None,
        identity: false,
    }
}

const fn null(name: &'static str, ty: SqlType) -> Column {
    Column {
        name,
        ty,
        nullable: true,
        default: None,
        identity: false,
    }
}

const fn def(name: &'static str, ty: SqlType, default: DefaultValue) -> Column {
    Column {
        name,
        ty,
        nullable: false,
        default: Some(default),
        identity: false,
    }
}

const fn identity(name: &'static str, ty: SqlType) -> Column {
    Column {
        name,
        ty,
        nullable: false,
        default: None,
        identity: true,
    }
}

const fn fk(
    name: &'static str,
    columns: &'static [&'static str],
    ref_table: &'static str,
    ref_columns: &'static [&'static str],
) -> ForeignKey {
    ForeignKey {
        name,
        columns,
        ref_table,
        ref_columns,
        on_delete_cascade: false,
    }
}

const fn fk_cascade(
    name: &'static str,
    columns: &'static [&'static str],
    ref_table: &'static str,
    ref_columns: &'static [&'static str],
) -> ForeignKey {
    ForeignKey {
        name,
        columns,
        ref_table,
        ref_columns,
        on_delete_cascade: true,
    }
}

const fn ix(name: &'static str, columns: &'static [&'static str]) -> Index {
    Index {
        name,
        columns,
        unique: false,
        filter: None,
        include: &[],
    }
}

const fn ux(
    name: &'static str,
    columns: &'static [&'static str],
    filter: Option<&'static str>,
) -> Index {
    Index {
        name,
        columns,
        unique: true,
        filter,
        include: &[],
    }
}

const fn ix_incl(
    name: &'static str,
    columns: &'static [&'static str],
    include: &'static [&'static str],
) -> Index {
    Index {
        name,
        columns,
        unique: false,
        filter: None,
        include,
    }
}

use DefaultValue::{Int as DInt, NewId, Now, Text as DText};
use SqlType::*;

const IS_ACTIVE: Column = def("IsActive", Bit, DInt(1));
const CREATED_AT: Column = def("CreatedAt", DateTime2, Now);
const CREATED_BY: Column = col("CreatedBy", VarChar(Some(100)));
const UPDATED_AT: Column = null("UpdatedAt", DateTime2);
const UPDATED_BY: Column = null("UpdatedBy", VarChar(Some(100)));
/// DESIGN.md: optimistic concurrency (ROWVERSION on SQL Server, an INTEGER bumped by a trigger on SQLite).
const ROW_VERSION: Column = col("RowVersion", RowVersion);

/// Filter of the spec's "active rows" unique rules.
const ACTIVE: Option<&str> = Some("IsActive = 1");

pub static TABLES: &[Table] = &[
    // ---------------------------------------------------------------- dictionaries (dbo)
    Table {
        schema: "dbo",
        name: "cfg_Dic_Environment",
        columns: &[
            identity("EnvironmentId", Int),
            col("Code", VarChar(Some(20))), // length not in the spec
            col("DisplayName", NVarChar(Some(100))), // length not in the spec
            IS_ACTIVE,
        ],
        primary_key_name: "PK_cfg_Dic_Environment",
        primary_key: &["EnvironmentId"],
        foreign_keys: &[],
        indexes: &[ux("UX_Environment_Code", &["Code"], None)],
        checks: &[],
    },
    Table {
        schema: "dbo",
        name: "cfg_Dic_Language",
        columns: &[
            col("LanguageCode", VarChar(Some(10))),
            col("DisplayName", NVarChar(Some(100))),
            IS_ACTIVE,
        ],
        primary_key_name: "PK_cfg_Dic_Language",
        primary_key: &["LanguageCode"],
        foreign_keys: &[],
        indexes: &[],
        checks: &[],
    },
    Table {
        schema: "dbo",
        name: "cfg_Dic_CompanyProject",
        columns: &[
            identity("CompanyProjectId", Int),
            col("EnvironmentId", Int),
            col("CustomerId", VarChar(Some(100))),
            col("ProjectId", VarChar(Some(100))),
            col("DisplayName", NVarChar(Some(200))),
            null("OktaGroup", VarChar(Some(200))),
            IS_ACTIVE,
            CREATED_AT,
            CREATED_BY,
            UPDATED_AT,
            UPDATED_BY,
        ],
        primary_key_name: "PK_cfg_Dic_CompanyProject",
        primary_key: &["CompanyProjectId"],
        foreign_keys: &[fk(
            "FK_cfg_Dic_CompanyProject_EnvironmentId",
            &["EnvironmentId"],
            "cfg_Dic_Environment",
            &["EnvironmentId"],
        )],
        // All three columns are NOT NULL: no NULL trap. Unfiltered as in the spec: a soft-deleted
        // company project is reactivated, not created again.
        indexes: &[ux(
            "UX_CompanyProject_Environment_Customer_Project",
            &["EnvironmentId", "CustomerId", "ProjectId"],
            None,
        )],
        checks: &[],
    },
    Table {
        schema: "dbo",
        name: "cfg_Dic_Voice",
        columns: &[
            identity("VoiceId", Int),
            col("Code", VarChar(Some(100))),
            col("Engine", VarChar(Some(50))),
            col("Language", VarChar(Some(10))),
            null("Gender", VarChar(Some(20))),
            col("DisplayName", NVarChar(Some(200))),
            IS_ACTIVE,
        ],
        primary_key_name: "PK_cfg_Dic_Voice",
        primary_key: &["VoiceId"],
        foreign_keys: &[fk(
            "FK_cfg_Dic_Voice_Language",
            &["Language"],
            "cfg_Dic_Language",
            &["LanguageCode"],
        )],
        indexes: &[ux("UX_Voice_Code", &["Code"], None)],
        checks: &[],
    },
    Table {
        schema: "dbo",
        name: "cfg_Dic_KeyType",
        columns: &[
            identity("DicKeyTypeId", Int),
            col("Code", VarChar(Some(20))), // length not in the spec
            col("DisplayName", NVarChar(Some(100))), // length not in the spec
            IS_ACTIVE,
        ],
        primary_key_name: "PK_cfg_Dic_KeyType",
        primary_key: &["DicKeyTypeId"],
        foreign_keys: &[],
        indexes: &[ux("UX_KeyType_Code", &["Code"], None)],
        checks: &[],
    },
    Table {
        schema: "dbo",
        name: "cfg_Dic_SegmentType",
        columns: &[
            identity("DicSegmentTypeId", Int),
            col("Code", VarChar(Some(50))), // length not in the spec
            col("DisplayName", NVarChar(Some(100))), // length not in the spec
            null("Category", VarChar(Some(50))), // length not in the spec
            def("IsTerminal", Bit, DInt(0)), // default not in the spec: most types continue
            IS_ACTIVE,
        ],
        primary_key_name: "PK_cfg_Dic_SegmentType",
        primary_key: &["DicSegmentTypeId"],
        foreign_keys: &[],
        indexes: &[ux("UX_SegmentType_Code", &["Code"], None)],
        checks: &[],
    },
    Table {
        schema: "dbo",
        name: "cfg_Dic_Key",
        columns: &[
            identity("DicKeyId", Int),
            col("DicSegmentTypeId", Int),
            col("KeyName", VarChar(Some(100))), // length not in the spec
            col("DicKeyTypeId", Int),
            def("IsRequired", Bit, DInt(0)), // default not in the spec
            null("DefaultValue", NVarChar(None)),
            null("ValidationSchema", NVarChar(None)),
            IS_ACTIVE,
        ],
        primary_key_name: "PK_cfg_Dic_Key",
        primary_key: &["DicKeyId"],
        foreign_keys: &[
            fk(
                "FK_cfg_Dic_Key_DicSegmentTypeId",
                &["DicSegmentTypeId"],
                "cfg_Dic_SegmentType",
                &["DicSegmentTypeId"],
            ),
            fk(
                "FK_cfg_Dic_Key_DicKeyTypeId",
                &["DicKeyTypeId"],
                "cfg_Dic_KeyType",
                &["DicKeyTypeId"],
            ),
        ],
        // Not in the spec: a key name is unique within its segment type, so keys can be addressed by name.
        indexes: &[ux(
            "UX_Key_SegmentType_KeyName",
            &["DicSegmentTypeId", "KeyName"],
            None,
        )],
        checks: &[],
    },
    Table {
        schema: "ivr",
        name: "msg_Dic_MessageType",
        columns: &[
            identity("MessageTypeId", Int),
            col("Code", VarChar(Some(50))), // length not in the spec
            col("DisplayName", NVarChar(Some(100))), // length not in the spec
            null("SettingsSchema", NVarChar(None)),
            null("DefaultSettings", NVarChar(None)),
            IS_ACTIVE,
        ],
        primary_key_name: "PK_msg_Dic_MessageType",
        primary_key: &["MessageTypeId"],
        foreign_keys: &[],
        indexes: &[ux("UX_MessageType_Code", &["Code"], None)],
        checks: &[],
    },
    Table {
        schema: "ivr",
        name: "msg_Dic_MessageCategory",
        columns: &[
            identity("CategoryId", Int),
            col("Code", VarChar(Some(50))), // length not in the spec
            col("DisplayName", NVarChar(Some(100))), // length not in the spec
            null("Icon", VarChar(Some(50))), // length not in the spec
            null("Color", VarChar(Some(20))), // length not in the spec
            IS_ACTIVE,
        ],
        primary_key_name: "PK_msg_Dic_MessageCategory",
        primary_key: &["CategoryId"],
        foreign_keys: &[],
        indexes: &[ux("UX_MessageCategory_Code", &["Code"], None)],
        checks: &[],
    },
    // ---------------------------------------------------------------- message store and routing (ivr)
    Table {
        schema: "ivr",
        name: "msg_MessageStore",
        columns: &[
            identity("MessageStoreId", Int),
            col("Name", NVarChar(Some(200))),
            col("CompanyProjectId", Int),
            col("AllowedLanguages", NVarChar(None)),
            col("DefaultLanguage", VarChar(Some(10))),
            IS_ACTIVE,
            CREATED_AT,
            CREATED_BY,
            UPDATED_AT,
            UPDATED_BY,
        ],
        primary_key_name: "PK_msg_MessageStore",
        primary_key: &["MessageStoreId"],
        foreign_keys: &[
            fk(
                "FK_msg_MessageStore_CompanyProjectId",
                &["CompanyProjectId"],
                "cfg_Dic_CompanyProject",
                &["CompanyProjectId"],
            ),
            fk(
                "FK_msg_MessageStore_DefaultLanguage",
                &["DefaultLanguage"],
                "cfg_Dic_Language",
                &["LanguageCode"],
            ),
        ],
        // Not in the spec: stores are listed per company project.
        indexes: &[ix(
            "IX_MessageStore_CompanyProjectId",
            &["CompanyProjectId"],
        )],
        checks: &[],
    },
    Table {
        schema: "ivr",
        name: "rt_RoutingTable",
        columns: &[
            identity("RoutingTableId", Int),
            col("SourceId", VarChar(Some(100))),
            col("RoutingId", VarChar(Some(100))),
            col("CompanyProjectId", Int),
            null("MessageStoreId", Int),
            col("LanguageCode", VarChar(Some(10))),
            col("InitSegment", VarChar(Some(100))),
            null("Config", NVarChar(None)),
            null("FeatureFlags", NVarChar(None)),
            IS_ACTIVE,
            CREATED_AT,
            CREATED_BY,
            UPDATED_AT,
            UPDATED_BY,
            ROW_VERSION, // not in the spec: DESIGN.md optimistic concurrency
        ],
        primary_key_name: "PK_rt_RoutingTable",
        primary_key: &["RoutingTableId"],
        foreign_keys: &[
            fk(
                "FK_rt_RoutingTable_CompanyProjectId",
                &["CompanyProjectId"],
                "cfg_Dic_CompanyProject",
                &["CompanyProjectId"],
            ),
            fk(
                "FK_rt_RoutingTable_MessageStoreId",
                &["MessageStoreId"],
                "msg_MessageStore",
                &["MessageStoreId"],
            ),
            fk(
                "FK_rt_RoutingTable_LanguageCode",
                &["LanguageCode"],
                "cfg_Dic_Language",
                &["LanguageCode"],
            ),
        ],
        indexes: &[
            // The spec's own index: SourceId is unique among active rows (a soft-deleted entry point
            // can be created again). SourceId is NOT NULL, so both engines enforce the same rule.
            ux("IX_RoutingTable_SourceId", &["SourceId"], ACTIVE),
            ix("IX_RoutingTable_CompanyProjectId", &["CompanyProjectId"]),
            ix("IX_RoutingTable_RoutingId", &["RoutingId"]),
        ],
        checks: &[],
    },
    Table {
        schema: "ivr",
        name: "rt_RoutingTableHistory",
        columns: &[
            identity("HistoryId", Int),
            col("RoutingTableId", Int),
            col("VersionNumber", Int),
            col("SnapshotData", NVarChar(None)),
            col("ActionType", VarChar(Some(20))), // length not in the spec
            col("ActionBy", VarChar(Some(100))),
            def("ActionAt", DateTime2, Now),
        ],
        primary_key_name: "PK_rt_RoutingTableHistory",
        primary_key: &["HistoryId"],
        foreign_keys: &[fk(
            "FK_rt_RoutingTableHistory_RoutingTableId",
            &["RoutingTableId"],
            "rt_RoutingTable",
            &["RoutingTableId"],
        )],
        // Not in the spec: one history row per version of a routing row (also serves "history of X").
        indexes: &[ux(
            "UX_RoutingTableHistory_Version",
            &["RoutingTableId", "VersionNumber"],
            None,
        )],
        checks: &[],
    },
    // ---------------------------------------------------------------- segment store (ivr)
    // Not in the spec: the drafts themselves (who opened one, on which published state, its status),
    // so a stale publish can be refused with CONFLICT and a discarded draft is recorded. Segments and
    // transitions keep the spec's plain ChangeSetId column (no FK): publishing sets it to NULL.
    Table {
        schema: "ivr",
        name: "seg_ChangeSet",
        columns: &[
            col("ChangeSetId", UniqueIdentifier),
            col("RoutingId", VarChar(Some(100))),
            null("BasedOnVersion", Int),
            def("Status", VarChar(Some(20)), DText("open")),
            null("Description", NVarChar(Some(200))),
            CREATED_AT,
            CREATED_BY,
            UPDATED_AT,
            UPDATED_BY,
        ],
        primary_key_name: "PK_seg_ChangeSet",
        primary_key: &["ChangeSetId"],
        foreign_keys: &[],
        indexes: &[ix("IX_ChangeSet_Routing", &["RoutingId", "Status"])],
        // Written as an OR chain: SQL Server stores `IN (...)` that way, so the drift check compares like with like.
        checks: &[Check {
            name: "CK_seg_ChangeSet_Status",
            expr: "Status = 'open' OR Status = 'published' OR Status = 'discarded'",
        }],
    },
    Table {
        schema: "ivr",
        name: "seg_Segment",
        columns: &[
            identity("SegmentId", Int),
            col("RoutingId", VarChar(Some(100))),
            col("SegmentName", VarChar(Some(100))),
            null("ChangeSetId", UniqueIdentifier),
            col("DicSegmentTypeId", Int),
            null("SegmentOrder", Int),
            IS_ACTIVE,
            CREATED_AT,
            CREATED_BY,
            UPDATED_AT,
            UPDATED_BY,
            ROW_VERSION, // not in the spec: DESIGN.md optimistic concurrency
        ],
        primary_key_name: "PK_seg_Segment",
        primary_key: &["SegmentId"],
        foreign_keys: &[fk(
            "FK_seg_Segment_DicSegmentTypeId",
            &["DicSegmentTypeId"],
            "cfg_Dic_SegmentType",
            &["DicSegmentTypeId"],
        )],
        indexes: &[
            ix(
                "IX_Segment_RoutingChangeSet",
                &["RoutingId", "ChangeSetId", "IsActive"],
            ),
            ix(
                "IX_Segment_List",
                &["RoutingId", "ChangeSetId", "SegmentOrder", "IsActive"],
            ),
            // Deviation: the spec's UNIQUE (RoutingId, SegmentName, ChangeSetId) breaks on the second
            // publish (SQL Server treats NULLs as equal, soft-deleted published rows keep NULL) and
            // is not enforced at all for published rows on SQLite (NULLs distinct). Two filtered
            // indexes give the same rule on both engines: one published name, one name per draft.
            ux(
                "UX_Segment_Published",
                &["RoutingId", "SegmentName"],
                Some("ChangeSetId IS NULL AND IsActive = 1"),
            ),
            ux(
                "UX_Segment_Draft",
                &["RoutingId", "SegmentName", "ChangeSetId"],
                Some("ChangeSetId IS NOT NULL AND IsActive = 1"),
            ),
        ],
        checks: &[],
    },
    Table {
        schema: "ivr",
        name: "seg_Key",
        columns: &[
            col("SegmentId", Int),
            col("DicSegmentTypeId", Int),
            col("DicKeyId", Int),
            null("Value", NVarChar(None)),
            CREATED_BY,
            CREATED_AT,
            UPDATED_BY,
            UPDATED_AT,
        ],
        primary_key_name: "PK_seg_Key",
        primary_key: &["SegmentId", "DicSegmentTypeId", "DicKeyId"],
        foreign_keys: &[
            fk_cascade(
                "FK_seg_Key_SegmentId",
                &["SegmentId"],
                "seg_Segment",
                &["SegmentId"],
            ),
            fk(
                "FK_seg_Key_DicSegmentTypeId",
                &["DicSegmentTypeId"],
                "cfg_Dic_SegmentType",
                &["DicSegmentTypeId"],
            ),
            fk(
                "FK_seg_Key_DicKeyId",
                &["DicKeyId"],
                "cfg_Dic_Key",
                &["DicKeyId"],
            ),
        ],
        indexes: &[],
        checks: &[],
    },
    Table {
        schema: "ivr",
        name: "seg_SegmentTransition",
        columns: &[
            identity("TransitionId", Int),
            col("SourceSegmentId", Int),
            col("SourceSegmentName", VarChar(Some(100))),
            col("ResultName", VarChar(Some(100))),
            col("NextSegmentName", VarChar(Some(100))),
            null("ContextKey", VarChar(Some(100))),
            col("RoutingId", VarChar(Some(100))),
            null("ChangeSetId", UniqueIdentifier),
            IS_ACTIVE,
            CREATED_BY,
            CREATED_AT,
        ],
        primary_key_name: "PK_seg_SegmentTransition",
        primary_key: &["TransitionId"],
        foreign_keys: &[fk_cascade(
            "FK_seg_SegmentTransition_SourceSegmentId",
            &["SourceSegmentId"],
            "seg_Segment",
            &["SegmentId"],
        )],
        indexes: &[
            // Not in the spec: loading a flow reads its transitions by routing and change set, and
            // the cascade from seg_Segment needs an index on the FK column (filtered ones can't serve it).
            ix(
                "IX_SegmentTransition_RoutingChangeSet",
                &["RoutingId", "ChangeSetId", "IsActive"],
            ),
            ix("IX_SegmentTransition_SourceSegmentId", &["SourceSegmentId"]),
            // Not in the spec: one next segment per (source segment, result, context) among active
            // rows. ContextKey is nullable, so two filtered indexes keep NULL handling identical on
            // both engines.
            ux(
                "UX_SegmentTransition_Result",
                &["SourceSegmentId", "ResultName"],
                Some("ContextKey IS NULL AND IsActive = 1"),
            ),
            ux(
                "UX_SegmentTransition_ContextResult",
                &["SourceSegmentId", "ResultName", "ContextKey"],
                Some("ContextKey IS NOT NULL AND IsActive = 1"),
            ),
        ],
        checks: &[],
    },
    Table {
        schema: "ivr",
        name: "seg_SegmentUIState",
        columns: &[
            col("SegmentId", Int),
            def("PositionX", Float, DInt(0)), // NOT NULL/default not in the spec: a UI state has a position
            def("PositionY", Float, DInt(0)),
            def("IsCollapsed", Bit, DInt(0)), // default not in the spec
            null("CustomStyle", NVarChar(None)),
            UPDATED_BY,
            UPDATED_AT,
        ],
        primary_key_name: "PK_seg_SegmentUIState",
        primary_key: &["SegmentId"],
        foreign_keys: &[fk_cascade(
            "FK_seg_SegmentUIState_SegmentId",
            &["SegmentId"],
            "seg_Segment",
            &["SegmentId"],
        )],
        indexes: &[],
        checks: &[],
    },
    Table {
        schema: "ivr",
        name: "msg_MessageKey",
        columns: &[
            identity("MessageKeyId", Int),
            col("MessageStoreId", Int),
            col("MessageKey", VarChar(Some(64))),
            col("MessageTypeId", Int),
            col("CategoryId", Int),
            null("PublishedVersion", Int),
            null("DisplayName", NVarChar(Some(200))),
            IS_ACTIVE,
            CREATED_AT,
            CREATED_BY,
            UPDATED_AT,
            UPDATED_BY,
            ROW_VERSION, // not in the spec: DESIGN.md optimistic concurrency
        ],
        primary_key_name: "PK_msg_MessageKey",
        primary_key: &["MessageKeyId"],
        foreign_keys: &[
            fk(
                "FK_msg_MessageKey_MessageStoreId",
                &["MessageStoreId"],
                "msg_MessageStore",
                &["MessageStoreId"],
            ),
            fk(
                "FK_msg_MessageKey_MessageTypeId",
                &["MessageTypeId"],
                "msg_Dic_MessageType",
                &["MessageTypeId"],
            ),
            fk(
                "FK_msg_MessageKey_CategoryId",
                &["CategoryId"],
                "msg_Dic_MessageCategory",
                &["CategoryId"],
            ),
        ],
        indexes: &[
            ix_incl(
                "IX_MessageKey_Lookup",
                &["MessageStoreId", "MessageKey", "PublishedVersion"],
                &["MessageKeyId"],
            ),
            ix(
                "IX_MessageKey_Search",
                &["MessageStoreId", "IsActive", "MessageKey"],
            ),
            // Deviation: the spec's UNIQUE (MessageStoreId, MessageKey) is filtered to active rows,
            // so a soft-deleted key can be created again.
            ux(
                "UX_MessageKey_StoreKey",
                &["MessageStoreId", "MessageKey"],
                ACTIVE,
            ),
            // Not in the spec (migration V20261121190000): runtime resolution takes a store id OR
            // a company project, so it seeks the key by name first, then checks its store.
            Index {
                name: "IX_MessageKey_Name",
                columns: &["MessageKey", "MessageStoreId"],
                unique: false,
                filter: ACTIVE,
                include: &[],
            },
        ],
        // `BETWEEN` is written as SQL Server stores it (>= AND <=), so the drift check compares exactly.
        checks: &[Check {
            name: "CK_msg_MessageKey_PublishedVersion",
            expr: "PublishedVersion IS NULL OR (PublishedVersion >= 1 AND PublishedVersion <= 10)",
        }],
    },
    Table {
        schema: "ivr",
        name: "msg_MessageKeyVersion",
        columns: &[
            // NEWID() as the spec says; on SQLite the application supplies the id (DefaultValue::NewId).
            def("MessageKeyVersionId", UniqueIdentifier, NewId),
            col("MessageKeyId", Int),
            col("Version", Int),
            null("VersionName", NVarChar(Some(200))),
            IS_ACTIVE,
            CREATED_AT,
            CREATED_BY,
        ],
        primary_key_name: "PK_msg_MessageKeyVersion",
        primary_key: &["MessageKeyVersionId"],
        foreign_keys: &[fk(
            "FK_msg_MessageKeyVersion_MessageKeyId",
            &["MessageKeyId"],
            "msg_MessageKey",
            &["MessageKeyId"],
        )],
        indexes: &[
            ix_incl(
                "IX_MessageKeyVersion_Lookup",
                &["MessageKeyId", "Version"],
                &["MessageKeyVersionId"],
            ),
            // Both columns NOT NULL: the spec's rule as written (old versions are deleted, with
            // their content by cascade, when the 10 slots are reused).
            ux(
                "UX_MessageKeyVersion_KeyVersion",
                &["MessageKeyId", "Version"],
                None,
            ),
        ],
        checks: &[Check {
            name: "CK_msg_MessageKeyVersion_Version",
            expr: "Version >= 1 AND Version <= 10",
        }],
    },
    Table {
        schema: "ivr",
        name: "msg_MessageLanguageContent",
        columns: &[
            identity("MessageLanguageContentId", Int),
            col("MessageKeyVersionId", UniqueIdentifier),
            col("Language", VarChar(Some(10))),
            col("Content", NVarChar(None)),
            null("TypeSettings", NVarChar(None)),
            CREATED_AT,
            CREATED_BY,
            UPDATED_AT,
            UPDATED_BY,
        ],
        primary_key_name: "PK_msg_MessageLanguageContent",
        primary_key: &["MessageLanguageContentId"],
        foreign_keys: &[
            fk_cascade(
                "FK_msg_MessageLanguageContent_MessageKeyVersionId",
                &["MessageKeyVersionId"],
                "msg_MessageKeyVersion",
                &["MessageKeyVersionId"],
            ),
            fk(
                "FK_msg_MessageLanguageContent_Language",
                &["Language"],
                "cfg_Dic_Language",
                &["LanguageCode"],
            ),
        ],
        indexes: &[
            ix_incl(
                "IX_MessageLanguageContent_Lookup",
                &["MessageKeyVersionId", "Language"],
                &["Content", "TypeSettings"],
            ),
            ux(
                "UX_MessageLanguageContent_VersionLanguage",
                &["MessageKeyVersionId", "Language"],
                None,
            ),
        ],
        checks: &[],
    },
    Table {
        schema: "ivr",
        name: "msg_MessageStoreVoiceConfig",
        columns: &[
            identity("ConfigId", Int),
            col("MessageStoreId", Int),
            col("Language", VarChar(Some(10))),
            col("VoiceId", Int),
            def("IsDefault", Bit, DInt(0)), // default not in the spec
            CREATED_AT,
            CREATED_BY,
        ],
        primary_key_name: "PK_msg_MessageStoreVoiceConfig",
        primary_key: &["ConfigId"],
        foreign_keys: &[
            fk(
                "FK_msg_MessageStoreVoiceConfig_MessageStoreId",
                &["MessageStoreId"],
                "msg_MessageStore",
                &["MessageStoreId"],
            ),
            fk(
                "FK_msg_MessageStoreVoiceConfig_Language",
                &["Language"],
                "cfg_Dic_Language",
                &["LanguageCode"],
            ),
            fk(
                "FK_msg_MessageStoreVoiceConfig_VoiceId",
                &["VoiceId"],
                "cfg_Dic_Voice",
                &["VoiceId"],
            ),
        ],
        // Not in the spec: a voice is assigned once per store and language, and at most one is the default.
        indexes: &[
            ux(
                "UX_MessageStoreVoiceConfig_Voice",
                &["MessageStoreId", "Language", "VoiceId"],
                None,
            ),
            ux(
                "UX_MessageStoreVoiceConfig_Default",
                &["MessageStoreId", "Language"],
                Some("IsDefault = 1"),
            ),
        ],
        checks: &[],
    },
    Table {
        schema: "ivr",
        name: "msg_MessageKeyAudit",
        columns: &[
            def("AuditId", UniqueIdentifier, NewId), // default not in the spec, as for versions
            col("MessageKeyId", Int),
            null("MessageKeyVersionId", UniqueIdentifier),
            col("Action", VarChar(Some(20))), // length not in the spec
            col("ActionBy", VarChar(Some(100))),
            def("ActionAt", DateTime2, Now),
            null("AuditData", NVarChar(None)),
        ],
        primary_key_name: "PK_msg_MessageKeyAudit",
        primary_key: &["AuditId"],
        // No FKs (spec: audit retention after a message is deleted).
        foreign_keys: &[],
        // Not in the spec: a key's audit trail is read by key, newest first.
        indexes: &[ix(
            "IX_MessageKeyAudit_MessageKey",
            &["MessageKeyId", "ActionAt"],
        )],
        checks: &[],
    },
    // ---------------------------------------------------------------- system (dbo)
    // Named but not defined by the spec (DESIGN.md): who, when, where, what, before/after JSON.
    Table {
        schema: "dbo",
        name: "sys_AuditLog",
        columns: &[
            identity("AuditId", BigInt),
            def("OccurredAt", DateTime2, Now),
            col("Actor", VarChar(Some(100))),
            col("Environment", VarChar(Some(50))),
            col("EntityType", VarChar(Some(50))),
            col("EntityId", VarChar(Some(200))),
            col("Action", VarChar(Some(50))),
            null("BeforeData", NVarChar(None)),
            null("AfterData", NVarChar(None)),
        ],
        primary_key_name: "PK_sys_AuditLog",
        primary_key: &["AuditId"],
        foreign_keys: &[],
        indexes: &[
            ix(
                "IX_AuditLog_Entity",
                &["EntityType", "EntityId", "OccurredAt"],
            ),
            ix("IX_AuditLog_Actor", &["Actor", "OccurredAt"]),
            ix("IX_AuditLog_OccurredAt", &["OccurredAt"]),
        ],
        checks: &[],
    },
    // ---------------------------------------------------------------- added by later migrations
    // Not in the spec (V20261202201500__segment_results): the results each segment type can
    // produce (transition ResultName), as data. A row is a fixed result, or the rule for results
    // taken from configuration (each element of the JSON-array key `ConfigKeyName` names one in its
    // member `ConfigField`, e.g. a menu's options[].result). MustHandle: no transition is an error.
    Table {
        schema: "dbo",
        name: "cfg_Dic_SegmentResult",
        columns: &[
            identity("DicSegmentResultId", Int),
            col("DicSegmentTypeId", Int),
            null("ResultName", VarChar(Some(100))), // = seg_SegmentTransition.ResultName
            null("ConfigKeyName", VarChar(Some(100))), // = cfg_Dic_Key.KeyName
            null("ConfigField", VarChar(Some(100))),
            def("MustHandle", Bit, DInt(0)),
            def("SortOrder", Int, DInt(0)),
            null("Description", NVarChar(Some(200))),
            IS_ACTIVE,
        ],
        primary_key_name: "PK_cfg_Dic_SegmentResult",
        primary_key: &["DicSegmentResultId"],
        foreign_keys: &[fk(
            "FK_cfg_Dic_SegmentResult_DicSegmentTypeId",
            &["DicSegmentTypeId"],
            "cfg_Dic_SegmentType",
            &["DicSegmentTypeId"],
        )],
        indexes: &[
            ux(
                "UX_SegmentResult_Name",
                &["DicSegmentTypeId", "ResultName"],
                Some("ResultName IS NOT NULL"),
            ),
            ux(
                "UX_SegmentResult_Config",
                &["DicSegmentTypeId", "ConfigKeyName"],
                Some("ConfigKeyName IS NOT NULL"),
            ),
        ],
        checks: &[Check {
            name: "CK_cfg_Dic_SegmentResult_Source",
            expr: "(ResultName IS NOT NULL AND ConfigKeyName IS NULL AND ConfigField IS NULL) OR (ResultName IS NULL AND ConfigKeyName IS NOT NULL AND ConfigField IS NOT NULL)",
        }],
    },
    // V20261203234500__draft_revision: a draft's revision (the sum of its segments' digests,
    // `ivr_domain::flow::Revision`), kept with it by every write of its rows; no row: not known yet.
    Table {
        schema: "ivr",
        name: "seg_ChangeSetRevision",
        columns: &[
            col("ChangeSetId", UniqueIdentifier),
            col("RevisionSum", VarChar(Some(32))),
        ],
        primary_key_name: "PK_seg_ChangeSetRevision",
        primary_key: &["ChangeSetId"],
        foreign_keys: &[fk(
            "FK_seg_ChangeSetRevision_ChangeSetId",
            &["ChangeSetId"],
            "seg_ChangeSet",
            &["ChangeSetId"],
        )],
        indexes: &[],
        checks: &[],
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique_and_references_resolve_in_creation_order() {
        let mut objects = HashSet::new();
        let mut created: Vec<&str> = Vec::new();
        for t in TABLES {
            assert!(SCHEMAS.contains(&t.schema), "{}", t.name);
            assert!(
                objects.insert(t.name.to_ascii_lowercase()),
                "table {}",
                t.name
            );
            let mut cols = HashSet::new();
            for c in t.columns {
                assert!(
                    cols.insert(c.name.to_ascii_lowercase()),
                    "{}.{}",
                    t.name,
                    c.name
                );
                if c.identity {
                    assert!(
                        matches!(c.ty, SqlType::Int | SqlType::BigInt),
                        "{}.{}",
                        t.name,
                        c.name
                    );
                    assert_eq!(
                        t.primary_key,
                        &[c.name],
                        "identity is the whole PK of {}",
                        t.name
                    );
                }
            }
            assert_eq!(t.primary_key_name, format!("PK_{}", t.name));
            for pk in t.primary_key {
                let c = t.column(pk).unwrap_or_else(|| panic!("{}.{pk}", t.name));
                assert!(!c.nullable, "{}.{pk}", t.name);
            }
            // Index and constraint names are database-wide on SQLite (and per schema on SQL Server).
            for name in t
                .indexes
                .iter()
                .map(|i| i.name)
                .chain(t.foreign_keys.iter().map(|f| f.name))
                .chain(t.checks.iter().map(|c| c.name))
                .chain([t.primary_key_name])
            {
                assert!(objects.insert(name.to_ascii_lowercase()), "{name}");
            }
            for i in t.indexes {
                for c in i.columns.iter().chain(i.include) {
                    assert!(t.column(c).is_some(), "{}: {c}", i.name);
                }
                assert!(
                    i.name.starts_with("IX_") || i.name.starts_with("UX_"),
                    "{}",
                    i.name
                );
                assert!(i.unique || !i.name.starts_with("UX_"), "{}", i.name);
            }
            for f in t.foreign_keys {
                assert_eq!(f.name, format!("FK_{}_{}", t.name, f.columns.join("_")));
                let r = table(f.ref_table).unwrap_or_else(|| panic!("{}", f.ref_table));
                assert!(
                    created.contains(&r.name),
                    "{} references {} before it exists",
                    t.name,
                    r.name
                );
                assert_eq!(r.primary_key, f.ref_columns, "{}", f.name);
                for (c, rc) in f.columns.iter().zip(f.ref_columns) {
                    let (c, rc) = (t.column(c).unwrap(), r.column(rc).unwrap());
                    assert_eq!(c.ty, rc.ty, "{}", f.name);
                }
            }
            for c in t.checks {
                assert!(c.name.starts_with(&format!("CK_{}_", t.name)), "{}", c.name);
            }
            created.push(t.name);
        }
    }

    #[test]
    fn spec_indexes_and_rules_are_present() {
        let find = |t: &str, i: &str| {
            table(t)
                .unwrap()
                .indexes
                .iter()
                .find(|x| x.name == i)
                .copied()
                .unwrap_or_else(|| panic!("{t}.{i}"))
        };
        for (t, i) in [
            ("msg_MessageKey", "IX_MessageKey_Lookup"),
            ("msg_MessageKeyVersion", "IX_MessageKeyVersion_Lookup"),
            (
                "msg_MessageLanguageContent",
                "IX_MessageLanguageContent_Lookup",
            ),
            ("rt_RoutingTable", "IX_RoutingTable_CompanyProjectId"),
            ("rt_RoutingTable", "IX_RoutingTable_RoutingId"),
            ("seg_Segment", "IX_Segment_RoutingChangeSet"),
            ("msg_MessageKey", "IX_MessageKey_Search"),
            ("seg_Segment", "IX_Segment_List"),
        ] {
            find(t, i);
        }
        let src = find("rt_RoutingTable", "IX_RoutingTable_SourceId");
        assert!(src.unique && src.filter == Some("IsActive = 1"));
        // Every unique index that includes a nullable column is filtered to exclude NULLs in it,
        // because SQL Server and SQLite disagree on whether NULLs collide.
        for t in TABLES {
            for i in t.indexes.iter().filter(|i| i.unique) {
                for c in i.columns {
                    if t.column(c).unwrap().nullable {
                        let f = i.filter.unwrap_or_default();
                        assert!(f.contains(&format!("{c} IS NOT NULL")), "{}: {c}", i.name);
                    }
                }
            }
        }
        for t in ["rt_RoutingTable", "msg_MessageKey", "seg_Segment"] {
            let c = table(t).unwrap().column("RowVersion").unwrap();
            assert_eq!(c.ty, SqlType::RowVersion);
        }
        assert!(table("msg_MessageKeyAudit")
            .unwrap()
            .foreign_keys
            .is_empty());
        let cascades: Vec<_> = TABLES
            .iter()
            .flat_map(|t| {
                t.foreign_keys
                    .iter()
                    .filter(|f| f.on_delete_cascade)
                    .map(move |f| (t.name, f.ref_table))
            })
            .collect();
        assert_eq!(
            cascades,
            [
                ("seg_Key", "seg_Segment"),
                ("seg_SegmentTransition", "seg_Segment"),
                ("seg_SegmentUIState", "seg_Segment"),
                ("msg_MessageLanguageContent", "msg_MessageKeyVersion"),
            ]
        );
    }
}
