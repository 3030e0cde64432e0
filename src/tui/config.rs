//! The user's settings: `~/.config/gridbook/config.toml` (language, keymap, borders, the
//! folder the 台账 screen writes into) and where the user's keymap file lives. Command-line flags win over the file.

use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `zh` or `en`.
    pub lang: Option<String>,
    /// `default`, `vim`, `emacs` or a keymap file.
    pub keymap: Option<String>,
    /// ASCII-only borders for PuTTY and old consoles.
    #[serde(default)]
    pub ascii_borders: bool,
    /// The folder the 台账 screen writes ledgers and exports into (`~/` is the home).
    pub ledger_dir: Option<String>,
}

/// Where the 台账 screen writes when the settings name no folder: `~/gridbook-台账`.
pub fn default_ledger_dir() -> PathBuf {
    home().join("gridbook-台账")
}

fn home() -> PathBuf {
    directories::BaseDirs::new()
        .map(|b| b.home_dir().to_path_buf())
        .unwrap_or_default()
}

pub fn config_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "gridbook").map(|d| d.config_dir().to_path_buf())
}

/// The user's keymap file, if they have one.
pub fn user_keymap() -> Option<PathBuf> {
    config_dir()
        .map(|d| d.join("keymap.toml"))
        .filter(|p| p.exists())
}

impl Config {
    /// The folder the 台账 screen writes into: the setting, else `~/gridbook-台账`.
    pub fn ledger_dir(&self) -> PathBuf {
        match self.ledger_dir.as_deref().map(str::trim) {
            Some("~") => home(),
            Some(d) if d.starts_with("~/") => home().join(&d[2..]),
            Some(d) if !d.is_empty() => PathBuf::from(d),
            _ => default_ledger_dir(),
        }
    }

    /// Reads the config file; a missing file is the defaults, a bad one is one sentence.
    pub fn load() -> anyhow::Result<Config> {
        match config_dir() {
            Some(dir) => Config::read(&dir.join("config.toml")),
            None => Ok(Config::default()),
        }
    }

    /// Reads the settings in `path`, no more than a small text file's size (1 MiB) of it.
    fn read(path: &Path) -> anyhow::Result<Config> {
        use crate::io::table::ReadError;
        match crate::io::limits::read_small_text(path, "settings file") {
            Ok(text) => toml::from_str(&text).map_err(|e| {
                anyhow::anyhow!(
                    "{} is not a valid settings file: {}; fix or remove it",
                    path.display(),
                    e.message().trim_end()
                )
            }),
            Err(ReadError::Missing(_)) => Ok(Config::default()),
            Err(e) => Err(anyhow::anyhow!("{e}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ledger_folder_is_the_setting_with_a_tilde_for_the_home_else_gridbook_ledgers_at_home() {
        let set = |text: &str| -> PathBuf {
            let c: Config = toml::from_str(text).unwrap_or_default();
            c.ledger_dir()
        };
        assert_eq!(set("ledger_dir = \"~/台账\""), home().join("台账"));
        assert_eq!(
            set("ledger_dir = \"/srv/台账\""),
            PathBuf::from("/srv/台账")
        );
        assert_eq!(set(""), home().join("gridbook-台账"));
    }

    #[test]
    fn a_settings_file_larger_than_1_mib_is_refused_in_one_sentence() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("config.toml");
        std::fs::write(&path, "# a comment\n".repeat(100_000)).unwrap();
        let err = Config::read(&path).unwrap_err().to_string();
        assert_eq!(
            err,
            format!(
                "{} is larger than 1 MiB, far larger than a settings file; check that you named the right file",
                path.display()
            )
        );
        std::fs::write(&path, "ascii_borders = true\n").unwrap();
        assert!(Config::read(&path).unwrap().ascii_borders);
        let missing = Config::read(&tmp.path().join("none.toml")).unwrap();
        assert!(!missing.ascii_borders);
    }
}
