//! Keymaps as data: the shipped TOML files, parsed into per-mode tables of key → action.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crokey::KeyCombination;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use toml::Spanned;

pub const DEFAULT: &str = include_str!("../../keymaps/default.toml");

/// Where a key is looked up. A text field gets keys before any of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mode {
    Global,
    Browse,
    /// The dispute, follow-up and captain lists.
    List,
    Form,
    Sweep,
    Prompt,
    Dialog,
    /// The sweep of a building while a campaign covering it runs: its result keys.
    CampaignSweep,
}

impl Mode {
    pub const ALL: [Mode; 8] = [
        Mode::Global,
        Mode::Browse,
        Mode::List,
        Mode::Form,
        Mode::Sweep,
        Mode::Prompt,
        Mode::Dialog,
        Mode::CampaignSweep,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Mode::Global => "global",
            Mode::Browse => "browse",
            Mode::List => "list",
            Mode::Form => "form",
            Mode::Sweep => "sweep",
            Mode::Prompt => "prompt",
            Mode::Dialog => "dialog",
            Mode::CampaignSweep => "campaign_sweep",
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

/// The shipped keymaps by name: `default` alone, or `vim` / `emacs` layered over it.
pub const SHIPPED: [(&str, &str); 3] = [
    ("default", DEFAULT),
    ("vim", include_str!("../../keymaps/vim.toml")),
    ("emacs", include_str!("../../keymaps/emacs.toml")),
];

type Entries = BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<toml::Value>>>;

/// The line (from 1) of a byte offset in a text.
fn line_at(text: &str, at: usize) -> usize {
    text.get(..at).unwrap_or(text).matches('\n').count() + 1
}

/// The key and the word of a line like `"q" = noop`, where the action lacks its quotes.
fn unquoted_action(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once('=')?;
    let value = value.split('#').next().unwrap_or_default().trim();
    let word = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    word.then(|| (key.trim().trim_matches(|c| c == '"' || c == '\''), value))
}

impl Keymap {
    /// The shipped default keymap.
    pub fn default_keymap() -> Keymap {
        let (map, problems) = Keymap::parse(DEFAULT, "keymaps/default.toml");
        debug_assert!(problems.is_empty(), "{problems:?}");
        map
    }

    /// The keymap in effect: the default, then a shipped layer (`vim`, `emacs`) or a file
    /// named by `choice`, then the user's own file if there is one. Problems name file and
    /// line; a bad entry is skipped and the rest still applies.
    pub fn load(choice: Option<&str>, user_file: Option<&Path>) -> (Keymap, Vec<String>) {
        let mut map = Keymap::default_keymap();
        let mut problems = Vec::new();
        let mut layer = |text: &str, source: &str| {
            let (l, p) = Keymap::parse(text, source);
            map.overlay(l);
            problems.extend(p);
        };
        let mut user = user_file.map(Path::to_path_buf);
        match choice {
            None | Some("default") => {}
            Some(name) => match SHIPPED.iter().find(|(n, _)| *n == name) {
                Some((n, text)) => layer(text, &format!("keymaps/{n}.toml")),
                None => user = Some(PathBuf::from(name)),
            },
        }
        if let Some(path) = user {
            // At most a keymap's size is read, whatever the file named.
            match crate::io::limits::read_small_text(&path, "keymap") {
                Ok(text) => layer(&text, &path.display().to_string()),
                Err(e) => {
                    let why = match e {
                        crate::io::table::ReadError::Io(_, why) => why,
                        e => e.to_string(),
                    };
                    problems.push(format!(
                        "{}: the keymap could not be read ({why}); the default keys apply",
                        path.display()
                    ))
                }
            }
        }
        (map, problems)
    }

    /// Parses one keymap file. Problems are sentences that start with `source:line:`; every
    /// problem is reported, and what is right in the file still applies.
    pub fn parse(text: &str, source: &str) -> (Keymap, Vec<String>) {
        // Each problem with its line, so they can be listed in the file's order.
        let mut problems: Vec<(usize, String)> = Vec::new();
        let mut map = Keymap::default();
        // A line TOML cannot read is reported and blanked, and the file read again, so one
        // mistake does not hide the next.
        let mut lines: Vec<&str> = text.lines().collect();
        let mut readable;
        let table: Entries = loop {
            readable = lines.join("\n");
            let e = match toml::from_str(&readable) {
                Ok(t) => break t,
                Err(e) => e,
            };
            let line = e.span().map_or(1, |s| line_at(&readable, s.start));
            let written = lines.get(line - 1).copied().unwrap_or_default();
            problems.push((line, match unquoted_action(written) {
                Some((key, action)) => format!(
                    "{source}:{line}: the action must be in quotes, such as \"{key}\" = \"{action}\""
                ),
                None => format!(
                    "{source}:{line}: not a keymap: {}; write [mode] tables of \"key\" = \"action\"",
                    e.message().trim_end_matches('\n')
                ),
            }));
            if written.trim().is_empty() {
                // Nothing left to blank (the file ends inside a string): the rest is lost.
                break Entries::default();
            }
            lines[line - 1] = "";
        };
        let line_of = |at: usize| line_at(&readable, at);
        for (mode_name, entries) in table {
            let Some(mode) = Mode::from_name(mode_name.get_ref()) else {
                let line = line_of(mode_name.span().start);
                problems.push((line, format!(
                    "{source}:{line}: [{}] is not a mode; use global, browse, list, form, sweep, prompt, dialog or campaign_sweep",
                    mode_name.get_ref()
                )));
                continue;
            };
            let mut entries: Vec<_> = entries.into_iter().collect();
            entries.sort_by_key(|(k, _)| k.span().start);
            let mut seen: Vec<(KeyCombination, usize)> = Vec::new();
            for (key_text, action) in entries {
                let line = line_of(key_text.span().start);
                let key_text = key_text.into_inner();
                let Ok(key) = crokey::parse(&key_text) else {
                    problems.push((line, format!(
                        "{source}:{line}: “{key_text}” is not a key; write keys like ctrl-s, f2, enter, j"
                    )));
                    continue;
                };
                let Some(action_text) = action.get_ref().as_str().map(str::to_string) else {
                    problems.push((line, format!(
                        "{source}:{line}: the action must be in quotes, such as \"{key_text}\" = \"noop\""
                    )));
                    continue;
                };
                let Ok(action) = serde_json::from_value::<Action>(serde_json::Value::String(
                    action_text.clone(),
                )) else {
                    problems.push((line, format!(
                        "{source}:{line}: “{action_text}” is not an action; `gridbook keymap show` lists them"
                    )));
                    continue;
                };
                if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
                    problems.push((line, format!(
                        "{source}:{line}: {key_text} is bound twice in [{}] (also on line {first}); keep one",
                        mode.name()
                    )));
                    continue;
                }
                seen.push((key, line));
                map.modes.entry(mode).or_default().push(Binding {
                    text: key_text,
                    key,
                    action,
                });
            }
        }
        problems.sort_by_key(|(line, _)| *line);
        (map, problems.into_iter().map(|(_, p)| p).collect())
    }

    /// Lays another keymap over this one: a key it names replaces the same key here.
    pub fn overlay(&mut self, other: Keymap) {
        for (mode, bindings) in other.modes {
            let mine = self.modes.entry(mode).or_default();
            for b in bindings {
                match mine.iter_mut().find(|m| m.key == b.key) {
                    Some(m) => *m = b,
                    None => mine.push(b),
                }
            }
        }
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

    /// The keymap in effect as TOML, for `gridbook keymap show`.
    pub fn to_toml(&self) -> String {
        let mut out = String::new();
        for (mode, bindings) in &self.modes {
            out.push_str(&format!("[{}]\n", mode.name()));
            for b in bindings.iter().filter(|b| b.action != Action::Noop) {
                out.push_str(&format!(
                    "{:<12} = \"{}\"\n",
                    format!("\"{}\"", b.text),
                    b.action.name()
                ));
            }
            out.push('\n');
        }
        out
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
    fn bad_entries_are_reported_with_file_and_line_and_skipped() {
        let (km, problems) = Keymap::parse(
            "[browse]\n\"ctrl-\" = \"quit\"\n\"x\" = \"fly\"\n\"z\" = \"quit\"\n\"Z\" = \"help\"\n[nowhere]\n",
            "mine.toml",
        );
        assert_eq!(
            problems,
            vec![
                "mine.toml:2: “ctrl-” is not a key; write keys like ctrl-s, f2, enter, j",
                "mine.toml:3: “fly” is not an action; `gridbook keymap show` lists them",
                "mine.toml:5: Z is bound twice in [browse] (also on line 4); keep one",
                "mine.toml:6: [nowhere] is not a mode; use global, browse, list, form, sweep, prompt, dialog or campaign_sweep",
            ]
        );
        assert_eq!(
            km.action(
                Mode::Browse,
                KeyEvent::new(KeyCode::Char('z'), KeyModifiers::NONE)
            ),
            Some(Action::Quit)
        );
    }

    #[test]
    fn a_file_that_is_not_toml_names_its_line() {
        let (_, problems) = Keymap::parse("[browse]\n\"j\" = [\n", "bad.toml");
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].starts_with("bad.toml:2: not a keymap: "),
            "{problems:?}"
        );
    }

    #[test]
    fn every_problem_is_reported_and_the_rest_of_the_file_applies() {
        let (km, problems) = Keymap::parse(
            "[browse]\n\"q\" = noop\n\"x\" = \"quit\"\n\"z\" = 1\n",
            "mine.toml",
        );
        assert_eq!(
            problems,
            vec![
                "mine.toml:2: the action must be in quotes, such as \"q\" = \"noop\"",
                "mine.toml:4: the action must be in quotes, such as \"z\" = \"noop\"",
            ]
        );
        let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(km.action(Mode::Browse, key('x')), Some(Action::Quit));
    }

    #[test]
    fn every_shipped_keymap_parses_and_binds_every_user_action() {
        for (name, text) in SHIPPED {
            let (layer, problems) = Keymap::parse(text, name);
            assert_eq!(problems, Vec::<String>::new(), "{name}");
            let mut km = Keymap::default_keymap();
            km.overlay(layer);
            for action in Action::ALL {
                let bound = Mode::ALL
                    .iter()
                    .any(|m| !km.keys_for(*m, action).is_empty());
                assert!(bound, "{name} leaves {action:?} without a key");
            }
        }
    }

    #[test]
    fn a_user_layer_overrides_only_what_it_names_and_noop_unbinds() {
        let dir = std::env::temp_dir().join(format!("gridbook-keymap-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("keymap.toml");
        std::fs::write(&file, "[browse]\n\"x\" = \"quit\"\n\"q\" = \"noop\"\n").unwrap();
        let (km, problems) = Keymap::load(None, Some(&file));
        assert_eq!(problems, Vec::<String>::new());
        let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(km.action(Mode::Browse, key('x')), Some(Action::Quit));
        assert_eq!(km.action(Mode::Browse, key('q')), None);
        assert_eq!(km.action(Mode::Browse, key('j')), Some(Action::MoveDown));
        assert_eq!(km.keys_for(Mode::Browse, Action::Quit), vec!["x"]);
        let _ = std::fs::remove_dir_all(dir);
    }
}
