//! Changing the street's structure from the browse tree, for admins: a grid added under the
//! selected community or grid, a building to a grid, a community to the street; a community
//! or grid renamed, a building renumbered or moved to another grid of its community. The
//! store is asked first whether this user may (one sentence when not), then for the name.

use tui_input::Input;

use super::{App, Overlay};
use crate::api::structure::{
    AddBuilding, AddCommunity, AddGrid, GiveGrid, MayRestructure, MoveBuilding, RenameCommunity,
    RenameGrid, RenumberBuilding,
};
use crate::api::{Call, Op, Reply};
use crate::model::Id;
use crate::tr;
use crate::tui::action::Action;
use crate::tui::i18n::Lang;
use crate::tui::nav::NodeKind;
use crate::tui::worker::{Query, Request};

/// A change asked for on the tree, kept while the store says whether this user may make it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceEdit {
    AddCommunity {
        street: Id,
        street_name: String,
    },
    AddGrid {
        community: Id,
        parent: Option<Id>,
        /// The community or grid it goes under, as the prompt names it.
        under: String,
    },
    AddBuilding {
        grid: Id,
        grid_name: String,
    },
    RenameCommunity {
        community: Id,
        name: String,
    },
    RenameGrid {
        grid: Id,
        name: String,
    },
    Renumber {
        building: Id,
        number: u32,
    },
    /// A member of staff (by user name) to look after a grid.
    GiveGrid {
        grid: Id,
        name: String,
    },
    Move {
        building: Id,
        number: u32,
        community: Id,
        grid: Id,
    },
}

impl PlaceEdit {
    /// The community whose structure changes; None to add a community (street admins).
    fn community(&self, app: &App) -> Option<Id> {
        match self {
            PlaceEdit::AddCommunity { .. } => None,
            PlaceEdit::AddGrid { community, .. }
            | PlaceEdit::RenameCommunity { community, .. }
            | PlaceEdit::Move { community, .. } => Some(*community),
            PlaceEdit::AddBuilding { grid, .. }
            | PlaceEdit::RenameGrid { grid, .. }
            | PlaceEdit::GiveGrid { grid, .. } => app
                .places
                .grids
                .iter()
                .find(|g| g.id == *grid)
                .map(|g| g.community),
            PlaceEdit::Renumber { building, .. } => app
                .places
                .buildings
                .iter()
                .find(|b| b.id == *building)
                .map(|b| b.community),
        }
    }

    /// What the prompt on the status line asks.
    pub fn prompt(&self, lang: Lang) -> String {
        match self {
            PlaceEdit::AddCommunity { street_name, .. } => tr!(
                lang,
                "在{street_name}添加社区，名称：",
                "New community in {street_name}: "
            ),
            PlaceEdit::AddGrid { under, .. } => {
                tr!(
                    lang,
                    "在{under}下添加网格，名称：",
                    "New grid under {under}: "
                )
            }
            PlaceEdit::AddBuilding { grid_name, .. } => tr!(
                lang,
                "在{grid_name}加楼（楼号 单元数 层数，如 12 2 6）：",
                "New building in {grid_name} (number entrances floors, as 12 2 6): "
            ),
            PlaceEdit::RenameCommunity { name, .. } | PlaceEdit::RenameGrid { name, .. } => {
                tr!(lang, "{name}改名为：", "Rename {name} to: ")
            }
            PlaceEdit::Renumber { number, .. } => {
                tr!(lang, "{number} 栋改为：", "Renumber building {number} to: ")
            }
            PlaceEdit::GiveGrid { name, .. } => tr!(
                lang,
                "{name}交给哪位工作人员（用户名）：",
                "give {name} to which member of staff (user name): "
            ),
            PlaceEdit::Move { .. } => String::new(),
        }
    }
}

/// A building typed as `12`, `12 2` or `12 2 6`: number, entrances (1), floors (6).
fn building_numbers(text: &str) -> Option<(u32, u8, u8)> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let number = parts.first()?.parse().ok()?;
    let entrances = parts.get(1).map_or(Some(1), |p| p.parse().ok())?;
    let floors = parts.get(2).map_or(Some(6), |p| p.parse().ok())?;
    (parts.len() <= 3).then_some((number, entrances, floors))
}

impl App {
    /// The structure keys: what the selection means for each, then the store's permission.
    pub(super) fn structure_action(&mut self, action: Action) -> Vec<Request> {
        let l = self.lang;
        let kind = self.tree.selected().map(|n| n.kind);
        let community = self.tree.community_of_selection();
        let grid_of = |app: &App, id: Id| app.places.grids.iter().find(|g| g.id == id).cloned();
        let building_of =
            |app: &App, id: Id| app.places.buildings.iter().find(|b| b.id == id).cloned();
        let name_of = |app: &App, kind: NodeKind| {
            app.tree
                .find(kind)
                .map(|n| app.tree.nodes[n].name.clone())
                .unwrap_or_default()
        };
        let edit = match (action, kind) {
            (Action::AddCommunity, _) => {
                let street = community
                    .and_then(|c| self.places.communities.iter().find(|x| x.id == c))
                    .map(|c| c.street);
                let street = match (street, self.places.streets.as_slice()) {
                    (Some(s), _) => self.places.streets.iter().find(|x| x.id == s),
                    (None, [one]) => Some(one),
                    (None, _) => None,
                };
                match street {
                    Some(s) => PlaceEdit::AddCommunity {
                        street: s.id,
                        street_name: s.name.clone(),
                    },
                    None => {
                        self.status = Some(tr!(
                            l,
                            "还没有街道；请先在命令行用 gridbook street add 添加",
                            "there is no street yet; add one on the command line with gridbook street add"
                        ));
                        return Vec::new();
                    }
                }
            }
            (Action::AddGrid, Some(NodeKind::Community(c))) => PlaceEdit::AddGrid {
                community: c,
                parent: None,
                under: name_of(self, NodeKind::Community(c)),
            },
            (Action::AddGrid, Some(NodeKind::Grid(g))) => match grid_of(self, g) {
                Some(g) if g.level >= 4 => {
                    let sentence = format!(
                        "the grid {} is at level 4, the deepest; a grid cannot be added below it",
                        g.name
                    );
                    self.status = Some(crate::i18n::localize(&sentence, l));
                    return Vec::new();
                }
                Some(g) => PlaceEdit::AddGrid {
                    community: g.community,
                    parent: Some(g.id),
                    under: g.name,
                },
                None => return Vec::new(),
            },
            (Action::AddBuilding, Some(NodeKind::Grid(g))) => PlaceEdit::AddBuilding {
                grid: g,
                grid_name: name_of(self, NodeKind::Grid(g)),
            },
            (Action::AddBuilding, Some(NodeKind::Building(b))) => match building_of(self, b) {
                Some(b) => PlaceEdit::AddBuilding {
                    grid: b.grid,
                    grid_name: name_of(self, NodeKind::Grid(b.grid)),
                },
                None => return Vec::new(),
            },
            (Action::RenamePlace, Some(NodeKind::Community(c))) => PlaceEdit::RenameCommunity {
                community: c,
                name: name_of(self, NodeKind::Community(c)),
            },
            (Action::RenamePlace, Some(NodeKind::Grid(g))) => PlaceEdit::RenameGrid {
                grid: g,
                name: name_of(self, NodeKind::Grid(g)),
            },
            (Action::RenamePlace | Action::MoveBuilding, Some(NodeKind::Building(b))) => {
                match building_of(self, b) {
                    Some(b) if action == Action::RenamePlace => PlaceEdit::Renumber {
                        building: b.id,
                        number: b.number,
                    },
                    Some(b) => PlaceEdit::Move {
                        building: b.id,
                        number: b.number,
                        community: b.community,
                        grid: b.grid,
                    },
                    None => return Vec::new(),
                }
            }
            (Action::GiveGrid, Some(NodeKind::Grid(g))) => PlaceEdit::GiveGrid {
                grid: g,
                name: name_of(self, NodeKind::Grid(g)),
            },
            (Action::GiveGrid, _) => {
                self.status = Some(tr!(
                    l,
                    "请先选中一个网格，再把它交给一位工作人员",
                    "select a grid first, then give it to a member of staff"
                ));
                return Vec::new();
            }
            (Action::AddGrid, _) => {
                self.status = Some(tr!(
                    l,
                    "请先选中一个社区或网格，新网格加在它下面",
                    "select a community or a grid first: the new grid goes under it"
                ));
                return Vec::new();
            }
            (Action::AddBuilding, _) => {
                self.status = Some(tr!(
                    l,
                    "请先选中一个网格，新楼栋加在这个网格里",
                    "select a grid first: the new building goes in it"
                ));
                return Vec::new();
            }
            (Action::MoveBuilding, _) => {
                self.status = Some(tr!(
                    l,
                    "请先选中要移动的楼栋",
                    "select the building to move first"
                ));
                return Vec::new();
            }
            _ => return Vec::new(),
        };
        let community = edit.community(self);
        self.place_edit = Some(edit);
        vec![self.call(MayRestructure { community })]
    }

    fn call(&mut self, op: impl Op) -> Request {
        self.request(Query::Call(Box::new(op.into_call())))
    }

    /// Whether a reply is to one of the calls asked here.
    pub(super) fn is_structure_reply(reply: &Reply) -> bool {
        matches!(
            reply,
            Reply::MayRestructure(_)
                | Reply::AddCommunity(_)
                | Reply::RenameCommunity(_)
                | Reply::AddGrid(_)
                | Reply::RenameGrid(_)
                | Reply::AddBuilding(_)
                | Reply::RenumberBuilding(_)
                | Reply::MoveBuilding(_)
                | Reply::GiveGrid(_)
        )
    }

    /// The store's answer: the prompt or the choice of grid once allowed; after a change, what
    /// changed, and the tree read again with the changed place selected.
    pub(super) fn structure_replied(&mut self, reply: Reply) -> Vec<Request> {
        let l = self.lang;
        let households = |n: usize| match l {
            Lang::Zh => format!("{n} 户"),
            Lang::En => crate::i18n::count(n, "household", "households"),
        };
        let (sentence, select) = match reply {
            Reply::MayRestructure(_) => return self.open_place_edit(),
            Reply::AddCommunity(c) => {
                let name = &c.name;
                (
                    tr!(l, "已添加{name}", "added {name}"),
                    NodeKind::Community(c.id),
                )
            }
            Reply::RenameCommunity(c) => {
                let name = &c.name;
                (
                    tr!(l, "已改名为{name}", "renamed to {name}"),
                    NodeKind::Community(c.id),
                )
            }
            Reply::AddGrid(g) => {
                let (name, level) = (&g.name, g.level);
                (
                    tr!(
                        l,
                        "已添加{level}级网格{name}",
                        "added {name}, a level-{level} grid"
                    ),
                    NodeKind::Grid(g.id),
                )
            }
            Reply::RenameGrid(g) => {
                let name = &g.name;
                (
                    tr!(l, "已改名为{name}", "renamed to {name}"),
                    NodeKind::Grid(g.id),
                )
            }
            Reply::AddBuilding(b) => {
                let n = b.number;
                (
                    tr!(l, "已添加 {n} 栋", "added building {n}"),
                    NodeKind::Building(b.id),
                )
            }
            Reply::RenumberBuilding(c) => {
                let (n, k) = (c.building.number, households(c.households.len()));
                let sentence = match c.households.len() {
                    0 => tr!(l, "已改为 {n} 栋", "now building {n}"),
                    _ => tr!(
                        l,
                        "已改为 {n} 栋，{k}的地址随之更改",
                        "now building {n}; the addresses of {k} changed with it"
                    ),
                };
                (sentence, NodeKind::Building(c.building.id))
            }
            Reply::MoveBuilding(c) => {
                let (n, k) = (c.building.number, households(c.households.len()));
                let to = self
                    .places
                    .grids
                    .iter()
                    .find(|g| g.id == c.building.grid)
                    .map(|g| g.name.clone())
                    .unwrap_or_default();
                let sentence = match c.households.len() {
                    0 => tr!(l, "{n} 栋已移到{to}", "building {n} moved to {to}"),
                    _ => tr!(
                        l,
                        "{n} 栋已移到{to}，{k}随之移入",
                        "building {n} moved to {to} with its {k}"
                    ),
                };
                (sentence, NodeKind::Building(c.building.id))
            }
            Reply::GiveGrid(staff) => {
                let who = if staff.display_name.is_empty() {
                    staff.user.clone()
                } else {
                    format!("{}（{}）", staff.display_name, staff.user)
                };
                let n = staff.grids.len();
                let sentence = match l {
                    Lang::Zh => format!("已交给{who}，她现在负责 {n} 个网格"),
                    Lang::En => format!(
                        "given to {who}, who now looks after {}",
                        crate::i18n::count(n, "grid", "grids")
                    ),
                };
                let Some(grid) = self.tree.selected().map(|n| n.kind) else {
                    return Vec::new();
                };
                (sentence, grid)
            }
            _ => return Vec::new(),
        };
        self.status = Some(sentence);
        self.reselect = Some(select);
        vec![self.request(Query::Overview)]
    }

    /// Allowed: the prompt (a rename starts from the name it has), or the grids to move to.
    fn open_place_edit(&mut self) -> Vec<Request> {
        let Some(edit) = self.place_edit.take() else {
            return Vec::new();
        };
        if let PlaceEdit::Move {
            building,
            number,
            community,
            grid,
        } = edit
        {
            let grids = self.grids_of(community, grid);
            if grids.is_empty() {
                self.status = Some(tr!(
                    self.lang,
                    "本社区没有别的网格可移入；请先添加一个",
                    "the community has no other grid to move to; add one first"
                ));
                return Vec::new();
            }
            self.overlay = Overlay::MoveTo {
                building,
                number,
                grids,
                selected: 0,
            };
            return Vec::new();
        }
        let value = match &edit {
            PlaceEdit::RenameCommunity { name, .. } | PlaceEdit::RenameGrid { name, .. } => {
                name.clone()
            }
            PlaceEdit::Renumber { number, .. } => number.to_string(),
            _ => String::new(),
        };
        self.overlay = Overlay::Place {
            edit,
            input: Input::new(value),
        };
        Vec::new()
    }

    /// The grids of a community but `except`, in tree order, indented by level.
    fn grids_of(&self, community: Id, except: Id) -> Vec<(Id, String)> {
        let mut out = Vec::new();
        let Some(root) = self.tree.find(NodeKind::Community(community)) else {
            return out;
        };
        let mut stack: Vec<usize> = self.tree.nodes[root]
            .children
            .iter()
            .rev()
            .copied()
            .collect();
        while let Some(i) = stack.pop() {
            let node = &self.tree.nodes[i];
            if let NodeKind::Grid(g) = node.kind {
                if g != except {
                    let indent = "  ".repeat(node.depth.saturating_sub(1) as usize);
                    out.push((g, format!("{indent}{}", node.name)));
                }
                stack.extend(node.children.iter().rev());
            }
        }
        out
    }

    /// Enter on the prompt: the change asked of the store.
    pub(super) fn confirm_place(&mut self) -> Vec<Request> {
        let Overlay::Place { edit, input } = std::mem::replace(&mut self.overlay, Overlay::None)
        else {
            return Vec::new();
        };
        let text = input.value().trim().to_string();
        let l = self.lang;
        let number = |text: &str| -> Option<u32> { text.parse().ok() };
        let call: Call = match edit {
            PlaceEdit::AddCommunity { street, .. } => {
                AddCommunity { street, name: text }.into_call()
            }
            PlaceEdit::AddGrid {
                community, parent, ..
            } => AddGrid {
                community,
                parent,
                name: text,
            }
            .into_call(),
            PlaceEdit::AddBuilding { grid, .. } => match building_numbers(&text) {
                Some((number, entrances, floors)) => AddBuilding {
                    grid,
                    number,
                    entrances,
                    floors,
                }
                .into_call(),
                None => {
                    let text = crate::model::shown::quote(&text);
                    self.status = Some(tr!(
                        l,
                        "“{text}”不是楼号；请写数字，可再写单元数和层数，如 12 2 6",
                        "“{text}” is not a building number; type a number, then entrances and floors if you like, as 12 2 6"
                    ));
                    return Vec::new();
                }
            },
            PlaceEdit::RenameCommunity { community, .. } => RenameCommunity {
                community,
                name: text,
            }
            .into_call(),
            PlaceEdit::RenameGrid { grid, .. } => RenameGrid { grid, name: text }.into_call(),
            PlaceEdit::Renumber { building, .. } => match number(&text) {
                Some(number) => RenumberBuilding { building, number }.into_call(),
                None => {
                    let text = crate::model::shown::quote(&text);
                    self.status = Some(tr!(
                        l,
                        "“{text}”不是楼号；请写数字，如 12",
                        "“{text}” is not a building number; type a number, such as 12"
                    ));
                    return Vec::new();
                }
            },
            PlaceEdit::GiveGrid { grid, .. } => GiveGrid { user: text, grid }.into_call(),
            PlaceEdit::Move { .. } => return Vec::new(),
        };
        vec![self.request(Query::Call(Box::new(call)))]
    }

    /// Keys in the choice of grid a building moves to.
    pub(super) fn move_to_action(&mut self, action: Action) -> Vec<Request> {
        let Overlay::MoveTo {
            building,
            grids,
            selected,
            ..
        } = &mut self.overlay
        else {
            return Vec::new();
        };
        let last = grids.len().saturating_sub(1);
        match action {
            Action::MoveUp => *selected = selected.saturating_sub(1),
            Action::MoveDown => *selected = (*selected + 1).min(last),
            Action::PageUp | Action::First => *selected = 0,
            Action::PageDown | Action::Last => *selected = last,
            Action::Cancel => self.overlay = Overlay::None,
            Action::Confirm | Action::Open => {
                let op = grids.get(*selected).map(|(grid, _)| MoveBuilding {
                    building: *building,
                    grid: *grid,
                });
                self.overlay = Overlay::None;
                if let Some(op) = op {
                    return vec![self.call(op)];
                }
            }
            _ => {}
        }
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::building_numbers;

    #[test]
    fn a_building_is_typed_as_its_number_then_entrances_and_floors() {
        assert_eq!(building_numbers("12"), Some((12, 1, 6)));
        assert_eq!(building_numbers(" 12  2 "), Some((12, 2, 6)));
        assert_eq!(building_numbers("12 2 9"), Some((12, 2, 9)));
        assert_eq!(building_numbers("12栋"), None);
        assert_eq!(building_numbers("12 2 9 1"), None);
        assert_eq!(building_numbers(""), None);
    }
}
