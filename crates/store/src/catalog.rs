//! The live schema, read from the database catalog, compared with the schema model
//! (`ivr_domain::schema`): what `ivr migrate verify` and the Schema screen report as drift.
//!
//! One round trip on either engine: [`CATALOG`] is one SQL Server batch with a result set per
//! catalog view, and on SQLite the same result sets from `sqlite_schema` and the `pragma_*`
//! table-valued functions. SQLite does not record constraint names, check expressions or partial
//! index predicates in its pragmas, so those are read from the stored `CREATE` text.

pub mod compare;
pub mod sqltext;
pub mod tsql;

pub use compare::{compare, LiveSchema, LiveTable, IGNORED_TABLES};

use crate::value::Row;
use crate::Conn;
use compare::{LiveCheck, LiveColumn, LiveForeignKey, LiveIndex, LiveKey};
use ivr_domain::connection::Engine;
use ivr_domain::schema::drift::DriftItem;
use ivr_domain::Result;
use sqltext::{matching_close, split_list, tokens, Token, TokenKind};

crate::queries! {
    /// The catalog in eight result sets, in this order: schemas, tables, columns, primary-key
    /// columns, index columns, foreign-key columns, checks, triggers. Same column names on both engines.
    CATALOG {
        mssql: "SELECT s.name AS SchemaName FROM sys.schemas AS s WHERE s.name IN (N'dbo', N'ivr');
SELECT s.name AS SchemaName, t.name AS TableName, CAST(NULL AS NVARCHAR(MAX)) AS CreateSql
FROM sys.tables AS t JOIN sys.schemas AS s ON s.schema_id = t.schema_id
WHERE s.name IN (N'dbo', N'ivr') AND t.is_ms_shipped = 0
ORDER BY s.name, t.name;
SELECT s.name AS SchemaName, t.name AS TableName, c.name AS ColumnName, c.column_id AS Ordinal,
    ty.name AS TypeName, c.max_length AS MaxLength, c.scale AS Scale,
    c.is_nullable AS IsNullable, c.is_identity AS IsIdentity, dc.definition AS DefaultDefinition
FROM sys.columns AS c
JOIN sys.tables AS t ON t.object_id = c.object_id
JOIN sys.schemas AS s ON s.schema_id = t.schema_id
JOIN sys.types AS ty ON ty.user_type_id = c.user_type_id
LEFT JOIN sys.default_constraints AS dc ON dc.object_id = c.default_object_id
WHERE s.name IN (N'dbo', N'ivr') AND t.is_ms_shipped = 0
ORDER BY s.name, t.name, c.column_id;
SELECT s.name AS SchemaName, t.name AS TableName, kc.name AS ConstraintName, c.name AS ColumnName,
    ic.key_ordinal AS KeyOrdinal
FROM sys.key_constraints AS kc
JOIN sys.tables AS t ON t.object_id = kc.parent_object_id
JOIN sys.schemas AS s ON s.schema_id = t.schema_id
JOIN sys.index_columns AS ic ON ic.object_id = kc.parent_object_id AND ic.index_id = kc.unique_index_id
JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
WHERE kc.type = 'PK' AND s.name IN (N'dbo', N'ivr')
ORDER BY s.name, t.name, ic.key_ordinal;
SELECT s.name AS SchemaName, t.name AS TableName, i.name AS IndexName, i.is_unique AS IsUnique,
    i.filter_definition AS FilterDefinition, c.name AS ColumnName, ic.is_included_column AS IsIncluded
FROM sys.indexes AS i
JOIN sys.tables AS t ON t.object_id = i.object_id
JOIN sys.schemas AS s ON s.schema_id = t.schema_id
JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
WHERE i.is_primary_key = 0 AND i.type > 0 AND i.is_hypothetical = 0
    AND s.name IN (N'dbo', N'ivr') AND t.is_ms_shipped = 0
ORDER BY s.name, t.name, i.name, ic.is_included_column, ic.key_ordinal, ic.index_column_id;
SELECT s.name AS SchemaName, t.name AS TableName, fk.name AS ConstraintName, pc.name AS ColumnName,
    rs.name AS RefSchema, rt.name AS RefTable, rc.name AS RefColumn,
    fk.delete_referential_action_desc AS OnDelete
FROM sys.foreign_keys AS fk
JOIN sys.tables AS t ON t.object_id = fk.parent_object_id
JOIN sys.schemas AS s ON s.schema_id = t.schema_id
JOIN sys.tables AS rt ON rt.object_id = fk.referenced_object_id
JOIN sys.schemas AS rs ON rs.schema_id = rt.schema_id
JOIN sys.foreign_key_columns AS fkc ON fkc.constraint_object_id = fk.object_id
JOIN sys.columns AS pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = fkc.parent_column_id
JOIN sys.columns AS rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id
WHERE s.name IN (N'dbo', N'ivr')
ORDER BY s.name, t.name, fk.name, fkc.constraint_column_id;
SELECT s.name AS SchemaName, t.name AS TableName, cc.name AS ConstraintName, cc.definition AS Definition
FROM sys.check_constraints AS cc
JOIN sys.tables AS t ON t.object_id = cc.parent_object_id
JOIN sys.schemas AS s ON s.schema_id = t.schema_id
WHERE s.name IN (N'dbo', N'ivr')
ORDER BY s.name, t.name, cc.name;
SELECT s.name AS SchemaName, t.name AS TableName, tr.name AS TriggerName
FROM sys.triggers AS tr
JOIN sys.tables AS t ON t.object_id = tr.parent_id
JOIN sys.schemas AS s ON s.schema_id = t.schema_id
WHERE s.name IN (N'dbo', N'ivr')
ORDER BY s.name, t.name, tr.name;",
        sqlite: [
            "SELECT NULL AS SchemaName WHERE 0",
            "SELECT NULL AS SchemaName, m.name AS TableName, m.sql AS CreateSql
             FROM sqlite_schema AS m
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
             ORDER BY m.name",
            "SELECT NULL AS SchemaName, m.name AS TableName, p.name AS ColumnName, p.cid AS Ordinal,
                 p.type AS TypeName, NULL AS MaxLength, NULL AS Scale,
                 CASE WHEN p.\"notnull\" = 0 THEN 1 ELSE 0 END AS IsNullable, 0 AS IsIdentity,
                 p.dflt_value AS DefaultDefinition
             FROM sqlite_schema AS m JOIN pragma_table_info(m.name) AS p
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
             ORDER BY m.name, p.cid",
            "SELECT NULL AS SchemaName, m.name AS TableName, NULL AS ConstraintName, p.name AS ColumnName,
                 p.pk AS KeyOrdinal
             FROM sqlite_schema AS m JOIN pragma_table_info(m.name) AS p
             WHERE m.type = 'table' AND p.pk > 0 AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
             ORDER BY m.name, p.pk",
            "SELECT NULL AS SchemaName, m.name AS TableName, il.name AS IndexName, il.\"unique\" AS IsUnique,
                 ix.sql AS FilterDefinition, ii.name AS ColumnName, 0 AS IsIncluded
             FROM sqlite_schema AS m
             JOIN pragma_index_list(m.name) AS il
             JOIN pragma_index_info(il.name) AS ii
             LEFT JOIN sqlite_schema AS ix ON ix.type = 'index' AND ix.name = il.name
             WHERE m.type = 'table' AND il.origin <> 'pk' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
             ORDER BY m.name, il.name, ii.seqno",
            "SELECT NULL AS SchemaName, m.name AS TableName, CAST(f.id AS TEXT) AS ConstraintName,
                 f.\"from\" AS ColumnName, NULL AS RefSchema, f.\"table\" AS RefTable, f.\"to\" AS RefColumn,
                 f.on_delete AS OnDelete
             FROM sqlite_schema AS m JOIN pragma_foreign_key_list(m.name) AS f
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
             ORDER BY m.name, f.id, f.seq",
            "SELECT NULL AS SchemaName, NULL AS TableName, NULL AS ConstraintName, NULL AS Definition WHERE 0",
            "SELECT NULL AS SchemaName, tbl_name AS TableName, name AS TriggerName
             FROM sqlite_schema WHERE type = 'trigger' ORDER BY tbl_name, name",
        ],
    }
}

/// Drift between the live database and the schema model: missing, extra and different schemas,
/// tables, columns, keys, indexes and checks. Ignores the migration history table and SQLite's own
/// tables. One statement on either engine.
pub async fn drift(conn: &mut Conn) -> Result<Vec<DriftItem>> {
    let live = read(conn).await?;
    Ok(compare(ivr_domain::schema::tables(), &live, conn.engine()))
}

/// Reads the live schema (tables in `dbo`/`ivr` on SQL Server, every user table on SQLite).
pub async fn read(conn: &mut Conn) -> Result<LiveSchema> {
    let engine = conn.engine();
    let sets = conn.query_sets(&CATALOG, &[]).await?;
    if sets.len() != 8 {
        return Err(ivr_domain::Error::internal(format!(
            "the catalog query returned {} result sets instead of 8",
            sets.len()
        )));
    }
    build(engine, &sets)
}

fn key(row: &Row) -> Result<(Option<String>, String)> {
    Ok((row.opt_str("SchemaName")?, row.str("TableName")?))
}

/// The live schema from the catalog's eight result sets (see [`CATALOG`]), one step per set.
fn build(engine: Engine, sets: &[Vec<Row>]) -> Result<LiveSchema> {
    let schemas = schemas(engine, &sets[0])?;
    let (tables, create_sql) = tables(&sets[1])?;
    let mut live = LiveSchema { schemas, tables };
    for_each_table_row(&mut live, &sets[2], |t, row| add_column(engine, t, row))?;
    for_each_table_row(&mut live, &sets[3], add_primary_key_column)?;
    for_each_table_row(&mut live, &sets[4], |t, row| {
        add_index_column(engine, t, row)
    })?;
    for_each_table_row(&mut live, &sets[5], add_foreign_key_column)?;
    for_each_table_row(&mut live, &sets[6], add_check)?;
    for_each_table_row(&mut live, &sets[7], add_trigger)?;
    if engine == Engine::Sqlite {
        for (t, sql) in live.tables.iter_mut().zip(create_sql) {
            apply_sqlite_create_text(t, sql.as_deref().unwrap_or_default());
        }
    }
    Ok(live)
}

/// The schemas (SQL Server); SQLite has none.
fn schemas(engine: Engine, rows: &[Row]) -> Result<Option<Vec<String>>> {
    Ok(match engine {
        Engine::Mssql => Some(
            rows.iter()
                .map(|r| r.str("SchemaName"))
                .collect::<Result<_>>()?,
        ),
        Engine::Sqlite => None,
    })
}

/// The tables, empty, and each one's stored CREATE text (SQLite; `None` on SQL Server), in the
/// same order.
fn tables(rows: &[Row]) -> Result<(Vec<LiveTable>, Vec<Option<String>>)> {
    let mut tables = Vec::new();
    let mut create_sql = Vec::new();
    for row in rows {
        let (schema, name) = key(row)?;
        create_sql.push(row.opt_str("CreateSql")?);
        tables.push(LiveTable {
            schema,
            name,
            ..LiveTable::default()
        });
    }
    Ok((tables, create_sql))
}

/// Runs `add` on each row with the table the row names; rows of a table not read are skipped.
fn for_each_table_row(
    live: &mut LiveSchema,
    rows: &[Row],
    mut add: impl FnMut(&mut LiveTable, &Row) -> Result<()>,
) -> Result<()> {
    for row in rows {
        let (schema, name) = key(row)?;
        let Some(t) = live
            .tables
            .iter_mut()
            .find(|t| t.name == name && t.schema == schema)
        else {
            continue;
        };
        add(t, row)?;
    }
    Ok(())
}

fn add_column(engine: Engine, t: &mut LiveTable, row: &Row) -> Result<()> {
    let ty = match engine {
        Engine::Mssql => mssql_type(
            &row.str("TypeName")?,
            row.opt_i64("MaxLength")?.unwrap_or(0),
            row.opt_i64("Scale")?.unwrap_or(0),
        ),
        Engine::Sqlite => row.opt_str("TypeName")?.unwrap_or_default().to_uppercase(),
    };
    t.columns.push(LiveColumn {
        name: row.str("ColumnName")?,
        ty,
        nullable: row.bool("IsNullable")?,
        default: row.opt_str("DefaultDefinition")?,
        identity: row.bool("IsIdentity")?,
    });
    Ok(())
}

fn add_primary_key_column(t: &mut LiveTable, row: &Row) -> Result<()> {
    let name = row.opt_str("ConstraintName")?;
    let col = row.str("ColumnName")?;
    let pk = t.primary_key.get_or_insert(LiveKey {
        name,
        columns: Vec::new(),
    });
    pk.columns.push(col);
    Ok(())
}

/// A column of an index (key or included), the index first when this is its first column.
fn add_index_column(engine: Engine, t: &mut LiveTable, row: &Row) -> Result<()> {
    let name = row.str("IndexName")?;
    // An expression column has no name; keep a placeholder so it still differs from the model.
    let col = row
        .opt_str("ColumnName")?
        .unwrap_or_else(|| "(expression)".into());
    let included = row.bool("IsIncluded")?;
    let indexes = &mut t.indexes;
    let idx = match indexes.iter().position(|i| i.name == name) {
        Some(i) => i,
        None => {
            let filter = row.opt_str("FilterDefinition")?;
            let filter = match engine {
                Engine::Mssql => filter,
                Engine::Sqlite => filter.as_deref().and_then(sqlite_index_filter),
            };
            indexes.push(LiveIndex {
                name,
                columns: Vec::new(),
                unique: row.bool("IsUnique")?,
                filter,
                include: Vec::new(),
            });
            indexes.len() - 1
        }
    };
    if included {
        indexes[idx].include.push(col);
    } else {
        indexes[idx].columns.push(col);
    }
    Ok(())
}

/// A column pair of a foreign key, the key first when this is its first pair.
fn add_foreign_key_column(t: &mut LiveTable, row: &Row) -> Result<()> {
    let id = row.str("ConstraintName")?;
    let on_delete = row.opt_str("OnDelete")?.unwrap_or_default();
    let fks = &mut t.foreign_keys;
    let fi = match fks.iter().position(|f| f.name.as_deref() == Some(&id)) {
        Some(i) => i,
        None => {
            fks.push(LiveForeignKey {
                name: Some(id),
                columns: Vec::new(),
                ref_schema: row.opt_str("RefSchema")?,
                ref_table: row.str("RefTable")?,
                ref_columns: Vec::new(),
                on_delete_cascade: on_delete.eq_ignore_ascii_case("CASCADE"),
            });
            fks.len() - 1
        }
    };
    fks[fi].columns.push(row.str("ColumnName")?);
    // SQLite leaves `to` NULL when the reference names no columns (the parent's primary key).
    fks[fi].ref_columns.push(
        row.opt_str("RefColumn")?
            .unwrap_or_else(|| "(primary key)".into()),
    );
    Ok(())
}

fn add_check(t: &mut LiveTable, row: &Row) -> Result<()> {
    t.checks.push(LiveCheck {
        name: row.opt_str("ConstraintName")?,
        expr: row.str("Definition")?,
    });
    Ok(())
}

fn add_trigger(t: &mut LiveTable, row: &Row) -> Result<()> {
    t.triggers.push(row.str("TriggerName")?);
    Ok(())
}

/// The T-SQL spelling of a column type from `sys.types` / `sys.columns`.
fn mssql_type(name: &str, max_length: i64, scale: i64) -> String {
    let n = name.to_ascii_uppercase();
    match n.as_str() {
        "VARCHAR" | "CHAR" | "VARBINARY" | "BINARY" => match max_length {
            -1 => format!("{n}(MAX)"),
            l => format!("{n}({l})"),
        },
        // sys.columns counts bytes; N-types use two per character.
        "NVARCHAR" | "NCHAR" => match max_length {
            -1 => format!("{n}(MAX)"),
            l => format!("{n}({})", l / 2),
        },
        "DATETIME2" if scale != 7 => format!("DATETIME2({scale})"),
        // ROWVERSION columns report the deprecated synonym.
        "TIMESTAMP" => "ROWVERSION".into(),
        _ => n,
    }
}

/// The predicate of a partial index from its stored `CREATE INDEX … WHERE …` text.
fn sqlite_index_filter(create: &str) -> Option<String> {
    let toks = tokens(create);
    let w = toks.iter().position(|t| t.is_word("WHERE"))?;
    let end = toks
        .iter()
        .rposition(|t| t.kind != TokenKind::Semicolon)
        .unwrap_or(toks.len() - 1);
    Some(create[toks[w + 1].start..toks[end].end].trim().to_string())
}

/// What SQLite's pragmas do not say, read from the stored CREATE TABLE text: constraint names
/// (primary key, foreign keys), CHECK constraints, and AUTOINCREMENT (our IDENTITY).
fn apply_sqlite_create_text(t: &mut LiveTable, create: &str) {
    let parsed = parse_create_table_body(create);
    if let Some(pk) = &mut t.primary_key {
        pk.name = parsed.primary_key_name.clone();
    }
    for f in &mut t.foreign_keys {
        f.name = parsed
            .foreign_keys
            .iter()
            .find(|(_, cols)| {
                cols.len() == f.columns.len()
                    && cols
                        .iter()
                        .zip(&f.columns)
                        .all(|(a, b)| a.eq_ignore_ascii_case(b))
            })
            .and_then(|(name, _)| name.clone());
    }
    t.checks = parsed.checks;
    for c in &mut t.columns {
        c.identity = parsed
            .autoincrement
            .as_deref()
            .is_some_and(|a| a.eq_ignore_ascii_case(&c.name));
    }
}

#[derive(Debug, Default)]
struct CreateTableParts {
    primary_key_name: Option<String>,
    /// (constraint name, columns)
    foreign_keys: Vec<(Option<String>, Vec<String>)>,
    checks: Vec<LiveCheck>,
    /// The column declared `PRIMARY KEY AUTOINCREMENT`.
    autoincrement: Option<String>,
}

fn ident_list(toks: &[Token], open: usize) -> Vec<String> {
    split_list(toks, open)
        .into_iter()
        .filter_map(|p| p.first().map(|t| t.text.clone()))
        .collect()
}

fn parse_create_table_body(create: &str) -> CreateTableParts {
    let toks = tokens(create);
    let mut parts = CreateTableParts::default();
    let Some(open) = toks.iter().position(|t| t.kind == TokenKind::Open) else {
        return parts;
    };
    for def in split_list(&toks, open) {
        let Some(first) = def.first() else { continue };
        let is_table_constraint = ["CONSTRAINT", "PRIMARY", "FOREIGN", "CHECK", "UNIQUE"]
            .iter()
            .any(|k| first.is_word(k));
        let mut pending_name: Option<String> = None;
        let mut i = 0;
        while i < def.len() {
            let t = &def[i];
            if t.is_word("CONSTRAINT") {
                pending_name = def.get(i + 1).map(|n| n.text.clone());
                i += 2;
                continue;
            }
            if t.is_word("PRIMARY") {
                parts.primary_key_name = pending_name.take();
                if !is_table_constraint && def.iter().any(|x| x.is_word("AUTOINCREMENT")) {
                    parts.autoincrement = Some(first.text.clone());
                }
            } else if t.is_word("FOREIGN") {
                if let Some(o) = def[i..].iter().position(|x| x.kind == TokenKind::Open) {
                    parts
                        .foreign_keys
                        .push((pending_name.take(), ident_list(def, i + o)));
                }
            } else if t.is_word("REFERENCES") && !is_table_constraint {
                // A column-level reference: the column itself is the key.
                parts
                    .foreign_keys
                    .push((pending_name.take(), vec![first.text.clone()]));
            } else if t.is_word("CHECK") {
                if def.get(i + 1).is_some_and(|x| x.kind == TokenKind::Open) {
                    let close = matching_close(def, i + 1);
                    let expr = if close > i + 2 {
                        create[def[i + 2].start..def[close - 1].end].to_string()
                    } else {
                        String::new()
                    };
                    parts.checks.push(LiveCheck {
                        name: pending_name.take(),
                        expr,
                    });
                    i = close + 1;
                    continue;
                }
            } else if t.is_word("UNIQUE") || t.is_word("DEFAULT") || t.is_word("NOT") {
                pending_name = None;
            }
            i += 1;
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_table_text_yields_names_checks_and_autoincrement() {
        let p = parse_create_table_body(
            "CREATE TABLE x (Id INTEGER NOT NULL CONSTRAINT PK_x PRIMARY KEY AUTOINCREMENT, \
             V INTEGER CHECK (V > 0), P INTEGER REFERENCES y (Id), \
             CONSTRAINT FK_x_A FOREIGN KEY (A, B) REFERENCES z (A, B) ON DELETE CASCADE, \
             CONSTRAINT CK_x_S CHECK (S = 'a' OR (S = 'b')))",
        );
        assert_eq!(p.primary_key_name.as_deref(), Some("PK_x"));
        assert_eq!(p.autoincrement.as_deref(), Some("Id"));
        assert_eq!(
            p.foreign_keys,
            vec![
                (None, vec!["P".to_string()]),
                (
                    Some("FK_x_A".to_string()),
                    vec!["A".to_string(), "B".to_string()]
                )
            ]
        );
        assert_eq!(
            p.checks,
            vec![
                LiveCheck {
                    name: None,
                    expr: "V > 0".into()
                },
                LiveCheck {
                    name: Some("CK_x_S".into()),
                    expr: "S = 'a' OR (S = 'b')".into()
                }
            ]
        );
        let q = parse_create_table_body(
            "CREATE TABLE k (A TEXT NOT NULL, B TEXT, CONSTRAINT PK_k PRIMARY KEY (A, B))",
        );
        assert_eq!(q.primary_key_name.as_deref(), Some("PK_k"));
        assert_eq!(q.autoincrement, None);
    }

    #[test]
    fn partial_index_predicate_and_mssql_types() {
        assert_eq!(
            sqlite_index_filter(
                "CREATE UNIQUE INDEX u ON t (a, b) WHERE a IS NOT NULL AND IsActive = 1"
            )
            .as_deref(),
            Some("a IS NOT NULL AND IsActive = 1")
        );
        assert_eq!(sqlite_index_filter("CREATE INDEX i ON t (a)"), None);
        assert_eq!(mssql_type("nvarchar", 400, 0), "NVARCHAR(200)");
        assert_eq!(mssql_type("nvarchar", -1, 0), "NVARCHAR(MAX)");
        assert_eq!(mssql_type("varchar", 64, 0), "VARCHAR(64)");
        assert_eq!(mssql_type("timestamp", 8, 0), "ROWVERSION");
        assert_eq!(mssql_type("datetime2", 8, 7), "DATETIME2");
        assert_eq!(mssql_type("datetime2", 7, 3), "DATETIME2(3)");
        assert_eq!(mssql_type("int", 4, 0), "INT");
    }
}
