//! The executor: one handle over either engine, with a statement counter.
//!
//! Every call that reaches the database — [`Conn::query`], [`Conn::execute`], [`Conn::run_script`],
//! a `BEGIN` and a `COMMIT` — adds one to [`Db::statement_count`]. On SQL Server each is one round
//! trip (a query is one batch), so the counter measures the cost that matters against a remote
//! server. SQLite runs in-process and is counted the same way, by the same code, so tests on SQLite
//! assert the round trips SQL Server will make.
//!
//! `BEGIN TRANSACTION` is its own plain batch on SQL Server: tiberius sends parameterized batches
//! through `sp_executesql`, which raises error 266 when it returns with a different transaction
//! count. `SET XACT_ABORT ON` is set once per session when the connection is made, for the same
//! reason (a SET inside `sp_executesql` reverts when it returns).

use crate::mssql::{self, MssqlPool, MssqlTarget};
use crate::sql::Query;
use crate::value::{Row, Value};
use ivr_domain::connection::Engine;
use ivr_domain::{Error, Result};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tokio::sync::{Mutex, OwnedMutexGuard};

/// A shareable database handle (cheap to clone).
#[derive(Clone)]
pub struct Db {
    inner: Arc<DbInner>,
}

struct DbInner {
    backend: Backend,
    statements: AtomicU64,
    rows_read: AtomicU64,
    rows_changed: AtomicU64,
    description: String,
}

enum Backend {
    Sqlite {
        conn: Arc<Mutex<rusqlite::Connection>>,
        path: PathBuf,
    },
    Mssql(MssqlPool),
}

impl Db {
    /// Opens (creating if needed) an SQLite database file with foreign keys enforced.
    pub fn open_sqlite(path: &Path) -> Result<Db> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| {
                Error::config(format!(
                    "cannot create the folder {} for the local database: {e}",
                    dir.display()
                ))
            })?;
        }
        let conn = rusqlite::Connection::open(path).map_err(|e| {
            Error::connection(format!(
                "cannot open the local database {}: {e}",
                path.display()
            ))
        })?;
        // busy_timeout first: switching to WAL needs a moment of exclusive access, and another
        // process opening the same file must wait for it instead of failing with "database is locked".
        conn.execute_batch(
            "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;",
        )
        .map_err(|e| {
            let e = crate::sqlite::map_error(e);
            if e.code == ivr_domain::ErrorCode::Busy {
                return e;
            }
            let message = format!("cannot configure the local database {}: {}", path.display(), e.message);
            e.reworded(ivr_domain::ErrorCode::Connection, message)
        })?;
        crate::sqlite::register_functions(&conn).map_err(|e| {
            Error::connection(format!(
                "cannot prepare the local database {}: {e}",
                path.display()
            ))
        })?;
        Ok(Db::from_backend(
            Backend::Sqlite {
                conn: Arc::new(Mutex::new(conn)),
                path: path.to_path_buf(),
            },
            format!("sqlite:{}", path.display()),
        ))
    }

    /// Closes an SQLite database now: writes the write-ahead log back into the file (so the file
    /// alone holds everything and can be moved), then closes, reporting what closing reports.
    /// Refused while another handle (a clone) is alive. Dropping a `Db` closes it too, silently.
    pub fn close(self) -> Result<()> {
        let inner = Arc::try_unwrap(self.inner)
            .map_err(|_| Error::internal("the database is still in use by another handle"))?;
        match inner.backend {
            Backend::Sqlite { conn, .. } => {
                let conn = Arc::try_unwrap(conn)
                    .map_err(|_| Error::internal("the database connection is still in use"))?
                    .into_inner();
                let busy: i64 = conn
                    .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))
                    .map_err(crate::sqlite::map_error)?;
                if busy != 0 {
                    return Err(Error::internal(
                        "the local database could not be checkpointed: another connection is reading it",
                    ));
                }
                conn.close().map_err(|(_, e)| crate::sqlite::map_error(e))
            }
            Backend::Mssql(_) => Ok(()),
        }
    }

    /// Connects to SQL Server / Azure SQL, waiting with bounded backoff on transient errors only.
    pub async fn connect_mssql(target: &MssqlTarget, retry: &mssql::RetryPolicy) -> Result<Db> {
        let pool = mssql::connect_pool(target, retry).await?;
        Ok(Db::from_backend(Backend::Mssql(pool), target.describe()))
    }

    fn from_backend(backend: Backend, description: String) -> Db {
        Db {
            inner: Arc::new(DbInner {
                backend,
                statements: AtomicU64::new(0),
                rows_read: AtomicU64::new(0),
                rows_changed: AtomicU64::new(0),
                description,
            }),
        }
    }

    pub fn engine(&self) -> Engine {
        match self.inner.backend {
            Backend::Sqlite { .. } => Engine::Sqlite,
            Backend::Mssql(_) => Engine::Mssql,
        }
    }

    /// Host/port/database or file path; never a secret.
    pub fn description(&self) -> &str {
        &self.inner.description
    }

    pub fn sqlite_path(&self) -> Option<&Path> {
        match &self.inner.backend {
            Backend::Sqlite { path, .. } => Some(path),
            Backend::Mssql(_) => None,
        }
    }

    /// How long an SQLite statement waits for another connection's lock before it fails with BUSY
    /// (5 s from [`Db::open_sqlite`]). SQL Server: nothing to set (its waits are the server's).
    pub async fn set_busy_timeout(&self, wait: std::time::Duration) -> Result<()> {
        match &self.inner.backend {
            Backend::Sqlite { conn, .. } => conn
                .lock()
                .await
                .busy_timeout(wait)
                .map_err(crate::sqlite::map_error),
            Backend::Mssql(_) => Ok(()),
        }
    }

    /// Statements (round trips) sent through this handle so far.
    pub fn statement_count(&self) -> u64 {
        self.inner.statements.load(Ordering::Relaxed)
    }

    /// Rows returned by the queries sent through this handle so far (every result set's rows):
    /// tests assert what a use case reads, as they assert its statements.
    pub fn rows_read(&self) -> u64 {
        self.inner.rows_read.load(Ordering::Relaxed)
    }

    /// Rows changed (inserted, updated, deleted) by the statements executed through this handle
    /// so far, as each engine reports them.
    pub fn rows_changed(&self) -> u64 {
        self.inner.rows_changed.load(Ordering::Relaxed)
    }

    fn count(&self) {
        self.inner.statements.fetch_add(1, Ordering::Relaxed);
    }

    /// A connection for several calls (SQLite: the one connection; SQL Server: one from the pool).
    pub async fn conn(&self) -> Result<Conn> {
        let kind = match &self.inner.backend {
            Backend::Sqlite { conn, .. } => ConnKind::Sqlite(conn.clone().lock_owned().await),
            Backend::Mssql(pool) => ConnKind::Mssql(Box::new(mssql::checkout(pool).await?)),
        };
        Ok(Conn {
            db: self.clone(),
            kind,
            tx: TxState::None,
        })
    }

    pub async fn query(&self, q: &Query, params: &[Value]) -> Result<Vec<Row>> {
        self.conn().await?.query(q, params).await
    }

    pub async fn query_sets(&self, q: &Query, params: &[Value]) -> Result<Vec<Vec<Row>>> {
        self.conn().await?.query_sets(q, params).await
    }

    pub async fn execute(&self, q: &Query, params: &[Value]) -> Result<u64> {
        self.conn().await?.execute(q, params).await
    }

    /// Runs `work` in one transaction: committed when it returns `Ok`, rolled back otherwise.
    pub async fn transaction<T>(
        &self,
        work: impl AsyncFnOnce(&mut Conn) -> Result<T>,
    ) -> Result<T> {
        self.conn().await?.atomically(|e| e, work).await
    }
}

/// Whether the SQLite file at `path` exists and has at least one table. Opens it without creating
/// it and changes nothing.
pub fn sqlite_has_schema(path: &Path) -> Result<bool> {
    use rusqlite::OpenFlags;
    if !path.exists() {
        return Ok(false);
    }
    let conn = match rusqlite::Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) {
        Ok(c) => c,
        // Gone since the check above.
        Err(rusqlite::Error::SqliteFailure(f, _))
            if f.code == rusqlite::ffi::ErrorCode::CannotOpen && !path.exists() =>
        {
            return Ok(false)
        }
        Err(e) => return Err(crate::sqlite::map_error(e)),
    };
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(crate::sqlite::map_error)?;
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .map_err(crate::sqlite::map_error)?;
    Ok(tables > 0)
}

pub(crate) enum ConnKind {
    Sqlite(OwnedMutexGuard<rusqlite::Connection>),
    // Boxed: a pooled TDS client is large and SQLite's guard is a pointer.
    Mssql(Box<mssql::PooledClient>),
}

#[derive(Clone, Copy, PartialEq)]
enum TxState {
    None,
    Open,
}

/// One connection; may hold a transaction.
pub struct Conn {
    db: Db,
    kind: ConnKind,
    tx: TxState,
}

impl Conn {
    pub fn engine(&self) -> Engine {
        self.db.engine()
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    pub fn in_transaction(&self) -> bool {
        self.tx != TxState::None
    }

    /// Runs `work` in one transaction on this connection: BEGIN, then COMMIT when it returns
    /// `Ok`, ROLLBACK when it (or the commit) fails. `tx_error` turns a failed BEGIN or COMMIT
    /// into the caller's error type (the migration runner's failure report).
    pub async fn atomically<T, E>(
        &mut self,
        tx_error: impl Fn(Error) -> E,
        work: impl AsyncFnOnce(&mut Conn) -> Result<T, E>,
    ) -> Result<T, E> {
        self.begin().await.map_err(&tx_error)?;
        match work(self).await {
            Ok(v) => {
                self.commit().await.map_err(&tx_error)?;
                Ok(v)
            }
            Err(e) => {
                self.rollback().await;
                Err(e)
            }
        }
    }

    pub async fn begin(&mut self) -> Result<()> {
        if self.tx != TxState::None {
            return Err(Error::internal(
                "a transaction is already open on this connection",
            ));
        }
        self.db.count();
        match &mut self.kind {
            // IMMEDIATE takes the write lock now, so two writers queue instead of failing at commit.
            ConnKind::Sqlite(c) => c
                .execute_batch("BEGIN IMMEDIATE")
                .map_err(crate::sqlite::map_error)?,
            ConnKind::Mssql(c) => mssql::simple(c, "BEGIN TRANSACTION").await?,
        }
        self.tx = TxState::Open;
        Ok(())
    }

    pub async fn commit(&mut self) -> Result<()> {
        if self.tx == TxState::None {
            return Err(Error::internal("commit without a transaction"));
        }
        self.db.count();
        let result = match &mut self.kind {
            ConnKind::Sqlite(c) => c.execute_batch("COMMIT").map_err(crate::sqlite::map_error),
            ConnKind::Mssql(c) => mssql::simple(c, "COMMIT TRANSACTION").await,
        };
        self.tx = TxState::None;
        if result.is_err() {
            self.rollback_quietly().await;
        }
        result
    }

    /// Rolls back if a transaction is open. Never fails: a connection that cannot roll back is
    /// discarded, which makes the server roll back.
    pub async fn rollback(&mut self) {
        if self.tx == TxState::Open {
            self.tx = TxState::None;
            self.rollback_quietly().await;
        }
    }

    async fn rollback_quietly(&mut self) {
        match &mut self.kind {
            ConnKind::Sqlite(c) => {
                if !c.is_autocommit() {
                    let _ = c.execute_batch("ROLLBACK");
                }
            }
            ConnKind::Mssql(c) => {
                if mssql::simple(c, "IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION")
                    .await
                    .is_err()
                {
                    mssql::mark_broken(c);
                }
            }
        }
    }

    /// Rows of the last result set.
    pub async fn query(&mut self, q: &Query, params: &[Value]) -> Result<Vec<Row>> {
        Ok(self.query_sets(q, params).await?.pop().unwrap_or_default())
    }

    /// Every result set, in order.
    pub async fn query_sets(&mut self, q: &Query, params: &[Value]) -> Result<Vec<Vec<Row>>> {
        self.db.count();
        tracing::debug!(query = q.name, "query");
        let sets = match &mut self.kind {
            ConnKind::Sqlite(c) => crate::sqlite::run(c, q.sqlite, params).map(|r| r.sets),
            ConnKind::Mssql(c) => mssql::query(c, q.mssql, params).await,
        }?;
        let rows: usize = sets.iter().map(Vec::len).sum();
        self.db
            .inner
            .rows_read
            .fetch_add(rows as u64, Ordering::Relaxed);
        Ok(sets)
    }

    /// Rows affected, summed over the statements of the query.
    pub async fn execute(&mut self, q: &Query, params: &[Value]) -> Result<u64> {
        self.db.count();
        tracing::debug!(query = q.name, "execute");
        let changes = match &mut self.kind {
            ConnKind::Sqlite(c) => crate::sqlite::run(c, q.sqlite, params).map(|r| r.changes),
            ConnKind::Mssql(c) => mssql::execute(c, q.mssql, params).await,
        }?;
        self.db
            .inner
            .rows_changed
            .fetch_add(changes, Ordering::Relaxed);
        Ok(changes)
    }

    /// Runs a script of this engine's SQL with no parameters, reading every result to the end.
    /// Only for migration files, which are checked as files, not as application queries.
    pub async fn run_script(&mut self, script: &str) -> Result<()> {
        self.db.count();
        match &mut self.kind {
            ConnKind::Sqlite(c) => c.execute_batch(script).map_err(crate::sqlite::map_error),
            // A plain batch, not sp_executesql: DDL that must start a batch works, and SETs stick.
            ConnKind::Mssql(c) => mssql::simple(c, script).await,
        }
    }
}

impl Conn {
    /// Makes the pool drop this connection instead of reusing it (SQL Server), so that session
    /// state a script changed (SET options, a session-owned lock) never reaches its next user.
    /// No-op on SQLite.
    pub(crate) fn discard(&mut self) {
        if let ConnKind::Mssql(c) = &mut self.kind {
            mssql::mark_broken(c);
        }
    }
}

impl Drop for Conn {
    fn drop(&mut self) {
        // A transaction left open by an early return must not reach the next user of the connection.
        if self.tx == TxState::Open {
            match &mut self.kind {
                ConnKind::Sqlite(c) => {
                    if !c.is_autocommit() {
                        let _ = c.execute_batch("ROLLBACK");
                    }
                }
                ConnKind::Mssql(c) => mssql::mark_broken(c),
            }
        }
    }
}
