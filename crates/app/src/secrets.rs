//! Passwords: in the OS keyring (service `ivr-studio`, account = environment name), or — when the
//! user agrees because the keyring is unavailable — in memory for this session only.

use ivr_domain::{Error, ErrorCode, Remedy, Result};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

pub const KEYRING_SERVICE: &str = "ivr-studio";

/// Where environment passwords live. Implementations never log or print a password.
pub trait SecretStore: Send + Sync {
    /// `None` when no password is stored for the environment.
    fn get(&self, env: &str) -> Result<Option<String>>;
    fn set(&self, env: &str, password: &str) -> Result<()>;
    /// Removing a password that is not there is not an error.
    fn delete(&self, env: &str) -> Result<()>;
    /// Shown to the user: "OS keyring", "session memory".
    fn kind(&self) -> &'static str;
    /// True when the environment's password is held in memory for this session only (so the user
    /// is told it will be asked again after a restart).
    fn held_for_session(&self, _env: &str) -> bool {
        false
    }
    /// From now on new passwords are kept in memory for this session only: the user agreed,
    /// because the keyring is unavailable. A store that cannot do that refuses (VALIDATION).
    fn keep_for_session_only(&self) -> Result<()> {
        Err(Error::validation(format!(
            "the {} cannot keep a password for this session only",
            self.kind()
        )))
    }
}

/// The keyring through `keyring-core`'s default store.
///
/// [`KeyringStore::os`] installs the platform store (Secret Service, Keychain, Credential Manager)
/// on first use; tests install `keyring_core::mock::Store` as the default store and use
/// [`KeyringStore::default_store`], so they run the same code without touching the user's keyring.
#[derive(Debug, Clone)]
pub struct KeyringStore {
    platform: bool,
}

impl KeyringStore {
    /// The operating system's keyring.
    pub fn os() -> KeyringStore {
        KeyringStore { platform: true }
    }

    /// Whatever store `keyring_core::set_default_store` installed (tests: the mock store).
    pub fn default_store() -> KeyringStore {
        KeyringStore { platform: false }
    }

    fn entry(&self, env: &str) -> Result<keyring_core::Entry> {
        if self.platform {
            // The first call installs the platform store as keyring-core's default store.
            if let Err(e) = keyring::Entry::store_status() {
                return Err(unavailable(e));
            }
        }
        keyring_core::Entry::new(KEYRING_SERVICE, env).map_err(|e| unavailable(&e))
    }
}

/// The keyring's error texts describe the store, never the secret; still, only its kind is shown.
fn unavailable(e: &keyring_core::Error) -> Error {
    use keyring_core::Error as K;
    let why = match e {
        K::NoDefaultStore => "no keyring service is running for this session".to_string(),
        K::NoStorageAccess(_) => "the keyring is locked or access was refused".to_string(),
        K::PlatformFailure(p) => format!("the keyring service failed ({p})"),
        K::NotSupportedByStore(w) => format!("the keyring does not support this ({w})"),
        K::TooLong(what, max) => format!("the {what} is too long for the keyring (max {max})"),
        K::Invalid(what, why) => format!("invalid {what}: {why}"),
        K::BadEncoding(_) | K::BadDataFormat(..) => {
            "the stored entry is not readable text; remove it and store the password again"
                .to_string()
        }
        other => format!("{other}"),
    };
    Error::new(
        ErrorCode::Keyring,
        format!(
            "the OS keyring is not available: {why}. On Linux a Secret Service (GNOME Keyring or KWallet) must be running and unlocked; \
             without it, give the password for this run or session only"
        ),
    )
    .with_remedy(Remedy::WithoutKeyring)
}

impl SecretStore for KeyringStore {
    fn get(&self, env: &str) -> Result<Option<String>> {
        match self.entry(env)?.get_password() {
            Ok(p) => Ok(Some(p)),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(unavailable(&e)),
        }
    }

    fn set(&self, env: &str, password: &str) -> Result<()> {
        self.entry(env)?
            .set_password(password)
            .map_err(|e| unavailable(&e))
    }

    fn delete(&self, env: &str) -> Result<()> {
        match self.entry(env)?.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(e) => Err(unavailable(&e)),
        }
    }

    fn kind(&self) -> &'static str {
        "OS keyring"
    }
}

/// Passwords kept in this process only, forgotten when it ends. For when the OS keyring is not
/// available and the user agreed to type the password each session.
#[derive(Default)]
pub struct SessionStore {
    passwords: Mutex<HashMap<String, String>>,
}

impl SessionStore {
    pub fn new() -> SessionStore {
        SessionStore::default()
    }

    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
        // A poisoned lock only means another thread panicked mid-insert; the map is still usable.
        self.passwords.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl std::fmt::Debug for SessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionStore")
            .field("environments", &self.map().keys().collect::<Vec<_>>())
            .finish()
    }
}

impl SecretStore for SessionStore {
    fn get(&self, env: &str) -> Result<Option<String>> {
        Ok(self.map().get(env).cloned())
    }
    fn set(&self, env: &str, password: &str) -> Result<()> {
        self.map().insert(env.to_string(), password.to_string());
        Ok(())
    }
    fn delete(&self, env: &str) -> Result<()> {
        self.map().remove(env);
        Ok(())
    }
    fn kind(&self) -> &'static str {
        "session memory"
    }
    fn keep_for_session_only(&self) -> Result<()> {
        Ok(())
    }
}

/// The desktop app's store: the OS keyring, until the user agrees — because the keyring is not
/// available — to keep passwords in memory for the rest of this session. Passwords typed for the
/// session are found before the keyring is asked, so a session password works even while the keyring
/// stays unavailable.
pub struct KeyringOrSession {
    keyring: Box<dyn SecretStore>,
    session: SessionStore,
    session_only: AtomicBool,
}

impl KeyringOrSession {
    pub fn new(keyring: Box<dyn SecretStore>) -> KeyringOrSession {
        KeyringOrSession {
            keyring,
            session: SessionStore::new(),
            session_only: AtomicBool::new(false),
        }
    }

    /// The OS keyring with the session fallback.
    pub fn os() -> KeyringOrSession {
        KeyringOrSession::new(Box::new(KeyringStore::os()))
    }

    /// From now on new passwords go to memory for this session, not to the keyring
    /// ([`SecretStore::keep_for_session_only`]).
    fn use_session_only(&self) {
        self.session_only.store(true, Ordering::SeqCst);
    }

    pub fn session_only(&self) -> bool {
        self.session_only.load(Ordering::SeqCst)
    }
}

impl std::fmt::Debug for KeyringOrSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyringOrSession")
            .field("session", &self.session)
            .field("session_only", &self.session_only())
            .finish()
    }
}

impl SecretStore for KeyringOrSession {
    fn get(&self, env: &str) -> Result<Option<String>> {
        match self.session.get(env)? {
            Some(p) => Ok(Some(p)),
            None => self.keyring.get(env),
        }
    }

    fn set(&self, env: &str, password: &str) -> Result<()> {
        if self.session_only() {
            self.session.set(env, password)
        } else {
            self.keyring.set(env, password)?;
            // A password stored in the keyring replaces one typed earlier for the session.
            self.session.delete(env)
        }
    }

    fn delete(&self, env: &str) -> Result<()> {
        let held = self.held_for_session(env);
        self.session.delete(env)?;
        match self.keyring.delete(env) {
            // Nothing was ever written to a keyring that is not available.
            Err(_) if held && self.session_only() => Ok(()),
            other => other,
        }
    }

    fn kind(&self) -> &'static str {
        if self.session_only() {
            self.session.kind()
        } else {
            self.keyring.kind()
        }
    }

    fn held_for_session(&self, env: &str) -> bool {
        matches!(self.session.get(env), Ok(Some(_)))
    }

    fn keep_for_session_only(&self) -> Result<()> {
        self.use_session_only();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mock() -> KeyringStore {
        // Installing the same kind of store again from parallel tests is harmless: each test uses
        // its own account names.
        static INSTALL: std::sync::Once = std::sync::Once::new();
        INSTALL.call_once(|| {
            keyring_core::set_default_store(keyring_core::mock::Store::new().unwrap());
        });
        KeyringStore::default_store()
    }

    #[test]
    fn keyring_round_trip_with_mock_store() {
        let k = mock();
        assert_eq!(k.get("kr-a").unwrap(), None);
        k.set("kr-a", "pw-1").unwrap();
        assert_eq!(k.get("kr-a").unwrap().as_deref(), Some("pw-1"));
        k.set("kr-a", "pw-2").unwrap();
        assert_eq!(k.get("kr-a").unwrap().as_deref(), Some("pw-2"));
        assert_eq!(k.get("kr-b").unwrap(), None, "accounts are separate");
        k.delete("kr-a").unwrap();
        assert_eq!(k.get("kr-a").unwrap(), None);
        k.delete("kr-a").unwrap();
        // Only a store with a session fallback keeps passwords for the session only.
        assert_eq!(
            k.keep_for_session_only().unwrap_err().code,
            ErrorCode::Validation
        );
    }

    #[test]
    fn keyring_errors_are_keyring_code() {
        let e = unavailable(&keyring_core::Error::NoDefaultStore);
        assert_eq!(e.code, ErrorCode::Keyring);
        assert!(e.message.contains("not available"), "{}", e.message);
        assert_eq!(e.remedy(), Some(ivr_domain::Remedy::WithoutKeyring));
    }

    /// A keyring that is not there, as on a machine without a Secret Service.
    struct NoKeyring;
    impl SecretStore for NoKeyring {
        fn get(&self, _: &str) -> Result<Option<String>> {
            Err(unavailable(&keyring_core::Error::NoDefaultStore))
        }
        fn set(&self, _: &str, _: &str) -> Result<()> {
            Err(unavailable(&keyring_core::Error::NoDefaultStore))
        }
        fn delete(&self, _: &str) -> Result<()> {
            Err(unavailable(&keyring_core::Error::NoDefaultStore))
        }
        fn kind(&self) -> &'static str {
            "OS keyring"
        }
    }

    #[test]
    fn session_fallback_only_after_the_user_agreed() {
        let s = KeyringOrSession::new(Box::new(NoKeyring));
        assert_eq!(s.set("dev", "pw").unwrap_err().code, ErrorCode::Keyring);
        assert_eq!(s.get("dev").unwrap_err().code, ErrorCode::Keyring);
        assert_eq!(s.kind(), "OS keyring");

        s.keep_for_session_only().unwrap();
        s.set("dev", "pw").unwrap();
        assert_eq!(s.kind(), "session memory");
        assert_eq!(s.get("dev").unwrap().as_deref(), Some("pw"));
        assert!(s.held_for_session("dev"));
        // Others still ask the (unavailable) keyring, so the UI can say so.
        assert_eq!(s.get("acc").unwrap_err().code, ErrorCode::Keyring);
        assert!(!s.held_for_session("acc"));
        s.delete("dev").unwrap();
        assert_eq!(s.get("dev").unwrap_err().code, ErrorCode::Keyring);
        assert!(!format!("{s:?}").contains("pw"));
    }

    #[test]
    fn session_fallback_prefers_the_keyring_while_it_works() {
        let s = KeyringOrSession::new(Box::new(mock()));
        s.set("kos-a", "pw-k").unwrap();
        assert!(!s.held_for_session("kos-a"));
        assert_eq!(s.get("kos-a").unwrap().as_deref(), Some("pw-k"));
        s.delete("kos-a").unwrap();
        assert_eq!(s.get("kos-a").unwrap(), None);
    }

    #[test]
    fn session_store_round_trip() {
        let s = SessionStore::new();
        s.set("e", "pw").unwrap();
        assert_eq!(s.get("e").unwrap().as_deref(), Some("pw"));
        assert!(!format!("{s:?}").contains("pw\""));
        s.delete("e").unwrap();
        assert_eq!(s.get("e").unwrap(), None);
    }
}
