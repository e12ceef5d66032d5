//! Dictionaries: one-round-trip read of all of them, and the audited admin edits of languages,
//! voices and company projects. Each edit: read/lock the current row and check references, write,
//! audit — one transaction.

use crate::audit::{self, Actor, Change};
use crate::db::{Conn, Db};
use crate::queries;
use crate::value::{Row, Value};
use ivr_domain::dict::*;
use ivr_domain::routing::parse_stored_json;
use ivr_domain::{Error, ErrorCode, Result};

queries! {
    /// Every dictionary: nine result sets in one round trip.
    DICT_ALL {
        mssql: "SELECT EnvironmentId, Code, DisplayName, IsActive FROM dbo.cfg_Dic_Environment ORDER BY EnvironmentId; \
                SELECT LanguageCode, DisplayName, IsActive FROM dbo.cfg_Dic_Language ORDER BY LanguageCode; \
                SELECT VoiceId, Code, Engine, Language, Gender, DisplayName, IsActive FROM dbo.cfg_Dic_Voice ORDER BY Language, Code; \
                SELECT DicKeyTypeId, Code, DisplayName, IsActive FROM dbo.cfg_Dic_KeyType ORDER BY DicKeyTypeId; \
                SELECT DicSegmentTypeId, Code, DisplayName, Category, IsTerminal, IsActive FROM dbo.cfg_Dic_SegmentType ORDER BY Code; \
                SELECT k.DicKeyId, k.DicSegmentTypeId, k.KeyName, k.DicKeyTypeId, kt.Code AS KeyType, k.IsRequired, k.DefaultValue, k.ValidationSchema, k.IsActive \
                  FROM dbo.cfg_Dic_Key AS k LEFT JOIN dbo.cfg_Dic_KeyType AS kt ON kt.DicKeyTypeId = k.DicKeyTypeId ORDER BY k.DicSegmentTypeId, k.DicKeyId; \
                SELECT MessageTypeId, Code, DisplayName, SettingsSchema, DefaultSettings, IsActive FROM ivr.msg_Dic_MessageType ORDER BY Code; \
                SELECT CategoryId, Code, DisplayName, Icon, Color, IsActive FROM ivr.msg_Dic_MessageCategory ORDER BY Code; \
                SELECT cp.CompanyProjectId, cp.EnvironmentId, e.Code AS EnvironmentCode, cp.CustomerId, cp.ProjectId, cp.DisplayName, cp.OktaGroup, cp.IsActive, \
                       cp.CreatedAt, cp.CreatedBy, cp.UpdatedAt, cp.UpdatedBy \
                  FROM dbo.cfg_Dic_CompanyProject AS cp LEFT JOIN dbo.cfg_Dic_Environment AS e ON e.EnvironmentId = cp.EnvironmentId \
                  ORDER BY cp.EnvironmentId, cp.CustomerId, cp.ProjectId",
        sqlite: [
            "SELECT EnvironmentId, Code, DisplayName, IsActive FROM cfg_Dic_Environment ORDER BY EnvironmentId",
            "SELECT LanguageCode, DisplayName, IsActive FROM cfg_Dic_Language ORDER BY LanguageCode",
            "SELECT VoiceId, Code, Engine, Language, Gender, DisplayName, IsActive FROM cfg_Dic_Voice ORDER BY Language, Code",
            "SELECT DicKeyTypeId, Code, DisplayName, IsActive FROM cfg_Dic_KeyType ORDER BY DicKeyTypeId",
            "SELECT DicSegmentTypeId, Code, DisplayName, Category, IsTerminal, IsActive FROM cfg_Dic_SegmentType ORDER BY Code",
            "SELECT k.DicKeyId, k.DicSegmentTypeId, k.KeyName, k.DicKeyTypeId, kt.Code AS KeyType, k.IsRequired, k.DefaultValue, k.ValidationSchema, k.IsActive \
               FROM cfg_Dic_Key AS k LEFT JOIN cfg_Dic_KeyType AS kt ON kt.DicKeyTypeId = k.DicKeyTypeId ORDER BY k.DicSegmentTypeId, k.DicKeyId",
            "SELECT MessageTypeId, Code, DisplayName, SettingsSchema, DefaultSettings, IsActive FROM msg_Dic_MessageType ORDER BY Code",
            "SELECT CategoryId, Code, DisplayName, Icon, Color, IsActive FROM msg_Dic_MessageCategory ORDER BY Code",
            "SELECT cp.CompanyProjectId, cp.EnvironmentId, e.Code AS EnvironmentCode, cp.CustomerId, cp.ProjectId, cp.DisplayName, cp.OktaGroup, cp.IsActive, \
                    cp.CreatedAt, cp.CreatedBy, cp.UpdatedAt, cp.UpdatedBy \
               FROM cfg_Dic_CompanyProject AS cp LEFT JOIN cfg_Dic_Environment AS e ON e.EnvironmentId = cp.EnvironmentId \
               ORDER BY cp.EnvironmentId, cp.CustomerId, cp.ProjectId",
        ],
    }

    /// Parameter: LanguageCode. Locked on SQL Server (inside an edit).
    LANGUAGE_LOCK {
        mssql: "SELECT LanguageCode, DisplayName, IsActive FROM dbo.cfg_Dic_Language WITH (UPDLOCK, HOLDLOCK) WHERE LanguageCode = CAST(@P1 AS VARCHAR(8000))",
        sqlite: ["SELECT LanguageCode, DisplayName, IsActive FROM cfg_Dic_Language WHERE LanguageCode = ?1"],
    }

    /// Parameters: LanguageCode, DisplayName.
    LANGUAGE_INSERT {
        mssql: "INSERT INTO dbo.cfg_Dic_Language (LanguageCode, DisplayName, IsActive) VALUES (@P1, @P2, 1)",
        sqlite: ["INSERT INTO cfg_Dic_Language (LanguageCode, DisplayName, IsActive) VALUES (?1, ?2, 1)"],
    }

    /// Parameters: LanguageCode, DisplayName, IsActive; returns the row.
    LANGUAGE_UPDATE {
        mssql: "UPDATE dbo.cfg_Dic_Language SET DisplayName = @P2, IsActive = @P3 WHERE LanguageCode = @P1; \
                SELECT LanguageCode, DisplayName, IsActive FROM dbo.cfg_Dic_Language WHERE LanguageCode = @P1",
        sqlite: [
            "UPDATE cfg_Dic_Language SET DisplayName = ?2, IsActive = ?3 WHERE LanguageCode = ?1",
            "SELECT LanguageCode, DisplayName, IsActive FROM cfg_Dic_Language WHERE LanguageCode = ?1",
        ],
    }

    /// Inside a voice edit: is the language usable, is the code taken by another voice, and the
    /// current voice. Parameters: Language, Code, VoiceId or NULL.
    VOICE_CHECK {
        mssql: "SELECT \
                  CASE WHEN EXISTS (SELECT 1 FROM dbo.cfg_Dic_Language WITH (HOLDLOCK) WHERE LanguageCode = CAST(@P1 AS VARCHAR(8000)) AND IsActive = 1) THEN 1 ELSE 0 END AS LanguageOk, \
                  CASE WHEN EXISTS (SELECT 1 FROM dbo.cfg_Dic_Voice WITH (UPDLOCK, HOLDLOCK) WHERE Code = CAST(@P2 AS VARCHAR(8000)) AND (@P3 IS NULL OR VoiceId <> @P3)) THEN 1 ELSE 0 END AS CodeTaken; \
                SELECT VoiceId, Code, Engine, Language, Gender, DisplayName, IsActive FROM dbo.cfg_Dic_Voice WITH (UPDLOCK) WHERE VoiceId = @P3",
        sqlite: [
            "SELECT EXISTS (SELECT 1 FROM cfg_Dic_Language WHERE LanguageCode = ?1 AND IsActive = 1) AS LanguageOk, \
                    EXISTS (SELECT 1 FROM cfg_Dic_Voice WHERE Code = ?2 AND (?3 IS NULL OR VoiceId <> ?3)) AS CodeTaken",
            "SELECT VoiceId, Code, Engine, Language, Gender, DisplayName, IsActive FROM cfg_Dic_Voice WHERE VoiceId = ?3",
        ],
    }

    /// Parameter: VoiceId. Locked on SQL Server.
    VOICE_LOCK {
        mssql: "SELECT VoiceId, Code, Engine, Language, Gender, DisplayName, IsActive FROM dbo.cfg_Dic_Voice WITH (UPDLOCK) WHERE VoiceId = @P1",
        sqlite: ["SELECT VoiceId, Code, Engine, Language, Gender, DisplayName, IsActive FROM cfg_Dic_Voice WHERE VoiceId = ?1"],
    }

    /// Parameters: Code, Engine, Language, Gender, DisplayName; returns the row.
    VOICE_INSERT {
        mssql: "INSERT INTO dbo.cfg_Dic_Voice (Code, Engine, Language, Gender, DisplayName, IsActive) VALUES (@P1, @P2, @P3, @P4, @P5, 1); \
                SELECT VoiceId, Code, Engine, Language, Gender, DisplayName, IsActive FROM dbo.cfg_Dic_Voice WHERE VoiceId = CAST(SCOPE_IDENTITY() AS INT)",
        sqlite: [
            "INSERT INTO cfg_Dic_Voice (Code, Engine, Language, Gender, DisplayName, IsActive) VALUES (?1, ?2, ?3, ?4, ?5, 1)",
            "SELECT VoiceId, Code, Engine, Language, Gender, DisplayName, IsActive FROM cfg_Dic_Voice WHERE Code = ?1",
        ],
    }

    /// Parameters: VoiceId, Code, Engine, Language, Gender, DisplayName, IsActive; returns the row.
    VOICE_UPDATE {
        mssql: "UPDATE dbo.cfg_Dic_Voice SET Code = @P2, Engine = @P3, Language = @P4, Gender = @P5, DisplayName = @P6, IsActive = @P7 WHERE VoiceId = @P1; \
                SELECT VoiceId, Code, Engine, Language, Gender, DisplayName, IsActive FROM dbo.cfg_Dic_Voice WHERE VoiceId = @P1",
        sqlite: [
            "UPDATE cfg_Dic_Voice SET Code = ?2, Engine = ?3, Language = ?4, Gender = ?5, DisplayName = ?6, IsActive = ?7 WHERE VoiceId = ?1",
            "SELECT VoiceId, Code, Engine, Language, Gender, DisplayName, IsActive FROM cfg_Dic_Voice WHERE VoiceId = ?1",
        ],
    }

    /// Inside a company-project edit: does the environment exist, is (environment, customer,
    /// project) taken by another row, and the current row. Parameters: EnvironmentId, CustomerId,
    /// ProjectId, CompanyProjectId or NULL.
    PROJECT_CHECK {
        mssql: "SELECT \
                  CASE WHEN EXISTS (SELECT 1 FROM dbo.cfg_Dic_Environment WITH (HOLDLOCK) WHERE EnvironmentId = @P1 AND IsActive = 1) THEN 1 ELSE 0 END AS EnvironmentOk, \
                  CASE WHEN EXISTS (SELECT 1 FROM dbo.cfg_Dic_CompanyProject WITH (UPDLOCK, HOLDLOCK) WHERE EnvironmentId = @P1 AND CustomerId = CAST(@P2 AS VARCHAR(8000)) AND ProjectId = CAST(@P3 AS VARCHAR(8000)) AND (@P4 IS NULL OR CompanyProjectId <> @P4)) THEN 1 ELSE 0 END AS Taken; \
                SELECT cp.CompanyProjectId, cp.EnvironmentId, e.Code AS EnvironmentCode, cp.CustomerId, cp.ProjectId, cp.DisplayName, cp.OktaGroup, cp.IsActive, cp.CreatedAt, cp.CreatedBy, cp.UpdatedAt, cp.UpdatedBy \
                FROM dbo.cfg_Dic_CompanyProject AS cp WITH (UPDLOCK) LEFT JOIN dbo.cfg_Dic_Environment AS e ON e.EnvironmentId = cp.EnvironmentId WHERE cp.CompanyProjectId = @P4",
        sqlite: [
            "SELECT EXISTS (SELECT 1 FROM cfg_Dic_Environment WHERE EnvironmentId = ?1 AND IsActive = 1) AS EnvironmentOk, \
                    EXISTS (SELECT 1 FROM cfg_Dic_CompanyProject WHERE EnvironmentId = ?1 AND CustomerId = ?2 AND ProjectId = ?3 AND (?4 IS NULL OR CompanyProjectId <> ?4)) AS Taken",
            "SELECT cp.CompanyProjectId, cp.EnvironmentId, e.Code AS EnvironmentCode, cp.CustomerId, cp.ProjectId, cp.DisplayName, cp.OktaGroup, cp.IsActive, cp.CreatedAt, cp.CreatedBy, cp.UpdatedAt, cp.UpdatedBy \
             FROM cfg_Dic_CompanyProject AS cp LEFT JOIN cfg_Dic_Environment AS e ON e.EnvironmentId = cp.EnvironmentId WHERE cp.CompanyProjectId = ?4",
        ],
    }

    /// Parameter: CompanyProjectId. Locked on SQL Server.
    PROJECT_LOCK {
        mssql: "SELECT cp.CompanyProjectId, cp.EnvironmentId, e.Code AS EnvironmentCode, cp.CustomerId, cp.ProjectId, cp.DisplayName, cp.OktaGroup, cp.IsActive, cp.CreatedAt, cp.CreatedBy, cp.UpdatedAt, cp.UpdatedBy \
                FROM dbo.cfg_Dic_CompanyProject AS cp WITH (UPDLOCK) LEFT JOIN dbo.cfg_Dic_Environment AS e ON e.EnvironmentId = cp.EnvironmentId WHERE cp.CompanyProjectId = @P1",
        sqlite: ["SELECT cp.CompanyProjectId, cp.EnvironmentId, e.Code AS EnvironmentCode, cp.CustomerId, cp.ProjectId, cp.DisplayName, cp.OktaGroup, cp.IsActive, cp.CreatedAt, cp.CreatedBy, cp.UpdatedAt, cp.UpdatedBy \
                  FROM cfg_Dic_CompanyProject AS cp LEFT JOIN cfg_Dic_Environment AS e ON e.EnvironmentId = cp.EnvironmentId WHERE cp.CompanyProjectId = ?1"],
    }

    /// Parameters: EnvironmentId, CustomerId, ProjectId, DisplayName, OktaGroup, actor; returns the row.
    PROJECT_INSERT {
        mssql: "INSERT INTO dbo.cfg_Dic_CompanyProject (EnvironmentId, CustomerId, ProjectId, DisplayName, OktaGroup, IsActive, CreatedBy) VALUES (@P1, @P2, @P3, @P4, @P5, 1, @P6); \
                SELECT cp.CompanyProjectId, cp.EnvironmentId, e.Code AS EnvironmentCode, cp.CustomerId, cp.ProjectId, cp.DisplayName, cp.OktaGroup, cp.IsActive, cp.CreatedAt, cp.CreatedBy, cp.UpdatedAt, cp.UpdatedBy \
                FROM dbo.cfg_Dic_CompanyProject AS cp LEFT JOIN dbo.cfg_Dic_Environment AS e ON e.EnvironmentId = cp.EnvironmentId WHERE cp.CompanyProjectId = CAST(SCOPE_IDENTITY() AS INT)",
        sqlite: [
            "INSERT INTO cfg_Dic_CompanyProject (EnvironmentId, CustomerId, ProjectId, DisplayName, OktaGroup, IsActive, CreatedBy) VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6)",
            "SELECT cp.CompanyProjectId, cp.EnvironmentId, e.Code AS EnvironmentCode, cp.CustomerId, cp.ProjectId, cp.DisplayName, cp.OktaGroup, cp.IsActive, cp.CreatedAt, cp.CreatedBy, cp.UpdatedAt, cp.UpdatedBy \
             FROM cfg_Dic_CompanyProject AS cp LEFT JOIN cfg_Dic_Environment AS e ON e.EnvironmentId = cp.EnvironmentId \
             WHERE cp.EnvironmentId = ?1 AND cp.CustomerId = ?2 AND cp.ProjectId = ?3",
        ],
    }

    /// Parameters: CompanyProjectId, EnvironmentId, CustomerId, ProjectId, DisplayName, OktaGroup,
    /// IsActive, actor; returns the row.
    PROJECT_UPDATE {
        mssql: "UPDATE dbo.cfg_Dic_CompanyProject SET EnvironmentId = @P2, CustomerId = @P3, ProjectId = @P4, DisplayName = @P5, OktaGroup = @P6, IsActive = @P7, \
                  UpdatedAt = SYSUTCDATETIME(), UpdatedBy = @P8 WHERE CompanyProjectId = @P1; \
                SELECT cp.CompanyProjectId, cp.EnvironmentId, e.Code AS EnvironmentCode, cp.CustomerId, cp.ProjectId, cp.DisplayName, cp.OktaGroup, cp.IsActive, cp.CreatedAt, cp.CreatedBy, cp.UpdatedAt, cp.UpdatedBy \
                FROM dbo.cfg_Dic_CompanyProject AS cp LEFT JOIN dbo.cfg_Dic_Environment AS e ON e.EnvironmentId = cp.EnvironmentId WHERE cp.CompanyProjectId = @P1",
        sqlite: [
            "UPDATE cfg_Dic_CompanyProject SET EnvironmentId = ?2, CustomerId = ?3, ProjectId = ?4, DisplayName = ?5, OktaGroup = ?6, IsActive = ?7, \
               UpdatedAt = strftime('%Y-%m-%dT%H:%M:%fZ','now'), UpdatedBy = ?8 WHERE CompanyProjectId = ?1",
            "SELECT cp.CompanyProjectId, cp.EnvironmentId, e.Code AS EnvironmentCode, cp.CustomerId, cp.ProjectId, cp.DisplayName, cp.OktaGroup, cp.IsActive, cp.CreatedAt, cp.CreatedBy, cp.UpdatedAt, cp.UpdatedBy \
             FROM cfg_Dic_CompanyProject AS cp LEFT JOIN cfg_Dic_Environment AS e ON e.EnvironmentId = cp.EnvironmentId WHERE cp.CompanyProjectId = ?1",
        ],
    }

    /// Parameter: environment code (dvp/acc/prd). For the demo data and the CLI.
    ENVIRONMENT_BY_CODE {
        mssql: "SELECT EnvironmentId, Code, DisplayName, IsActive FROM dbo.cfg_Dic_Environment WHERE Code = CAST(@P1 AS VARCHAR(8000))",
        sqlite: ["SELECT EnvironmentId, Code, DisplayName, IsActive FROM cfg_Dic_Environment WHERE Code = ?1"],
    }

    /// Parameters: Code, DisplayName; returns the row.
    ENVIRONMENT_INSERT {
        mssql: "INSERT INTO dbo.cfg_Dic_Environment (Code, DisplayName, IsActive) VALUES (@P1, @P2, 1); \
                SELECT EnvironmentId, Code, DisplayName, IsActive FROM dbo.cfg_Dic_Environment WHERE Code = CAST(@P1 AS VARCHAR(8000))",
        sqlite: [
            "INSERT INTO cfg_Dic_Environment (Code, DisplayName, IsActive) VALUES (?1, ?2, 1)",
            "SELECT EnvironmentId, Code, DisplayName, IsActive FROM cfg_Dic_Environment WHERE Code = ?1",
        ],
    }

    /// Parameters: EnvironmentId, CustomerId, ProjectId.
    PROJECT_BY_KEY {
        mssql: "SELECT cp.CompanyProjectId, cp.EnvironmentId, e.Code AS EnvironmentCode, cp.CustomerId, cp.ProjectId, cp.DisplayName, cp.OktaGroup, cp.IsActive, cp.CreatedAt, cp.CreatedBy, cp.UpdatedAt, cp.UpdatedBy \
                FROM dbo.cfg_Dic_CompanyProject AS cp LEFT JOIN dbo.cfg_Dic_Environment AS e ON e.EnvironmentId = cp.EnvironmentId \
                WHERE cp.EnvironmentId = @P1 AND cp.CustomerId = CAST(@P2 AS VARCHAR(8000)) AND cp.ProjectId = CAST(@P3 AS VARCHAR(8000))",
        sqlite: ["SELECT cp.CompanyProjectId, cp.EnvironmentId, e.Code AS EnvironmentCode, cp.CustomerId, cp.ProjectId, cp.DisplayName, cp.OktaGroup, cp.IsActive, cp.CreatedAt, cp.CreatedBy, cp.UpdatedAt, cp.UpdatedBy \
                  FROM cfg_Dic_CompanyProject AS cp LEFT JOIN cfg_Dic_Environment AS e ON e.EnvironmentId = cp.EnvironmentId \
                  WHERE cp.EnvironmentId = ?1 AND cp.CustomerId = ?2 AND cp.ProjectId = ?3"],
    }
}

fn json_col(r: &Row, name: &str) -> Result<Option<serde_json::Value>> {
    Ok(r.opt_str(name)?.map(|s| parse_stored_json(&s)))
}

fn read_environment(r: &Row) -> Result<Environment> {
    Ok(Environment {
        environment_id: r.i64("EnvironmentId")?,
        code: r.str("Code")?,
        display_name: r.str("DisplayName")?,
        is_active: r.bool("IsActive")?,
    })
}

fn read_language(r: &Row) -> Result<Language> {
    Ok(Language {
        language_code: r.str("LanguageCode")?,
        display_name: r.str("DisplayName")?,
        is_active: r.bool("IsActive")?,
    })
}

fn read_voice(r: &Row) -> Result<Voice> {
    Ok(Voice {
        voice_id: r.i64("VoiceId")?,
        code: r.str("Code")?,
        engine: r.str("Engine")?,
        language: r.str("Language")?,
        gender: r.opt_str("Gender")?,
        display_name: r.str("DisplayName")?,
        is_active: r.bool("IsActive")?,
    })
}

fn read_project(r: &Row) -> Result<CompanyProject> {
    Ok(CompanyProject {
        company_project_id: r.i64("CompanyProjectId")?,
        environment_id: r.i64("EnvironmentId")?,
        environment_code: r.opt_str("EnvironmentCode")?,
        customer_id: r.str("CustomerId")?,
        project_id: r.str("ProjectId")?,
        display_name: r.str("DisplayName")?,
        okta_group: r.opt_str("OktaGroup")?,
        is_active: r.bool("IsActive")?,
        created_at: r.str("CreatedAt")?,
        created_by: r.str("CreatedBy")?,
        updated_at: r.opt_str("UpdatedAt")?,
        updated_by: r.opt_str("UpdatedBy")?,
    })
}

fn read_all<T>(rows: &[Row], f: fn(&Row) -> Result<T>) -> Result<Vec<T>> {
    rows.iter().map(f).collect()
}

/// Every dictionary: one statement.
pub async fn all(db: &Db) -> Result<Dictionaries> {
    let sets = db.query_sets(&DICT_ALL, &[]).await?;
    if sets.len() != 9 {
        return Err(Error::internal(format!(
            "the dictionary read returned {} result sets instead of 9",
            sets.len()
        )));
    }
    let environments = read_all(&sets[0], read_environment)?;
    let languages = read_all(&sets[1], read_language)?;
    let voices = read_all(&sets[2], read_voice)?;
    let key_types = sets[3]
        .iter()
        .map(|r| {
            Ok(KeyType {
                dic_key_type_id: r.i64("DicKeyTypeId")?,
                code: r.str("Code")?,
                display_name: r.str("DisplayName")?,
                is_active: r.bool("IsActive")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let mut segment_types = sets[4]
        .iter()
        .map(|r| {
            Ok(SegmentType {
                dic_segment_type_id: r.i64("DicSegmentTypeId")?,
                code: r.str("Code")?,
                display_name: r.str("DisplayName")?,
                category: r.opt_str("Category")?,
                is_terminal: r.bool("IsTerminal")?,
                is_active: r.bool("IsActive")?,
                keys: Vec::new(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    for r in &sets[5] {
        let type_id = r.i64("DicSegmentTypeId")?;
        let key = SegmentKey {
            dic_key_id: r.i64("DicKeyId")?,
            key_name: r.str("KeyName")?,
            dic_key_type_id: r.i64("DicKeyTypeId")?,
            key_type: r.opt_str("KeyType")?,
            is_required: r.bool("IsRequired")?,
            default_value: r.opt_str("DefaultValue")?,
            validation_schema: json_col(r, "ValidationSchema")?,
            is_active: r.bool("IsActive")?,
        };
        if let Some(t) = segment_types
            .iter_mut()
            .find(|t| t.dic_segment_type_id == type_id)
        {
            t.keys.push(key);
        }
    }
    let message_types = sets[6]
        .iter()
        .map(|r| {
            Ok(MessageType {
                message_type_id: r.i64("MessageTypeId")?,
                code: r.str("Code")?,
                display_name: r.str("DisplayName")?,
                settings_schema: json_col(r, "SettingsSchema")?,
                default_settings: json_col(r, "DefaultSettings")?,
                is_active: r.bool("IsActive")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let message_categories = sets[7]
        .iter()
        .map(|r| {
            Ok(MessageCategory {
                category_id: r.i64("CategoryId")?,
                code: r.str("Code")?,
                display_name: r.str("DisplayName")?,
                icon: r.opt_str("Icon")?,
                color: r.opt_str("Color")?,
                is_active: r.bool("IsActive")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let company_projects = read_all(&sets[8], read_project)?;
    Ok(Dictionaries {
        environments,
        languages,
        voices,
        key_types,
        segment_types,
        message_types,
        message_categories,
        company_projects,
    })
}

fn to_json<T: serde::Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

async fn audit_edit<T: serde::Serialize>(
    c: &mut Conn,
    actor: &Actor,
    entity_type: &str,
    entity_id: &str,
    action: &str,
    before: Option<&T>,
    after: &T,
) -> Result<()> {
    let before = before.map(to_json);
    let after = to_json(after);
    audit::write(
        c,
        actor,
        Change {
            entity_type,
            entity_id,
            action,
            before: before.as_ref(),
            after: Some(&after),
        },
    )
    .await
}

async fn lock_language(c: &mut Conn, code: &str) -> Result<Option<Language>> {
    let rows = c.query(&LANGUAGE_LOCK, &[code.into()]).await?;
    rows.first().map(read_language).transpose()
}

fn language_missing(code: &str) -> Error {
    Error::not_found(format!(
        "language `{code}` is not in the language dictionary; add it with `ivr dict language add`"
    ))
}

/// Adds a language (validated fields expected). An existing code is CONFLICT.
pub async fn language_add(db: &Db, actor: &Actor, f: &LanguageFields) -> Result<Language> {
    db.transaction(async |c| {
        if let Some(existing) = lock_language(c, &f.language_code).await? {
            return Err(Error::conflict(format!(
                "language `{}` already exists ({}{}); rename or reactivate it instead",
                existing.language_code,
                existing.display_name,
                if existing.is_active { "" } else { ", inactive" }
            )));
        }
        c.execute(
            &LANGUAGE_INSERT,
            &[
                f.language_code.as_str().into(),
                f.display_name.as_str().into(),
            ],
        )
        .await?;
        let lang = Language {
            language_code: f.language_code.clone(),
            display_name: f.display_name.clone(),
            is_active: true,
        };
        audit_edit(
            c,
            actor,
            ENTITY_LANGUAGE,
            &lang.language_code,
            "created",
            None,
            &lang,
        )
        .await?;
        Ok(lang)
    })
    .await
}

/// Sets a language's display name and/or active flag (rename, deactivate, reactivate).
pub async fn language_set(
    db: &Db,
    actor: &Actor,
    code: &str,
    display_name: Option<&str>,
    is_active: Option<bool>,
) -> Result<Language> {
    db.transaction(async |c| {
        let current = lock_language(c, code)
            .await?
            .ok_or_else(|| language_missing(code))?;
        let name = display_name.unwrap_or(&current.display_name).to_owned();
        let active = is_active.unwrap_or(current.is_active);
        let rows = c
            .query(&LANGUAGE_UPDATE, &[code.into(), name.into(), active.into()])
            .await?;
        let after = rows
            .first()
            .map(read_language)
            .unwrap_or_else(|| Err(language_missing(code)))?;
        let action = action_name(display_name.is_some(), is_active);
        audit_edit(
            c,
            actor,
            ENTITY_LANGUAGE,
            code,
            action,
            Some(&current),
            &after,
        )
        .await?;
        Ok(after)
    })
    .await
}

fn action_name(renamed: bool, is_active: Option<bool>) -> &'static str {
    match (renamed, is_active) {
        (_, Some(false)) => "deactivated",
        (false, Some(true)) => "activated",
        _ => "updated",
    }
}

/// Splits the answer of a `*_CHECK` query: its one row of checks, and the current row (if any).
fn check_sets(sets: &mut Vec<Vec<Row>>, what: &str) -> Result<(Row, Vec<Row>)> {
    if sets.len() != 2 {
        return Err(Error::internal(format!(
            "the {what} check returned an unexpected answer"
        )));
    }
    let current = sets.pop().unwrap_or_default();
    let checks = sets.pop().unwrap_or_default();
    let c = checks
        .into_iter()
        .next()
        .ok_or_else(|| Error::internal(format!("the {what} check returned no row")))?;
    Ok((c, current))
}

fn voice_refs(sets: &mut Vec<Vec<Row>>, f: &VoiceFields) -> Result<Option<Voice>> {
    let (c, current) = check_sets(sets, "voice")?;
    if !c.bool("LanguageOk")? {
        let mut e = ivr_domain::error::FieldErrors::default();
        e.push(
            "language",
            format!(
                "`{}` is not an active language of the language dictionary; add it there first",
                f.language
            ),
        );
        e.into_result("The voice")?;
    }
    if c.bool("CodeTaken")? {
        return Err(Error::conflict(format!(
            "a voice with code `{}` already exists; choose another code or edit that voice",
            f.code
        )));
    }
    current.first().map(read_voice).transpose()
}

/// Adds a voice; its language must exist (and be active).
pub async fn voice_add(db: &Db, actor: &Actor, f: &VoiceFields) -> Result<Voice> {
    db.transaction(async |c| {
        let mut sets = c
            .query_sets(
                &VOICE_CHECK,
                &[
                    f.language.as_str().into(),
                    f.code.as_str().into(),
                    Value::Null,
                ],
            )
            .await?;
        voice_refs(&mut sets, f)?;
        let rows = c
            .query(
                &VOICE_INSERT,
                &[
                    f.code.as_str().into(),
                    f.engine.as_str().into(),
                    f.language.as_str().into(),
                    f.gender.as_deref().into(),
                    f.display_name.as_str().into(),
                ],
            )
            .await?;
        let v = rows
            .first()
            .map(read_voice)
            .unwrap_or_else(|| Err(Error::internal("the new voice was not read back")))?;
        audit_edit(
            c,
            actor,
            ENTITY_VOICE,
            &v.voice_id.to_string(),
            "created",
            None,
            &v,
        )
        .await?;
        Ok(v)
    })
    .await
}

/// Replaces a voice's fields.
pub async fn voice_edit(db: &Db, actor: &Actor, id: i64, f: &VoiceFields) -> Result<Voice> {
    db.transaction(async |c| {
        let mut sets = c
            .query_sets(
                &VOICE_CHECK,
                &[
                    f.language.as_str().into(),
                    f.code.as_str().into(),
                    id.into(),
                ],
            )
            .await?;
        let current = voice_refs(&mut sets, f)?.ok_or_else(|| voice_missing(id))?;
        let after = voice_write(c, id, f, current.is_active).await?;
        audit_edit(
            c,
            actor,
            ENTITY_VOICE,
            &id.to_string(),
            "updated",
            Some(&current),
            &after,
        )
        .await?;
        Ok(after)
    })
    .await
}

fn voice_missing(id: i64) -> Error {
    Error::not_found(format!(
        "no voice with id {id}; list them with `ivr dict list voices`"
    ))
}

async fn voice_write(c: &mut Conn, id: i64, f: &VoiceFields, active: bool) -> Result<Voice> {
    let rows = c
        .query(
            &VOICE_UPDATE,
            &[
                id.into(),
                f.code.as_str().into(),
                f.engine.as_str().into(),
                f.language.as_str().into(),
                f.gender.as_deref().into(),
                f.display_name.as_str().into(),
                active.into(),
            ],
        )
        .await?;
    rows.first()
        .map(read_voice)
        .unwrap_or_else(|| Err(voice_missing(id)))
}

/// Deactivates (or reactivates) a voice.
pub async fn voice_set_active(db: &Db, actor: &Actor, id: i64, active: bool) -> Result<Voice> {
    db.transaction(async |c| {
        let rows = c.query(&VOICE_LOCK, &[id.into()]).await?;
        let current = rows
            .first()
            .map(read_voice)
            .unwrap_or_else(|| Err(voice_missing(id)))?;
        let f = VoiceFields {
            code: current.code.clone(),
            engine: current.engine.clone(),
            language: current.language.clone(),
            gender: current.gender.clone(),
            display_name: current.display_name.clone(),
        };
        let after = voice_write(c, id, &f, active).await?;
        let action = action_name(false, Some(active));
        audit_edit(
            c,
            actor,
            ENTITY_VOICE,
            &id.to_string(),
            action,
            Some(&current),
            &after,
        )
        .await?;
        Ok(after)
    })
    .await
}

fn project_missing(id: i64) -> Error {
    Error::not_found(format!(
        "no company project with id {id}; list them with `ivr dict list company-projects`"
    ))
}

fn project_refs(
    sets: &mut Vec<Vec<Row>>,
    f: &CompanyProjectFields,
) -> Result<Option<CompanyProject>> {
    let (c, current) = check_sets(sets, "company project")?;
    if !c.bool("EnvironmentOk")? {
        let mut e = ivr_domain::error::FieldErrors::default();
        e.push(
            "environmentId",
            format!(
                "environment {} does not exist or is not active",
                f.environment_id
            ),
        );
        e.into_result("The company project")?;
    }
    if c.bool("Taken")? {
        return Err(Error::conflict(format!(
            "company project `{}/{}` already exists in this environment; edit or reactivate that one",
            f.customer_id, f.project_id
        ))
        .with_detail(serde_json::json!({ "fields": [{ "field": "projectId", "message": "already used for this customer in this environment" }] })));
    }
    current.first().map(read_project).transpose()
}

fn map_unique(e: Error, f: &CompanyProjectFields) -> Error {
    if e.code == ErrorCode::Conflict {
        Error::conflict(format!(
            "company project `{}/{}` already exists in this environment",
            f.customer_id, f.project_id
        ))
    } else {
        e
    }
}

/// Creates a company project; (EnvironmentId, CustomerId, ProjectId) must be new.
pub async fn project_create(
    db: &Db,
    actor: &Actor,
    f: &CompanyProjectFields,
) -> Result<CompanyProject> {
    db.transaction(async |c| {
        let mut sets = c
            .query_sets(
                &PROJECT_CHECK,
                &[
                    f.environment_id.into(),
                    f.customer_id.as_str().into(),
                    f.project_id.as_str().into(),
                    Value::Null,
                ],
            )
            .await?;
        project_refs(&mut sets, f)?;
        let rows = c
            .query(
                &PROJECT_INSERT,
                &[
                    f.environment_id.into(),
                    f.customer_id.as_str().into(),
                    f.project_id.as_str().into(),
                    f.display_name.as_str().into(),
                    f.okta_group.as_deref().into(),
                    actor.name.as_str().into(),
                ],
            )
            .await
            .map_err(|e| map_unique(e, f))?;
        let p = rows
            .first()
            .map(read_project)
            .unwrap_or_else(|| Err(Error::internal("the new company project was not read back")))?;
        audit_edit(
            c,
            actor,
            ENTITY_COMPANY_PROJECT,
            &p.company_project_id.to_string(),
            "created",
            None,
            &p,
        )
        .await?;
        Ok(p)
    })
    .await
}

async fn project_write(
    c: &mut Conn,
    actor: &Actor,
    id: i64,
    f: &CompanyProjectFields,
    active: bool,
) -> Result<CompanyProject> {
    let rows = c
        .query(
            &PROJECT_UPDATE,
            &[
                id.into(),
                f.environment_id.into(),
                f.customer_id.as_str().into(),
                f.project_id.as_str().into(),
                f.display_name.as_str().into(),
                f.okta_group.as_deref().into(),
                active.into(),
                actor.name.as_str().into(),
            ],
        )
        .await
        .map_err(|e| map_unique(e, f))?;
    rows.first()
        .map(read_project)
        .unwrap_or_else(|| Err(project_missing(id)))
}

/// Replaces a company project's fields.
pub async fn project_edit(
    db: &Db,
    actor: &Actor,
    id: i64,
    f: &CompanyProjectFields,
) -> Result<CompanyProject> {
    db.transaction(async |c| {
        let mut sets = c
            .query_sets(
                &PROJECT_CHECK,
                &[
                    f.environment_id.into(),
                    f.customer_id.as_str().into(),
                    f.project_id.as_str().into(),
                    id.into(),
                ],
            )
            .await?;
        let current = project_refs(&mut sets, f)?.ok_or_else(|| project_missing(id))?;
        let after = project_write(c, actor, id, f, current.is_active).await?;
        audit_edit(
            c,
            actor,
            ENTITY_COMPANY_PROJECT,
            &id.to_string(),
            "updated",
            Some(&current),
            &after,
        )
        .await?;
        Ok(after)
    })
    .await
}

/// Deactivates (or reactivates) a company project.
pub async fn project_set_active(
    db: &Db,
    actor: &Actor,
    id: i64,
    active: bool,
) -> Result<CompanyProject> {
    db.transaction(async |c| {
        let rows = c.query(&PROJECT_LOCK, &[id.into()]).await?;
        let current = rows
            .first()
            .map(read_project)
            .unwrap_or_else(|| Err(project_missing(id)))?;
        let f = CompanyProjectFields {
            environment_id: current.environment_id,
            customer_id: current.customer_id.clone(),
            project_id: current.project_id.clone(),
            display_name: current.display_name.clone(),
            okta_group: current.okta_group.clone(),
        };
        let after = project_write(c, actor, id, &f, active).await?;
        let action = action_name(false, Some(active));
        audit_edit(
            c,
            actor,
            ENTITY_COMPANY_PROJECT,
            &id.to_string(),
            action,
            Some(&current),
            &after,
        )
        .await?;
        Ok(after)
    })
    .await
}

/// An environment of the dictionary by code (`dvp`), if present.
pub async fn environment_by_code(db: &Db, code: &str) -> Result<Option<Environment>> {
    let rows = db.query(&ENVIRONMENT_BY_CODE, &[code.into()]).await?;
    rows.first().map(read_environment).transpose()
}

/// The environment with `code`, added (audited) when missing — reference data the demo and tests need.
pub async fn environment_ensure(
    db: &Db,
    actor: &Actor,
    code: &str,
    display_name: &str,
) -> Result<Environment> {
    db.transaction(async |c| {
        let rows = c.query(&ENVIRONMENT_BY_CODE, &[code.into()]).await?;
        if let Some(e) = rows.first().map(read_environment).transpose()? {
            return Ok(e);
        }
        let rows = c
            .query(&ENVIRONMENT_INSERT, &[code.into(), display_name.into()])
            .await?;
        let env = rows
            .first()
            .map(read_environment)
            .unwrap_or_else(|| Err(Error::internal("the new environment was not read back")))?;
        audit_edit(c, actor, ENTITY_ENVIRONMENT, code, "created", None, &env).await?;
        Ok(env)
    })
    .await
}

/// A company project by its natural key, if present.
pub async fn project_by_key(
    db: &Db,
    environment_id: i64,
    customer_id: &str,
    project_id: &str,
) -> Result<Option<CompanyProject>> {
    let rows = db
        .query(
            &PROJECT_BY_KEY,
            &[environment_id.into(), customer_id.into(), project_id.into()],
        )
        .await?;
    rows.first().map(read_project).transpose()
}

/// A language of the dictionary, if present (one statement).
pub async fn language(db: &Db, code: &str) -> Result<Option<Language>> {
    let rows = db.query(&LANGUAGE_LOCK, &[code.into()]).await?;
    rows.first().map(read_language).transpose()
}
