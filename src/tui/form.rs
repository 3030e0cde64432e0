//! Forms: fields of text, choices and check lists; which keys a field takes; values for drafts.

use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{TextArea, WrapMode};
use tui_input::backend::crossterm::EventHandler;
use tui_input::Input;

use crate::model::draft::{Draft, DraftKind};
use crate::model::time::Instant;
use crate::model::{DisputeStatus, Id};

pub enum FieldKind {
    /// One line of text.
    Line(Input),
    /// Several lines of text (findings, notes).
    Area(Box<TextArea<'static>>),
    /// One of a few options, picked with ←/→, space, or its number.
    Choice {
        options: Vec<String>,
        selected: usize,
    },
    /// Any of a list (residents met), moved with ↑/↓ and ticked with space.
    Checks {
        options: Vec<(Id, String)>,
        checked: Vec<bool>,
        cursor: usize,
    },
}

pub struct Field {
    pub name: &'static str,
    pub label: String,
    /// A short help line under the field.
    pub hint: String,
    pub kind: FieldKind,
    pub error: Option<String>,
    /// Changed by the user; its error shows from then on.
    pub touched: bool,
}

/// What a form is about: decides how it saves and where its draft is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    /// A visit; `amends` is the earlier visit it corrects, if it is a correction.
    Visit {
        household: Id,
        amends: Option<Id>,
    },
    Dispute {
        household: Option<Id>,
        community: Id,
        grid: Id,
    },
    DisputeStep {
        dispute: Id,
        status: DisputeStatus,
        kind: crate::tui::forms::dispute::StepKind,
    },
    FollowUpDone {
        followup: Id,
        household: Id,
    },
    Household {
        household: Id,
    },
    AddResident {
        household: Id,
    },
    EditResident {
        resident: Id,
        household: Id,
    },
    Leave {
        resident: Id,
        household: Id,
    },
    Move {
        resident: Id,
        household: Id,
    },
    NewHousehold {
        building: Id,
    },
}

pub struct Form {
    pub kind: FormKind,
    pub title: String,
    /// What the draft prompt calls it, such as the address.
    pub label: String,
    /// Lines shown above the fields (a dispute's timeline).
    pub context: Vec<String>,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub changed: bool,
    /// Esc was pressed on a changed form: ask before leaving.
    pub asking_leave: bool,
    /// What asked was a quit key: leaving the form also ends gridbook.
    pub leave_quits: bool,
    pub saving: bool,
    /// After a save attempt every error shows, touched or not.
    pub tried: bool,
    pub error: Option<String>,
    /// The ID number typed is someone's on file: that resident and the question whether to
    /// move them here instead (answered like leaving: yes or no).
    pub offer_move: Option<(Id, String)>,
}

impl Field {
    pub fn line(name: &'static str, label: impl Into<String>, value: &str) -> Field {
        Field::new(name, label, FieldKind::Line(Input::new(value.to_string())))
    }

    pub fn area(name: &'static str, label: impl Into<String>, value: &str) -> Field {
        let lines: Vec<String> = if value.is_empty() {
            vec![String::new()]
        } else {
            value.lines().map(str::to_string).collect()
        };
        let mut ta = TextArea::new(lines);
        ta.set_wrap_mode(WrapMode::WordOrGlyph);
        ta.move_cursor(ratatui_textarea::CursorMove::Bottom);
        ta.move_cursor(ratatui_textarea::CursorMove::End);
        Field::new(name, label, FieldKind::Area(Box::new(ta)))
    }

    pub fn choice(
        name: &'static str,
        label: impl Into<String>,
        options: Vec<String>,
        selected: usize,
    ) -> Field {
        Field::new(name, label, FieldKind::Choice { options, selected })
    }

    pub fn checks(
        name: &'static str,
        label: impl Into<String>,
        options: Vec<(Id, String)>,
        checked: Vec<bool>,
    ) -> Field {
        Field::new(
            name,
            label,
            FieldKind::Checks {
                options,
                checked,
                cursor: 0,
            },
        )
    }

    fn new(name: &'static str, label: impl Into<String>, kind: FieldKind) -> Field {
        Field {
            name,
            label: label.into(),
            hint: String::new(),
            kind,
            error: None,
            touched: false,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Field {
        self.hint = hint.into();
        self
    }

    /// The text of a line or area field.
    pub fn text(&self) -> String {
        match &self.kind {
            FieldKind::Line(i) => i.value().to_string(),
            FieldKind::Area(ta) => ta.lines().join("\n"),
            _ => String::new(),
        }
    }

    pub fn selected(&self) -> usize {
        match &self.kind {
            FieldKind::Choice { selected, .. } => *selected,
            _ => 0,
        }
    }

    pub fn checked_ids(&self) -> Vec<Id> {
        match &self.kind {
            FieldKind::Checks {
                options, checked, ..
            } => options
                .iter()
                .zip(checked)
                .filter(|(_, c)| **c)
                .map(|((id, _), _)| *id)
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The value as a draft keeps it.
    pub fn value(&self) -> String {
        match &self.kind {
            FieldKind::Line(_) | FieldKind::Area(_) => self.text(),
            FieldKind::Choice { selected, .. } => selected.to_string(),
            FieldKind::Checks { .. } => self
                .checked_ids()
                .iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(","),
        }
    }

    /// Puts back a value a draft kept.
    pub fn set_value(&mut self, v: &str) {
        match &mut self.kind {
            FieldKind::Line(i) => *i = Input::new(v.to_string()),
            FieldKind::Area(_) => {
                let fresh = Field::area(self.name, "", v);
                self.kind = fresh.kind;
            }
            FieldKind::Choice { options, selected } => {
                if let Ok(n) = v.parse::<usize>() {
                    if n < options.len() {
                        *selected = n;
                    }
                }
            }
            FieldKind::Checks {
                options, checked, ..
            } => {
                let ids: Vec<Id> = v.split(',').filter_map(|s| s.parse().ok()).collect();
                for (i, (id, _)) in options.iter().enumerate() {
                    checked[i] = ids.contains(id);
                }
            }
        }
    }

    /// Offers a key to the field; true when the field used it (and so changed or moved).
    pub fn take_key(&mut self, key: KeyEvent) -> bool {
        let plain = !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match &mut self.kind {
            FieldKind::Line(input) => {
                let editing = matches!(
                    key.code,
                    KeyCode::Char(_)
                        | KeyCode::Backspace
                        | KeyCode::Delete
                        | KeyCode::Left
                        | KeyCode::Right
                        | KeyCode::Home
                        | KeyCode::End
                );
                editing && plain && input.handle_event(&TermEvent::Key(key)).is_some()
            }
            FieldKind::Area(ta) => {
                let editing = matches!(
                    key.code,
                    KeyCode::Char(_)
                        | KeyCode::Backspace
                        | KeyCode::Delete
                        | KeyCode::Left
                        | KeyCode::Right
                        | KeyCode::Home
                        | KeyCode::End
                        | KeyCode::Enter
                        | KeyCode::Up
                        | KeyCode::Down
                );
                if !editing || !plain {
                    return false;
                }
                // ↑ on the first line and ↓ on the last leave the field.
                let row = ta.cursor().0;
                let last = ta.lines().len().saturating_sub(1);
                if (key.code == KeyCode::Up && row == 0)
                    || (key.code == KeyCode::Down && row == last)
                {
                    return false;
                }
                ta.input_without_shortcuts(key);
                true
            }
            FieldKind::Choice { options, selected } => {
                let n = options.len();
                match key.code {
                    KeyCode::Left => *selected = (*selected + n - 1) % n,
                    KeyCode::Right | KeyCode::Char(' ') => *selected = (*selected + 1) % n,
                    KeyCode::Char(c @ '1'..='9') if (c as usize - '1' as usize) < n => {
                        *selected = c as usize - '1' as usize
                    }
                    _ => return false,
                }
                true
            }
            FieldKind::Checks {
                options,
                checked,
                cursor,
            } => match key.code {
                KeyCode::Up if *cursor > 0 => {
                    *cursor -= 1;
                    true
                }
                KeyCode::Down if *cursor + 1 < options.len() => {
                    *cursor += 1;
                    true
                }
                KeyCode::Char(' ') | KeyCode::Char('x') if !options.is_empty() => {
                    checked[*cursor] = !checked[*cursor];
                    true
                }
                _ => false,
            },
        }
    }

    /// Pasted text, whole, into a text field.
    pub fn paste(&mut self, text: &str) -> bool {
        match &mut self.kind {
            FieldKind::Line(input) => {
                for c in text.chars().filter(|c| !c.is_control()) {
                    input.handle_event(&TermEvent::Key(KeyEvent::new(
                        KeyCode::Char(c),
                        KeyModifiers::NONE,
                    )));
                }
                true
            }
            FieldKind::Area(ta) => {
                ta.insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
                true
            }
            _ => false,
        }
    }
}

impl Form {
    pub fn new(
        kind: FormKind,
        title: String,
        label: String,
        fields: Vec<Field>,
        focus: &str,
    ) -> Form {
        let focus = fields.iter().position(|f| f.name == focus).unwrap_or(0);
        Form {
            kind,
            title,
            label,
            context: Vec::new(),
            fields,
            focus,
            changed: false,
            asking_leave: false,
            leave_quits: false,
            saving: false,
            tried: false,
            error: None,
            offer_move: None,
        }
    }

    pub fn field(&self, name: &str) -> &Field {
        self.fields
            .iter()
            .find(|f| f.name == name)
            .unwrap_or(&self.fields[0])
    }

    pub fn field_mut(&mut self, name: &str) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.name == name)
    }

    pub fn set_error(&mut self, name: &str, error: Option<String>) {
        if let Some(f) = self.field_mut(name) {
            f.error = error;
        }
    }

    pub fn has_errors(&self) -> bool {
        self.fields.iter().any(|f| f.error.is_some())
    }

    /// Moves focus to the first field with an error, and says above the fields in one
    /// sentence which it is and what to do.
    pub fn focus_first_error(&mut self, lang: crate::tui::i18n::Lang) {
        if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = i;
        }
        self.sum_up(lang);
    }

    /// After a save was tried: the sentence naming the first field still wrong, or none
    /// once all are right.
    pub fn sum_up(&mut self, lang: crate::tui::i18n::Lang) {
        let wrong: Vec<&Field> = self.fields.iter().filter(|f| f.error.is_some()).collect();
        self.error = wrong.first().map(|f| {
            let msg = f.error.as_deref().unwrap_or_default();
            let more = wrong.len() - 1;
            match (lang, more) {
                (crate::tui::i18n::Lang::Zh, 0) => format!("{}：{msg}", f.label),
                (crate::tui::i18n::Lang::Zh, n) => {
                    format!("{}：{msg}（另有 {n} 项要改）", f.label)
                }
                (crate::tui::i18n::Lang::En, 0) => format!("{}: {msg}", f.label),
                (crate::tui::i18n::Lang::En, n) => {
                    format!("{}: {msg} ({n} more to fix)", f.label)
                }
            }
        });
    }

    pub fn move_focus(&mut self, delta: isize) {
        let n = self.fields.len() as isize;
        self.focus = ((self.focus as isize + delta).rem_euclid(n)) as usize;
    }

    /// Offers a key to the focused field; marks the form changed when the field took it.
    pub fn take_key(&mut self, key: KeyEvent) -> bool {
        let before = self.fields[self.focus].value();
        let used = self.fields[self.focus].take_key(key);
        if used && self.fields[self.focus].value() != before {
            self.fields[self.focus].touched = true;
            self.changed = true;
        }
        used
    }

    pub fn paste(&mut self, text: &str) -> bool {
        let used = self.fields[self.focus].paste(text);
        if used {
            self.fields[self.focus].touched = true;
            self.changed = true;
        }
        used
    }

    pub fn draft_target(&self) -> (DraftKind, Id) {
        match self.kind {
            FormKind::Visit { household, .. } => (DraftKind::Visit, household),
            FormKind::Dispute {
                household, grid, ..
            } => (DraftKind::Dispute, household.unwrap_or(grid)),
            FormKind::DisputeStep { dispute, .. } => (DraftKind::DisputeStep, dispute),
            FormKind::FollowUpDone { followup, .. } => (DraftKind::FollowUpDone, followup),
            FormKind::Household { household } => (DraftKind::Household, household),
            FormKind::AddResident { household } => (DraftKind::AddResident, household),
            FormKind::EditResident { resident, .. } => (DraftKind::EditResident, resident),
            FormKind::Leave { resident, .. } => (DraftKind::LeaveResident, resident),
            FormKind::Move { resident, .. } => (DraftKind::MoveResident, resident),
            FormKind::NewHousehold { building } => (DraftKind::NewHousehold, building),
        }
    }

    pub fn to_draft(&self, user: &str, now: Instant) -> Draft {
        let (kind, target) = self.draft_target();
        Draft {
            user: user.to_string(),
            kind,
            target,
            label: self.label.clone(),
            saved_at: now,
            values: self
                .fields
                .iter()
                .map(|f| (f.name.to_string(), f.value()))
                .collect(),
        }
    }

    /// Puts a draft's values back, as typed.
    pub fn restore(&mut self, d: &Draft) {
        for f in &mut self.fields {
            if let Some(v) = d.value(f.name) {
                f.set_value(v);
            }
        }
        self.changed = true;
    }
}
