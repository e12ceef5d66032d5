//! Runs one contract test on every available engine, and the fixtures the tests share.

use ivr_domain::dict::{CompanyProjectFields, LanguageFields};
use ivr_domain::routing::RoutingFields;
use ivr_domain::Result;
use ivr_store::audit::Actor;
use ivr_store::{dict, routing, Db};

pub fn actor() -> Actor {
    Actor::new("contract-tester", "test")
}

pub use ivr_store::testkit::each_engine;

/// Reference data every routing test needs: environment dvp, languages nl-BE and fr-BE, and the
/// company project acme/care. Returns the company project id.
pub async fn fixtures(db: &Db) -> i64 {
    let a = actor();
    let env = dict::environment_ensure(db, &a, "dvp", "Development")
        .await
        .expect("environment");
    for (code, name) in [
        ("nl-BE", "Nederlands (België)"),
        ("fr-BE", "Français (Belgique)"),
    ] {
        // Normally present from the reference-data migration.
        if dict::language(db, code).await.expect("language").is_some() {
            continue;
        }
        dict::language_add(
            db,
            &a,
            &LanguageFields {
                language_code: code.into(),
                display_name: name.into(),
            },
        )
        .await
        .expect("language");
    }
    dict::project_create(
        db,
        &a,
        &CompanyProjectFields {
            environment_id: env.environment_id,
            customer_id: "acme".into(),
            project_id: "care".into(),
            display_name: "Acme Care".into(),
            okta_group: None,
        },
    )
    .await
    .expect("company project")
    .company_project_id
}

pub fn entry(cp: i64, source: &str) -> RoutingFields {
    RoutingFields {
        source_id: source.into(),
        routing_id: "acme-care-main".into(),
        company_project_id: cp,
        message_store_id: None,
        language_code: "nl-BE".into(),
        init_segment: "language_select".into(),
        config: Some(serde_json::json!({"timeoutSeconds": 5})),
        feature_flags: Some(serde_json::json!({"callback": true})),
    }
}

/// Validation then write: what the app's create does.
pub async fn create(db: &Db, f: &RoutingFields) -> Result<ivr_domain::routing::RoutingEntry> {
    f.validate()?;
    routing::create(db, &actor(), f).await
}

pub async fn update(
    db: &Db,
    id: i64,
    token: &str,
    f: &RoutingFields,
) -> Result<ivr_domain::routing::RoutingEntry> {
    f.validate()?;
    routing::update(db, &actor(), id, token, f).await
}

/// (routing rows, history rows, audit rows)
pub async fn counts(db: &Db) -> (i64, i64, i64) {
    let (r, h) = routing::counts(db).await.expect("counts");
    let a = ivr_store::audit::count(db).await.expect("audit count");
    (r, h, a)
}
