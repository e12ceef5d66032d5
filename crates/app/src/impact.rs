//! Impact before a write: what deactivating a dictionary entry would affect, so the UI and the
//! CLI can show the count and where before asking. Reads only; the write itself stays the
//! dictionary use case (`crate::dict`).

use ivr_domain::Result;
use ivr_store::usage::{self, PlaceCount};
use ivr_store::Db;
use serde::{Deserialize, Serialize};

/// A dictionary entry whose deactivation can affect other rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum DictEntryRef {
    #[serde(rename_all = "camelCase")]
    Language { language_code: String },
    #[serde(rename_all = "camelCase")]
    Voice { voice_id: i64 },
    #[serde(rename_all = "camelCase")]
    CompanyProject { company_project_id: i64 },
}

/// Where an entry is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum UsagePlace {
    RoutingEntries,
    MessageStores,
    Voices,
    MessageStoreVoices,
}

impl UsagePlace {
    fn of(code: &str) -> Option<UsagePlace> {
        Some(match code {
            "routing" => UsagePlace::RoutingEntries,
            "messageStore" => UsagePlace::MessageStores,
            "voice" => UsagePlace::Voices,
            "voiceConfig" => UsagePlace::MessageStoreVoices,
            _ => return None,
        })
    }

    /// The place in words, for the count ("30 routing entries").
    pub fn label(self) -> &'static str {
        match self {
            UsagePlace::RoutingEntries => "routing entries",
            UsagePlace::MessageStores => "message stores",
            UsagePlace::Voices => "voices",
            UsagePlace::MessageStoreVoices => "message store voice settings",
        }
    }

    /// What stops working there once the entry is inactive.
    fn consequence(self) -> &'static str {
        match self {
            UsagePlace::RoutingEntries => {
                "they keep routing, but cannot be saved again until they use an active entry"
            }
            UsagePlace::MessageStores => "they keep it, but new content cannot use it",
            UsagePlace::Voices => "they stay, but cannot be chosen for new settings",
            UsagePlace::MessageStoreVoices => "they keep pointing at it",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UsageAt {
    pub place: UsagePlace,
    /// The place in words (`routing entries`).
    pub label: String,
    pub count: i64,
    /// Up to ten names (SourceIds, store names, voice codes), sorted.
    pub examples: Vec<String>,
    /// What deactivating means for these rows.
    pub consequence: String,
}

/// What deactivating an entry would affect: nothing when `total` is 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Usage {
    pub total: i64,
    /// Only the places where the entry is used.
    pub places: Vec<UsageAt>,
}

impl Usage {
    fn from_counts(counts: Vec<PlaceCount>) -> Usage {
        let places: Vec<UsageAt> = counts
            .into_iter()
            .filter(|c| c.count > 0)
            .filter_map(|c| {
                let place = UsagePlace::of(&c.place)?;
                Some(UsageAt {
                    place,
                    label: place.label().to_owned(),
                    count: c.count,
                    examples: c.examples,
                    consequence: place.consequence().to_owned(),
                })
            })
            .collect();
        Usage {
            total: places.iter().map(|p| p.count).sum(),
            places,
        }
    }

    /// One line per place: "30 routing entries (+3225550100, …): they keep routing, but …".
    pub fn sentences(&self) -> Vec<String> {
        self.places
            .iter()
            .map(|p| {
                let more = if (p.examples.len() as i64) < p.count {
                    ", …"
                } else {
                    ""
                };
                format!(
                    "{} {} ({}{more}): {}",
                    p.count,
                    p.label,
                    p.examples.join(", "),
                    p.consequence
                )
            })
            .collect()
    }
}

/// Where `entry` is used among active rows: one statement.
pub async fn usage(db: &Db, entry: &DictEntryRef) -> Result<Usage> {
    let counts = match entry {
        DictEntryRef::Language { language_code } => {
            usage::language(db, language_code.trim()).await?
        }
        DictEntryRef::Voice { voice_id } => usage::voice(db, *voice_id).await?,
        DictEntryRef::CompanyProject { company_project_id } => {
            usage::company_project(db, *company_project_id).await?
        }
    };
    Ok(Usage::from_counts(counts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_places_in_use_count() {
        let u = Usage::from_counts(vec![
            PlaceCount {
                place: "routing".into(),
                count: 12,
                examples: vec!["+32".into(), "+33".into()],
            },
            PlaceCount {
                place: "voice".into(),
                count: 0,
                examples: vec![],
            },
        ]);
        assert_eq!(u.total, 12);
        assert_eq!(u.places.len(), 1);
        assert_eq!(u.places[0].place, UsagePlace::RoutingEntries);
        assert!(
            u.sentences()[0].starts_with("12 routing entries (+32, +33, …): they keep routing"),
            "{:?}",
            u.sentences()
        );
    }
}
