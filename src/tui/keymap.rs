//! Keymaps as data: the shipped TOML files, parsed into per-mode tables of key → action.

use std::collections::BTreeMap;

use crokey::KeyCombination;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

pub const DEFAULT: &str = include_str!("../../keymaps/default.toml");

/// Where a key is looked up. A text field gets keys before any of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mode {
    Global,
    Browse,
    Prompt,
    Dialog,
}

impl Mode {
    pub const ALL: [Mode; 4] = [Mode::Global, Mode::Browse, Mode::Prompt, Mode::Dialog];

    pub fn name(self) -> &'static str {
        match self {
            Mode::Global => "global",
            Mode::Browse => "browse",
            Mode::Prompt => "prompt",
            Mode::Dialog => "dialog",
        }
    }

    fn from_name(name: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.name() == name)
    }
}

/// One binding: the key as written, the parsed key, and the action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub text: String,
    pub key: KeyCombination,
    pub action: Action,
}

#[derive(Debug, Clone, Default)]
pub struct Keymap {
    modes: BTreeMap<Mode, Vec<Binding>>,
}

impl Keymap {
    /// The shipped default keymap.
    pub fn default_keymap() -> Keymap {
        let (map, problems) = Keymap::parse(DEFAULT, "keymaps/default.toml");
        debug_assert!(problems.is_empty(), "{problems:?}");
        map
    }

    /// Parses a keymap file; problems are sentences naming the file, and bad entries are skipped.
    pub fn parse(text: &str, source: &str) -> (Keymap, Vec<String>) {
        let mut problems = Vec::new();
        let mut map = Keymap::default();
        let table: toml::Table = match text.parse() {
            Ok(t) => t,
            Err(e) => {
                problems.push(format!("{source}: not a valid TOML file: {}", e.message()));
                return (map, problems);
            }
        };
        for (mode_name, entries) in &table {
            let Some(mode) = Mode::from_name(mode_name) else {
                problems.push(format!(
                    "{source}: [{mode_name}] is not a mode; use global, browse, prompt or dialog"
                ));
                continue;
            };
            let Some(entries) = entries.as_table() else {
                problems.push(format!(
                    "{source}: [{mode_name}] should be a table of key = \"action\""
                ));
                continue;
            };
            let bindings = map.modes.entry(mode).or_default();
            for (key_text, action) in entries {
                let key = match crokey::parse(key_text) {
                    Ok(k) => k,
                    Err(_) => {
                        problems.push(format!(
                            "{source}: [{mode_name}] “{key_text}” is not a key; write keys like ctrl-s, f2, enter, j"
                        ));
                        continue;
                    }
                };
                let action = match action.as_str().and_then(|a| {
                    serde_json::from_value::<Action>(serde_json::Value::String(a.into())).ok()
                }) {
                    Some(a) => a,
                    None => {
                        problems.push(format!(
                            "{source}: [{mode_name}] {key_text} = {action} is not an action; `gridbook keymap show` lists them"
                        ));
                        continue;
                    }
                };
                bindings.push(Binding {
                    text: key_text.clone(),
                    key,
                    action,
                });
            }
        }
        (map, problems)
    }

    /// The action a key press means in a mode, if any.
    pub fn action(&self, mode: Mode, event: KeyEvent) -> Option<Action> {
        let pressed = KeyCombination::from(event);
        let plain = match event.code {
            // Terminals differ on whether `?` or `:` arrive with SHIFT; match either way.
            KeyCode::Char(c) if !c.is_alphabetic() => Some(KeyCombination::from(KeyEvent::new(
                event.code,
                event.modifiers - KeyModifiers::SHIFT,
            ))),
            _ => None,
        };
        self.modes
            .get(&mode)?
            .iter()
            .find(|b| b.key == pressed || Some(b.key) == plain)
            .map(|b| b.action)
            .filter(|a| *a != Action::Noop)
    }

    /// The keys bound to an action in a mode, as written in the keymap.
    pub fn keys_for(&self, mode: Mode, action: Action) -> Vec<&str> {
        self.modes
            .get(&mode)
            .map(|bs| {
                bs.iter()
                    .filter(|b| b.action == action)
                    .map(|b| b.text.as_str())
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn bindings(&self, mode: Mode) -> &[Binding] {
        self.modes.get(&mode).map(Vec::as_slice).unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_keymap_parses_without_problems() {
        let (_, problems) = Keymap::parse(DEFAULT, "default.toml");
        assert_eq!(problems, Vec::<String>::new());
    }

    #[test]
    fn keys_resolve_to_actions_per_mode() {
        let km = Keymap::default_keymap();
        let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(km.action(Mode::Browse, key('j')), Some(Action::MoveDown));
        assert_eq!(km.action(Mode::Browse, key('q')), Some(Action::Quit));
        assert_eq!(km.action(Mode::Prompt, key('q')), None);
        assert_eq!(
            km.action(
                Mode::Global,
                KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT)
            ),
            Some(Action::Help)
        );
        assert_eq!(
            km.action(
                Mode::Browse,
                KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT)
            ),
            Some(Action::Last)
        );
        assert_eq!(
            km.keys_for(Mode::Browse, Action::MoveDown),
            vec!["down", "j"]
        );
    }

    #[test]
    fn bad_entries_are_reported_and_skipped() {
        let (km, problems) = Keymap::parse(
            "[browse]\n\"ctrl-\" = \"quit\"\n\"x\" = \"fly\"\n\"z\" = \"quit\"\n[nowhere]\n",
            "mine.toml",
        );
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].starts_with("mine.toml: [browse] “ctrl-” is not a key"));
        assert!(problems[1].contains("x = \"fly\" is not an action"));
        assert!(problems[2].contains("[nowhere] is not a mode"));
        assert_eq!(
            km.action(
                Mode::Browse,
                KeyEvent::new(KeyCode::Char('z'), KeyModifiers::NONE)
            ),
            Some(Action::Quit)
        );
    }
}
