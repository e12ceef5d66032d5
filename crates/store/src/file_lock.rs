//! An exclusive OS lock on a file next to an SQLite database (`flock` on Unix, `LockFileEx` on
//! Windows, via `std::fs::File::try_lock`).
//!
//! It excludes every other process and every other open handle in this process (each call opens
//! the file anew), and the OS drops it when the process dies, so a crash never leaves a stale lock.
//! The lock file itself is left in place: deleting it would let two holders lock two different files.

use ivr_domain::{Error, Result};
use std::path::Path;
use std::time::{Duration, Instant};

/// Held until dropped.
#[derive(Debug)]
pub struct FileLock(std::fs::File);

/// How often a waiting holder tries again.
const POLL: Duration = Duration::from_millis(25);

/// Waits up to `timeout` for the lock on `path` (created if missing). `Ok(None)`: another holder
/// kept it for the whole time; the caller words that for its own purpose.
pub async fn acquire(path: &Path, timeout: Duration) -> Result<Option<FileLock>> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(path)
        .map_err(|e| Error::config(format!("cannot open the lock file {}: {e}", path.display())))?;
    let started = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(Some(FileLock(file))),
            Err(std::fs::TryLockError::WouldBlock) => {
                if started.elapsed() >= timeout {
                    return Ok(None);
                }
                tokio::time::sleep(POLL).await;
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(Error::config(format!(
                    "cannot lock the lock file {}: {e}",
                    path.display()
                )))
            }
        }
    }
}

/// Whether someone holds the lock on `path` now; takes nothing, and creates no file (no file:
/// nobody has ever locked it, so nobody holds it).
pub fn held(path: &Path) -> Result<bool> {
    let file = match std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => {
            return Err(Error::config(format!(
                "cannot open the lock file {}: {e}",
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
            "cannot probe the lock file {}: {e}",
            path.display()
        ))),
    }
}

impl FileLock {
    /// Releases now (dropping releases too; this makes it explicit).
    pub fn release(self) {
        let _ = self.0.unlock();
    }
}

/// `<path><suffix>`: a file next to `path` named after it.
pub fn beside(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    std::path::PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_second_holder_waits_then_gets_it_after_release() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.lock");
        assert!(!held(&path).unwrap());
        assert!(!path.exists(), "a probe creates no file");
        let first = acquire(&path, Duration::ZERO).await.unwrap().unwrap();
        assert!(held(&path).unwrap());
        assert!(acquire(&path, Duration::from_millis(60))
            .await
            .unwrap()
            .is_none());
        first.release();
        assert!(!held(&path).unwrap());
        assert!(acquire(&path, Duration::ZERO).await.unwrap().is_some());
    }
}
