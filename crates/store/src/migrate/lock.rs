//! One runner at a time.
//!
//! - SQL Server: `sp_getapplock` on resource `ivr-studio-migrations`, exclusive, owned by the
//!   session of the connection that runs the migrations; the return code is checked (negative →
//!   MIGRATION_LOCKED) and the lock is released at the end. If the process dies, the server ends
//!   the session and the lock with it.
//! - SQLite: an OS advisory lock ([`crate::file_lock`]) on the file `<database>.migrate-lock` next to
//!   the database; the OS drops it when the process dies, so a crash never leaves a stale lock.
//!
//! A runner that does not get the lock within its timeout gets MIGRATION_LOCKED.

use super::history::{APPLOCK_GET, APPLOCK_PROBE, APPLOCK_RELEASE};
use super::RunOptions;
use crate::file_lock::{self, FileLock};
use crate::{Conn, Db, Value};
use ivr_domain::connection::Engine;
use ivr_domain::{Error, ErrorCode, ErrorDetail, Result};
use std::path::PathBuf;
use std::time::Duration;

pub(crate) enum LockGuard {
    /// Held until dropped.
    Sqlite(FileLock),
    Mssql,
}

fn locked_error(waited: Duration) -> Error {
    Error::new(
        ErrorCode::MigrationLocked,
        format!(
            "another deploy is running on this database (the migration lock was not free within {} s); wait for it to finish, then run the command again",
            waited.as_secs()
        ),
    )
}

pub(crate) fn lock_file_path(db_path: &std::path::Path) -> PathBuf {
    file_lock::beside(db_path, ".migrate-lock")
}

fn sqlite_lock_file(conn: &Conn) -> Result<PathBuf> {
    let db_path = conn
        .db()
        .sqlite_path()
        .ok_or_else(|| Error::internal("SQLite database without a path"))?;
    Ok(lock_file_path(db_path))
}

pub(crate) async fn acquire(conn: &mut Conn, timeout: Duration) -> Result<LockGuard> {
    match conn.engine() {
        Engine::Mssql => {
            let ms = i64::try_from(timeout.as_millis())
                .unwrap_or(i64::MAX)
                .min(i32::MAX as i64);
            let rows = conn.query(&APPLOCK_GET, &[Value::Int(ms)]).await?;
            let code = rows
                .first()
                .map(|r| r.i64("result"))
                .transpose()?
                .ok_or_else(|| Error::internal("sp_getapplock returned no result"))?;
            if code < 0 {
                let mut e = locked_error(timeout);
                if code != -1 {
                    e.message = format!("{} (sp_getapplock returned {code})", e.message);
                }
                return Err(e.with_detail(ErrorDetail {
                    applock_result: Some(code),
                    ..Default::default()
                }));
            }
            Ok(LockGuard::Mssql)
        }
        Engine::Sqlite => {
            let path = sqlite_lock_file(conn)?;
            match file_lock::acquire(&path, timeout).await? {
                Some(lock) => Ok(LockGuard::Sqlite(lock)),
                None => Err(locked_error(timeout)),
            }
        }
    }
}

/// Whether another runner holds the migration lock now; takes nothing (a screen shows it, and a
/// deploy started while it is held waits for it).
pub(crate) async fn held(conn: &mut Conn) -> Result<bool> {
    match conn.engine() {
        Engine::Mssql => {
            let rows = conn.query(&APPLOCK_PROBE, &[]).await?;
            let free = rows
                .first()
                .map(|r| r.i64("free"))
                .transpose()?
                .ok_or_else(|| Error::internal("APPLOCK_TEST returned no result"))?;
            Ok(free == 0)
        }
        Engine::Sqlite => file_lock::held(&sqlite_lock_file(conn)?),
    }
}

pub(crate) async fn release(conn: &mut Conn, guard: LockGuard) -> Result<()> {
    match guard {
        LockGuard::Sqlite(lock) => {
            lock.release();
            Ok(())
        }
        LockGuard::Mssql => {
            let result = conn.execute(&APPLOCK_RELEASE, &[]).await.map(|_| ());
            if result.is_err() {
                // A pooled session must never keep the lock: drop the connection, which ends the
                // session and releases the lock on the server.
                conn.discard();
            }
            result
        }
    }
}

/// Runs `work` on a connection holding the migration lock (baseline, repair), then releases it.
pub(super) async fn with_lock<T>(
    db: &Db,
    run: &RunOptions,
    work: impl AsyncFnOnce(&mut Conn) -> Result<T>,
) -> Result<T> {
    let mut conn = db.conn().await?;
    let guard = acquire(&mut conn, run.lock_timeout).await?;
    let result = work(&mut conn).await;
    let released = release(&mut conn, guard).await;
    match (result, released) {
        (Ok(v), Ok(())) => Ok(v),
        (Err(e), _) => Err(e),
        (Ok(_), Err(e)) => Err(e),
    }
}
