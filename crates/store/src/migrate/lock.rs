//! One runner at a time.
//!
//! - SQL Server: `sp_getapplock` on resource `ivr-studio-migrations`, exclusive, owned by the
//!   session of the connection that runs the migrations; the return code is checked (negative →
//!   MIGRATION_LOCKED) and the lock is released at the end. If the process dies, the server ends
//!   the session and the lock with it.
//! - SQLite: an OS advisory lock (`flock` on Unix, `LockFileEx` on Windows, via `std::fs::File::try_lock`)
//!   on the file `<database>.migrate-lock` next to the database. It excludes every other process and
//!   every other open handle in this process (each `Db` opens the file anew), and the OS drops it
//!   when the process dies, so a crash never leaves a stale lock. The lock file itself is left in
//!   place (deleting it would let two runners lock two different files).
//!
//! A runner that does not get the lock within its timeout gets MIGRATION_LOCKED.

use super::history::{APPLOCK_GET, APPLOCK_PROBE, APPLOCK_RELEASE};
use crate::{Conn, Engine, Value};
use ivr_domain::{Error, ErrorCode, Result};
use std::path::PathBuf;
use std::time::{Duration, Instant};

pub(crate) enum LockGuard {
    /// Held until the file is closed (dropped).
    Sqlite(std::fs::File),
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
    let mut name = db_path.as_os_str().to_owned();
    name.push(".migrate-lock");
    PathBuf::from(name)
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
                return Err(e.with_detail(serde_json::json!({ "applockResult": code })));
            }
            Ok(LockGuard::Mssql)
        }
        Engine::Sqlite => {
            let path = sqlite_lock_file(conn)?;
            let file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .read(true)
                .write(true)
                .open(&path)
                .map_err(|e| {
                    Error::config(format!(
                        "cannot open the migration lock file {}: {e}",
                        path.display()
                    ))
                })?;
            let started = Instant::now();
            loop {
                match file.try_lock() {
                    Ok(()) => return Ok(LockGuard::Sqlite(file)),
                    Err(std::fs::TryLockError::WouldBlock) => {
                        if started.elapsed() >= timeout {
                            return Err(locked_error(timeout));
                        }
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                    Err(std::fs::TryLockError::Error(e)) => {
                        return Err(Error::config(format!(
                            "cannot lock the migration lock file {}: {e}",
                            path.display()
                        )))
                    }
                }
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
        Engine::Sqlite => {
            let path = sqlite_lock_file(conn)?;
            // No lock file: nobody has ever deployed here, so nobody holds it; not created by a probe.
            let file = match std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(&path)
            {
                Ok(f) => f,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
                Err(e) => {
                    return Err(Error::config(format!(
                        "cannot open the migration lock file {}: {e}",
                        path.display()
                    )))
                }
            };
            match file.try_lock() {
                Ok(()) => {
                    let _ = file.unlock();
                    Ok(false)
                }
                Err(std::fs::TryLockError::WouldBlock) => Ok(true),
                Err(std::fs::TryLockError::Error(e)) => Err(Error::config(format!(
                    "cannot probe the migration lock file {}: {e}",
                    path.display()
                ))),
            }
        }
    }
}

pub(crate) async fn release(conn: &mut Conn, guard: LockGuard) -> Result<()> {
    match guard {
        LockGuard::Sqlite(file) => {
            // Closing the file releases the lock too; unlocking first makes it explicit.
            let _ = file.unlock();
            drop(file);
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
