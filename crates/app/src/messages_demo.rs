//! The demo message store of the local environment: the messages the demo flow names, in three
//! languages, with default voices. Seeded through the same checked, audited import as a user's
//! file.

use crate::environment::Writable;
use crate::messages::{self, CreateStore};
use ivr_domain::message::exchange::{
    self, ContentFile, MessageFile, StoreFile, StoreHeader, VersionFile,
};
use ivr_domain::{ErrorCode, Result};
use ivr_store::message as sql;
use std::collections::BTreeSet;

/// The demo message store's messages: (key, type, category, display name, published version,
/// versions as (nl-BE, fr-BE, en-US)). Keys are the ones the demo flow names.
type DemoMessage = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<i32>,
    &'static [[&'static str; 3]],
);

const DEMO_MESSAGES: &[DemoMessage] = &[
    ("LANGUAGE_SELECT", "tts", "menu", "Language choice", Some(1), &[[
        "Voor Nederlands, druk 1.",
        "Pour le français, appuyez sur 2.",
        "For English, press 3.",
    ]]),
    ("WELCOME", "tts", "welcome", "Welcome", Some(2), &[
        ["Welkom bij Acme.", "Bienvenue chez Acme.", "Welcome to Acme."],
        [
            "<speak>Welkom bij Acme Klantendienst, {customerName}. <break time=\"300ms\"/></speak>",
            "<speak>Bienvenue au service clientèle d'Acme, {customerName}. <break time=\"300ms\"/></speak>",
            "<speak>Welcome to Acme Customer Care, {customerName}. <break time=\"300ms\"/></speak>",
        ],
    ]),
    ("CLOSED", "tts", "closed", "Closed", Some(1), &[[
        "We zijn momenteel gesloten. Onze openingsuren zijn van 8 tot 18 uur.",
        "Nous sommes actuellement fermés. Nous sommes ouverts de 8 à 18 heures.",
        "We are closed right now. Our opening hours are 8 am to 6 pm.",
    ]]),
    ("HOLIDAY", "tts", "closed", "Holiday", Some(1), &[[
        "Vandaag is een feestdag. We zijn morgen opnieuw bereikbaar.",
        "Aujourd'hui est un jour férié. Nous serons joignables demain.",
        "Today is a public holiday. We are available again tomorrow.",
    ]]),
    ("MAIN_MENU", "tts", "menu", "Main menu", Some(2), &[
        [
            "Voor facturatie, druk 1. Voor technische hulp, druk 2.",
            "Pour la facturation, appuyez sur 1. Pour l'aide technique, appuyez sur 2.",
            "For billing, press 1. For technical support, press 2.",
        ],
        [
            "Voor facturatie, druk 1. Voor technische hulp, druk 2. Voor verkoop, druk 3.",
            "Pour la facturation, appuyez sur 1. Pour l'aide technique, appuyez sur 2. Pour les ventes, appuyez sur 3.",
            "For billing, press 1. For technical support, press 2. For sales, press 3.",
        ],
        [
            "Voor facturatie, druk 1. Voor technische hulp, druk 2. Voor verkoop, druk 3. Om dit menu te herhalen, druk sterretje.",
            "Pour la facturation, appuyez sur 1. Pour l'aide technique, appuyez sur 2. Pour les ventes, appuyez sur 3. Pour réécouter, appuyez sur étoile.",
            "For billing, press 1. For technical support, press 2. For sales, press 3. To hear this menu again, press star.",
        ],
    ]),
    ("MENU_NO_INPUT", "tts", "error", "Menu: no input", Some(1), &[[
        "We hebben geen keuze ontvangen.",
        "Nous n'avons pas reçu de choix.",
        "We did not receive a choice.",
    ]]),
    ("MENU_INVALID", "tts", "error", "Menu: invalid choice", Some(1), &[[
        "Die keuze is ongeldig.",
        "Ce choix n'est pas valide.",
        "That choice is not valid.",
    ]]),
    ("HOLD", "audio_url", "hold", "Hold music", Some(1), &[[
        "https://media.acme.example/ivr/hold/nl-BE.wav",
        "https://media.acme.example/ivr/hold/fr-BE.wav",
        "https://media.acme.example/ivr/hold/en-US.wav",
    ]]),
    ("TRANSFER_SALES", "tts", "transfer", "Transfer to sales", Some(1), &[[
        "U wordt doorverbonden met onze verkoopsdienst.",
        "Nous vous transférons vers notre service commercial.",
        "We are transferring you to our sales team.",
    ]]),
    ("AGENT_UNAVAILABLE", "tts", "error", "No agent available", None, &[[
        "Er is momenteel geen medewerker beschikbaar.",
        "Aucun conseiller n'est disponible pour le moment.",
        "No agent is available right now.",
    ]]),
    ("VOICEMAIL_PROMPT", "tts", "info", "Voicemail", Some(1), &[[
        "Laat na de toon uw boodschap achter.",
        "Laissez votre message après le bip.",
        "Please leave your message after the tone.",
    ]]),
    ("GOODBYE", "tts", "goodbye", "Goodbye", Some(1), &[[
        "Bedankt voor uw oproep. Tot ziens.",
        "Merci pour votre appel. Au revoir.",
        "Thank you for calling. Goodbye.",
    ]]),
];

const DEMO_LANGUAGES: [&str; 3] = ["nl-BE", "fr-BE", "en-US"];
const DEMO_VOICES: [(&str, &str); 3] = [
    ("nl-BE", "elevenlabs-nl-BE-Charlotte"),
    ("fr-BE", "elevenlabs-fr-BE-Charlotte"),
    ("en-US", "elevenlabs-en-US-Daniel"),
];

/// Adds the demo message store to company project `customer/project` (the local demo uses
/// acme/care): the store, default voices, and the demo flow's messages — only what is missing,
/// through the same checked, audited import as a user's file. `None` when the company project
/// does not exist.
pub async fn seed(w: &Writable<'_>, customer: &str, project: &str) -> Result<Option<i64>> {
    let db = w.db();
    let store = match messages::store_of_project(db, customer, project).await {
        Ok(s) => s,
        Err(e) if e.code == ErrorCode::NotFound => {
            let projects =
                sql::company_projects(&mut db.conn().await?, Some(customer), Some(project), None)
                    .await?;
            if projects.is_empty() {
                return Ok(None);
            }
            let mut environment = None;
            if projects.len() > 1 {
                environment = projects.first().and_then(|p| p.environment_code.clone());
            }
            messages::create_store(
                w,
                CreateStore {
                    customer: customer.into(),
                    project: project.into(),
                    environment,
                    name: format!("{customer} {project} messages"),
                    allowed_languages: DEMO_LANGUAGES.iter().map(|l| l.to_string()).collect(),
                    default_language: DEMO_LANGUAGES[0].into(),
                },
            )
            .await?
        }
        Err(e) => return Err(e),
    };
    for (lang, voice) in DEMO_VOICES {
        if store.allowed_languages.iter().any(|l| l == lang)
            && !store.voices.iter().any(|v| v.language == lang)
        {
            messages::set_voice(w, store.id, lang, voice).await?;
        }
    }
    let existing: BTreeSet<String> = {
        let mut conn = db.conn().await?;
        sql::store_content(&mut conn, store.id)
            .await?
            .into_iter()
            .map(|k| k.key.key)
            .collect()
    };
    let messages: Vec<MessageFile> = DEMO_MESSAGES
        .iter()
        .filter(|(key, ..)| !existing.contains(*key))
        .map(
            |(key, ty, category, name, published, versions)| MessageFile {
                key: (*key).into(),
                message_type: (*ty).into(),
                category: (*category).into(),
                display_name: Some((*name).into()),
                published_version: *published,
                versions: versions
                    .iter()
                    .enumerate()
                    .map(|(i, texts)| VersionFile {
                        version: i as i32 + 1,
                        name: None,
                        created_at: None,
                        created_by: None,
                        content: DEMO_LANGUAGES
                            .iter()
                            .zip(texts.iter())
                            .filter(|(l, _)| store.allowed_languages.iter().any(|a| a == *l))
                            .map(|(l, t)| ContentFile {
                                language: (*l).into(),
                                content: (*t).into(),
                                type_settings: None,
                            })
                            .collect(),
                    })
                    .collect(),
            },
        )
        .collect();
    if messages.is_empty() {
        return Ok(Some(store.id));
    }
    let file = StoreFile {
        format: exchange::FORMAT.into(),
        format_version: exchange::FORMAT_VERSION,
        store: StoreHeader {
            name: store.name.clone(),
            customer_id: Some(customer.into()),
            project_id: Some(project.into()),
            allowed_languages: store.allowed_languages.clone(),
            default_language: store.default_language.clone(),
            voices: Vec::new(),
        },
        messages,
    };
    let text = exchange::export_json(&file);
    messages::import(w, store.id, exchange::ExchangeFormat::Json, text.as_bytes()).await?;
    Ok(Some(store.id))
}
