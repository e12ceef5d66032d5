//! The destructive-statement lint (schema-management.md, item 2).
//!
//! It reads tokens (comments and string literals never match) and flags:
//! `DROP TABLE` (temporary `#tables` excepted), `ALTER TABLE … DROP COLUMN` (any `DROP` in an
//! SQLite `ALTER TABLE`, where `COLUMN` is optional), `sp_rename` and `ALTER TABLE … RENAME`,
//! `ALTER TABLE … ALTER COLUMN` (a file alone cannot tell widening from narrowing, so every type
//! or nullability change is flagged for a person to judge), `TRUNCATE TABLE`, a `DELETE` statement
//! without a `WHERE`, and `ALTER TABLE … ADD` of a `NOT NULL` column without a `DEFAULT`
//! (identity, computed and rowversion columns fill themselves and are not flagged).
//!
//! Known limits: SQL built in strings and run with `EXEC(…)`/`sp_executesql` is not read.

use super::split::{tokenize, Tok, Token};
use ivr_domain::connection::Engine;
pub use ivr_domain::migration::{LintFinding, LintRule};

/// Words that start a new statement; a statement without `;` ends where one of them begins.
const STATEMENT_START: &[&str] = &[
    "INSERT",
    "UPDATE",
    "DELETE",
    "SELECT",
    "CREATE",
    "ALTER",
    "DROP",
    "IF",
    "ELSE",
    "BEGIN",
    "END",
    "EXEC",
    "EXECUTE",
    "DECLARE",
    "SET",
    "PRINT",
    "MERGE",
    "TRUNCATE",
    "RETURN",
    "COMMIT",
    "ROLLBACK",
    "THROW",
    "RAISERROR",
    "WHILE",
    "GO",
    "GRANT",
    "DENY",
    "REVOKE",
];

/// Whether a definition of `ALTER TABLE … ADD` starting with `t` is a table constraint, an index
/// or a default rather than a column (both the lint and the created-objects reader skip those).
pub(super) fn opens_table_constraint(t: &Token) -> bool {
    [
        "CONSTRAINT",
        "PRIMARY",
        "FOREIGN",
        "UNIQUE",
        "CHECK",
        "INDEX",
        "DEFAULT",
    ]
    .iter()
    .any(|w| t.is_word(w))
}

fn word(t: &Token) -> Option<&str> {
    match &t.tok {
        Tok::Word(w) => Some(w),
        _ => None,
    }
}

fn name_text(t: &Token) -> String {
    match &t.tok {
        Tok::Word(_) => t.raw.clone(),
        Tok::Quoted(q) => q.clone(),
        Tok::Str => "'…'".into(),
        Tok::Punct(p) => p.to_string(),
    }
}

/// Reads a possibly qualified name (`a`, `dbo.a`, `[ivr].[a]`) at `i`; returns it and the index after.
pub(super) fn read_name(toks: &[Token], mut i: usize) -> (String, usize) {
    let mut parts = Vec::new();
    while i < toks.len() {
        match &toks[i].tok {
            Tok::Word(_) | Tok::Quoted(_) => {
                parts.push(name_text(&toks[i]));
                i += 1;
                if i < toks.len() && toks[i].is_punct('.') {
                    i += 1;
                    continue;
                }
                break;
            }
            _ => break,
        }
    }
    (parts.join("."), i)
}

/// Index where the statement whose body starts at `from` ends (exclusive): a `;` or a
/// statement-start word at parenthesis depth 0, an unmatched `)`, or the end.
fn statement_end(toks: &[Token], from: usize) -> usize {
    let mut depth = 0i32;
    let mut i = from;
    while i < toks.len() {
        let t = &toks[i];
        if t.is_punct('(') {
            depth += 1;
        } else if t.is_punct(')') {
            depth -= 1;
            if depth < 0 {
                return i;
            }
        } else if depth == 0 {
            if t.is_punct(';') {
                return i;
            }
            if let Some(w) = word(t) {
                if STATEMENT_START.contains(&w) {
                    return i;
                }
            }
        }
        i += 1;
    }
    toks.len()
}

/// Lints one file's text (all batches).
pub fn lint(text: &str, engine: Engine) -> Vec<LintFinding> {
    let toks = tokenize(text, engine, 1);
    let mut out = Vec::new();
    let mut i = 0usize;
    while i < toks.len() {
        let t = &toks[i];
        match word(t) {
            Some("DROP") if toks.get(i + 1).is_some_and(|n| n.is_word("TABLE")) => {
                let mut j = i + 2;
                if toks.get(j).is_some_and(|n| n.is_word("IF"))
                    && toks.get(j + 1).is_some_and(|n| n.is_word("EXISTS"))
                {
                    j += 2;
                }
                let (name, _) = read_name(&toks, j);
                if !name.starts_with('#') {
                    out.push(LintFinding {
                        rule: LintRule::DropTable,
                        line: t.line,
                        message: format!("DROP TABLE {name}: the table and all its rows are deleted"),
                    });
                }
            }
            Some("SP_RENAME") => out.push(LintFinding {
                rule: LintRule::Rename,
                line: t.line,
                message: "sp_rename: a rename breaks every reader still using the old name; expand → backfill → contract instead".into(),
            }),
            Some("TRUNCATE") if toks.get(i + 1).is_some_and(|n| n.is_word("TABLE")) => {
                let (name, _) = read_name(&toks, i + 2);
                out.push(LintFinding {
                    rule: LintRule::Truncate,
                    line: t.line,
                    message: format!("TRUNCATE TABLE {name}: every row is deleted"),
                });
            }
            Some("DELETE") if is_delete_statement(&toks, i) => {
                let end = statement_end(&toks, i + 1);
                let mut depth = 0i32;
                let has_where = toks[i + 1..end].iter().any(|x| {
                    if x.is_punct('(') {
                        depth += 1;
                    } else if x.is_punct(')') {
                        depth -= 1;
                    }
                    depth == 0 && x.is_word("WHERE")
                });
                if !has_where {
                    let mut j = i + 1;
                    if toks.get(j).is_some_and(|n| n.is_word("FROM")) {
                        j += 1;
                    }
                    let (name, _) = read_name(&toks, j);
                    out.push(LintFinding {
                        rule: LintRule::DeleteWithoutWhere,
                        line: t.line,
                        message: format!("DELETE from {name} without WHERE: every row is deleted"),
                    });
                }
            }
            Some("ALTER") if toks.get(i + 1).is_some_and(|n| n.is_word("TABLE")) => {
                let (table, j) = read_name(&toks, i + 2);
                lint_alter_table(&toks, j, &table, t.line, engine, &mut out);
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// `DELETE` starts a statement unless it names a trigger event (`AFTER DELETE`, `FOR INSERT,
/// DELETE`), a referential action (`ON DELETE`), a permission, a MERGE action or a column (`x.DELETE`).
fn is_delete_statement(toks: &[Token], i: usize) -> bool {
    let Some(prev) = i.checked_sub(1).map(|p| &toks[p]) else {
        return true;
    };
    if prev.is_punct('.') || prev.is_punct(',') {
        return false;
    }
    !matches!(
        word(prev),
        Some(
            "ON" | "FOR"
                | "AFTER"
                | "BEFORE"
                | "OF"
                | "GRANT"
                | "DENY"
                | "REVOKE"
                | "INSTEAD"
                | "THEN"
        )
    )
}

fn lint_alter_table(
    toks: &[Token],
    at: usize,
    table: &str,
    line: usize,
    engine: Engine,
    out: &mut Vec<LintFinding>,
) {
    let Some(action) = toks.get(at).and_then(word) else {
        return;
    };
    match action {
        "ALTER" if toks.get(at + 1).is_some_and(|n| n.is_word("COLUMN")) => {
            let (col, _) = read_name(toks, at + 2);
            out.push(LintFinding {
                rule: LintRule::AlterColumn,
                line,
                message: format!(
                    "ALTER COLUMN {table}.{col}: a type or nullability change can narrow or truncate data; check the new definition is not narrower"
                ),
            });
        }
        "DROP" => {
            let end = statement_end(toks, at + 1);
            let clause = &toks[at + 1..end];
            let is_column = match engine {
                // SQLite's ALTER TABLE can only drop columns; the COLUMN keyword is optional.
                Engine::Sqlite => true,
                Engine::Mssql => clause.iter().any(|x| x.is_word("COLUMN")),
            };
            if is_column {
                let start = if clause.first().is_some_and(|x| x.is_word("COLUMN")) {
                    at + 2
                } else {
                    at + 1
                };
                let (col, _) = read_name(toks, start);
                out.push(LintFinding {
                    rule: LintRule::DropColumn,
                    line,
                    message: format!(
                        "DROP COLUMN {table}.{col}: the column and its data are deleted"
                    ),
                });
            }
        }
        "RENAME" => out.push(LintFinding {
            rule: LintRule::Rename,
            line,
            message: format!(
                "ALTER TABLE {table} RENAME: a rename breaks every reader still using the old name"
            ),
        }),
        "ADD" => {
            let end = statement_end(toks, at + 1);
            let mut defs: Vec<&[Token]> = Vec::new();
            let (mut depth, mut start) = (0i32, at + 1);
            for k in at + 1..end {
                if toks[k].is_punct('(') {
                    depth += 1;
                } else if toks[k].is_punct(')') {
                    depth -= 1;
                } else if depth == 0 && toks[k].is_punct(',') {
                    defs.push(&toks[start..k]);
                    start = k + 1;
                }
            }
            defs.push(&toks[start..end]);
            for def in defs {
                let mut def = def;
                if def.first().is_some_and(|x| x.is_word("COLUMN")) {
                    def = &def[1..];
                }
                let Some(first) = def.first() else { continue };
                // SQL Server's `PERIOD FOR SYSTEM_TIME (…)` is not a column either.
                if opens_table_constraint(first) || first.is_word("PERIOD") {
                    continue;
                }
                if def.get(1).is_some_and(|x| x.is_word("AS")) {
                    continue; // computed column
                }
                let not_null = def
                    .windows(2)
                    .any(|w| w[0].is_word("NOT") && w[1].is_word("NULL"));
                let fills_itself = def.iter().any(|x| {
                    [
                        "DEFAULT",
                        "IDENTITY",
                        "ROWVERSION",
                        "TIMESTAMP",
                        "AUTOINCREMENT",
                    ]
                    .iter()
                    .any(|w| x.is_word(w))
                });
                if not_null && !fills_itself {
                    out.push(LintFinding {
                        rule: LintRule::NotNullWithoutDefault,
                        line: first.line,
                        message: format!(
                            "ADD {table}.{} NOT NULL without a DEFAULT: fails on a table with rows; add it nullable, backfill, then tighten",
                            name_text(first)
                        ),
                    });
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str, engine: Engine) -> Vec<LintRule> {
        lint(text, engine).into_iter().map(|f| f.rule).collect()
    }

    #[test]
    fn additive_changes_are_clean() {
        let text = "
            IF NOT EXISTS (SELECT 1 FROM sys.schemas WHERE name = N'ivr') EXEC(N'CREATE SCHEMA ivr');
            GO
            CREATE TABLE ivr.t (Id INT NOT NULL, Name NVARCHAR(50) NOT NULL, CONSTRAINT PK_t PRIMARY KEY (Id),
              CONSTRAINT FK_t FOREIGN KEY (Id) REFERENCES ivr.u (Id) ON DELETE CASCADE);
            ALTER TABLE ivr.t ADD Extra NVARCHAR(10) NULL, Flag BIT NOT NULL CONSTRAINT DF_t_Flag DEFAULT 0;
            ALTER TABLE ivr.t ADD CONSTRAINT CK_t CHECK (Id > 0);
            ALTER TABLE ivr.t WITH CHECK ADD CONSTRAINT FK_x FOREIGN KEY (Id) REFERENCES ivr.v (Id);
            ALTER TABLE ivr.t ADD Seq INT IDENTITY(1,1) NOT NULL, Total AS (Id + 1), Rv ROWVERSION NOT NULL;
            ALTER TABLE ivr.t DROP CONSTRAINT CK_t;
            DELETE FROM ivr.t WHERE Id = 1;
            DELETE t FROM ivr.t AS t INNER JOIN ivr.u AS u ON u.Id = t.Id WHERE u.Gone = 1;
            DROP TABLE #scratch;
            DROP INDEX IX_t ON ivr.t;
            MERGE ivr.t AS d USING ivr.u AS s ON d.Id = s.Id WHEN NOT MATCHED BY SOURCE THEN DELETE;
            CREATE TRIGGER trg ON ivr.t AFTER INSERT, DELETE AS BEGIN SET NOCOUNT ON; END;
            INSERT INTO ivr.t (Id, Name) VALUES (1, N'DROP TABLE x; DELETE FROM y');
            -- DROP TABLE ivr.t; TRUNCATE TABLE ivr.t
            /* sp_rename 'a', 'b' */
            SELECT deleted.Id FROM ivr.t;
        ";
        assert_eq!(rules(text, Engine::Mssql), vec![]);
    }

    #[test]
    fn flags_each_destructive_statement_with_its_line() {
        let text = "DROP TABLE ivr.Old;\nALTER TABLE ivr.t DROP COLUMN Legacy;\nEXEC sp_rename 'ivr.t.A', 'B', 'COLUMN';\nALTER TABLE [ivr].[t] ALTER COLUMN Name NVARCHAR(10) NOT NULL;\nTRUNCATE TABLE ivr.t;\nDELETE FROM ivr.t;\nALTER TABLE ivr.t ADD Needed INT NOT NULL;\n";
        let found = lint(text, Engine::Mssql);
        let got: Vec<(LintRule, usize)> = found.iter().map(|f| (f.rule, f.line)).collect();
        assert_eq!(
            got,
            vec![
                (LintRule::DropTable, 1),
                (LintRule::DropColumn, 2),
                (LintRule::Rename, 3),
                (LintRule::AlterColumn, 4),
                (LintRule::Truncate, 5),
                (LintRule::DeleteWithoutWhere, 6),
                (LintRule::NotNullWithoutDefault, 7),
            ]
        );
        assert!(found[0].message.contains("ivr.Old"), "{}", found[0].message);
        assert!(
            found[3].message.contains("ivr.t.Name"),
            "{}",
            found[3].message
        );
    }

    #[test]
    fn delete_without_semicolon_ends_at_the_next_statement() {
        assert_eq!(
            rules("DELETE FROM t\nSELECT * FROM u WHERE 1 = 1", Engine::Mssql),
            vec![LintRule::DeleteWithoutWhere]
        );
        assert_eq!(
            rules(
                "DELETE FROM t WHERE Id IN (SELECT Id FROM u)",
                Engine::Mssql
            ),
            vec![]
        );
        // A WHERE inside a subquery does not count for the DELETE itself.
        assert_eq!(
            rules(
                "DELETE t FROM t JOIN (SELECT Id FROM u WHERE x = 1) s ON s.Id = t.Id",
                Engine::Mssql
            ),
            vec![LintRule::DeleteWithoutWhere]
        );
        assert_eq!(
            rules("IF 1 = 1 BEGIN DELETE FROM t END", Engine::Mssql),
            vec![LintRule::DeleteWithoutWhere]
        );
    }

    #[test]
    fn drop_if_exists_and_multi_column_add() {
        let f = lint("DROP TABLE IF EXISTS dbo.x", Engine::Mssql);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("dbo.x"));
        let f = lint(
            "ALTER TABLE t ADD a INT NULL, b INT NOT NULL, c INT NOT NULL DEFAULT 1",
            Engine::Mssql,
        );
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("t.b"), "{}", f[0].message);
    }

    #[test]
    fn sqlite_forms() {
        assert_eq!(
            rules("ALTER TABLE t DROP x;", Engine::Sqlite),
            vec![LintRule::DropColumn]
        );
        assert_eq!(
            rules("ALTER TABLE t RENAME TO u;", Engine::Sqlite),
            vec![LintRule::Rename]
        );
        assert_eq!(
            rules("ALTER TABLE t RENAME COLUMN a TO b;", Engine::Sqlite),
            vec![LintRule::Rename]
        );
        assert_eq!(
            rules("ALTER TABLE t ADD COLUMN n TEXT NOT NULL;", Engine::Sqlite),
            vec![LintRule::NotNullWithoutDefault]
        );
        assert_eq!(
            rules(
                "ALTER TABLE t ADD COLUMN n TEXT NOT NULL DEFAULT 'x';",
                Engine::Sqlite
            ),
            vec![]
        );
        assert_eq!(
            rules(
                "CREATE TRIGGER tr BEFORE DELETE ON t BEGIN DELETE FROM u WHERE u.id = old.id; END;",
                Engine::Sqlite
            ),
            vec![]
        );
        // On SQL Server, DROP without COLUMN drops a constraint.
        assert_eq!(rules("ALTER TABLE t DROP CK_x;", Engine::Mssql), vec![]);
    }
}
