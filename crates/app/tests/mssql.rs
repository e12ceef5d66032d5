//! Against a real SQL Server, when IVR_TEST_MSSQL_URL is set (reported as ignored otherwise).

use ivr_app::{Home, SessionStore, Studio, Target};
use ivr_domain::ErrorCode;
use ivr_testkit::{mssql_from_env, mssql_spec_from_env};
use std::sync::Arc;
use std::time::Duration;

#[tokio::test]
#[ignore = "needs SQL Server: set IVR_TEST_MSSQL_URL and run scripts/test"]
async fn mssql_connects_and_reports_the_server_version() {
    let db = mssql_from_env()
        .await
        .expect("this SQL Server test needs IVR_TEST_MSSQL_URL");
    let rows = db
        .query(&ivr_store::info::SERVER_VERSION, &[])
        .await
        .unwrap();
    assert!(rows[0].str("Version").unwrap().contains("SQL Server"));
    assert_eq!(db.statement_count(), 1);

    let dir = tempfile::tempdir().unwrap();
    let studio = Studio::new(Home::at(dir.path()), Arc::new(SessionStore::new()));
    let url = std::env::var(ivr_testkit::TEST_MSSQL_ENV).unwrap();
    let t = studio
        .test_environment(&Target::url(url), Duration::from_secs(15))
        .await
        .unwrap();
    assert!(
        t.server_version.contains("SQL Server"),
        "{}",
        t.server_version
    );
}

#[tokio::test]
#[ignore = "needs SQL Server: set IVR_TEST_MSSQL_URL and run scripts/test"]
async fn mssql_wrong_password_is_connection_without_the_password() {
    let spec = mssql_spec_from_env().expect("this SQL Server test needs IVR_TEST_MSSQL_URL");
    let wrong = "Wr0ng-Passw0rd-For-Test";
    let url = format!(
        "sqlserver://{}:{};database={};user={};password={{{wrong}}};encrypt={};trustServerCertificate={}",
        spec.host, spec.port, spec.database, spec.user, spec.encrypt, spec.trust_server_certificate
    );
    let dir = tempfile::tempdir().unwrap();
    let studio = Studio::new(Home::at(dir.path()), Arc::new(SessionStore::new()));
    let err = studio
        .test_environment(&Target::url(url), Duration::from_secs(15))
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Connection, "{err}");
    let shown = serde_json::to_string(&err).unwrap();
    assert!(!shown.contains(wrong), "{shown}");
    assert!(shown.contains(&spec.host), "{shown}");
}
