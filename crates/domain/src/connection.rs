//! SQL Server connection strings, as people paste them: the ADO.NET form
//! (`Server=tcp:host,1433;Database=db;User Id=u;Password=p;Encrypt=True`) and the URL forms
//! (`sqlserver://host:1433;database=db;user=u;password=p` and `sqlserver://u:p@host:1433/db?encrypt=true`).
//!
//! Pure parsing, no IO. Error messages never repeat any value taken from the input — a password
//! with an unquoted `;` would otherwise be echoed back in pieces — only the names of the keys this
//! parser knows and the position of the part that could not be read.

use crate::error::{Error, FieldErrors, Result};

// The database engine an environment runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Engine {
    Sqlite,
    Mssql,
}

pub const DEFAULT_PORT: u16 = 1433;
/// The longest connect timeout an environment may set (seconds); 0 ("wait forever") is refused.
pub const MAX_CONNECT_TIMEOUT_SECS: u32 = 600;

/// A parsed SQL Server connection. `Debug` hides the password.
#[derive(Clone, PartialEq, Eq)]
pub struct ConnectionSpec {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
    pub password: Option<String>,
    /// TLS; on unless the string turns it off.
    pub encrypt: bool,
    pub trust_server_certificate: bool,
    /// `Connect Timeout` (also `Connection Timeout`, `Login Timeout`, `Timeout`) in seconds.
    pub connect_timeout_secs: Option<u32>,
}

impl std::fmt::Debug for ConnectionSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectionSpec")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("database", &self.database)
            .field("user", &self.user)
            .field(
                "password",
                &if self.password.is_some() {
                    "<hidden>"
                } else {
                    "<none>"
                },
            )
            .field("encrypt", &self.encrypt)
            .field("trust_server_certificate", &self.trust_server_certificate)
            .field("connect_timeout_secs", &self.connect_timeout_secs)
            .finish()
    }
}

impl ConnectionSpec {
    /// `host:port/database`, never a secret.
    pub fn describe(&self) -> String {
        format!("{}:{}/{}", self.host, self.port, self.database)
    }
}

const SUPPORTED_KEYS: &str =
    "Server (Data Source, Address), Database (Initial Catalog), User Id (UID, User), \
Password (PWD), Encrypt, TrustServerCertificate, Connect Timeout";

/// What a key means; `Ignored` keys are accepted because portals and tools put them in pasted strings.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Key {
    Server,
    Port,
    Database,
    User,
    Password,
    Encrypt,
    Trust,
    Timeout,
    WindowsAuth,
    Ignored,
}

fn classify(key: &str) -> Option<Key> {
    let k: String = key
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_')
        .collect::<String>()
        .to_ascii_lowercase();
    Some(match k.as_str() {
        "server" | "datasource" | "address" | "addr" | "networkaddress" | "servername" | "host" => {
            Key::Server
        }
        "port" | "portnumber" => Key::Port,
        "database" | "initialcatalog" | "databasename" => Key::Database,
        "userid" | "uid" | "user" | "username" => Key::User,
        "password" | "pwd" => Key::Password,
        "encrypt" => Key::Encrypt,
        "trustservercertificate" => Key::Trust,
        "integratedsecurity" | "trustedconnection" | "authentication" => Key::WindowsAuth,
        "connectiontimeout" | "connecttimeout" | "timeout" | "logintimeout" => Key::Timeout,
        "persistsecurityinfo"
        | "multipleactiveresultsets"
        | "commandtimeout"
        | "applicationname"
        | "app"
        | "applicationintent"
        | "multisubnetfailover"
        | "pooling"
        | "minpoolsize"
        | "maxpoolsize"
        | "connectretrycount"
        | "connectretryinterval"
        | "hostnameincertificate"
        | "servercertificate"
        | "workstationid"
        | "wsid"
        | "packetsize"
        | "currentlanguage"
        | "language"
        | "sendstringparametersasunicode" => Key::Ignored,
        _ => return None,
    })
}

/// Where `password` sits in the connection string `text`, as UTF-16 offsets `[start, end)` (the
/// unit a text box counts in), and the text with it masked. Only an occurrence that is a whole
/// value counts (after `=`, `:` or an opening quote, before `;`, `@`, `&`, a closing quote or the
/// end), so a short password is not "found" inside another word. `None` when it is not written
/// as is (escaped or percent-encoded).
pub fn mask_password(text: &str, password: &str) -> Option<(String, [usize; 2])> {
    if password.is_empty() {
        return None;
    }
    let whole = |at: usize| {
        let before = text[..at].chars().next_back();
        let after = text[at + password.len()..].chars().next();
        matches!(before, Some('=' | ':' | '{' | '"' | '\''))
            && matches!(after, None | Some(';' | '@' | '&' | '}' | '"' | '\'' | ' '))
    };
    let at = text
        .match_indices(password)
        .map(|(i, _)| i)
        .filter(|i| whole(*i))
        .last()?;
    let masked = format!(
        "{}{}{}",
        &text[..at],
        "•".repeat(8),
        &text[at + password.len()..]
    );
    let start = text[..at].encode_utf16().count();
    Some((masked, [start, start + password.encode_utf16().count()]))
}

/// Parses either form. Every problem is reported at once, as VALIDATION with `detail.fields`.
pub fn parse(input: &str) -> Result<ConnectionSpec> {
    let s = input.trim();
    if s.is_empty() {
        return Err(Error::validation(
            "the connection string is empty: paste an ADO.NET string (Server=…;Database=…;User Id=…;Password=…) or a sqlserver:// URL",
        ));
    }
    let lower = s.to_ascii_lowercase();
    for scheme in ["jdbc:sqlserver://", "sqlserver://", "mssql://"] {
        if lower.starts_with(scheme) {
            return parse_url(&s[scheme.len()..]);
        }
    }
    if lower.contains("://") {
        return Err(Error::validation(
            "this URL scheme is not supported: use sqlserver://host:port;database=…;user=…;password=… or an ADO.NET string",
        ));
    }
    let pairs = split_pairs(s, ';')?;
    build(pairs, None)
}

/// Raw parts collected from either form before validation.
#[derive(Default)]
struct Raw {
    host: Option<String>,
    port: Option<String>,
    database: Option<String>,
    user: Option<String>,
    password: Option<String>,
    encrypt: Option<String>,
    trust: Option<String>,
    timeout: Option<String>,
    windows_auth: bool,
}

/// Splits `k=v;k=v` honouring quoted values (`"…"`, `'…'` with doubled quotes inside, `{…}` with
/// `}}` inside). Returns (position, key, value) with positions counted from 1.
fn split_pairs(s: &str, sep: char) -> Result<Vec<(usize, String, String)>> {
    let mut out = Vec::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut part = 0;
    while i < chars.len() {
        // key
        let mut key = String::new();
        while i < chars.len() && chars[i] != '=' && chars[i] != sep {
            key.push(chars[i]);
            i += 1;
        }
        part += 1;
        if i >= chars.len() || chars[i] == sep {
            if key.trim().is_empty() {
                // empty part (`;;` or a trailing `;`): harmless
                i += 1;
                part -= 1;
                continue;
            }
            return Err(Error::validation(format!(
                "part {part} of the connection string has no `=`: every part must be key=value; \
                 if a password contains `;`, put the value in double quotes (Password=\"…\")"
            ))
            .at_field("connectionString", format!("part {part} has no `=`")));
        }
        i += 1; // '='
        while i < chars.len() && chars[i] == ' ' {
            i += 1;
        }
        let mut value = String::new();
        let quote = match chars.get(i) {
            Some('"') => Some('"'),
            Some('\'') => Some('\''),
            Some('{') => Some('}'),
            _ => None,
        };
        if let Some(q) = quote {
            i += 1;
            let mut closed = false;
            while i < chars.len() {
                if chars[i] == q {
                    if chars.get(i + 1) == Some(&q) {
                        value.push(q);
                        i += 2;
                        continue;
                    }
                    i += 1;
                    closed = true;
                    break;
                }
                value.push(chars[i]);
                i += 1;
            }
            if !closed {
                return Err(quoting_error(part));
            }
            while i < chars.len() && chars[i] == ' ' {
                i += 1;
            }
            if i < chars.len() && chars[i] != sep {
                return Err(quoting_error(part));
            }
        } else {
            while i < chars.len() && chars[i] != sep {
                value.push(chars[i]);
                i += 1;
            }
            value = value.trim().to_string();
        }
        i += 1; // separator
        out.push((part, key.trim().to_string(), value));
    }
    Ok(out)
}

fn quoting_error(part: usize) -> Error {
    Error::validation(format!(
        "part {part} of the connection string has a quoted value that is not closed properly: \
         end it with the same quote, and double a quote that belongs to the value"
    ))
    .at_field(
        "connectionString",
        format!("part {part}: unbalanced quotes"),
    )
}

fn absorb(raw: &mut Raw, pairs: Vec<(usize, String, String)>) -> Result<()> {
    for (part, key, value) in pairs {
        let slot = match classify(&key) {
            Some(Key::Server) => &mut raw.host,
            Some(Key::Port) => &mut raw.port,
            Some(Key::Database) => &mut raw.database,
            Some(Key::User) => &mut raw.user,
            Some(Key::Password) => &mut raw.password,
            Some(Key::Encrypt) => &mut raw.encrypt,
            Some(Key::Trust) => &mut raw.trust,
            Some(Key::Timeout) => &mut raw.timeout,
            Some(Key::WindowsAuth) => {
                raw.windows_auth = true;
                continue;
            }
            Some(Key::Ignored) => continue,
            None => {
                // The key itself is not echoed: with an unquoted `;` in a password, the "key" is
                // a piece of the password.
                return Err(Error::validation(format!(
                    "part {part} of the connection string has a key this tool does not know; \
                     supported keys: {SUPPORTED_KEYS}. If a password contains `;`, put it in double quotes"
                ))
                .at_field("connectionString", format!("part {part}: unknown key")));
            }
        };
        *slot = Some(value);
    }
    Ok(())
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" | "mandatory" | "strict" => Some(true),
        "false" | "no" | "0" | "optional" => Some(false),
        _ => None,
    }
}

/// Splits the ADO.NET server value: optional `tcp:`, `host`, optional `,port`.
fn split_server(v: &str, errors: &mut FieldErrors) -> (Option<String>, Option<u16>) {
    let mut v = v.trim();
    if v.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("tcp:")) {
        v = &v[4..];
    }
    if v.to_ascii_lowercase().starts_with("np:") || v.to_ascii_lowercase().starts_with("lpc:") {
        errors.push(
            "host",
            "only TCP connections are supported: write Server=tcp:host,port",
        );
        return (None, None);
    }
    let (host, port) = match v.split_once(',') {
        Some((h, p)) => (h.trim(), Some(p.trim())),
        None => (v, None),
    };
    if host.contains('\\') {
        errors.push(
            "host",
            "named instances (host\\instance) are not supported: give the instance's TCP port instead, as Server=tcp:host,port",
        );
        return (None, None);
    }
    let port = match port {
        Some(p) => match p.parse::<u16>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                errors.push(
                    "port",
                    "the port after the comma in Server is not a number between 1 and 65535",
                );
                None
            }
        },
        None => None,
    };
    let host = if host.is_empty() {
        None
    } else {
        Some(host.to_string())
    };
    (host, port)
}

fn valid_host(h: &str) -> bool {
    !h.is_empty()
        && h.len() <= 253
        && h.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':' | '[' | ']'))
}

fn build(pairs: Vec<(usize, String, String)>, url: Option<UrlParts>) -> Result<ConnectionSpec> {
    let mut raw = Raw::default();
    let mut errors = FieldErrors::default();
    let (mut host, mut port) = (None, None);
    if let Some(u) = url {
        host = u.host;
        port = u.port;
        raw.database = u.database;
        raw.user = u.user;
        raw.password = u.password;
        if u.bad_port {
            errors.push(
                "port",
                "the port after `:` is not a number between 1 and 65535",
            );
        }
    }
    absorb(&mut raw, pairs)?;
    if raw.windows_auth {
        errors.push(
            "authentication",
            "only SQL Server authentication (a user and a password) is supported: remove Integrated Security / Authentication and give User Id and Password",
        );
    }
    if let Some(server) = raw.host.take() {
        let (h, p) = split_server(&server, &mut errors);
        if h.is_some() {
            host = h;
        }
        if p.is_some() {
            port = p;
        }
    }
    if let Some(p) = raw.port.take() {
        match p.trim().parse::<u16>() {
            Ok(n) if n > 0 => port = Some(n),
            _ => errors.push("port", "Port is not a number between 1 and 65535"),
        }
    }
    match &host {
        None => errors.push(
            "host",
            "the server is missing: add Server=tcp:<host>,<port> (or sqlserver://<host>:<port>)",
        ),
        Some(h) if !valid_host(h) => errors.push(
            "host",
            "the server name has characters a host name cannot have: give a DNS name or an IP address",
        ),
        _ => {}
    }
    let database = raw.database.filter(|d| !d.trim().is_empty());
    if database.is_none() {
        errors.push(
            "database",
            "the database is missing: add Database=<name> (also written Initial Catalog=<name>)",
        );
    }
    let user = raw.user.filter(|u| !u.trim().is_empty());
    if user.is_none() && !raw.windows_auth {
        errors.push("user", "the user is missing: add User Id=<login>");
    }
    let mut flag = |v: Option<String>, field: &str, key: &str, default: bool| match v {
        None => default,
        Some(v) => parse_bool(&v).unwrap_or_else(|| {
            errors.push(
                field,
                format!("{key} must be True or False (also yes/no, Mandatory/Optional)"),
            );
            default
        }),
    };
    let encrypt = flag(raw.encrypt, "encrypt", "Encrypt", true);
    let trust = flag(
        raw.trust,
        "trustServerCertificate",
        "TrustServerCertificate",
        false,
    );
    let connect_timeout_secs = raw.timeout.and_then(|t| match t.trim().parse::<u32>() {
        Ok(n) if (1..=MAX_CONNECT_TIMEOUT_SECS).contains(&n) => Some(n),
        _ => {
            errors.push(
                "connectTimeoutSecs",
                format!("Connect Timeout must be a number of seconds from 1 to {MAX_CONNECT_TIMEOUT_SECS}"),
            );
            None
        }
    });
    errors.into_result("the connection string")?;
    Ok(ConnectionSpec {
        host: host.unwrap_or_default(),
        port: port.unwrap_or(DEFAULT_PORT),
        database: database.unwrap_or_default().trim().to_string(),
        user: user.unwrap_or_default().trim().to_string(),
        password: raw.password.filter(|p| !p.is_empty()),
        encrypt,
        trust_server_certificate: trust,
        connect_timeout_secs,
    })
}

struct UrlParts {
    host: Option<String>,
    port: Option<u16>,
    bad_port: bool,
    database: Option<String>,
    user: Option<String>,
    password: Option<String>,
}

/// `rest` is what follows `sqlserver://`: `[user[:pass]@]host[:port][/db][?k=v&…][;k=v…]`.
fn parse_url(rest: &str) -> Result<ConnectionSpec> {
    // Properties after the first `;` use the JDBC syntax; a password with `;` must be in braces.
    let (head, props) = match rest.find(';') {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, ""),
    };
    let mut pairs = split_pairs(props, ';')?;
    let (authority, tail) = match head.find(['/', '?']) {
        Some(i) => (&head[..i], &head[i..]),
        None => (head, ""),
    };
    let (userinfo, hostport) = match authority.rfind('@') {
        Some(i) => (Some(&authority[..i]), &authority[i + 1..]),
        None => (None, authority),
    };
    let mut parts = UrlParts {
        host: None,
        port: None,
        bad_port: false,
        database: None,
        user: None,
        password: None,
    };
    if let Some(ui) = userinfo {
        let (u, p) = match ui.split_once(':') {
            Some((u, p)) => (u, Some(p)),
            None => (ui, None),
        };
        parts.user = Some(percent_decode(u)?);
        parts.password = p.map(percent_decode).transpose()?;
    }
    // host[:port], with [v6]:port
    let (h, p) = if let Some(stripped) = hostport.strip_prefix('[') {
        match stripped.split_once(']') {
            Some((h, after)) => (h.to_string(), after.strip_prefix(':')),
            None => (hostport.to_string(), None),
        }
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), Some(p)),
            None => (hostport.to_string(), None),
        }
    };
    // `host\instance` is rejected later by the same rule as the ADO.NET form.
    if !h.is_empty() {
        let mut errors = FieldErrors::default();
        let (host, _) = split_server(&h, &mut errors);
        errors.into_result("the connection string")?;
        parts.host = host;
    }
    if let Some(p) = p {
        match p.parse::<u16>() {
            Ok(n) if n > 0 => parts.port = Some(n),
            _ => parts.bad_port = true,
        }
    }
    let (path, query) = match tail.split_once('?') {
        Some((path, q)) => (path, q),
        None => (tail, ""),
    };
    let db = path.trim_start_matches('/');
    if !db.is_empty() {
        parts.database = Some(percent_decode(db)?);
    }
    if !query.is_empty() {
        let mut qpairs = Vec::new();
        for (pos, k, v) in split_pairs(query, '&')? {
            qpairs.push((pos, percent_decode(&k)?, percent_decode(&v)?));
        }
        // query parameters come first so that `;` properties win, as they are written later
        qpairs.append(&mut pairs);
        pairs = qpairs;
    }
    build(pairs, Some(parts))
}

fn percent_decode(s: &str) -> Result<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            match hex {
                Some(b) => {
                    out.push(b);
                    i += 3;
                    continue;
                }
                None => return Err(Error::validation(
                    "the URL has a `%` that is not followed by two hex digits: write a literal % as %25",
                )),
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out)
        .map_err(|_| Error::validation("the URL has percent-encoded bytes that are not UTF-8 text"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn the_password_is_found_and_masked_in_utf16_offsets() {
        let text = "Server=tcp:h,1433;Database=d;User Id=é;Password=p@ss;Encrypt=True";
        let (masked, [a, b]) = mask_password(text, "p@ss").unwrap();
        assert!(!masked.contains("p@ss") && masked.contains("Password=••••••••;"));
        let utf16: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(String::from_utf16(&utf16[a..b]).unwrap(), "p@ss");
        assert!(mask_password(text, "").is_none());
        assert!(mask_password(text, "absent").is_none());
        // A one-letter password is the value, not a letter of another word.
        let (masked, _) = mask_password("Server=h;User Id=u;Password=e;Encrypt=True", "e").unwrap();
        assert_eq!(masked, "Server=h;User Id=u;Password=••••••••;Encrypt=True");
        let (masked, _) = mask_password("sqlserver://u:e@h/d", "e").unwrap();
        assert_eq!(masked, "sqlserver://u:••••••••@h/d");
    }

    fn ok(s: &str) -> ConnectionSpec {
        match parse(s) {
            Ok(c) => c,
            Err(e) => panic!("{s:?} did not parse: {e}"),
        }
    }

    fn err(s: &str) -> Error {
        match parse(s) {
            Ok(c) => panic!("{s:?} parsed to {c:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn ado_net_azure_portal_form() {
        let c = ok("Server=tcp:myserver.database.windows.net,1433;Initial Catalog=routing;Persist Security Info=False;User ID=app;Password=s3cr=t;MultipleActiveResultSets=False;Encrypt=True;TrustServerCertificate=False;Connection Timeout=30;");
        assert_eq!(c.host, "myserver.database.windows.net");
        assert_eq!(c.port, 1433);
        assert_eq!(c.database, "routing");
        assert_eq!(c.user, "app");
        assert_eq!(c.password.as_deref(), Some("s3cr=t"));
        assert!(c.encrypt);
        assert!(!c.trust_server_certificate);
    }

    #[test]
    fn connect_timeout_is_kept_in_both_forms_and_checked() {
        let c = ok("Server=tcp:h,1433;Database=d;User Id=u;Password=p;Connection Timeout=30");
        assert_eq!(c.connect_timeout_secs, Some(30));
        let c = ok("sqlserver://h:1433;database=d;user=u;password=p;loginTimeout=7");
        assert_eq!(c.connect_timeout_secs, Some(7));
        assert_eq!(
            ok("Server=h;Database=d;User Id=u").connect_timeout_secs,
            None
        );
        for bad in ["0", "-1", "abc", "601"] {
            let e = parse(&format!(
                "Server=h;Database=d;User Id=u;Connect Timeout={bad}"
            ))
            .unwrap_err();
            assert_eq!(e.code, ErrorCode::Validation, "{bad}");
            assert!(e.message.contains("Connect Timeout"), "{}", e.message);
        }
    }

    #[test]
    fn ado_net_synonyms_defaults_and_case() {
        let c = ok("data source=db.local;DATABASE=x;uid=u;pwd=p");
        assert_eq!((c.host.as_str(), c.port), ("db.local", 1433));
        assert_eq!((c.user.as_str(), c.password.as_deref()), ("u", Some("p")));
        assert!(c.encrypt, "encrypt defaults to true");
        assert!(!c.trust_server_certificate);
        let c = ok(
            "Address=10.0.0.5,14330;Database=d;User Id=u;Encrypt=no;Trust Server Certificate=yes",
        );
        assert_eq!((c.host.as_str(), c.port), ("10.0.0.5", 14330));
        assert!(!c.encrypt);
        assert!(c.trust_server_certificate);
        assert_eq!(c.password, None);
        let c = ok("Server=h;Database=d;User=u;Encrypt=Mandatory");
        assert!(c.encrypt);
    }

    #[test]
    fn ado_net_quoted_values() {
        let c = ok(r#"Server=h;Database=d;User Id=u;Password="a;b""c";Encrypt=True"#);
        assert_eq!(c.password.as_deref(), Some(r#"a;b"c"#));
        let c = ok("Server=h;Database='my db';User Id=u;Password='x''y;z'");
        assert_eq!(c.database, "my db");
        assert_eq!(c.password.as_deref(), Some("x'y;z"));
        let c = ok("Server=h;Database=d;User Id=u;Password={p;w}}d}");
        assert_eq!(c.password.as_deref(), Some("p;w}d"));
    }

    #[test]
    fn spec_url_form() {
        let c = ok("sqlserver://localhost:14330;database=routing_data_layer;user=sa;password=YourStrong@Password123;encrypt=true;trustServerCertificate=true");
        assert_eq!((c.host.as_str(), c.port), ("localhost", 14330));
        assert_eq!(c.database, "routing_data_layer");
        assert_eq!(c.user, "sa");
        assert_eq!(c.password.as_deref(), Some("YourStrong@Password123"));
        assert!(c.encrypt && c.trust_server_certificate);
        let c = ok("jdbc:sqlserver://h;databaseName=d;userName=u;password={a;b}");
        assert_eq!((c.port, c.password.as_deref()), (1433, Some("a;b")));
    }

    #[test]
    fn userinfo_url_form() {
        let c = ok("sqlserver://sa:p%40ss%3Aw@db.example.com:1444/routing?encrypt=false&trustServerCertificate=true");
        assert_eq!((c.host.as_str(), c.port), ("db.example.com", 1444));
        assert_eq!(
            (c.user.as_str(), c.password.as_deref()),
            ("sa", Some("p@ss:w"))
        );
        assert_eq!(c.database, "routing");
        assert!(!c.encrypt && c.trust_server_certificate);
        let c = ok("mssql://u@[::1]:1500/d");
        assert_eq!((c.host.as_str(), c.port), ("::1", 1500));
    }

    #[test]
    fn missing_parts_are_all_named() {
        let e = err("Encrypt=maybe");
        assert_eq!(e.code, ErrorCode::Validation);
        let fields: Vec<String> = e.detail_json()["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["field"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(fields, ["host", "database", "user", "encrypt"]);
        assert!(e.message.contains("Database=<name>"), "{}", e.message);
    }

    #[test]
    fn bad_inputs_are_validation_errors() {
        for s in [
            "",
            "   ",
            "Server=h;Database=d;User Id=u;Port=abc",
            "Server=h,99999;Database=d;User Id=u",
            "Server=h\\SQLEXPRESS;Database=d;User Id=u",
            "Server=h;Database=d;Integrated Security=SSPI",
            "Server=h;Database=d;User Id=u;Password=\"open",
            "Server=h;Database=d;User Id=u;Frobnicate=1",
            "postgres://u:p@h/d",
            "sqlserver://h:notaport;database=d;user=u",
            "sqlserver://u:%zz@h/d",
            "just some words",
            "Server=bad host!;Database=d;User Id=u",
        ] {
            let e = err(s);
            assert_eq!(e.code, ErrorCode::Validation, "{s:?}: {e}");
            assert!(!e.message.is_empty());
        }
    }

    #[test]
    fn password_never_appears_in_errors() {
        const SECRET: &str = "Hunter2Secret";
        let cases = [
            // unquoted `;` in the password: the rest looks like a part without `=` ...
            format!("Server=h;Database=d;User Id=u;Password=ab;{SECRET};Encrypt=True"),
            // ... or like an unknown key
            format!("Server=h;Database=d;User Id=u;Password=ab;{SECRET}=x"),
            format!("Server=h;Database=d;User Id=u;Password=\"{SECRET}"),
            format!("Server=h;Database=d;User Id=u;Password=\"{SECRET}\"x"),
            format!("Server=h;Password={SECRET};Encrypt=perhaps"),
            format!("sqlserver://u:{SECRET}@h:bad/d"),
            format!("sqlserver://u:{SECRET}@/d"),
            format!("sqlserver://h;user=u;password={SECRET};encrypt=maybe"),
            format!("sqlserver://h;user=u;password={{{SECRET};database=d"),
        ];
        for s in &cases {
            let e = err(s);
            let shown = serde_json::to_string(&e).unwrap();
            assert!(!shown.contains(SECRET), "{s:?} leaked: {shown}");
            assert!(!shown.contains("Hunter"), "{s:?} leaked: {shown}");
            assert!(!format!("{e}").contains(SECRET));
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        let seeds = [
            "Server=tcpé:hé,1433;Database=d;User Id=u;Password=\"p;w\"",
            "sqlserver://ü:ö@[::1]:14330/dé?encrypt=true&x=%;database={a}}b};user=é",
            "jdbc:sqlserver://h;password={;}}{",
            "=;=;==;'\"{}%\\,:@/?&",
        ];
        for seed in seeds {
            let chars: Vec<char> = seed.chars().collect();
            for i in 0..=chars.len() {
                for j in i..=chars.len() {
                    let s: String = chars[i..j].iter().collect();
                    let _ = parse(&s);
                }
            }
        }
    }

    #[test]
    fn debug_hides_password() {
        let c = ok("Server=h;Database=d;User Id=u;Password=TopSecret1");
        let d = format!("{c:?}");
        assert!(!d.contains("TopSecret1"), "{d}");
        assert!(d.contains("<hidden>"));
        assert_eq!(c.describe(), "h:1433/d");
    }
}
