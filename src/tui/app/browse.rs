//! Browsing: the place tree, the household list, the detail pane, and jumping to an address.

use super::{App, Opening, Overlay, Pane, Screen};
use crate::model::address::{split_community, AddressQuery};
use crate::model::place::community_named;
use crate::model::Id;
use crate::store::query::{AddressHit, HouseholdRow, Overview};
use crate::tr;
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
        let (named, address) = split_community(&text);
        let command = self.palette(&text).get(selected).copied();
        if let Ok(q) = AddressQuery::parse(&address) {
            let within = match named {
                None => Ok(None),
                Some(name) => {
                    let communities = self.tree.communities();
                    community_named(&communities, |c| c.1, &name)
                        .map(|c| Some(c.0))
                        .map_err(|several| self.no_community(&name, &several))
                }
            };
            match (within, command) {
                (Ok(within), _) => {
                    self.jump_within = within;
                    let community = within.or_else(|| self.tree.community_of_selection());
                    return vec![self.request(Query::FindAddress(q, community))];
                }
                (Err(_), Some(action)) => return self.apply(action),
                (Err(sentence), None) => {
                    self.status = Some(sentence);
                    return Vec::new();
                }
            }
        }
        if let Some(action) = command {
            return self.apply(action);
        }
        let text = crate::model::shown::quote(&text);
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
            (
                _,
                Action::AddCommunity
                | Action::AddGrid
                | Action::AddBuilding
                | Action::RenamePlace
                | Action::MoveBuilding
                | Action::GiveGrid,
            ) => self.structure_action(action),
            (_, Action::MakeCaptain) => self.start_make_captain(),
            (
                _,
                Action::EditHousehold
                | Action::AddResident
                | Action::EditResident
                | Action::MakeHead
                | Action::ResidentLeaves
                | Action::MoveResident
                | Action::AddHousehold,
            ) => self.roster_action(action),
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
                    // ↑/↓ select a resident (the pane scrolls to show them); paging scrolls.
                    Action::MoveUp => self.move_resident_cursor(-1),
                    Action::MoveDown => self.move_resident_cursor(1),
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
        self.places = o;
        if self.sent_down() {
            // Someone sent down reads no household outside the campaign screen.
            return Vec::new();
        }
        // After a change to the tree: the place changed, else where the cursor was.
        if let Some(node) = self.reselect.take().and_then(|k| self.tree.find(k)) {
            self.tree.select_node(node);
            return self.on_tree_selection();
        }
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

    /// Why a community name typed before an address names none, or several.
    pub(super) fn no_community(&self, name: &str, several: &[&(Id, &str)]) -> String {
        let names: Vec<String> = several.iter().map(|c| c.1.to_string()).collect();
        let names = self.lang.listing(&names);
        let name = crate::model::shown::quote(name);
        if several.is_empty() {
            tr!(
                self.lang,
                "没有叫{name}的社区；请核对社区名",
                "there is no community called {name}; check its name"
            )
        } else {
            tr!(
                self.lang,
                "{names}都以“{name}”开头；请把社区名写完整些",
                "{names} all begin with “{name}”; write more of the community's name"
            )
        }
    }

    /// The households found at a typed address: the one there is, or a choice of community
    /// when the address is in several (the community of the selection first).
    pub(super) fn jump_to(&mut self, q: AddressQuery, hits: Vec<AddressHit>) -> Vec<Request> {
        let within = self.jump_within.take();
        let mut places: Vec<AddressHit> = Vec::new();
        for h in hits {
            let wanted = within.is_none_or(|c| c == h.community);
            if wanted && !places.iter().any(|p| p.community == h.community) {
                places.push(h);
            }
        }
        match places.as_slice() {
            [] => {
                let text = q.to_string();
                let place = within
                    .and_then(|c| self.tree.find(NodeKind::Community(c)))
                    .map(|n| format!("{} ", self.tree.nodes[n].name))
                    .unwrap_or_default();
                self.status = Some(format!("{} {place}{text}", self.lang.strings().not_found));
                Vec::new()
            }
            [hit] => self.show_household(hit.building, hit.household),
            _ => {
                self.overlay = Overlay::Places {
                    query: q,
                    hits: places,
                    selected: 0,
                };
                Vec::new()
            }
        }
    }

    /// Keys in the choice of community for an address in several.
    pub(super) fn places_action(&mut self, action: Action) -> Vec<Request> {
        let Overlay::Places { hits, selected, .. } = &mut self.overlay else {
            return Vec::new();
        };
        match action {
            Action::MoveUp => *selected = selected.saturating_sub(1),
            Action::MoveDown => *selected = (*selected + 1).min(hits.len().saturating_sub(1)),
            Action::First => *selected = 0,
            Action::Last => *selected = hits.len().saturating_sub(1),
            Action::Cancel => self.overlay = Overlay::None,
            Action::Confirm | Action::Open => {
                let hit = hits.get(*selected).cloned();
                self.overlay = Overlay::None;
                if let Some(hit) = hit {
                    return self.show_household(hit.building, hit.household);
                }
            }
            _ => {}
        }
        Vec::new()
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
