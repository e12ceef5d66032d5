-- V20261202201500__segment_results.sql  (SQLite, the embedded `local` environment)
-- Purpose: the results each segment type can produce (transition ResultName) as data, so the
--          designer draws one output handle per result and validation checks transitions against
--          them: cfg_Dic_SegmentResult and its reference rows.
-- Date:    2026-12-02
-- A row is either a fixed result (ResultName) or the rule for results that come from
-- configuration (ConfigKeyName + ConfigField: each element of that JSON-array key names a result
-- in that member, e.g. a menu's options[].result). MustHandle: a result with no transition is an
-- error (publish is blocked) instead of a warning. SortOrder orders the handles on the canvas.
-- A non-terminal type without rows declares nothing (any result name is accepted); terminal types
-- (goto_flow, disconnect) produce none. Schema model: crates/domain/src/schema/tables.rs.
-- Idempotent: IF NOT EXISTS, and a row only when its (type, result) is absent. The migration engine
-- wraps the file in one transaction.
-- Never edit this file once applied: add a new V<timestamp>__<name>.sql instead.

-- dbo.cfg_Dic_SegmentResult
CREATE TABLE IF NOT EXISTS cfg_Dic_SegmentResult (
    DicSegmentResultId INTEGER NOT NULL CONSTRAINT PK_cfg_Dic_SegmentResult PRIMARY KEY AUTOINCREMENT,
    DicSegmentTypeId INTEGER NOT NULL,
    ResultName TEXT,
    ConfigKeyName TEXT,
    ConfigField TEXT,
    MustHandle INTEGER NOT NULL DEFAULT 0,
    SortOrder INTEGER NOT NULL DEFAULT 0,
    Description TEXT,
    IsActive INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT FK_cfg_Dic_SegmentResult_DicSegmentTypeId FOREIGN KEY (DicSegmentTypeId) REFERENCES cfg_Dic_SegmentType (DicSegmentTypeId),
    CONSTRAINT CK_cfg_Dic_SegmentResult_Source CHECK ((ResultName IS NOT NULL AND ConfigKeyName IS NULL AND ConfigField IS NULL) OR (ResultName IS NULL AND ConfigKeyName IS NOT NULL AND ConfigField IS NOT NULL))
);
CREATE UNIQUE INDEX IF NOT EXISTS UX_SegmentResult_Name ON cfg_Dic_SegmentResult (DicSegmentTypeId, ResultName) WHERE ResultName IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS UX_SegmentResult_Config ON cfg_Dic_SegmentResult (DicSegmentTypeId, ConfigKeyName) WHERE ConfigKeyName IS NOT NULL;

-- Fixed results per segment type (the list the reference-data migration gave as a comment).
WITH v (SegmentType, ResultName, MustHandle, SortOrder, Description) AS (VALUES
    ('play_message', 'done', 1, 10, 'the message was played'),
    ('menu', 'no_input', 0, 20, 'the caller pressed nothing (after the retries)'),
    ('menu', 'no_match', 0, 30, 'the caller pressed a key that is not an option (after the retries)'),
    ('collect_digits', 'success', 1, 10, 'valid digits were entered'),
    ('collect_digits', 'no_input', 0, 20, 'the caller entered nothing (after the retries)'),
    ('collect_digits', 'invalid', 0, 30, 'the input stayed invalid (after the retries)'),
    ('language_select', 'selected', 1, 10, 'a language was chosen'),
    ('language_select', 'no_input', 0, 20, 'the caller pressed nothing (after the retries)'),
    ('language_select', 'no_match', 0, 30, 'the caller pressed a key that is not a language'),
    ('business_hours_check', 'open', 1, 10, 'within opening hours'),
    ('business_hours_check', 'closed', 1, 20, 'outside opening hours'),
    ('business_hours_check', 'holiday', 0, 30, 'a day of the holiday calendar'),
    ('transfer', 'failed', 0, 10, 'the transfer did not connect'),
    ('queue', 'timeout', 0, 10, 'the maximum wait passed'),
    ('queue', 'full', 0, 20, 'the queue accepts no more callers'),
    ('queue', 'error', 0, 30, 'the queue could not be joined'),
    ('data_lookup', 'success', 1, 10, 'the lookup answered'),
    ('data_lookup', 'not_found', 0, 20, 'nothing was found'),
    ('data_lookup', 'error', 0, 30, 'the lookup failed or timed out'),
    ('set_variable', 'done', 1, 10, 'the variable was set'),
    ('condition', 'true', 1, 10, 'the condition holds'),
    ('condition', 'false', 1, 20, 'the condition does not hold'),
    ('voicemail', 'recorded', 0, 10, 'a message was recorded'),
    ('voicemail', 'no_recording', 0, 20, 'the caller left no message'),
    ('callback', 'scheduled', 0, 10, 'a callback was scheduled'),
    ('callback', 'declined', 0, 20, 'the caller declined the callback'),
    ('callback', 'error', 0, 30, 'the callback could not be scheduled')
)
INSERT INTO cfg_Dic_SegmentResult (DicSegmentTypeId, ResultName, MustHandle, SortOrder, Description)
SELECT st.DicSegmentTypeId, v.ResultName, v.MustHandle, v.SortOrder, v.Description
FROM v
JOIN cfg_Dic_SegmentType AS st ON st.Code = v.SegmentType
WHERE NOT EXISTS (SELECT 1 FROM cfg_Dic_SegmentResult AS x WHERE x.DicSegmentTypeId = st.DicSegmentTypeId AND x.ResultName = v.ResultName);

-- Results that come from configuration: one per element of the JSON-array key, named by a member.
WITH v (SegmentType, ConfigKeyName, ConfigField, MustHandle, SortOrder, Description) AS (VALUES
    ('menu', 'options', 'result', 1, 10, 'one result per menu option: the option''s result')
)
INSERT INTO cfg_Dic_SegmentResult (DicSegmentTypeId, ConfigKeyName, ConfigField, MustHandle, SortOrder, Description)
SELECT st.DicSegmentTypeId, v.ConfigKeyName, v.ConfigField, v.MustHandle, v.SortOrder, v.Description
FROM v
JOIN cfg_Dic_SegmentType AS st ON st.Code = v.SegmentType
WHERE NOT EXISTS (SELECT 1 FROM cfg_Dic_SegmentResult AS x WHERE x.DicSegmentTypeId = st.DicSegmentTypeId AND x.ConfigKeyName = v.ConfigKeyName);
