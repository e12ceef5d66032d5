//! Publishing a draft: checked against live and validated, in one transaction with its snapshot,
//! its diff and its audit row.

use super::{
    audit, catalog, check_revision, context, open_only, FlowAction, PublishResult, Published,
};
use crate::environment::Writable;
use ivr_domain::flow::file::{self, FileSource};
use ivr_domain::flow::{diff as flow_diff, validate as flow_validate, Revision};
use ivr_domain::{Error, ErrorDetail, Remedy, Result};
use ivr_store::segment;
use uuid::Uuid;

/// Publishes a draft atomically. CONFLICT when the live flow changed since the draft was opened
/// (the draft is kept; diff it against live); VALIDATION with every error when it is invalid.
pub async fn publish(w: &Writable<'_>, change_set_id: Uuid) -> Result<PublishResult> {
    publish_checked(w, change_set_id, None).await
}

/// [`publish`], refused (CONFLICT) unless the draft is still at `revision` when given: what the
/// designer publishes is what they saw.
pub(crate) async fn publish_checked(
    w: &Writable<'_>,
    change_set_id: Uuid,
    revision: Option<&str>,
) -> Result<PublishResult> {
    let (db, actor) = (w.db(), w.actor());
    let catalog = catalog(db).await?;
    db.transaction(async |c| {
        let load = segment::load_draft(c, change_set_id, true).await?;
        let cs = open_only(load.change_set.as_ref(), change_set_id)?;
        let rev = Revision::of(&load.flow);
        check_revision(&rev.text(), change_set_id, revision)?;
        let based_on = cs.based_on_version.unwrap_or(0);
        if based_on != load.live_version {
            return Err(Error::conflict(format!(
                "flow {} was published (version {}) after this draft was opened from version {based_on}; \
                 your draft is kept — compare it with live, then open a new draft and redo the changes",
                cs.routing_id, load.live_version
            ))
            .with_detail(ErrorDetail {
                change_set_id: Some(change_set_id.to_string()),
                based_on_version: cs.based_on_version.map(i64::from),
                live_version: Some(i64::from(load.live_version)),
                ..Default::default()
            })
            .with_remedy(Remedy::CompareDraftWithLive {
                routing_id: cs.routing_id.clone(),
                change_set_id: change_set_id.to_string(),
            }));
        }
        let report = flow_validate(&load.flow, &catalog, &context(&load));
        if !report.is_publishable() {
            return Err(report.to_error(&format!("draft {change_set_id}")));
        }
        let version = load.live_version + 1;
        let snapshot = file::export(
            &load.flow,
            &catalog,
            Some(&FileSource {
                kind: "published".into(),
                version: Some(version.into()),
                change_set_id: Some(change_set_id.to_string()),
            }),
        );
        // The diff is computed in the same transaction from the rows being replaced, so it is
        // exactly what this publish changes.
        let live = segment::load_published_in(c, &cs.routing_id).await?;
        let diff = flow_diff(&live, &load.flow);
        segment::publish(
            c,
            &cs.routing_id,
            change_set_id,
            &actor.name,
            &snapshot,
            &rev.sum_text(),
        )
        .await?;
        audit(
            c,
            w,
            &cs.routing_id,
            FlowAction::Published,
            Some(Published {
                version: load.live_version,
                change_set_id: None,
                diff: None,
            }),
            Published {
                version,
                change_set_id: Some(change_set_id),
                diff: Some(std::borrow::Cow::Borrowed(&diff)),
            },
        )
        .await?;
        Ok(PublishResult {
            routing_id: cs.routing_id,
            change_set_id,
            version,
            diff,
            warnings: report.warnings,
        })
    })
    .await
}
