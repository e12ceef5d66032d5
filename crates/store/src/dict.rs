//! Dictionaries: SQL for both engines — the one-round-trip read of all of them, and the statements
//! of the admin edits of languages, voices, company projects and environments, each run on the
//! connection it is given. The edits themselves (transaction, rules, audit) are `ivr_app::dict`.

use crate::db::{Conn, Db};
use crate::queries;
use crate::value::Row;
use ivr_domain::dict::*;
use ivr_domain::routing::parse_stored_json;
use ivr_domain::{Error, Result};

/// The unique index of (EnvironmentId, CustomerId, ProjectId) (the same name on both engines).
pub const PROJECT_INDEX: &str = "UX_CompanyProject_Environment_Customer_Project";

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

pub(crate) fn read_language(r: &Row) -> Result<Language> {
    Ok(Language {
        language_code: r.str("LanguageCode")?,
        display_name: r.str("DisplayName")?,
        is_active: r.bool("IsActive")?,
    })
}

pub(crate) fn read_voice(r: &Row) -> Result<Voice> {
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

pub(crate) fn read_message_type(r: &Row) -> Result<MessageType> {
    Ok(MessageType {
        message_type_id: r.i64("MessageTypeId")?,
        code: r.str("Code")?,
        display_name: r.str("DisplayName")?,
        settings_schema: json_col(r, "SettingsSchema")?,
        default_settings: json_col(r, "DefaultSettings")?,
        is_active: r.bool("IsActive")?,
    })
}

pub(crate) fn read_message_category(r: &Row) -> Result<MessageCategory> {
    Ok(MessageCategory {
        category_id: r.i64("CategoryId")?,
        code: r.str("Code")?,
        display_name: r.str("DisplayName")?,
        icon: r.opt_str("Icon")?,
        color: r.opt_str("Color")?,
        is_active: r.bool("IsActive")?,
    })
}

pub(crate) fn read_project(r: &Row) -> Result<CompanyProject> {
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

pub(crate) fn read_all<T>(rows: &[Row], f: fn(&Row) -> Result<T>) -> Result<Vec<T>> {
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
    let message_types = read_all(&sets[6], read_message_type)?;
    let message_categories = read_all(&sets[7], read_message_category)?;
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

/// Splits the answer of a `*_CHECK` query: its one row of checks, and the current row (if any).
fn check_sets(mut sets: Vec<Vec<Row>>, what: &str) -> Result<(Row, Vec<Row>)> {
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

/// A language by code, locked on SQL Server inside a transaction: one statement.
pub async fn language(c: &mut Conn, code: &str) -> Result<Option<Language>> {
    let rows = c.query(&LANGUAGE_LOCK, &[code.into()]).await?;
    rows.first().map(read_language).transpose()
}

/// Inserts an active language: one statement.
pub async fn language_insert(c: &mut Conn, f: &LanguageFields) -> Result<Language> {
    c.execute(
        &LANGUAGE_INSERT,
        &[
            f.language_code.as_str().into(),
            f.display_name.as_str().into(),
        ],
    )
    .await?;
    Ok(Language {
        language_code: f.language_code.clone(),
        display_name: f.display_name.clone(),
        is_active: true,
    })
}

/// Sets a language's display name and active flag; returns the row (None: no such code).
pub async fn language_update(
    c: &mut Conn,
    code: &str,
    display_name: &str,
    is_active: bool,
) -> Result<Option<Language>> {
    let rows = c
        .query(
            &LANGUAGE_UPDATE,
            &[code.into(), display_name.into(), is_active.into()],
        )
        .await?;
    rows.first().map(read_language).transpose()
}

/// What [`voice_check`] read inside a voice edit.
#[derive(Debug)]
pub struct VoiceCheck {
    /// The voice's language is an active language of the dictionary.
    pub language_ok: bool,
    /// Another voice has the code.
    pub code_taken: bool,
    /// The voice `id` (locked on SQL Server); None on add or when it does not exist.
    pub current: Option<Voice>,
}

/// Reads the language reference, whether the code is taken, and the voice `id`: one statement.
pub async fn voice_check(c: &mut Conn, f: &VoiceFields, id: Option<i64>) -> Result<VoiceCheck> {
    let sets = c
        .query_sets(
            &VOICE_CHECK,
            &[
                f.language.as_str().into(),
                f.code.as_str().into(),
                id.into(),
            ],
        )
        .await?;
    let (check, current) = check_sets(sets, "voice")?;
    Ok(VoiceCheck {
        language_ok: check.bool("LanguageOk")?,
        code_taken: check.bool("CodeTaken")?,
        current: current.first().map(read_voice).transpose()?,
    })
}

/// The voice `id`, locked on SQL Server: one statement.
pub async fn voice_lock(c: &mut Conn, id: i64) -> Result<Option<Voice>> {
    let rows = c.query(&VOICE_LOCK, &[id.into()]).await?;
    rows.first().map(read_voice).transpose()
}

/// Inserts an active voice; returns the row: one statement.
pub async fn voice_insert(c: &mut Conn, f: &VoiceFields) -> Result<Voice> {
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
    rows.first()
        .map(read_voice)
        .unwrap_or_else(|| Err(Error::internal("the new voice was not read back")))
}

/// Rewrites the voice `id`; returns the row (None: no such voice): one statement.
pub async fn voice_update(
    c: &mut Conn,
    id: i64,
    f: &VoiceFields,
    is_active: bool,
) -> Result<Option<Voice>> {
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
                is_active.into(),
            ],
        )
        .await?;
    rows.first().map(read_voice).transpose()
}

/// What [`project_check`] read inside a company-project edit.
#[derive(Debug)]
pub struct ProjectCheck {
    /// The environment exists and is active.
    pub environment_ok: bool,
    /// Another company project has (environment, customer, project).
    pub taken: bool,
    /// The company project `id` (locked on SQL Server); None on create or when it does not exist.
    pub current: Option<CompanyProject>,
}

/// Reads the environment reference, whether the key is taken, and the row `id`: one statement.
pub async fn project_check(
    c: &mut Conn,
    f: &CompanyProjectFields,
    id: Option<i64>,
) -> Result<ProjectCheck> {
    let sets = c
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
    let (check, current) = check_sets(sets, "company project")?;
    Ok(ProjectCheck {
        environment_ok: check.bool("EnvironmentOk")?,
        taken: check.bool("Taken")?,
        current: current.first().map(read_project).transpose()?,
    })
}

/// The company project `id`, locked on SQL Server: one statement.
pub async fn project_lock(c: &mut Conn, id: i64) -> Result<Option<CompanyProject>> {
    let rows = c.query(&PROJECT_LOCK, &[id.into()]).await?;
    rows.first().map(read_project).transpose()
}

/// Inserts an active company project; returns the row: one statement.
pub async fn project_insert(
    c: &mut Conn,
    actor: &str,
    f: &CompanyProjectFields,
) -> Result<CompanyProject> {
    let rows = c
        .query(
            &PROJECT_INSERT,
            &[
                f.environment_id.into(),
                f.customer_id.as_str().into(),
                f.project_id.as_str().into(),
                f.display_name.as_str().into(),
                f.okta_group.as_deref().into(),
                actor.into(),
            ],
        )
        .await?;
    rows.first()
        .map(read_project)
        .unwrap_or_else(|| Err(Error::internal("the new company project was not read back")))
}

/// Rewrites the company project `id`; returns the row (None: no such row): one statement.
pub async fn project_update(
    c: &mut Conn,
    actor: &str,
    id: i64,
    f: &CompanyProjectFields,
    is_active: bool,
) -> Result<Option<CompanyProject>> {
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
                is_active.into(),
                actor.into(),
            ],
        )
        .await?;
    rows.first().map(read_project).transpose()
}

/// An environment of the dictionary by code (`dvp`), if present: one statement.
pub async fn environment_by_code(c: &mut Conn, code: &str) -> Result<Option<Environment>> {
    let rows = c.query(&ENVIRONMENT_BY_CODE, &[code.into()]).await?;
    rows.first().map(read_environment).transpose()
}

/// Inserts an active environment; returns the row: one statement.
pub async fn environment_insert(
    c: &mut Conn,
    code: &str,
    display_name: &str,
) -> Result<Environment> {
    let rows = c
        .query(&ENVIRONMENT_INSERT, &[code.into(), display_name.into()])
        .await?;
    rows.first()
        .map(read_environment)
        .unwrap_or_else(|| Err(Error::internal("the new environment was not read back")))
}

/// A company project by its natural key, if present: one statement.
pub async fn project_by_key(
    c: &mut Conn,
    environment_id: i64,
    customer_id: &str,
    project_id: &str,
) -> Result<Option<CompanyProject>> {
    let rows = c
        .query(
            &PROJECT_BY_KEY,
            &[environment_id.into(), customer_id.into(), project_id.into()],
        )
        .await?;
    rows.first().map(read_project).transpose()
}
