//! `ivr dict …`: dictionaries, and the admin edits of languages, voices and company projects.

use super::table::{self, opt, yes_no};
use super::{Ctx, Reply};
use clap::Subcommand;
use ivr_app::dict::{self as app, CompanyProjectPatch, VoicePatch};
use ivr_domain::dict::*;
use ivr_domain::Result;

#[derive(Subcommand)]
pub enum DictCommand {
    /// Show every dictionary, or one: environments, languages, voices, key-types, segment-types,
    /// message-types, message-categories, company-projects
    List { name: Option<String> },
    /// Languages (BCP-47 codes)
    #[command(subcommand)]
    Language(LanguageCommand),
    /// TTS voices
    #[command(subcommand)]
    Voice(VoiceCommand),
    /// Company projects (customer + project within an environment)
    #[command(subcommand)]
    Project(ProjectCommand),
}

#[derive(Subcommand)]
pub enum LanguageCommand {
    /// Add a language: `ivr dict language add nl-BE "Nederlands (België)"`
    Add {
        code: String,
        display_name: String,
    },
    /// Change a language's display name
    Rename {
        code: String,
        display_name: String,
    },
    Deactivate {
        code: String,
    },
    Activate {
        code: String,
    },
}

#[derive(Subcommand)]
pub enum VoiceCommand {
    Add {
        #[arg(long)]
        code: String,
        /// google, azure, amazon or elevenlabs
        #[arg(long)]
        engine: String,
        /// A language of the dictionary
        #[arg(long)]
        language: String,
        /// male, female or neutral
        #[arg(long)]
        gender: Option<String>,
        #[arg(long)]
        display_name: String,
    },
    /// Change fields of a voice (only the options given change; --gender "" clears it)
    Edit {
        id: i64,
        #[arg(long)]
        code: Option<String>,
        #[arg(long)]
        engine: Option<String>,
        #[arg(long)]
        language: Option<String>,
        #[arg(long)]
        gender: Option<String>,
        #[arg(long)]
        display_name: Option<String>,
    },
    #[command(flatten)]
    Active(ActiveCommand),
}

/// Deactivating or activating an entry of a dictionary by its id (voices, company projects).
#[derive(Subcommand)]
pub enum ActiveCommand {
    Deactivate { id: i64 },
    Activate { id: i64 },
}

impl ActiveCommand {
    /// The entry's id, and whether it becomes active.
    fn parts(&self) -> (i64, bool) {
        match *self {
            ActiveCommand::Deactivate { id } => (id, false),
            ActiveCommand::Activate { id } => (id, true),
        }
    }
}

#[derive(Subcommand)]
pub enum ProjectCommand {
    Create {
        /// Environment code from the dictionary (dvp, acc, prd)
        #[arg(long)]
        environment: String,
        /// Lowercase customer identifier
        #[arg(long)]
        customer: String,
        #[arg(long)]
        project: String,
        #[arg(long)]
        display_name: String,
        #[arg(long)]
        okta_group: Option<String>,
    },
    /// Change fields of a company project (only the options given change; --okta-group "" clears it)
    Edit {
        id: i64,
        #[arg(long)]
        environment: Option<String>,
        #[arg(long)]
        customer: Option<String>,
        #[arg(long)]
        project: Option<String>,
        #[arg(long)]
        display_name: Option<String>,
        #[arg(long)]
        okta_group: Option<String>,
    },
    #[command(flatten)]
    Active(ActiveCommand),
}

pub async fn run(cmd: DictCommand, ctx: &Ctx) -> Result<Reply> {
    let env = ctx.open().await?;
    match cmd {
        DictCommand::List { name: None } => {
            let d = app::all(&env.db).await?;
            let text = DictionaryName::ALL
                .iter()
                .map(|n| format!("== {}\n{}", n.as_str(), text_of(&d, *n)))
                .collect::<Vec<_>>()
                .join("\n\n");
            Ok(Reply::new(&d, text))
        }
        DictCommand::List { name: Some(name) } => {
            let (d, which) = app::one(&env.db, &name).await?;
            Ok(Reply::new(&d.rows(which), text_of(&d, which)))
        }
        DictCommand::Language(c) => {
            let l = match c {
                LanguageCommand::Add { code, display_name } => {
                    app::language_add(
                        &env.writable()?,
                        &LanguageFields {
                            language_code: code,
                            display_name,
                        },
                    )
                    .await?
                }
                LanguageCommand::Rename { code, display_name } => {
                    app::language_rename(&env.writable()?, &code, &display_name).await?
                }
                LanguageCommand::Deactivate { code } => {
                    app::language_set_active(&env.writable()?, &code, false).await?
                }
                LanguageCommand::Activate { code } => {
                    app::language_set_active(&env.writable()?, &code, true).await?
                }
            };
            Ok(changed_row(l, languages_text))
        }
        DictCommand::Voice(c) => {
            let v = match c {
                VoiceCommand::Add {
                    code,
                    engine,
                    language,
                    gender,
                    display_name,
                } => {
                    app::voice_add(
                        &env.writable()?,
                        &VoiceFields {
                            code,
                            engine,
                            language,
                            gender,
                            display_name,
                        },
                    )
                    .await?
                }
                VoiceCommand::Edit {
                    id,
                    code,
                    engine,
                    language,
                    gender,
                    display_name,
                } => {
                    app::voice_edit(
                        &env.writable()?,
                        id,
                        &VoicePatch {
                            code,
                            engine,
                            language,
                            gender,
                            display_name,
                        },
                    )
                    .await?
                }
                VoiceCommand::Active(a) => {
                    let (id, active) = a.parts();
                    app::voice_set_active(&env.writable()?, id, active).await?
                }
            };
            Ok(changed_row(v, voices_text))
        }
        DictCommand::Project(c) => {
            let p = match c {
                ProjectCommand::Create {
                    environment,
                    customer,
                    project,
                    display_name,
                    okta_group,
                } => {
                    let environment_id = app::environment_id(&env.db, &environment).await?;
                    app::project_create(
                        &env.writable()?,
                        &CompanyProjectFields {
                            environment_id,
                            customer_id: customer,
                            project_id: project,
                            display_name,
                            okta_group,
                        },
                    )
                    .await?
                }
                ProjectCommand::Edit {
                    id,
                    environment,
                    customer,
                    project,
                    display_name,
                    okta_group,
                } => {
                    let environment_id = match environment {
                        Some(code) => Some(app::environment_id(&env.db, &code).await?),
                        None => None,
                    };
                    app::project_edit(
                        &env.writable()?,
                        id,
                        &CompanyProjectPatch {
                            environment_id,
                            customer_id: customer,
                            project_id: project,
                            display_name,
                            okta_group,
                        },
                    )
                    .await?
                }
                ProjectCommand::Active(a) => {
                    let (id, active) = a.parts();
                    app::project_set_active(&env.writable()?, id, active).await?
                }
            };
            Ok(changed_row(p, projects_text))
        }
    }
}

/// The answer to an admin edit: the row as it is now, as JSON and as a one-row table.
fn changed_row<T: serde::Serialize>(row: T, table: fn(&[T]) -> String) -> Reply {
    Reply::new(&row, table(std::slice::from_ref(&row)))
}

fn text_of(d: &Dictionaries, which: DictionaryName) -> String {
    match which {
        DictionaryName::Environments => code_name_table(d.environments.iter().map(|e| {
            (
                e.environment_id,
                e.code.as_str(),
                e.display_name.as_str(),
                e.is_active,
            )
        })),
        DictionaryName::Languages => languages_text(&d.languages),
        DictionaryName::Voices => voices_text(&d.voices),
        DictionaryName::KeyTypes => code_name_table(d.key_types.iter().map(|k| {
            (
                k.dic_key_type_id,
                k.code.as_str(),
                k.display_name.as_str(),
                k.is_active,
            )
        })),
        DictionaryName::SegmentTypes => {
            let mut rows = Vec::new();
            for t in &d.segment_types {
                let keys = t
                    .keys
                    .iter()
                    .map(|k| {
                        format!(
                            "{}{}:{}",
                            k.key_name,
                            if k.is_required { "*" } else { "" },
                            k.key_type.as_deref().unwrap_or("?")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                rows.push(vec![
                    t.dic_segment_type_id.to_string(),
                    t.code.clone(),
                    t.display_name.clone(),
                    opt(&t.category),
                    yes_no(t.is_terminal),
                    yes_no(t.is_active),
                    keys,
                ]);
            }
            table::render(
                &[
                    "ID",
                    "CODE",
                    "NAME",
                    "CATEGORY",
                    "TERMINAL",
                    "ACTIVE",
                    "KEYS (* required)",
                ],
                &rows,
            )
        }
        DictionaryName::MessageTypes => code_name_table(d.message_types.iter().map(|m| {
            (
                m.message_type_id,
                m.code.as_str(),
                m.display_name.as_str(),
                m.is_active,
            )
        })),
        DictionaryName::MessageCategories => table::render(
            &["ID", "CODE", "NAME", "ICON", "COLOR", "ACTIVE"],
            &d.message_categories
                .iter()
                .map(|m| {
                    vec![
                        m.category_id.to_string(),
                        m.code.clone(),
                        m.display_name.clone(),
                        opt(&m.icon),
                        opt(&m.color),
                        yes_no(m.is_active),
                    ]
                })
                .collect::<Vec<_>>(),
        ),
        DictionaryName::CompanyProjects => projects_text(&d.company_projects),
    }
}

/// The ID / CODE / NAME / ACTIVE table shared by the simple dictionaries.
fn code_name_table<'a>(rows: impl Iterator<Item = (i64, &'a str, &'a str, bool)>) -> String {
    table::render(
        &["ID", "CODE", "NAME", "ACTIVE"],
        &rows
            .map(|(id, code, name, active)| {
                vec![
                    id.to_string(),
                    code.to_owned(),
                    name.to_owned(),
                    yes_no(active),
                ]
            })
            .collect::<Vec<_>>(),
    )
}

fn languages_text(l: &[Language]) -> String {
    table::render(
        &["CODE", "NAME", "ACTIVE"],
        &l.iter()
            .map(|l| {
                vec![
                    l.language_code.clone(),
                    l.display_name.clone(),
                    yes_no(l.is_active),
                ]
            })
            .collect::<Vec<_>>(),
    )
}

fn voices_text(v: &[Voice]) -> String {
    table::render(
        &[
            "ID", "CODE", "ENGINE", "LANGUAGE", "GENDER", "NAME", "ACTIVE",
        ],
        &v.iter()
            .map(|v| {
                vec![
                    v.voice_id.to_string(),
                    v.code.clone(),
                    v.engine.clone(),
                    v.language.clone(),
                    opt(&v.gender),
                    v.display_name.clone(),
                    yes_no(v.is_active),
                ]
            })
            .collect::<Vec<_>>(),
    )
}

fn projects_text(p: &[CompanyProject]) -> String {
    table::render(
        &[
            "ID",
            "ENV",
            "CUSTOMER",
            "PROJECT",
            "NAME",
            "OKTA GROUP",
            "ACTIVE",
        ],
        &p.iter()
            .map(|p| {
                vec![
                    p.company_project_id.to_string(),
                    p.environment_code
                        .clone()
                        .unwrap_or_else(|| p.environment_id.to_string()),
                    p.customer_id.clone(),
                    p.project_id.clone(),
                    p.display_name.clone(),
                    opt(&p.okta_group),
                    yes_no(p.is_active),
                ]
            })
            .collect::<Vec<_>>(),
    )
}
