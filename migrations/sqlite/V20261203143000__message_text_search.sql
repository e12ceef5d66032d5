-- V20261203143000__message_text_search.sql  (SQLite, the embedded `local` environment)
-- Purpose: msg_MessageContentSearch, an FTS5 trigram index of every message text, so the key list's
--          "text contains" filter finds a rare text without reading every key's contents.
-- Date:    2026-12-03
-- What it holds: one row per msg_MessageLanguageContent row (rowid = MessageLanguageContentId), the
-- content lower-cased by `ivr_lower` (the function the app registers on every connection it opens,
-- the same lower-casing the search text gets), indexed as trigrams with no case folding of its own.
-- Every version and every language is indexed: which of them a search covers (published or latest
-- version, the store's allowed languages) is decided by the query, so publishing, rolling back,
-- changing a store's languages or deleting a key needs no index change. Content rows are only ever
-- inserted or deleted; the triggers below keep the index in the same statement (and so in the same
-- transaction) as every such write, including the cascade when a version is deleted.
-- contentless: the text is not stored twice; contentless_delete=1 lets the delete trigger remove a
-- row by rowid (SQLite 3.43+; the app bundles 3.50).
-- Why not a trigram side table shared with SQL Server: measured in README (Messages → benchmarks).
-- SQL Server: no migration of this version (nothing to add there; the README says why).
-- Schema model: crates/domain/src/schema.rs (SQLITE_TEXT_SEARCH), checked by `ivr migrate verify`.
-- Backfill: every existing content row, once (rows already indexed are skipped).
-- Idempotent: IF NOT EXISTS. The migration engine wraps the file in one transaction.
-- Never edit this file once applied: add a new V<timestamp>__<name>.sql instead.

CREATE VIRTUAL TABLE IF NOT EXISTS msg_MessageContentSearch USING fts5(
    Content,
    content = '',
    contentless_delete = 1,
    tokenize = 'trigram case_sensitive 1'
);

CREATE TRIGGER IF NOT EXISTS TR_msg_MessageLanguageContent_SearchInsert
AFTER INSERT ON msg_MessageLanguageContent
BEGIN
    INSERT INTO msg_MessageContentSearch (rowid, Content) VALUES (new.MessageLanguageContentId, ivr_lower(new.Content));
END;

CREATE TRIGGER IF NOT EXISTS TR_msg_MessageLanguageContent_SearchDelete
AFTER DELETE ON msg_MessageLanguageContent
BEGIN
    DELETE FROM msg_MessageContentSearch WHERE rowid = old.MessageLanguageContentId;
END;

CREATE TRIGGER IF NOT EXISTS TR_msg_MessageLanguageContent_SearchUpdate
AFTER UPDATE OF MessageLanguageContentId, Content ON msg_MessageLanguageContent
BEGIN
    DELETE FROM msg_MessageContentSearch WHERE rowid = old.MessageLanguageContentId;
    INSERT INTO msg_MessageContentSearch (rowid, Content) VALUES (new.MessageLanguageContentId, ivr_lower(new.Content));
END;

INSERT INTO msg_MessageContentSearch (rowid, Content)
SELECT c.MessageLanguageContentId, ivr_lower(c.Content)
FROM msg_MessageLanguageContent c
WHERE c.MessageLanguageContentId NOT IN (SELECT s.rowid FROM msg_MessageContentSearch s);
