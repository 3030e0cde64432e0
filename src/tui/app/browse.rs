//! Browsing: the place tree, the household list, the detail pane, and jumping to an address.

use super::{App, Opening, Overlay, Pane, Screen};
use crate::model::address::AddressQuery;
use crate::model::Id;
use crate::store::query::{AddressHit, HouseholdRow, Overview};
use crate::tui::action::Action;
use crate::tui::i18n::Lang;
use crate::tui::nav::{NavTree, NodeKind};
use crate::tui::worker::{Query, Request};

impl App {
    pub(super) fn confirm_jump(&mut self) -> Vec<Request> {
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

    pub(super) fn browse(&mut self, action: Action) -> Vec<Request> {
        self.status = None;
        match (self.focus, action) {
            (_, Action::Visit) => self.start_opening(Opening::Visit),
            (_, Action::Amend) => self.start_opening(Opening::Amend),
            (_, Action::Dispute) => self.start_opening(Opening::Dispute),
            (_, Action::Sweep) => self.start_sweep(),
            (_, Action::History) => match self.selected_household().map(|h| h.id) {
                Some(h) => vec![self.request(Query::History(h))],
                None => Vec::new(),
            },
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
    pub(super) fn on_tree_selection(&mut self) -> Vec<Request> {
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
                // Into the detail: the household under the cursor now, not after a rest.
                return self.rest();
            }
            _ => {}
        }
        if self.hh_cursor != before {
            // A held key passes many households: the detail follows once the cursor rests,
            // and an answer for a household already passed is dropped.
            self.detail_scroll = 0;
            self.pending.detail = 0;
            self.detail_after_rest = true;
            self.moves += 1;
        }
        Vec::new()
    }

    /// The cursor has rested: the detail of the household under it is asked for, if a move
    /// left it behind.
    pub fn rest(&mut self) -> Vec<Request> {
        if std::mem::take(&mut self.detail_after_rest) {
            self.request_detail()
        } else {
            Vec::new()
        }
    }

    pub(super) fn request_detail(&mut self) -> Vec<Request> {
        self.detail_scroll = 0;
        self.detail_after_rest = false;
        match self.households.get(self.hh_cursor).map(|h| h.id) {
            Some(id) => vec![self.request(Query::Detail(id))],
            None => Vec::new(),
        }
    }

    pub(super) fn overview_loaded(&mut self, o: Overview) -> Vec<Request> {
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

    pub(super) fn households_loaded(
        &mut self,
        building: Id,
        rows: Vec<HouseholdRow>,
    ) -> Vec<Request> {
        self.households_loading = false;
        self.households_of = Some(building);
        let keep = self.selected_household().map(|h| h.id);
        self.households = rows;
        self.hh_cursor = self
            .select_after_load
            .take()
            .or(keep)
            .and_then(|h| self.households.iter().position(|r| r.id == h))
            .unwrap_or(0);
        self.request_detail()
    }

    pub(super) fn jump_to(&mut self, q: AddressQuery, hits: Vec<AddressHit>) -> Vec<Request> {
        let Some(hit) = hits.first().cloned() else {
            let text = format_query(&q);
            self.status = Some(format!("{} {text}", self.lang.strings().not_found));
            return Vec::new();
        };
        if hits.iter().any(|h| h.community != hit.community) {
            self.status = Some(format!(
                "{}: {}",
                format_query(&q),
                self.lang.strings().also_elsewhere
            ));
        }
        self.show_household(hit.building, hit.household)
    }

    /// Goes to the browse screen with a household selected in its building's list.
    pub(super) fn show_household(&mut self, building: Id, household: Id) -> Vec<Request> {
        self.screen = Screen::Browse;
        let Some(node) = self.tree.find(NodeKind::Building(building)) else {
            return Vec::new();
        };
        self.tree.select_node(node);
        self.focus = Pane::Households;
        if self.households_of == Some(building) && !self.households_loading {
            if let Some(pos) = self.households.iter().position(|r| r.id == household) {
                self.hh_cursor = pos;
                return self.request_detail();
            }
        }
        self.select_after_load = Some(household);
        self.households_loading = true;
        vec![self.request(Query::Households(building))]
    }

    /// After a write: the list and detail of the building on screen are read again.
    pub(super) fn refresh_building(&mut self, household: Id) -> Vec<Request> {
        match self.households_of {
            Some(b) if self.households.iter().any(|h| h.id == household) => {
                self.select_after_load = self.selected_household().map(|h| h.id);
                vec![self.request(Query::Households(b))]
            }
            _ => Vec::new(),
        }
    }
}

fn format_query(q: &AddressQuery) -> String {
    match (q.entrance, q.room) {
        (Some(e), Some(r)) => format!("{}-{e}-{r}", q.building),
        (Some(e), None) => format!("{}-{e}", q.building),
        _ => q.building.to_string(),
    }
}
