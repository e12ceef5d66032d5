//! Migration sets: the ordered files of one engine, from a folder or embedded in the binary.

use super::lint::{lint, LintFinding};
use super::split::{split_batches, tokenize, Tok};
use include_dir::{include_dir, Dir};
use ivr_domain::connection::Engine;
use ivr_domain::migration::Batch;
use ivr_domain::{Error, ErrorDetail, Result};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::Path;

static EMBEDDED_SQLITE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../migrations/sqlite");
static EMBEDDED_MSSQL: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../migrations/mssql");

/// The directive, in a file's leading comment lines, for statements that cannot run inside a
/// transaction (SQL Server: `ALTER DATABASE`, full-text catalogs; SQLite: `VACUUM`,
/// `PRAGMA foreign_keys`). Such a file runs batch by batch in autocommit; if it fails halfway, the
/// batches before the failing one stay applied (the failure is recorded and blocks deploys as usual).
pub const NO_TRANSACTION_DIRECTIVE: &str = "-- ivr:no-transaction";

/// One migration file, normalised (BOM removed, CRLF → LF).
#[derive(Debug, Clone, Serialize)]
pub struct Migration {
    pub version: u64,
    /// The part after `__`, without `.sql`.
    pub name: String,
    pub file_name: String,
    /// SHA-256 (lowercase hex) of `sql`.
    pub checksum: String,
    pub no_transaction: bool,
    pub sql: String,
    pub batches: Vec<Batch>,
    /// Destructive statements found by the lint.
    pub findings: Vec<LintFinding>,
}

/// Normalises text the way the checksum sees it: UTF-8 BOM stripped, CRLF → LF.
pub fn normalize(text: &str) -> String {
    text.strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n")
}

/// SHA-256 hex of the normalised text.
pub fn checksum(text: &str) -> String {
    hex::encode(Sha256::digest(normalize(text).as_bytes()))
}

/// Parses `V<14 digits>__<name>.sql`.
pub fn parse_file_name(file_name: &str) -> Option<(u64, String)> {
    let stem = file_name.strip_suffix(".sql")?;
    let rest = stem.strip_prefix('V')?;
    let (digits, name) = rest.split_once("__")?;
    if digits.len() != 14 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if name.is_empty()
        || name.len() > 150
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return None;
    }
    Some((digits.parse().ok()?, name.to_string()))
}

impl Migration {
    /// Builds a migration from a file's name and bytes; errors name the file.
    pub fn from_file(engine: Engine, file_name: &str, bytes: &[u8]) -> Result<Migration> {
        let (version, name) = parse_file_name(file_name).ok_or_else(|| {
            Error::validation(format!(
                "migration file name {file_name} is not valid: expected V<yyyymmddhhmmss>__<name>.sql (14 digits, then two underscores, a name of letters, digits, _ or -)"
            ))
            .with_detail(in_file(file_name, None))
        })?;
        let text = std::str::from_utf8(bytes).map_err(|_| {
            Error::validation(format!("migration file {file_name} is not UTF-8 text"))
                .with_detail(in_file(file_name, None))
        })?;
        let sql = normalize(text);
        let no_transaction = read_directives(&sql, file_name)?;
        let batches = split_batches(&sql, engine).map_err(|e| {
            Error::validation(format!("{file_name}, line {}: {}", e.line, e.message))
                .with_detail(in_file(file_name, Some(e.line)))
        })?;
        if !no_transaction {
            refuse_transaction_control(&sql, engine, file_name)?;
        }
        Ok(Migration {
            version,
            name,
            file_name: file_name.to_string(),
            checksum: hex::encode(Sha256::digest(sql.as_bytes())),
            no_transaction,
            findings: lint(&sql, engine),
            batches,
            sql,
        })
    }
}

/// Reads `-- ivr:…` directives from the leading comment lines; an unknown one is an error (a typo
/// must not silently run a file outside a transaction, or inside one).
fn read_directives(sql: &str, file_name: &str) -> Result<bool> {
    let mut no_transaction = false;
    for (n, line) in sql.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if !t.starts_with("--") {
            break;
        }
        let body = t.trim_start_matches('-').trim_start();
        if let Some(directive) = body.strip_prefix("ivr:") {
            if directive.trim() == "no-transaction" {
                no_transaction = true;
            } else {
                return Err(Error::validation(format!(
                    "{file_name}, line {}: unknown directive `{t}`; the only directive is `{NO_TRANSACTION_DIRECTIVE}`",
                    n + 1
                ))
                .with_detail(in_file(file_name, Some(n + 1))));
            }
        }
    }
    Ok(no_transaction)
}

/// The engine runs each file in its own transaction; a file that commits or starts one itself
/// would break that, so it is refused before anything runs.
fn refuse_transaction_control(sql: &str, engine: Engine, file_name: &str) -> Result<()> {
    let toks = tokenize(sql, engine, 1);
    for (i, t) in toks.iter().enumerate() {
        let next_is = |w: &[&str]| {
            toks.get(i + 1)
                .is_some_and(|n| w.iter().any(|w| n.is_word(w)))
        };
        let bad = match &t.tok {
            Tok::Word(w) if w == "COMMIT" => true,
            Tok::Word(w) if w == "BEGIN" => {
                next_is(&[
                    "TRAN",
                    "TRANSACTION",
                    "DISTRIBUTED",
                    "DEFERRED",
                    "IMMEDIATE",
                    "EXCLUSIVE",
                ]) || (engine == Engine::Sqlite && toks.get(i + 1).is_none_or(|n| n.is_punct(';')))
            }
            Tok::Word(w) if w == "END" => next_is(&["TRANSACTION"]),
            // SQL Server checks @@TRANCOUNT before recording (a ROLLBACK in a CATCH block is an
            // idiom there); SQLite cannot, so a ROLLBACK (other than `RAISE(ROLLBACK, …)` in a
            // trigger or `ROLLBACK TO` a savepoint) is refused.
            Tok::Word(w) if w == "ROLLBACK" && engine == Engine::Sqlite => {
                let in_raise = i > 0 && toks[i - 1].is_punct('(');
                !in_raise && !next_is(&["TO"])
            }
            _ => false,
        };
        if bad {
            return Err(Error::validation(format!(
                "{file_name}, line {}: the file controls its own transaction; the engine runs each file in one transaction — remove BEGIN TRANSACTION/COMMIT, or put `{NO_TRANSACTION_DIRECTIVE}` in its leading comment lines if it must run outside one",
                t.line
            ))
            .with_detail(in_file(file_name, Some(t.line))));
        }
    }
    Ok(())
}

/// The detail of a problem in a migration file: the file, and the line when known.
fn in_file(file_name: &str, line: Option<usize>) -> ErrorDetail {
    ErrorDetail {
        file: Some(file_name.to_owned()),
        line,
        ..Default::default()
    }
}

/// The ordered migrations of one engine.
#[derive(Debug, Clone)]
pub struct MigrationSet {
    pub engine: Engine,
    migrations: Vec<Migration>,
}

impl MigrationSet {
    /// The set built into this binary (`migrations/sqlite` or `migrations/mssql`).
    pub fn embedded(engine: Engine) -> Result<MigrationSet> {
        let dir = match engine {
            Engine::Sqlite => &EMBEDDED_SQLITE,
            Engine::Mssql => &EMBEDDED_MSSQL,
        };
        let files = dir
            .files()
            .filter_map(|f| {
                let name = f.path().file_name()?.to_str()?.to_string();
                Some((name, f.contents().to_vec()))
            })
            .collect();
        MigrationSet::from_files(engine, files)
    }

    /// The `.sql` files of a folder (other files, such as a README, are ignored).
    pub fn from_dir(engine: Engine, dir: &Path) -> Result<MigrationSet> {
        let entries = std::fs::read_dir(dir).map_err(|e| {
            Error::config(format!(
                "cannot read the migrations folder {}: {e}",
                dir.display()
            ))
        })?;
        let mut files = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| {
                Error::config(format!(
                    "cannot read the migrations folder {}: {e}",
                    dir.display()
                ))
            })?;
            let path = entry.path();
            if !path.is_file() {
                continue;
            }
            let Some(name) = path
                .file_name()
                .and_then(|n| n.to_str())
                .map(str::to_string)
            else {
                continue;
            };
            let bytes = std::fs::read(&path).map_err(|e| {
                Error::config(format!(
                    "cannot read migration file {}: {e}",
                    path.display()
                ))
            })?;
            files.push((name, bytes));
        }
        MigrationSet::from_files(engine, files)
    }

    /// Builds a set from (file name, contents) pairs. Every file whose extension is `.sql` (any
    /// case) must be named `V<14 digits>__<name>.sql`; two files with one version are refused.
    pub fn from_files(engine: Engine, files: Vec<(String, Vec<u8>)>) -> Result<MigrationSet> {
        let mut migrations = Vec::new();
        for (name, bytes) in files {
            let is_sql = Path::new(&name)
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("sql"));
            if !is_sql {
                continue;
            }
            migrations.push(Migration::from_file(engine, &name, &bytes)?);
        }
        migrations.sort_by(|a, b| {
            a.version
                .cmp(&b.version)
                .then(a.file_name.cmp(&b.file_name))
        });
        for pair in migrations.windows(2) {
            if pair[0].version == pair[1].version {
                return Err(Error::validation(format!(
                    "two migration files have version {}: {} and {}; give one of them a new version",
                    pair[0].version, pair[0].file_name, pair[1].file_name
                ))
                .with_detail(ErrorDetail {
                    files: Some(vec![pair[0].file_name.clone(), pair[1].file_name.clone()]),
                    ..Default::default()
                }));
            }
        }
        Ok(MigrationSet { engine, migrations })
    }

    pub fn migrations(&self) -> &[Migration] {
        &self.migrations
    }

    pub fn get(&self, version: u64) -> Option<&Migration> {
        self.migrations.iter().find(|m| m.version == version)
    }

    pub fn latest(&self) -> Option<u64> {
        self.migrations.last().map(|m| m.version)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        assert_eq!(
            parse_file_name("V20260120000000__baseline_schema.sql"),
            Some((20260120000000, "baseline_schema".into()))
        );
        for bad in [
            "V2026012000000__short.sql",
            "V202601200000000__long.sql",
            "v20260120000000__lower.sql",
            "V20260120000000_one_underscore.sql",
            "V20260120000000__.sql",
            "V20260120000000__has space.sql",
            "V20260120000000__x.SQL",
            "baseline.sql",
        ] {
            assert_eq!(parse_file_name(bad), None, "{bad}");
        }
    }

    #[test]
    fn checksum_ignores_bom_and_crlf() {
        let a = checksum("SELECT 1;\nSELECT 2;\n");
        assert_eq!(a, checksum("\u{feff}SELECT 1;\r\nSELECT 2;\r\n"));
        assert_ne!(a, checksum("SELECT 1;\nSELECT 3;\n"));
        assert_eq!(a.len(), 64);
        // Known vector: SHA-256("") .
        assert_eq!(
            checksum("\u{feff}"),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn set_orders_versions_and_names_bad_files() {
        let set = MigrationSet::from_files(
            Engine::Sqlite,
            vec![
                ("V20260102000000__b.sql".into(), b"SELECT 2;".to_vec()),
                ("README.md".into(), b"not sql".to_vec()),
                ("V20260101000000__a.sql".into(), b"SELECT 1;".to_vec()),
            ],
        )
        .unwrap();
        let v: Vec<u64> = set.migrations().iter().map(|m| m.version).collect();
        assert_eq!(v, vec![20260101000000, 20260102000000]);

        let e = MigrationSet::from_files(
            Engine::Sqlite,
            vec![("V1__oops.sql".into(), b"SELECT 1;".to_vec())],
        )
        .unwrap_err();
        assert_eq!(e.code, ivr_domain::ErrorCode::Validation);
        assert!(e.message.contains("V1__oops.sql"), "{}", e.message);

        let e = MigrationSet::from_files(
            Engine::Sqlite,
            vec![
                ("V20260101000000__a.sql".into(), b"SELECT 1;".to_vec()),
                ("V20260101000000__b.sql".into(), b"SELECT 1;".to_vec()),
            ],
        )
        .unwrap_err();
        assert!(
            e.message.contains("V20260101000000__b.sql"),
            "{}",
            e.message
        );
    }

    #[test]
    fn directives_and_transaction_control() {
        let m = Migration::from_file(
            Engine::Sqlite,
            "V20260101000000__v.sql",
            b"-- ivr:no-transaction\n-- Purpose: vacuum\nVACUUM;\n",
        )
        .unwrap();
        assert!(m.no_transaction);
        let e = Migration::from_file(
            Engine::Sqlite,
            "V20260101000000__v.sql",
            b"-- ivr:no-transactions\nVACUUM;\n",
        )
        .unwrap_err();
        assert!(e.message.contains("unknown directive"), "{}", e.message);
        let e = Migration::from_file(
            Engine::Mssql,
            "V20260101000000__t.sql",
            b"CREATE TABLE t (x INT);\nGO\nBEGIN TRANSACTION;\nINSERT INTO t VALUES (1);\nCOMMIT;\n",
        )
        .unwrap_err();
        assert!(e.message.contains("line 3"), "{}", e.message);
        // BEGIN … END blocks and TRY/CATCH are not transaction control.
        Migration::from_file(
            Engine::Mssql,
            "V20260101000000__t.sql",
            b"IF 1 = 1 BEGIN SELECT 1 END\nBEGIN TRY SELECT 1 END TRY BEGIN CATCH THROW; END CATCH",
        )
        .unwrap();
        Migration::from_file(
            Engine::Sqlite,
            "V20260101000000__t.sql",
            b"CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;",
        )
        .unwrap();
        let e = Migration::from_file(Engine::Sqlite, "V20260101000000__t.sql", b"BEGIN;\nCOMMIT;")
            .unwrap_err();
        assert!(e.message.contains("line 1"), "{}", e.message);
        let e = Migration::from_file(
            Engine::Sqlite,
            "V20260101000000__t.sql",
            b"SELECT 1;\nROLLBACK;",
        )
        .unwrap_err();
        assert!(e.message.contains("line 2"), "{}", e.message);
        Migration::from_file(
            Engine::Sqlite,
            "V20260101000000__t.sql",
            b"CREATE TRIGGER tr BEFORE DELETE ON t BEGIN SELECT RAISE(ROLLBACK, 'no'); END;",
        )
        .unwrap();
    }

    #[test]
    fn embedded_sets_load() {
        for engine in [Engine::Sqlite, Engine::Mssql] {
            let set = MigrationSet::embedded(engine).unwrap();
            for m in set.migrations() {
                assert!(!m.batches.is_empty(), "{} has no batches", m.file_name);
            }
        }
    }
}
