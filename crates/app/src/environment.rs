//! An open environment: the database handle, its profile, who is acting, and the read-only lock,
//! and [`Writable`], the capability every write use case takes.

use crate::profiles::{check_display_name, Profile, Tier, MAX_ACTOR_LEN};
use ivr_domain::{Error, ErrorDetail, Remedy, Result};
use ivr_store::audit::Actor;
use ivr_store::Db;

/// What every read use case receives. Writes take a [`Writable`], which only
/// [`OpenEnvironment::writable`] hands out.
pub struct OpenEnvironment {
    pub db: Db,
    pub profile: Profile,
    /// Written to CreatedBy / UpdatedBy and to the audit log.
    pub actor: String,
    unlocked: bool,
}

impl std::fmt::Debug for OpenEnvironment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenEnvironment")
            .field("name", &self.profile.name)
            .field("tier", &self.profile.tier)
            .field("db", &self.db.description())
            .field("actor", &self.actor)
            .field("read_only", &self.read_only())
            .finish()
    }
}

impl OpenEnvironment {
    pub fn new(db: Db, profile: Profile) -> OpenEnvironment {
        let actor = actor_for(&profile);
        OpenEnvironment {
            db,
            profile,
            actor,
            unlocked: false,
        }
    }

    pub fn name(&self) -> &str {
        &self.profile.name
    }

    pub fn tier(&self) -> Tier {
        self.profile.tier
    }

    /// True for prd (and profiles marked read_only) until [`OpenEnvironment::unlock`] succeeds.
    pub fn read_only(&self) -> bool {
        self.profile.starts_read_only() && !self.unlocked
    }

    /// Unlocks writes for this session when `typed_name` is exactly the environment's name.
    /// Unlocking an environment that is not read-only is allowed and changes nothing.
    pub fn unlock(&mut self, typed_name: &str) -> Result<()> {
        if !self.profile.starts_read_only() {
            return Ok(());
        }
        if typed_name.trim() != self.profile.name {
            return Err(Error::validation(format!(
                "to unlock `{}` for writing, type its name exactly: `{}`",
                self.profile.name, self.profile.name
            )));
        }
        tracing::info!(environment = %self.profile.name, "unlocked for writing in this session");
        self.unlocked = true;
        Ok(())
    }

    /// Back to read-only (for a prd or read_only profile).
    pub fn lock(&mut self) {
        self.unlocked = false;
    }

    /// The write capability: READ_ONLY while the environment is locked. Every write use case takes
    /// a `&Writable`, so a write on a locked environment does not compile into a call at all.
    pub fn writable(&self) -> Result<Writable<'_>> {
        if self.read_only() {
            let how = if self.profile.tier == Tier::Prd {
                "prd environments are read-only until unlocked"
            } else {
                "this environment is marked read-only"
            };
            return Err(Error::read_only(format!(
                "`{}` is read-only: {how}; to write, unlock it for this session by typing its name",
                self.profile.name
            ))
            .with_detail(ErrorDetail {
                environment: Some(self.profile.name.clone()),
                tier: Some(self.profile.tier.as_str().to_owned()),
                ..Default::default()
            })
            .with_remedy(Remedy::UnlockEnvironment {
                environment: self.profile.name.clone(),
            }));
        }
        Ok(Writable {
            db: &self.db,
            actor: Actor::new(self.actor.clone(), self.name()),
        })
    }
}

/// Permission to write to one environment's database, as one actor. Only a writable (unlocked)
/// [`OpenEnvironment`] hands one out, so the prd lock is enforced by the types: a write use case
/// takes `&Writable` and owns its transaction (`w.db().transaction(…)`), audited as `w.actor()`.
#[derive(Clone)]
pub struct Writable<'e> {
    db: &'e Db,
    actor: Actor,
}

impl std::fmt::Debug for Writable<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writable")
            .field("db", &self.db.description())
            .field("actor", &self.actor)
            .finish()
    }
}

impl<'e> Writable<'e> {
    /// For the app's own first-start seeding of `local`, which has no profile lock to check.
    pub(crate) fn seeding(db: &'e Db, actor: &Actor) -> Writable<'e> {
        Writable {
            db,
            actor: actor.clone(),
        }
    }

    pub fn db(&self) -> &'e Db {
        self.db
    }

    /// Who writes, and where: CreatedBy/UpdatedBy and the audit row.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }
}

/// The profile's display name, else the OS user, else `unknown`; cut to what CreatedBy
/// (VARCHAR(100)) holds, non-ASCII replaced by `?`.
pub fn actor_for(profile: &Profile) -> String {
    if let Some(d) = &profile.display_name {
        if check_display_name(d).is_ok() {
            return d.trim().to_string();
        }
    }
    os_user().unwrap_or_else(|| "unknown".to_string())
}

/// $USER / $USERNAME / $LOGNAME, else the account name the OS gives for this process: under a
/// service manager, cron or a bare Xvfb session those variables are often unset.
pub fn os_user() -> Option<String> {
    user_from(|k| std::env::var(k).ok(), || whoami::username().ok())
}

fn user_from(
    var: impl Fn(&str) -> Option<String>,
    account: impl FnOnce() -> Option<String>,
) -> Option<String> {
    let clean = |u: String| {
        u.trim()
            .chars()
            .map(|c| {
                if c.is_ascii() && !c.is_ascii_control() {
                    c
                } else {
                    '?'
                }
            })
            .take(MAX_ACTOR_LEN)
            .collect::<String>()
    };
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .filter_map(|k| var(k))
        .map(clean)
        .find(|u| !u.is_empty())
        .or_else(|| account().map(clean).filter(|u| !u.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::home::Home;
    use ivr_domain::ErrorCode;

    fn env_with(tier: Tier, read_only: bool) -> (tempfile::TempDir, OpenEnvironment) {
        let dir = tempfile::tempdir().unwrap();
        let home = Home::at(dir.path());
        let db = Db::open_sqlite(&home.local_database()).unwrap();
        let mut p = Profile::local(&home);
        p.name = "prd".into();
        p.tier = tier;
        p.read_only = read_only;
        p.display_name = Some("Ops Person".into());
        (dir, OpenEnvironment::new(db, p))
    }

    #[test]
    fn prd_is_locked_until_its_name_is_typed() {
        let (_d, mut env) = env_with(Tier::Prd, false);
        assert!(env.read_only());
        assert_eq!(env.writable().unwrap_err().code, ErrorCode::ReadOnly);
        assert_eq!(env.unlock("PRD").unwrap_err().code, ErrorCode::Validation);
        assert_eq!(env.unlock("acc").unwrap_err().code, ErrorCode::Validation);
        assert!(env.read_only());
        env.unlock("prd").unwrap();
        assert!(!env.read_only());
        let w = env.writable().unwrap();
        assert_eq!(w.actor(), &Actor::new("Ops Person", "prd"));
        env.lock();
        assert!(env.read_only());
        assert_eq!(env.actor, "Ops Person");
    }

    #[test]
    fn os_user_falls_back_to_logname_then_the_account() {
        let none = |_: &str| None;
        let logname = |k: &str| (k == "LOGNAME").then(|| "ops".to_string());
        let blank = |k: &str| (k == "USER").then(|| "  ".to_string());
        let account = || Some("svc-ivr".to_string());
        assert_eq!(user_from(logname, account).as_deref(), Some("ops"));
        assert_eq!(user_from(blank, account).as_deref(), Some("svc-ivr"));
        assert_eq!(user_from(none, account).as_deref(), Some("svc-ivr"));
        assert_eq!(user_from(none, || None), None);
        assert_eq!(
            user_from(none, || Some("Zoë".into())).as_deref(),
            Some("Zo?")
        );
        // This process has an account the OS can name, whatever the environment says.
        assert!(whoami::username().is_ok_and(|u| !u.is_empty()));
    }

    #[test]
    fn read_only_flag_locks_other_tiers_too() {
        let (_d, env) = env_with(Tier::Acc, true);
        assert!(env.read_only());
        let (_d, mut env) = env_with(Tier::Dvp, false);
        assert!(!env.read_only());
        env.unlock("anything").unwrap();
        env.writable().unwrap();
    }
}
