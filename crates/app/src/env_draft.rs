//! An environment as a form holds it (add or edit, SQL Server or SQLite), and the one place that
//! turns it into a profile and a password. The desktop app's add/edit/test-before-saving all go
//! through [`EnvironmentDraft::profile`] and the `Studio` methods in `crate::studio`.

use crate::profiles::{Profile, Tier, DEFAULT_CONNECT_TIMEOUT_SECS};
use ivr_domain::connection::{self, ConnectionSpec, DEFAULT_PORT};
use ivr_domain::{Error, Result};
use ivr_store::Engine;
use serde::{Deserialize, Serialize};

fn yes() -> bool {
    true
}

/// What the add/edit form of an environment holds. `Debug` hides the password.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EnvironmentDraft {
    pub name: String,
    pub tier: Tier,
    pub engine: Engine,
    #[serde(default)]
    pub host: Option<String>,
    #[serde(default)]
    pub port: Option<u16>,
    /// SQL Server: the database name; SQLite: the file (relative to the data folder, or absolute).
    #[serde(default)]
    pub database: Option<String>,
    #[serde(default)]
    pub user: Option<String>,
    /// Typed in the form. On edit, empty or absent keeps the stored password.
    #[serde(default)]
    pub password: Option<String>,
    #[serde(default = "yes")]
    pub encrypt: bool,
    #[serde(default)]
    pub trust_server_certificate: bool,
    #[serde(default)]
    pub read_only: bool,
    #[serde(default)]
    pub display_name: Option<String>,
    /// Seconds opening may take (SQL Server); empty: the default.
    #[serde(default)]
    pub connect_timeout_secs: Option<u32>,
    /// Accept trusting any certificate on prd.
    #[serde(default)]
    pub force_trust: bool,
}

impl std::fmt::Debug for EnvironmentDraft {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EnvironmentDraft")
            .field("name", &self.name)
            .field("tier", &self.tier)
            .field("engine", &self.engine)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("database", &self.database)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "<hidden>"))
            .finish_non_exhaustive()
    }
}

fn trimmed(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// Connection fields given one by one (command-line options): `None` leaves the value the draft
/// has (from a connection string, or the default).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftFields {
    pub host: Option<String>,
    pub port: Option<u16>,
    pub database: Option<String>,
    pub user: Option<String>,
    pub encrypt: Option<bool>,
    pub trust_server_certificate: Option<bool>,
    pub connect_timeout_secs: Option<u32>,
}

impl EnvironmentDraft {
    /// The draft of a new environment from a connection string and/or fields given one by one:
    /// the string fills a SQL Server draft (its password included), then each field given
    /// replaces the string's value. No engine given: SQL Server. A SQLite environment takes no
    /// connection string (its file is `database`).
    pub fn compose(
        name: &str,
        tier: Tier,
        engine: Option<Engine>,
        connection_string: Option<&str>,
        fields: DraftFields,
    ) -> Result<EnvironmentDraft> {
        let engine = engine.unwrap_or(Engine::Mssql);
        let mut d = match connection_string {
            Some(_) if engine == Engine::Sqlite => {
                return Err(Error::validation(
                    "a connection string is for SQL Server; a SQLite environment takes its file as the database",
                )
                .at_field("connectionString", "SQL Server only"))
            }
            Some(s) => EnvironmentDraft::from_spec(name, tier, connection::parse(s)?),
            None => EnvironmentDraft::new(name, tier, engine),
        };
        let DraftFields {
            host,
            port,
            database,
            user,
            encrypt,
            trust_server_certificate,
            connect_timeout_secs,
        } = fields;
        d.host = host.or(d.host);
        d.port = port.or(d.port);
        d.database = database.or(d.database);
        d.user = user.or(d.user);
        d.encrypt = encrypt.unwrap_or(d.encrypt);
        d.trust_server_certificate = trust_server_certificate.unwrap_or(d.trust_server_certificate);
        d.connect_timeout_secs = connect_timeout_secs.or(d.connect_timeout_secs);
        Ok(d)
    }

    /// The profile the draft describes (checked: every field problem at once, as a VALIDATION
    /// error with `detail.fields`). SQL Server fields are dropped for SQLite and the other way round.
    pub fn profile(&self) -> Result<Profile> {
        let sqlite = self.engine == Engine::Sqlite;
        let profile = Profile {
            name: self.name.trim().to_owned(),
            tier: self.tier,
            engine: self.engine,
            host: if sqlite { None } else { trimmed(&self.host) },
            port: if sqlite {
                None
            } else {
                Some(self.port.unwrap_or(DEFAULT_PORT))
            },
            database: trimmed(&self.database),
            user: if sqlite { None } else { trimmed(&self.user) },
            encrypt: !sqlite && self.encrypt,
            trust_server_certificate: !sqlite && self.trust_server_certificate,
            read_only: self.read_only,
            display_name: trimmed(&self.display_name),
            connect_timeout_secs: if sqlite {
                None
            } else {
                self.connect_timeout_secs
                    .filter(|s| *s != DEFAULT_CONNECT_TIMEOUT_SECS)
            },
        };
        profile.validate()?;
        Ok(profile)
    }

    /// The password typed, if any (SQLite has none).
    pub fn typed_password(&self) -> Option<String> {
        if self.engine == Engine::Sqlite {
            return None;
        }
        self.password.clone().filter(|p| !p.is_empty())
    }

    /// A SQL Server draft filled from a parsed connection string (its password included).
    pub fn from_spec(name: &str, tier: Tier, spec: ConnectionSpec) -> EnvironmentDraft {
        EnvironmentDraft {
            name: name.to_owned(),
            tier,
            engine: Engine::Mssql,
            host: Some(spec.host),
            port: Some(spec.port),
            database: Some(spec.database),
            user: Some(spec.user),
            password: spec.password,
            encrypt: spec.encrypt,
            trust_server_certificate: spec.trust_server_certificate,
            read_only: false,
            display_name: None,
            connect_timeout_secs: spec.connect_timeout_secs,
            force_trust: false,
        }
    }

    /// An empty draft of `engine` (SQL Server: encrypted, the certificate checked).
    pub fn new(name: &str, tier: Tier, engine: Engine) -> EnvironmentDraft {
        EnvironmentDraft {
            name: name.to_owned(),
            tier,
            engine,
            host: None,
            port: None,
            database: None,
            user: None,
            password: None,
            encrypt: true,
            trust_server_certificate: false,
            read_only: false,
            display_name: None,
            connect_timeout_secs: None,
            force_trust: false,
        }
    }

    /// The draft of an existing profile, as the edit form opens it (no password: it stays stored).
    pub fn of(p: &Profile) -> EnvironmentDraft {
        EnvironmentDraft {
            name: p.name.clone(),
            tier: p.tier,
            engine: p.engine,
            host: p.host.clone(),
            port: p.port,
            database: p.database.clone(),
            user: p.user.clone(),
            password: None,
            encrypt: p.encrypt,
            trust_server_certificate: p.trust_server_certificate,
            read_only: p.read_only,
            display_name: p.display_name.clone(),
            connect_timeout_secs: p.connect_timeout_secs,
            force_trust: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mssql() -> EnvironmentDraft {
        EnvironmentDraft {
            name: " acc-be ".into(),
            tier: Tier::Acc,
            engine: Engine::Mssql,
            host: Some("sql.example.com".into()),
            port: None,
            database: Some("routing".into()),
            user: Some("ivr".into()),
            password: Some("s3cret".into()),
            encrypt: true,
            trust_server_certificate: false,
            read_only: false,
            display_name: Some("  ".into()),
            connect_timeout_secs: None,
            force_trust: false,
        }
    }

    #[test]
    fn a_draft_becomes_a_profile_with_defaults_and_no_password() {
        let p = mssql().profile().unwrap();
        assert_eq!(p.name, "acc-be");
        assert_eq!(p.port, Some(DEFAULT_PORT));
        assert_eq!(p.display_name, None);
        assert_eq!(mssql().typed_password().as_deref(), Some("s3cret"));
        assert!(!format!("{:?}", mssql()).contains("s3cret"));
    }

    #[test]
    fn sqlite_keeps_only_its_own_fields() {
        let d = EnvironmentDraft {
            engine: Engine::Sqlite,
            database: Some("trial.sqlite".into()),
            ..mssql()
        };
        let p = d.profile().unwrap();
        assert_eq!((p.host, p.user, p.port), (None, None, None));
        assert!(!p.encrypt);
        assert_eq!(d.typed_password(), None);
    }

    #[test]
    fn a_string_fills_the_draft_and_fields_given_win() {
        let s = "Server=tcp:sql.example.com,14330;Database=routing;User Id=ivr;Password=pw;Encrypt=false";
        let d = EnvironmentDraft::compose("acc", Tier::Acc, None, Some(s), DraftFields::default())
            .unwrap();
        assert_eq!(d.engine, Engine::Mssql);
        assert_eq!(
            (d.host.as_deref(), d.port, d.database.as_deref(), d.encrypt),
            (Some("sql.example.com"), Some(14330), Some("routing"), false)
        );
        assert_eq!(d.typed_password().as_deref(), Some("pw"));
        let fields = DraftFields {
            host: Some("other.example.com".into()),
            encrypt: Some(true),
            ..DraftFields::default()
        };
        let d = EnvironmentDraft::compose("acc", Tier::Acc, None, Some(s), fields).unwrap();
        assert_eq!(
            (d.host.as_deref(), d.port, d.encrypt),
            (Some("other.example.com"), Some(14330), true)
        );
        // Without a string: the defaults of an empty draft, then the fields.
        let d = EnvironmentDraft::compose(
            "trial",
            Tier::Dvp,
            Some(Engine::Sqlite),
            None,
            DraftFields {
                database: Some("trial.sqlite".into()),
                ..DraftFields::default()
            },
        )
        .unwrap();
        assert_eq!(
            d,
            EnvironmentDraft {
                database: Some("trial.sqlite".into()),
                ..EnvironmentDraft::new("trial", Tier::Dvp, Engine::Sqlite)
            }
        );
        let e = EnvironmentDraft::compose(
            "t",
            Tier::Dvp,
            Some(Engine::Sqlite),
            Some(s),
            DraftFields::default(),
        )
        .unwrap_err();
        assert_eq!(e.detail_view().fields.unwrap()[0].field, "connectionString");
    }

    #[test]
    fn every_problem_is_named_at_once() {
        let d = EnvironmentDraft {
            name: "Bad Name".into(),
            host: None,
            user: Some(" ".into()),
            ..mssql()
        };
        let e = d.profile().unwrap_err();
        let fields: Vec<String> = e.detail_json()["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["field"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(fields, ["name", "host", "user"]);
    }
}
