//! `ivr routing create`, `update`, `delete` and `restore`: writing the routing table.

use super::text::saved_text;
use super::{entry_id, CreateArgs, UpdateArgs};
use crate::cmd::Reply;
use ivr_app::routing::{
    self as app, DeleteRoutingRequest, PatchRoutingRequest, RestoreRoutingRequest, RoutingPatch,
};
use ivr_app::OpenEnvironment;
use ivr_domain::routing::RoutingFields;
use ivr_domain::{JsonText, Result};

/// The text as written (the app validates it and stores it exactly); `null` clears the field.
fn json_arg(text: &str) -> Option<JsonText> {
    (text.trim() != "null").then(|| JsonText::new(text))
}

pub(super) async fn create(env: &OpenEnvironment, a: CreateArgs) -> Result<Reply> {
    let f = RoutingFields {
        source_id: a.source_id,
        routing_id: a.routing_id,
        company_project_id: a.company_project,
        message_store_id: a.message_store,
        language_code: a.language,
        init_segment: a.init_segment,
        config: a.config.as_deref().and_then(json_arg),
        feature_flags: a.feature_flags.as_deref().and_then(json_arg),
    };
    let e = app::create(&env.writable()?, &f).await?;
    Ok(Reply::new(&e, format!("created\n{}", saved_text(&e))))
}

pub(super) async fn update(env: &OpenEnvironment, a: UpdateArgs) -> Result<Reply> {
    let patch = RoutingPatch {
        source_id: a.new_source_id,
        routing_id: a.routing_id,
        company_project_id: a.company_project,
        message_store_id: if a.no_message_store {
            Some(None)
        } else {
            a.message_store.map(Some)
        },
        language_code: a.language,
        init_segment: a.init_segment,
        config: a.config.map(|t| json_arg(&t)),
        feature_flags: a.feature_flags.map(|t| json_arg(&t)),
    };
    let req = PatchRoutingRequest {
        source_id: a.source_id,
        row_version: a.row_version,
        patch,
    };
    let e = app::patch(&env.writable()?, &req).await?;
    Ok(Reply::new(&e, format!("updated\n{}", saved_text(&e))))
}

pub(super) async fn delete(
    env: &OpenEnvironment,
    source_id: String,
    row_version: Option<String>,
) -> Result<Reply> {
    let id = entry_id(&env.db, source_id, false).await?;
    let e = app::delete(
        &env.writable()?,
        &DeleteRoutingRequest {
            routing_table_id: id,
            row_version,
        },
    )
    .await?;
    Ok(Reply::new(
        &e,
        format!(
            "deleted routing entry {} (restore it with `ivr routing restore {} --version N`)",
            e.source_id, e.source_id
        ),
    ))
}

pub(super) async fn restore(
    env: &OpenEnvironment,
    source_id: String,
    version: i64,
    row_version: Option<String>,
) -> Result<Reply> {
    let id = entry_id(&env.db, source_id, true).await?;
    let e = app::restore(
        &env.writable()?,
        &RestoreRoutingRequest {
            routing_table_id: id,
            version_number: version,
            row_version,
        },
    )
    .await?;
    Ok(Reply::new(
        &e,
        format!(
            "restored version {version} as a new version\n{}",
            saved_text(&e)
        ),
    ))
}
