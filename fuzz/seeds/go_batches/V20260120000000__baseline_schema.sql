-- V20260120000000__baseline_schema.sql  (SQL Server 2022 / Azure SQL)
-- Purpose: baseline of the IVR routing data layer: schemas dbo and ivr, then every table, primary
--          key, foreign key, check, default and index of the schema model
--          (crates/domain/src/schema/tables.rs, which documents each deviation from the spec).
-- Date:    2026-01-20
-- Idempotent: each object is created only when it is absent. The migration engine runs the file in
-- one transaction; it also runs unchanged with `sqlcmd -i` (batches end with GO on a line alone).
-- Never edit this file once applied: add a new V<timestamp>__<name>.sql instead.

-- Filtered indexes need these session options when they are created (sqlcmd defaults
-- QUOTED_IDENTIFIER to OFF); they are parse-time options, so they get a batch of their own.
SET ANSI_NULLS ON;
SET QUOTED_IDENTIFIER ON;
SET ANSI_PADDING ON;
SET ANSI_WARNINGS ON;
SET CONCAT_NULL_YIELDS_NULL ON;
SET ARITHABORT ON;
SET NUMERIC_ROUNDABORT OFF;
GO

-- Cold start: schemas first (dbo exists in every database; CREATE SCHEMA must be alone in its batch,
-- hence EXEC).
IF SCHEMA_ID(N'dbo') IS NULL EXEC (N'CREATE SCHEMA dbo');
GO
IF SCHEMA_ID(N'ivr') IS NULL EXEC (N'CREATE SCHEMA ivr');
GO

-- dbo.cfg_Dic_Environment
IF OBJECT_ID(N'dbo.cfg_Dic_Environment', N'U') IS NULL
CREATE TABLE dbo.cfg_Dic_Environment (
    EnvironmentId INT IDENTITY(1, 1) NOT NULL,
    Code VARCHAR(20) NOT NULL,
    DisplayName NVARCHAR(100) NOT NULL,
    IsActive BIT NOT NULL CONSTRAINT DF_cfg_Dic_Environment_IsActive DEFAULT (1),
    CONSTRAINT PK_cfg_Dic_Environment PRIMARY KEY CLUSTERED (EnvironmentId)
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'UX_Environment_Code' AND object_id = OBJECT_ID(N'dbo.cfg_Dic_Environment'))
CREATE UNIQUE NONCLUSTERED INDEX UX_Environment_Code ON dbo.cfg_Dic_Environment (Code);
GO

-- dbo.cfg_Dic_Language
IF OBJECT_ID(N'dbo.cfg_Dic_Language', N'U') IS NULL
CREATE TABLE dbo.cfg_Dic_Language (
    LanguageCode VARCHAR(10) NOT NULL,
    DisplayName NVARCHAR(100) NOT NULL,
    IsActive BIT NOT NULL CONSTRAINT DF_cfg_Dic_Language_IsActive DEFAULT (1),
    CONSTRAINT PK_cfg_Dic_Language PRIMARY KEY CLUSTERED (LanguageCode)
);
GO

-- dbo.cfg_Dic_CompanyProject
IF OBJECT_ID(N'dbo.cfg_Dic_CompanyProject', N'U') IS NULL
CREATE TABLE dbo.cfg_Dic_CompanyProject (
    CompanyProjectId INT IDENTITY(1, 1) NOT NULL,
    EnvironmentId INT NOT NULL,
    CustomerId VARCHAR(100) NOT NULL,
    ProjectId VARCHAR(100) NOT NULL,
    DisplayName NVARCHAR(200) NOT NULL,
    OktaGroup VARCHAR(200) NULL,
    IsActive BIT NOT NULL CONSTRAINT DF_cfg_Dic_CompanyProject_IsActive DEFAULT (1),
    CreatedAt DATETIME2 NOT NULL CONSTRAINT DF_cfg_Dic_CompanyProject_CreatedAt DEFAULT (SYSUTCDATETIME()),
    CreatedBy VARCHAR(100) NOT NULL,
    UpdatedAt DATETIME2 NULL,
    UpdatedBy VARCHAR(100) NULL,
    CONSTRAINT PK_cfg_Dic_CompanyProject PRIMARY KEY CLUSTERED (CompanyProjectId),
    CONSTRAINT FK_cfg_Dic_CompanyProject_EnvironmentId FOREIGN KEY (EnvironmentId) REFERENCES dbo.cfg_Dic_Environment (EnvironmentId)
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'UX_CompanyProject_Environment_Customer_Project' AND object_id = OBJECT_ID(N'dbo.cfg_Dic_CompanyProject'))
CREATE UNIQUE NONCLUSTERED INDEX UX_CompanyProject_Environment_Customer_Project ON dbo.cfg_Dic_CompanyProject (EnvironmentId, CustomerId, ProjectId);
GO

-- dbo.cfg_Dic_Voice
IF OBJECT_ID(N'dbo.cfg_Dic_Voice', N'U') IS NULL
CREATE TABLE dbo.cfg_Dic_Voice (
    VoiceId INT IDENTITY(1, 1) NOT NULL,
    Code VARCHAR(100) NOT NULL,
    Engine VARCHAR(50) NOT NULL,
    Language VARCHAR(10) NOT NULL,
    Gender VARCHAR(20) NULL,
    DisplayName NVARCHAR(200) NOT NULL,
    IsActive BIT NOT NULL CONSTRAINT DF_cfg_Dic_Voice_IsActive DEFAULT (1),
    CONSTRAINT PK_cfg_Dic_Voice PRIMARY KEY CLUSTERED (VoiceId),
    CONSTRAINT FK_cfg_Dic_Voice_Language FOREIGN KEY (Language) REFERENCES dbo.cfg_Dic_Language (LanguageCode)
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'UX_Voice_Code' AND object_id = OBJECT_ID(N'dbo.cfg_Dic_Voice'))
CREATE UNIQUE NONCLUSTERED INDEX UX_Voice_Code ON dbo.cfg_Dic_Voice (Code);
GO

-- dbo.cfg_Dic_KeyType
IF OBJECT_ID(N'dbo.cfg_Dic_KeyType', N'U') IS NULL
CREATE TABLE dbo.cfg_Dic_KeyType (
    DicKeyTypeId INT IDENTITY(1, 1) NOT NULL,
    Code VARCHAR(20) NOT NULL,
    DisplayName NVARCHAR(100) NOT NULL,
    IsActive BIT NOT NULL CONSTRAINT DF_cfg_Dic_KeyType_IsActive DEFAULT (1),
    CONSTRAINT PK_cfg_Dic_KeyType PRIMARY KEY CLUSTERED (DicKeyTypeId)
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'UX_KeyType_Code' AND object_id = OBJECT_ID(N'dbo.cfg_Dic_KeyType'))
CREATE UNIQUE NONCLUSTERED INDEX UX_KeyType_Code ON dbo.cfg_Dic_KeyType (Code);
GO

-- dbo.cfg_Dic_SegmentType
IF OBJECT_ID(N'dbo.cfg_Dic_SegmentType', N'U') IS NULL
CREATE TABLE dbo.cfg_Dic_SegmentType (
    DicSegmentTypeId INT IDENTITY(1, 1) NOT NULL,
    Code VARCHAR(50) NOT NULL,
    DisplayName NVARCHAR(100) NOT NULL,
    Category VARCHAR(50) NULL,
    IsTerminal BIT NOT NULL CONSTRAINT DF_cfg_Dic_SegmentType_IsTerminal DEFAULT (0),
    IsActive BIT NOT NULL CONSTRAINT DF_cfg_Dic_SegmentType_IsActive DEFAULT (1),
    CONSTRAINT PK_cfg_Dic_SegmentType PRIMARY KEY CLUSTERED (DicSegmentTypeId)
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'UX_SegmentType_Code' AND object_id = OBJECT_ID(N'dbo.cfg_Dic_SegmentType'))
CREATE UNIQUE NONCLUSTERED INDEX UX_SegmentType_Code ON dbo.cfg_Dic_SegmentType (Code);
GO

-- dbo.cfg_Dic_Key
IF OBJECT_ID(N'dbo.cfg_Dic_Key', N'U') IS NULL
CREATE TABLE dbo.cfg_Dic_Key (
    DicKeyId INT IDENTITY(1, 1) NOT NULL,
    DicSegmentTypeId INT NOT NULL,
    KeyName VARCHAR(100) NOT NULL,
    DicKeyTypeId INT NOT NULL,
    IsRequired BIT NOT NULL CONSTRAINT DF_cfg_Dic_Key_IsRequired DEFAULT (0),
    DefaultValue NVARCHAR(MAX) NULL,
    ValidationSchema NVARCHAR(MAX) NULL,
    IsActive BIT NOT NULL CONSTRAINT DF_cfg_Dic_Key_IsActive DEFAULT (1),
    CONSTRAINT PK_cfg_Dic_Key PRIMARY KEY CLUSTERED (DicKeyId),
    CONSTRAINT FK_cfg_Dic_Key_DicSegmentTypeId FOREIGN KEY (DicSegmentTypeId) REFERENCES dbo.cfg_Dic_SegmentType (DicSegmentTypeId),
    CONSTRAINT FK_cfg_Dic_Key_DicKeyTypeId FOREIGN KEY (DicKeyTypeId) REFERENCES dbo.cfg_Dic_KeyType (DicKeyTypeId)
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'UX_Key_SegmentType_KeyName' AND object_id = OBJECT_ID(N'dbo.cfg_Dic_Key'))
CREATE UNIQUE NONCLUSTERED INDEX UX_Key_SegmentType_KeyName ON dbo.cfg_Dic_Key (DicSegmentTypeId, KeyName);
GO

-- ivr.msg_Dic_MessageType
IF OBJECT_ID(N'ivr.msg_Dic_MessageType', N'U') IS NULL
CREATE TABLE ivr.msg_Dic_MessageType (
    MessageTypeId INT IDENTITY(1, 1) NOT NULL,
    Code VARCHAR(50) NOT NULL,
    DisplayName NVARCHAR(100) NOT NULL,
    SettingsSchema NVARCHAR(MAX) NULL,
    DefaultSettings NVARCHAR(MAX) NULL,
    IsActive BIT NOT NULL CONSTRAINT DF_msg_Dic_MessageType_IsActive DEFAULT (1),
    CONSTRAINT PK_msg_Dic_MessageType PRIMARY KEY CLUSTERED (MessageTypeId)
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'UX_MessageType_Code' AND object_id = OBJECT_ID(N'ivr.msg_Dic_MessageType'))
CREATE UNIQUE NONCLUSTERED INDEX UX_MessageType_Code ON ivr.msg_Dic_MessageType (Code);
GO

-- ivr.msg_Dic_MessageCategory
IF OBJECT_ID(N'ivr.msg_Dic_MessageCategory', N'U') IS NULL
CREATE TABLE ivr.msg_Dic_MessageCategory (
    CategoryId INT IDENTITY(1, 1) NOT NULL,
    Code VARCHAR(50) NOT NULL,
    DisplayName NVARCHAR(100) NOT NULL,
    Icon VARCHAR(50) NULL,
    Color VARCHAR(20) NULL,
    IsActive BIT NOT NULL CONSTRAINT DF_msg_Dic_MessageCategory_IsActive DEFAULT (1),
    CONSTRAINT PK_msg_Dic_MessageCategory PRIMARY KEY CLUSTERED (CategoryId)
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'UX_MessageCategory_Code' AND object_id = OBJECT_ID(N'ivr.msg_Dic_MessageCategory'))
CREATE UNIQUE NONCLUSTERED INDEX UX_MessageCategory_Code ON ivr.msg_Dic_MessageCategory (Code);
GO

-- ivr.msg_MessageStore
IF OBJECT_ID(N'ivr.msg_MessageStore', N'U') IS NULL
CREATE TABLE ivr.msg_MessageStore (
    MessageStoreId INT IDENTITY(1, 1) NOT NULL,
    Name NVARCHAR(200) NOT NULL,
    CompanyProjectId INT NOT NULL,
    AllowedLanguages NVARCHAR(MAX) NOT NULL,
    DefaultLanguage VARCHAR(10) NOT NULL,
    IsActive BIT NOT NULL CONSTRAINT DF_msg_MessageStore_IsActive DEFAULT (1),
    CreatedAt DATETIME2 NOT NULL CONSTRAINT DF_msg_MessageStore_CreatedAt DEFAULT (SYSUTCDATETIME()),
    CreatedBy VARCHAR(100) NOT NULL,
    UpdatedAt DATETIME2 NULL,
    UpdatedBy VARCHAR(100) NULL,
    CONSTRAINT PK_msg_MessageStore PRIMARY KEY CLUSTERED (MessageStoreId),
    CONSTRAINT FK_msg_MessageStore_CompanyProjectId FOREIGN KEY (CompanyProjectId) REFERENCES dbo.cfg_Dic_CompanyProject (CompanyProjectId),
    CONSTRAINT FK_msg_MessageStore_DefaultLanguage FOREIGN KEY (DefaultLanguage) REFERENCES dbo.cfg_Dic_Language (LanguageCode)
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_MessageStore_CompanyProjectId' AND object_id = OBJECT_ID(N'ivr.msg_MessageStore'))
CREATE NONCLUSTERED INDEX IX_MessageStore_CompanyProjectId ON ivr.msg_MessageStore (CompanyProjectId);
GO

-- ivr.rt_RoutingTable
IF OBJECT_ID(N'ivr.rt_RoutingTable', N'U') IS NULL
CREATE TABLE ivr.rt_RoutingTable (
    RoutingTableId INT IDENTITY(1, 1) NOT NULL,
    SourceId VARCHAR(100) NOT NULL,
    RoutingId VARCHAR(100) NOT NULL,
    CompanyProjectId INT NOT NULL,
    MessageStoreId INT NULL,
    LanguageCode VARCHAR(10) NOT NULL,
    InitSegment VARCHAR(100) NOT NULL,
    Config NVARCHAR(MAX) NULL,
    FeatureFlags NVARCHAR(MAX) NULL,
    IsActive BIT NOT NULL CONSTRAINT DF_rt_RoutingTable_IsActive DEFAULT (1),
    CreatedAt DATETIME2 NOT NULL CONSTRAINT DF_rt_RoutingTable_CreatedAt DEFAULT (SYSUTCDATETIME()),
    CreatedBy VARCHAR(100) NOT NULL,
    UpdatedAt DATETIME2 NULL,
    UpdatedBy VARCHAR(100) NULL,
    RowVersion ROWVERSION NOT NULL,
    CONSTRAINT PK_rt_RoutingTable PRIMARY KEY CLUSTERED (RoutingTableId),
    CONSTRAINT FK_rt_RoutingTable_CompanyProjectId FOREIGN KEY (CompanyProjectId) REFERENCES dbo.cfg_Dic_CompanyProject (CompanyProjectId),
    CONSTRAINT FK_rt_RoutingTable_MessageStoreId FOREIGN KEY (MessageStoreId) REFERENCES ivr.msg_MessageStore (MessageStoreId),
    CONSTRAINT FK_rt_RoutingTable_LanguageCode FOREIGN KEY (LanguageCode) REFERENCES dbo.cfg_Dic_Language (LanguageCode)
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_RoutingTable_SourceId' AND object_id = OBJECT_ID(N'ivr.rt_RoutingTable'))
CREATE UNIQUE NONCLUSTERED INDEX IX_RoutingTable_SourceId ON ivr.rt_RoutingTable (SourceId) WHERE IsActive = 1;
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_RoutingTable_CompanyProjectId' AND object_id = OBJECT_ID(N'ivr.rt_RoutingTable'))
CREATE NONCLUSTERED INDEX IX_RoutingTable_CompanyProjectId ON ivr.rt_RoutingTable (CompanyProjectId);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_RoutingTable_RoutingId' AND object_id = OBJECT_ID(N'ivr.rt_RoutingTable'))
CREATE NONCLUSTERED INDEX IX_RoutingTable_RoutingId ON ivr.rt_RoutingTable (RoutingId);
GO

-- ivr.rt_RoutingTableHistory
IF OBJECT_ID(N'ivr.rt_RoutingTableHistory', N'U') IS NULL
CREATE TABLE ivr.rt_RoutingTableHistory (
    HistoryId INT IDENTITY(1, 1) NOT NULL,
    RoutingTableId INT NOT NULL,
    VersionNumber INT NOT NULL,
    SnapshotData NVARCHAR(MAX) NOT NULL,
    ActionType VARCHAR(20) NOT NULL,
    ActionBy VARCHAR(100) NOT NULL,
    ActionAt DATETIME2 NOT NULL CONSTRAINT DF_rt_RoutingTableHistory_ActionAt DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT PK_rt_RoutingTableHistory PRIMARY KEY CLUSTERED (HistoryId),
    CONSTRAINT FK_rt_RoutingTableHistory_RoutingTableId FOREIGN KEY (RoutingTableId) REFERENCES ivr.rt_RoutingTable (RoutingTableId)
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'UX_RoutingTableHistory_Version' AND object_id = OBJECT_ID(N'ivr.rt_RoutingTableHistory'))
CREATE UNIQUE NONCLUSTERED INDEX UX_RoutingTableHistory_Version ON ivr.rt_RoutingTableHistory (RoutingTableId, VersionNumber);
GO

-- ivr.seg_ChangeSet
IF OBJECT_ID(N'ivr.seg_ChangeSet', N'U') IS NULL
CREATE TABLE ivr.seg_ChangeSet (
    ChangeSetId UNIQUEIDENTIFIER NOT NULL,
    RoutingId VARCHAR(100) NOT NULL,
    BasedOnVersion INT NULL,
    Status VARCHAR(20) NOT NULL CONSTRAINT DF_seg_ChangeSet_Status DEFAULT ('open'),
    Description NVARCHAR(200) NULL,
    CreatedAt DATETIME2 NOT NULL CONSTRAINT DF_seg_ChangeSet_CreatedAt DEFAULT (SYSUTCDATETIME()),
    CreatedBy VARCHAR(100) NOT NULL,
    UpdatedAt DATETIME2 NULL,
    UpdatedBy VARCHAR(100) NULL,
    CONSTRAINT PK_seg_ChangeSet PRIMARY KEY CLUSTERED (ChangeSetId),
    CONSTRAINT CK_seg_ChangeSet_Status CHECK (Status = 'open' OR Status = 'published' OR Status = 'discarded')
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_ChangeSet_Routing' AND object_id = OBJECT_ID(N'ivr.seg_ChangeSet'))
CREATE NONCLUSTERED INDEX IX_ChangeSet_Routing ON ivr.seg_ChangeSet (RoutingId, Status);
GO

-- ivr.seg_Segment
IF OBJECT_ID(N'ivr.seg_Segment', N'U') IS NULL
CREATE TABLE ivr.seg_Segment (
    SegmentId INT IDENTITY(1, 1) NOT NULL,
    RoutingId VARCHAR(100) NOT NULL,
    SegmentName VARCHAR(100) NOT NULL,
    ChangeSetId UNIQUEIDENTIFIER NULL,
    DicSegmentTypeId INT NOT NULL,
    SegmentOrder INT NULL,
    IsActive BIT NOT NULL CONSTRAINT DF_seg_Segment_IsActive DEFAULT (1),
    CreatedAt DATETIME2 NOT NULL CONSTRAINT DF_seg_Segment_CreatedAt DEFAULT (SYSUTCDATETIME()),
    CreatedBy VARCHAR(100) NOT NULL,
    UpdatedAt DATETIME2 NULL,
    UpdatedBy VARCHAR(100) NULL,
    RowVersion ROWVERSION NOT NULL,
    CONSTRAINT PK_seg_Segment PRIMARY KEY CLUSTERED (SegmentId),
    CONSTRAINT FK_seg_Segment_DicSegmentTypeId FOREIGN KEY (DicSegmentTypeId) REFERENCES dbo.cfg_Dic_SegmentType (DicSegmentTypeId)
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_Segment_RoutingChangeSet' AND object_id = OBJECT_ID(N'ivr.seg_Segment'))
CREATE NONCLUSTERED INDEX IX_Segment_RoutingChangeSet ON ivr.seg_Segment (RoutingId, ChangeSetId, IsActive);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_Segment_List' AND object_id = OBJECT_ID(N'ivr.seg_Segment'))
CREATE NONCLUSTERED INDEX IX_Segment_List ON ivr.seg_Segment (RoutingId, ChangeSetId, SegmentOrder, IsActive);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'UX_Segment_Published' AND object_id = OBJECT_ID(N'ivr.seg_Segment'))
CREATE UNIQUE NONCLUSTERED INDEX UX_Segment_Published ON ivr.seg_Segment (RoutingId, SegmentName) WHERE ChangeSetId IS NULL AND IsActive = 1;
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'UX_Segment_Draft' AND object_id = OBJECT_ID(N'ivr.seg_Segment'))
CREATE UNIQUE NONCLUSTERED INDEX UX_Segment_Draft ON ivr.seg_Segment (RoutingId, SegmentName, ChangeSetId) WHERE ChangeSetId IS NOT NULL AND IsActive = 1;
GO

-- ivr.seg_Key
IF OBJECT_ID(N'ivr.seg_Key', N'U') IS NULL
CREATE TABLE ivr.seg_Key (
    SegmentId INT NOT NULL,
    DicSegmentTypeId INT NOT NULL,
    DicKeyId INT NOT NULL,
    Value NVARCHAR(MAX) NULL,
    CreatedBy VARCHAR(100) NOT NULL,
    CreatedAt DATETIME2 NOT NULL CONSTRAINT DF_seg_Key_CreatedAt DEFAULT (SYSUTCDATETIME()),
    UpdatedBy VARCHAR(100) NULL,
    UpdatedAt DATETIME2 NULL,
    CONSTRAINT PK_seg_Key PRIMARY KEY CLUSTERED (SegmentId, DicSegmentTypeId, DicKeyId),
    CONSTRAINT FK_seg_Key_SegmentId FOREIGN KEY (SegmentId) REFERENCES ivr.seg_Segment (SegmentId) ON DELETE CASCADE,
    CONSTRAINT FK_seg_Key_DicSegmentTypeId FOREIGN KEY (DicSegmentTypeId) REFERENCES dbo.cfg_Dic_SegmentType (DicSegmentTypeId),
    CONSTRAINT FK_seg_Key_DicKeyId FOREIGN KEY (DicKeyId) REFERENCES dbo.cfg_Dic_Key (DicKeyId)
);
GO

-- ivr.seg_SegmentTransition
IF OBJECT_ID(N'ivr.seg_SegmentTransition', N'U') IS NULL
CREATE TABLE ivr.seg_SegmentTransition (
    TransitionId INT IDENTITY(1, 1) NOT NULL,
    SourceSegmentId INT NOT NULL,
    SourceSegmentName VARCHAR(100) NOT NULL,
    ResultName VARCHAR(100) NOT NULL,
    NextSegmentName VARCHAR(100) NOT NULL,
    ContextKey VARCHAR(100) NULL,
    RoutingId VARCHAR(100) NOT NULL,
    ChangeSetId UNIQUEIDENTIFIER NULL,
    IsActive BIT NOT NULL CONSTRAINT DF_seg_SegmentTransition_IsActive DEFAULT (1),
    CreatedBy VARCHAR(100) NOT NULL,
    CreatedAt DATETIME2 NOT NULL CONSTRAINT DF_seg_SegmentTransition_CreatedAt DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT PK_seg_SegmentTransition PRIMARY KEY CLUSTERED (TransitionId),
    CONSTRAINT FK_seg_SegmentTransition_SourceSegmentId FOREIGN KEY (SourceSegmentId) REFERENCES ivr.seg_Segment (SegmentId) ON DELETE CASCADE
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_SegmentTransition_RoutingChangeSet' AND object_id = OBJECT_ID(N'ivr.seg_SegmentTransition'))
CREATE NONCLUSTERED INDEX IX_SegmentTransition_RoutingChangeSet ON ivr.seg_SegmentTransition (RoutingId, ChangeSetId, IsActive);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_SegmentTransition_SourceSegmentId' AND object_id = OBJECT_ID(N'ivr.seg_SegmentTransition'))
CREATE NONCLUSTERED INDEX IX_SegmentTransition_SourceSegmentId ON ivr.seg_SegmentTransition (SourceSegmentId);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'UX_SegmentTransition_Result' AND object_id = OBJECT_ID(N'ivr.seg_SegmentTransition'))
CREATE UNIQUE NONCLUSTERED INDEX UX_SegmentTransition_Result ON ivr.seg_SegmentTransition (SourceSegmentId, ResultName) WHERE ContextKey IS NULL AND IsActive = 1;
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'UX_SegmentTransition_ContextResult' AND object_id = OBJECT_ID(N'ivr.seg_SegmentTransition'))
CREATE UNIQUE NONCLUSTERED INDEX UX_SegmentTransition_ContextResult ON ivr.seg_SegmentTransition (SourceSegmentId, ResultName, ContextKey) WHERE ContextKey IS NOT NULL AND IsActive = 1;
GO

-- ivr.seg_SegmentUIState
IF OBJECT_ID(N'ivr.seg_SegmentUIState', N'U') IS NULL
CREATE TABLE ivr.seg_SegmentUIState (
    SegmentId INT NOT NULL,
    PositionX FLOAT NOT NULL CONSTRAINT DF_seg_SegmentUIState_PositionX DEFAULT (0),
    PositionY FLOAT NOT NULL CONSTRAINT DF_seg_SegmentUIState_PositionY DEFAULT (0),
    IsCollapsed BIT NOT NULL CONSTRAINT DF_seg_SegmentUIState_IsCollapsed DEFAULT (0),
    CustomStyle NVARCHAR(MAX) NULL,
    UpdatedBy VARCHAR(100) NULL,
    UpdatedAt DATETIME2 NULL,
    CONSTRAINT PK_seg_SegmentUIState PRIMARY KEY CLUSTERED (SegmentId),
    CONSTRAINT FK_seg_SegmentUIState_SegmentId FOREIGN KEY (SegmentId) REFERENCES ivr.seg_Segment (SegmentId) ON DELETE CASCADE
);
GO

-- ivr.msg_MessageKey
IF OBJECT_ID(N'ivr.msg_MessageKey', N'U') IS NULL
CREATE TABLE ivr.msg_MessageKey (
    MessageKeyId INT IDENTITY(1, 1) NOT NULL,
    MessageStoreId INT NOT NULL,
    MessageKey VARCHAR(64) NOT NULL,
    MessageTypeId INT NOT NULL,
    CategoryId INT NOT NULL,
    PublishedVersion INT NULL,
    DisplayName NVARCHAR(200) NULL,
    IsActive BIT NOT NULL CONSTRAINT DF_msg_MessageKey_IsActive DEFAULT (1),
    CreatedAt DATETIME2 NOT NULL CONSTRAINT DF_msg_MessageKey_CreatedAt DEFAULT (SYSUTCDATETIME()),
    CreatedBy VARCHAR(100) NOT NULL,
    UpdatedAt DATETIME2 NULL,
    UpdatedBy VARCHAR(100) NULL,
    RowVersion ROWVERSION NOT NULL,
    CONSTRAINT PK_msg_MessageKey PRIMARY KEY CLUSTERED (MessageKeyId),
    CONSTRAINT FK_msg_MessageKey_MessageStoreId FOREIGN KEY (MessageStoreId) REFERENCES ivr.msg_MessageStore (MessageStoreId),
    CONSTRAINT FK_msg_MessageKey_MessageTypeId FOREIGN KEY (MessageTypeId) REFERENCES ivr.msg_Dic_MessageType (MessageTypeId),
    CONSTRAINT FK_msg_MessageKey_CategoryId FOREIGN KEY (CategoryId) REFERENCES ivr.msg_Dic_MessageCategory (CategoryId),
    CONSTRAINT CK_msg_MessageKey_PublishedVersion CHECK (PublishedVersion IS NULL OR (PublishedVersion >= 1 AND PublishedVersion <= 10))
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_MessageKey_Lookup' AND object_id = OBJECT_ID(N'ivr.msg_MessageKey'))
CREATE NONCLUSTERED INDEX IX_MessageKey_Lookup ON ivr.msg_MessageKey (MessageStoreId, MessageKey, PublishedVersion) INCLUDE (MessageKeyId);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_MessageKey_Search' AND object_id = OBJECT_ID(N'ivr.msg_MessageKey'))
CREATE NONCLUSTERED INDEX IX_MessageKey_Search ON ivr.msg_MessageKey (MessageStoreId, IsActive, MessageKey);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'UX_MessageKey_StoreKey' AND object_id = OBJECT_ID(N'ivr.msg_MessageKey'))
CREATE UNIQUE NONCLUSTERED INDEX UX_MessageKey_StoreKey ON ivr.msg_MessageKey (MessageStoreId, MessageKey) WHERE IsActive = 1;
GO

-- ivr.msg_MessageKeyVersion
IF OBJECT_ID(N'ivr.msg_MessageKeyVersion', N'U') IS NULL
CREATE TABLE ivr.msg_MessageKeyVersion (
    MessageKeyVersionId UNIQUEIDENTIFIER NOT NULL CONSTRAINT DF_msg_MessageKeyVersion_MessageKeyVersionId DEFAULT (NEWID()),
    MessageKeyId INT NOT NULL,
    Version INT NOT NULL,
    VersionName NVARCHAR(200) NULL,
    IsActive BIT NOT NULL CONSTRAINT DF_msg_MessageKeyVersion_IsActive DEFAULT (1),
    CreatedAt DATETIME2 NOT NULL CONSTRAINT DF_msg_MessageKeyVersion_CreatedAt DEFAULT (SYSUTCDATETIME()),
    CreatedBy VARCHAR(100) NOT NULL,
    CONSTRAINT PK_msg_MessageKeyVersion PRIMARY KEY CLUSTERED (MessageKeyVersionId),
    CONSTRAINT FK_msg_MessageKeyVersion_MessageKeyId FOREIGN KEY (MessageKeyId) REFERENCES ivr.msg_MessageKey (MessageKeyId),
    CONSTRAINT CK_msg_MessageKeyVersion_Version CHECK (Version >= 1 AND Version <= 10)
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_MessageKeyVersion_Lookup' AND object_id = OBJECT_ID(N'ivr.msg_MessageKeyVersion'))
CREATE NONCLUSTERED INDEX IX_MessageKeyVersion_Lookup ON ivr.msg_MessageKeyVersion (MessageKeyId, Version) INCLUDE (MessageKeyVersionId);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'UX_MessageKeyVersion_KeyVersion' AND object_id = OBJECT_ID(N'ivr.msg_MessageKeyVersion'))
CREATE UNIQUE NONCLUSTERED INDEX UX_MessageKeyVersion_KeyVersion ON ivr.msg_MessageKeyVersion (MessageKeyId, Version);
GO

-- ivr.msg_MessageLanguageContent
IF OBJECT_ID(N'ivr.msg_MessageLanguageContent', N'U') IS NULL
CREATE TABLE ivr.msg_MessageLanguageContent (
    MessageLanguageContentId INT IDENTITY(1, 1) NOT NULL,
    MessageKeyVersionId UNIQUEIDENTIFIER NOT NULL,
    Language VARCHAR(10) NOT NULL,
    Content NVARCHAR(MAX) NOT NULL,
    TypeSettings NVARCHAR(MAX) NULL,
    CreatedAt DATETIME2 NOT NULL CONSTRAINT DF_msg_MessageLanguageContent_CreatedAt DEFAULT (SYSUTCDATETIME()),
    CreatedBy VARCHAR(100) NOT NULL,
    UpdatedAt DATETIME2 NULL,
    UpdatedBy VARCHAR(100) NULL,
    CONSTRAINT PK_msg_MessageLanguageContent PRIMARY KEY CLUSTERED (MessageLanguageContentId),
    CONSTRAINT FK_msg_MessageLanguageContent_MessageKeyVersionId FOREIGN KEY (MessageKeyVersionId) REFERENCES ivr.msg_MessageKeyVersion (MessageKeyVersionId) ON DELETE CASCADE,
    CONSTRAINT FK_msg_MessageLanguageContent_Language FOREIGN KEY (Language) REFERENCES dbo.cfg_Dic_Language (LanguageCode)
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_MessageLanguageContent_Lookup' AND object_id = OBJECT_ID(N'ivr.msg_MessageLanguageContent'))
CREATE NONCLUSTERED INDEX IX_MessageLanguageContent_Lookup ON ivr.msg_MessageLanguageContent (MessageKeyVersionId, Language) INCLUDE (Content, TypeSettings);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'UX_MessageLanguageContent_VersionLanguage' AND object_id = OBJECT_ID(N'ivr.msg_MessageLanguageContent'))
CREATE UNIQUE NONCLUSTERED INDEX UX_MessageLanguageContent_VersionLanguage ON ivr.msg_MessageLanguageContent (MessageKeyVersionId, Language);
GO

-- ivr.msg_MessageStoreVoiceConfig
IF OBJECT_ID(N'ivr.msg_MessageStoreVoiceConfig', N'U') IS NULL
CREATE TABLE ivr.msg_MessageStoreVoiceConfig (
    ConfigId INT IDENTITY(1, 1) NOT NULL,
    MessageStoreId INT NOT NULL,
    Language VARCHAR(10) NOT NULL,
    VoiceId INT NOT NULL,
    IsDefault BIT NOT NULL CONSTRAINT DF_msg_MessageStoreVoiceConfig_IsDefault DEFAULT (0),
    CreatedAt DATETIME2 NOT NULL CONSTRAINT DF_msg_MessageStoreVoiceConfig_CreatedAt DEFAULT (SYSUTCDATETIME()),
    CreatedBy VARCHAR(100) NOT NULL,
    CONSTRAINT PK_msg_MessageStoreVoiceConfig PRIMARY KEY CLUSTERED (ConfigId),
    CONSTRAINT FK_msg_MessageStoreVoiceConfig_MessageStoreId FOREIGN KEY (MessageStoreId) REFERENCES ivr.msg_MessageStore (MessageStoreId),
    CONSTRAINT FK_msg_MessageStoreVoiceConfig_Language FOREIGN KEY (Language) REFERENCES dbo.cfg_Dic_Language (LanguageCode),
    CONSTRAINT FK_msg_MessageStoreVoiceConfig_VoiceId FOREIGN KEY (VoiceId) REFERENCES dbo.cfg_Dic_Voice (VoiceId)
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'UX_MessageStoreVoiceConfig_Voice' AND object_id = OBJECT_ID(N'ivr.msg_MessageStoreVoiceConfig'))
CREATE UNIQUE NONCLUSTERED INDEX UX_MessageStoreVoiceConfig_Voice ON ivr.msg_MessageStoreVoiceConfig (MessageStoreId, Language, VoiceId);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'UX_MessageStoreVoiceConfig_Default' AND object_id = OBJECT_ID(N'ivr.msg_MessageStoreVoiceConfig'))
CREATE UNIQUE NONCLUSTERED INDEX UX_MessageStoreVoiceConfig_Default ON ivr.msg_MessageStoreVoiceConfig (MessageStoreId, Language) WHERE IsDefault = 1;
GO

-- ivr.msg_MessageKeyAudit
IF OBJECT_ID(N'ivr.msg_MessageKeyAudit', N'U') IS NULL
CREATE TABLE ivr.msg_MessageKeyAudit (
    AuditId UNIQUEIDENTIFIER NOT NULL CONSTRAINT DF_msg_MessageKeyAudit_AuditId DEFAULT (NEWID()),
    MessageKeyId INT NOT NULL,
    MessageKeyVersionId UNIQUEIDENTIFIER NULL,
    Action VARCHAR(20) NOT NULL,
    ActionBy VARCHAR(100) NOT NULL,
    ActionAt DATETIME2 NOT NULL CONSTRAINT DF_msg_MessageKeyAudit_ActionAt DEFAULT (SYSUTCDATETIME()),
    AuditData NVARCHAR(MAX) NULL,
    CONSTRAINT PK_msg_MessageKeyAudit PRIMARY KEY CLUSTERED (AuditId)
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_MessageKeyAudit_MessageKey' AND object_id = OBJECT_ID(N'ivr.msg_MessageKeyAudit'))
CREATE NONCLUSTERED INDEX IX_MessageKeyAudit_MessageKey ON ivr.msg_MessageKeyAudit (MessageKeyId, ActionAt);
GO

-- dbo.sys_AuditLog
IF OBJECT_ID(N'dbo.sys_AuditLog', N'U') IS NULL
CREATE TABLE dbo.sys_AuditLog (
    AuditId BIGINT IDENTITY(1, 1) NOT NULL,
    OccurredAt DATETIME2 NOT NULL CONSTRAINT DF_sys_AuditLog_OccurredAt DEFAULT (SYSUTCDATETIME()),
    Actor VARCHAR(100) NOT NULL,
    Environment VARCHAR(50) NOT NULL,
    EntityType VARCHAR(50) NOT NULL,
    EntityId VARCHAR(200) NOT NULL,
    Action VARCHAR(50) NOT NULL,
    BeforeData NVARCHAR(MAX) NULL,
    AfterData NVARCHAR(MAX) NULL,
    CONSTRAINT PK_sys_AuditLog PRIMARY KEY CLUSTERED (AuditId)
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_AuditLog_Entity' AND object_id = OBJECT_ID(N'dbo.sys_AuditLog'))
CREATE NONCLUSTERED INDEX IX_AuditLog_Entity ON dbo.sys_AuditLog (EntityType, EntityId, OccurredAt);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_AuditLog_Actor' AND object_id = OBJECT_ID(N'dbo.sys_AuditLog'))
CREATE NONCLUSTERED INDEX IX_AuditLog_Actor ON dbo.sys_AuditLog (Actor, OccurredAt);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_AuditLog_OccurredAt' AND object_id = OBJECT_ID(N'dbo.sys_AuditLog'))
CREATE NONCLUSTERED INDEX IX_AuditLog_OccurredAt ON dbo.sys_AuditLog (OccurredAt);
GO

