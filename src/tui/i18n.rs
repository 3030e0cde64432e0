//! Interface strings in Chinese and English, and how the language is chosen.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// --lang first, then LANG (zh* is Chinese, anything else English).
    pub fn choose(flag: Option<&str>) -> anyhow::Result<Lang> {
        match flag {
            Some("zh") | Some("zh-CN") => Ok(Lang::Zh),
            Some("en") => Ok(Lang::En),
            Some(other) => anyhow::bail!("the language “{other}” is not known; use --lang zh or --lang en"),
            None => Ok(Lang::from_env()),
        }
    }

    pub fn from_env() -> Lang {
        let lang = std::env::var("LC_ALL")
            .ok()
            .filter(|s| !s.is_empty())
            .or_else(|| std::env::var("LANG").ok())
            .unwrap_or_default();
        if lang.starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }
}
