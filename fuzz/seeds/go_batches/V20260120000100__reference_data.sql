-- V20260120000100__reference_data.sql  (SQL Server 2022 / Azure SQL)
-- Purpose: reference data every environment starts with: environments, languages, key types, TTS
--          voices, message types (with the JSON Schema of their TypeSettings), message categories,
--          and the segment-type catalogue with its key dictionary (cfg_Dic_Key).
-- Date:    2026-01-20
-- Idempotent: a row is inserted only when its code (natural key) is absent, so re-running the file or
-- running it on a database where admins changed these rows changes nothing. Both engines' files
-- insert the same rows. Identity values differ between databases: look rows up by Code.
-- Conventions the application relies on:
--   * seg_Key.Value / cfg_Dic_Key.DefaultValue hold text by key type: string = the raw text,
--     integer = decimal digits, boolean = true/false, json = JSON text. ValidationSchema (JSON Schema
--     2020-12) validates the typed value (string -> JSON string, integer -> number, ...).
--   * Keys holding a message key are named messageKey or end in MessageKey, type string, pattern
--     ^[A-Z][A-Z0-9_]{0,63}$.
--   * Menu options are the json key `options`: [{"digit": "1", "result": "sales"}, ...]; each
--     option's result is a transition ResultName of that segment.
--   * The results each segment type can produce (transition ResultName) are listed below per type.
-- Never edit this file once applied: add a new V<timestamp>__<name>.sql instead.

SET ANSI_NULLS ON;
SET QUOTED_IDENTIFIER ON;
GO

-- Environments (spec: dvp/acc/prd)
INSERT INTO dbo.cfg_Dic_Environment (Code, DisplayName)
SELECT v.Code, v.DisplayName
FROM (VALUES
    ('dvp', N'Development'),
    ('acc', N'Acceptance'),
    ('prd', N'Production')
) AS v (Code, DisplayName)
WHERE NOT EXISTS (SELECT 1 FROM dbo.cfg_Dic_Environment AS x WHERE x.Code = v.Code);
GO

-- Languages (BCP47)
INSERT INTO dbo.cfg_Dic_Language (LanguageCode, DisplayName)
SELECT v.LanguageCode, v.DisplayName
FROM (VALUES
    ('nl-BE', N'Nederlands (België)'),
    ('fr-BE', N'Français (Belgique)'),
    ('de-DE', N'Deutsch (Deutschland)'),
    ('en-US', N'English (United States)'),
    ('en-GB', N'English (United Kingdom)'),
    ('nl-NL', N'Nederlands (Nederland)'),
    ('fr-FR', N'Français (France)')
) AS v (LanguageCode, DisplayName)
WHERE NOT EXISTS (SELECT 1 FROM dbo.cfg_Dic_Language AS x WHERE x.LanguageCode = v.LanguageCode);
GO

-- Key types of segment configuration keys
INSERT INTO dbo.cfg_Dic_KeyType (Code, DisplayName)
SELECT v.Code, v.DisplayName
FROM (VALUES
    ('string', N'Text'),
    ('integer', N'Whole number'),
    ('boolean', N'Yes / no'),
    ('json', N'JSON value')
) AS v (Code, DisplayName)
WHERE NOT EXISTS (SELECT 1 FROM dbo.cfg_Dic_KeyType AS x WHERE x.Code = v.Code);
GO

-- TTS voices: Google (no Belgian French voices), Azure, Amazon Polly, ElevenLabs; every language on three engines or more
INSERT INTO dbo.cfg_Dic_Voice (Code, Engine, Language, Gender, DisplayName)
SELECT v.Code, v.Engine, v.Language, v.Gender, v.DisplayName
FROM (VALUES
    ('nl-BE-Wavenet-A', 'google', 'nl-BE', 'female', N'Google nl-BE WaveNet A'),
    ('nl-BE-Wavenet-B', 'google', 'nl-BE', 'male', N'Google nl-BE WaveNet B'),
    ('de-DE-Wavenet-A', 'google', 'de-DE', 'female', N'Google de-DE WaveNet A'),
    ('de-DE-Wavenet-B', 'google', 'de-DE', 'male', N'Google de-DE WaveNet B'),
    ('en-US-Wavenet-F', 'google', 'en-US', 'female', N'Google en-US WaveNet F'),
    ('en-US-Wavenet-D', 'google', 'en-US', 'male', N'Google en-US WaveNet D'),
    ('en-GB-Wavenet-A', 'google', 'en-GB', 'female', N'Google en-GB WaveNet A'),
    ('en-GB-Wavenet-B', 'google', 'en-GB', 'male', N'Google en-GB WaveNet B'),
    ('nl-NL-Wavenet-A', 'google', 'nl-NL', 'female', N'Google nl-NL WaveNet A'),
    ('nl-NL-Wavenet-B', 'google', 'nl-NL', 'male', N'Google nl-NL WaveNet B'),
    ('fr-FR-Wavenet-A', 'google', 'fr-FR', 'female', N'Google fr-FR WaveNet A'),
    ('fr-FR-Wavenet-B', 'google', 'fr-FR', 'male', N'Google fr-FR WaveNet B'),
    ('nl-BE-DenaNeural', 'azure', 'nl-BE', 'female', N'Azure Dena (nl-BE)'),
    ('nl-BE-ArnaudNeural', 'azure', 'nl-BE', 'male', N'Azure Arnaud (nl-BE)'),
    ('fr-BE-CharlineNeural', 'azure', 'fr-BE', 'female', N'Azure Charline (fr-BE)'),
    ('fr-BE-GerardNeural', 'azure', 'fr-BE', 'male', N'Azure Gerard (fr-BE)'),
    ('de-DE-KatjaNeural', 'azure', 'de-DE', 'female', N'Azure Katja (de-DE)'),
    ('de-DE-ConradNeural', 'azure', 'de-DE', 'male', N'Azure Conrad (de-DE)'),
    ('en-US-JennyNeural', 'azure', 'en-US', 'female', N'Azure Jenny (en-US)'),
    ('en-US-GuyNeural', 'azure', 'en-US', 'male', N'Azure Guy (en-US)'),
    ('en-GB-SoniaNeural', 'azure', 'en-GB', 'female', N'Azure Sonia (en-GB)'),
    ('en-GB-RyanNeural', 'azure', 'en-GB', 'male', N'Azure Ryan (en-GB)'),
    ('nl-NL-FennaNeural', 'azure', 'nl-NL', 'female', N'Azure Fenna (nl-NL)'),
    ('nl-NL-MaartenNeural', 'azure', 'nl-NL', 'male', N'Azure Maarten (nl-NL)'),
    ('fr-FR-DeniseNeural', 'azure', 'fr-FR', 'female', N'Azure Denise (fr-FR)'),
    ('fr-FR-HenriNeural', 'azure', 'fr-FR', 'male', N'Azure Henri (fr-FR)'),
    ('polly-nl-BE-Lisa-Neural', 'amazon', 'nl-BE', 'female', N'Amazon Polly Lisa (nl-BE)'),
    ('polly-fr-BE-Isabelle-Neural', 'amazon', 'fr-BE', 'female', N'Amazon Polly Isabelle (fr-BE)'),
    ('polly-de-DE-Vicki-Neural', 'amazon', 'de-DE', 'female', N'Amazon Polly Vicki (de-DE)'),
    ('polly-de-DE-Daniel-Neural', 'amazon', 'de-DE', 'male', N'Amazon Polly Daniel (de-DE)'),
    ('polly-en-US-Joanna-Neural', 'amazon', 'en-US', 'female', N'Amazon Polly Joanna (en-US)'),
    ('polly-en-US-Matthew-Neural', 'amazon', 'en-US', 'male', N'Amazon Polly Matthew (en-US)'),
    ('polly-en-GB-Amy-Neural', 'amazon', 'en-GB', 'female', N'Amazon Polly Amy (en-GB)'),
    ('polly-en-GB-Brian-Neural', 'amazon', 'en-GB', 'male', N'Amazon Polly Brian (en-GB)'),
    ('polly-nl-NL-Laura-Neural', 'amazon', 'nl-NL', 'female', N'Amazon Polly Laura (nl-NL)'),
    ('polly-fr-FR-Lea-Neural', 'amazon', 'fr-FR', 'female', N'Amazon Polly Lea (fr-FR)'),
    ('polly-fr-FR-Remi-Neural', 'amazon', 'fr-FR', 'male', N'Amazon Polly Remi (fr-FR)'),
    ('elevenlabs-nl-BE-Charlotte', 'elevenlabs', 'nl-BE', 'female', N'ElevenLabs Charlotte (nl-BE)'),
    ('elevenlabs-nl-BE-Daniel', 'elevenlabs', 'nl-BE', 'male', N'ElevenLabs Daniel (nl-BE)'),
    ('elevenlabs-fr-BE-Charlotte', 'elevenlabs', 'fr-BE', 'female', N'ElevenLabs Charlotte (fr-BE)'),
    ('elevenlabs-fr-BE-Daniel', 'elevenlabs', 'fr-BE', 'male', N'ElevenLabs Daniel (fr-BE)'),
    ('elevenlabs-de-DE-Charlotte', 'elevenlabs', 'de-DE', 'female', N'ElevenLabs Charlotte (de-DE)'),
    ('elevenlabs-de-DE-Daniel', 'elevenlabs', 'de-DE', 'male', N'ElevenLabs Daniel (de-DE)'),
    ('elevenlabs-en-US-Charlotte', 'elevenlabs', 'en-US', 'female', N'ElevenLabs Charlotte (en-US)'),
    ('elevenlabs-en-US-Daniel', 'elevenlabs', 'en-US', 'male', N'ElevenLabs Daniel (en-US)'),
    ('elevenlabs-en-GB-Charlotte', 'elevenlabs', 'en-GB', 'female', N'ElevenLabs Charlotte (en-GB)'),
    ('elevenlabs-en-GB-Daniel', 'elevenlabs', 'en-GB', 'male', N'ElevenLabs Daniel (en-GB)'),
    ('elevenlabs-nl-NL-Charlotte', 'elevenlabs', 'nl-NL', 'female', N'ElevenLabs Charlotte (nl-NL)'),
    ('elevenlabs-nl-NL-Daniel', 'elevenlabs', 'nl-NL', 'male', N'ElevenLabs Daniel (nl-NL)'),
    ('elevenlabs-fr-FR-Charlotte', 'elevenlabs', 'fr-FR', 'female', N'ElevenLabs Charlotte (fr-FR)'),
    ('elevenlabs-fr-FR-Daniel', 'elevenlabs', 'fr-FR', 'male', N'ElevenLabs Daniel (fr-FR)')
) AS v (Code, Engine, Language, Gender, DisplayName)
WHERE NOT EXISTS (SELECT 1 FROM dbo.cfg_Dic_Voice AS x WHERE x.Code = v.Code);
GO

-- Message types; SettingsSchema validates msg_MessageLanguageContent.TypeSettings, DefaultSettings is valid against it
INSERT INTO ivr.msg_Dic_MessageType (Code, DisplayName, SettingsSchema, DefaultSettings)
SELECT v.Code, v.DisplayName, v.SettingsSchema, v.DefaultSettings
FROM (VALUES
    ('tts', N'Text to speech', N'{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"TTS settings","type":"object","additionalProperties":false,"properties":{"voice":{"type":"string","minLength":1,"maxLength":100,"description":"cfg_Dic_Voice.Code; empty = the store''s default voice"},"rate":{"type":"number","minimum":0.25,"maximum":4,"description":"speaking rate, 1 = normal"},"pitch":{"type":"number","minimum":-20,"maximum":20,"description":"semitones"},"volume":{"type":"number","minimum":-96,"maximum":16,"description":"gain in dB"},"ssml":{"type":"boolean","description":"content is SSML"}}}', N'{"rate":1,"pitch":0,"volume":0,"ssml":false}'),
    ('audio_url', N'Audio file', N'{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"Audio file settings","type":"object","additionalProperties":false,"properties":{"loop":{"type":"boolean"},"loopCount":{"type":"integer","minimum":1,"maximum":100},"format":{"enum":["wav","mp3","ogg"]},"fallbackText":{"type":"string","maxLength":2000,"description":"spoken by TTS when the file cannot be played"}}}', N'{"loop":false,"format":"wav","fallbackText":""}'),
    ('llm_message', N'LLM message', N'{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"LLM message settings","type":"object","additionalProperties":false,"required":["model"],"properties":{"model":{"type":"string","minLength":1,"maxLength":100},"temperature":{"type":"number","minimum":0,"maximum":2},"maxTokens":{"type":"integer","minimum":1,"maximum":8192},"systemPrompt":{"type":"string","maxLength":8000},"voice":{"type":"string","minLength":1,"maxLength":100}}}', N'{"model":"gpt-4o-mini","temperature":0.3,"maxTokens":256}'),
    ('llm_prompt', N'LLM prompt', N'{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"LLM prompt settings","type":"object","additionalProperties":false,"required":["model"],"properties":{"model":{"type":"string","minLength":1,"maxLength":100},"temperature":{"type":"number","minimum":0,"maximum":2},"maxTokens":{"type":"integer","minimum":1,"maximum":8192},"systemPrompt":{"type":"string","maxLength":8000},"voice":{"type":"string","minLength":1,"maxLength":100},"responseFormat":{"enum":["text","json"]}}}', N'{"model":"gpt-4o-mini","temperature":0.7,"maxTokens":512,"responseFormat":"text"}')
) AS v (Code, DisplayName, SettingsSchema, DefaultSettings)
WHERE NOT EXISTS (SELECT 1 FROM ivr.msg_Dic_MessageType AS x WHERE x.Code = v.Code);
GO

-- Message categories (Icon: lucide icon name)
INSERT INTO ivr.msg_Dic_MessageCategory (Code, DisplayName, Icon, Color)
SELECT v.Code, v.DisplayName, v.Icon, v.Color
FROM (VALUES
    ('welcome', N'Welcome', 'hand', '#2E7D32'),
    ('menu', N'Menu', 'list', '#1565C0'),
    ('error', N'Error', 'alert-triangle', '#C62828'),
    ('info', N'Information', 'info', '#00838F'),
    ('hold', N'Hold', 'clock', '#6A1B9A'),
    ('goodbye', N'Goodbye', 'log-out', '#455A64'),
    ('transfer', N'Transfer', 'phone-forwarded', '#EF6C00'),
    ('confirmation', N'Confirmation', 'check-circle', '#558B2F'),
    ('closed', N'Closed / holiday', 'calendar-x', '#8D6E63'),
    ('legal', N'Legal notice', 'shield', '#37474F'),
    ('promotion', N'Promotion', 'megaphone', '#AD1457')
) AS v (Code, DisplayName, Icon, Color)
WHERE NOT EXISTS (SELECT 1 FROM ivr.msg_Dic_MessageCategory AS x WHERE x.Code = v.Code);
GO

-- Segment types. Results each can produce (transition ResultName):
--   code                   category     results
--   play_message           prompt       done
--   menu                   input        <each option's result>, no_input, no_match
--   collect_digits         input        success, no_input, invalid
--   language_select        input        selected, no_input, no_match
--   business_hours_check   logic        open, closed, holiday
--   transfer               routing      failed
--   queue                  routing      timeout, full, error
--   data_lookup            integration  success, not_found, error
--   set_variable           logic        done
--   condition              logic        true, false
--   voicemail              routing      recorded, no_recording
--   callback               routing      scheduled, declined, error
--   goto_flow              routing      terminal
--   disconnect             terminal     terminal
INSERT INTO dbo.cfg_Dic_SegmentType (Code, DisplayName, Category, IsTerminal)
SELECT v.Code, v.DisplayName, v.Category, v.IsTerminal
FROM (VALUES
    ('play_message', N'Play message', 'prompt', 0),
    ('menu', N'Menu', 'input', 0),
    ('collect_digits', N'Collect digits', 'input', 0),
    ('language_select', N'Language selection', 'input', 0),
    ('business_hours_check', N'Business hours check', 'logic', 0),
    ('transfer', N'Transfer', 'routing', 0),
    ('queue', N'Queue', 'routing', 0),
    ('data_lookup', N'Data lookup', 'integration', 0),
    ('set_variable', N'Set variable', 'logic', 0),
    ('condition', N'Condition', 'logic', 0),
    ('voicemail', N'Voicemail', 'routing', 0),
    ('callback', N'Callback offer', 'routing', 0),
    ('goto_flow', N'Go to flow', 'routing', 1),
    ('disconnect', N'Disconnect', 'terminal', 1)
) AS v (Code, DisplayName, Category, IsTerminal)
WHERE NOT EXISTS (SELECT 1 FROM dbo.cfg_Dic_SegmentType AS x WHERE x.Code = v.Code);
GO

-- Configuration keys per segment type
INSERT INTO dbo.cfg_Dic_Key (DicSegmentTypeId, KeyName, DicKeyTypeId, IsRequired, DefaultValue, ValidationSchema)
SELECT st.DicSegmentTypeId, v.KeyName, kt.DicKeyTypeId, v.IsRequired, v.DefaultValue, v.ValidationSchema
FROM (VALUES
    ('play_message', 'messageKey', 'string', 1, NULL, N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string","pattern":"^[A-Z][A-Z0-9_]{0,63}$","description":"message to play"}'),
    ('play_message', 'interruptible', 'boolean', 0, N'false', N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"boolean","description":"caller input stops the message"}'),
    ('menu', 'messageKey', 'string', 1, NULL, N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string","pattern":"^[A-Z][A-Z0-9_]{0,63}$","description":"menu prompt"}'),
    ('menu', 'options', 'json', 1, NULL, N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"array","minItems":1,"maxItems":12,"items":{"type":"object","additionalProperties":false,"required":["digit","result"],"properties":{"digit":{"type":"string","pattern":"^[0-9*#]$"},"result":{"type":"string","pattern":"^[a-z][a-z0-9_]{0,99}$"},"label":{"type":"string","maxLength":100}}},"description":"one entry per key the caller can press; result names the transition"}'),
    ('menu', 'timeoutSeconds', 'integer', 0, N'5', N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"integer","minimum":1,"maximum":60,"description":"seconds to wait for a key"}'),
    ('menu', 'maxRetries', 'integer', 0, N'3', N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"integer","minimum":0,"maximum":10,"description":"repeats on no input or an invalid key"}'),
    ('menu', 'noInputMessageKey', 'string', 0, NULL, N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string","pattern":"^[A-Z][A-Z0-9_]{0,63}$","description":"played when the caller presses nothing"}'),
    ('menu', 'invalidMessageKey', 'string', 0, NULL, N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string","pattern":"^[A-Z][A-Z0-9_]{0,63}$","description":"played on a key that is not an option"}'),
    ('collect_digits', 'messageKey', 'string', 1, NULL, N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string","pattern":"^[A-Z][A-Z0-9_]{0,63}$","description":"prompt asking for the digits"}'),
    ('collect_digits', 'variableName', 'string', 1, NULL, N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string","pattern":"^[A-Za-z_][A-Za-z0-9_]{0,63}$","description":"variable that receives the digits"}'),
    ('collect_digits', 'minDigits', 'integer', 0, N'1', N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"integer","minimum":1,"maximum":32,"description":"fewest digits accepted"}'),
    ('collect_digits', 'maxDigits', 'integer', 0, N'10', N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"integer","minimum":1,"maximum":32,"description":"most digits accepted"}'),
    ('collect_digits', 'terminator', 'string', 0, N'#', N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string","pattern":"^[#*]?$","description":"key that ends input early"}'),
    ('collect_digits', 'timeoutSeconds', 'integer', 0, N'5', N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"integer","minimum":1,"maximum":60,"description":"seconds to wait for the first digit"}'),
    ('collect_digits', 'maxRetries', 'integer', 0, N'3', N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"integer","minimum":0,"maximum":10,"description":"repeats on no input or invalid input"}'),
    ('collect_digits', 'noInputMessageKey', 'string', 0, NULL, N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string","pattern":"^[A-Z][A-Z0-9_]{0,63}$","description":"played when the caller enters nothing"}'),
    ('collect_digits', 'invalidMessageKey', 'string', 0, NULL, N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string","pattern":"^[A-Z][A-Z0-9_]{0,63}$","description":"played when the input is invalid"}'),
    ('language_select', 'messageKey', 'string', 1, NULL, N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string","pattern":"^[A-Z][A-Z0-9_]{0,63}$","description":"language choice prompt"}'),
    ('language_select', 'languages', 'json', 1, NULL, N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"array","minItems":1,"maxItems":9,"items":{"type":"object","additionalProperties":false,"required":["digit","language"],"properties":{"digit":{"type":"string","pattern":"^[0-9]$"},"language":{"type":"string","pattern":"^[a-z]{2,3}(-[A-Z]{2})?$"}}},"description":"key to press per language (cfg_Dic_Language codes)"}'),
    ('language_select', 'timeoutSeconds', 'integer', 0, N'5', N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"integer","minimum":1,"maximum":60,"description":"seconds to wait for a key"}'),
    ('language_select', 'maxRetries', 'integer', 0, N'2', N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"integer","minimum":0,"maximum":10,"description":"repeats on no input or an invalid key"}'),
    ('business_hours_check', 'scheduleId', 'string', 1, NULL, N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string","minLength":1,"maxLength":100,"description":"opening-hours schedule to evaluate"}'),
    ('business_hours_check', 'timezone', 'string', 0, N'Europe/Brussels', N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string","minLength":1,"maxLength":64,"description":"IANA time zone","pattern":"^[A-Za-z_]+(/[A-Za-z_+-]+)*$"}'),
    ('business_hours_check', 'holidayCalendar', 'string', 0, NULL, N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string","minLength":1,"maxLength":100,"description":"holiday calendar; none = no holidays"}'),
    ('transfer', 'destination', 'string', 1, NULL, N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string","minLength":1,"maxLength":200,"description":"phone number (E.164), queue or SIP URI"}'),
    ('transfer', 'destinationType', 'string', 0, N'number', N'{"$schema":"https://json-schema.org/draft/2020-12/schema","enum":["number","queue","sip"],"description":"how destination is read"}'),
    ('transfer', 'messageKey', 'string', 0, NULL, N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string","pattern":"^[A-Z][A-Z0-9_]{0,63}$","description":"played before the transfer"}'),
    ('transfer', 'timeoutSeconds', 'integer', 0, N'30', N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"integer","minimum":5,"maximum":300,"description":"ring time before the transfer fails"}'),
    ('queue', 'queueName', 'string', 1, NULL, N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string","minLength":1,"maxLength":100,"description":"contact-centre queue"}'),
    ('queue', 'priority', 'integer', 0, N'5', N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"integer","minimum":1,"maximum":10,"description":"1 = highest"}'),
    ('queue', 'holdMessageKey', 'string', 0, NULL, N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string","pattern":"^[A-Z][A-Z0-9_]{0,63}$","description":"played while waiting"}'),
    ('queue', 'maxWaitSeconds', 'integer', 0, N'600', N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"integer","minimum":10,"maximum":3600,"description":"longest wait before timeout"}'),
    ('queue', 'skills', 'json', 0, N'[]', N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"array","items":{"type":"string","minLength":1,"maxLength":50},"uniqueItems":true,"description":"agent skills required"}'),
    ('data_lookup', 'endpoint', 'string', 1, NULL, N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string","minLength":1,"maxLength":500,"description":"HTTPS URL of the service","pattern":"^https://"}'),
    ('data_lookup', 'method', 'string', 0, N'GET', N'{"$schema":"https://json-schema.org/draft/2020-12/schema","enum":["GET","POST"],"description":"HTTP method"}'),
    ('data_lookup', 'timeoutMs', 'integer', 0, N'3000', N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"integer","minimum":100,"maximum":30000,"description":"request timeout"}'),
    ('data_lookup', 'inputMapping', 'json', 0, N'{}', N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","additionalProperties":{"type":"string"},"description":"request field -> call variable"}'),
    ('data_lookup', 'outputMapping', 'json', 0, N'{}', N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","additionalProperties":{"type":"string"},"description":"call variable -> response field (JSON pointer)"}'),
    ('set_variable', 'variableName', 'string', 1, NULL, N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string","pattern":"^[A-Za-z_][A-Za-z0-9_]{0,63}$","description":"variable to set"}'),
    ('set_variable', 'value', 'string', 1, NULL, N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string","maxLength":1000,"description":"value; {{name}} inserts another variable"}'),
    ('condition', 'variableName', 'string', 1, NULL, N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string","pattern":"^[A-Za-z_][A-Za-z0-9_]{0,63}$","description":"variable to test"}'),
    ('condition', 'operator', 'string', 1, NULL, N'{"$schema":"https://json-schema.org/draft/2020-12/schema","enum":["eq","neq","gt","gte","lt","lte","contains","exists"],"description":"comparison"}'),
    ('condition', 'compareValue', 'string', 0, NULL, N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string","maxLength":1000,"description":"right-hand side (not used by exists)"}'),
    ('voicemail', 'mailbox', 'string', 1, NULL, N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string","minLength":1,"maxLength":100,"description":"mailbox that receives the recording"}'),
    ('voicemail', 'messageKey', 'string', 0, NULL, N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string","pattern":"^[A-Z][A-Z0-9_]{0,63}$","description":"played before the beep"}'),
    ('voicemail', 'maxDurationSeconds', 'integer', 0, N'120', N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"integer","minimum":10,"maximum":600,"description":"longest recording"}'),
    ('callback', 'messageKey', 'string', 1, NULL, N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string","pattern":"^[A-Z][A-Z0-9_]{0,63}$","description":"callback offer"}'),
    ('callback', 'queueName', 'string', 1, NULL, N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string","minLength":1,"maxLength":100,"description":"queue that places the callback"}'),
    ('callback', 'phoneVariable', 'string', 0, N'callerId', N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string","pattern":"^[A-Za-z_][A-Za-z0-9_]{0,63}$","description":"variable holding the number to call back"}'),
    ('goto_flow', 'routingId', 'string', 1, NULL, N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string","minLength":1,"maxLength":100,"description":"RoutingId of the flow to continue in"}'),
    ('goto_flow', 'segmentName', 'string', 0, NULL, N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string","minLength":1,"maxLength":100,"description":"segment to start at; none = the flow''s init segment"}'),
    ('disconnect', 'messageKey', 'string', 0, NULL, N'{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string","pattern":"^[A-Z][A-Z0-9_]{0,63}$","description":"played before hanging up"}'),
    ('disconnect', 'reason', 'string', 0, N'normal', N'{"$schema":"https://json-schema.org/draft/2020-12/schema","enum":["normal","error","abandoned"],"description":"reported hang-up reason"}')
) AS v (SegmentType, KeyName, KeyType, IsRequired, DefaultValue, ValidationSchema)
JOIN dbo.cfg_Dic_SegmentType AS st ON st.Code = v.SegmentType
JOIN dbo.cfg_Dic_KeyType AS kt ON kt.Code = v.KeyType
WHERE NOT EXISTS (SELECT 1 FROM dbo.cfg_Dic_Key AS x WHERE x.DicSegmentTypeId = st.DicSegmentTypeId AND x.KeyName = v.KeyName);
GO
