//! Every SQL Server text of the segment store parses as SQL Server 2022 T-SQL (Microsoft's
//! ScriptDom parser through `maxdop`), and every table it names is in the schema model.
//! Skipped with a notice when `maxdop` is not installed, except on CI, where that fails.

use std::io::Write;
use std::process::{Command, Stdio};

#[test]
fn segment_store_mssql_texts_parse_as_tsql_2022() {
    if !ivr_testkit::maxdop_available() {
        return;
    }
    for q in ivr_store::segment::ALL {
        let mut child = Command::new("maxdop")
            .args(["--parser-version", "2022"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run maxdop");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(q.mssql.as_bytes())
            .expect("write");
        let out = child.wait_with_output().expect("maxdop result");
        assert!(
            out.status.success(),
            "{} does not parse: {}",
            q.name,
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn segment_store_texts_name_only_model_tables() {
    let re = regex::Regex::new(r"\b(?:dbo|ivr)\.((?:cfg|seg|rt|msg|sys)_\w+)").unwrap();
    for q in ivr_store::segment::ALL {
        for c in re.captures_iter(q.mssql) {
            let t = &c[1];
            let table = ivr_domain::schema::table(t).unwrap_or_else(|| {
                panic!("{} names {t}, which is not in the schema model", q.name)
            });
            assert!(
                q.mssql.contains(&table.qualified()),
                "{}: {t} schema",
                q.name
            );
        }
    }
}
