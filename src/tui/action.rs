//! The one vocabulary of actions: what keys map to, what update applies, what help lists.

use serde::{Deserialize, Serialize};

/// Everything a key can be bound to. `Noop` unbinds a key in a user keymap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    Help,
    Redraw,
    MoveUp,
    MoveDown,
    MoveLeft,
    MoveRight,
    PageUp,
    PageDown,
    First,
    Last,
    NextPane,
    PrevPane,
    Open,
    Back,
    Jump,
    Confirm,
    Cancel,
    Noop,
}

impl Action {
    /// Every action a user may bind, in the order help lists them.
    pub const ALL: [Action; 18] = [
        Action::Open,
        Action::Back,
        Action::Jump,
        Action::MoveUp,
        Action::MoveDown,
        Action::MoveLeft,
        Action::MoveRight,
        Action::PageUp,
        Action::PageDown,
        Action::First,
        Action::Last,
        Action::NextPane,
        Action::PrevPane,
        Action::Confirm,
        Action::Cancel,
        Action::Help,
        Action::Redraw,
        Action::Quit,
    ];

    /// The snake_case name used in keymap files.
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
}
