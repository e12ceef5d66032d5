-- V20260120000000__baseline_schema.sql  (SQLite, the embedded `local` environment)
-- Purpose: baseline of the IVR routing data layer: every table, primary key, foreign key, check,
--          default and index of the schema model (crates/domain/src/schema/tables.rs, which
--          documents each deviation from the spec). SQLite has no schemas: bare table names.
-- Date:    2026-01-20
-- Idempotent: IF NOT EXISTS everywhere. The migration engine wraps the file in one transaction.
-- Engine mapping: INT/BIT -> INTEGER, FLOAT -> REAL, (N)VARCHAR/UNIQUEIDENTIFIER/DATETIME2 -> TEXT
-- (UUIDs lowercase, timestamps ISO-8601 UTC), IDENTITY -> INTEGER PRIMARY KEY AUTOINCREMENT,
-- filtered indexes -> partial indexes. ROWVERSION -> `RowVersion INTEGER NOT NULL DEFAULT 1`:
-- repository updates set `RowVersion = RowVersion + 1` themselves (so RETURNING sees the new
-- value); the TR_*_RowVersion triggers bump it for any update that does not, like ROWVERSION would.
-- Never edit this file once applied: add a new V<timestamp>__<name>.sql instead.

-- dbo.cfg_Dic_Environment
CREATE TABLE IF NOT EXISTS cfg_Dic_Environment (
    EnvironmentId INTEGER NOT NULL CONSTRAINT PK_cfg_Dic_Environment PRIMARY KEY AUTOINCREMENT,
    Code TEXT NOT NULL,
    DisplayName TEXT NOT NULL,
    IsActive INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX IF NOT EXISTS UX_Environment_Code ON cfg_Dic_Environment (Code);

-- dbo.cfg_Dic_Language
CREATE TABLE IF NOT EXISTS cfg_Dic_Language (
    LanguageCode TEXT NOT NULL,
    DisplayName TEXT NOT NULL,
    IsActive INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT PK_cfg_Dic_Language PRIMARY KEY (LanguageCode)
);

-- dbo.cfg_Dic_CompanyProject
CREATE TABLE IF NOT EXISTS cfg_Dic_CompanyProject (
    CompanyProjectId INTEGER NOT NULL CONSTRAINT PK_cfg_Dic_CompanyProject PRIMARY KEY AUTOINCREMENT,
    EnvironmentId INTEGER NOT NULL,
    CustomerId TEXT NOT NULL,
    ProjectId TEXT NOT NULL,
    DisplayName TEXT NOT NULL,
    OktaGroup TEXT,
    IsActive INTEGER NOT NULL DEFAULT 1,
    CreatedAt TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    CreatedBy TEXT NOT NULL,
    UpdatedAt TEXT,
    UpdatedBy TEXT,
    CONSTRAINT FK_cfg_Dic_CompanyProject_EnvironmentId FOREIGN KEY (EnvironmentId) REFERENCES cfg_Dic_Environment (EnvironmentId)
);
CREATE UNIQUE INDEX IF NOT EXISTS UX_CompanyProject_Environment_Customer_Project ON cfg_Dic_CompanyProject (EnvironmentId, CustomerId, ProjectId);

-- dbo.cfg_Dic_Voice
CREATE TABLE IF NOT EXISTS cfg_Dic_Voice (
    VoiceId INTEGER NOT NULL CONSTRAINT PK_cfg_Dic_Voice PRIMARY KEY AUTOINCREMENT,
    Code TEXT NOT NULL,
    Engine TEXT NOT NULL,
    Language TEXT NOT NULL,
    Gender TEXT,
    DisplayName TEXT NOT NULL,
    IsActive INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT FK_cfg_Dic_Voice_Language FOREIGN KEY (Language) REFERENCES cfg_Dic_Language (LanguageCode)
);
CREATE UNIQUE INDEX IF NOT EXISTS UX_Voice_Code ON cfg_Dic_Voice (Code);

-- dbo.cfg_Dic_KeyType
CREATE TABLE IF NOT EXISTS cfg_Dic_KeyType (
    DicKeyTypeId INTEGER NOT NULL CONSTRAINT PK_cfg_Dic_KeyType PRIMARY KEY AUTOINCREMENT,
    Code TEXT NOT NULL,
    DisplayName TEXT NOT NULL,
    IsActive INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX IF NOT EXISTS UX_KeyType_Code ON cfg_Dic_KeyType (Code);

-- dbo.cfg_Dic_SegmentType
CREATE TABLE IF NOT EXISTS cfg_Dic_SegmentType (
    DicSegmentTypeId INTEGER NOT NULL CONSTRAINT PK_cfg_Dic_SegmentType PRIMARY KEY AUTOINCREMENT,
    Code TEXT NOT NULL,
    DisplayName TEXT NOT NULL,
    Category TEXT,
    IsTerminal INTEGER NOT NULL DEFAULT 0,
    IsActive INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX IF NOT EXISTS UX_SegmentType_Code ON cfg_Dic_SegmentType (Code);

-- dbo.cfg_Dic_Key
CREATE TABLE IF NOT EXISTS cfg_Dic_Key (
    DicKeyId INTEGER NOT NULL CONSTRAINT PK_cfg_Dic_Key PRIMARY KEY AUTOINCREMENT,
    DicSegmentTypeId INTEGER NOT NULL,
    KeyName TEXT NOT NULL,
    DicKeyTypeId INTEGER NOT NULL,
    IsRequired INTEGER NOT NULL DEFAULT 0,
    DefaultValue TEXT,
    ValidationSchema TEXT,
    IsActive INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT FK_cfg_Dic_Key_DicSegmentTypeId FOREIGN KEY (DicSegmentTypeId) REFERENCES cfg_Dic_SegmentType (DicSegmentTypeId),
    CONSTRAINT FK_cfg_Dic_Key_DicKeyTypeId FOREIGN KEY (DicKeyTypeId) REFERENCES cfg_Dic_KeyType (DicKeyTypeId)
);
CREATE UNIQUE INDEX IF NOT EXISTS UX_Key_SegmentType_KeyName ON cfg_Dic_Key (DicSegmentTypeId, KeyName);

-- ivr.msg_Dic_MessageType
CREATE TABLE IF NOT EXISTS msg_Dic_MessageType (
    MessageTypeId INTEGER NOT NULL CONSTRAINT PK_msg_Dic_MessageType PRIMARY KEY AUTOINCREMENT,
    Code TEXT NOT NULL,
    DisplayName TEXT NOT NULL,
    SettingsSchema TEXT,
    DefaultSettings TEXT,
    IsActive INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX IF NOT EXISTS UX_MessageType_Code ON msg_Dic_MessageType (Code);

-- ivr.msg_Dic_MessageCategory
CREATE TABLE IF NOT EXISTS msg_Dic_MessageCategory (
    CategoryId INTEGER NOT NULL CONSTRAINT PK_msg_Dic_MessageCategory PRIMARY KEY AUTOINCREMENT,
    Code TEXT NOT NULL,
    DisplayName TEXT NOT NULL,
    Icon TEXT,
    Color TEXT,
    IsActive INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX IF NOT EXISTS UX_MessageCategory_Code ON msg_Dic_MessageCategory (Code);

-- ivr.msg_MessageStore
CREATE TABLE IF NOT EXISTS msg_MessageStore (
    MessageStoreId INTEGER NOT NULL CONSTRAINT PK_msg_MessageStore PRIMARY KEY AUTOINCREMENT,
    Name TEXT NOT NULL,
    CompanyProjectId INTEGER NOT NULL,
    AllowedLanguages TEXT NOT NULL,
    DefaultLanguage TEXT NOT NULL,
    IsActive INTEGER NOT NULL DEFAULT 1,
    CreatedAt TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    CreatedBy TEXT NOT NULL,
    UpdatedAt TEXT,
    UpdatedBy TEXT,
    CONSTRAINT FK_msg_MessageStore_CompanyProjectId FOREIGN KEY (CompanyProjectId) REFERENCES cfg_Dic_CompanyProject (CompanyProjectId),
    CONSTRAINT FK_msg_MessageStore_DefaultLanguage FOREIGN KEY (DefaultLanguage) REFERENCES cfg_Dic_Language (LanguageCode)
);
CREATE INDEX IF NOT EXISTS IX_MessageStore_CompanyProjectId ON msg_MessageStore (CompanyProjectId);

-- ivr.rt_RoutingTable
CREATE TABLE IF NOT EXISTS rt_RoutingTable (
    RoutingTableId INTEGER NOT NULL CONSTRAINT PK_rt_RoutingTable PRIMARY KEY AUTOINCREMENT,
    SourceId TEXT NOT NULL,
    RoutingId TEXT NOT NULL,
    CompanyProjectId INTEGER NOT NULL,
    MessageStoreId INTEGER,
    LanguageCode TEXT NOT NULL,
    InitSegment TEXT NOT NULL,
    Config TEXT,
    FeatureFlags TEXT,
    IsActive INTEGER NOT NULL DEFAULT 1,
    CreatedAt TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    CreatedBy TEXT NOT NULL,
    UpdatedAt TEXT,
    UpdatedBy TEXT,
    RowVersion INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT FK_rt_RoutingTable_CompanyProjectId FOREIGN KEY (CompanyProjectId) REFERENCES cfg_Dic_CompanyProject (CompanyProjectId),
    CONSTRAINT FK_rt_RoutingTable_MessageStoreId FOREIGN KEY (MessageStoreId) REFERENCES msg_MessageStore (MessageStoreId),
    CONSTRAINT FK_rt_RoutingTable_LanguageCode FOREIGN KEY (LanguageCode) REFERENCES cfg_Dic_Language (LanguageCode)
);
CREATE UNIQUE INDEX IF NOT EXISTS IX_RoutingTable_SourceId ON rt_RoutingTable (SourceId) WHERE IsActive = 1;
CREATE INDEX IF NOT EXISTS IX_RoutingTable_CompanyProjectId ON rt_RoutingTable (CompanyProjectId);
CREATE INDEX IF NOT EXISTS IX_RoutingTable_RoutingId ON rt_RoutingTable (RoutingId);
CREATE TRIGGER IF NOT EXISTS TR_rt_RoutingTable_RowVersion AFTER UPDATE ON rt_RoutingTable
FOR EACH ROW WHEN NEW.RowVersion = OLD.RowVersion
BEGIN
    UPDATE rt_RoutingTable SET RowVersion = OLD.RowVersion + 1 WHERE rowid = NEW.rowid;
END;

-- ivr.rt_RoutingTableHistory
CREATE TABLE IF NOT EXISTS rt_RoutingTableHistory (
    HistoryId INTEGER NOT NULL CONSTRAINT PK_rt_RoutingTableHistory PRIMARY KEY AUTOINCREMENT,
    RoutingTableId INTEGER NOT NULL,
    VersionNumber INTEGER NOT NULL,
    SnapshotData TEXT NOT NULL,
    ActionType TEXT NOT NULL,
    ActionBy TEXT NOT NULL,
    ActionAt TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    CONSTRAINT FK_rt_RoutingTableHistory_RoutingTableId FOREIGN KEY (RoutingTableId) REFERENCES rt_RoutingTable (RoutingTableId)
);
CREATE UNIQUE INDEX IF NOT EXISTS UX_RoutingTableHistory_Version ON rt_RoutingTableHistory (RoutingTableId, VersionNumber);

-- ivr.seg_ChangeSet
CREATE TABLE IF NOT EXISTS seg_ChangeSet (
    ChangeSetId TEXT NOT NULL,
    RoutingId TEXT NOT NULL,
    BasedOnVersion INTEGER,
    Status TEXT NOT NULL DEFAULT 'open',
    Description TEXT,
    CreatedAt TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    CreatedBy TEXT NOT NULL,
    UpdatedAt TEXT,
    UpdatedBy TEXT,
    CONSTRAINT PK_seg_ChangeSet PRIMARY KEY (ChangeSetId),
    CONSTRAINT CK_seg_ChangeSet_Status CHECK (Status = 'open' OR Status = 'published' OR Status = 'discarded')
);
CREATE INDEX IF NOT EXISTS IX_ChangeSet_Routing ON seg_ChangeSet (RoutingId, Status);

-- ivr.seg_Segment
CREATE TABLE IF NOT EXISTS seg_Segment (
    SegmentId INTEGER NOT NULL CONSTRAINT PK_seg_Segment PRIMARY KEY AUTOINCREMENT,
    RoutingId TEXT NOT NULL,
    SegmentName TEXT NOT NULL,
    ChangeSetId TEXT,
    DicSegmentTypeId INTEGER NOT NULL,
    SegmentOrder INTEGER,
    IsActive INTEGER NOT NULL DEFAULT 1,
    CreatedAt TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    CreatedBy TEXT NOT NULL,
    UpdatedAt TEXT,
    UpdatedBy TEXT,
    RowVersion INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT FK_seg_Segment_DicSegmentTypeId FOREIGN KEY (DicSegmentTypeId) REFERENCES cfg_Dic_SegmentType (DicSegmentTypeId)
);
CREATE INDEX IF NOT EXISTS IX_Segment_RoutingChangeSet ON seg_Segment (RoutingId, ChangeSetId, IsActive);
CREATE INDEX IF NOT EXISTS IX_Segment_List ON seg_Segment (RoutingId, ChangeSetId, SegmentOrder, IsActive);
CREATE UNIQUE INDEX IF NOT EXISTS UX_Segment_Published ON seg_Segment (RoutingId, SegmentName) WHERE ChangeSetId IS NULL AND IsActive = 1;
CREATE UNIQUE INDEX IF NOT EXISTS UX_Segment_Draft ON seg_Segment (RoutingId, SegmentName, ChangeSetId) WHERE ChangeSetId IS NOT NULL AND IsActive = 1;
CREATE TRIGGER IF NOT EXISTS TR_seg_Segment_RowVersion AFTER UPDATE ON seg_Segment
FOR EACH ROW WHEN NEW.RowVersion = OLD.RowVersion
BEGIN
    UPDATE seg_Segment SET RowVersion = OLD.RowVersion + 1 WHERE rowid = NEW.rowid;
END;

-- ivr.seg_Key
CREATE TABLE IF NOT EXISTS seg_Key (
    SegmentId INTEGER NOT NULL,
    DicSegmentTypeId INTEGER NOT NULL,
    DicKeyId INTEGER NOT NULL,
    Value TEXT,
    CreatedBy TEXT NOT NULL,
    CreatedAt TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    UpdatedBy TEXT,
    UpdatedAt TEXT,
    CONSTRAINT PK_seg_Key PRIMARY KEY (SegmentId, DicSegmentTypeId, DicKeyId),
    CONSTRAINT FK_seg_Key_SegmentId FOREIGN KEY (SegmentId) REFERENCES seg_Segment (SegmentId) ON DELETE CASCADE,
    CONSTRAINT FK_seg_Key_DicSegmentTypeId FOREIGN KEY (DicSegmentTypeId) REFERENCES cfg_Dic_SegmentType (DicSegmentTypeId),
    CONSTRAINT FK_seg_Key_DicKeyId FOREIGN KEY (DicKeyId) REFERENCES cfg_Dic_Key (DicKeyId)
);

-- ivr.seg_SegmentTransition
CREATE TABLE IF NOT EXISTS seg_SegmentTransition (
    TransitionId INTEGER NOT NULL CONSTRAINT PK_seg_SegmentTransition PRIMARY KEY AUTOINCREMENT,
    SourceSegmentId INTEGER NOT NULL,
    SourceSegmentName TEXT NOT NULL,
    ResultName TEXT NOT NULL,
    NextSegmentName TEXT NOT NULL,
    ContextKey TEXT,
    RoutingId TEXT NOT NULL,
    ChangeSetId TEXT,
    IsActive INTEGER NOT NULL DEFAULT 1,
    CreatedBy TEXT NOT NULL,
    CreatedAt TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    CONSTRAINT FK_seg_SegmentTransition_SourceSegmentId FOREIGN KEY (SourceSegmentId) REFERENCES seg_Segment (SegmentId) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS IX_SegmentTransition_RoutingChangeSet ON seg_SegmentTransition (RoutingId, ChangeSetId, IsActive);
CREATE INDEX IF NOT EXISTS IX_SegmentTransition_SourceSegmentId ON seg_SegmentTransition (SourceSegmentId);
CREATE UNIQUE INDEX IF NOT EXISTS UX_SegmentTransition_Result ON seg_SegmentTransition (SourceSegmentId, ResultName) WHERE ContextKey IS NULL AND IsActive = 1;
CREATE UNIQUE INDEX IF NOT EXISTS UX_SegmentTransition_ContextResult ON seg_SegmentTransition (SourceSegmentId, ResultName, ContextKey) WHERE ContextKey IS NOT NULL AND IsActive = 1;

-- ivr.seg_SegmentUIState
CREATE TABLE IF NOT EXISTS seg_SegmentUIState (
    SegmentId INTEGER NOT NULL,
    PositionX REAL NOT NULL DEFAULT 0,
    PositionY REAL NOT NULL DEFAULT 0,
    IsCollapsed INTEGER NOT NULL DEFAULT 0,
    CustomStyle TEXT,
    UpdatedBy TEXT,
    UpdatedAt TEXT,
    CONSTRAINT PK_seg_SegmentUIState PRIMARY KEY (SegmentId),
    CONSTRAINT FK_seg_SegmentUIState_SegmentId FOREIGN KEY (SegmentId) REFERENCES seg_Segment (SegmentId) ON DELETE CASCADE
);

-- ivr.msg_MessageKey
CREATE TABLE IF NOT EXISTS msg_MessageKey (
    MessageKeyId INTEGER NOT NULL CONSTRAINT PK_msg_MessageKey PRIMARY KEY AUTOINCREMENT,
    MessageStoreId INTEGER NOT NULL,
    MessageKey TEXT NOT NULL,
    MessageTypeId INTEGER NOT NULL,
    CategoryId INTEGER NOT NULL,
    PublishedVersion INTEGER,
    DisplayName TEXT,
    IsActive INTEGER NOT NULL DEFAULT 1,
    CreatedAt TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    CreatedBy TEXT NOT NULL,
    UpdatedAt TEXT,
    UpdatedBy TEXT,
    RowVersion INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT FK_msg_MessageKey_MessageStoreId FOREIGN KEY (MessageStoreId) REFERENCES msg_MessageStore (MessageStoreId),
    CONSTRAINT FK_msg_MessageKey_MessageTypeId FOREIGN KEY (MessageTypeId) REFERENCES msg_Dic_MessageType (MessageTypeId),
    CONSTRAINT FK_msg_MessageKey_CategoryId FOREIGN KEY (CategoryId) REFERENCES msg_Dic_MessageCategory (CategoryId),
    CONSTRAINT CK_msg_MessageKey_PublishedVersion CHECK (PublishedVersion IS NULL OR (PublishedVersion >= 1 AND PublishedVersion <= 10))
);
CREATE INDEX IF NOT EXISTS IX_MessageKey_Lookup ON msg_MessageKey (MessageStoreId, MessageKey, PublishedVersion);
CREATE INDEX IF NOT EXISTS IX_MessageKey_Search ON msg_MessageKey (MessageStoreId, IsActive, MessageKey);
CREATE UNIQUE INDEX IF NOT EXISTS UX_MessageKey_StoreKey ON msg_MessageKey (MessageStoreId, MessageKey) WHERE IsActive = 1;
CREATE TRIGGER IF NOT EXISTS TR_msg_MessageKey_RowVersion AFTER UPDATE ON msg_MessageKey
FOR EACH ROW WHEN NEW.RowVersion = OLD.RowVersion
BEGIN
    UPDATE msg_MessageKey SET RowVersion = OLD.RowVersion + 1 WHERE rowid = NEW.rowid;
END;

-- ivr.msg_MessageKeyVersion
CREATE TABLE IF NOT EXISTS msg_MessageKeyVersion (
    MessageKeyVersionId TEXT NOT NULL,
    MessageKeyId INTEGER NOT NULL,
    Version INTEGER NOT NULL,
    VersionName TEXT,
    IsActive INTEGER NOT NULL DEFAULT 1,
    CreatedAt TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    CreatedBy TEXT NOT NULL,
    CONSTRAINT PK_msg_MessageKeyVersion PRIMARY KEY (MessageKeyVersionId),
    CONSTRAINT FK_msg_MessageKeyVersion_MessageKeyId FOREIGN KEY (MessageKeyId) REFERENCES msg_MessageKey (MessageKeyId),
    CONSTRAINT CK_msg_MessageKeyVersion_Version CHECK (Version >= 1 AND Version <= 10)
);
CREATE INDEX IF NOT EXISTS IX_MessageKeyVersion_Lookup ON msg_MessageKeyVersion (MessageKeyId, Version);
CREATE UNIQUE INDEX IF NOT EXISTS UX_MessageKeyVersion_KeyVersion ON msg_MessageKeyVersion (MessageKeyId, Version);

-- ivr.msg_MessageLanguageContent
CREATE TABLE IF NOT EXISTS msg_MessageLanguageContent (
    MessageLanguageContentId INTEGER NOT NULL CONSTRAINT PK_msg_MessageLanguageContent PRIMARY KEY AUTOINCREMENT,
    MessageKeyVersionId TEXT NOT NULL,
    Language TEXT NOT NULL,
    Content TEXT NOT NULL,
    TypeSettings TEXT,
    CreatedAt TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    CreatedBy TEXT NOT NULL,
    UpdatedAt TEXT,
    UpdatedBy TEXT,
    CONSTRAINT FK_msg_MessageLanguageContent_MessageKeyVersionId FOREIGN KEY (MessageKeyVersionId) REFERENCES msg_MessageKeyVersion (MessageKeyVersionId) ON DELETE CASCADE,
    CONSTRAINT FK_msg_MessageLanguageContent_Language FOREIGN KEY (Language) REFERENCES cfg_Dic_Language (LanguageCode)
);
CREATE INDEX IF NOT EXISTS IX_MessageLanguageContent_Lookup ON msg_MessageLanguageContent (MessageKeyVersionId, Language);
CREATE UNIQUE INDEX IF NOT EXISTS UX_MessageLanguageContent_VersionLanguage ON msg_MessageLanguageContent (MessageKeyVersionId, Language);

-- ivr.msg_MessageStoreVoiceConfig
CREATE TABLE IF NOT EXISTS msg_MessageStoreVoiceConfig (
    ConfigId INTEGER NOT NULL CONSTRAINT PK_msg_MessageStoreVoiceConfig PRIMARY KEY AUTOINCREMENT,
    MessageStoreId INTEGER NOT NULL,
    Language TEXT NOT NULL,
    VoiceId INTEGER NOT NULL,
    IsDefault INTEGER NOT NULL DEFAULT 0,
    CreatedAt TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    CreatedBy TEXT NOT NULL,
    CONSTRAINT FK_msg_MessageStoreVoiceConfig_MessageStoreId FOREIGN KEY (MessageStoreId) REFERENCES msg_MessageStore (MessageStoreId),
    CONSTRAINT FK_msg_MessageStoreVoiceConfig_Language FOREIGN KEY (Language) REFERENCES cfg_Dic_Language (LanguageCode),
    CONSTRAINT FK_msg_MessageStoreVoiceConfig_VoiceId FOREIGN KEY (VoiceId) REFERENCES cfg_Dic_Voice (VoiceId)
);
CREATE UNIQUE INDEX IF NOT EXISTS UX_MessageStoreVoiceConfig_Voice ON msg_MessageStoreVoiceConfig (MessageStoreId, Language, VoiceId);
CREATE UNIQUE INDEX IF NOT EXISTS UX_MessageStoreVoiceConfig_Default ON msg_MessageStoreVoiceConfig (MessageStoreId, Language) WHERE IsDefault = 1;

-- ivr.msg_MessageKeyAudit
CREATE TABLE IF NOT EXISTS msg_MessageKeyAudit (
    AuditId TEXT NOT NULL,
    MessageKeyId INTEGER NOT NULL,
    MessageKeyVersionId TEXT,
    Action TEXT NOT NULL,
    ActionBy TEXT NOT NULL,
    ActionAt TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    AuditData TEXT,
    CONSTRAINT PK_msg_MessageKeyAudit PRIMARY KEY (AuditId)
);
CREATE INDEX IF NOT EXISTS IX_MessageKeyAudit_MessageKey ON msg_MessageKeyAudit (MessageKeyId, ActionAt);

-- dbo.sys_AuditLog
CREATE TABLE IF NOT EXISTS sys_AuditLog (
    AuditId INTEGER NOT NULL CONSTRAINT PK_sys_AuditLog PRIMARY KEY AUTOINCREMENT,
    OccurredAt TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    Actor TEXT NOT NULL,
    Environment TEXT NOT NULL,
    EntityType TEXT NOT NULL,
    EntityId TEXT NOT NULL,
    Action TEXT NOT NULL,
    BeforeData TEXT,
    AfterData TEXT
);
CREATE INDEX IF NOT EXISTS IX_AuditLog_Entity ON sys_AuditLog (EntityType, EntityId, OccurredAt);
CREATE INDEX IF NOT EXISTS IX_AuditLog_Actor ON sys_AuditLog (Actor, OccurredAt);
CREATE INDEX IF NOT EXISTS IX_AuditLog_OccurredAt ON sys_AuditLog (OccurredAt);

