//! Work a window runs one at a time (a schema deploy, a message import): a second one asked for
//! while the first runs is refused with the rule's code, not queued, and the running one can be
//! cancelled. The desktop app holds one [`OneAtATime`] per kind of work; a command-line run does
//! one thing per process (the migration lock in the database still orders deploys across them).

use ivr_domain::{Error, ErrorCode, Result};
use std::sync::Mutex;
use tokio_util::sync::CancellationToken;

/// What is run one at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// A schema deploy: a second one is MIGRATION_LOCKED.
    Deploy,
    /// A message import: a second one is BUSY (try again once the first one ended).
    Import,
}

impl Work {
    /// The refusal of a second run while one runs.
    fn already_running(self) -> Error {
        match self {
            Work::Deploy => Error::new(
                ErrorCode::MigrationLocked,
                "a deploy is already running in this window; wait for it to finish",
            ),
            Work::Import => Error::busy(
                "an import is already running in this window; wait for it to finish or cancel it",
            ),
        }
    }
}

/// The one running piece of a kind of work, if any.
#[derive(Debug)]
pub struct OneAtATime {
    work: Work,
    running: Mutex<Option<CancellationToken>>,
}

impl OneAtATime {
    pub fn new(work: Work) -> OneAtATime {
        OneAtATime {
            work,
            running: Mutex::new(None),
        }
    }

    /// Marks the work as running with a fresh cancellation token, until the answer is dropped;
    /// refused (see [`Work`]) while another one runs.
    pub fn begin(&self) -> Result<Running<'_>> {
        let mut slot = self
            .running
            .lock()
            .map_err(|_| Error::internal("the running-work slot was poisoned"))?;
        if slot.is_some() {
            return Err(self.work.already_running());
        }
        let token = CancellationToken::new();
        *slot = Some(token.clone());
        Ok(Running {
            slot: &self.running,
            token,
        })
    }

    /// Whether one runs now.
    pub fn is_running(&self) -> bool {
        self.running.lock().is_ok_and(|s| s.is_some())
    }

    /// Cancels the running one; false when none runs.
    pub fn cancel(&self) -> bool {
        match self.running.lock().ok().and_then(|s| s.clone()) {
            Some(t) => {
                t.cancel();
                true
            }
            None => false,
        }
    }
}

/// A running piece of work: its cancellation token; the slot is free again when this is dropped.
pub struct Running<'a> {
    slot: &'a Mutex<Option<CancellationToken>>,
    token: CancellationToken,
}

impl Running<'_> {
    pub fn token(&self) -> CancellationToken {
        self.token.clone()
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        if let Ok(mut s) = self.slot.lock() {
            *s = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_run_is_refused_until_the_first_ends() {
        let deploys = OneAtATime::new(Work::Deploy);
        assert!(!deploys.is_running());
        let first = deploys.begin().unwrap();
        assert!(deploys.is_running());
        let e = deploys.begin().err().unwrap();
        assert_eq!(e.code, ErrorCode::MigrationLocked);
        drop(first);
        assert!(!deploys.is_running());
        drop(deploys.begin().unwrap());

        let imports = OneAtATime::new(Work::Import);
        assert!(!imports.cancel(), "nothing runs");
        let run = imports.begin().unwrap();
        assert_eq!(imports.begin().err().unwrap().code, ErrorCode::Busy);
        assert!(imports.cancel());
        assert!(run.token().is_cancelled());
        drop(run);
        assert!(
            !imports.begin().unwrap().token().is_cancelled(),
            "a fresh token"
        );
    }
}
