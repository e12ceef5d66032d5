//! An environment as a form holds it (add or edit, SQL Server or SQLite), and the one place that
//! turns it into a profile and a password. The desktop app's add/edit/test-before-saving all go
//! through [`EnvironmentDraft::profile`] and the `Studio` methods in `crate::studio`.

use crate::profiles::{encrypt_by_default, Profile, Tier, DEFAULT_CONNECT_TIMEOUT_SECS};
use ivr_domain::connection::Engine;
use ivr_domain::connection::{self, ConnectionSpec, DEFAULT_PORT};
use ivr_domain::{Error, Result};
use serde::{Deserialize, Serialize};

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
    #[serde(default = "encrypt_by_default")]
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

/// Fields given one by one (command-line options, or what a form already holds): `None` leaves
/// the value the draft has (from a connection string, or the default).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct DraftFields {
    pub host: Option<String>,
    pub port: Option<u16>,
    pub database: Option<String>,
    pub user: Option<String>,
    pub encrypt: Option<bool>,
    pub trust_server_certificate: Option<bool>,
    pub connect_timeout_secs: Option<u32>,
    pub read_only: Option<bool>,
    pub display_name: Option<String>,
}

/// A new environment from a connection string and/or fields given one by one: the same request,
/// and the same precedence, for `ivr env add` and the desktop form's pasted string. `Debug` hides
/// the connection string (it may hold a password).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ComposeRequest {
    pub name: String,
    pub tier: Tier,
    /// No engine given: SQL Server.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub engine: Option<Engine>,
    /// ADO.NET or `sqlserver://` text (SQL Server only).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub connection_string: Option<String>,
    #[serde(flatten)]
    pub fields: DraftFields,
}

impl std::fmt::Debug for ComposeRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ComposeRequest")
            .field("name", &self.name)
            .field("tier", &self.tier)
            .field("engine", &self.engine)
            .field(
                "connection_string",
                &self.connection_string.as_ref().map(|_| "<hidden>"),
            )
            .field("fields", &self.fields)
            .finish()
    }
}

/// The draft a [`ComposeRequest`] describes. The password of the connection string is not sent
/// back to a form (it has the text): `passwordAt` says where it is, `masked` is the text without
/// it. `Debug` hides the password.
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ComposedEnvironment {
    /// The draft, without a password.
    pub draft: EnvironmentDraft,
    /// The connection string's password, for the command line to store.
    #[serde(skip)]
    pub password: Option<String>,
    /// The connection string has a password.
    pub has_password: bool,
    /// The connection string with its password replaced by dots (when it has one, found as
    /// written).
    pub masked: Option<String>,
    /// `[start, end)` of the password in the connection string, in UTF-16 units (a text box's).
    pub password_at: Option<[u32; 2]>,
}

impl std::fmt::Debug for ComposedEnvironment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ComposedEnvironment")
            .field("draft", &self.draft)
            .field("has_password", &self.has_password)
            .finish_non_exhaustive()
    }
}

/// Composes a new environment's draft: the connection string fills a SQL Server draft, then each
/// field given replaces the string's value (or the empty draft's default). A SQLite environment
/// takes no connection string (its file is `database`). Nothing is checked beyond the string
/// itself: [`EnvironmentDraft::profile`] checks the result.
pub fn compose(req: &ComposeRequest) -> Result<ComposedEnvironment> {
    let engine = req.engine.unwrap_or(Engine::Mssql);
    let text = req.connection_string.as_deref();
    let (mut d, mask) = match text {
        Some(_) if engine == Engine::Sqlite => {
            return Err(Error::validation(
                "a connection string is for SQL Server; a SQLite environment takes its file as the database",
            )
            .at_field("connectionString", "SQL Server only"))
        }
        Some(s) => {
            let spec = connection::parse(s)?;
            let mask = spec
                .password
                .as_deref()
                .and_then(|p| connection::mask_password(s, p));
            (EnvironmentDraft::from_spec(&req.name, req.tier, spec), mask)
        }
        None => (EnvironmentDraft::new(&req.name, req.tier, engine), None),
    };
    let DraftFields {
        host,
        port,
        database,
        user,
        encrypt,
        trust_server_certificate,
        connect_timeout_secs,
        read_only,
        display_name,
    } = req.fields.clone();
    d.host = host.or(d.host);
    d.port = port.or(d.port);
    d.database = database.or(d.database);
    d.user = user.or(d.user);
    d.encrypt = encrypt.unwrap_or(d.encrypt);
    d.trust_server_certificate = trust_server_certificate.unwrap_or(d.trust_server_certificate);
    d.connect_timeout_secs = connect_timeout_secs.or(d.connect_timeout_secs);
    d.read_only = read_only.unwrap_or(d.read_only);
    d.display_name = display_name.or(d.display_name);
    let password = d.password.take();
    Ok(ComposedEnvironment {
        draft: d,
        has_password: password.is_some(),
        password,
        password_at: mask.as_ref().map(|(_, [a, b])| [*a as u32, *b as u32]),
        masked: mask.map(|(m, _)| m),
    })
}

impl EnvironmentDraft {
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

    fn request(
        name: &str,
        engine: Option<Engine>,
        text: Option<&str>,
        fields: DraftFields,
    ) -> ComposeRequest {
        ComposeRequest {
            name: name.into(),
            tier: Tier::Acc,
            engine,
            connection_string: text.map(str::to_owned),
            fields,
        }
    }

    #[test]
    fn a_string_fills_the_draft_and_fields_given_win() {
        let s = "Server=tcp:sql.example.com,14330;Database=routing;User Id=ivr;Password=pw;Encrypt=false";
        let c = compose(&request("acc", None, Some(s), DraftFields::default())).unwrap();
        let d = &c.draft;
        assert_eq!(d.engine, Engine::Mssql);
        assert_eq!(
            (d.host.as_deref(), d.port, d.database.as_deref(), d.encrypt),
            (Some("sql.example.com"), Some(14330), Some("routing"), false)
        );
        // The string's password is kept for the command line, never sent back to a form.
        assert_eq!(
            (c.password.as_deref(), d.password.as_deref()),
            (Some("pw"), None)
        );
        assert!(c.has_password);
        let at = s.find("pw;").unwrap() as u32;
        assert_eq!(c.password_at, Some([at, at + 2]));
        let json = serde_json::to_value(&c).unwrap();
        assert!(!json.to_string().contains("=pw"), "{json}");
        assert_eq!(json["draft"]["host"], "sql.example.com");
        assert!(!format!("{c:?}").contains("pw;"));
        let fields = DraftFields {
            host: Some("other.example.com".into()),
            encrypt: Some(true),
            read_only: Some(true),
            display_name: Some("Jane".into()),
            ..DraftFields::default()
        };
        let d = compose(&request("acc", None, Some(s), fields))
            .unwrap()
            .draft;
        assert_eq!(
            (d.host.as_deref(), d.port, d.encrypt, d.read_only),
            (Some("other.example.com"), Some(14330), true, true)
        );
        assert_eq!(d.display_name.as_deref(), Some("Jane"));
        // Without a string: the defaults of an empty draft, then the fields.
        let fields = DraftFields {
            database: Some("trial.sqlite".into()),
            ..DraftFields::default()
        };
        let c = compose(&request("trial", Some(Engine::Sqlite), None, fields)).unwrap();
        assert_eq!(
            c.draft,
            EnvironmentDraft {
                database: Some("trial.sqlite".into()),
                ..EnvironmentDraft::new("trial", Tier::Acc, Engine::Sqlite)
            }
        );
        assert_eq!((c.has_password, c.masked), (false, None));
        let e = compose(&request(
            "t",
            Some(Engine::Sqlite),
            Some(s),
            DraftFields::default(),
        ))
        .unwrap_err();
        assert_eq!(e.detail_view().fields.unwrap()[0].field, "connectionString");
        // The wire form is camelCase, the fields flat beside the string; all may be left out.
        let req: ComposeRequest = serde_json::from_value(serde_json::json!({
            "name": "acc", "tier": "acc", "connectionString": s, "connectTimeoutSecs": 30
        }))
        .unwrap();
        assert_eq!(req.fields.connect_timeout_secs, Some(30));
        assert!(!format!("{req:?}").contains("pw"));
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
