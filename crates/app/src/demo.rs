//! Demo data for the local environment: what a new user sees on first start.
//!
//! Idempotent (each step adds only what is missing) and written through the same validated,
//! audited functions as any user edit. Keep it a plain sequence of steps: other parts of the
//! product (flows, message stores) add theirs below.

use crate::environment::Writable;
use ivr_domain::dict::{CompanyProjectFields, LanguageFields};
use ivr_domain::routing::RoutingFields;
use ivr_domain::{JsonText, Result};
use ivr_store::audit::Actor;
use ivr_store::{dict, Db};
use serde_json::json;

pub const DEMO_ENVIRONMENT: &str = "dvp";
pub const DEMO_CUSTOMER: &str = "acme";
pub const DEMO_PROJECT: &str = "care";
/// The flow the demo routing entries point at.
pub const DEMO_ROUTING_ID: &str = "acme-care-main";
/// Its first segment.
pub const DEMO_INIT_SEGMENT: &str = "language_select";
/// SourceId of the main demo entry (`DEMO_MAIN`).
pub const DEMO_MAIN_SOURCE_ID: &str = "+3225550100";

/// What the demo needs, returned so later steps (flows, message stores) can use the ids.
#[derive(Debug, Clone)]
pub struct DemoIds {
    pub environment_id: i64,
    pub company_project_id: i64,
    /// The demo message store, once seeded.
    pub message_store_id: Option<i64>,
}

pub async fn seed(db: &Db, actor: &Actor) -> Result<DemoIds> {
    let mut ids = seed_dictionaries(db, actor).await?;
    // The message store first, so the routing entries can point at it from their first version.
    let w = Writable::seeding(db, actor);
    ids.message_store_id = crate::messages_demo::seed(&w, DEMO_CUSTOMER, DEMO_PROJECT).await?;
    seed_routing(db, actor, &ids).await?;
    // The published demo flow the routing entries enter.
    crate::flow_demo::seed(db, actor).await?;
    Ok(ids)
}

/// Environments and languages (normally present from the reference-data migration) and the demo
/// company project.
pub async fn seed_dictionaries(db: &Db, actor: &Actor) -> Result<DemoIds> {
    let w = Writable::seeding(db, actor);
    let mut environment_id = 0;
    for (code, name) in [
        ("dvp", "Development"),
        ("acc", "Acceptance"),
        ("prd", "Production"),
    ] {
        let e = crate::dict::environment_ensure(&w, code, name).await?;
        if code == DEMO_ENVIRONMENT {
            environment_id = e.environment_id;
        }
    }
    for (code, name) in [
        ("nl-BE", "Nederlands (België)"),
        ("fr-BE", "Français (Belgique)"),
        ("en-US", "English (United States)"),
    ] {
        if dict::language(&mut db.conn().await?, code).await?.is_none() {
            let f = LanguageFields {
                language_code: code.into(),
                display_name: name.into(),
            };
            crate::dict::language_add(&w, &f).await?;
        }
    }
    let existing = dict::project_by_key(
        &mut db.conn().await?,
        environment_id,
        DEMO_CUSTOMER,
        DEMO_PROJECT,
    )
    .await?;
    let company_project_id = match existing {
        Some(p) => p.company_project_id,
        None => {
            let f = CompanyProjectFields {
                environment_id,
                customer_id: DEMO_CUSTOMER.into(),
                project_id: DEMO_PROJECT.into(),
                display_name: "Acme Customer Care".into(),
                okta_group: Some("ivr-acme-care".into()),
            };
            crate::dict::project_create(&w, &f)
                .await?
                .company_project_id
        }
    };
    Ok(DemoIds {
        environment_id,
        company_project_id,
        message_store_id: None,
    })
}

/// The demo routing entries: `DEMO_MAIN` and three more entry points into the demo flow.
pub async fn seed_routing(db: &Db, actor: &Actor, ids: &DemoIds) -> Result<()> {
    let cp = ids.company_project_id;
    let store = ids.message_store_id;
    let entry =
        |source: &str, language: &str, config: serde_json::Value, flags: serde_json::Value| {
            RoutingFields {
                source_id: source.into(),
                routing_id: DEMO_ROUTING_ID.into(),
                company_project_id: cp,
                message_store_id: store,
                language_code: language.into(),
                init_segment: DEMO_INIT_SEGMENT.into(),
                // Stored formatted, as a person would type it in the editor.
                config: Some(JsonText::new(JsonText::from_value(&config).pretty())),
                feature_flags: Some(JsonText::new(JsonText::from_value(&flags).pretty())),
            }
        };
    let entries = [
        entry(
            DEMO_MAIN_SOURCE_ID,
            "nl-BE",
            json!({ "name": "DEMO_MAIN", "maxRetries": 3, "timeoutSeconds": 5,
                    "businessHours": { "timezone": "Europe/Brussels", "open": "08:00", "close": "18:00" } }),
            json!({ "callbackEnabled": true, "llmAssist": false, "recordCalls": false }),
        ),
        entry(
            "+3225550101",
            "fr-BE",
            json!({ "name": "DEMO_MAIN_FR", "maxRetries": 3, "timeoutSeconds": 5 }),
            json!({ "callbackEnabled": true, "llmAssist": false }),
        ),
        entry(
            "+18005550199",
            "en-US",
            json!({ "name": "DEMO_US_TOLLFREE", "maxRetries": 2, "timeoutSeconds": 7 }),
            json!({ "callbackEnabled": false, "llmAssist": true }),
        ),
        entry(
            "sip:care@acme.example",
            "nl-BE",
            json!({ "name": "DEMO_SIP_TRUNK", "maxRetries": 1, "channel": "sip" }),
            json!({ "callbackEnabled": false }),
        ),
    ];
    let w = Writable::seeding(db, actor);
    for f in &entries {
        if crate::routing::find_by_source(db, &f.source_id)
            .await?
            .is_none()
        {
            crate::routing::create(&w, f).await?;
        }
    }
    Ok(())
}
