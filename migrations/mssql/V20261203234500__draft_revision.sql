-- V20261203234500__draft_revision.sql  (SQL Server 2022 / Azure SQL)
-- Purpose: ivr.seg_ChangeSetRevision, the revision of each draft kept with it, so a designer's
--          batch edit checks the revision it was made on without reading the whole draft, and a
--          batch that only moves, collapses or reorders segments reads and writes only their rows.
-- Date:    2026-12-03
-- What it holds: per change set (draft), RevisionSum = the sum of its segments' digests
-- (`ivr_domain::flow::Revision`, 32 hex digits), written in the same batch as every change of the
-- draft's rows (create, batch edit, import, rollback-as-draft) and by its publish. A change set
-- without a row (every draft opened before this migration) has its revision computed from its
-- rows at its next write, which then stores it: the digest is SHA-256 of the segment as the
-- application serializes it, which T-SQL cannot reproduce, so there is no backfill. A write to a
-- draft's rows that is not the application's (a script) must delete the draft's row here.
-- A separate table rather than a column of seg_ChangeSet, as on SQLite (whose ALTER TABLE ADD
-- COLUMN cannot be guarded): both engines keep the same model.
-- Schema model: crates/domain/src/schema/tables.rs.
-- Idempotent: the table is created only when it is absent.
-- Never edit this file once applied: add a new V<timestamp>__<name>.sql instead.

IF OBJECT_ID(N'ivr.seg_ChangeSetRevision', N'U') IS NULL
CREATE TABLE ivr.seg_ChangeSetRevision (
    ChangeSetId UNIQUEIDENTIFIER NOT NULL,
    RevisionSum VARCHAR(32) NOT NULL,
    CONSTRAINT PK_seg_ChangeSetRevision PRIMARY KEY CLUSTERED (ChangeSetId),
    CONSTRAINT FK_seg_ChangeSetRevision_ChangeSetId FOREIGN KEY (ChangeSetId) REFERENCES ivr.seg_ChangeSet (ChangeSetId)
);
GO
