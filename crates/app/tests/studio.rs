//! Studio end to end on real SQLite files in a temporary home, with the session password store
//! (the OS keyring is exercised in the unit tests with keyring-core's mock store).

use ivr_app::env_draft::EnvironmentDraft;
use ivr_app::studio::PasswordState;
use ivr_app::{Home, SessionStore, Studio, Target, Tier};
use ivr_domain::connection::Engine;
use ivr_domain::ErrorCode;
use ivr_store::migrate::{self, MigrationSet};
use ivr_store::mssql::RetryPolicy;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

fn studio(dir: &Path) -> Studio {
    Studio::new(Home::at(dir), Arc::new(SessionStore::new()))
        .with_retry(RetryPolicy::once(Duration::from_secs(5)))
}

fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

fn text_under(dir: &Path) -> String {
    let mut s = String::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            s.push_str(&text_under(&p));
        } else {
            s.push_str(&String::from_utf8_lossy(&std::fs::read(&p).unwrap()));
        }
    }
    s
}

#[tokio::test]
async fn local_is_created_and_migrated_on_first_open_only() {
    let dir = tempfile::tempdir().unwrap();
    let s = studio(dir.path());
    let known = MigrationSet::embedded(Engine::Sqlite)
        .unwrap()
        .migrations()
        .len() as u64;
    assert!(known > 0);

    // test connects and changes nothing
    let t = s
        .test_environment(&Target::env("local"), Duration::from_secs(2))
        .await
        .unwrap();
    assert_eq!(t.engine, Engine::Sqlite);
    assert!(
        t.server_version.starts_with("SQLite 3."),
        "{}",
        t.server_version
    );
    assert_eq!(t.pending_migrations, Some(known));

    let env = s.open(&Target::env("local")).await.unwrap();
    assert_eq!(env.name(), "local");
    assert_eq!(env.tier(), Tier::Local);
    assert!(!env.read_only());
    assert!(dir.path().join("data/local.sqlite").exists());
    let status = migrate::status(&env.db, &MigrationSet::embedded(Engine::Sqlite).unwrap())
        .await
        .unwrap();
    assert!(status.pending.is_empty());
    assert_eq!(status.applied.len() as u64, known);
    drop(env);

    // later opens only read the history
    let env = s.open(&Target::env("local")).await.unwrap();
    let after_open = env.db.statement_count();
    let probe = migrate::status(&env.db, &MigrationSet::embedded(Engine::Sqlite).unwrap())
        .await
        .unwrap();
    assert!(probe.pending.is_empty());
    assert_eq!(
        after_open,
        env.db.statement_count() - after_open,
        "open = one status read"
    );

    let t = s
        .test_environment(&Target::env("local"), Duration::from_secs(2))
        .await
        .unwrap();
    assert_eq!(t.pending_migrations, Some(0));
}

#[tokio::test]
async fn mssql_profile_password_lives_only_in_the_secret_store() {
    let dir = tempfile::tempdir().unwrap();
    let s = studio(dir.path());
    let port = closed_port();
    let spec = ivr_domain::connection::parse(&format!(
        "Server=tcp:127.0.0.1,{port};Database=routing;User Id=app;Password=Sup3rSecretPw;Encrypt=False"
    ))
    .unwrap();
    let added = s
        .add_environment(&EnvironmentDraft::from_spec("dev", Tier::Dvp, spec), false)
        .unwrap();
    assert!(added.password_stored);
    assert!(!added.warnings.is_empty(), "encryption off is warned about");
    assert_eq!(
        s.show_environment("dev").unwrap().password,
        Some(PasswordState::Stored)
    );
    assert!(!text_under(dir.path()).contains("Sup3rSecretPw"));
    assert_eq!(
        s.secrets().get("dev").unwrap().as_deref(),
        Some("Sup3rSecretPw")
    );

    // unreachable: CONNECTION naming host and port, quickly, without the password
    let err = s.open(&Target::env("dev")).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Connection);
    assert!(
        err.message.contains(&format!("127.0.0.1:{port}")),
        "{}",
        err.message
    );
    assert!(!serde_json::to_string(&err)
        .unwrap()
        .contains("Sup3rSecretPw"));

    s.remove_environment("dev").unwrap();
    assert_eq!(s.secrets().get("dev").unwrap(), None);
    assert_eq!(
        s.open(&Target::env("dev")).await.unwrap_err().code,
        ErrorCode::NotFound
    );
}

#[tokio::test]
async fn mssql_profile_without_password_is_a_config_error() {
    let dir = tempfile::tempdir().unwrap();
    let s = studio(dir.path());
    let spec = ivr_domain::connection::parse("Server=h;Database=d;User Id=u").unwrap();
    s.add_environment(&EnvironmentDraft::from_spec("acc", Tier::Acc, spec), false)
        .unwrap();
    assert_eq!(
        s.show_environment("acc").unwrap().password,
        Some(PasswordState::NotStored)
    );
    let err = s.open(&Target::env("acc")).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Config);
    assert_eq!(
        err.remedy(),
        Some(ivr_domain::Remedy::SetPassword {
            environment: "acc".into()
        })
    );
    assert!(!err.message.contains("ivr "), "{}", err.message);
}

#[tokio::test]
async fn url_targets_need_a_password_and_never_echo_it() {
    let dir = tempfile::tempdir().unwrap();
    let s = studio(dir.path());
    let err = s
        .open(&Target::url("sqlserver://h:1433;database=d;user=u"))
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    let err = s
        .open(&Target::url(
            "Server=h;Database=d;User Id=u;Password=ab;Leak5Me;Encrypt=yes",
        ))
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    assert!(!serde_json::to_string(&err).unwrap().contains("Leak5Me"));
    let port = closed_port();
    let err = s
        .open(&Target::Url {
            url: format!("sqlserver://127.0.0.1:{port};database=d;user=u;password=Leak5Me"),
            tier: Tier::Prd,
        })
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Connection);
    assert!(!serde_json::to_string(&err).unwrap().contains("Leak5Me"));
    assert!(!format!("{:?}", Target::url("sqlserver://h;password=Leak5Me")).contains("Leak5Me"));
}

#[tokio::test]
async fn prd_profile_opens_read_only_until_unlocked() {
    let dir = tempfile::tempdir().unwrap();
    let s = studio(dir.path());
    let d = EnvironmentDraft {
        database: Some("prd-copy.sqlite".into()),
        display_name: Some("Release Manager".into()),
        ..EnvironmentDraft::new("prd-copy", Tier::Prd, Engine::Sqlite)
    };
    s.add_environment(&d, false).unwrap();
    let mut env = s.open(&Target::env("prd-copy")).await.unwrap();
    assert!(dir.path().join("data/prd-copy.sqlite").exists());
    assert_eq!(env.actor, "Release Manager");
    assert!(env.read_only());
    assert_eq!(env.writable().unwrap_err().code, ErrorCode::ReadOnly);
    assert_eq!(env.unlock("prd").unwrap_err().code, ErrorCode::Validation);
    env.unlock("prd-copy").unwrap();
    env.writable().unwrap();
    // a new open starts locked again
    assert!(s.open(&Target::env("prd-copy")).await.unwrap().read_only());
}

#[tokio::test]
async fn prd_trusting_any_certificate_needs_force() {
    let dir = tempfile::tempdir().unwrap();
    let s = studio(dir.path());
    let spec =
        ivr_domain::connection::parse("Server=h;Database=d;User Id=u;TrustServerCertificate=true")
            .unwrap();
    let req = |force_trust| EnvironmentDraft {
        password: Some("pw".into()),
        force_trust,
        ..EnvironmentDraft::from_spec("prd", Tier::Prd, spec.clone())
    };
    let err = s.add_environment(&req(false), false).unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    assert_eq!(
        s.secrets().get("prd").unwrap(),
        None,
        "nothing stored when refused"
    );
    assert!(s.profiles().get("prd").is_err());
    // The field is named as the form names it, and the remedy is data (a checkbox, a flag).
    let d = err.detail_view();
    assert_eq!(d.fields.unwrap()[0].field, "trustServerCertificate");
    assert_eq!(d.remedy, Some(ivr_domain::Remedy::ForceTrust));
    assert!(!err.message.contains("--"), "{}", err.message);
    let added = s.add_environment(&req(true), false).unwrap();
    assert!(added.warnings.iter().any(|w| w.contains("prd")));
}

/// "The name is taken" is one rule: adding from the command line (`check_add`, then
/// `add_environment`), adding from the desktop form (`check_environment`, `save_environment`)
/// and the profile file's own write all give the same error, with the same remedy. So is "the
/// name is reserved".
#[tokio::test]
async fn a_taken_name_is_one_rule_wherever_it_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let s = studio(dir.path());
    let port = closed_port();
    let d = draft("acc-be", port, Some("First-pw-1"));
    s.save_environment(&d, None, false).unwrap();
    let profile = d.profile().unwrap();
    let again = EnvironmentDraft {
        password: None,
        ..d.clone()
    };
    let errors = [
        s.check_add(&again, false, false).unwrap_err(),
        s.add_environment(&again, false).unwrap_err(),
        s.check_environment(&d, None).unwrap_err(),
        s.save_environment(&d, None, false).unwrap_err(),
        s.profiles().put(&profile, false).unwrap_err(),
    ];
    for e in &errors {
        assert_eq!(e, &errors[0]);
    }
    let e = &errors[0];
    assert_eq!(e.code, ErrorCode::AlreadyExists);
    let view = e.detail_view();
    assert_eq!(view.fields.unwrap()[0].field, "name");
    assert_eq!(
        view.remedy,
        Some(ivr_domain::Remedy::ReplaceEnvironment {
            environment: "acc-be".into()
        })
    );
    assert!(!e.message.contains("--"), "{}", e.message);
    // A reserved name: one refusal too, naming the field.
    let local = EnvironmentDraft {
        name: "local".into(),
        ..d.clone()
    };
    let reserved = [
        s.check_add(&local, false, false).unwrap_err(),
        s.check_environment(&local, None).unwrap_err(),
        s.save_environment(&local, None, false).unwrap_err(),
    ];
    for r in &reserved {
        assert_eq!(r, &reserved[0]);
    }
    assert_eq!(reserved[0].code, ErrorCode::Validation);
    assert!(
        reserved[0].message.contains("reserved"),
        "{}",
        reserved[0].message
    );
    assert_eq!(reserved[0].detail_view().fields.unwrap()[0].field, "name");
    // Replacing is the way through, and keeps the stored password (none was given).
    s.check_add(&again, false, true).unwrap();
    s.add_environment(&again, true).unwrap();
    assert_eq!(
        s.secrets().get("acc-be").unwrap().as_deref(),
        Some("First-pw-1")
    );
}

/// What the Environments screen lists (`environments`): every profile with its password state,
/// asked of the password store; `list_environments` (the CLI's `env list`) does not ask it.
#[tokio::test]
async fn the_environment_list_says_where_each_password_is() {
    let dir = tempfile::tempdir().unwrap();
    let s = studio(dir.path());
    let port = closed_port();
    s.save_environment(&draft("acc-be", port, Some("Pw-1")), None, false)
        .unwrap();
    s.save_environment(&draft("dvp-be", port, None), None, false)
        .unwrap();
    let trial = EnvironmentDraft {
        database: Some("trial.sqlite".into()),
        ..EnvironmentDraft::new("trial", Tier::Dvp, Engine::Sqlite)
    };
    s.save_environment(&trial, None, false).unwrap();
    let states: Vec<(String, Option<PasswordState>)> = s
        .environments()
        .unwrap()
        .into_iter()
        .map(|e| (e.profile.name, e.password))
        .collect();
    assert_eq!(
        states,
        [
            ("local".to_string(), Some(PasswordState::NotNeeded)),
            ("acc-be".to_string(), Some(PasswordState::Stored)),
            ("dvp-be".to_string(), Some(PasswordState::NotStored)),
            ("trial".to_string(), Some(PasswordState::NotNeeded)),
        ]
    );
    assert!(s
        .list_environments()
        .unwrap()
        .iter()
        .all(|e| e.password.is_none()));
    // The edit form of one, never with its password; an unknown name says where to look.
    let d = s.draft_of("acc-be").unwrap();
    assert_eq!((d.name.as_str(), d.password.clone()), ("acc-be", None));
    assert_eq!(d.profile().unwrap(), s.profiles().get("acc-be").unwrap());
    let e = s.draft_of("nope").unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert_eq!(e.remedy(), Some(ivr_domain::Remedy::ListEnvironments));
}

/// A connection test waits at least 1 s and at most 2 minutes, whatever was asked (the desktop's
/// and the CLI's tests alike).
#[tokio::test]
async fn a_connection_test_waits_within_bounds() {
    use ivr_app::studio::{test_timeout, MAX_TEST_TIMEOUT_SECS};
    assert_eq!(test_timeout(0), Duration::from_secs(1));
    assert_eq!(test_timeout(15), Duration::from_secs(15));
    assert_eq!(test_timeout(100_000), Duration::from_secs(120));
    assert_eq!(MAX_TEST_TIMEOUT_SECS, 120);
    let dir = tempfile::tempdir().unwrap();
    let s = studio(dir.path());
    let t = s.test_named("local", 0).await.unwrap();
    assert_eq!(t.environment, "local");
    assert_eq!(
        s.test_named("nope", 5).await.unwrap_err().code,
        ErrorCode::NotFound
    );
}

/// The Schema screen's lock: held when the database says so, and while this window deploys even
/// before the database shows it.
#[tokio::test]
async fn the_migration_lock_counts_a_deploy_of_this_window() {
    use ivr_app::migrate::{lock, MigrationLock};
    let dir = tempfile::tempdir().unwrap();
    let s = studio(dir.path());
    let env = s.open(&Target::env("local")).await.unwrap();
    assert_eq!(
        lock(&env.db, false).await.unwrap(),
        MigrationLock {
            held: false,
            by_this_window: false
        }
    );
    assert_eq!(
        lock(&env.db, true).await.unwrap(),
        MigrationLock {
            held: true,
            by_this_window: true
        }
    );
}

/// The desktop app runs these futures on Tauri's multi-threaded runtime.
fn draft(name: &str, port: u16, password: Option<&str>) -> EnvironmentDraft {
    EnvironmentDraft {
        host: Some("127.0.0.1".into()),
        port: Some(port),
        database: Some("routing".into()),
        user: Some("app".into()),
        password: password.map(str::to_owned),
        ..EnvironmentDraft::new(name, Tier::Acc, Engine::Mssql)
    }
}

#[tokio::test]
async fn an_environment_is_edited_field_by_field_and_its_password_replaced_only_when_typed() {
    let dir = tempfile::tempdir().unwrap();
    let s = studio(dir.path());
    let port = closed_port();
    s.save_environment(&draft("acc", port, Some("First-pw-1")), None, false)
        .unwrap();

    // The form opens without the password; saving it untouched keeps the stored one.
    let mut d = EnvironmentDraft::of(&s.profiles().get("acc").unwrap());
    assert_eq!(d.password, None);
    d.database = Some("routing2".into());
    d.display_name = Some("Ann Admin".into());
    let saved = s.save_environment(&d, Some("acc"), false).unwrap();
    assert!(!saved.password_stored);
    let p = s.profiles().get("acc").unwrap();
    assert_eq!(
        (p.database.as_deref(), p.display_name.as_deref()),
        (Some("routing2"), Some("Ann Admin"))
    );
    assert_eq!(
        s.secrets().get("acc").unwrap().as_deref(),
        Some("First-pw-1")
    );

    // Renamed: the password moves with it; the old name is gone, profile and password.
    d.name = "acc-be".into();
    s.save_environment(&d, Some("acc"), false).unwrap();
    assert_eq!(
        s.profiles().get("acc").unwrap_err().code,
        ErrorCode::NotFound
    );
    assert_eq!(s.secrets().get("acc").unwrap(), None);
    assert_eq!(
        s.secrets().get("acc-be").unwrap().as_deref(),
        Some("First-pw-1")
    );

    // A typed password replaces it; no file holds either.
    d.password = Some("Second-pw-2".into());
    assert!(
        s.save_environment(&d, Some("acc-be"), false)
            .unwrap()
            .password_stored
    );
    assert_eq!(
        s.secrets().get("acc-be").unwrap().as_deref(),
        Some("Second-pw-2")
    );
    let files = text_under(dir.path());
    assert!(!files.contains("First-pw-1") && !files.contains("Second-pw-2"));

    // Another environment's name is refused at the name, and `local` cannot be edited.
    s.save_environment(&draft("dvp", port, None), None, false)
        .unwrap();
    d.name = "dvp".into();
    let e = s.check_environment(&d, Some("acc-be")).unwrap_err();
    assert_eq!(e.code, ErrorCode::AlreadyExists);
    assert_eq!(e.detail_json()["fields"][0]["field"], "name");
    assert_eq!(
        s.save_environment(&d, Some("acc-be"), false)
            .unwrap_err()
            .code,
        ErrorCode::AlreadyExists
    );
    assert_eq!(
        s.save_environment(&d, Some("local"), false)
            .unwrap_err()
            .code,
        ErrorCode::Validation
    );
    assert!(s.profiles().get("acc-be").is_ok());
}

#[tokio::test]
async fn a_draft_is_tested_before_saving_and_nothing_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let s = studio(dir.path());
    let port = closed_port();
    let t = Duration::from_secs(2);

    // SQL Server: the typed password is needed (or the stored one on edit); the error names the
    // server, never the password.
    assert_eq!(
        s.test_draft(&draft("acc", port, None), None, t)
            .await
            .unwrap_err()
            .code,
        ErrorCode::Validation
    );
    let e = s
        .test_draft(&draft("acc", port, Some("Typed-pw-3")), None, t)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Connection);
    assert!(
        e.message.contains(&format!("127.0.0.1:{port}")),
        "{}",
        e.message
    );
    assert!(!serde_json::to_string(&e).unwrap().contains("Typed-pw-3"));
    assert!(s.profiles().get("acc").is_err());
    assert_eq!(s.secrets().get("acc").unwrap(), None);

    // SQLite: a file that does not exist yet is reported, not created; an existing one answers.
    let trial = EnvironmentDraft {
        database: Some("trial.sqlite".into()),
        ..EnvironmentDraft::new("trial", Tier::Dvp, Engine::Sqlite)
    };
    let r = s.test_draft(&trial, None, t).await.unwrap();
    assert!(
        r.server_version.contains("no file yet"),
        "{}",
        r.server_version
    );
    assert!(!dir.path().join("data/trial.sqlite").exists());
    s.save_environment(&trial, None, false).unwrap();
    s.open(&Target::env("trial")).await.unwrap();
    let r = s.test_draft(&trial, Some("trial"), t).await.unwrap();
    assert!(
        r.server_version.starts_with("SQLite 3."),
        "{}",
        r.server_version
    );
    assert_eq!(r.tier, Tier::Dvp);
}

#[test]
fn studio_and_its_futures_are_send_and_sync() {
    fn send_sync<T: Send + Sync>(_: &T) {}
    fn send<T: Send>(_: T) {}
    let dir = tempfile::tempdir().unwrap();
    let s = studio(dir.path());
    send_sync(&s);
    send(s.open(&Target::env("local")));
    send(s.test_environment(&Target::env("local"), Duration::from_secs(1)));
}
