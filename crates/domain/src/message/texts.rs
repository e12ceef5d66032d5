//! The published texts of a list of message keys, as the flow designer shows them: a node's
//! glance (the text in the store's default language) and the inspector's message-key field (the
//! text in every language, or that the key is unknown or unpublished). The app reads them for
//! every key a flow names in one statement (`ivr_app::messages::key_texts`).

use super::LanguageContent;
use serde::{Deserialize, Serialize};

/// At most this many keys are read at once (a flow of 2,000 segments names about 1,000).
pub const MAX_TEXT_KEYS: usize = 1_000;

/// The published texts of the keys asked for, in one store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MessageTexts {
    /// The store's default language: the one a node shows (else the published version's first).
    pub default_language: String,
    /// Each distinct key asked for, once, in the order asked.
    pub keys: Vec<KeyTexts>,
}

/// One key's published texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeyTexts {
    pub key: String,
    pub state: KeyTextState,
}

/// What callers hear for a key: nothing (it does not exist in the store, or nothing of it is
/// published), or its published version's content per language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum KeyTextState {
    /// No active key of that name in the store.
    Unknown,
    /// The key exists; no version of it is published.
    Unpublished,
    /// The published version and its content per language (by language).
    Published {
        version: i32,
        contents: Vec<LanguageContent>,
    },
}
