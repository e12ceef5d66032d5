//! The live schema as read from a catalog (or from DDL text), and its comparison with the model.

use super::sqltext::same_expr;
use ivr_domain::connection::Engine;
use ivr_domain::schema::drift::{DriftItem, DriftKind, ObjectKind};
use ivr_domain::schema::{
    Column, DefaultValue, SqlType, SqliteTextSearch, Table, SQLITE_TEXT_SEARCH,
};

/// Tables the model does not describe on purpose: the migration engine's history.
pub const IGNORED_TABLES: &[&str] = &["__schema_history"];

#[derive(Debug, Clone, Default, PartialEq)]
pub struct LiveSchema {
    /// SQL Server schemas found (`dbo`, `ivr`); `None` on SQLite, which has none.
    pub schemas: Option<Vec<String>>,
    pub tables: Vec<LiveTable>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct LiveTable {
    /// `None` on SQLite.
    pub schema: Option<String>,
    pub name: String,
    pub columns: Vec<LiveColumn>,
    pub primary_key: Option<LiveKey>,
    pub foreign_keys: Vec<LiveForeignKey>,
    pub indexes: Vec<LiveIndex>,
    pub checks: Vec<LiveCheck>,
    /// Trigger names (SQLite emulates ROWVERSION with one per table).
    pub triggers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LiveColumn {
    pub name: String,
    /// The engine's spelling: `NVARCHAR(200)`, `DATETIME2`, `ROWVERSION` / `INTEGER`, `TEXT`.
    pub ty: String,
    pub nullable: bool,
    /// The default expression as the engine stores it.
    pub default: Option<String>,
    pub identity: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LiveKey {
    /// `None` when the engine does not record a name (an unnamed SQLite key).
    pub name: Option<String>,
    pub columns: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LiveForeignKey {
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub ref_schema: Option<String>,
    pub ref_table: String,
    pub ref_columns: Vec<String>,
    pub on_delete_cascade: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LiveIndex {
    pub name: String,
    pub columns: Vec<String>,
    pub unique: bool,
    pub filter: Option<String>,
    pub include: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LiveCheck {
    pub name: Option<String>,
    pub expr: String,
}

/// The type a column must have on `engine`.
pub fn expected_type(c: &Column, engine: Engine) -> String {
    match engine {
        Engine::Mssql => c.ty.mssql(),
        Engine::Sqlite => c.ty.sqlite().to_string(),
    }
}

/// The default a column must have on `engine`, as DDL text.
pub fn expected_default(c: &Column, engine: Engine) -> Option<String> {
    if c.ty == SqlType::RowVersion {
        // ROWVERSION takes no default; the SQLite integer starts at 1.
        return (engine == Engine::Sqlite).then(|| "1".to_string());
    }
    Some(match (c.default?, engine) {
        (DefaultValue::Int(n), _) => n.to_string(),
        (DefaultValue::Text(s), _) => format!("'{}'", s.replace('\'', "''")),
        (DefaultValue::Now, Engine::Mssql) => "SYSUTCDATETIME()".into(),
        (DefaultValue::Now, Engine::Sqlite) => "strftime('%Y-%m-%dT%H:%M:%fZ','now')".into(),
        (DefaultValue::NewId, Engine::Mssql) => "NEWID()".into(),
        // The application supplies UUIDs on SQLite.
        (DefaultValue::NewId, Engine::Sqlite) => return None,
    })
}

/// Name of the trigger that bumps `RowVersion` on SQLite.
pub fn rowversion_trigger(table: &str) -> String {
    format!("TR_{table}_RowVersion")
}

fn eq_names(a: &[String], b: &[&str]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.eq_ignore_ascii_case(y))
}

fn list(v: &[impl AsRef<str>]) -> String {
    format!(
        "({})",
        v.iter().map(|s| s.as_ref()).collect::<Vec<_>>().join(", ")
    )
}

struct Report {
    items: Vec<DriftItem>,
}

impl Report {
    fn push(
        &mut self,
        kind: DriftKind,
        object: ObjectKind,
        table: &str,
        name: &str,
        expected: Option<String>,
        actual: Option<String>,
    ) {
        self.items.push(DriftItem {
            kind,
            object,
            table: table.to_string(),
            name: name.to_string(),
            expected,
            actual,
        });
    }
}

fn describe_fk_model(f: &ivr_domain::schema::ForeignKey, engine: Engine) -> String {
    let target = match (engine, ivr_domain::schema::table(f.ref_table)) {
        (Engine::Mssql, Some(t)) => t.qualified(),
        _ => f.ref_table.to_string(),
    };
    format!(
        "{} REFERENCES {} {}{}",
        list(f.columns),
        target,
        list(f.ref_columns),
        if f.on_delete_cascade {
            " ON DELETE CASCADE"
        } else {
            ""
        }
    )
}

fn describe_fk_live(f: &LiveForeignKey) -> String {
    let target = match &f.ref_schema {
        Some(s) => format!("{s}.{}", f.ref_table),
        None => f.ref_table.clone(),
    };
    format!(
        "{} REFERENCES {} {}{}",
        list(&f.columns),
        target,
        list(&f.ref_columns),
        if f.on_delete_cascade {
            " ON DELETE CASCADE"
        } else {
            ""
        }
    )
}

fn describe_index_model(i: &ivr_domain::schema::Index, engine: Engine) -> String {
    let mut s = format!(
        "{}{}",
        if i.unique { "UNIQUE " } else { "" },
        list(i.columns)
    );
    if engine == Engine::Mssql && !i.include.is_empty() {
        s.push_str(&format!(" INCLUDE {}", list(i.include)));
    }
    if let Some(f) = i.filter {
        s.push_str(&format!(" WHERE {f}"));
    }
    s
}

fn describe_index_live(i: &LiveIndex) -> String {
    let mut s = format!(
        "{}{}",
        if i.unique { "UNIQUE " } else { "" },
        list(&i.columns)
    );
    if !i.include.is_empty() {
        s.push_str(&format!(" INCLUDE {}", list(&i.include)));
    }
    if let Some(f) = &i.filter {
        s.push_str(&format!(" WHERE {f}"));
    }
    s
}

fn describe_column_model(c: &Column, engine: Engine) -> String {
    let mut s = expected_type(c, engine);
    if c.identity {
        s.push_str(" IDENTITY");
    }
    s.push_str(if c.nullable { " NULL" } else { " NOT NULL" });
    if let Some(d) = expected_default(c, engine) {
        s.push_str(&format!(" DEFAULT {d}"));
    }
    s
}

fn describe_column_live(c: &LiveColumn) -> String {
    let mut s = c.ty.clone();
    if c.identity {
        s.push_str(" IDENTITY");
    }
    s.push_str(if c.nullable { " NULL" } else { " NOT NULL" });
    if let Some(d) = &c.default {
        s.push_str(&format!(" DEFAULT {d}"));
    }
    s
}

fn same_default(expected: &Option<String>, actual: &Option<String>) -> bool {
    match (expected, actual) {
        (None, None) => true,
        (Some(e), Some(a)) => same_expr(e, a),
        _ => false,
    }
}

/// Compares the live schema with the model; an empty result means no drift.
pub fn compare(model: &[Table], live: &LiveSchema, engine: Engine) -> Vec<DriftItem> {
    use DriftKind::*;
    let mut r = Report { items: Vec::new() };

    if let Some(found) = &live.schemas {
        for s in ivr_domain::schema::SCHEMAS {
            if !found.iter().any(|f| f.eq_ignore_ascii_case(s)) {
                r.push(
                    Missing,
                    ObjectKind::Schema,
                    "",
                    s,
                    Some(s.to_string()),
                    None,
                );
            }
        }
    }

    let matches_table = |lt: &LiveTable, t: &Table| {
        lt.name.eq_ignore_ascii_case(t.name)
            && lt
                .schema
                .as_deref()
                .is_none_or(|s| s.eq_ignore_ascii_case(t.schema))
    };

    for t in model {
        let Some(lt) = live.tables.iter().find(|lt| matches_table(lt, t)) else {
            r.push(
                Missing,
                ObjectKind::Table,
                t.name,
                t.name,
                Some(t.qualified()),
                None,
            );
            continue;
        };
        compare_table(&mut r, t, lt, engine);
    }

    if engine == Engine::Sqlite {
        for s in SQLITE_TEXT_SEARCH {
            compare_text_search(&mut r, s, live);
        }
    }

    for lt in &live.tables {
        if IGNORED_TABLES
            .iter()
            .any(|i| i.eq_ignore_ascii_case(&lt.name))
            || model.iter().any(|t| matches_table(lt, t))
            || (engine == Engine::Sqlite && SQLITE_TEXT_SEARCH.iter().any(|s| s.owns(&lt.name)))
        {
            continue;
        }
        let actual = match &lt.schema {
            Some(s) => format!("{s}.{}", lt.name),
            None => lt.name.clone(),
        };
        r.push(
            Extra,
            ObjectKind::Table,
            &lt.name,
            &lt.name,
            None,
            Some(actual),
        );
    }
    r.items
}

/// An SQLite FTS5 index of the model: present with its vocabulary, and kept by its triggers on the
/// source table.
fn compare_text_search(r: &mut Report, s: &SqliteTextSearch, live: &LiveSchema) {
    use DriftKind::*;
    let expected = || format!("FTS5 trigram index of {} kept by triggers", s.source);
    let exists = |name: &str| {
        live.tables
            .iter()
            .any(|lt| lt.name.eq_ignore_ascii_case(name))
    };
    if !exists(s.name) {
        r.push(
            Missing,
            ObjectKind::Table,
            s.name,
            s.name,
            Some(expected()),
            None,
        );
        return;
    }
    if !exists(s.vocabulary) {
        r.push(
            Missing,
            ObjectKind::Table,
            s.vocabulary,
            s.vocabulary,
            Some(format!("fts5vocab table of {}", s.name)),
            None,
        );
    }
    let triggers: &[String] = live
        .tables
        .iter()
        .find(|lt| lt.name.eq_ignore_ascii_case(s.source))
        .map(|lt| lt.triggers.as_slice())
        .unwrap_or_default();
    for trig in s.triggers {
        if !triggers.iter().any(|x| x.eq_ignore_ascii_case(trig)) {
            r.push(
                Different,
                ObjectKind::Table,
                s.name,
                s.name,
                Some(format!("{}, among them {trig}", expected())),
                Some(format!("no trigger {trig} on {}", s.source)),
            );
        }
    }
}

/// Every difference between one model table and the live table of that name.
fn compare_table(r: &mut Report, t: &Table, lt: &LiveTable, engine: Engine) {
    compare_columns(r, t, lt, engine);
    compare_primary_key(r, t, lt);
    compare_foreign_keys(r, t, lt, engine);
    compare_indexes(r, t, lt, engine);
    compare_checks(r, t, lt);
}

/// The model's columns against the live ones (type, nullability, identity, default; on SQLite the
/// row-version trigger), and live columns the model does not have.
fn compare_columns(r: &mut Report, t: &Table, lt: &LiveTable, engine: Engine) {
    use DriftKind::*;
    let tn = t.name;
    for c in t.columns {
        let Some(lc) = lt
            .columns
            .iter()
            .find(|lc| lc.name.eq_ignore_ascii_case(c.name))
        else {
            r.push(
                Missing,
                ObjectKind::Column,
                tn,
                c.name,
                Some(describe_column_model(c, engine)),
                None,
            );
            continue;
        };
        let ok = lc.ty.eq_ignore_ascii_case(&expected_type(c, engine))
            && lc.nullable == c.nullable
            && lc.identity == c.identity
            && same_default(&expected_default(c, engine), &lc.default);
        if !ok {
            r.push(
                Different,
                ObjectKind::Column,
                tn,
                c.name,
                Some(describe_column_model(c, engine)),
                Some(describe_column_live(lc)),
            );
        }
        if engine == Engine::Sqlite && c.ty == SqlType::RowVersion {
            let trig = rowversion_trigger(tn);
            if !lt.triggers.iter().any(|x| x.eq_ignore_ascii_case(&trig)) {
                r.push(
                    Different,
                    ObjectKind::Column,
                    tn,
                    c.name,
                    Some(format!("bumped on update by trigger {trig}")),
                    Some("no such trigger".into()),
                );
            }
        }
    }
    for lc in &lt.columns {
        if t.column(&lc.name).is_none() {
            r.push(
                Extra,
                ObjectKind::Column,
                tn,
                &lc.name,
                None,
                Some(describe_column_live(lc)),
            );
        }
    }
}

/// The primary key: its name and columns.
fn compare_primary_key(r: &mut Report, t: &Table, lt: &LiveTable) {
    use DriftKind::*;
    let tn = t.name;
    let expected_pk = format!("{} {}", t.primary_key_name, list(t.primary_key));
    match &lt.primary_key {
        None => r.push(
            Missing,
            ObjectKind::PrimaryKey,
            tn,
            t.primary_key_name,
            Some(expected_pk),
            None,
        ),
        Some(pk) => {
            let name_ok = pk
                .name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(t.primary_key_name));
            if !name_ok || !eq_names(&pk.columns, t.primary_key) {
                r.push(
                    Different,
                    ObjectKind::PrimaryKey,
                    tn,
                    t.primary_key_name,
                    Some(expected_pk),
                    Some(format!(
                        "{} {}",
                        pk.name.as_deref().unwrap_or("(unnamed)"),
                        list(&pk.columns)
                    )),
                );
            }
        }
    }
}

/// Foreign keys by name: columns, referenced table and columns, cascade; unknown live ones.
fn compare_foreign_keys(r: &mut Report, t: &Table, lt: &LiveTable, engine: Engine) {
    use DriftKind::*;
    let tn = t.name;
    for f in t.foreign_keys {
        let found = lt.foreign_keys.iter().find(|lf| {
            lf.name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(f.name))
        });
        let Some(lf) = found else {
            r.push(
                Missing,
                ObjectKind::ForeignKey,
                tn,
                f.name,
                Some(describe_fk_model(f, engine)),
                None,
            );
            continue;
        };
        let ref_schema_ok = match (&lf.ref_schema, ivr_domain::schema::table(f.ref_table)) {
            (Some(s), Some(rt)) => s.eq_ignore_ascii_case(rt.schema),
            _ => true,
        };
        let ok = eq_names(&lf.columns, f.columns)
            && lf.ref_table.eq_ignore_ascii_case(f.ref_table)
            && ref_schema_ok
            && eq_names(&lf.ref_columns, f.ref_columns)
            && lf.on_delete_cascade == f.on_delete_cascade;
        if !ok {
            r.push(
                Different,
                ObjectKind::ForeignKey,
                tn,
                f.name,
                Some(describe_fk_model(f, engine)),
                Some(describe_fk_live(lf)),
            );
        }
    }
    for lf in &lt.foreign_keys {
        let known = lf.name.as_deref().is_some_and(|n| {
            t.foreign_keys
                .iter()
                .any(|f| f.name.eq_ignore_ascii_case(n))
        });
        if !known {
            let name = lf
                .name
                .clone()
                .unwrap_or_else(|| format!("(unnamed) {}", list(&lf.columns)));
            r.push(
                Extra,
                ObjectKind::ForeignKey,
                tn,
                &name,
                None,
                Some(describe_fk_live(lf)),
            );
        }
    }
}

/// Indexes by name: uniqueness, columns, filter, INCLUDE columns (not on SQLite); unknown live ones.
fn compare_indexes(r: &mut Report, t: &Table, lt: &LiveTable, engine: Engine) {
    use DriftKind::*;
    let tn = t.name;
    for i in t.indexes {
        let Some(li) = lt
            .indexes
            .iter()
            .find(|li| li.name.eq_ignore_ascii_case(i.name))
        else {
            r.push(
                Missing,
                ObjectKind::Index,
                tn,
                i.name,
                Some(describe_index_model(i, engine)),
                None,
            );
            continue;
        };
        let filter_ok = match (i.filter, &li.filter) {
            (None, None) => true,
            (Some(e), Some(a)) => same_expr(e, a),
            _ => false,
        };
        // SQLite has no INCLUDE columns: the model's are ignored there.
        let include_ok = engine == Engine::Sqlite || eq_names(&li.include, i.include);
        if !(li.unique == i.unique && eq_names(&li.columns, i.columns) && filter_ok && include_ok) {
            r.push(
                Different,
                ObjectKind::Index,
                tn,
                i.name,
                Some(describe_index_model(i, engine)),
                Some(describe_index_live(li)),
            );
        }
    }
    for li in &lt.indexes {
        if !t
            .indexes
            .iter()
            .any(|i| i.name.eq_ignore_ascii_case(&li.name))
        {
            r.push(
                Extra,
                ObjectKind::Index,
                tn,
                &li.name,
                None,
                Some(describe_index_live(li)),
            );
        }
    }
}

/// CHECK constraints by name and expression; unknown live ones.
fn compare_checks(r: &mut Report, t: &Table, lt: &LiveTable) {
    use DriftKind::*;
    let tn = t.name;
    for c in t.checks {
        let found = lt.checks.iter().find(|lc| {
            lc.name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(c.name))
        });
        match found {
            None => r.push(
                Missing,
                ObjectKind::Check,
                tn,
                c.name,
                Some(c.expr.to_string()),
                None,
            ),
            Some(lc) if !same_expr(c.expr, &lc.expr) => r.push(
                Different,
                ObjectKind::Check,
                tn,
                c.name,
                Some(c.expr.to_string()),
                Some(lc.expr.clone()),
            ),
            Some(_) => {}
        }
    }
    for lc in &lt.checks {
        let known = lc
            .name
            .as_deref()
            .is_some_and(|n| t.checks.iter().any(|c| c.name.eq_ignore_ascii_case(n)));
        if !known {
            r.push(
                Extra,
                ObjectKind::Check,
                tn,
                lc.name.as_deref().unwrap_or("(unnamed)"),
                None,
                Some(lc.expr.clone()),
            );
        }
    }
}
