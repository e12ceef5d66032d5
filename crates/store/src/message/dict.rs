//! The dictionaries the message rules need, and company projects.

use super::{MSG_COMPANY_PROJECTS, MSG_DICTIONARIES};
use crate::util::take_sets;
use crate::Conn;
use ivr_domain::message::MessageTypeDef;
use ivr_domain::Result;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Category {
    pub id: i32,
    pub code: String,
    pub display_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Voice {
    pub id: i32,
    pub code: String,
    pub engine: String,
    pub language: String,
    pub gender: Option<String>,
    pub display_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dictionaries {
    pub types: Vec<MessageTypeDef>,
    pub categories: Vec<Category>,
    /// Active language codes.
    pub languages: Vec<String>,
    pub voices: Vec<Voice>,
}

pub async fn dictionaries(conn: &mut Conn) -> Result<Dictionaries> {
    let sets = conn.query_sets(&MSG_DICTIONARIES, &[]).await?;
    let [types, cats, langs, voices] = take_sets::<4>(sets, "message dictionaries")?;
    Ok(Dictionaries {
        types: types
            .iter()
            .map(|r| {
                Ok(MessageTypeDef {
                    id: r.i32("MessageTypeId")?,
                    code: r.str("Code")?,
                    settings_schema: r.opt_str("SettingsSchema")?,
                    default_settings: r.opt_str("DefaultSettings")?,
                })
            })
            .collect::<Result<_>>()?,
        categories: cats
            .iter()
            .map(|r| {
                Ok(Category {
                    id: r.i32("CategoryId")?,
                    code: r.str("Code")?,
                    display_name: r.str("DisplayName")?,
                })
            })
            .collect::<Result<_>>()?,
        languages: langs
            .iter()
            .map(|r| r.str("LanguageCode"))
            .collect::<Result<_>>()?,
        voices: voices
            .iter()
            .map(|r| {
                Ok(Voice {
                    id: r.i32("VoiceId")?,
                    code: r.str("Code")?,
                    engine: r.str("Engine")?,
                    language: r.str("Language")?,
                    gender: r.opt_str("Gender")?,
                    display_name: r.str("DisplayName")?,
                })
            })
            .collect::<Result<_>>()?,
    })
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompanyProject {
    pub id: i32,
    pub customer_id: String,
    pub project_id: String,
    pub environment: String,
}

pub async fn company_projects(
    conn: &mut Conn,
    customer: Option<&str>,
    project: Option<&str>,
    environment: Option<&str>,
) -> Result<Vec<CompanyProject>> {
    let rows = conn
        .query(
            &MSG_COMPANY_PROJECTS,
            &[customer.into(), project.into(), environment.into()],
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(CompanyProject {
                id: r.i32("CompanyProjectId")?,
                customer_id: r.str("CustomerId")?,
                project_id: r.str("ProjectId")?,
                environment: r.str("Environment")?,
            })
        })
        .collect()
}
