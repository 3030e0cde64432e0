//! App state and update: keys resolve to actions first, actions change state second.

use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use tui_input::backend::crossterm::EventHandler;
use tui_input::Input;

use super::action::Action;
use super::i18n::Lang;
use super::keymap::{Keymap, Mode};
use super::nav::{NavTree, NodeKind};
use super::worker::{Answer, Query, Request, Response};
use crate::model::address::AddressQuery;
use crate::model::time::Day;
use crate::model::Id;
use crate::store::query::{HouseholdDetail, HouseholdRow};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Tree,
    Households,
    Detail,
}

#[derive(Debug, Clone)]
pub enum Overlay {
    None,
    /// The `:` line: an address to jump to, or a command picked from the palette below it.
    Jump {
        input: Input,
        selected: usize,
    },
    Help {
        filter: Input,
        scroll: usize,
    },
}

/// The latest request id of each kind; an answer with another id is stale and dropped.
#[derive(Debug, Default, Clone, Copy)]
struct Pending {
    overview: u64,
    households: u64,
    detail: u64,
    find: u64,
}

pub struct App {
    pub lang: Lang,
    pub keymap: Keymap,
    pub today: Day,
    pub no_color: bool,
    pub ascii_borders: bool,
    pub loaded: bool,
    pub tree: NavTree,
    /// The building whose households are listed, once its answer has arrived.
    pub households_of: Option<Id>,
    pub households: Vec<HouseholdRow>,
    pub households_loading: bool,
    pub hh_cursor: usize,
    pub detail: Option<HouseholdDetail>,
    pub detail_scroll: u16,
    pub focus: Pane,
    pub overlay: Overlay,
    pub status: Option<String>,
    pub size: (u16, u16),
    pub quit: bool,
    /// Something changed since the last frame.
    pub dirty: bool,
    /// A full repaint was asked for (ctrl-l).
    pub repaint: bool,
    select_after_load: Option<Id>,
    pending: Pending,
    next_id: u64,
}

impl App {
    /// A new app and the first requests to send; the first frame is drawn before they return.
    pub fn new(lang: Lang, keymap: Keymap, today: Day) -> (App, Vec<Request>) {
        let mut app = App {
            lang,
            keymap,
            today,
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
            ascii_borders: false,
            loaded: false,
            tree: NavTree::default(),
            households_of: None,
            households: Vec::new(),
            households_loading: false,
            hh_cursor: 0,
            detail: None,
            detail_scroll: 0,
            focus: Pane::Tree,
            overlay: Overlay::None,
            status: None,
            size: (80, 24),
            quit: false,
            dirty: true,
            repaint: false,
            select_after_load: None,
            pending: Pending::default(),
            next_id: 0,
        };
        let req = app.request(Query::Overview);
        (app, vec![req])
    }

    fn request(&mut self, query: Query) -> Request {
        self.next_id += 1;
        let id = self.next_id;
        match query {
            Query::Overview => self.pending.overview = id,
            Query::Households(_) => self.pending.households = id,
            Query::Detail(_) => self.pending.detail = id,
            Query::FindAddress(..) => self.pending.find = id,
        }
        Request { id, query }
    }

    pub fn on_resize(&mut self, w: u16, h: u16) {
        self.size = (w, h);
        self.dirty = true;
    }

    /// Rows of a list that fit on screen, for paging.
    fn page(&self) -> isize {
        (self.size.1 as isize - 5).max(1)
    }

    /// Which mode's keys apply now, besides global.
    pub fn mode(&self) -> Mode {
        match self.overlay {
            Overlay::None => Mode::Browse,
            Overlay::Jump { .. } => Mode::Prompt,
            Overlay::Help { .. } => Mode::Dialog,
        }
    }

    /// Handles one key press: a text field first, then the dialog or screen, then global keys.
    pub fn on_key(&mut self, key: KeyEvent) -> Vec<Request> {
        if key.kind == KeyEventKind::Release {
            return Vec::new();
        }
        let mode = self.mode();
        let has_field = !matches!(self.overlay, Overlay::None);
        let action = self.keymap.action(mode, key).or_else(|| {
            // In a text field only chords reach the global keys; `?` or `q` is typed.
            let chord =
                key.modifiers.contains(KeyModifiers::CONTROL) || matches!(key.code, KeyCode::F(_));
            if has_field && !chord {
                None
            } else {
                self.keymap.action(Mode::Global, key)
            }
        });
        match action {
            Some(a) => {
                self.dirty = true;
                self.apply(a)
            }
            None => {
                if has_field {
                    self.type_into_field(key);
                }
                Vec::new()
            }
        }
    }

    /// Pasted text goes into an open text field whole.
    pub fn on_paste(&mut self, text: &str) {
        if let Some(input) = self.field() {
            let clean: String = text.chars().filter(|c| !c.is_control()).collect();
            for c in clean.chars() {
                input.handle_event(&TermEvent::Key(KeyEvent::new(
                    KeyCode::Char(c),
                    KeyModifiers::NONE,
                )));
            }
            self.dirty = true;
        }
    }

    fn field(&mut self) -> Option<&mut Input> {
        match &mut self.overlay {
            Overlay::Jump { input, .. } => Some(input),
            Overlay::Help { filter, .. } => Some(filter),
            Overlay::None => None,
        }
    }

    fn type_into_field(&mut self, key: KeyEvent) {
        if let Some(input) = self.field() {
            if input.handle_event(&TermEvent::Key(key)).is_some() {
                self.dirty = true;
            }
            match &mut self.overlay {
                Overlay::Help { scroll, .. } => *scroll = 0,
                Overlay::Jump { selected, .. } => *selected = 0,
                Overlay::None => {}
            }
        }
    }

    /// Applies an action to the state; returns the store requests it needs.
    pub fn apply(&mut self, action: Action) -> Vec<Request> {
        match action {
            Action::Quit => {
                self.quit = true;
                Vec::new()
            }
            Action::Redraw => {
                self.repaint = true;
                Vec::new()
            }
            Action::Help => {
                self.overlay = Overlay::Help {
                    filter: Input::default(),
                    scroll: 0,
                };
                Vec::new()
            }
            Action::Jump => {
                self.status = None;
                self.overlay = Overlay::Jump {
                    input: Input::default(),
                    selected: 0,
                };
                Vec::new()
            }
            Action::Cancel => {
                self.overlay = Overlay::None;
                Vec::new()
            }
            Action::Confirm => self.confirm(),
            Action::Noop => Vec::new(),
            other => match self.overlay {
                Overlay::Help { ref mut scroll, .. } => {
                    let delta: isize = match other {
                        Action::MoveUp => -1,
                        Action::MoveDown => 1,
                        Action::PageUp => -10,
                        Action::PageDown => 10,
                        _ => 0,
                    };
                    *scroll = (*scroll as isize + delta).max(0) as usize;
                    Vec::new()
                }
                Overlay::Jump {
                    ref input,
                    selected,
                } => {
                    let last = self.palette(input.value()).len().saturating_sub(1);
                    let selected = match other {
                        Action::MoveUp => selected.saturating_sub(1),
                        Action::MoveDown => (selected + 1).min(last),
                        _ => selected,
                    };
                    if let Overlay::Jump { selected: s, .. } = &mut self.overlay {
                        *s = selected;
                    }
                    Vec::new()
                }
                Overlay::None => self.browse(other),
            },
        }
    }

    fn confirm(&mut self) -> Vec<Request> {
        let overlay = std::mem::replace(&mut self.overlay, Overlay::None);
        let Overlay::Jump { input, selected } = overlay else {
            return Vec::new();
        };
        let text = input.value().trim().to_string();
        if let Ok(q) = AddressQuery::parse(&text) {
            let community = self.tree.community_of_selection();
            return vec![self.request(Query::FindAddress(q, community))];
        }
        if let Some(action) = self.palette(&text).get(selected).copied() {
            return self.apply(action);
        }
        self.status = Some(match self.lang {
            Lang::Zh => format!("“{text}”既不是地址也不是命令；地址请按 楼-单元-室 输入，如 5-2-301"),
            Lang::En => format!(
                "“{text}” is neither an address nor a command; type building-entrance-room, such as 5-2-301"
            ),
        });
        Vec::new()
    }

    fn browse(&mut self, action: Action) -> Vec<Request> {
        self.status = None;
        match (self.focus, action) {
            (_, Action::NextPane) => {
                self.focus = match self.focus {
                    Pane::Tree => Pane::Households,
                    Pane::Households => Pane::Detail,
                    Pane::Detail => Pane::Tree,
                };
                Vec::new()
            }
            (_, Action::PrevPane) => {
                self.focus = match self.focus {
                    Pane::Tree => Pane::Detail,
                    Pane::Households => Pane::Tree,
                    Pane::Detail => Pane::Households,
                };
                Vec::new()
            }
            (Pane::Tree, a) => self.tree_action(a),
            (Pane::Households, a) => self.households_action(a),
            (Pane::Detail, a) => {
                match a {
                    Action::MoveUp => self.detail_scroll = self.detail_scroll.saturating_sub(1),
                    Action::MoveDown => {
                        self.detail_scroll = self.detail_scroll.saturating_add(1).min(500)
                    }
                    Action::PageUp => self.detail_scroll = self.detail_scroll.saturating_sub(10),
                    Action::PageDown => {
                        self.detail_scroll = self.detail_scroll.saturating_add(10).min(500)
                    }
                    Action::First => self.detail_scroll = 0,
                    Action::MoveLeft | Action::Back => self.focus = Pane::Households,
                    _ => {}
                }
                Vec::new()
            }
        }
    }

    fn tree_action(&mut self, action: Action) -> Vec<Request> {
        let before = self.tree.selected_index();
        match action {
            Action::MoveUp => self.tree.move_by(-1),
            Action::MoveDown => self.tree.move_by(1),
            Action::PageUp => self.tree.move_by(-self.page()),
            Action::PageDown => self.tree.move_by(self.page()),
            Action::First => self.tree.move_to_end(false),
            Action::Last => self.tree.move_to_end(true),
            Action::MoveLeft | Action::Back => self.tree.collapse_or_parent(),
            Action::MoveRight | Action::Open => {
                let on_building = matches!(
                    self.tree.selected().map(|n| n.kind),
                    Some(NodeKind::Building(_))
                );
                if on_building {
                    self.focus = Pane::Households;
                } else if !self.tree.expand() && action == Action::Open {
                    self.tree.collapse_or_parent();
                }
            }
            _ => {}
        }
        if self.tree.selected_index() != before {
            self.on_tree_selection()
        } else {
            Vec::new()
        }
    }

    /// The tree cursor moved: list the households of a building, or clear the list.
    fn on_tree_selection(&mut self) -> Vec<Request> {
        match self.tree.selected().map(|n| n.kind) {
            Some(NodeKind::Building(b)) => {
                self.households_loading = true;
                vec![self.request(Query::Households(b))]
            }
            _ => {
                self.pending.households = 0;
                self.pending.detail = 0;
                self.households_of = None;
                self.households.clear();
                self.households_loading = false;
                self.detail = None;
                Vec::new()
            }
        }
    }

    fn households_action(&mut self, action: Action) -> Vec<Request> {
        let before = self.hh_cursor;
        let last = self.households.len().saturating_sub(1) as isize;
        let moved = |c: usize, d: isize| (c as isize + d).clamp(0, last.max(0)) as usize;
        match action {
            Action::MoveUp => self.hh_cursor = moved(self.hh_cursor, -1),
            Action::MoveDown => self.hh_cursor = moved(self.hh_cursor, 1),
            Action::PageUp => self.hh_cursor = moved(self.hh_cursor, -self.page()),
            Action::PageDown => self.hh_cursor = moved(self.hh_cursor, self.page()),
            Action::First => self.hh_cursor = 0,
            Action::Last => self.hh_cursor = last.max(0) as usize,
            Action::MoveLeft | Action::Back => self.focus = Pane::Tree,
            Action::MoveRight | Action::Open if !self.households.is_empty() => {
                self.focus = Pane::Detail;
            }
            _ => {}
        }
        if self.hh_cursor != before {
            self.request_detail()
        } else {
            Vec::new()
        }
    }

    fn request_detail(&mut self) -> Vec<Request> {
        self.detail_scroll = 0;
        match self.households.get(self.hh_cursor).map(|h| h.id) {
            Some(id) => vec![self.request(Query::Detail(id))],
            None => Vec::new(),
        }
    }

    /// An answer from the store: applied if it is the newest of its kind, dropped if stale.
    pub fn on_answer(&mut self, resp: Response) -> Vec<Request> {
        self.dirty = true;
        match resp.answer {
            Answer::Failed(msg) => {
                self.households_loading = false;
                self.status = Some(format!("{}: {msg}", self.lang.strings().error));
                Vec::new()
            }
            Answer::Overview(o) if resp.id == self.pending.overview => {
                self.loaded = true;
                self.tree = NavTree::build(&o);
                match self.tree.first_building() {
                    Some(b) => {
                        self.tree.select_node(b);
                        self.on_tree_selection()
                    }
                    None => Vec::new(),
                }
            }
            Answer::Households(b, rows) if resp.id == self.pending.households => {
                self.households_loading = false;
                self.households_of = Some(b);
                self.households = rows;
                self.hh_cursor = self
                    .select_after_load
                    .take()
                    .and_then(|h| self.households.iter().position(|r| r.id == h))
                    .unwrap_or(0);
                self.detail = None;
                self.request_detail()
            }
            Answer::Detail(d) if resp.id == self.pending.detail => {
                self.detail = Some(*d);
                Vec::new()
            }
            Answer::Found(q, hits) if resp.id == self.pending.find => self.jump_to(q, hits),
            _ => {
                self.dirty = false;
                Vec::new()
            }
        }
    }

    fn jump_to(
        &mut self,
        q: AddressQuery,
        hits: Vec<crate::store::query::AddressHit>,
    ) -> Vec<Request> {
        let Some(hit) = hits.first().cloned() else {
            let text = format_query(&q);
            self.status = Some(format!("{} {text}", self.lang.strings().not_found));
            return Vec::new();
        };
        let elsewhere = hits.iter().any(|h| h.community != hit.community);
        if elsewhere {
            self.status = Some(format!(
                "{}: {}",
                format_query(&q),
                self.lang.strings().also_elsewhere
            ));
        }
        let Some(node) = self.tree.find(NodeKind::Building(hit.building)) else {
            return Vec::new();
        };
        self.tree.select_node(node);
        self.focus = Pane::Households;
        if self.households_of == Some(hit.building) && !self.households_loading {
            if let Some(pos) = self.households.iter().position(|r| r.id == hit.household) {
                self.hh_cursor = pos;
                return self.request_detail();
            }
        }
        self.select_after_load = Some(hit.household);
        self.households_loading = true;
        vec![self.request(Query::Households(hit.building))]
    }

    /// The commands the `:` line offers for what is typed: every action a key can run here,
    /// matched on its name in either language.
    pub fn palette(&self, typed: &str) -> Vec<Action> {
        let needle = typed.trim().to_lowercase();
        Action::ALL
            .into_iter()
            .filter(|a| !matches!(a, Action::Confirm | Action::Cancel | Action::Jump))
            .filter(|a| {
                needle.is_empty()
                    || a.name().contains(&needle)
                    || Lang::Zh.action(*a).contains(&needle)
                    || Lang::En.action(*a).to_lowercase().contains(&needle)
            })
            .collect()
    }

    pub fn selected_household(&self) -> Option<&HouseholdRow> {
        self.households.get(self.hh_cursor)
    }
}

fn format_query(q: &AddressQuery) -> String {
    match (q.entrance, q.room) {
        (Some(e), Some(r)) => format!("{}-{e}-{r}", q.building),
        (Some(e), None) => format!("{}-{e}", q.building),
        _ => q.building.to_string(),
    }
}
