//! Runs one contract test on every available engine, and the fixtures the tests share.

use ivr_app::{dict, routing, OpenEnvironment, Profile, Tier, Writable};
use ivr_domain::dict::{CompanyProjectFields, LanguageFields};
use ivr_domain::routing::{RoutingEntry, RoutingFields};
use ivr_domain::Result;
use ivr_store::audit::Actor;
use ivr_store::Db;

pub fn actor() -> Actor {
    Actor::new("contract-tester", "test")
}

/// A writable `dvp` environment named `test` on `db`, acting as `contract-tester`.
pub fn env(db: &Db) -> OpenEnvironment {
    let home = ivr_app::Home::at(std::path::Path::new("/nonexistent-ivr-home"));
    let mut p = Profile::local(&home);
    p.name = "test".into();
    p.tier = Tier::Dvp;
    p.display_name = Some("contract-tester".into());
    OpenEnvironment::new(db.clone(), p)
}

/// Runs a write use case with the write capability of [`env`].
pub async fn writing<T>(db: &Db, write: impl AsyncFnOnce(&Writable<'_>) -> Result<T>) -> Result<T> {
    let env = env(db);
    let w = env.writable()?;
    write(&w).await
}

/// Reference data every routing test needs: environment dvp, languages nl-BE and fr-BE, and the
/// company project acme/care. Returns the company project id.
pub async fn fixtures(db: &Db) -> i64 {
    let env = writing(db, async |w| {
        dict::environment_ensure(w, "dvp", "Development").await
    })
    .await
    .expect("environment");
    for (code, name) in [
        ("nl-BE", "Nederlands (België)"),
        ("fr-BE", "Français (Belgique)"),
    ] {
        // Normally present from the reference-data migration.
        if language(db, code).await.is_some() {
            continue;
        }
        let f = LanguageFields {
            language_code: code.into(),
            display_name: name.into(),
        };
        writing(db, async |w| dict::language_add(w, &f).await)
            .await
            .expect("language");
    }
    let f = CompanyProjectFields {
        environment_id: env.environment_id,
        customer_id: "acme".into(),
        project_id: "care".into(),
        display_name: "Acme Care".into(),
        okta_group: None,
    };
    writing(db, async |w| dict::project_create(w, &f).await)
        .await
        .expect("company project")
        .company_project_id
}

/// A language of the dictionary, if present.
pub async fn language(db: &Db, code: &str) -> Option<ivr_domain::dict::Language> {
    let d = dict::all(db).await.expect("dictionaries");
    d.languages.into_iter().find(|l| l.language_code == code)
}

pub fn entry(cp: i64, source: &str) -> RoutingFields {
    RoutingFields {
        init_segment: "language_select".into(),
        config: Some(serde_json::json!({"timeoutSeconds": 5}).into()),
        feature_flags: Some(serde_json::json!({"callback": true}).into()),
        ..ivr_testkit::routing_fields(cp, source)
    }
}

pub async fn create(db: &Db, f: &RoutingFields) -> Result<RoutingEntry> {
    writing(db, async |w| routing::create(w, f).await.map(|s| s.entry)).await
}

pub async fn update(db: &Db, id: i64, token: &str, f: &RoutingFields) -> Result<RoutingEntry> {
    let req = routing::UpdateRoutingRequest {
        routing_table_id: id,
        row_version: token.into(),
        fields: f.clone(),
    };
    writing(db, async |w| {
        routing::update(w, &req).await.map(|s| s.entry)
    })
    .await
}

pub async fn delete(db: &Db, id: i64, token: Option<&str>) -> Result<RoutingEntry> {
    let req = routing::DeleteRoutingRequest {
        routing_table_id: id,
        row_version: token.map(str::to_string),
    };
    writing(db, async |w| routing::delete(w, &req).await).await
}

pub async fn restore(db: &Db, id: i64, version: i64) -> Result<RoutingEntry> {
    let req = routing::RestoreRoutingRequest {
        routing_table_id: id,
        version_number: version,
        row_version: None,
    };
    writing(db, async |w| {
        routing::restore(w, &req).await.map(|s| s.entry)
    })
    .await
}

pub async fn get(db: &Db, source_id: &str, include_inactive: bool) -> Result<RoutingEntry> {
    let req = routing::GetRoutingRequest {
        source_id: source_id.into(),
        include_inactive,
    };
    routing::get(db, &req).await
}

pub async fn list(
    db: &Db,
    req: routing::ListRoutingRequest,
) -> Result<ivr_domain::Page<ivr_domain::routing::RoutingListItem>> {
    routing::list(db, &req).await
}

/// (routing rows, history rows, audit rows)
pub async fn counts(db: &Db) -> (i64, i64, i64) {
    let (r, h) = ivr_store::routing::counts(db).await.expect("counts");
    let a = ivr_store::audit::count(db).await.expect("audit count");
    (r, h, a)
}
