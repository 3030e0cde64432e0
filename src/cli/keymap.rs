//! `gridbook keymap check FILE` and `gridbook keymap show`: keymaps checked and shown as data.

use crate::cli::out::{errln, out, outln};

use std::path::PathBuf;

use crate::i18n::{localize, Lang};
use crate::tr;
use crate::tui::action::Action;
use crate::tui::keymap::Keymap;

#[derive(Debug, clap::Subcommand)]
pub enum KeymapCommand {
    /// Check a keymap file: unknown actions, keys that do not parse, keys bound twice.
    Check { file: PathBuf },
    /// Print the keymap in effect, and the actions a key can be bound to.
    Show,
}

pub fn run(cmd: &KeymapCommand, choice: Option<&str>, lang: Lang) -> anyhow::Result<()> {
    match cmd {
        KeymapCommand::Check { file } => {
            let text = crate::io::limits::read_small_text(file, "keymap").map_err(|e| {
                let file = file.display();
                match e {
                    crate::io::table::ReadError::Io(_, e) => anyhow::anyhow!(tr!(
                        lang,
                        "{file} 无法读取：{e}",
                        "{file} could not be read: {e}"
                    )),
                    e => anyhow::anyhow!(localize(&e.to_string(), lang)),
                }
            })?;
            let (_, problems) = Keymap::parse(&text, &file.display().to_string());
            if problems.is_empty() {
                let file = file.display();
                outln!(
                    "{}",
                    tr!(lang, "{file}：按键表有效", "{file}: the keymap is valid")
                );
                return Ok(());
            }
            for p in &problems {
                outln!("{}", localize(p, lang));
            }
            let (file, n) = (file.display(), problems.len());
            let problems = crate::i18n::count(n, "problem", "problems");
            anyhow::bail!(tr!(
                lang,
                "{file} 有 {n} 处问题，见上；改正后再检查一次",
                "{file} has {problems}, listed above; fix them and check again"
            ))
        }
        KeymapCommand::Show => {
            let (km, problems) = Keymap::load(choice, crate::tui::config::user_keymap().as_deref());
            for p in &problems {
                errln!("{}", localize(p, lang));
            }
            out!("{}", km.to_toml());
            let names: Vec<String> = Action::ALL.iter().map(|a| a.name()).collect();
            outln!("# actions: {}, noop", names.join(", "));
            Ok(())
        }
    }
}
