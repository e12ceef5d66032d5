-- V20261121190000__message_key_name_index.sql  (SQL Server 2022 / Azure SQL)
-- Purpose: IX_MessageKey_Name, so runtime resolution seeks a message key by name.
-- Date:    2026-11-21
-- Why: resolution takes a store id OR a company project, so the store is not known before the key
-- is read and the (MessageStoreId, MessageKey) indexes cannot be sought: without this index every
-- active key is read per lookup. Schema model: crates/domain/src/schema/tables.rs.
-- Idempotent: the index is created only when it is absent.
-- Never edit this file once applied: add a new V<timestamp>__<name>.sql instead.

-- Filtered indexes need these session options when they are created (sqlcmd defaults
-- QUOTED_IDENTIFIER to OFF); they are parse-time options, so they get a batch of their own.
SET ANSI_NULLS ON;
SET QUOTED_IDENTIFIER ON;
SET ANSI_PADDING ON;
SET ANSI_WARNINGS ON;
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_MessageKey_Name' AND object_id = OBJECT_ID(N'ivr.msg_MessageKey'))
CREATE NONCLUSTERED INDEX IX_MessageKey_Name ON ivr.msg_MessageKey (MessageKey, MessageStoreId) WHERE IsActive = 1;
GO
