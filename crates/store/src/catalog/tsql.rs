//! A reader for the T-SQL DDL of our migration files, so the SQL Server migrations can be compared
//! with the schema model without a server (no SQL Server runs on the build machines).
//!
//! It understands the statements our files use, wherever they appear (inside `IF … ` guards too):
//! `CREATE SCHEMA` (also inside `EXEC (N'…')`), `CREATE TABLE` with column definitions (type,
//! `IDENTITY`, `NULL`/`NOT NULL`, named or unnamed `DEFAULT`) and table constraints (`PRIMARY KEY`,
//! `FOREIGN KEY … REFERENCES … [ON DELETE CASCADE]`, `CHECK`, `UNIQUE`), `CREATE [UNIQUE] INDEX …
//! [INCLUDE (…)] [WHERE …]`, `ALTER TABLE … ADD <column>` / `ADD CONSTRAINT …`, `DROP INDEX … ON …`.
//! It is not a T-SQL parser: syntax is checked separately with Microsoft's parser (maxdop), and
//! anything else (DROP TABLE, ALTER COLUMN, renames, dynamic SQL) is not modelled.

use super::compare::{
    LiveCheck, LiveColumn, LiveForeignKey, LiveIndex, LiveKey, LiveSchema, LiveTable,
};
use super::sqltext::{matching_close, split_list, tokens, Token, TokenKind};

fn split_name(qualified: &str) -> (String, String) {
    match qualified.split_once('.') {
        Some((s, n)) => (s.to_string(), n.to_string()),
        None => ("dbo".to_string(), qualified.to_string()),
    }
}

fn raw(src: &str, toks: &[Token]) -> String {
    match (toks.first(), toks.last()) {
        (Some(a), Some(b)) => src[a.start..b.end].to_string(),
        _ => String::new(),
    }
}

/// Column names of a parenthesised list (ASC/DESC dropped).
fn names(toks: &[Token], open: usize) -> Vec<String> {
    split_list(toks, open)
        .into_iter()
        .filter_map(|p| p.first().map(|t| t.text.clone()))
        .collect()
}

/// Reads every migration text in order into the schema they build.
pub fn read(files: &[&str]) -> LiveSchema {
    let mut s = LiveSchema {
        schemas: Some(vec!["dbo".to_string()]),
        tables: Vec::new(),
    };
    for f in files {
        apply(&mut s, f);
    }
    s
}

fn table_mut<'a>(s: &'a mut LiveSchema, qualified: &str) -> Option<&'a mut LiveTable> {
    let (schema, name) = split_name(qualified);
    s.tables.iter_mut().find(|t| {
        t.name.eq_ignore_ascii_case(&name)
            && t.schema
                .as_deref()
                .is_some_and(|x| x.eq_ignore_ascii_case(&schema))
    })
}

fn apply(s: &mut LiveSchema, src: &str) {
    let toks = tokens(src);
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if t.kind == TokenKind::Str {
            // EXEC (N'CREATE SCHEMA ivr')
            let inner = t.text.trim_start_matches(['N', 'n']).trim_matches('\'');
            let it = tokens(inner);
            if it.len() >= 3 && it[0].is_word("CREATE") && it[1].is_word("SCHEMA") {
                add_schema(s, &it[2].text);
            }
        } else if t.is_word("CREATE") {
            if toks.get(i + 1).is_some_and(|x| x.is_word("SCHEMA")) {
                if let Some(n) = toks.get(i + 2) {
                    add_schema(s, &n.text);
                }
            } else if toks.get(i + 1).is_some_and(|x| x.is_word("TABLE")) {
                if let Some(next) = create_table(s, src, &toks, i + 2) {
                    i = next;
                    continue;
                }
            } else {
                let mut j = i + 1;
                let mut unique = false;
                while let Some(x) = toks.get(j) {
                    if x.is_word("UNIQUE") {
                        unique = true;
                    } else if !(x.is_word("CLUSTERED") || x.is_word("NONCLUSTERED")) {
                        break;
                    }
                    j += 1;
                }
                if toks.get(j).is_some_and(|x| x.is_word("INDEX")) {
                    i = create_index(s, src, &toks, j + 1, unique);
                    continue;
                }
            }
        } else if t.is_word("ALTER") && toks.get(i + 1).is_some_and(|x| x.is_word("TABLE")) {
            i = alter_table(s, src, &toks, i + 2);
            continue;
        } else if t.is_word("DROP")
            && toks.get(i + 1).is_some_and(|x| x.is_word("INDEX"))
            && toks.get(i + 3).is_some_and(|x| x.is_word("ON"))
        {
            let (name, table) = (toks[i + 2].text.clone(), toks[i + 4].text.clone());
            if let Some(tb) = table_mut(s, &table) {
                tb.indexes.retain(|x| !x.name.eq_ignore_ascii_case(&name));
            }
            i += 5;
            continue;
        }
        i += 1;
    }
}

fn add_schema(s: &mut LiveSchema, name: &str) {
    let list = s.schemas.get_or_insert_with(Vec::new);
    if !list.iter().any(|x| x.eq_ignore_ascii_case(name)) {
        list.push(name.to_string());
    }
}

/// Parses `name ( defs )` at `at`; returns the index after the closing parenthesis.
fn create_table(s: &mut LiveSchema, src: &str, toks: &[Token], at: usize) -> Option<usize> {
    let name = toks.get(at)?;
    let open = at + 1;
    if toks.get(open)?.kind != TokenKind::Open {
        return None;
    }
    let (schema, tname) = split_name(&name.text);
    let mut table = LiveTable {
        schema: Some(schema),
        name: tname,
        ..LiveTable::default()
    };
    for def in split_list(toks, open) {
        definition(&mut table, src, def);
    }
    let close = matching_close(toks, open);
    s.tables
        .retain(|t| !(t.name.eq_ignore_ascii_case(&table.name) && t.schema == table.schema));
    s.tables.push(table);
    Some(close + 1)
}

/// One element of a CREATE TABLE list or of ALTER TABLE ADD: a column or a table constraint.
fn definition(table: &mut LiveTable, src: &str, def: &[Token]) {
    let Some(first) = def.first() else { return };
    let mut name = None;
    let mut k = 0;
    if first.is_word("CONSTRAINT") {
        name = def.get(1).map(|t| t.text.clone());
        k = 2;
    }
    let Some(head) = def.get(k) else { return };
    if head.is_word("PRIMARY") {
        if let Some(o) = def[k..].iter().position(|t| t.kind == TokenKind::Open) {
            table.primary_key = Some(LiveKey {
                name,
                columns: names(def, k + o),
            });
        }
    } else if head.is_word("FOREIGN") {
        foreign_key(table, def, k, name);
    } else if head.is_word("CHECK") {
        if def.get(k + 1).is_some_and(|t| t.kind == TokenKind::Open) {
            let close = matching_close(def, k + 1);
            table.checks.push(LiveCheck {
                name,
                expr: raw(src, &def[k + 2..close]),
            });
        }
    } else if head.is_word("UNIQUE") {
        if let Some(o) = def[k..].iter().position(|t| t.kind == TokenKind::Open) {
            table.indexes.push(LiveIndex {
                name: name.unwrap_or_else(|| "(unnamed unique)".into()),
                columns: names(def, k + o),
                unique: true,
                filter: None,
                include: Vec::new(),
            });
        }
    } else if name.is_none() {
        column(table, src, def);
    }
}

fn foreign_key(table: &mut LiveTable, def: &[Token], k: usize, name: Option<String>) {
    let Some(o) = def[k..].iter().position(|t| t.kind == TokenKind::Open) else {
        return;
    };
    let columns = names(def, k + o);
    let Some(r) = def.iter().position(|t| t.is_word("REFERENCES")) else {
        return;
    };
    let Some(target) = def.get(r + 1) else { return };
    let (ref_schema, ref_table) = split_name(&target.text);
    let ref_columns = if def.get(r + 2).is_some_and(|t| t.kind == TokenKind::Open) {
        names(def, r + 2)
    } else {
        Vec::new()
    };
    let cascade = def.windows(3).any(|w| {
        w[0].is_word("DELETE") && w[1].is_word("CASCADE")
            || (w[0].is_word("ON") && w[1].is_word("DELETE") && w[2].is_word("CASCADE"))
    });
    table.foreign_keys.push(LiveForeignKey {
        name,
        columns,
        ref_schema: Some(ref_schema),
        ref_table,
        ref_columns,
        on_delete_cascade: cascade,
    });
}

fn column(table: &mut LiveTable, src: &str, def: &[Token]) {
    let name = def[0].text.clone();
    let mut i = 1;
    let mut ty = def
        .get(i)
        .map(|t| t.text.to_ascii_uppercase())
        .unwrap_or_default();
    i += 1;
    if def.get(i).is_some_and(|t| t.kind == TokenKind::Open) {
        let close = matching_close(def, i);
        let args: Vec<String> = def[i + 1..close]
            .iter()
            .filter(|t| t.kind != TokenKind::Comma)
            .map(|t| t.text.to_ascii_uppercase())
            .collect();
        ty = format!("{ty}({})", args.join(","));
        i = close + 1;
    }
    let mut col = LiveColumn {
        name,
        ty,
        nullable: true,
        default: None,
        identity: false,
    };
    while i < def.len() {
        let t = &def[i];
        if t.is_word("IDENTITY") {
            col.identity = true;
            if def.get(i + 1).is_some_and(|x| x.kind == TokenKind::Open) {
                i = matching_close(def, i + 1);
            }
        } else if t.is_word("NOT") && def.get(i + 1).is_some_and(|x| x.is_word("NULL")) {
            col.nullable = false;
            i += 1;
        } else if t.is_word("NULL") {
            col.nullable = true;
        } else if t.is_word("CONSTRAINT") {
            i += 1; // the constraint's name
        } else if t.is_word("DEFAULT") {
            let from = i + 1;
            let mut to = from;
            if def.get(from).is_some_and(|x| x.kind == TokenKind::Open) {
                to = matching_close(def, from);
            } else if def.get(from + 1).is_some_and(|x| x.kind == TokenKind::Open) {
                to = matching_close(def, from + 1);
            }
            if from < def.len() {
                col.default = Some(raw(src, &def[from..=to.min(def.len() - 1)]));
            }
            i = to;
        } else if t.is_word("PRIMARY") {
            table.primary_key = Some(LiveKey {
                name: None,
                columns: vec![col.name.clone()],
            });
        }
        i += 1;
    }
    // A PRIMARY KEY column is NOT NULL even when not written so.
    if table
        .primary_key
        .as_ref()
        .is_some_and(|k| k.columns.iter().any(|c| c.eq_ignore_ascii_case(&col.name)))
    {
        col.nullable = false;
    }
    table.columns.push(col);
}

fn create_index(s: &mut LiveSchema, src: &str, toks: &[Token], at: usize, unique: bool) -> usize {
    let (Some(name), Some(on), Some(table), Some(open)) = (
        toks.get(at),
        toks.get(at + 1),
        toks.get(at + 2),
        toks.get(at + 3),
    ) else {
        return at;
    };
    if !on.is_word("ON") || open.kind != TokenKind::Open {
        return at;
    }
    let columns = names(toks, at + 3);
    let mut i = matching_close(toks, at + 3) + 1;
    let mut include = Vec::new();
    if toks.get(i).is_some_and(|t| t.is_word("INCLUDE"))
        && toks.get(i + 1).is_some_and(|t| t.kind == TokenKind::Open)
    {
        include = names(toks, i + 1);
        i = matching_close(toks, i + 1) + 1;
    }
    let mut filter = None;
    if toks.get(i).is_some_and(|t| t.is_word("WHERE")) {
        let from = i + 1;
        let mut to = from;
        while to < toks.len()
            && toks[to].kind != TokenKind::Semicolon
            && !toks[to].is_word("WITH")
            && !toks[to].is_word("GO")
            && !toks[to].is_word("ON")
        {
            to += 1;
        }
        if to > from {
            filter = Some(raw(src, &toks[from..to]));
        }
        i = to;
    }
    let index = LiveIndex {
        name: name.text.clone(),
        columns,
        unique,
        filter,
        include,
    };
    if let Some(t) = table_mut(s, &table.text) {
        t.indexes
            .retain(|x| !x.name.eq_ignore_ascii_case(&index.name));
        t.indexes.push(index);
    }
    i
}

fn alter_table(s: &mut LiveSchema, src: &str, toks: &[Token], at: usize) -> usize {
    let Some(table) = toks.get(at) else { return at };
    if !toks.get(at + 1).is_some_and(|t| t.is_word("ADD")) {
        return at + 1;
    }
    // The added definitions run to the end of the statement.
    let from = at + 2;
    let mut to = from;
    let mut depth = 0usize;
    while to < toks.len() {
        match toks[to].kind {
            TokenKind::Open => depth += 1,
            TokenKind::Close => depth = depth.saturating_sub(1),
            TokenKind::Semicolon if depth == 0 => break,
            _ if depth == 0 && toks[to].is_word("GO") => break,
            _ => {}
        }
        to += 1;
    }
    let Some(t) = table_mut(s, &table.text) else {
        return to;
    };
    let mut start = from;
    let mut depth = 0usize;
    for k in from..=to {
        let end = k == to;
        if !end {
            match toks[k].kind {
                TokenKind::Open => depth += 1,
                TokenKind::Close => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        if end || (depth == 0 && toks[k].kind == TokenKind::Comma) {
            if k > start {
                definition(t, src, &toks[start..k]);
            }
            start = k + 1;
        }
    }
    to
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tables_indexes_and_alterations() {
        let s = read(&[
            "IF SCHEMA_ID(N'ivr') IS NULL EXEC (N'CREATE SCHEMA ivr');\nGO\n\
             IF OBJECT_ID(N'ivr.t', N'U') IS NULL\nCREATE TABLE ivr.t (\n\
             Id INT IDENTITY(1, 1) NOT NULL,\n Name NVARCHAR(200) NULL,\n\
             Flag BIT NOT NULL CONSTRAINT DF_t_Flag DEFAULT (1),\n\
             At DATETIME2 NOT NULL DEFAULT SYSUTCDATETIME(),\n\
             CONSTRAINT PK_t PRIMARY KEY CLUSTERED (Id),\n\
             CONSTRAINT FK_t_P FOREIGN KEY (Id) REFERENCES dbo.p (PId) ON DELETE CASCADE,\n\
             CONSTRAINT CK_t_N CHECK (Id >= 1 AND (Id <= 10))\n);\nGO\n\
             CREATE UNIQUE NONCLUSTERED INDEX UX_t ON ivr.t (Name, Flag) INCLUDE (At) WHERE Name IS NOT NULL AND Flag = 1;\nGO\n",
            "ALTER TABLE ivr.t ADD Extra INT NULL, CONSTRAINT CK_t_E CHECK (Extra > 0);\nGO\nDROP INDEX UX_t ON ivr.t;\n",
        ]);
        assert_eq!(s.schemas, Some(vec!["dbo".to_string(), "ivr".to_string()]));
        let t = &s.tables[0];
        assert_eq!((t.schema.as_deref(), t.name.as_str()), (Some("ivr"), "t"));
        let cols: Vec<_> = t
            .columns
            .iter()
            .map(|c| {
                (
                    c.name.as_str(),
                    c.ty.as_str(),
                    c.nullable,
                    c.default.as_deref(),
                    c.identity,
                )
            })
            .collect();
        assert_eq!(
            cols,
            [
                ("Id", "INT", false, None, true),
                ("Name", "NVARCHAR(200)", true, None, false),
                ("Flag", "BIT", false, Some("(1)"), false),
                ("At", "DATETIME2", false, Some("SYSUTCDATETIME()"), false),
                ("Extra", "INT", true, None, false),
            ]
        );
        assert_eq!(
            t.primary_key.as_ref().unwrap().name.as_deref(),
            Some("PK_t")
        );
        let fk = &t.foreign_keys[0];
        assert_eq!(
            (
                fk.ref_schema.as_deref(),
                fk.ref_table.as_str(),
                fk.on_delete_cascade
            ),
            (Some("dbo"), "p", true)
        );
        assert_eq!(t.checks[0].expr, "Id >= 1 AND (Id <= 10)");
        assert_eq!(t.checks[1].name.as_deref(), Some("CK_t_E"));
        assert!(t.indexes.is_empty(), "dropped again");
        let s2 = read(&["CREATE TABLE ivr.t (A INT NOT NULL);\nCREATE UNIQUE NONCLUSTERED INDEX UX_t ON ivr.t (A) INCLUDE (B) WHERE A IS NOT NULL AND Flag = 1;\n"]);
        let ix = &s2.tables[0].indexes[0];
        assert!(ix.unique);
        assert_eq!(ix.include, ["B"]);
        assert_eq!(ix.filter.as_deref(), Some("A IS NOT NULL AND Flag = 1"));
    }
}
