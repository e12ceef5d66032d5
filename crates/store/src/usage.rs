//! Where a dictionary entry is used: counts per place and a few examples, so an admin sees the
//! impact of deactivating it before doing so. One statement per question; the use case and its
//! wording are `ivr_app::impact`.

use crate::db::Db;
use crate::queries;
use crate::util::like_contains;
use crate::value::Row;
use ivr_domain::{Error, Result};

/// How many examples each place lists.
pub const EXAMPLES: i64 = 10;

queries! {
    /// Where an active language is used: active routing entries, active message stores (default
    /// or allowed language), active voices; then up to 10 of each by name.
    /// Parameters: LanguageCode, LIKE pattern matching it as a JSON string in AllowedLanguages.
    USAGE_LANGUAGE {
        mssql: "SELECT 'routing' AS Place, COUNT_BIG(*) AS N FROM ivr.rt_RoutingTable WHERE IsActive = 1 AND LanguageCode = CAST(@P1 AS VARCHAR(8000)) \
                UNION ALL SELECT 'messageStore', COUNT_BIG(*) FROM ivr.msg_MessageStore \
                  WHERE IsActive = 1 AND (DefaultLanguage = CAST(@P1 AS VARCHAR(8000)) OR AllowedLanguages LIKE @P2 ESCAPE '\\') \
                UNION ALL SELECT 'voice', COUNT_BIG(*) FROM dbo.cfg_Dic_Voice WHERE IsActive = 1 AND Language = CAST(@P1 AS VARCHAR(8000)); \
                SELECT TOP (10) SourceId AS Label FROM ivr.rt_RoutingTable WHERE IsActive = 1 AND LanguageCode = CAST(@P1 AS VARCHAR(8000)) ORDER BY SourceId; \
                SELECT TOP (10) Name AS Label FROM ivr.msg_MessageStore \
                  WHERE IsActive = 1 AND (DefaultLanguage = CAST(@P1 AS VARCHAR(8000)) OR AllowedLanguages LIKE @P2 ESCAPE '\\') ORDER BY Name; \
                SELECT TOP (10) Code AS Label FROM dbo.cfg_Dic_Voice WHERE IsActive = 1 AND Language = CAST(@P1 AS VARCHAR(8000)) ORDER BY Code",
        sqlite: [
            "SELECT 'routing' AS Place, COUNT(*) AS N FROM rt_RoutingTable WHERE IsActive = 1 AND LanguageCode = ?1 \
             UNION ALL SELECT 'messageStore', COUNT(*) FROM msg_MessageStore \
               WHERE IsActive = 1 AND (DefaultLanguage = ?1 OR AllowedLanguages LIKE ?2 ESCAPE '\\') \
             UNION ALL SELECT 'voice', COUNT(*) FROM cfg_Dic_Voice WHERE IsActive = 1 AND Language = ?1",
            "SELECT SourceId AS Label FROM rt_RoutingTable WHERE IsActive = 1 AND LanguageCode = ?1 ORDER BY SourceId LIMIT 10",
            "SELECT Name AS Label FROM msg_MessageStore \
              WHERE IsActive = 1 AND (DefaultLanguage = ?1 OR AllowedLanguages LIKE ?2 ESCAPE '\\') ORDER BY Name LIMIT 10",
            "SELECT Code AS Label FROM cfg_Dic_Voice WHERE IsActive = 1 AND Language = ?1 ORDER BY Code LIMIT 10",
        ],
    }

    /// Where a voice is used: message store voice settings (of active stores); then up to 10
    /// of them as `store name: language`. Parameter: VoiceId.
    USAGE_VOICE {
        mssql: "SELECT 'voiceConfig' AS Place, COUNT_BIG(*) AS N FROM ivr.msg_MessageStoreVoiceConfig AS v \
                  JOIN ivr.msg_MessageStore AS s ON s.MessageStoreId = v.MessageStoreId WHERE v.VoiceId = @P1 AND s.IsActive = 1; \
                SELECT TOP (10) s.Name + N': ' + v.Language AS Label FROM ivr.msg_MessageStoreVoiceConfig AS v \
                  JOIN ivr.msg_MessageStore AS s ON s.MessageStoreId = v.MessageStoreId WHERE v.VoiceId = @P1 AND s.IsActive = 1 \
                  ORDER BY s.Name, v.Language",
        sqlite: [
            "SELECT 'voiceConfig' AS Place, COUNT(*) AS N FROM msg_MessageStoreVoiceConfig AS v \
               JOIN msg_MessageStore AS s ON s.MessageStoreId = v.MessageStoreId WHERE v.VoiceId = ?1 AND s.IsActive = 1",
            "SELECT s.Name || ': ' || v.Language AS Label FROM msg_MessageStoreVoiceConfig AS v \
               JOIN msg_MessageStore AS s ON s.MessageStoreId = v.MessageStoreId WHERE v.VoiceId = ?1 AND s.IsActive = 1 \
               ORDER BY s.Name, v.Language LIMIT 10",
        ],
    }

    /// Where a company project is used: active routing entries and active message stores; then
    /// up to 10 of each. Parameter: CompanyProjectId.
    USAGE_PROJECT {
        mssql: "SELECT 'routing' AS Place, COUNT_BIG(*) AS N FROM ivr.rt_RoutingTable WHERE IsActive = 1 AND CompanyProjectId = @P1 \
                UNION ALL SELECT 'messageStore', COUNT_BIG(*) FROM ivr.msg_MessageStore WHERE IsActive = 1 AND CompanyProjectId = @P1; \
                SELECT TOP (10) SourceId AS Label FROM ivr.rt_RoutingTable WHERE IsActive = 1 AND CompanyProjectId = @P1 ORDER BY SourceId; \
                SELECT TOP (10) Name AS Label FROM ivr.msg_MessageStore WHERE IsActive = 1 AND CompanyProjectId = @P1 ORDER BY Name",
        sqlite: [
            "SELECT 'routing' AS Place, COUNT(*) AS N FROM rt_RoutingTable WHERE IsActive = 1 AND CompanyProjectId = ?1 \
             UNION ALL SELECT 'messageStore', COUNT(*) FROM msg_MessageStore WHERE IsActive = 1 AND CompanyProjectId = ?1",
            "SELECT SourceId AS Label FROM rt_RoutingTable WHERE IsActive = 1 AND CompanyProjectId = ?1 ORDER BY SourceId LIMIT 10",
            "SELECT Name AS Label FROM msg_MessageStore WHERE IsActive = 1 AND CompanyProjectId = ?1 ORDER BY Name LIMIT 10",
        ],
    }
}

/// One place where an entry is used: its code (`routing`, `messageStore`, `voice`,
/// `voiceConfig`), how often, and up to [`EXAMPLES`] names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceCount {
    pub place: String,
    pub count: i64,
    pub examples: Vec<String>,
}

/// Reads a usage answer: the counts (one row per place, in order), then one set of examples
/// per place in the same order.
fn read(mut sets: Vec<Vec<Row>>) -> Result<Vec<PlaceCount>> {
    if sets.is_empty() {
        return Err(Error::internal("a usage query returned no result set"));
    }
    let counts = sets.remove(0);
    if sets.len() != counts.len() {
        return Err(Error::internal(format!(
            "a usage query returned {} example sets for {} places",
            sets.len(),
            counts.len()
        )));
    }
    counts
        .iter()
        .zip(sets)
        .map(|(c, examples)| {
            Ok(PlaceCount {
                place: c.str("Place")?,
                count: c.i64("N")?,
                examples: examples
                    .iter()
                    .map(|r| r.str("Label"))
                    .collect::<Result<_>>()?,
            })
        })
        .collect()
}

/// Where a language is used: one statement.
pub async fn language(db: &Db, code: &str) -> Result<Vec<PlaceCount>> {
    // AllowedLanguages is a JSON array of codes: match the code as a whole JSON string.
    let pattern = like_contains(&format!("\"{code}\""));
    read(
        db.query_sets(&USAGE_LANGUAGE, &[code.into(), pattern.into()])
            .await?,
    )
}

/// Where a voice is used: one statement.
pub async fn voice(db: &Db, voice_id: i64) -> Result<Vec<PlaceCount>> {
    read(db.query_sets(&USAGE_VOICE, &[voice_id.into()]).await?)
}

/// Where a company project is used: one statement.
pub async fn company_project(db: &Db, id: i64) -> Result<Vec<PlaceCount>> {
    read(db.query_sets(&USAGE_PROJECT, &[id.into()]).await?)
}
