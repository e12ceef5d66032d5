//! SQL only the message benchmark sends: the spec's three-step runtime path, to compare with the
//! store's one-statement resolution. Kept out of the product's query registry.

use ivr_domain::Result;
use ivr_store::{queries, Db};

queries! {
    /// The spec's runtime path, step 1 (for the benchmark): key → id and published version.
    MSG_SPEC_STEP1 {
        mssql: "SELECT MessageKeyId, PublishedVersion FROM ivr.msg_MessageKey WHERE MessageStoreId = @P1 AND MessageKey = @P2",
        sqlite: ["SELECT MessageKeyId, PublishedVersion FROM msg_MessageKey WHERE MessageStoreId = ?1 AND MessageKey = ?2"],
    }
    /// The spec's runtime path, step 2: the version container.
    MSG_SPEC_STEP2 {
        mssql: "SELECT MessageKeyVersionId FROM ivr.msg_MessageKeyVersion WHERE MessageKeyId = @P1 AND Version = @P2",
        sqlite: ["SELECT MessageKeyVersionId FROM msg_MessageKeyVersion WHERE MessageKeyId = ?1 AND Version = ?2"],
    }
    /// The spec's runtime path, step 3: the language content.
    MSG_SPEC_STEP3 {
        mssql: "SELECT Content, TypeSettings FROM ivr.msg_MessageLanguageContent WHERE MessageKeyVersionId = @P1 AND Language = @P2",
        sqlite: ["SELECT Content, TypeSettings FROM msg_MessageLanguageContent WHERE MessageKeyVersionId = ?1 AND Language = ?2"],
    }
}

/// The spec's three-step path (benchmark comparison only): three statements, no fallback.
pub async fn resolve_three_steps(
    db: &Db,
    store_id: i64,
    key: &str,
    language: &str,
) -> Result<Option<(String, Option<String>)>> {
    let mut conn = db.conn().await?;
    let r1 = conn
        .query(&MSG_SPEC_STEP1, &[store_id.into(), key.into()])
        .await?;
    let Some(r1) = r1.first() else {
        return Ok(None);
    };
    let key_id = r1.i64("MessageKeyId")?;
    let Some(published) = r1.opt_i32("PublishedVersion")? else {
        return Ok(None);
    };
    let r2 = conn
        .query(&MSG_SPEC_STEP2, &[key_id.into(), published.into()])
        .await?;
    let Some(r2) = r2.first() else {
        return Ok(None);
    };
    let version_id = r2.uuid("MessageKeyVersionId")?;
    let r3 = conn
        .query(&MSG_SPEC_STEP3, &[version_id.into(), language.into()])
        .await?;
    r3.first()
        .map(|r| Ok((r.str("Content")?, r.opt_str("TypeSettings")?)))
        .transpose()
}
