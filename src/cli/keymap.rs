//! `gridbook keymap check FILE` and `gridbook keymap show`: keymaps checked and shown as data.

use std::path::PathBuf;

use crate::tui::action::Action;
use crate::tui::keymap::Keymap;

#[derive(Debug, clap::Subcommand)]
pub enum KeymapCommand {
    /// Check a keymap file: unknown actions, keys that do not parse, keys bound twice.
    Check { file: PathBuf },
    /// Print the keymap in effect, and the actions a key can be bound to.
    Show,
}

pub fn run(cmd: &KeymapCommand, choice: Option<&str>) -> anyhow::Result<()> {
    match cmd {
        KeymapCommand::Check { file } => {
            let text = std::fs::read_to_string(file)
                .map_err(|e| anyhow::anyhow!("{} could not be read: {e}", file.display()))?;
            let (_, problems) = Keymap::parse(&text, &file.display().to_string());
            if problems.is_empty() {
                println!("{}: the keymap is valid", file.display());
                return Ok(());
            }
            for p in &problems {
                println!("{p}");
            }
            anyhow::bail!(
                "{} has {} problems, listed above; fix them and check again",
                file.display(),
                problems.len()
            )
        }
        KeymapCommand::Show => {
            let (km, problems) = Keymap::load(choice, crate::tui::config::user_keymap().as_deref());
            for p in &problems {
                eprintln!("{p}");
            }
            print!("{}", km.to_toml());
            let names: Vec<String> = Action::ALL.iter().map(|a| a.name()).collect();
            println!("# actions: {}, noop", names.join(", "));
            Ok(())
        }
    }
}
