//! Opening SQL Server against a server that never answers and a port that refuses: an interactive
//! open makes one attempt bounded by the connect timeout; waiting for a cold start makes exactly
//! the configured attempts. Asserted by counting the TCP connections the listener received and
//! the attempts the error reports, not by the clock.

use ivr_domain::ErrorCode;
use ivr_store::mssql::{MssqlTarget, RetryPolicy};
use ivr_store::Db;
use std::net::TcpListener;
use std::time::Duration;

fn target(port: u16) -> MssqlTarget {
    MssqlTarget {
        host: "127.0.0.1".into(),
        port,
        database: "routing".into(),
        user: "app".into(),
        password: "NotSentAnywhere1".into(),
        encrypt: false,
        trust_server_certificate: false,
        application_name: "connect-budget test".into(),
    }
}

/// A server that accepts TCP and never says a word.
fn silent_server() -> TcpListener {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.set_nonblocking(true).unwrap();
    l
}

/// Connections the silent server received (the kernel completes them before `accept`, so every
/// attempt that reached it is queued, even if the client has closed it since).
fn connections(l: &TcpListener) -> usize {
    let mut n = 0;
    while l.accept().is_ok() {
        n += 1;
    }
    n
}

fn refused_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

fn attempts(e: &ivr_domain::Error) -> u64 {
    e.detail_json()["attempts"].as_u64().unwrap()
}

#[tokio::test]
async fn an_interactive_open_of_a_silent_server_fails_once_within_its_timeout() {
    let server = silent_server();
    let port = server.local_addr().unwrap().port();
    let policy = RetryPolicy::default().with_timeout(Duration::from_millis(300));
    assert!(policy.attempts > 1, "retries exist, but not for silence");
    let e = match Db::connect_mssql(&target(port), &policy).await {
        Ok(_) => panic!("a silent server cannot be connected"),
        Err(e) => e,
    };
    assert_eq!(e.code, ErrorCode::Connection);
    assert!(
        e.message.contains("did not answer within 300 ms"),
        "{}",
        e.message
    );
    assert!(e.message.contains("connect timeout"), "{}", e.message);
    assert!(!e.message.contains("NotSentAnywhere1"));
    assert_eq!(attempts(&e), 1);
    assert_eq!(e.detail_json()["timeoutMs"], 300);
    assert_eq!(connections(&server), 1);
}

#[tokio::test]
async fn an_interactive_open_of_a_refused_port_fails_at_once() {
    let e = match Db::connect_mssql(&target(refused_port()), &RetryPolicy::default()).await {
        Ok(_) => panic!("nothing listens there"),
        Err(e) => e,
    };
    assert_eq!(e.code, ErrorCode::Connection);
    assert!(
        e.message.contains("cannot reach SQL Server"),
        "{}",
        e.message
    );
    assert_eq!(attempts(&e), 1);
    assert!(!e.message.contains("gave up after"), "{}", e.message);
}

#[tokio::test]
async fn waiting_for_a_cold_start_tries_exactly_the_configured_attempts() {
    let server = silent_server();
    let port = server.local_addr().unwrap().port();
    let policy =
        RetryPolicy::waiting_for_server(3, Duration::from_millis(10), Duration::from_millis(150));
    let e = match Db::connect_mssql(&target(port), &policy).await {
        Ok(_) => panic!("a silent server cannot be connected"),
        Err(e) => e,
    };
    assert_eq!(e.code, ErrorCode::Connection);
    assert!(
        e.message.contains("gave up after 3 attempts"),
        "{}",
        e.message
    );
    assert_eq!(attempts(&e), 3);
    assert_eq!(connections(&server), 3);

    let e = match Db::connect_mssql(&target(refused_port()), &policy).await {
        Ok(_) => panic!("nothing listens there"),
        Err(e) => e,
    };
    assert_eq!(attempts(&e), 3);
}
