//! The demo flow of the local environment: `acme-care-main`, entered at `language_select`.
//!
//! A realistic customer-care flow of 16 segments: language choice (with a default on no input),
//! welcome, business-hours check (closed / holiday messages), a CRM lookup with a VIP shortcut,
//! the main menu (retries on no input, then goodbye), queues, a transfer, voicemail and
//! disconnect. Written through the same validated, audited use cases as any designer's edit.

use crate::environment::Writable;
use crate::flow::{self, Actor, PublishResult};
use ivr_domain::flow::EditOp;
use ivr_domain::{Error, Result};
use ivr_store::{segment, Db};
use serde_json::json;

pub use crate::demo::{DEMO_INIT_SEGMENT, DEMO_ROUTING_ID};

/// The edit operations that build the demo flow from nothing.
pub fn demo_ops() -> Vec<EditOp> {
    let seg = |name: &str, t: &str, x: f64, y: f64, config: serde_json::Value| json!({"op": "add_segment", "name": name, "segmentType": t, "config": config, "ui": {"x": x, "y": y}});
    let mut ops = vec![
        seg(
            "language_select",
            "language_select",
            0.0,
            0.0,
            json!({
                "messageKey": "LANGUAGE_SELECT",
                "languages": [
                    {"digit": "1", "language": "nl-BE"},
                    {"digit": "2", "language": "fr-BE"},
                    {"digit": "3", "language": "en-US"}
                ],
                "maxRetries": 2
            }),
        ),
        seg(
            "default_language",
            "set_variable",
            280.0,
            0.0,
            json!({"variableName": "language", "value": "nl-BE"}),
        ),
        seg(
            "welcome",
            "play_message",
            0.0,
            160.0,
            json!({"messageKey": "WELCOME", "interruptible": true}),
        ),
        seg(
            "hours_check",
            "business_hours_check",
            0.0,
            320.0,
            json!({
                "scheduleId": "acme-care-weekdays", "timezone": "Europe/Brussels", "holidayCalendar": "be-public"
            }),
        ),
        seg(
            "closed_message",
            "play_message",
            560.0,
            320.0,
            json!({"messageKey": "CLOSED"}),
        ),
        seg(
            "holiday_message",
            "play_message",
            560.0,
            480.0,
            json!({"messageKey": "HOLIDAY"}),
        ),
        seg(
            "customer_lookup",
            "data_lookup",
            0.0,
            480.0,
            json!({
                "endpoint": "https://crm.acme.example/api/customers/lookup",
                "method": "POST",
                "timeoutMs": 2000,
                "inputMapping": {"phone": "callerId"},
                "outputMapping": {"customerTier": "$.tier", "customerName": "$.name"}
            }),
        ),
        seg(
            "vip_check",
            "condition",
            0.0,
            640.0,
            json!({"variableName": "customerTier", "operator": "eq", "compareValue": "gold"}),
        ),
        seg(
            "main_menu",
            "menu",
            280.0,
            640.0,
            json!({
                "messageKey": "MAIN_MENU",
                "options": [
                    {"digit": "1", "result": "billing", "label": "Billing"},
                    {"digit": "2", "result": "technical", "label": "Technical support"},
                    {"digit": "3", "result": "sales", "label": "Sales"},
                    {"digit": "0", "result": "agent", "label": "Speak to an agent"}
                ],
                "maxRetries": 3,
                "timeoutSeconds": 6,
                "noInputMessageKey": "MENU_NO_INPUT",
                "invalidMessageKey": "MENU_INVALID"
            }),
        ),
        seg(
            "billing_queue",
            "queue",
            0.0,
            800.0,
            json!({"queueName": "acme-billing", "holdMessageKey": "HOLD", "maxWaitSeconds": 600}),
        ),
        seg(
            "support_queue",
            "queue",
            280.0,
            800.0,
            json!({"queueName": "acme-support", "holdMessageKey": "HOLD", "skills": ["technical"]}),
        ),
        seg(
            "vip_queue",
            "queue",
            -280.0,
            800.0,
            json!({"queueName": "acme-vip", "priority": 1, "holdMessageKey": "HOLD"}),
        ),
        seg(
            "transfer_sales",
            "transfer",
            560.0,
            800.0,
            json!({"destination": "+3225550150", "messageKey": "TRANSFER_SALES"}),
        ),
        seg(
            "agent_unavailable",
            "play_message",
            280.0,
            960.0,
            json!({"messageKey": "AGENT_UNAVAILABLE"}),
        ),
        seg(
            "voicemail",
            "voicemail",
            560.0,
            960.0,
            json!({"mailbox": "acme-care", "messageKey": "VOICEMAIL_PROMPT"}),
        ),
        seg(
            "goodbye",
            "disconnect",
            280.0,
            1120.0,
            json!({"messageKey": "GOODBYE"}),
        ),
    ];
    for (from, result, to) in [
        ("language_select", "selected", "welcome"),
        ("language_select", "no_input", "default_language"),
        ("language_select", "no_match", "default_language"),
        ("default_language", "done", "welcome"),
        ("welcome", "done", "hours_check"),
        ("hours_check", "open", "customer_lookup"),
        ("hours_check", "closed", "closed_message"),
        ("hours_check", "holiday", "holiday_message"),
        ("closed_message", "done", "voicemail"),
        ("holiday_message", "done", "voicemail"),
        ("customer_lookup", "success", "vip_check"),
        ("customer_lookup", "not_found", "main_menu"),
        ("customer_lookup", "error", "main_menu"),
        ("vip_check", "true", "vip_queue"),
        ("vip_check", "false", "main_menu"),
        ("main_menu", "billing", "billing_queue"),
        ("main_menu", "technical", "support_queue"),
        ("main_menu", "sales", "transfer_sales"),
        ("main_menu", "agent", "support_queue"),
        ("main_menu", "no_input", "goodbye"),
        ("main_menu", "no_match", "goodbye"),
        ("billing_queue", "timeout", "voicemail"),
        ("billing_queue", "full", "voicemail"),
        ("billing_queue", "error", "agent_unavailable"),
        ("support_queue", "timeout", "voicemail"),
        ("support_queue", "full", "voicemail"),
        ("support_queue", "error", "agent_unavailable"),
        ("vip_queue", "timeout", "transfer_sales"),
        ("vip_queue", "full", "transfer_sales"),
        ("vip_queue", "error", "agent_unavailable"),
        ("transfer_sales", "failed", "voicemail"),
        ("agent_unavailable", "done", "voicemail"),
        ("voicemail", "recorded", "goodbye"),
        ("voicemail", "no_recording", "goodbye"),
    ] {
        ops.push(json!({"op": "connect", "segment": from, "result": result, "next": to}));
    }
    // The JSON above is written by hand for readability; it is checked by the tests.
    ops.into_iter()
        .filter_map(|v| serde_json::from_value(v).ok())
        .collect()
}

/// Publishes the demo flow unless the flow already has a published version. Needs the demo
/// routing entry (RoutingId `acme-care-main`, InitSegment `language_select`) to exist first.
/// Returns the publish result, or `None` when there was nothing to do.
pub async fn seed(db: &Db, actor: &Actor) -> Result<Option<PublishResult>> {
    let live = segment::load_published(db, DEMO_ROUTING_ID).await?;
    if live.live_version > 0 {
        return Ok(None);
    }
    if live.entries.is_empty() {
        return Err(Error::validation(format!(
            "the demo flow needs the routing entry of {DEMO_ROUTING_ID} first"
        )));
    }
    let w = Writable::seeding(db, actor);
    let draft = flow::open_draft(&w, DEMO_ROUTING_ID, Some("demo flow")).await?;
    let result = async {
        flow::edit(&w, draft.change_set_id, &demo_ops()).await?;
        flow::publish(&w, draft.change_set_id).await
    }
    .await;
    match result {
        Ok(p) => Ok(Some(p)),
        Err(e) => {
            // Leave no half-built demo draft behind.
            let _ = flow::discard(&w, draft.change_set_id).await;
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_operation_parses() {
        let ops = demo_ops();
        let adds = ops
            .iter()
            .filter(|o| matches!(o, EditOp::AddSegment { .. }))
            .count();
        assert_eq!(adds, 16);
        assert_eq!(ops.len(), 16 + 34);
    }
}
