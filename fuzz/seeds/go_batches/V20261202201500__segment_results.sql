-- V20261202201500__segment_results.sql  (SQL Server 2022 / Azure SQL)
-- Purpose: the results each segment type can produce (transition ResultName) as data, so the
--          designer draws one output handle per result and validation checks transitions against
--          them: dbo.cfg_Dic_SegmentResult and its reference rows.
-- Date:    2026-12-02
-- A row is either a fixed result (ResultName) or the rule for results that come from
-- configuration (ConfigKeyName + ConfigField: each element of that JSON-array key names a result
-- in that member, e.g. a menu's options[].result). MustHandle: a result with no transition is an
-- error (publish is blocked) instead of a warning. SortOrder orders the handles on the canvas.
-- A non-terminal type without rows declares nothing (any result name is accepted); terminal types
-- (goto_flow, disconnect) produce none. Schema model: crates/domain/src/schema/tables.rs.
-- Idempotent: the table and index only when absent, a row only when its (type, result) is absent.
-- Never edit this file once applied: add a new V<timestamp>__<name>.sql instead.

-- Filtered indexes need these session options when they are created (sqlcmd defaults
-- QUOTED_IDENTIFIER to OFF); they are parse-time options, so they get a batch of their own.
SET ANSI_NULLS ON;
SET QUOTED_IDENTIFIER ON;
SET ANSI_PADDING ON;
SET ANSI_WARNINGS ON;
GO

-- dbo.cfg_Dic_SegmentResult
IF OBJECT_ID(N'dbo.cfg_Dic_SegmentResult', N'U') IS NULL
CREATE TABLE dbo.cfg_Dic_SegmentResult (
    DicSegmentResultId INT IDENTITY(1, 1) NOT NULL,
    DicSegmentTypeId INT NOT NULL,
    ResultName VARCHAR(100) NULL,
    ConfigKeyName VARCHAR(100) NULL,
    ConfigField VARCHAR(100) NULL,
    MustHandle BIT NOT NULL CONSTRAINT DF_cfg_Dic_SegmentResult_MustHandle DEFAULT (0),
    SortOrder INT NOT NULL CONSTRAINT DF_cfg_Dic_SegmentResult_SortOrder DEFAULT (0),
    Description NVARCHAR(200) NULL,
    IsActive BIT NOT NULL CONSTRAINT DF_cfg_Dic_SegmentResult_IsActive DEFAULT (1),
    CONSTRAINT PK_cfg_Dic_SegmentResult PRIMARY KEY CLUSTERED (DicSegmentResultId),
    CONSTRAINT FK_cfg_Dic_SegmentResult_DicSegmentTypeId FOREIGN KEY (DicSegmentTypeId) REFERENCES dbo.cfg_Dic_SegmentType (DicSegmentTypeId),
    CONSTRAINT CK_cfg_Dic_SegmentResult_Source CHECK ((ResultName IS NOT NULL AND ConfigKeyName IS NULL AND ConfigField IS NULL) OR (ResultName IS NULL AND ConfigKeyName IS NOT NULL AND ConfigField IS NOT NULL))
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'UX_SegmentResult_Name' AND object_id = OBJECT_ID(N'dbo.cfg_Dic_SegmentResult'))
CREATE UNIQUE NONCLUSTERED INDEX UX_SegmentResult_Name ON dbo.cfg_Dic_SegmentResult (DicSegmentTypeId, ResultName) WHERE ResultName IS NOT NULL;
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'UX_SegmentResult_Config' AND object_id = OBJECT_ID(N'dbo.cfg_Dic_SegmentResult'))
CREATE UNIQUE NONCLUSTERED INDEX UX_SegmentResult_Config ON dbo.cfg_Dic_SegmentResult (DicSegmentTypeId, ConfigKeyName) WHERE ConfigKeyName IS NOT NULL;
GO

-- Fixed results per segment type (the list the reference-data migration gave as a comment).
INSERT INTO dbo.cfg_Dic_SegmentResult (DicSegmentTypeId, ResultName, MustHandle, SortOrder, Description)
SELECT st.DicSegmentTypeId, v.ResultName, v.MustHandle, v.SortOrder, v.Description
FROM (VALUES
    ('play_message', 'done', 1, 10, N'the message was played'),
    ('menu', 'no_input', 0, 20, N'the caller pressed nothing (after the retries)'),
    ('menu', 'no_match', 0, 30, N'the caller pressed a key that is not an option (after the retries)'),
    ('collect_digits', 'success', 1, 10, N'valid digits were entered'),
    ('collect_digits', 'no_input', 0, 20, N'the caller entered nothing (after the retries)'),
    ('collect_digits', 'invalid', 0, 30, N'the input stayed invalid (after the retries)'),
    ('language_select', 'selected', 1, 10, N'a language was chosen'),
    ('language_select', 'no_input', 0, 20, N'the caller pressed nothing (after the retries)'),
    ('language_select', 'no_match', 0, 30, N'the caller pressed a key that is not a language'),
    ('business_hours_check', 'open', 1, 10, N'within opening hours'),
    ('business_hours_check', 'closed', 1, 20, N'outside opening hours'),
    ('business_hours_check', 'holiday', 0, 30, N'a day of the holiday calendar'),
    ('transfer', 'failed', 0, 10, N'the transfer did not connect'),
    ('queue', 'timeout', 0, 10, N'the maximum wait passed'),
    ('queue', 'full', 0, 20, N'the queue accepts no more callers'),
    ('queue', 'error', 0, 30, N'the queue could not be joined'),
    ('data_lookup', 'success', 1, 10, N'the lookup answered'),
    ('data_lookup', 'not_found', 0, 20, N'nothing was found'),
    ('data_lookup', 'error', 0, 30, N'the lookup failed or timed out'),
    ('set_variable', 'done', 1, 10, N'the variable was set'),
    ('condition', 'true', 1, 10, N'the condition holds'),
    ('condition', 'false', 1, 20, N'the condition does not hold'),
    ('voicemail', 'recorded', 0, 10, N'a message was recorded'),
    ('voicemail', 'no_recording', 0, 20, N'the caller left no message'),
    ('callback', 'scheduled', 0, 10, N'a callback was scheduled'),
    ('callback', 'declined', 0, 20, N'the caller declined the callback'),
    ('callback', 'error', 0, 30, N'the callback could not be scheduled')
) AS v (SegmentType, ResultName, MustHandle, SortOrder, Description)
JOIN dbo.cfg_Dic_SegmentType AS st ON st.Code = v.SegmentType
WHERE NOT EXISTS (SELECT 1 FROM dbo.cfg_Dic_SegmentResult AS x WHERE x.DicSegmentTypeId = st.DicSegmentTypeId AND x.ResultName = v.ResultName);
GO

-- Results that come from configuration: one per element of the JSON-array key, named by a member.
INSERT INTO dbo.cfg_Dic_SegmentResult (DicSegmentTypeId, ConfigKeyName, ConfigField, MustHandle, SortOrder, Description)
SELECT st.DicSegmentTypeId, v.ConfigKeyName, v.ConfigField, v.MustHandle, v.SortOrder, v.Description
FROM (VALUES
    ('menu', 'options', 'result', 1, 10, N'one result per menu option: the option''s result')
) AS v (SegmentType, ConfigKeyName, ConfigField, MustHandle, SortOrder, Description)
JOIN dbo.cfg_Dic_SegmentType AS st ON st.Code = v.SegmentType
WHERE NOT EXISTS (SELECT 1 FROM dbo.cfg_Dic_SegmentResult AS x WHERE x.DicSegmentTypeId = st.DicSegmentTypeId AND x.ConfigKeyName = v.ConfigKeyName);
GO
