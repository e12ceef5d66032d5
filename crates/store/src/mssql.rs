//! SQL Server side of the executor (tiberius): TLS, a bb8 pool, transient-error retry, binding,
//! row reading and error mapping.
//!
//! This file holds the target, the retry policy and the pool; `statements` runs a statement on a
//! pooled client (binding, rows, failures) and `errors` maps SQL Server's error numbers to stable
//! codes.

mod errors;
mod statements;

pub(crate) use errors::map_error;
use errors::map_error_for;
pub(crate) use statements::{execute, query, simple};

use ivr_domain::{Error, ErrorDetail, Result};
use std::sync::Arc;
use std::time::Duration;
use tiberius::{AuthMethod, Client, EncryptionLevel};
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
