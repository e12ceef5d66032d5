//! SQL Server side of the executor (tiberius): TLS, a bb8 pool, transient-error retry, binding,
//! row reading and error mapping.

use crate::value::{Row, Value};
use ivr_domain::{quote, Constraint, ConstraintKind, Error, ErrorCode, ErrorDetail, Result};
use std::sync::Arc;
use std::time::Duration;
use tiberius::{AuthMethod, Client, ColumnData, EncryptionLevel, FromSql, ToSql};
use tokio::net::TcpStream;
use tokio_util::compat::{Compat, TokioAsyncWriteCompatExt};

/// Where and how to connect. The password is held only in memory, taken from the OS keyring or
/// from a URL given for one run, and is never printed (see [`MssqlTarget::describe`]).
#[derive(Clone)]
pub struct MssqlTarget {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
    pub password: String,
    pub encrypt: bool,
    pub trust_server_certificate: bool,
    pub application_name: String,
}

impl MssqlTarget {
    /// A parsed connection string as a target; VALIDATION when it has no password.
    pub fn from_spec(
        spec: &ivr_domain::connection::ConnectionSpec,
        application_name: &str,
    ) -> Result<MssqlTarget> {
        let password = spec.password.clone().ok_or_else(|| {
            Error::validation("the connection string has no password: add Password=… (password=…)")
        })?;
        Ok(MssqlTarget {
            host: spec.host.clone(),
            port: spec.port,
            database: spec.database.clone(),
            user: spec.user.clone(),
            password,
            encrypt: spec.encrypt,
            trust_server_certificate: spec.trust_server_certificate,
            application_name: application_name.to_string(),
        })
    }
}

impl std::fmt::Debug for MssqlTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MssqlTarget")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("database", &self.database)
            .field("user", &self.user)
            .field("password", &"<hidden>")
            .field("encrypt", &self.encrypt)
            .field("trust_server_certificate", &self.trust_server_certificate)
            .finish()
    }
}

impl MssqlTarget {
    pub fn describe(&self) -> String {
        format!("sqlserver://{}:{}/{}", self.host, self.port, self.database)
    }

    fn config(&self) -> tiberius::Config {
        let mut c = tiberius::Config::new();
        c.host(&self.host);
        c.port(self.port);
        c.database(&self.database);
        c.application_name(&self.application_name);
        c.authentication(AuthMethod::sql_server(&self.user, &self.password));
        c.encryption(if self.encrypt {
            EncryptionLevel::Required
        } else {
            EncryptionLevel::Off
        });
        if self.trust_server_certificate {
            c.trust_cert();
        }
        c
    }
}

/// How long and how often opening a SQL Server environment tries.
///
/// The retry budget (README, "Connecting: the retry budget"):
/// - An interactive open ([`RetryPolicy::default`], or with the environment's own timeout):
///   everything — every attempt and every wait between them — fits inside `connect_timeout`.
///   A server that does not answer fails after `connect_timeout` with one attempt made; a refused
///   port fails at once. Only errors the server itself sends to say "not yet" (Azure failover, a
///   database starting: `TRANSIENT`) are tried again, while the budget lasts.
/// - Waiting for a cold start ([`RetryPolicy::waiting_for_server`]; `ivr migrate … --wait`: 60 × 2 s):
///   a refused port and a server that does not answer are waited for too, each attempt bounded by
///   `connect_timeout`, up to `attempts`.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    pub attempts: u32,
    pub initial_delay: Duration,
    pub max_delay: Duration,
    /// Interactive: the whole open. Waiting for a server: each attempt (TCP connect plus login).
    pub connect_timeout: Duration,
    /// Whether an unreachable server (refused, or silent) is retried: only while it may be starting.
    pub wait_for_server: bool,
}

/// The environment's timeout when its profile sets none (ADO.NET's `Connect Timeout` default).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(15);

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 5,
            initial_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(2),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            wait_for_server: false,
        }
    }
}

impl RetryPolicy {
    /// One attempt: for tests and for "test connection" in the UI.
    pub fn once(timeout: Duration) -> Self {
        RetryPolicy {
            attempts: 1,
            initial_delay: Duration::ZERO,
            max_delay: Duration::ZERO,
            connect_timeout: timeout,
            wait_for_server: false,
        }
    }

    /// Waits for a server that is starting: `attempts` tries `delay` apart, each bounded by `each`.
    pub fn waiting_for_server(attempts: u32, delay: Duration, each: Duration) -> Self {
        RetryPolicy {
            attempts,
            initial_delay: delay,
            max_delay: delay,
            connect_timeout: each,
            wait_for_server: true,
        }
    }

    /// The same policy with another timeout (an environment's own `Connect Timeout`).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }
}

pub(crate) type TdsClient = Client<Compat<TcpStream>>;

/// A client plus a "broken" flag, so that a connection left mid-transaction is dropped by the pool.
pub struct ClientSlot {
    client: TdsClient,
    broken: bool,
}

pub struct Manager {
    target: Arc<MssqlTarget>,
    connect_timeout: Duration,
}

pub type MssqlPool = bb8::Pool<Manager>;
pub type PooledClient = bb8::PooledConnection<'static, Manager>;

impl bb8::ManageConnection for Manager {
    type Connection = ClientSlot;
    type Error = Error;

    async fn connect(&self) -> Result<ClientSlot> {
        let client = connect_once(&self.target, self.connect_timeout, self.connect_timeout).await?;
        Ok(ClientSlot {
            client,
            broken: false,
        })
    }

    async fn is_valid(&self, _conn: &mut ClientSlot) -> Result<()> {
        Ok(())
    }

    fn has_broken(&self, conn: &mut ClientSlot) -> bool {
        conn.broken
    }
}

/// One attempt, given up after `timeout`; the error names `budget`, the timeout the user set
/// (an interactive open's later attempts get only what is left of it).
async fn connect_once(
    target: &MssqlTarget,
    timeout: Duration,
    budget: Duration,
) -> Result<TdsClient> {
    let attempt = async {
        let mut config = target.config();
        loop {
            let tcp = TcpStream::connect(config.get_addr())
                .await
                .map_err(|e| io_error(target, &e))?;
            tcp.set_nodelay(true).map_err(|e| io_error(target, &e))?;
            match Client::connect(config.clone(), tcp.compat_write()).await {
                Ok(mut c) => {
                    // Session-wide, so that any error inside a transaction rolls all of it back.
                    c.simple_query("SET XACT_ABORT ON")
                        .await
                        .map_err(map_error)?
                        .into_results()
                        .await
                        .map_err(map_error)?;
                    return Ok(c);
                }
                // Azure SQL gateways may redirect to the node that serves the database.
                Err(tiberius::error::Error::Routing { host, port }) => {
                    config.host(&host);
                    config.port(port);
                }
                Err(e) => return Err(map_error_for(target, e)),
            }
        }
    };
    match tokio::time::timeout(timeout, attempt).await {
        Ok(r) => r,
        Err(_) => Err(Error::connection(format!(
            "SQL Server at {}:{} did not answer within {} (the environment's connect timeout); check the host, the port and the firewall",
            target.host,
            target.port,
            secs(budget)
        ))
        .with_detail(ErrorDetail {
            timeout_ms: Some(u64::try_from(budget.as_millis()).unwrap_or(u64::MAX)),
            ..unreachable(target)
        })),
    }
}

/// `15 s`, `1.5 s`, `250 ms`: a timeout as people write it.
fn secs(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else if d.as_secs() == 0 {
        format!("{} ms", d.as_millis())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

fn io_error(target: &MssqlTarget, e: &std::io::Error) -> Error {
    Error::connection(format!(
        "cannot reach SQL Server at {}:{}: {e}; check the host, the port and that the server is running",
        target.host, target.port
    ))
    .with_detail(unreachable(target))
}

/// The detail of a server that did not answer at all (worth trying again while it starts).
fn unreachable(target: &MssqlTarget) -> ErrorDetail {
    ErrorDetail {
        host: Some(target.host.clone()),
        port: Some(target.port),
        transient: Some(true),
        unreachable: Some(true),
        ..Default::default()
    }
}

fn is_transient(e: &Error) -> bool {
    e.detail.as_ref().and_then(|d| d.transient).unwrap_or(false)
}

/// Whether `retry` tries again after `e`, with `left` of an interactive budget remaining.
fn worth_retrying(e: &Error, retry: &RetryPolicy, attempt: u32, left: Option<Duration>) -> bool {
    if !is_transient(e) || attempt >= retry.attempts {
        return false;
    }
    if e.detail
        .as_ref()
        .and_then(|d| d.unreachable)
        .unwrap_or(false)
        && !retry.wait_for_server
    {
        return false;
    }
    left.is_none_or(|l| !l.is_zero())
}

/// Connects a pool, retrying as `retry` says (see [`RetryPolicy`] for the budget).
pub(crate) async fn connect_pool(target: &MssqlTarget, retry: &RetryPolicy) -> Result<MssqlPool> {
    let target = Arc::new(target.clone());
    let started = tokio::time::Instant::now();
    // Interactive: one budget for everything; waiting for a server: each attempt has its own.
    let budget = (!retry.wait_for_server).then_some(retry.connect_timeout);
    let left = || budget.map(|b| b.saturating_sub(started.elapsed()));
    let mut delay = retry.initial_delay;
    let mut attempt = 0;
    loop {
        attempt += 1;
        let timeout = left().unwrap_or(retry.connect_timeout);
        match connect_once(&target, timeout, retry.connect_timeout).await {
            Ok(first) => {
                let pool = bb8::Pool::builder()
                    .max_size(8)
                    .test_on_check_out(false)
                    .connection_timeout(retry.connect_timeout)
                    .build_unchecked(Manager {
                        target: target.clone(),
                        connect_timeout: retry.connect_timeout,
                    });
                pool.add(ClientSlot {
                    client: first,
                    broken: false,
                })
                .map_err(|_| Error::internal("the connection pool refused its first connection"))?;
                return Ok(pool);
            }
            Err(e) if worth_retrying(&e, retry, attempt, left()) => {
                tracing::info!(attempt, "SQL Server not ready yet, retrying: {}", e.message);
                let wait = left().map_or(delay, |l| delay.min(l));
                tokio::time::sleep(wait).await;
                delay = (delay * 2).min(retry.max_delay);
            }
            Err(mut e) => {
                if attempt > 1 {
                    e.message = format!("{} (gave up after {attempt} attempts)", e.message);
                }
                if let Some(d) = e.detail.as_mut() {
                    d.attempts = Some(attempt);
                }
                return Err(e);
            }
        }
    }
}

pub(crate) async fn checkout(pool: &MssqlPool) -> Result<PooledClient> {
    pool.get_owned().await.map_err(|e| match e {
        bb8::RunError::User(e) => e,
        bb8::RunError::TimedOut => {
            Error::busy("no SQL Server connection became free in time (all are in use); try again")
                .with_detail(ErrorDetail {
                    retryable: Some(true),
                    ..Default::default()
                })
        }
    })
}

pub(crate) fn mark_broken(c: &mut PooledClient) {
    c.broken = true;
}

fn bind_params(params: &[Value]) -> Vec<Box<dyn ToSql + '_>> {
    params
        .iter()
        .map(|p| -> Box<dyn ToSql + '_> {
            match p {
                Value::Null => Box::new(Option::<&str>::None),
                Value::Bool(b) => Box::new(*b),
                Value::Int(i) => Box::new(*i),
                Value::Float(f) => Box::new(*f),
                Value::Text(s) => Box::new(s.as_str()),
                Value::Uuid(u) => Box::new(*u),
                Value::Bytes(b) => Box::new(b.as_slice()),
            }
        })
        .collect()
}

pub(crate) async fn query(
    c: &mut PooledClient,
    sql: &str,
    params: &[Value],
) -> Result<Vec<Vec<Row>>> {
    let boxed = bind_params(params);
    let refs: Vec<&dyn ToSql> = boxed.iter().map(|b| b.as_ref()).collect();
    let result = async {
        let stream = c.client.query(sql, &refs).await?;
        stream.into_results().await
    }
    .await;
    match result {
        Ok(sets) => sets
            .into_iter()
            .map(|set| set.into_iter().map(convert_row).collect())
            .collect(),
        Err(e) => Err(fail_statement(c, e).await),
    }
}

pub(crate) async fn execute(c: &mut PooledClient, sql: &str, params: &[Value]) -> Result<u64> {
    let boxed = bind_params(params);
    let refs: Vec<&dyn ToSql> = boxed.iter().map(|b| b.as_ref()).collect();
    match c.client.execute(sql, &refs).await {
        Ok(r) => Ok(r.rows_affected().iter().sum()),
        Err(e) => Err(fail_statement(c, e).await),
    }
}

pub(crate) async fn simple(c: &mut PooledClient, text: &str) -> Result<()> {
    let result = async { c.client.simple_query(text).await?.into_results().await }.await;
    result.map(|_| ()).map_err(|e| fail(c, e))
}

fn fail(c: &mut PooledClient, e: tiberius::error::Error) -> Error {
    if matches!(
        e,
        tiberius::error::Error::Io { .. }
            | tiberius::error::Error::Tls(_)
            | tiberius::error::Error::Protocol(_)
    ) {
        c.broken = true;
    }
    map_error(e)
}

/// As [`fail`], for an application statement: one that names a table the database does not have
/// (208), on a database whose migrations were never deployed, is NOT_DEPLOYED, as on SQLite. The
/// history is read on the same connection and only on this failure path (no statement counted).
async fn fail_statement(c: &mut PooledClient, e: tiberius::error::Error) -> Error {
    let missing_table =
        matches!(&e, tiberius::error::Error::Server(t) if t.code() == INVALID_OBJECT_NAME);
    let err = fail(c, e);
    if missing_table && !migrations_deployed(c).await {
        let mut deploy = crate::util::not_deployed();
        deploy.cause = err.cause.clone();
        return deploy;
    }
    err
}

/// Whether the migration history exists and has a row; a history that cannot be read counts as
/// deployed (the original error then stands). Straight on the client: this is the failure path of
/// [`query`] and [`execute`].
async fn migrations_deployed(c: &mut PooledClient) -> bool {
    use crate::migrate::history::{HISTORY_EXISTS, HISTORY_READ};
    let present = match first_set(c, HISTORY_EXISTS.mssql).await {
        Some(rows) => rows
            .first()
            .and_then(|r| r.try_get::<i32, _>("present").ok().flatten())
            .is_none_or(|p| p != 0),
        None => true,
    };
    present
        && first_set(c, HISTORY_READ.mssql)
            .await
            .is_none_or(|rows| !rows.is_empty())
}

async fn first_set(c: &mut PooledClient, sql: &str) -> Option<Vec<tiberius::Row>> {
    let stream = c.client.query(sql, &[]).await.ok()?;
    stream.into_first_result().await.ok()
}

fn convert_row(row: tiberius::Row) -> Result<Row> {
    let columns: Arc<[String]> = row.columns().iter().map(|c| c.name().to_string()).collect();
    let mut values = Vec::with_capacity(columns.len());
    for data in row.into_iter() {
        values.push(convert_cell(data)?);
    }
    Ok(Row::new(columns, values))
}

fn convert_cell(data: ColumnData<'static>) -> Result<Value> {
    Ok(match data {
        ColumnData::U8(v) => v.map_or(Value::Null, |v| Value::Int(v.into())),
        ColumnData::I16(v) => v.map_or(Value::Null, |v| Value::Int(v.into())),
        ColumnData::I32(v) => v.map_or(Value::Null, |v| Value::Int(v.into())),
        ColumnData::I64(v) => v.map_or(Value::Null, Value::Int),
        ColumnData::F32(v) => v.map_or(Value::Null, |v| Value::Float(v.into())),
        ColumnData::F64(v) => v.map_or(Value::Null, Value::Float),
        ColumnData::Bit(v) => v.map_or(Value::Null, Value::Bool),
        ColumnData::String(v) => v.map_or(Value::Null, |s| Value::Text(s.into_owned())),
        ColumnData::Guid(v) => v.map_or(Value::Null, Value::Uuid),
        ColumnData::Binary(v) => v.map_or(Value::Null, |b| Value::Bytes(b.into_owned())),
        ColumnData::Numeric(v) => v.map_or(Value::Null, |n| Value::Float(f64::from(n))),
        ColumnData::Xml(v) => v.map_or(Value::Null, |x| Value::Text(x.to_string())),
        d @ (ColumnData::DateTime(_)
        | ColumnData::SmallDateTime(_)
        | ColumnData::DateTime2(_)
        | ColumnData::Date(_)
        | ColumnData::Time(_)) => {
            let t = chrono::NaiveDateTime::from_sql(&d).map_err(map_error)?;
            t.map_or(Value::Null, |t| {
                Value::Text(t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
            })
        }
        d @ ColumnData::DateTimeOffset(_) => {
            let t = chrono::DateTime::<chrono::Utc>::from_sql(&d).map_err(map_error)?;
            t.map_or(Value::Null, |t| {
                Value::Text(t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
            })
        }
    })
}

/// SQL Server error numbers that mean "try again shortly" (Azure failover, database starting).
const TRANSIENT: &[u32] = &[
    4060, 40197, 40501, 40613, 49918, 49919, 49920, 4221, 10928, 10929, 233, 64,
];

/// Chosen as a deadlock victim (the server rolled the transaction back).
const DEADLOCK: u32 = 1205;
/// Lock request time out period exceeded (`SET LOCK_TIMEOUT`).
const LOCK_TIMEOUT: u32 = 1222;
/// Duplicate key: a UNIQUE / PRIMARY KEY constraint, and a unique index.
const UNIQUE_CONSTRAINT: u32 = 2627;
const UNIQUE_INDEX: u32 = 2601;
/// A FOREIGN KEY or CHECK constraint (547 names which kind in its text).
const CONSTRAINT_CONFLICT: u32 = 547;
/// Invalid object name: the statement names a table or view the database does not have.
const INVALID_OBJECT_NAME: u32 = 208;
/// Cannot insert NULL into a NOT NULL column.
const NOT_NULL: u32 = 515;

fn map_error_for(target: &MssqlTarget, e: tiberius::error::Error) -> Error {
    let mut err = map_error(e);
    if matches!(err.code, ErrorCode::Connection | ErrorCode::Busy) {
        err.message = format!(
            "{} (SQL Server at {}:{})",
            err.message, target.host, target.port
        );
        let transient = is_transient(&err);
        let detail = ErrorDetail {
            host: Some(target.host.clone()),
            port: Some(target.port),
            transient: Some(transient),
            sql_error: err.detail.as_ref().and_then(|d| d.sql_error),
            retryable: (err.code == ErrorCode::Busy).then_some(true),
            ..Default::default()
        };
        err.detail = Some(Box::new(detail));
    }
    err
}

/// Maps tiberius errors to stable codes; the message names what to do next. The driver's error
/// is kept as the cause (for logs).
pub(crate) fn map_error(e: tiberius::error::Error) -> Error {
    use tiberius::error::Error as T;
    let mapped = match &e {
        T::Server(token) => map_server_error(token.code(), token.message()),
        T::Io { kind, message } => Error::connection(format!("connection to SQL Server failed: {message}"))
            .with_detail(ErrorDetail {
                transient: Some(!matches!(kind, std::io::ErrorKind::PermissionDenied)),
                ..Default::default()
            }),
        T::Tls(m) => Error::connection(format!(
            "TLS with SQL Server failed: {m}; if the server uses a self-signed certificate, set trust_server_certificate for this (non-prd) environment"
        )),
        other => Error::connection(format!("SQL Server: {other}")),
    };
    mapped.with_cause(e)
}

/// Maps an error number SQL Server sent (with its text) to a stable code, by the number (never by
/// the text). Separate from [`map_error`] because tiberius offers no way to build its error token
/// outside a connection: the unit tests below call this, and no SQL Server runs on the build
/// machine, so the numbers and message shapes are taken from SQL Server's documentation
/// (sys.messages), not verified against a server here.
fn map_server_error(n: u32, msg: &str) -> Error {
    let sql = ErrorDetail {
        sql_error: Some(n),
        ..Default::default()
    };
    let busy = |what: &str| {
        Error::busy(format!(
            "{what}; nothing was changed, try again ({})",
            quote(msg)
        ))
        .with_detail(ErrorDetail {
            sql_error: Some(n),
            retryable: Some(true),
            transient: Some(true),
            ..Default::default()
        })
    };
    match n {
        18456 => Error::connection(format!(
            "login failed for this user: check the user name and the password stored for this environment ({msg})"
        ))
        .with_detail(ErrorDetail {
            sql_error: Some(n),
            transient: Some(false),
            ..Default::default()
        }),
        UNIQUE_CONSTRAINT | UNIQUE_INDEX => {
            // 2627: "Violation of PRIMARY KEY|UNIQUE KEY constraint 'PK_x'. …";
            // 2601: "Cannot insert duplicate key row in object 'ivr.t' with unique index 'UX_x'. …"
            // The number decides the code; the name (and PK vs UNIQUE) come from the message's
            // fixed English shape. A server in another language yields no name: the code stays
            // ALREADY_EXISTS, only `violates(name)` cannot tell which index.
            let kind = if n == UNIQUE_CONSTRAINT && msg.contains("PRIMARY KEY") {
                ConstraintKind::PrimaryKey
            } else {
                ConstraintKind::Unique
            };
            let name = if n == UNIQUE_INDEX {
                quoted_after(msg, "unique index ")
            } else {
                quoted_after(msg, "constraint ")
            };
            crate::util::constraint_error(Constraint { kind, name, engine_code: i64::from(n) },
                msg,
            )
        }
        CONSTRAINT_CONFLICT => {
            // "The INSERT statement conflicted with the FOREIGN KEY|CHECK constraint "FK_x". …"
            let kind = if msg.contains("CHECK constraint") {
                ConstraintKind::Check
            } else {
                ConstraintKind::ForeignKey
            };
            let name = quoted_after(msg, "constraint ");
            crate::util::constraint_error(Constraint { kind, name, engine_code: i64::from(n) },
                msg,
            )
        }
        NOT_NULL => crate::util::constraint_error(Constraint { kind: ConstraintKind::NotNull, name: None, engine_code: i64::from(n) },
            msg,
        ),
        8152 | 2628 => Error::validation(format!("the database refused the change ({})", quote(msg)))
            .with_detail(sql),
        DEADLOCK => busy("SQL Server chose this request as a deadlock victim"),
        LOCK_TIMEOUT => busy("SQL Server could not get a lock in time (another writer holds it)"),
        _ if TRANSIENT.contains(&n) => busy("SQL Server is not available yet"),
        _ => Error::internal(format!("SQL Server error {n}: {}", quote(msg))).with_detail(sql),
    }
}

/// The name in quotes (`'x'` or `"x"`) right after `after` in a server message.
fn quoted_after(msg: &str, after: &str) -> Option<String> {
    let rest = &msg[msg.find(after)? + after.len()..];
    let q = rest.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let body = &rest[1..];
    Some(body[..body.find(q)?].to_string())
}

#[cfg(test)]
mod server_error_tests {
    use super::*;

    #[test]
    fn a_wrong_password_is_a_connection_error_that_says_what_to_check() {
        // The text SQL Server sends for error 18456 names the login, never the password.
        let e = map_server_error(18456, "Login failed for user 'ivr_app'.");
        assert_eq!(e.code, ErrorCode::Connection);
        assert!(
            e.message.contains("check the user name and the password"),
            "{}",
            e.message
        );
        assert!(e.message.contains("ivr_app"), "{}", e.message);
        let detail = e.detail_json();
        assert_eq!(detail["sqlError"], 18456);
        assert_eq!(detail["transient"], false);
    }

    // The message texts below are SQL Server's (sys.messages, English) as documented; this
    // machine has no SQL Server, so they are not verified against a live server here.

    #[test]
    fn server_errors_keep_their_stable_codes() {
        assert_eq!(map_server_error(2627, "dup").code, ErrorCode::AlreadyExists);
        assert_eq!(map_server_error(547, "fk").code, ErrorCode::Validation);
        assert_eq!(map_server_error(515, "null").code, ErrorCode::Validation);
        assert_eq!(map_server_error(50000, "other").code, ErrorCode::Internal);
    }

    #[test]
    fn deadlocks_lock_timeouts_and_transient_errors_are_busy_and_retryable() {
        for n in [1205, 1222, 40501, 40613, 49918, 10928] {
            let e = map_server_error(n, "Transaction (Process ID 57) was deadlocked");
            assert_eq!(e.code, ErrorCode::Busy, "{n}");
            assert!(e.code.is_retryable());
            assert!(e.message.contains("try again"), "{}", e.message);
            let d = e.detail_json();
            assert_eq!(
                (d["sqlError"].as_u64(), d["retryable"].as_bool()),
                (Some(u64::from(n)), Some(true))
            );
            // Still tried again while a connection is being opened.
            assert_eq!(d["transient"], true);
        }
    }

    #[test]
    fn constraints_are_named_from_the_error_number_and_its_fixed_message_shape() {
        let e = map_server_error(
            2601,
            "Cannot insert duplicate key row in object 'ivr.rt_RoutingTable' with unique index 'IX_RoutingTable_SourceId'. The duplicate key value is (+3225550100).",
        );
        assert_eq!(e.code, ErrorCode::AlreadyExists);
        assert!(e.violates("IX_RoutingTable_SourceId"));
        assert_eq!(
            e.constraint().unwrap(),
            Constraint {
                kind: ConstraintKind::Unique,
                name: Some("IX_RoutingTable_SourceId".into()),
                engine_code: 2601
            }
        );
        let e = map_server_error(
            2627,
            "Violation of PRIMARY KEY constraint 'PK_cfg_Dic_Language'. Cannot insert duplicate key in object 'dbo.cfg_Dic_Language'. The duplicate key value is (de-CH).",
        );
        let c = e.constraint().unwrap();
        assert_eq!(
            (c.kind, c.name.as_deref()),
            (ConstraintKind::PrimaryKey, Some("PK_cfg_Dic_Language"))
        );
        let e = map_server_error(
            547,
            "The INSERT statement conflicted with the FOREIGN KEY constraint \"FK_rt_RoutingTable_CompanyProject\". The conflict occurred in database \"ivr\", table \"dbo.cfg_Dic_CompanyProject\", column 'CompanyProjectId'.",
        );
        assert_eq!(e.code, ErrorCode::Validation);
        let c = e.constraint().unwrap();
        assert_eq!(
            (c.kind, c.name.as_deref()),
            (
                ConstraintKind::ForeignKey,
                Some("FK_rt_RoutingTable_CompanyProject")
            )
        );
        let e = map_server_error(
            547,
            "The UPDATE statement conflicted with the CHECK constraint \"CK_x\". The conflict occurred in database \"ivr\", table \"ivr.t\", column 'c'.",
        );
        assert_eq!(e.constraint().unwrap().kind, ConstraintKind::Check);
        assert!(e.violates("CK_x"));
    }

    #[test]
    fn a_transient_server_error_is_busy_and_still_retried_while_opening() {
        let e = map_server_error(
            40613,
            "Database 'ivr' on server 'x' is not currently available. Please retry the connection later.",
        );
        assert_eq!(e.code, ErrorCode::Busy);
        let retry = RetryPolicy::default();
        let left = Some(Duration::from_secs(5));
        assert!(worth_retrying(&e, &retry, 1, left));
        assert!(
            !worth_retrying(&e, &retry, retry.attempts, left),
            "the attempts are used up"
        );
        assert!(
            !worth_retrying(&e, &retry, 1, Some(Duration::ZERO)),
            "the budget is spent"
        );
        let login = map_server_error(18456, "Login failed for user 'u'.");
        assert!(!worth_retrying(&login, &retry, 1, left));
    }

    #[test]
    fn a_long_server_message_is_quoted_capped() {
        let e = map_server_error(50000, &"x".repeat(1_000_000));
        assert!(e.message.len() < 400, "{}", e.message.len());
        assert!(e.message.contains("more characters not shown"));
    }
}
