//! The terminal interface: app state, actions, screens, widgets, keymaps and strings.

pub mod i18n;

use std::path::Path;

use crate::client::Backend;

pub fn run(_backend: Box<dyn Backend>, _lang: i18n::Lang, _dir: &Path) -> anyhow::Result<()> {
    Ok(())
}
