//! Moving the published pointer: publish, rollback, which of the two a move is, and what
//! callers hear before and after (the preview).

use super::*;

/// Publishes a version: every language switches at once.
pub async fn publish(w: &Writable<'_>, req: SetPublished) -> Result<KeyWithVersions> {
    set_published(w, req, "published").await
}

/// Points the key back at an earlier version (any version other than the published one).
pub async fn rollback(w: &Writable<'_>, req: SetPublished) -> Result<KeyWithVersions> {
    set_published(w, req, "rollback").await
}

/// Moves the published pointer to a version, as a publish when the version was written after
/// the published one (or nothing is published) and as a rollback when it is older — the rule of
/// [`pointer_move`], the same one [`publish_preview`] shows. Already published: nothing changes.
pub async fn set_published_version(w: &Writable<'_>, req: SetPublished) -> Result<KeyWithVersions> {
    set_published(w, req, "").await
}

/// Which way moving the published pointer to a version goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum PointerMove {
    /// Nothing is published yet, or the version was written after the published one.
    Publish,
    /// The version was written before the published one: going back.
    Rollback,
    /// The version is the published one.
    Unchanged,
}

/// Publish or rollback: versions are numbered by slot (a freed slot is reused), so "older" is
/// decided by creation time; versions written in one transaction share it, then the number decides.
pub fn pointer_move(k: &KeyWithVersions, version: i32) -> PointerMove {
    let Some(published) = k.key.published_version else {
        return PointerMove::Publish;
    };
    if published == version {
        return PointerMove::Unchanged;
    }
    let find = |n: i32| k.versions.iter().find(|v| v.version == n);
    match (find(version), find(published)) {
        (Some(t), Some(p))
            if (t.created_at.as_str(), t.version) < (p.created_at.as_str(), p.version) =>
        {
            PointerMove::Rollback
        }
        _ => PointerMove::Publish,
    }
}

/// What callers of one language hear.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Heard {
    pub version: i32,
    /// The language of the content played: the store's default language when the version has
    /// no content in the caller's language.
    pub language: String,
    pub content: String,
    pub fell_back: bool,
    /// The settings it plays with, as the runtime resolves them: the type's DefaultSettings
    /// overlaid with the played content's TypeSettings (a compact JSON object, values as written).
    pub settings: String,
    /// The voice it is spoken with (text to speech only, as the runtime): `voice` in the
    /// settings, else the store's default voice of the language played; `None`: neither is set.
    pub voice: Option<String>,
}

/// One thing callers get differently besides the text: the voice, or one setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SettingChange {
    /// `voice`, or the setting's name.
    pub name: String,
    /// The value now and after as JSON text, as written (the voice as a JSON string);
    /// `None`: not set.
    pub now: Option<String>,
    pub after: Option<String>,
}

/// One allowed language before and after moving the pointer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CallerChange {
    pub language: String,
    /// `None`: nothing is published, callers hear no message.
    pub now: Option<Heard>,
    pub after: Option<Heard>,
    /// When callers hear something both now and after: the voice (text to speech) and each
    /// setting that differs, in the order of the settings after.
    pub setting_changes: Vec<SettingChange>,
    /// The language, content, voice or a setting callers get differs (or one side plays nothing).
    pub changed: bool,
}

/// What publishing (or rolling back to) a version would do, for the confirmation dialog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PublishPreview {
    pub store_id: i64,
    pub key: String,
    pub version: i32,
    pub published_version: Option<i32>,
    pub action: PointerMove,
    /// Send it back as `expectedRowVersion`: the change is refused (CONFLICT) if the key moved since.
    pub row_version: String,
    /// Allowed languages the version has no content for: it cannot be published.
    pub missing_languages: Vec<String>,
    /// Per allowed language (store order): what callers hear now and what they will hear.
    pub languages: Vec<CallerChange>,
}

/// What every version of one key plays with besides its text: the store (fallback language,
/// default voices), the type's DefaultSettings and its content kind (only text to speech has a voice).
struct Playback<'a> {
    store: &'a StoreRow,
    type_defaults: Option<&'a str>,
    kind: rules::ContentKind,
}

impl Playback<'_> {
    /// What callers of a language hear from a version, resolved as the runtime does
    /// ([`super::resolve`]): the default language's content when the version has none in theirs,
    /// the effective settings, and for text to speech the effective voice.
    fn heard(&self, v: &VersionRow, language: &str) -> Option<Heard> {
        let find = |l: &str| v.contents.iter().find(|c| c.language == l);
        let (c, fell_back) = match find(language) {
            Some(c) => (c, false),
            None => (find(&self.store.default_language)?, true),
        };
        let settings = rules::effective_settings(self.type_defaults, c.type_settings.as_deref());
        let store_voice = self
            .store
            .voices
            .iter()
            .find(|sv| sv.language == c.language)
            .map(|sv| sv.voice_code.as_str());
        let voice = rules::effective_voice(self.kind, &settings, store_voice);
        Some(Heard {
            version: v.version,
            language: c.language.clone(),
            content: c.content.clone(),
            fell_back,
            settings: settings.get().to_owned(),
            voice,
        })
    }

    /// The voice and the settings that differ between two plays. For text to speech the voice
    /// line says what the `voice` setting changes (an empty one falls back to the store's), so
    /// that setting is not listed again.
    fn setting_changes(&self, now: &Heard, after: &Heard) -> Vec<SettingChange> {
        let mut changes = Vec::new();
        let quoted = |v: &Option<String>| v.as_ref().map(to_json);
        if self.kind == rules::ContentKind::Tts && now.voice != after.voice {
            changes.push(SettingChange {
                name: "voice".into(),
                now: quoted(&now.voice),
                after: quoted(&after.voice),
            });
        }
        let members = |h: &Heard| {
            serde_json::from_str::<ivr_domain::RawMembers>(&h.settings)
                .map(|m| m.0)
                .unwrap_or_default()
        };
        let (before, later) = (members(now), members(after));
        let value = |ms: &[(String, ivr_domain::RawJson)], name: &str| {
            ms.iter().find(|(n, _)| n == name).map(|(_, v)| v.compact())
        };
        let names = later.iter().chain(&before).map(|(n, _)| n.as_str());
        let mut seen = BTreeSet::new();
        for name in names {
            if (self.kind == rules::ContentKind::Tts && name == "voice") || !seen.insert(name) {
                continue;
            }
            // Compared as written (whitespace apart), as `same_content` does: `1.0` and `1.00`
            // differ.
            let (a, b) = (value(&before, name), value(&later, name));
            if a != b {
                changes.push(SettingChange {
                    name: name.to_owned(),
                    now: a,
                    after: b,
                });
            }
        }
        changes
    }
}

/// Publish or rollback, and per language what callers hear now and after; writes nothing.
pub async fn publish_preview(
    db: &Db,
    store_id: i64,
    key_name: &str,
    version: i32,
) -> Result<PublishPreview> {
    let mut c = db.conn().await?;
    let store = read_store(&mut c, store_id).await?;
    let (current, type_defaults) = sql::key_detail_with_type_defaults(&mut c, store.id, key_name)
        .await?
        .ok_or_else(|| missing_key(store.id, key_name))?;
    let playback = Playback {
        store: &store,
        type_defaults: type_defaults.as_deref(),
        kind: rules::ContentKind::from_code(&current.key.message_type),
    };
    let target = find_version(&current, key_name, version)?;
    let published = current
        .key
        .published_version
        .and_then(|p| current.versions.iter().find(|v| v.version == p));
    let present: Vec<&str> = target
        .contents
        .iter()
        .map(|c| c.language.as_str())
        .collect();
    let languages = store
        .allowed_languages
        .iter()
        .map(|l| {
            let now = published.and_then(|p| playback.heard(p, l));
            let after = playback.heard(target, l);
            let (setting_changes, changed) = match (&now, &after) {
                (Some(n), Some(a)) => {
                    let settings = playback.setting_changes(n, a);
                    let changed =
                        n.language != a.language || n.content != a.content || !settings.is_empty();
                    (settings, changed)
                }
                (None, None) => (Vec::new(), false),
                _ => (Vec::new(), true),
            };
            CallerChange {
                language: l.clone(),
                now,
                after,
                setting_changes,
                changed,
            }
        })
        .collect();
    Ok(PublishPreview {
        store_id: store.id,
        key: current.key.key.clone(),
        version,
        published_version: current.key.published_version,
        action: pointer_move(&current, version),
        row_version: current.key.row_version.clone(),
        missing_languages: rules::missing_languages(&store.allowed_languages, &present),
        languages,
    })
}

async fn set_published(
    w: &Writable<'_>,
    req: SetPublished,
    action: &str,
) -> Result<KeyWithVersions> {
    w.db()
        .transaction(async |c| {
            let store = read_store(c, req.store_id).await?;
            let current = read_key(c, store.id, &req.key, false).await?;
            let target = find_version(&current, &req.key, req.version)?;
            // No action given: the rule decides (what the preview showed).
            let action = match (action, pointer_move(&current, req.version)) {
                ("", PointerMove::Rollback) => "rollback",
                ("", _) => "published",
                (a, _) => a,
            };
            if action == "rollback" && current.key.published_version == Some(req.version) {
                return Err(Error::validation(format!(
                    "version {} of {} is already published; roll back to another version",
                    req.version, req.key
                )));
            }
            if action == "published" && current.key.published_version == Some(req.version) {
                return Ok(current);
            }
            let present: Vec<&str> = target
                .contents
                .iter()
                .map(|c| c.language.as_str())
                .collect();
            rules::check_publishable(req.version, &store.allowed_languages, &present)?;
            let expected = check_expected(&current, req.expected_row_version.as_deref())?;
            let before = KeyState::Pointer {
                published_version: current.key.published_version,
            };
            let after = KeyState::Pointer {
                published_version: Some(req.version),
            };
            let change = KeyChange {
                key_id: current.key.id,
                expected_row_version: expected,
                published_version: Some(req.version),
                display_name: current.key.display_name.clone(),
                category_id: current.key.category_id,
                type_id: current.key.type_id,
                is_active: true,
                audit: audit_item(
                    &req.key,
                    Some(target.id),
                    action,
                    store.id,
                    Some(before),
                    Some(after),
                ),
            };
            guarded(c, w, &change, &req.key).await?;
            read_key(c, store.id, &req.key, false).await
        })
        .await
}
