//! SQL of the migration engine: its history table, the SQL Server application lock, and the audit
//! rows of `baseline` / `repair`.
//!
//! The history table is the engine's own (not part of the schema model): `dbo.__schema_history` on
//! SQL Server, `__schema_history` on SQLite, one row per version (the primary key makes a second
//! row for a version impossible, whatever runs concurrently).

crate::queries! {
    /// Creates the history table when missing (run under the migration lock).
    HISTORY_CREATE {
        mssql: "IF OBJECT_ID(N'dbo.__schema_history', N'U') IS NULL
CREATE TABLE dbo.__schema_history (
    version BIGINT NOT NULL CONSTRAINT PK___schema_history PRIMARY KEY,
    name NVARCHAR(200) NOT NULL,
    checksum CHAR(64) NOT NULL,
    applied_at DATETIME2 NOT NULL CONSTRAINT DF___schema_history_applied_at DEFAULT SYSUTCDATETIME(),
    applied_by NVARCHAR(128) NOT NULL,
    execution_ms BIGINT NOT NULL,
    success BIT NOT NULL,
    app_version NVARCHAR(50) NOT NULL
);",
        sqlite: ["CREATE TABLE IF NOT EXISTS __schema_history (
    version INTEGER NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    applied_by TEXT NOT NULL,
    execution_ms INTEGER NOT NULL,
    success INTEGER NOT NULL CHECK (success IN (0, 1)),
    app_version TEXT NOT NULL
)"],
    }

    /// 1 when the history table exists, else 0.
    HISTORY_EXISTS {
        mssql: "SELECT CASE WHEN OBJECT_ID(N'dbo.__schema_history', N'U') IS NULL THEN 0 ELSE 1 END AS present;",
        sqlite: ["SELECT COUNT(*) AS present FROM sqlite_master WHERE type = 'table' AND name = '__schema_history'"],
    }

    /// Every history row, oldest version first.
    HISTORY_READ {
        mssql: "SELECT version, name, checksum, applied_at, applied_by, execution_ms, success, app_version
FROM dbo.__schema_history ORDER BY version;",
        sqlite: ["SELECT version, name, checksum, applied_at, applied_by, execution_ms, success, app_version
FROM __schema_history ORDER BY version"],
    }

    /// Rows for one version, read inside the migration's transaction just before its batches, so
    /// that a version is never applied twice.
    HISTORY_VERSION_ROWS {
        mssql: "SELECT COUNT(*) AS n FROM dbo.__schema_history WHERE version = @P1;",
        sqlite: ["SELECT COUNT(*) AS n FROM __schema_history WHERE version = ?1"],
    }

    /// Records a migration applied inside its transaction. On SQL Server it first checks that the
    /// file left exactly the engine's transaction open (a COMMIT or ROLLBACK inside the file would
    /// otherwise let this row commit on its own).
    HISTORY_INSERT_IN_TX {
        mssql: "IF @@TRANCOUNT <> 1
    THROW 50001, N'The migration file ended or nested the transaction (COMMIT, ROLLBACK or BEGIN TRANSACTION in the file); it was not recorded.', 1;
INSERT INTO dbo.__schema_history (version, name, checksum, applied_by, execution_ms, success, app_version)
VALUES (@P1, @P2, @P3, @P4, @P5, 1, @P6);",
        sqlite: ["INSERT INTO __schema_history (version, name, checksum, applied_by, execution_ms, success, app_version)
VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6)"],
    }

    /// Records a migration outside a transaction: a `no-transaction` file's success, or any
    /// failure (after the rollback, in its own statement). @P6 is success (1/0).
    HISTORY_INSERT {
        mssql: "INSERT INTO dbo.__schema_history (version, name, checksum, applied_by, execution_ms, success, app_version)
VALUES (@P1, @P2, @P3, @P4, @P5, @P6, @P7);",
        sqlite: ["INSERT INTO __schema_history (version, name, checksum, applied_by, execution_ms, success, app_version)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"],
    }

    /// Baseline: marks versions as applied without running them. @P3: JSON array of
    /// `{version, name, checksum}`.
    HISTORY_BASELINE {
        mssql: "INSERT INTO dbo.__schema_history (version, name, checksum, applied_by, execution_ms, success, app_version)
SELECT j.version, j.name, j.checksum, @P1, 0, 1, @P2
FROM OPENJSON(@P3) WITH (version BIGINT '$.version', name NVARCHAR(200) '$.name', checksum CHAR(64) '$.checksum') AS j;",
        sqlite: ["INSERT INTO __schema_history (version, name, checksum, applied_by, execution_ms, success, app_version)
SELECT json_extract(value, '$.version'), json_extract(value, '$.name'), json_extract(value, '$.checksum'), ?1, 0, 1, ?2
FROM json_each(?3)"],
    }

    /// Repair: removes failed rows. @P1: JSON array of versions.
    HISTORY_DELETE_FAILED {
        mssql: "DELETE FROM dbo.__schema_history
WHERE success = 0 AND version IN (SELECT j.version FROM OPENJSON(@P1) WITH (version BIGINT '$') AS j);",
        sqlite: ["DELETE FROM __schema_history
WHERE success = 0 AND version IN (SELECT value FROM json_each(?1))"],
    }

    /// Repair: accepts changed checksums. @P1: JSON array of `{version, checksum}`.
    HISTORY_ACCEPT_CHECKSUMS {
        mssql: "UPDATE h SET h.checksum = j.checksum
FROM dbo.__schema_history AS h
INNER JOIN OPENJSON(@P1) WITH (version BIGINT '$.version', checksum CHAR(64) '$.checksum') AS j ON j.version = h.version
WHERE h.success = 1;",
        sqlite: ["UPDATE __schema_history
SET checksum = (SELECT json_extract(j.value, '$.checksum') FROM json_each(?1) AS j
                WHERE json_extract(j.value, '$.version') = __schema_history.version)
WHERE success = 1
  AND version IN (SELECT json_extract(value, '$.version') FROM json_each(?1))"],
    }

    /// 1 when the audit table exists, else 0.
    AUDIT_EXISTS {
        mssql: "SELECT CASE WHEN OBJECT_ID(N'dbo.sys_AuditLog', N'U') IS NULL THEN 0 ELSE 1 END AS present;",
        sqlite: ["SELECT COUNT(*) AS present FROM sqlite_master WHERE type = 'table' AND name = 'sys_AuditLog'"],
    }

    /// Audit rows for baseline / repair, one per version. @P1 actor, @P2 environment, @P3 action,
    /// @P4: JSON array of `{entityId, before, after}` (before/after are JSON text or null).
    AUDIT_INSERT {
        mssql: "INSERT INTO dbo.sys_AuditLog (Actor, Environment, EntityType, EntityId, Action, BeforeData, AfterData)
SELECT @P1, @P2, 'migration', j.EntityId, @P3, j.BeforeData, j.AfterData
FROM OPENJSON(@P4) WITH (EntityId VARCHAR(200) '$.entityId', BeforeData NVARCHAR(MAX) '$.before', AfterData NVARCHAR(MAX) '$.after') AS j;",
        sqlite: ["INSERT INTO sys_AuditLog (Actor, Environment, EntityType, EntityId, Action, BeforeData, AfterData)
SELECT ?1, ?2, 'migration', json_extract(value, '$.entityId'), ?3, json_extract(value, '$.before'), json_extract(value, '$.after')
FROM json_each(?4)"],
    }

    /// SQL Server only: takes the migration lock for this session. @P1: timeout in ms. The result
    /// is sp_getapplock's return code (0/1 granted, negative refused). Not used on SQLite, which
    /// locks a file instead.
    APPLOCK_GET {
        mssql: "DECLARE @result INT;
EXEC @result = sp_getapplock @Resource = N'ivr-studio-migrations', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = @P1;
SELECT @result AS result;",
        sqlite: ["SELECT 0 AS result"],
    }

    /// SQL Server only: whether the migration lock is free right now (1) or held by a session (0),
    /// without taking it. Not used on SQLite, which probes its lock file instead.
    APPLOCK_PROBE {
        mssql: "SELECT APPLOCK_TEST(N'public', N'ivr-studio-migrations', N'Exclusive', N'Session') AS free;",
        sqlite: ["SELECT 1 AS free"],
    }

    /// SQL Server only: releases the session's migration lock.
    APPLOCK_RELEASE {
        mssql: "EXEC sp_releaseapplock @Resource = N'ivr-studio-migrations', @LockOwner = 'Session';",
        sqlite: ["SELECT 0 AS result"],
    }
}
