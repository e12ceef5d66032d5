//! Where IVR Studio keeps its configuration (environments.toml) and data (the local database).

use ivr_domain::{Error, Result};
use std::path::{Path, PathBuf};

/// Relocates both folders: config in it, data in `<it>/data` (tests, portable installs).
pub const HOME_ENV: &str = "IVR_STUDIO_HOME";
const APP_DIR: &str = "ivr-studio";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Home {
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
}

impl Home {
    /// `IVR_STUDIO_HOME` if set and not empty, else the OS config and data folders.
    pub fn from_env() -> Result<Home> {
        match std::env::var_os(HOME_ENV) {
            Some(h) if !h.is_empty() => Ok(Home::at(Path::new(&h))),
            _ => {
                let config = dirs::config_dir().ok_or_else(|| {
                    Error::config(format!(
                        "cannot find the user's configuration folder; set {HOME_ENV} to a folder IVR Studio may use"
                    ))
                })?;
                let data = dirs::data_dir().ok_or_else(|| {
                    Error::config(format!(
                        "cannot find the user's data folder; set {HOME_ENV} to a folder IVR Studio may use"
                    ))
                })?;
                Ok(Home {
                    config_dir: config.join(APP_DIR),
                    data_dir: data.join(APP_DIR),
                })
            }
        }
    }

    /// Everything under one folder.
    pub fn at(root: &Path) -> Home {
        Home {
            config_dir: root.to_path_buf(),
            data_dir: root.join("data"),
        }
    }

    pub fn environments_file(&self) -> PathBuf {
        self.config_dir.join("environments.toml")
    }

    /// The implicit `local` environment's SQLite file.
    pub fn local_database(&self) -> PathBuf {
        self.data_dir.join("local.sqlite")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_puts_data_under_the_root() {
        let h = Home::at(Path::new("/x/y"));
        assert_eq!(h.config_dir, Path::new("/x/y"));
        assert_eq!(h.environments_file(), Path::new("/x/y/environments.toml"));
        assert_eq!(h.local_database(), Path::new("/x/y/data/local.sqlite"));
    }
}
