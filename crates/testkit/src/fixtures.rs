//! Rows tests build again and again, written once.

use ivr_domain::routing::RoutingFields;

/// A routing entry of company project `cp` for `source`: routing id `acme-care-main`, Dutch,
/// starting at `welcome`, with no config, feature flags or message store. A test that needs other
/// values says only those: `RoutingFields { init_segment: "x".into(), ..routing_fields(cp, s) }`.
pub fn routing_fields(cp: i64, source: &str) -> RoutingFields {
    RoutingFields {
        source_id: source.into(),
        routing_id: "acme-care-main".into(),
        company_project_id: cp,
        message_store_id: None,
        language_code: "nl-BE".into(),
        init_segment: "welcome".into(),
        config: None,
        feature_flags: None,
    }
}
