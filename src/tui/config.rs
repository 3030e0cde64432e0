//! The user's settings: `~/.config/gridbook/config.toml` (language, keymap, borders, the
//! folder the 台账 screen writes into) and where the user's keymap file lives. Command-line flags win over the file.

use std::path::PathBuf;

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
        let Some(path) = config_dir().map(|d| d.join("config.toml")) else {
            return Ok(Config::default());
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str(&text).map_err(|e| {
                anyhow::anyhow!(
                    "{} is not a valid settings file: {}; fix or remove it",
                    path.display(),
                    e.message().trim_end()
                )
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(anyhow::anyhow!("{} could not be read: {e}", path.display())),
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
}
