//! The dictionaries the message rules need, and company projects, mapped into `ivr_domain::dict`
//! types by the dictionaries' own row mappers.

use super::{MSG_COMPANY_PROJECTS, MSG_DICTIONARIES};
use crate::dict::{
    read_all, read_language, read_message_category, read_message_type, read_project, read_voice,
};
use crate::util::take_sets;
use crate::Conn;
use ivr_domain::dict::{CompanyProject, MessageDictionaries};
use ivr_domain::Result;

/// The active message types, categories, languages and voices: one statement.
pub async fn dictionaries(conn: &mut Conn) -> Result<MessageDictionaries> {
    let sets = conn.query_sets(&MSG_DICTIONARIES, &[]).await?;
    let [types, categories, languages, voices] = take_sets::<4>(sets, "message dictionaries")?;
    Ok(MessageDictionaries {
        message_types: read_all(&types, read_message_type)?,
        message_categories: read_all(&categories, read_message_category)?,
        languages: read_all(&languages, read_language)?,
        voices: read_all(&voices, read_voice)?,
    })
}

/// Active company projects matching customer / project / environment code (each optional).
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
    read_all(&rows, read_project)
}
