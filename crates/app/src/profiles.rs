//! Environment profiles: `<config>/environments.toml`. Never a password in it (the keyring has them).
//!
//! ```toml
//! [[environment]]
//! name = "dev"
//! tier = "dvp"
//! engine = "mssql"
//! host = "sql-dev.example.com"
//! port = 1433
//! database = "routing"
//! user = "ivr_app"
//! encrypt = true
//! trust_server_certificate = false
//! read_only = false
//! display_name = "Jane Doe"
//! ```
//!
//! The `local` profile is implicit (SQLite at `<data>/local.sqlite`) and never written to the file.

use crate::home::Home;
use ivr_domain::connection::Engine;
use ivr_domain::connection::{ConnectionSpec, DEFAULT_PORT, MAX_CONNECT_TIMEOUT_SECS};
use ivr_domain::error::FieldErrors;
use ivr_domain::{Error, ErrorDetail, Remedy, Result};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The implicit SQLite environment every installation has.
pub const LOCAL: &str = "local";
/// The name an environment given as a URL (`--url`, `IVR_DATABASE_URL`) goes by.
pub const URL_ENV: &str = "url";
/// CreatedBy / UpdatedBy are VARCHAR(100).
pub const MAX_ACTOR_LEN: usize = 100;
const MAX_NAME_LEN: usize = 40;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Tier {
    Local,
    Dvp,
    Acc,
    Prd,
}

impl Tier {
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Local => "local",
            Tier::Dvp => "dvp",
            Tier::Acc => "acc",
            Tier::Prd => "prd",
        }
    }

    /// A schema deploy here is shown first (pending SQL and lint findings) and confirmed:
    /// acceptance and production are shared by others and closest to callers.
    pub fn deploy_needs_review(self) -> bool {
        matches!(self, Tier::Acc | Tier::Prd)
    }

    /// The banner colour the UI shows for the tier.
    pub fn colour(self) -> &'static str {
        match self {
            Tier::Local => "grey",
            Tier::Dvp => "green",
            Tier::Acc => "amber",
            Tier::Prd => "red",
        }
    }
}

impl std::str::FromStr for Tier {
    type Err = Error;
    fn from_str(s: &str) -> Result<Tier> {
        match s.trim().to_ascii_lowercase().as_str() {
            "local" => Ok(Tier::Local),
            "dvp" => Ok(Tier::Dvp),
            "acc" => Ok(Tier::Acc),
            "prd" => Ok(Tier::Prd),
            _ => Err(Error::validation(
                "the tier must be one of local, dvp, acc, prd",
            )),
        }
    }
}

impl std::fmt::Display for Tier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A connection is encrypted unless its profile (or the environment form) says otherwise.
pub(crate) fn encrypt_by_default() -> bool {
    true
}

/// The connect timeout of an environment whose profile sets none.
pub const DEFAULT_CONNECT_TIMEOUT_SECS: u32 =
    ivr_store::mssql::DEFAULT_CONNECT_TIMEOUT.as_secs() as u32;

/// One environment. For `engine = "sqlite"`, `database` is the file path (relative to the data folder).
/// Its JSON form (CLI `--json`, the desktop app) is camelCase; the file uses snake_case keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Profile {
    pub name: String,
    pub tier: Tier,
    pub engine: Engine,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    #[serde(default = "encrypt_by_default")]
    pub encrypt: bool,
    #[serde(default)]
    pub trust_server_certificate: bool,
    #[serde(default)]
    pub read_only: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// How long opening this environment may take, in seconds (SQL Server; default 15). An
    /// interactive command fails within it when the server does not answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connect_timeout_secs: Option<u32>,
}

/// The file form of a profile: the key names of DESIGN.md.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileToml {
    name: String,
    tier: Tier,
    engine: Engine,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    host: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    port: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    database: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    user: Option<String>,
    #[serde(default = "encrypt_by_default")]
    encrypt: bool,
    #[serde(default)]
    trust_server_certificate: bool,
    #[serde(default)]
    read_only: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    connect_timeout_secs: Option<u32>,
}

impl From<ProfileToml> for Profile {
    fn from(t: ProfileToml) -> Profile {
        Profile {
            name: t.name,
            tier: t.tier,
            engine: t.engine,
            host: t.host,
            port: t.port,
            database: t.database,
            user: t.user,
            encrypt: t.encrypt,
            trust_server_certificate: t.trust_server_certificate,
            read_only: t.read_only,
            display_name: t.display_name,
            connect_timeout_secs: t.connect_timeout_secs,
        }
    }
}

impl From<Profile> for ProfileToml {
    fn from(p: Profile) -> ProfileToml {
        ProfileToml {
            name: p.name,
            tier: p.tier,
            engine: p.engine,
            host: p.host,
            port: p.port,
            database: p.database,
            user: p.user,
            encrypt: p.encrypt,
            trust_server_certificate: p.trust_server_certificate,
            read_only: p.read_only,
            display_name: p.display_name,
            connect_timeout_secs: p.connect_timeout_secs,
        }
    }
}

impl Profile {
    /// The implicit local SQLite environment.
    pub fn local(home: &Home) -> Profile {
        Profile {
            name: LOCAL.into(),
            tier: Tier::Local,
            engine: Engine::Sqlite,
            host: None,
            port: None,
            database: Some(home.local_database().display().to_string()),
            user: None,
            encrypt: false,
            trust_server_certificate: false,
            read_only: false,
            display_name: None,
            connect_timeout_secs: None,
        }
    }

    /// A SQL Server profile from a parsed connection string (the password is not kept).
    pub fn from_spec(name: &str, tier: Tier, spec: &ConnectionSpec) -> Profile {
        Profile {
            name: name.into(),
            tier,
            engine: Engine::Mssql,
            host: Some(spec.host.clone()),
            port: Some(spec.port),
            database: Some(spec.database.clone()),
            user: Some(spec.user.clone()),
            encrypt: spec.encrypt,
            trust_server_certificate: spec.trust_server_certificate,
            read_only: false,
            display_name: None,
            connect_timeout_secs: spec.connect_timeout_secs,
        }
    }

    /// Starts read-only: every prd profile, and any profile marked read_only.
    pub fn starts_read_only(&self) -> bool {
        self.tier == Tier::Prd || self.read_only
    }

    /// The SQLite file of a sqlite profile, relative paths taken from the data folder.
    pub fn sqlite_path(&self, home: &Home) -> Option<PathBuf> {
        if self.engine != Engine::Sqlite {
            return None;
        }
        let db = self.database.as_deref()?;
        let p = Path::new(db);
        Some(if p.is_absolute() {
            p.to_path_buf()
        } else {
            home.data_dir.join(p)
        })
    }

    /// `host:port/database`, or the SQLite file; never a secret.
    pub fn describe(&self) -> String {
        match self.engine {
            Engine::Sqlite => format!("sqlite:{}", self.database.as_deref().unwrap_or("")),
            Engine::Mssql => format!(
                "{}:{}/{}",
                self.host.as_deref().unwrap_or(""),
                self.port.unwrap_or(DEFAULT_PORT),
                self.database.as_deref().unwrap_or("")
            ),
        }
    }

    /// Every rule of a stored profile, all problems at once.
    pub fn validate(&self) -> Result<()> {
        let mut e = FieldErrors::default();
        if let Err(m) = check_name(&self.name) {
            e.push("name", m);
        }
        let blank = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
        match self.engine {
            Engine::Mssql => {
                match self.host.as_deref() {
                    None | Some("") => e.push("host", "give the SQL Server host name"),
                    Some(h) if !valid_host(h) => e.push(
                        "host",
                        "the host has characters a host name cannot have: give a DNS name or an IP address",
                    ),
                    _ => {}
                }
                if self.port == Some(0) {
                    e.push("port", "the port must be between 1 and 65535");
                }
                if blank(&self.database) {
                    e.push("database", "give the database name");
                }
                if blank(&self.user) {
                    e.push(
                        "user",
                        "give the SQL Server login; only SQL Server authentication is supported",
                    );
                }
            }
            Engine::Sqlite => {
                if blank(&self.database) {
                    e.push(
                        "database",
                        "give the SQLite file, relative to the data folder or absolute",
                    );
                }
            }
        }
        if let Some(d) = &self.display_name {
            if let Err(m) = check_display_name(d) {
                e.push("displayName", m);
            }
        }
        if self
            .connect_timeout_secs
            .is_some_and(|t| !(1..=MAX_CONNECT_TIMEOUT_SECS).contains(&t))
        {
            e.push(
                "connectTimeoutSecs",
                format!("the connect timeout is a number of seconds from 1 to {MAX_CONNECT_TIMEOUT_SECS}"),
            );
        }
        e.into_result(&format!("the environment `{}`", self.name))
    }
}

fn valid_host(h: &str) -> bool {
    h.len() <= 253
        && h.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'))
}

/// Names are typed to unlock prd and used as the keyring account: short, lowercase, plain.
pub fn check_name(name: &str) -> std::result::Result<(), String> {
    let ok_chars = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    let starts = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if name.is_empty() || name.len() > MAX_NAME_LEN || !ok_chars || !starts {
        return Err(format!(
            "an environment name is 1 to {MAX_NAME_LEN} lowercase letters, digits, `-` or `_`, starting with a letter or digit (for example `acc-be`)"
        ));
    }
    Ok(())
}

/// CreatedBy / UpdatedBy are VARCHAR(100): printable ASCII only, so the name is stored as typed.
pub fn check_display_name(d: &str) -> std::result::Result<(), String> {
    if d.trim().is_empty()
        || d.len() > MAX_ACTOR_LEN
        || !d.chars().all(|c| c.is_ascii() && !c.is_ascii_control())
    {
        return Err(format!(
            "the display name is 1 to {MAX_ACTOR_LEN} printable ASCII characters (it is written to CreatedBy / UpdatedBy)"
        ));
    }
    Ok(())
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    #[serde(default, rename = "environment")]
    environments: Vec<ProfileToml>,
}

/// Reads and writes `environments.toml`.
#[derive(Debug, Clone)]
pub struct ProfileStore {
    home: Home,
}

/// VALIDATION for a name the program keeps for itself (`local`, the `--url` target's name).
pub fn check_not_reserved(name: &str) -> Result<()> {
    if name == LOCAL || name == URL_ENV {
        return Err(Error::validation(format!(
            "`{name}` is a reserved environment name; choose another"
        ))
        .at_field("name", "reserved"));
    }
    Ok(())
}

/// ALREADY_EXISTS for an environment name another profile has: the one wording of that rule,
/// wherever a name is checked (adding, replacing, editing, and the profile file's own write).
pub fn name_taken(name: &str) -> Error {
    Error::already_exists(format!(
        "the environment `{name}` already exists; replace it, remove it first, or choose another name"
    ))
    .at_field("name", "already used by another environment")
    .with_remedy(Remedy::ReplaceEnvironment {
        environment: name.to_owned(),
    })
}

impl ProfileStore {
    pub fn new(home: Home) -> ProfileStore {
        ProfileStore { home }
    }

    pub fn file(&self) -> PathBuf {
        self.home.environments_file()
    }

    /// The profiles in the file (not `local`). A missing file is no profiles.
    fn load(&self) -> Result<Vec<Profile>> {
        let path = self.file();
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => {
                return Err(Error::config(format!(
                    "cannot read {}: {e}",
                    path.display()
                )))
            }
        };
        let file: ProfileFile = toml::from_str(&text).map_err(|e| {
            let (line, column) = e.span().map(|s| line_col(&text, s.start)).unwrap_or((0, 0));
            // `message()` only, not the Display form, which quotes the offending line.
            Error::config(format!(
                "{} is not valid at line {line}, column {column}: {}; fix or remove that line",
                path.display(),
                e.message().trim_end()
            ))
            .with_detail(ErrorDetail {
                file: Some(path.display().to_string()),
                line: Some(line),
                column: Some(column),
                ..Default::default()
            })
        })?;
        let environments: Vec<Profile> = file.environments.into_iter().map(Profile::from).collect();
        let mut seen = std::collections::HashSet::new();
        for p in &environments {
            if p.name == LOCAL || p.name == URL_ENV {
                return Err(Error::config(format!(
                    "{} defines `{}`, a reserved name; rename that environment",
                    path.display(),
                    p.name
                )));
            }
            p.validate().map_err(|err| {
                Error::config(format!("{}: {}", path.display(), err.message)).with_detail(
                    ErrorDetail {
                        file: Some(path.display().to_string()),
                        fields: err.detail.and_then(|d| d.fields),
                        ..Default::default()
                    },
                )
            })?;
            if !seen.insert(p.name.clone()) {
                return Err(Error::config(format!(
                    "{} defines the environment `{}` twice; remove one",
                    path.display(),
                    p.name
                )));
            }
        }
        Ok(environments)
    }

    /// `local` first, then the file's profiles in file order.
    pub fn list(&self) -> Result<Vec<Profile>> {
        let mut all = vec![Profile::local(&self.home)];
        all.extend(self.load()?);
        Ok(all)
    }

    pub fn get(&self, name: &str) -> Result<Profile> {
        if name == LOCAL {
            return Ok(Profile::local(&self.home));
        }
        self.load()?
            .into_iter()
            .find(|p| p.name == name)
            .ok_or_else(|| {
                Error::not_found(format!(
                    "there is no environment `{name}`; pick one of the environments, or add it"
                ))
                .with_remedy(Remedy::ListEnvironments)
            })
    }

    /// Adds a profile (or replaces one of the same name when `replace`).
    pub fn put(&self, profile: &Profile, replace: bool) -> Result<()> {
        check_not_reserved(&profile.name)?;
        profile.validate()?;
        let mut all = self.load()?;
        match all.iter_mut().find(|p| p.name == profile.name) {
            Some(existing) if replace => *existing = profile.clone(),
            Some(_) => return Err(name_taken(&profile.name)),
            None => all.push(profile.clone()),
        }
        self.save(&all)
    }

    /// Removes a profile; NOT_FOUND when there is none.
    pub fn remove(&self, name: &str) -> Result<Profile> {
        if name == LOCAL {
            return Err(Error::validation(
                "the `local` environment is built in and cannot be removed",
            ));
        }
        let mut all = self.load()?;
        let Some(i) = all.iter().position(|p| p.name == name) else {
            return Err(Error::not_found(format!(
                "there is no environment `{name}`; pick one of the environments"
            ))
            .with_remedy(Remedy::ListEnvironments));
        };
        let removed = all.remove(i);
        self.save(&all)?;
        Ok(removed)
    }

    /// Writes the whole file atomically: a temporary file in the same folder, synced, then renamed
    /// over the old one, so a crash leaves either the old or the new file.
    fn save(&self, profiles: &[Profile]) -> Result<()> {
        let path = self.file();
        let dir = &self.home.config_dir;
        std::fs::create_dir_all(dir).map_err(|e| {
            Error::config(format!("cannot create the folder {}: {e}", dir.display()))
        })?;
        let body = toml::to_string(&ProfileFile {
            environments: profiles.iter().cloned().map(ProfileToml::from).collect(),
        })
        .map_err(|e| Error::internal(format!("cannot write the environments: {e}")))?;
        let text = format!(
            "# IVR Studio environments. Passwords are kept in the OS keyring, never here.\n\n{body}"
        );
        let tmp = dir.join(format!(".environments.toml.{}.tmp", std::process::id()));
        let write = || -> std::io::Result<()> {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(text.as_bytes())?;
            f.sync_all()?;
            std::fs::rename(&tmp, &path)
        };
        write().map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            Error::config(format!("cannot write {}: {e}", path.display()))
        })
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ivr_domain::ErrorCode;

    fn dev(name: &str) -> Profile {
        let spec = ivr_domain::connection::parse(
            "Server=tcp:sql.example.com,14330;Database=routing;User Id=app;Password=NotKeptHere1",
        )
        .unwrap();
        let mut p = Profile::from_spec(name, Tier::Dvp, &spec);
        p.display_name = Some("Jane Doe".into());
        p
    }

    #[test]
    fn round_trip_and_order() {
        let dir = tempfile::tempdir().unwrap();
        let store = ProfileStore::new(Home::at(dir.path()));
        assert_eq!(store.list().unwrap().len(), 1, "only local at first");
        store.put(&dev("dev"), false).unwrap();
        let mut acc = dev("acc");
        acc.tier = Tier::Acc;
        acc.read_only = true;
        store.put(&acc, false).unwrap();
        let names: Vec<_> = store.list().unwrap().into_iter().map(|p| p.name).collect();
        assert_eq!(names, ["local", "dev", "acc"]);
        assert_eq!(store.get("dev").unwrap(), dev("dev"));
        assert_eq!(store.get("acc").unwrap(), acc);
        assert_eq!(
            store.put(&dev("dev"), false).unwrap_err().code,
            ErrorCode::AlreadyExists
        );
        let mut dev2 = dev("dev");
        dev2.port = Some(1500);
        store.put(&dev2, true).unwrap();
        assert_eq!(store.get("dev").unwrap().port, Some(1500));
        store.remove("dev").unwrap();
        assert_eq!(store.get("dev").unwrap_err().code, ErrorCode::NotFound);
        assert_eq!(store.remove("dev").unwrap_err().code, ErrorCode::NotFound);
        assert_eq!(
            store.remove("local").unwrap_err().code,
            ErrorCode::Validation
        );
        // no temporary files left behind, no password anywhere
        let files: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(files, ["environments.toml"]);
        let text = std::fs::read_to_string(store.file()).unwrap();
        assert!(!text.contains("NotKeptHere1"));
        assert!(!text.contains("password"));
        // the file uses DESIGN.md's key names, the JSON form camelCase
        assert!(text.contains("trust_server_certificate = false"), "{text}");
        assert!(text.contains("display_name = \"Jane Doe\""), "{text}");
        let json = serde_json::to_value(store.get("acc").unwrap()).unwrap();
        assert_eq!(json["readOnly"], true);
        assert_eq!(json["displayName"], "Jane Doe");
        let back: Profile = serde_json::from_value(json).unwrap();
        assert_eq!(back, store.get("acc").unwrap());
    }

    #[test]
    fn names_are_validated() {
        for bad in ["", "Dev", "-x", "a b", "ä", "x/y", &"a".repeat(41)] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
        for good in ["dev", "acc-be", "prd_1", "7"] {
            assert!(check_name(good).is_ok(), "{good:?}");
        }
        let dir = tempfile::tempdir().unwrap();
        let store = ProfileStore::new(Home::at(dir.path()));
        let e = store.put(&dev("Bad Name"), false).unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation);
        assert_eq!(
            store.put(&dev("url"), false).unwrap_err().code,
            ErrorCode::Validation
        );
        assert!(!store.file().exists(), "nothing written on bad input");
    }

    #[test]
    fn missing_fields_are_all_reported() {
        let p = Profile {
            name: "x".into(),
            tier: Tier::Dvp,
            engine: Engine::Mssql,
            host: None,
            port: Some(0),
            database: None,
            user: Some(" ".into()),
            encrypt: true,
            trust_server_certificate: false,
            read_only: false,
            display_name: Some("tab\there".into()),
            connect_timeout_secs: Some(0),
        };
        let e = p.validate().unwrap_err();
        let n = e.detail_json()["fields"].as_array().unwrap().len();
        assert_eq!(n, 6);
    }

    #[test]
    fn malformed_file_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let store = ProfileStore::new(Home::at(dir.path()));
        std::fs::write(
            store.file(),
            "[[environment]]\nname = \"dev\"\ntier = \"dvp\"\nengine = mssql\n",
        )
        .unwrap();
        let e = store.list().unwrap_err();
        assert_eq!(e.code, ErrorCode::Config);
        assert!(e.message.contains("environments.toml"), "{}", e.message);
        assert!(e.message.contains("line 4"), "{}", e.message);
        assert_eq!(e.detail_json()["line"], 4);

        // an unknown key (like a password someone typed in) is refused without echoing its value
        std::fs::write(
            store.file(),
            "[[environment]]\nname = \"dev\"\ntier = \"dvp\"\nengine = \"mssql\"\nhost = \"h\"\ndatabase = \"d\"\nuser = \"u\"\npassword = \"LeakMe99\"\n",
        )
        .unwrap();
        let e = store.get("dev").unwrap_err();
        assert_eq!(e.code, ErrorCode::Config);
        assert!(e.message.contains("line 8"), "{}", e.message);
        assert!(!serde_json::to_string(&e).unwrap().contains("LeakMe99"));

        std::fs::write(store.file(), "[[environment]]\nname = \"Bad\"\ntier = \"dvp\"\nengine = \"sqlite\"\ndatabase = \"x.sqlite\"\n").unwrap();
        assert_eq!(store.list().unwrap_err().code, ErrorCode::Config);
    }
}
