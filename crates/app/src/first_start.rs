//! First start of the `local` environment: create the SQLite file, migrate it and seed the demo,
//! as one step that any number of processes may run at once and that a kill at any moment leaves
//! either not done or done. Only `local` is built here ([`crate::Studio::open`]); another SQLite
//! environment (`ivr env add trial --engine sqlite …`) opens as it is, and its admin deploys its
//! migrations (until then its data commands are NOT_DEPLOYED).
//!
//! How: one process at a time (an OS lock on `<file>.first-start-lock`) builds the database under
//! a temporary name next to the real one (`<file>.first-start`), migrated and seeded through the
//! same functions as any later edit. Only when it is complete — checkpointed into one file, closed
//! and synced — is it renamed to its real name; the rename is atomic and the folder is synced after
//! it. So the real file either does not exist or is complete, and there is no marker to keep in
//! step with the data: the file's presence is the marker. The others wait for the lock, then open
//! what was built. A process killed while building leaves only the temporary file (and the OS
//! drops its lock); the next start deletes it and builds again from nothing.
//!
//! A file that exists but has no tables at all (opened by `ivr env test` or `ivr migrate status`
//! before any start, or left empty by an older build) counts as not created: the build replaces it.

use crate::profiles::LOCAL;
use ivr_domain::{Error, Result};
use ivr_store::audit::Actor;
use ivr_store::file_lock;
use ivr_store::migrate::{self, DeployOptions, MigrationSet, RunOptions};
use ivr_store::Db;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a start waits for another process's first start (normally well under a second).
pub const WAIT_FOR_OTHER: Duration = Duration::from_secs(60);

/// Makes sure the SQLite database of `environment` at `path` exists and is complete (migrated;
/// the demo seeded for `local` only). Returns true when this call built it, false when it was
/// there already (or another process built it meanwhile).
pub async fn ensure_created(path: &Path, environment: &str, actor: &str) -> Result<bool> {
    if ivr_store::db::sqlite_has_schema(path)? {
        return Ok(false);
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| {
        Error::config(format!(
            "cannot create the folder {} for the database of `{environment}`: {e}",
            dir.display()
        ))
    })?;
    let lock_path = file_lock::beside(path, ".first-start-lock");
    let Some(lock) = file_lock::acquire(&lock_path, WAIT_FOR_OTHER).await? else {
        return Err(Error::connection(format!(
            "another IVR Studio process has been creating the database of `{environment}` for {} s; try again when it has finished",
            WAIT_FOR_OTHER.as_secs()
        )));
    };
    // Built by the process we waited for.
    if ivr_store::db::sqlite_has_schema(path)? {
        lock.release();
        return Ok(false);
    }
    let building = file_lock::beside(path, ".first-start");
    remove_leftovers(&building)?;
    tracing::info!(path = %path.display(), environment, "creating the SQLite database");
    let db = Db::open_sqlite(&building)?;
    if let Err(e) = build(&db, environment, actor).await {
        drop(db);
        let _ = remove_leftovers(&building);
        return Err(e);
    }
    db.close()?;
    sync_file(&building)?;
    std::fs::rename(&building, path).map_err(|e| {
        Error::config(format!(
            "cannot move the new database of `{environment}` into place ({} → {}): {e}",
            building.display(),
            path.display()
        ))
    })?;
    sync_dir(dir)?;
    remove_leftovers(&building)?;
    lock.release();
    Ok(true)
}

/// Migrates the new database; for `local`, also seeds the demo: what a new user sees on first start.
async fn build(db: &Db, environment: &str, actor: &str) -> Result<()> {
    deploy_pending(
        db,
        &MigrationSet::embedded(db.engine())?,
        environment,
        actor,
    )
    .await?;
    if environment == LOCAL {
        crate::demo::seed(db, &Actor::new(actor, LOCAL)).await?;
    }
    Ok(())
}

/// Deploys the pending migrations of `set` to the app's own database (built here, or brought up
/// to date on a later open by [`crate::studio::ensure_sqlite_ready`]), nothing shown as progress.
pub(crate) async fn deploy_pending(
    db: &Db,
    set: &MigrationSet,
    environment: &str,
    actor: &str,
) -> Result<()> {
    migrate::deploy(
        db,
        set,
        &RunOptions::new(actor, environment),
        DeployOptions::default(),
        &|_| {},
    )
    .await?;
    Ok(())
}

/// The temporary file of an interrupted build and what SQLite and the migration lock keep beside it.
fn remove_leftovers(building: &Path) -> Result<()> {
    let files: Vec<PathBuf> = ["", "-wal", "-shm", "-journal", ".migrate-lock"]
        .iter()
        .map(|s| file_lock::beside(building, s))
        .collect();
    for f in files {
        match std::fs::remove_file(&f) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(Error::config(format!(
                    "cannot remove {} (left by an interrupted first start): {e}",
                    f.display()
                )))
            }
        }
    }
    Ok(())
}

fn sync_file(path: &Path) -> Result<()> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| Error::config(format!("cannot sync {}: {e}", path.display())))
}

/// Makes the rename durable (a folder is synced through a handle on it; Unix only).
fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)
        .and_then(|f| f.sync_all())
        .map_err(|e| Error::config(format!("cannot sync the folder {}: {e}", dir.display())))?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}
