//! What the window holds between commands: the `Studio` (profiles, password store) and the open
//! environment with its database. Opening `local` on first use is the only thing done here.

use ivr_app::running::{OneAtATime, Work};
use ivr_app::{Home, KeyringOrSession, OpenEnvironment, Studio, Target};
use ivr_domain::{Error, Result};
use std::sync::{Arc, Mutex};
use tokio::sync::{RwLock, RwLockMappedWriteGuard, RwLockReadGuard, RwLockWriteGuard};

pub struct AppState {
    studio: std::result::Result<RwLock<Studio>, Error>,
    env: RwLock<Option<OpenEnvironment>>,
    /// The running connection test, so the UI can cancel it.
    pub test_task: Mutex<Option<crate::commands::AbortHandle>>,
    /// The environment being opened (connecting to a server that may not answer), ditto.
    pub open_task: Mutex<Option<crate::commands::AbortHandle>>,
    /// The deploy running in this window: a second one is refused instead of queued.
    pub deploys: OneAtATime,
    /// The file last chosen in the import dialog: previews and the import read this one, so the
    /// UI never names a path.
    pub import_file: Mutex<Option<std::path::PathBuf>>,
    /// The import running in this window (`messages_import_cancel` cancels it); one at a time.
    pub imports: OneAtATime,
    handle: std::sync::OnceLock<tauri::AppHandle>,
}

impl AppState {
    pub fn from_env() -> AppState {
        let secrets = Arc::new(KeyringOrSession::os());
        AppState {
            studio: Home::from_env().map(|h| RwLock::new(Studio::new(h, secrets))),
            env: RwLock::new(None),
            test_task: Mutex::new(None),
            open_task: Mutex::new(None),
            deploys: OneAtATime::new(Work::Deploy),
            import_file: Mutex::new(None),
            imports: OneAtATime::new(Work::Import),
            handle: std::sync::OnceLock::new(),
        }
    }

    /// Kept at start-up so commands can emit events.
    pub fn set_handle(&self, h: tauri::AppHandle) {
        let _ = self.handle.set(h);
    }

    pub fn handle(&self) -> Option<tauri::AppHandle> {
        self.handle.get().cloned()
    }

    pub async fn studio(&self) -> Result<RwLockReadGuard<'_, Studio>> {
        match &self.studio {
            Ok(s) => Ok(s.read().await),
            Err(e) => Err(e.clone()),
        }
    }

    /// The open environment; `local` is opened (and on first start created) when none is.
    pub async fn env(&self) -> Result<RwLockReadGuard<'_, OpenEnvironment>> {
        {
            let guard = self.env.read().await;
            if guard.is_some() {
                return RwLockReadGuard::try_map(guard, |e| e.as_ref())
                    .map_err(|_| Error::internal("the environment closed while in use"));
            }
        }
        let mut w = self.env.write().await;
        if w.is_none() {
            let opened = self
                .studio()
                .await?
                .open(&Target::env(ivr_app::profiles::LOCAL))
                .await?;
            *w = Some(opened);
        }
        let r = w.downgrade();
        RwLockReadGuard::try_map(r, |e| e.as_ref())
            .map_err(|_| Error::internal("the environment closed while in use"))
    }

    pub async fn env_mut(&self) -> Result<RwLockMappedWriteGuard<'_, OpenEnvironment>> {
        drop(self.env().await?);
        let w = self.env.write().await;
        RwLockWriteGuard::try_map(w, |e| e.as_mut())
            .map_err(|_| Error::internal("the environment closed while in use"))
    }

    /// Replaces the open environment (the old one's connections close when it drops).
    pub async fn replace_env(&self, env: OpenEnvironment) {
        *self.env.write().await = Some(env);
    }

    /// Remembers the file chosen in the import dialog.
    pub fn choose_import_file(&self, path: std::path::PathBuf) {
        if let Ok(mut f) = self.import_file.lock() {
            *f = Some(path);
        }
    }

    /// The file chosen in the import dialog; VALIDATION when none was.
    pub fn import_file(&self) -> Result<std::path::PathBuf> {
        self.import_file
            .lock()
            .ok()
            .and_then(|f| f.clone())
            .ok_or_else(|| Error::validation("no import file was chosen; choose one first"))
    }
}
