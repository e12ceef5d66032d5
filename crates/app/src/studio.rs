//! The application context: where things are, the profiles, the password store, and opening an
//! environment. The CLI and the desktop app each hold one `Studio`.

use crate::env_draft::EnvironmentDraft;
use crate::environment::{actor_for, OpenEnvironment};
use crate::home::Home;
use crate::profiles::{Profile, ProfileStore, Tier, LOCAL, URL_ENV};
use crate::secrets::{KeyringStore, SecretStore};
use ivr_domain::connection::Engine;
use ivr_domain::connection::{self, ConnectionSpec, DEFAULT_PORT};
use ivr_domain::{Error, ErrorCode, Remedy, Result};
use ivr_store::migrate::{self, MigrationSet};
use ivr_store::mssql::{MssqlTarget, RetryPolicy};
use ivr_store::Db;
use serde::Serialize;
use std::sync::Arc;
use std::time::Duration;

/// The longest a connection test may wait for the server, in seconds.
pub const MAX_TEST_TIMEOUT_SECS: u32 = 120;

/// How long a connection test waits: the seconds asked for, at least 1 and at most
/// [`MAX_TEST_TIMEOUT_SECS`].
pub fn test_timeout(secs: u32) -> Duration {
    Duration::from_secs(u64::from(secs.clamp(1, MAX_TEST_TIMEOUT_SECS)))
}

/// Shown to SQL Server (sys.dm_exec_sessions.program_name).
pub const APPLICATION_NAME: &str = "IVR Studio";

/// Which database to open.
#[derive(Clone, PartialEq, Eq)]
pub enum Target {
    /// A profile by name (`local` always exists).
    Env(String),
    /// A connection string given for this run (CI/CD): no profile, no keyring. The tier decides
    /// the read-only rule like a profile's; the environment's name is `url`.
    Url { url: String, tier: Tier },
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::Env(n) => write!(f, "Env({n})"),
            Target::Url { tier, .. } => write!(f, "Url(<hidden>, {tier})"),
        }
    }
}

impl Target {
    pub fn env(name: impl Into<String>) -> Target {
        Target::Env(name.into())
    }
    pub fn url(url: impl Into<String>) -> Target {
        Target::Url {
            url: url.into(),
            tier: Tier::Dvp,
        }
    }
}

pub struct Studio {
    home: Home,
    profiles: ProfileStore,
    secrets: Arc<dyn SecretStore>,
    retry: RetryPolicy,
}

impl Studio {
    pub fn new(home: Home, secrets: Arc<dyn SecretStore>) -> Studio {
        Studio {
            profiles: ProfileStore::new(home.clone()),
            home,
            secrets,
            retry: RetryPolicy::default(),
        }
    }

    /// `IVR_STUDIO_HOME` or the OS folders, and the OS keyring (first touched when a password is needed).
    pub fn from_env() -> Result<Studio> {
        Ok(Studio::new(Home::from_env()?, Arc::new(KeyringStore::os())))
    }

    /// How long and how often to try reaching SQL Server when opening.
    pub fn with_retry(mut self, retry: RetryPolicy) -> Studio {
        self.retry = retry;
        self
    }

    pub fn home(&self) -> &Home {
        &self.home
    }

    pub fn profiles(&self) -> &ProfileStore {
        &self.profiles
    }

    pub fn secrets(&self) -> &dyn SecretStore {
        self.secrets.as_ref()
    }

    /// Opens an environment ready for use. `local` is created, migrated and seeded on first use
    /// ([`crate::first_start`]) and brought up to this build's migrations on later opens; every
    /// other environment (SQLite or SQL Server) is opened as it is, its migrations deployed by an
    /// admin.
    pub async fn open(&self, target: &Target) -> Result<OpenEnvironment> {
        if let Target::Env(name) = target {
            // Only `local` is the app's own database; another SQLite environment, like a server,
            // is created empty and migrated by its admin (the Schema screen or `ivr migrate deploy`).
            if name == LOCAL {
                let profile = self.profiles.get(name)?;
                if let Some(path) = profile.sqlite_path(&self.home) {
                    crate::first_start::ensure_created(&path, name, &actor_for(&profile)).await?;
                }
            }
        }
        let env = self.connect(target, None).await?;
        if env.profile.name == LOCAL && !env.profile.starts_read_only() {
            ensure_sqlite_ready(&env.db, &env.profile.name, &env.actor).await?;
        }
        Ok(env)
    }

    /// Opens an environment as it is, without preparing `local`: `ivr migrate …` must see (and be
    /// able to repair) a database whose migrations are failed or pending. `retry` replaces the
    /// studio's policy, e.g. `ivr_store::migrate::cold_start_policy()` to wait for a starting server.
    pub async fn open_as_is(
        &self,
        target: &Target,
        retry: Option<&RetryPolicy>,
    ) -> Result<OpenEnvironment> {
        self.connect(target, retry).await
    }

    /// Connects without preparing anything (used by `test`, which must not change the database).
    /// `retry`: as given, else the studio's policy within the environment's own connect timeout.
    async fn connect(
        &self,
        target: &Target,
        retry: Option<&RetryPolicy>,
    ) -> Result<OpenEnvironment> {
        let (profile, password) = match target {
            Target::Env(name) => {
                let profile = self.profiles.get(name)?;
                let password = match profile.engine {
                    Engine::Sqlite => None,
                    Engine::Mssql => Some(self.secrets.get(name)?.ok_or_else(|| {
                        Error::config(format!(
                            "no password is stored for `{name}`; store its password (or add the environment again with its password)"
                        ))
                        .with_remedy(Remedy::SetPassword { environment: name.clone() })
                    })?),
                };
                (profile, password)
            }
            Target::Url { url, tier } => {
                let spec = connection::parse(url)?;
                let Some(password) = spec.password.clone() else {
                    return Err(Error::validation(
                        "the connection URL has no password: add password=… (a connection URL given for one run does not use the keyring)",
                    ));
                };
                (Profile::from_spec(URL_ENV, *tier, &spec), Some(password))
            }
        };
        self.connect_profile(profile, password, retry).await
    }

    /// Connects to `profile` with `password` (SQL Server) or its file (SQLite).
    async fn connect_profile(
        &self,
        profile: Profile,
        password: Option<String>,
        retry: Option<&RetryPolicy>,
    ) -> Result<OpenEnvironment> {
        let db = match profile.engine {
            Engine::Sqlite => {
                let path = profile.sqlite_path(&self.home).ok_or_else(|| {
                    Error::config(format!(
                        "the environment `{}` has no SQLite file",
                        profile.name
                    ))
                })?;
                Db::open_sqlite(&path)?
            }
            Engine::Mssql => {
                if profile.tier == Tier::Prd && profile.trust_server_certificate {
                    tracing::warn!(environment = %profile.name, "trusting any server certificate on a prd environment");
                }
                let target = mssql_target(&profile, password.unwrap_or_default());
                let retry = match (retry, profile.connect_timeout_secs) {
                    (Some(r), _) => r.clone(),
                    (None, Some(secs)) => self
                        .retry
                        .clone()
                        .with_timeout(Duration::from_secs(u64::from(secs))),
                    (None, None) => self.retry.clone(),
                };
                Db::connect_mssql(&target, &retry).await?
            }
        };
        Ok(OpenEnvironment::new(db, profile))
    }

    /// Every profile with its password state, `local` first: the password store is asked for
    /// each SQL Server profile, and one whose state cannot be read is listed without it (what
    /// the Environments screen shows; [`Studio::list_environments`] does not ask the store).
    pub fn environments(&self) -> Result<Vec<EnvironmentInfo>> {
        Ok(self
            .list_environments()?
            .into_iter()
            .map(|e| self.show_environment(&e.profile.name).unwrap_or(e))
            .collect())
    }

    /// The form of an existing environment, for editing it (never its password).
    pub fn draft_of(&self, name: &str) -> Result<EnvironmentDraft> {
        Ok(EnvironmentDraft::of(&self.profiles.get(name)?))
    }

    /// Profiles with their password state (list does not ask the keyring; show does).
    pub fn list_environments(&self) -> Result<Vec<EnvironmentInfo>> {
        Ok(self
            .profiles
            .list()?
            .into_iter()
            .map(|p| EnvironmentInfo::new(p, None))
            .collect())
    }

    pub fn show_environment(&self, name: &str) -> Result<EnvironmentInfo> {
        let profile = self.profiles.get(name)?;
        let state = match profile.engine {
            Engine::Sqlite => PasswordState::NotNeeded,
            Engine::Mssql => match self.secrets.get(name) {
                Ok(Some(_)) if self.secrets.held_for_session(name) => PasswordState::SessionOnly,
                Ok(Some(_)) => PasswordState::Stored,
                Ok(None) => PasswordState::NotStored,
                Err(_) => PasswordState::KeyringUnavailable,
            },
        };
        Ok(EnvironmentInfo::new(profile, Some(state)))
    }

    /// Every rule of adding the environment a draft describes (or with `replace`, replacing the one
    /// of that name), checked without writing anything: the name is not reserved and free, the
    /// fields are valid, the connection settings are allowed (`draft.force_trust`; a SQLite
    /// profile takes no password). Returns the profile and the warnings adding it gives.
    /// [`Studio::add_environment`] runs it first; the command line runs it before asking for a
    /// password (so nobody types one for a profile that is refused), the form as a field is left.
    pub fn check_add(
        &self,
        draft: &EnvironmentDraft,
        has_password: bool,
        replace: bool,
    ) -> Result<(Profile, Vec<String>)> {
        crate::profiles::check_not_reserved(draft.name.trim())?;
        let profile = draft.profile()?;
        if !replace {
            self.check_name_free(&profile.name, None)?;
        }
        let warnings = connection_warnings(&profile, draft.force_trust, has_password)?;
        Ok((profile, warnings))
    }

    /// Adds (or with `replace`, replaces) the environment a draft describes, with the draft's
    /// password ([`EnvironmentDraft::typed_password`]): the one way both adapters add one (`ivr env
    /// add` composes the draft from its options, the desktop form sends it). The password goes to
    /// the password store first, so a keyring failure leaves nothing written.
    pub fn add_environment(
        &self,
        draft: &EnvironmentDraft,
        replace: bool,
    ) -> Result<EnvironmentAdded> {
        let password = draft.typed_password();
        let (profile, warnings) = self.check_add(draft, password.is_some(), replace)?;
        if let Some(pw) = &password {
            self.secrets.set(&profile.name, pw)?;
        }
        if let Err(e) = self.profiles.put(&profile, replace) {
            if password.is_some() {
                let _ = self.secrets.delete(&profile.name);
            }
            return Err(e);
        }
        Ok(EnvironmentAdded {
            profile,
            password_stored: password.is_some(),
            password_store: self.secrets.kind(),
            warnings,
        })
    }

    /// Stores (replaces) the password of a SQL Server profile and returns the environment with
    /// its password state as it is now (stored, or held for this session).
    /// `session_only`: the user accepted keeping passwords in memory for this session, because
    /// the OS keyring is unavailable ([`SecretStore::keep_for_session_only`]).
    pub fn set_password(
        &self,
        name: &str,
        password: &str,
        session_only: bool,
    ) -> Result<EnvironmentInfo> {
        self.keep_for_session(session_only)?;
        let profile = self.profiles.get(name)?;
        if profile.engine != Engine::Mssql {
            return Err(Error::validation(format!(
                "`{name}` is a SQLite environment and has no password"
            )));
        }
        if password.is_empty() {
            return Err(Error::validation("the password is empty"));
        }
        self.secrets.set(name, password)?;
        self.show_environment(name)
    }

    /// Removes the profile and its stored password.
    pub fn remove_environment(&self, name: &str) -> Result<EnvironmentRemoved> {
        let profile = self.profiles.remove(name)?;
        let mut warnings = Vec::new();
        if profile.engine == Engine::Mssql {
            if let Err(e) = self.secrets.delete(name) {
                warnings.push(format!(
                    "the profile is removed, but its password could not be removed from the {}: {}",
                    self.secrets.kind(),
                    e.message
                ));
            }
        }
        Ok(EnvironmentRemoved {
            name: profile.name,
            warnings,
        })
    }

    /// [`Studio::test_environment`] of the environment `name`, giving up after
    /// [`test_timeout`]`(timeout_secs)`.
    pub async fn test_named(&self, name: &str, timeout_secs: u32) -> Result<ConnectionTest> {
        self.test_environment(&Target::env(name), test_timeout(timeout_secs))
            .await
    }

    /// Connects once (no retries, bounded by `timeout`) and reports what answered. Changes nothing.
    pub async fn test_environment(
        &self,
        target: &Target,
        timeout: Duration,
    ) -> Result<ConnectionTest> {
        let env = self
            .connect(target, Some(&RetryPolicy::once(timeout)))
            .await?;
        connection_report(&env).await
    }

    /// Checks a draft as saving it would (its fields, the prd certificate rule, a free name)
    /// without saving anything: the form asks when a field is left. Returns the warnings the
    /// save would give. `editing`: the name of the environment being edited.
    pub fn check_environment(
        &self,
        draft: &EnvironmentDraft,
        editing: Option<&str>,
    ) -> Result<Vec<String>> {
        if editing.is_none() {
            return Ok(self
                .check_add(draft, draft.typed_password().is_some(), false)?
                .1);
        }
        let profile = draft.profile()?;
        self.check_name_free(&profile.name, editing)?;
        connection_warnings(
            &profile,
            draft.force_trust,
            draft.typed_password().is_some(),
        )
    }

    /// When the user accepted it (`session_only`), new passwords are kept in memory for the rest
    /// of this session from now on; a store that cannot do that refuses.
    fn keep_for_session(&self, session_only: bool) -> Result<()> {
        if session_only {
            self.secrets.keep_for_session_only()?;
        }
        Ok(())
    }

    fn check_name_free(&self, name: &str, editing: Option<&str>) -> Result<()> {
        if editing == Some(LOCAL) {
            return Err(Error::validation(
                "`local` is the built-in environment; it cannot be edited",
            ));
        }
        crate::profiles::check_not_reserved(name)?;
        if editing != Some(name) && self.profiles.get(name).is_ok() {
            return Err(crate::profiles::name_taken(name));
        }
        Ok(())
    }

    /// Adds (`editing` None) or changes an environment from a form. On edit every field can change,
    /// the name too; the stored password is replaced only when one is typed (a renamed SQL Server
    /// environment takes its password along). `session_only` as for [`Studio::set_password`].
    pub fn save_environment(
        &self,
        draft: &EnvironmentDraft,
        editing: Option<&str>,
        session_only: bool,
    ) -> Result<EnvironmentAdded> {
        self.keep_for_session(session_only)?;
        let Some(old) = editing else {
            return self.add_environment(draft, false);
        };
        let profile = draft.profile()?;
        let password = draft.typed_password();
        let current = self.profiles.get(old)?;
        self.check_name_free(&profile.name, Some(old))?;
        let renamed = profile.name != old;
        let kept = match (&password, profile.engine) {
            (_, Engine::Sqlite) => None,
            (Some(_), Engine::Mssql) => None,
            (None, Engine::Mssql) if renamed && current.engine == Engine::Mssql => {
                self.secrets.get(old)?
            }
            (None, Engine::Mssql) => None,
        };
        let warnings = connection_warnings(&profile, draft.force_trust, password.is_some())?;
        if let Some(pw) = password.as_ref().or(kept.as_ref()) {
            self.secrets.set(&profile.name, pw)?;
        }
        self.profiles.put(&profile, !renamed)?;
        let mut warnings = warnings;
        if renamed {
            self.profiles.remove(old)?;
        }
        if (renamed || profile.engine == Engine::Sqlite) && current.engine == Engine::Mssql {
            if let Err(e) = self.secrets.delete(old) {
                warnings.push(format!(
                    "the old password of `{old}` could not be removed from the {}: {}",
                    self.secrets.kind(),
                    e.message
                ));
            }
        }
        Ok(EnvironmentAdded {
            profile,
            password_stored: password.is_some(),
            password_store: self.secrets.kind(),
            warnings,
        })
    }

    /// Tests a draft before it is saved: connects once with the typed password (on edit, the
    /// stored one when none is typed) and reports what answered. Saves nothing, changes nothing
    /// (a SQLite file that does not exist yet is not created).
    pub async fn test_draft(
        &self,
        draft: &EnvironmentDraft,
        editing: Option<&str>,
        timeout: Duration,
    ) -> Result<ConnectionTest> {
        let profile = draft.profile()?;
        let password = match profile.engine {
            Engine::Sqlite => None,
            Engine::Mssql => match draft.typed_password() {
                Some(p) => Some(p),
                None => editing
                    .map(|old| self.secrets.get(old))
                    .transpose()?
                    .flatten()
                    .map(Some)
                    .ok_or_else(|| {
                        Error::validation("type the password to test the connection")
                            .at_field("password", "needed to test the connection")
                    })?,
            },
        };
        if let Some(path) = profile.sqlite_path(&self.home) {
            if !path.exists() {
                let pending = MigrationSet::embedded(Engine::Sqlite)?.migrations().len() as u64;
                return Ok(ConnectionTest {
                    environment: profile.name.clone(),
                    tier: profile.tier,
                    engine: Engine::Sqlite,
                    database: path.display().to_string(),
                    server_version:
                        "no file yet: it is created when the environment is first opened".into(),
                    read_only: profile.starts_read_only(),
                    actor: actor_for(&profile),
                    pending_migrations: Some(pending),
                });
            }
        }
        let env = self
            .connect_profile(profile, password, Some(&RetryPolicy::once(timeout)))
            .await?;
        connection_report(&env).await
    }
}

/// What a test connection reports: the server, the actor, the pending migrations (reads only).
async fn connection_report(env: &OpenEnvironment) -> Result<ConnectionTest> {
    let rows = env.db.query(&ivr_store::info::SERVER_VERSION, &[]).await?;
    let version = rows
        .first()
        .map(|r| r.str("Version"))
        .transpose()?
        .unwrap_or_default();
    // Reads only; a database the engine cannot read the history of still passed the test.
    let pending_migrations = match MigrationSet::embedded(env.db.engine()) {
        Ok(set) => migrate::status(&env.db, &set)
            .await
            .ok()
            .map(|s| s.pending.len() as u64),
        Err(_) => None,
    };
    Ok(ConnectionTest {
        environment: env.profile.name.clone(),
        tier: env.profile.tier,
        engine: env.db.engine(),
        database: env.db.description().to_string(),
        server_version: version.trim().to_string(),
        read_only: env.read_only(),
        actor: env.actor.clone(),
        pending_migrations,
    })
}

/// The warnings of a SQL Server profile's connection settings; trusting any certificate on prd is
/// refused unless `force_trust`. A SQLite profile takes no password.
fn connection_warnings(
    profile: &Profile,
    force_trust: bool,
    has_password: bool,
) -> Result<Vec<String>> {
    let mut warnings = Vec::new();
    if profile.engine == Engine::Mssql {
        if profile.trust_server_certificate && profile.tier == Tier::Prd {
            if !force_trust {
                return Err(Error::validation(
                        "trusting any server certificate is refused for a prd environment: install the server's CA certificate, or accept the risk explicitly",
                    )
                    .at_field("trustServerCertificate", "refused for prd unless the risk is accepted")
                    .with_remedy(Remedy::ForceTrust));
            }
            warnings.push("prd environment trusts any server certificate (forced): the connection is open to interception".to_string());
        } else if profile.trust_server_certificate {
            warnings.push("the server certificate is not checked (trust_server_certificate); use this for local or test servers only".to_string());
        }
        if !profile.encrypt {
            warnings.push(
                "encryption is off: data and the login cross the network unencrypted".to_string(),
            );
        }
    } else if has_password {
        return Err(Error::validation("a SQLite environment has no password"));
    }
    Ok(warnings)
}

/// Brings `local` up to this build's migrations (an upgrade); other SQLite environments are left to the
/// admin's deploy. Runs on every
/// `open` of a writable SQLite environment, after [`crate::first_start::ensure_created`]; one
/// read-only status query when there is nothing to do. The demo is seeded only by the first start
/// of `local`: seeding here would bring back demo rows a user deleted on purpose.
pub async fn ensure_sqlite_ready(db: &Db, environment: &str, actor: &str) -> Result<()> {
    let set = MigrationSet::embedded(db.engine())?;
    let status = migrate::status(db, &set).await?;
    if let Some(refusal) = status.refusal() {
        return Err(refusal);
    }
    // Only `local` (the app's own database) is brought up to date here: another SQLite
    // environment's migrations, the first ones included, are the admin's to deploy and verify.
    if environment == "local" && !status.pending.is_empty() {
        tracing::info!(
            pending = status.pending.len(),
            environment,
            "bringing the SQLite database up to date"
        );
        crate::first_start::deploy_pending(db, &set, environment, actor).await?;
    }
    Ok(())
}

fn mssql_target(profile: &Profile, password: String) -> MssqlTarget {
    MssqlTarget {
        host: profile.host.clone().unwrap_or_default(),
        port: profile.port.unwrap_or(DEFAULT_PORT),
        database: profile.database.clone().unwrap_or_default(),
        user: profile.user.clone().unwrap_or_default(),
        password,
        encrypt: profile.encrypt,
        trust_server_certificate: profile.trust_server_certificate,
        application_name: APPLICATION_NAME.into(),
    }
}

/// A parsed connection string as an executor target (VALIDATION without a password).
pub fn target_from_spec(spec: &ConnectionSpec) -> Result<MssqlTarget> {
    MssqlTarget::from_spec(spec, APPLICATION_NAME)
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EnvironmentAdded {
    pub profile: Profile,
    pub password_stored: bool,
    /// "OS keyring" or "session memory".
    pub password_store: &'static str,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EnvironmentRemoved {
    pub name: String,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum PasswordState {
    Stored,
    /// In memory for this session only (the OS keyring was unavailable and the user agreed).
    SessionOnly,
    NotStored,
    NotNeeded,
    KeyringUnavailable,
}

impl PasswordState {
    pub fn describe(self) -> &'static str {
        match self {
            PasswordState::Stored => "stored in OS keyring",
            PasswordState::SessionOnly => "kept in memory for this session only",
            PasswordState::NotStored => "not stored",
            PasswordState::NotNeeded => "not needed (SQLite)",
            PasswordState::KeyringUnavailable => "unknown (the OS keyring is not available)",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EnvironmentInfo {
    #[serde(flatten)]
    pub profile: Profile,
    /// prd and read_only profiles open read-only.
    pub starts_read_only: bool,
    /// The banner colour of the tier.
    pub colour: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<PasswordState>,
}

impl EnvironmentInfo {
    fn new(profile: Profile, password: Option<PasswordState>) -> EnvironmentInfo {
        EnvironmentInfo {
            starts_read_only: profile.starts_read_only(),
            colour: profile.tier.colour(),
            profile,
            password,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConnectionTest {
    pub environment: String,
    pub tier: Tier,
    pub engine: Engine,
    /// host:port/database or the SQLite file.
    pub database: String,
    pub server_version: String,
    pub read_only: bool,
    pub actor: String,
    /// Migrations this build would deploy; `None` when the history could not be read.
    pub pending_migrations: Option<u64>,
}

/// True when the error is the keyring being unavailable (the desktop app then offers the session store).
pub fn is_keyring_unavailable(e: &Error) -> bool {
    e.code == ErrorCode::Keyring
}
