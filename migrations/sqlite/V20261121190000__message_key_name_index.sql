-- V20261121190000__message_key_name_index.sql  (SQLite, the embedded `local` environment)
-- Purpose: IX_MessageKey_Name, so runtime resolution seeks a message key by name.
-- Date:    2026-11-21
-- Why: resolution takes a store id OR a company project, so the store is not known before the key
-- is read and the (MessageStoreId, MessageKey) indexes cannot be sought: without this index every
-- active key is read per lookup. Schema model: crates/domain/src/schema/tables.rs.
-- Idempotent: IF NOT EXISTS. The migration engine wraps the file in one transaction.
-- Never edit this file once applied: add a new V<timestamp>__<name>.sql instead.

CREATE INDEX IF NOT EXISTS IX_MessageKey_Name ON msg_MessageKey (MessageKey, MessageStoreId) WHERE IsActive = 1;
