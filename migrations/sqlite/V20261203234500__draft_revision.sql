-- V20261203234500__draft_revision.sql  (SQLite, the embedded `local` environment)
-- Purpose: seg_ChangeSetRevision, the revision of each draft kept with it, so a designer's batch
--          edit checks the revision it was made on without reading the whole draft, and a batch
--          that only moves, collapses or reorders segments reads and writes only their rows.
-- Date:    2026-12-03
-- What it holds: per change set (draft), RevisionSum = the sum of its segments' digests
-- (`ivr_domain::flow::Revision`, 32 hex digits), written in the same statement as every change of
-- the draft's rows (create, batch edit, import, rollback-as-draft) and by its publish. A change
-- set without a row (every draft opened before this migration) has its revision computed from its
-- rows at its next write, which then stores it: the digest is SHA-256 of the segment as the
-- application serializes it, which SQL cannot compute, so there is no backfill. A write to a
-- draft's rows that is not the application's (a script) must delete the draft's row here.
-- A separate table rather than a column of seg_ChangeSet: SQLite's ALTER TABLE ADD COLUMN cannot
-- be guarded, and a file must be idempotent; CREATE TABLE IF NOT EXISTS is.
-- Schema model: crates/domain/src/schema/tables.rs.
-- Idempotent: IF NOT EXISTS. The migration engine wraps the file in one transaction.
-- Never edit this file once applied: add a new V<timestamp>__<name>.sql instead.

CREATE TABLE IF NOT EXISTS seg_ChangeSetRevision (
    ChangeSetId TEXT NOT NULL,
    RevisionSum TEXT NOT NULL,
    CONSTRAINT PK_seg_ChangeSetRevision PRIMARY KEY (ChangeSetId),
    CONSTRAINT FK_seg_ChangeSetRevision_ChangeSetId FOREIGN KEY (ChangeSetId) REFERENCES seg_ChangeSet (ChangeSetId)
);
