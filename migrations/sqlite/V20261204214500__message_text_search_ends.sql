-- V20261204214500__message_text_search_ends.sql  (SQLite, the embedded `local` environment)
-- Purpose: the key list's "text contains" filter finds texts of 1 or 2 characters through the
--          trigram index instead of reading every key's contents.
-- Date:    2026-12-04
-- Why it works: a text of 1 or 2 characters is the start of the trigram that starts where it does,
-- except among the last two characters of a content (no trigram starts there, and a content shorter
-- than 3 characters has none at all). msg_MessageContentEnds indexes, for every
-- msg_MessageLanguageContent row (rowid = MessageLanguageContentId), its last two lower-cased
-- characters followed by two U+0001 ("...xy" gives the trigrams "xy" + U+0001 and "y" + U+0001 +
-- U+0001). With msg_MessageContentSearch, every character of every content starts a trigram, and
-- the trigrams that start with a text are one range of each index's vocabulary, read through
-- msg_MessageContentTerms and msg_MessageContentEndTerms (fts5vocab 'instance' tables: term,
-- doc = rowid, col, offset; they store nothing, FTS5 reads them from the index).
-- A table of its own, not more rows of msg_MessageContentSearch: FTS5 writes rowids in ascending
-- order, and a second row per content in the same index (at another rowid) made every insert flush
-- the index (measured: loading 150,000 content rows took twice as long).
-- Additive: one FTS5 table, two vocabulary tables and three triggers; no existing object changes.
-- SQL Server: no migration of this version (the text index is SQLite's only; README, Messages).
-- Schema model: crates/domain/src/schema.rs (SQLITE_TEXT_SEARCH), checked by `ivr migrate verify`.
-- Backfill: every existing content row, once (rows already indexed are skipped).
-- Idempotent: IF NOT EXISTS. The migration engine wraps the file in one transaction.
-- Never edit this file once applied: add a new V<timestamp>__<name>.sql instead.

CREATE VIRTUAL TABLE IF NOT EXISTS msg_MessageContentEnds USING fts5(
    Content,
    content = '',
    contentless_delete = 1,
    tokenize = 'trigram case_sensitive 1'
);

CREATE VIRTUAL TABLE IF NOT EXISTS msg_MessageContentTerms USING fts5vocab(msg_MessageContentSearch, instance);

CREATE VIRTUAL TABLE IF NOT EXISTS msg_MessageContentEndTerms USING fts5vocab(msg_MessageContentEnds, instance);

CREATE TRIGGER IF NOT EXISTS TR_msg_MessageLanguageContent_EndsInsert
AFTER INSERT ON msg_MessageLanguageContent
BEGIN
    INSERT INTO msg_MessageContentEnds (rowid, Content)
    VALUES (new.MessageLanguageContentId, substr(ivr_lower(new.Content), -2) || char(1, 1));
END;

CREATE TRIGGER IF NOT EXISTS TR_msg_MessageLanguageContent_EndsDelete
AFTER DELETE ON msg_MessageLanguageContent
BEGIN
    DELETE FROM msg_MessageContentEnds WHERE rowid = old.MessageLanguageContentId;
END;

CREATE TRIGGER IF NOT EXISTS TR_msg_MessageLanguageContent_EndsUpdate
AFTER UPDATE OF MessageLanguageContentId, Content ON msg_MessageLanguageContent
BEGIN
    DELETE FROM msg_MessageContentEnds WHERE rowid = old.MessageLanguageContentId;
    INSERT INTO msg_MessageContentEnds (rowid, Content)
    VALUES (new.MessageLanguageContentId, substr(ivr_lower(new.Content), -2) || char(1, 1));
END;

INSERT INTO msg_MessageContentEnds (rowid, Content)
SELECT c.MessageLanguageContentId, substr(ivr_lower(c.Content), -2) || char(1, 1)
FROM msg_MessageLanguageContent c
WHERE c.MessageLanguageContentId NOT IN (SELECT e.rowid FROM msg_MessageContentEnds e)
ORDER BY c.MessageLanguageContentId;
