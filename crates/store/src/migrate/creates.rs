//! What a migration file creates: tables, columns and indexes, read from its tokens (comments and
//! string literals never match). `verify` uses it so that an object a pending migration will
//! create is reported once, as pending, instead of also as missing drift.
//!
//! Known limits: as the lint, SQL built in strings and run with `EXEC(…)` is not read.

use super::lint::{opens_table_constraint, read_name};
use super::split::{tokenize, Tok, Token};
use ivr_domain::connection::Engine;
use ivr_domain::schema::drift::ObjectKind;

/// One object a migration creates; `table` and `name` without their schema (`ivr.x` → `x`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedObject {
    pub object: ObjectKind,
    pub table: String,
    /// The index or column name; the table name again for a table.
    pub name: String,
}

impl CreatedObject {
    /// Does this object stand for `object` `name` on `table`? A created table stands for every
    /// part of it (columns, keys, indexes, checks), since they all arrive with it.
    pub fn covers(&self, object: ObjectKind, table: &str, name: &str) -> bool {
        let same_table = self.table.eq_ignore_ascii_case(table);
        match self.object {
            ObjectKind::Table => same_table,
            _ => same_table && self.object == object && self.name.eq_ignore_ascii_case(name),
        }
    }
}

/// The tables (`CREATE [VIRTUAL] TABLE`), columns (`ALTER TABLE … ADD col`) and indexes
/// (`CREATE [UNIQUE] [[NON]CLUSTERED] INDEX name ON table`) a migration's text creates.
pub fn created_objects(text: &str, engine: Engine) -> Vec<CreatedObject> {
    let toks = tokenize(text, engine, 1);
    let mut out = Vec::new();
    for i in 0..toks.len() {
        if toks[i].is_word("CREATE") {
            created_by_create(&toks, i + 1, &mut out);
        } else if toks[i].is_word("ALTER") && next_is(&toks, i + 1, "TABLE") {
            added_columns(&toks, i + 2, &mut out);
        }
    }
    out
}

fn next_is(toks: &[Token], i: usize, w: &str) -> bool {
    toks.get(i).is_some_and(|t| t.is_word(w))
}

/// The last part of a possibly qualified name.
fn bare(name: &str) -> String {
    name.rsplit('.').next().unwrap_or(name).to_owned()
}

fn created_by_create(toks: &[Token], mut i: usize, out: &mut Vec<CreatedObject>) {
    // `VIRTUAL`: SQLite's `CREATE VIRTUAL TABLE` (the message text search index).
    for modifier in ["UNIQUE", "CLUSTERED", "NONCLUSTERED", "VIRTUAL"] {
        if next_is(toks, i, modifier) {
            i += 1;
        }
    }
    if next_is(toks, i, "TABLE") {
        i += 1;
        if next_is(toks, i, "IF") && next_is(toks, i + 1, "NOT") && next_is(toks, i + 2, "EXISTS") {
            i += 3;
        }
        let (table, _) = read_name(toks, i);
        if !table.is_empty() && !table.starts_with('#') {
            let table = bare(&table);
            out.push(CreatedObject {
                object: ObjectKind::Table,
                name: table.clone(),
                table,
            });
        }
    } else if next_is(toks, i, "INDEX") {
        i += 1;
        if next_is(toks, i, "IF") && next_is(toks, i + 1, "NOT") && next_is(toks, i + 2, "EXISTS") {
            i += 3;
        }
        let (name, j) = read_name(toks, i);
        if name.is_empty() || !next_is(toks, j, "ON") {
            return;
        }
        let (table, _) = read_name(toks, j + 1);
        if !table.is_empty() {
            out.push(CreatedObject {
                object: ObjectKind::Index,
                table: bare(&table),
                name: bare(&name),
            });
        }
    }
}

/// `ALTER TABLE t ADD c …[, d …]` (SQL Server) / `ADD [COLUMN] c …` (SQLite); `ADD CONSTRAINT`
/// and table constraints are not columns.
fn added_columns(toks: &[Token], i: usize, out: &mut Vec<CreatedObject>) {
    let (table, mut j) = read_name(toks, i);
    if table.is_empty() || !next_is(toks, j, "ADD") {
        return;
    }
    j += 1;
    let table = bare(&table);
    loop {
        if next_is(toks, j, "COLUMN") {
            j += 1;
        }
        if !toks.get(j).is_some_and(opens_table_constraint) {
            let (col, _) = read_name(toks, j);
            if !col.is_empty() {
                out.push(CreatedObject {
                    object: ObjectKind::Column,
                    table: table.clone(),
                    name: col,
                });
            }
        }
        // The next definition of the same ADD list starts after a comma at depth 0.
        let mut depth = 0i32;
        let mut k = j;
        let mut more = false;
        while let Some(t) = toks.get(k) {
            match &t.tok {
                Tok::Punct('(') => depth += 1,
                Tok::Punct(')') => depth -= 1,
                Tok::Punct(',') if depth == 0 => {
                    more = true;
                    break;
                }
                Tok::Punct(';') => break,
                Tok::Word(w) if depth == 0 && is_statement_start(w) => break,
                _ => {}
            }
            k += 1;
        }
        if !more {
            return;
        }
        j = k + 1;
    }
}

fn is_statement_start(w: &str) -> bool {
    matches!(
        w,
        "CREATE"
            | "ALTER"
            | "DROP"
            | "INSERT"
            | "UPDATE"
            | "DELETE"
            | "GO"
            | "IF"
            | "BEGIN"
            | "END"
            | "EXEC"
            | "SET"
            | "SELECT"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn objects(sql: &str, engine: Engine) -> Vec<(ObjectKind, String, String)> {
        created_objects(sql, engine)
            .into_iter()
            .map(|o| (o.object, o.table, o.name))
            .collect()
    }

    #[test]
    fn reads_indexes_tables_and_columns() {
        let sql = "-- CREATE INDEX IX_Comment ON x (a)\n\
                   IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = 'IX_A')\n\
                   CREATE NONCLUSTERED INDEX [IX_A] ON [ivr].[rt_RoutingTable] (RoutingId) WHERE IsActive = 1;\n\
                   GO\n\
                   CREATE UNIQUE INDEX IX_B ON dbo.cfg_Dic_Language (LanguageCode);\n\
                   CREATE TABLE ivr.new_Table (Id INT NOT NULL, Name VARCHAR(10), CONSTRAINT PK_x PRIMARY KEY (Id));\n\
                   ALTER TABLE ivr.rt_RoutingTable ADD Note NVARCHAR(100) NULL, Extra INT NULL, CONSTRAINT CK_x CHECK (Extra > 0);\n\
                   CREATE TABLE #tmp (x INT);\n\
                   SELECT 'CREATE INDEX IX_Str ON y (b)';";
        assert_eq!(
            objects(sql, Engine::Mssql),
            vec![
                (ObjectKind::Index, "rt_RoutingTable".into(), "IX_A".into()),
                (ObjectKind::Index, "cfg_Dic_Language".into(), "IX_B".into()),
                (ObjectKind::Table, "new_Table".into(), "new_Table".into()),
                (ObjectKind::Column, "rt_RoutingTable".into(), "Note".into()),
                (ObjectKind::Column, "rt_RoutingTable".into(), "Extra".into()),
            ]
        );
    }

    #[test]
    fn reads_sqlite_forms() {
        let sql = "CREATE INDEX IF NOT EXISTS IX_MessageKey_Name ON msg_MessageKey (MessageKey) WHERE IsActive = 1;\n\
                   ALTER TABLE seg_Segment ADD COLUMN Notes TEXT;\n\
                   CREATE TABLE IF NOT EXISTS cfg_New (Id INTEGER PRIMARY KEY);\n\
                   CREATE VIRTUAL TABLE IF NOT EXISTS msg_Search USING fts5(Content, tokenize = 'trigram');";
        assert_eq!(
            objects(sql, Engine::Sqlite),
            vec![
                (
                    ObjectKind::Index,
                    "msg_MessageKey".into(),
                    "IX_MessageKey_Name".into()
                ),
                (ObjectKind::Column, "seg_Segment".into(), "Notes".into()),
                (ObjectKind::Table, "cfg_New".into(), "cfg_New".into()),
                (ObjectKind::Table, "msg_Search".into(), "msg_Search".into()),
            ]
        );
    }

    #[test]
    fn a_created_table_covers_its_parts() {
        let t = CreatedObject {
            object: ObjectKind::Table,
            table: "cfg_New".into(),
            name: "cfg_New".into(),
        };
        assert!(t.covers(ObjectKind::Index, "CFG_NEW", "IX_x"));
        assert!(!t.covers(ObjectKind::Index, "other", "IX_x"));
        let ix = CreatedObject {
            object: ObjectKind::Index,
            table: "a".into(),
            name: "IX_1".into(),
        };
        assert!(ix.covers(ObjectKind::Index, "a", "ix_1"));
        assert!(!ix.covers(ObjectKind::Column, "a", "IX_1"));
    }
}
