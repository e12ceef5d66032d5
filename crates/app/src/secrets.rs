//! Passwords: in the OS keyring (service `ivr-studio`, account = environment name), or — when the
//! user agrees because the keyring is unavailable — in memory for this session only.

use ivr_domain::{Error, ErrorCode, Result};
use std::collections::HashMap;
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
             for one run without a keyring, give the connection as --url or IVR_DATABASE_URL"
        ),
    )
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
    }

    #[test]
    fn keyring_errors_are_keyring_code() {
        let e = unavailable(&keyring_core::Error::NoDefaultStore);
        assert_eq!(e.code, ErrorCode::Keyring);
        assert!(e.message.contains("not available"), "{}", e.message);
        assert!(e.message.contains("--url"), "{}", e.message);
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
