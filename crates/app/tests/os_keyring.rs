//! The real OS keyring (Secret Service on Linux). Ignored by default: it needs an unlocked keyring
//! in a D-Bus session. Run it as
//! ```sh
//! HOME=$tmp/home XDG_RUNTIME_DIR=$tmp/run dbus-run-session -- sh -c '
//!   printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null
//!   cargo test -p ivr-app --test os_keyring -- --ignored'
//! ```
//! (packages: gnome-keyring libsecret-tools dbus). `IVR_KEYRING_PROBE_ACCOUNT`, when set, leaves
//! that account's entry in place so `secret-tool lookup service ivr-studio username <account>` can
//! show that another client reads what IVR Studio stored.

use ivr_app::{KeyringStore, SecretStore};

#[test]
#[ignore = "needs an unlocked Secret Service in a D-Bus session"]
fn os_keyring_round_trip() {
    let k = KeyringStore::os();
    let account = format!("ivr-test-{}", std::process::id());
    assert_eq!(k.get(&account).unwrap(), None);
    k.set(&account, "first-pw").unwrap();
    assert_eq!(k.get(&account).unwrap().as_deref(), Some("first-pw"));
    k.set(&account, "second-pw").unwrap();
    assert_eq!(k.get(&account).unwrap().as_deref(), Some("second-pw"));
    k.delete(&account).unwrap();
    assert_eq!(k.get(&account).unwrap(), None);
    k.delete(&account).unwrap();

    if let Ok(probe) = std::env::var("IVR_KEYRING_PROBE_ACCOUNT") {
        k.set(&probe, "probe-pw").unwrap();
    }
}
